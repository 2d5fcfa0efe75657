#define _POSIX_C_SOURCE 200809L /* mkdtemp, clock_gettime, opendir */
/*
 * test_bad_input.c — the public C API as a C99 caller sees it, fed bad input.
 *
 * Every bad input must get its named status (ofdm.h, "Status and errors"), a message from
 * ofdm_last_error() that names the offending argument, row, column, edge or byte offset, and no
 * write through out-pointers: handle out-pointers are set to NULL before each call and must still
 * be NULL afterwards; caller arrays are filled with a sentinel and must keep it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ofdm.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* splitmix64 + Box–Muller: reproducible data without files. */
static uint64_t rng_state;
static double uniform01(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0; /* in (0, 1) */
}
static double normal01(void) { return sqrt(-2.0 * log(uniform01())) * cos(6.283185307179586 * uniform01()); }

/* n × d standard normal samples, row-major, ld = d; the caller frees. */
static double *gaussian_data(int64_t n, int64_t d, uint64_t seed) {
    double *x = malloc((size_t)(n * d) * sizeof *x);
    assert_non_null(x);
    rng_state = seed;
    for (int64_t i = 0; i < n * d; ++i) x[i] = normal01();
    return x;
}

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* True when word occurs in text as a whole token: "n" matches "n = -1" but not "ldx" or "dim". */
static int mentions(const char *text, const char *word) {
    const size_t len = strlen(word);
    const char *p;
    for (p = strstr(text, word); p; p = strstr(p + 1, word)) {
        const int starts = p == text || !word_char(p[-1]) || !word_char(word[0]);
        const int ends = !word_char(p[len]) || !word_char(word[len - 1]);
        if (starts && ends) return 1;
    }
    return 0;
}

/* Asserts the status, that the message comes from an ofdm_ function ("ofdm_fit: ...") and that
 * it names `word` (skipped when word is NULL). Reports at the caller's line. */
#define EXPECT_FAILURE(call, status, word) check_failure((call), (status), (word), #call, __FILE__, __LINE__)
static void check_failure(ofdm_status got, ofdm_status want, const char *word, const char *call,
                          const char *file, int line) {
    const char *message = ofdm_last_error();
    if (got != want) {
        print_error("%s\n    returned %d (%s), expected %d (%s)\n    last error: %s\n", call, (int)got,
                    ofdm_status_string(got), (int)want, ofdm_status_string(want), message);
        _fail(file, line);
    }
    if (strncmp(message, "ofdm_", 5) != 0 || (word && !mentions(message, word))) {
        print_error("%s\n    message \"%s\" does not name \"%s\"\n", call, message, word ? word : "ofdm_*");
        _fail(file, line);
    }
}

#define SENTINEL 12345.0
static void fill(double *a, size_t n) { size_t i; for (i = 0; i < n; ++i) a[i] = SENTINEL; }
static int untouched(const double *a, size_t n) {
    size_t i;
    for (i = 0; i < n; ++i)
        if (a[i] != SENTINEL) return 0;
    return 1;
}

static double seconds_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A small valid model: d = 2, total degree 2 (K = 5), 200 Gaussian samples. */
static ofdm_model *small_model(int32_t coordinates, double beta) {
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    double *x = gaussian_data(200, 2, 7);
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.coordinates = coordinates;
    options.beta = beta;
    assert_int_equal(ofdm_fit(basis, x, 200, 2, &options, &model), OFDM_OK);
    ofdm_basis_free(basis);
    free(x);
    return model;
}

/* The serialized bytes of small_model(); the caller frees. */
static unsigned char *serialized_model(size_t *size) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    unsigned char *bytes;
    size_t written = 0;
    assert_int_equal(ofdm_model_serialized_size(model, size), OFDM_OK);
    bytes = malloc(*size + 16); /* room for the trailing-bytes test */
    assert_non_null(bytes);
    assert_int_equal(ofdm_model_save_buffer(model, bytes, *size, &written), OFDM_OK);
    assert_int_equal(written, *size);
    ofdm_model_free(model);
    return bytes;
}

/* A fresh directory under $TMPDIR (or /tmp); remove_dir deletes it and one level of content. */
static void make_temp_dir(char *dir, size_t size) {
    const char *base = getenv("TMPDIR");
    snprintf(dir, size, "%s/ofdm_capi_XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(dir));
}
static void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0) rmdir(path);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
}
static int count_entries(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}
static void write_file(const char *path, const void *bytes, size_t size) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* ---- NULL pointers ------------------------------------------------------------------------ */

static void test_basis_functions_refuse_null_pointers(void **state) {
    const int64_t edge[2] = {0, 1};
    const int32_t index[2] = {1, 0};
    int32_t out[4] = {7, 7, 7, 7};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, 2, 0, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 2, edge, 1, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 2, NULL, 1, &basis), OFDM_ERR_NULL_ARGUMENT, "edges");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, index, 1, 2, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, NULL, 1, 2, &basis), OFDM_ERR_NULL_ARGUMENT, "indices");
    assert_null(basis);
    EXPECT_FAILURE(ofdm_basis_indices(NULL, out, 2), OFDM_ERR_NULL_ARGUMENT, "basis");
    assert_int_equal(ofdm_basis_create_graph(2, 1, NULL, 0, &basis), OFDM_OK); /* NULL edges, 0 edges: fine */
    EXPECT_FAILURE(ofdm_basis_indices(basis, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_indices(basis, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldout");
    assert_true(out[0] == 7 && out[1] == 7 && out[2] == 7 && out[3] == 7);
    ofdm_basis_free(basis);
}

static void test_fit_refuses_null_pointers(void **state) {
    double x[8] = {0, 1, 1, 0, 2, 3, -1, 2};
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 1, 0, &basis), OFDM_OK);
    EXPECT_FAILURE(ofdm_fit(NULL, x, 4, 2, NULL, &model), OFDM_ERR_NULL_ARGUMENT, "basis");
    EXPECT_FAILURE(ofdm_fit(basis, NULL, 4, 2, NULL, &model), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_fit(basis, x, 4, 2, NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    assert_null(model);
    assert_int_equal(ofdm_fit(basis, x, 4, 2, NULL, &model), OFDM_OK); /* NULL options: the defaults */
    ofdm_model_free(model);
    ofdm_basis_free(basis);
}

static void test_model_functions_refuse_null_pointers(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0), *loaded = NULL;
    double x[4] = {0.1, 0.2, 0.3, 0.4}, out[8];
    unsigned char buffer[16] = {0};
    size_t size = 99, written = 99;
    (void)state;
    fill(out, 8);
    EXPECT_FAILURE(ofdm_model_score(NULL, 0.5, x, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, NULL, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 2, 2, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_log_density(NULL, 0.5, x, 2, 2, out), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_log_density(model, 0.5, NULL, 2, 2, out), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_log_density(model, 0.5, x, 2, 2, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_coefficients(NULL, 0.5, out), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_coefficients(model, 0.5, NULL), OFDM_ERR_NULL_ARGUMENT, "alpha");
    EXPECT_FAILURE(ofdm_model_to_latent(NULL, x, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_to_latent(model, NULL, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_to_latent(model, x, 2, 2, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "z");
    EXPECT_FAILURE(ofdm_model_from_latent(NULL, x, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_from_latent(model, NULL, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "z");
    EXPECT_FAILURE(ofdm_model_from_latent(model, x, 2, 2, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_options(NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_options(model, NULL), OFDM_ERR_NULL_ARGUMENT, "options");
    assert_true(untouched(out, 8));
    EXPECT_FAILURE(ofdm_model_save(NULL, "unused.ofdm"), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_save(model, NULL), OFDM_ERR_NULL_ARGUMENT, "path");
    EXPECT_FAILURE(ofdm_model_load(NULL, &loaded), OFDM_ERR_NULL_ARGUMENT, "path");
    EXPECT_FAILURE(ofdm_model_load("unused.ofdm", NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_serialized_size(NULL, &size), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_serialized_size(model, NULL), OFDM_ERR_NULL_ARGUMENT, "size");
    EXPECT_FAILURE(ofdm_model_save_buffer(NULL, buffer, 16, &written), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_save_buffer(model, NULL, 16, &written), OFDM_ERR_NULL_ARGUMENT, "buffer");
    EXPECT_FAILURE(ofdm_model_load_buffer(NULL, 16, &loaded), OFDM_ERR_NULL_ARGUMENT, "buffer");
    EXPECT_FAILURE(ofdm_model_load_buffer(buffer, 16, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    assert_null(loaded);
    assert_int_equal(size, 99);
    assert_int_equal(written, 99);
    ofdm_model_free(model);
}

static void test_free_functions_and_accessors_accept_null(void **state) {
    (void)state;
    ofdm_basis_free(NULL);
    ofdm_model_free(NULL);
    ofdm_fit_options_init(NULL);
    assert_int_equal(ofdm_basis_size(NULL), 0);
    assert_int_equal(ofdm_basis_dim(NULL), 0);
    assert_int_equal(ofdm_basis_max_degree(NULL), 0);
    assert_null(ofdm_model_basis(NULL));
    assert_int_equal(ofdm_model_dim(NULL), 0);
    assert_true(ofdm_model_beta(NULL) == 0.0);
    assert_int_equal(ofdm_model_training_size(NULL), 0);
}

/* ---- ofdm_fit -------------------------------------------------------------------------------- */

static void test_fit_names_row_and_column_of_nonfinite_input(void **state) {
    double *x = gaussian_data(20, 3, 11); /* read with d = 2, ldx = 3: column 2 is padding */
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    x[12 * 3 + 2] = NAN; /* padding beyond d is never read */
    assert_int_equal(ofdm_fit(basis, x, 20, 3, NULL, &model), OFDM_OK);
    ofdm_model_free(model);
    model = NULL;
    x[12 * 3 + 1] = NAN;
    EXPECT_FAILURE(ofdm_fit(basis, x, 20, 3, NULL, &model), OFDM_ERR_NONFINITE_INPUT, "row 12");
    assert_true(mentions(ofdm_last_error(), "column 1"));
    x[12 * 3 + 1] = INFINITY;
    EXPECT_FAILURE(ofdm_fit(basis, x, 20, 3, NULL, &model), OFDM_ERR_NONFINITE_INPUT, "row 12");
    assert_true(mentions(ofdm_last_error(), "column 1"));
    x[0] = -INFINITY; /* the first non-finite value is the one reported */
    EXPECT_FAILURE(ofdm_fit(basis, x, 20, 3, NULL, &model), OFDM_ERR_NONFINITE_INPUT, "row 0");
    assert_true(mentions(ofdm_last_error(), "column 0"));
    assert_null(model);
    ofdm_basis_free(basis);
    free(x);
}

static void test_fit_refuses_too_few_samples(void **state) {
    double *x = gaussian_data(4, 2, 12);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 3, 0, &basis), OFDM_OK); /* K = 9 */
    ofdm_fit_options_init(&options);
    EXPECT_FAILURE(ofdm_fit(basis, NULL, 0, 2, &options, &model), OFDM_ERR_TOO_FEW_SAMPLES, "n");
    EXPECT_FAILURE(ofdm_fit(basis, x, 1, 2, &options, &model), OFDM_ERR_TOO_FEW_SAMPLES, "n");
    options.coordinates = OFDM_COORDINATES_NONE; /* n·d = 8 < K = 9, no ridge */
    EXPECT_FAILURE(ofdm_fit(basis, x, 4, 2, &options, &model), OFDM_ERR_TOO_FEW_SAMPLES, "K");
    assert_null(model);
    options.ridge = 1e-6; /* the count rule holds only without a ridge */
    assert_int_equal(ofdm_fit(basis, x, 4, 2, &options, &model), OFDM_OK);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

static void test_fit_refuses_bad_sizes_and_options(void **state) {
    double *x = gaussian_data(50, 2, 13);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options o;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    EXPECT_FAILURE(ofdm_fit(basis, x, 50, 1, NULL, &model), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    EXPECT_FAILURE(ofdm_fit(basis, x, -1, 2, NULL, &model), OFDM_ERR_INVALID_ARGUMENT, "n");
#define BAD_OPTION(field, value, word)                                                           \
    ofdm_fit_options_init(&o);                                                                   \
    o.field = value;                                                                             \
    EXPECT_FAILURE(ofdm_fit(basis, x, 50, 2, &o, &model), OFDM_ERR_INVALID_ARGUMENT, word)
    BAD_OPTION(struct_size, 0, "struct_size");
    BAD_OPTION(struct_size, sizeof o + 8, "struct_size");
    BAD_OPTION(beta, 0.0, "beta");
    BAD_OPTION(beta, -1.0, "beta");
    BAD_OPTION(beta, NAN, "beta");
    BAD_OPTION(beta, INFINITY, "beta");
    BAD_OPTION(ridge, -1e-8, "ridge");
    BAD_OPTION(ridge, NAN, "ridge");
    BAD_OPTION(ridge, INFINITY, "ridge");
    BAD_OPTION(coordinates, 2, "coordinates");
    BAD_OPTION(coordinates, -1, "coordinates");
    BAD_OPTION(time_mode, 2, "time_mode");
#undef BAD_OPTION
    assert_null(model);
    ofdm_basis_free(basis);
    free(x);
}

static void test_fit_names_a_constant_column_under_standardization(void **state) {
    double *x = gaussian_data(30, 3, 14);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    int64_t i;
    (void)state;
    for (i = 0; i < 30; ++i) x[i * 3 + 1] = 2.5;
    assert_int_equal(ofdm_basis_create_total_degree(3, 1, 0, &basis), OFDM_OK);
    EXPECT_FAILURE(ofdm_fit(basis, x, 30, 3, NULL, &model), OFDM_ERR_INVALID_ARGUMENT, "column 1");
    assert_null(model);
    ofdm_basis_free(basis);
    free(x);
}

/* Six samples at only two distinct points (z = ±1 after standardization): G(0) is a Gram matrix
 * of K = 4 gradient columns evaluated at 2 points, so its rank is <= 2 although n·d = 6 >= K
 * passes the sample-count rule. Verified: the third pivot is ψ₂(±1)² = 0 up to rounding, and the
 * library's rounding makes it non-positive deterministically (only basic IEEE operations). */
static void test_fit_reports_singular_system_and_suggests_ridge(void **state) {
    const double x[6] = {0, 0, 1, 1, 0, 1};
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(1, 4, 0, &basis), OFDM_OK);
    EXPECT_FAILURE(ofdm_fit(basis, x, 6, 1, NULL, &model), OFDM_ERR_SINGULAR, "ridge");
    assert_null(model);
    ofdm_fit_options_init(&options);
    options.ridge = 1e-8;
    assert_int_equal(ofdm_fit(basis, x, 6, 1, &options, &model), OFDM_OK);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
}

/* Finite data whose Hermite moments overflow a double: with z = x = ±1e200 (coordinates NONE)
 * ψ₂(z) ≈ 7e399, and β = 1e200 scales standardized data by sqrt(β) before ψ. Found while
 * writing this suite (the library then returned OFDM_OK with infinite coefficients, or
 * OFDM_ERR_INTERNAL "dpotrf rejected argument 4"); the header now documents OFDM_ERR_OVERFLOW,
 * whose message points at the degree. The model is freed before asserting. */
static void fit_expect_overflow(const double *x, int64_t n, int64_t d, int32_t degree, int32_t coordinates,
                                double beta, int line) {
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    ofdm_status status;
    int wrote;
    assert_int_equal(ofdm_basis_create_total_degree(d, degree, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.coordinates = coordinates;
    options.beta = beta;
    status = ofdm_fit(basis, x, n, d, &options, &model);
    wrote = model != NULL;
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    check_failure(status, OFDM_ERR_OVERFLOW, "degree", "ofdm_fit", __FILE__, line);
    assert_false(wrote);
}
static void test_fit_refuses_data_whose_moments_overflow(void **state) {
    const double huge[3] = {1e200, -1e200, 3e200};
    double *x = gaussian_data(20, 2, 16);
    (void)state;
    fit_expect_overflow(huge, 3, 1, 2, OFDM_COORDINATES_NONE, 1.0, __LINE__);
    fit_expect_overflow(huge, 3, 1, 3, OFDM_COORDINATES_NONE, 1.0, __LINE__);
    fit_expect_overflow(x, 20, 2, 2, OFDM_COORDINATES_STANDARDIZE, 1e200, __LINE__);
    fit_expect_overflow(x, 20, 2, 3, OFDM_COORDINATES_STANDARDIZE, 1e200, __LINE__);
    free(x);
}

/* ---- bases ----------------------------------------------------------------------------------- */

static void test_degrees_are_checked_for_every_basis_kind(void **state) {
    const int64_t edge[2] = {0, 1};
    const int32_t too_high[2] = {OFDM_MAX_DEGREE + 1, 0};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, OFDM_MAX_DEGREE + 1, 0, &basis), OFDM_ERR_DEGREE_TOO_LARGE,
                   "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, OFDM_MAX_DEGREE + 1, edge, 1, &basis), OFDM_ERR_DEGREE_TOO_LARGE,
                   "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, too_high, 1, 2, &basis), OFDM_ERR_DEGREE_TOO_LARGE,
                   "indices[0][0]");
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, 0, 0, &basis), OFDM_ERR_INVALID_ARGUMENT, "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 0, edge, 1, &basis), OFDM_ERR_INVALID_ARGUMENT, "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_total_degree(0, 2, 0, &basis), OFDM_ERR_INVALID_ARGUMENT, "dim");
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, 2, -1, &basis), OFDM_ERR_INVALID_ARGUMENT, "max_interaction");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 2, edge, -1, &basis), OFDM_ERR_INVALID_ARGUMENT, "n_edges");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, too_high, 0, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "count");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, too_high, 1, 1, &basis), OFDM_ERR_INVALID_ARGUMENT, "ld");
    assert_null(basis);
    assert_int_equal(ofdm_basis_create_total_degree(1, OFDM_MAX_DEGREE, 0, &basis), OFDM_OK); /* the limit itself */
    assert_int_equal(ofdm_basis_max_degree(basis), OFDM_MAX_DEGREE);
    ofdm_basis_free(basis);
}

static void test_graph_basis_names_the_bad_edge(void **state) {
    const int64_t out_of_range[6] = {0, 1, 1, 2, 2, 4}, self_loop[4] = {0, 1, 3, 3}, negative[2] = {-1, 0};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_graph(4, 2, out_of_range, 3, &basis), OFDM_ERR_INVALID_ARGUMENT, "edge 2");
    EXPECT_FAILURE(ofdm_basis_create_graph(4, 2, self_loop, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "edge 1");
    EXPECT_FAILURE(ofdm_basis_create_graph(4, 2, negative, 1, &basis), OFDM_ERR_INVALID_ARGUMENT, "edge 0");
    assert_null(basis);
}

/* The negative-entry message names the element as "indices[1][0]" (row 1, column 0) rather than
 * with the word "row" used by the zero and repeated-row messages. */
static void test_index_basis_names_the_bad_row(void **state) {
    const int32_t zero[4] = {1, 0, 0, 0}, repeated[6] = {1, 0, 0, 1, 1, 0}, negative[4] = {1, 0, -1, 2};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, zero, 2, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "row 1");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, repeated, 3, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "row 2");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, negative, 2, 2, &basis), OFDM_ERR_INVALID_ARGUMENT,
                   "indices[1][0]");
    assert_null(basis);
}

/* Σ_s C(10⁵, s)·C(10, s) ≈ 3·10⁴³ functions: must be refused from the count alone. One second is
 * orders of magnitude above the arithmetic it needs (even under valgrind) and far below any
 * attempt to enumerate or allocate. */
static void test_huge_basis_is_refused_before_allocating(void **state) {
    ofdm_basis *basis = NULL;
    double start = seconds_now();
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(100000, 10, 0, &basis), OFDM_ERR_TOO_LARGE, NULL);
    EXPECT_FAILURE(ofdm_basis_create_total_degree(1000000, 3, 0, &basis), OFDM_ERR_TOO_LARGE, NULL); /* ~1.7e17 */
    EXPECT_FAILURE(ofdm_basis_create_graph(INT64_C(1) << 40, 1, NULL, 0, &basis), OFDM_ERR_TOO_LARGE, "dim");
    assert_true(seconds_now() - start < 1.0);
    assert_null(basis);
}

/* Bases that build fine but whose K × K Galerkin matrices exceed 2^31 entries (BLAS/LAPACK use
 * 32-bit indices) or physical memory: ofdm_fit refuses them after its checks on x and before the
 * moments, with tiny data. The timing bound is as above. */
static void fit_expect_too_large(ofdm_basis *basis, int64_t n, const char *word) {
    const int64_t d = ofdm_basis_dim(basis);
    double *x = gaussian_data(n, d, 15);
    ofdm_model *model = NULL;
    double start = seconds_now();
    EXPECT_FAILURE(ofdm_fit(basis, x, n, d, NULL, &model), OFDM_ERR_TOO_LARGE, word);
    assert_true(seconds_now() - start < 1.0);
    assert_null(model);
    free(x);
    ofdm_basis_free(basis);
}
static void test_fit_refuses_galerkin_systems_too_large(void **state) {
    ofdm_basis *basis = NULL;
    (void)state;
    /* K = 100000: K² = 10¹⁰ > 2^31 − 1; n·d = 2·10⁵ >= K. */
    assert_int_equal(ofdm_basis_create_total_degree(100000, 1, 0, &basis), OFDM_OK);
    fit_expect_too_large(basis, 2, "100000");
    /* K = 46341, the smallest K with K² > 2^31 − 1. */
    assert_int_equal(ofdm_basis_create_graph(46341, 1, NULL, 0, &basis), OFDM_OK);
    fit_expect_too_large(basis, 2, "46341");
    /* K = 724·64 = 46336 (K² < 2^31) but 2p = 128 matrices of K² doubles ≈ 2.2 TB, beyond the
     * physical memory of any machine this runs on; n = 64 gives n·d = K. */
    assert_int_equal(ofdm_basis_create_graph(724, 64, NULL, 0, &basis), OFDM_OK);
    fit_expect_too_large(basis, 64, "MiB");
}

/* ---- scoring ---------------------------------------------------------------------------------- */

static void test_model_functions_refuse_bad_times_sizes_and_points(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    double x[6] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, out[6];
    (void)state;
    fill(out, 6);
    EXPECT_FAILURE(ofdm_model_score(model, -1.0, x, 3, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_score(model, NAN, x, 3, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_score(model, -INFINITY, x, 3, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_log_density(model, -1e-300, x, 3, 2, out), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_coefficients(model, NAN, out), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 3, 2, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldout");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 3, 1, out, 2), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, -1, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "n");
    EXPECT_FAILURE(ofdm_model_to_latent(model, x, 3, 2, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldz");
    EXPECT_FAILURE(ofdm_model_from_latent(model, x, 3, 2, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    {
        ofdm_fit_options options;
        ofdm_fit_options_init(&options);
        options.struct_size = sizeof options - 1;
        options.beta = SENTINEL;
        EXPECT_FAILURE(ofdm_model_options(model, &options), OFDM_ERR_INVALID_ARGUMENT, "struct_size");
        assert_true(options.beta == SENTINEL);
    }
    x[2 * 2 + 1] = NAN;
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 3, 2, out, 2), OFDM_ERR_NONFINITE_INPUT, "row 2");
    assert_true(mentions(ofdm_last_error(), "column 1"));
    EXPECT_FAILURE(ofdm_model_log_density(model, 0.5, x, 3, 2, out), OFDM_ERR_NONFINITE_INPUT, "row 2");
    assert_true(untouched(out, 6));
    /* n = 0: nothing to do, NULL arrays allowed. */
    assert_int_equal(ofdm_model_score(model, 0.5, NULL, 0, 2, NULL, 2), OFDM_OK);
    assert_int_equal(ofdm_model_log_density(model, 0.5, NULL, 0, 2, NULL), OFDM_OK);
    assert_int_equal(ofdm_model_to_latent(model, NULL, 0, 2, NULL, 2), OFDM_OK);
    assert_int_equal(ofdm_model_from_latent(model, NULL, 0, 2, NULL, 2), OFDM_OK);
    ofdm_model_free(model);
}

/* At t = ∞ the coefficients vanish (G(∞) = β diag|k| is PD, b(∞) = 0), so with z = x the score
 * is 0 − β·x: exact in floating point, hence compared with ==. */
static void test_score_at_infinity_is_the_stationary_score(void **state) {
    const double beta = 2.5, x[6] = {0.3, -1.7, 2.0, 0.0, -0.25, 4.5};
    ofdm_model *model = small_model(OFDM_COORDINATES_NONE, beta);
    double out[6];
    int i;
    (void)state;
    assert_int_equal(ofdm_model_score(model, INFINITY, x, 3, 2, out, 2), OFDM_OK);
    for (i = 0; i < 6; ++i) assert_true(out[i] == -beta * x[i]);
    ofdm_model_free(model);
}

/* ---- files and buffers ------------------------------------------------------------------------ */

static void test_file_paths_that_fail_are_io_errors_naming_the_path(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0), *loaded = NULL;
    char dir[512], path[1024];
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/missing.ofdm", dir);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_IO, NULL);
    assert_non_null(strstr(ofdm_last_error(), path));
    snprintf(path, sizeof path, "%s/no_such_dir/model.ofdm", dir);
    EXPECT_FAILURE(ofdm_model_save(model, path), OFDM_ERR_IO, NULL);
    assert_non_null(strstr(ofdm_last_error(), path));
    snprintf(path, sizeof path, "%s/a_directory", dir); /* a directory is not a model file */
    assert_int_equal(mkdir(path, 0700), 0);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_IO, NULL);
    EXPECT_FAILURE(ofdm_model_save(model, path), OFDM_ERR_IO, NULL);
    assert_non_null(strstr(ofdm_last_error(), path));
    assert_int_equal(count_entries(dir), 1); /* only a_directory: no temporary file left behind */
    assert_null(loaded);
    remove_dir(dir);
    ofdm_model_free(model);
}

static void test_foreign_and_empty_files_are_refused(void **state) {
    static const char phrase[] = "plain text, not an ofdm model. ";
    char text[100];
    ofdm_model *loaded = NULL;
    char dir[512], path[1024];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof text; ++i) text[i] = phrase[i % (sizeof phrase - 1)];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/foreign.txt", dir);
    write_file(path, text, 100);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_FORMAT, "OFDMMODL");
    EXPECT_FAILURE(ofdm_model_load_buffer(text, 5, &loaded), OFDM_ERR_FORMAT, "OFDMMODL"); /* short, wrong */
    write_file(path, text, 0);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_TRUNCATED, NULL);
    EXPECT_FAILURE(ofdm_model_load_buffer(NULL, 0, &loaded), OFDM_ERR_TRUNCATED, NULL);
    assert_null(loaded);
    remove_dir(dir);
}

/* Every proper prefix of a valid model still starts like one, so each must be TRUNCATED (never
 * CORRUPT or FORMAT), and the message must name the byte count or offset where it ends. */
static void test_every_truncation_is_reported_as_truncated(void **state) {
    size_t size = 0, length;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    char dir[512], path[1024];
    (void)state;
    for (length = 0; length < size; ++length) {
        EXPECT_FAILURE(ofdm_model_load_buffer(bytes, length, &loaded), OFDM_ERR_TRUNCATED, NULL);
        assert_non_null(strstr(ofdm_last_error(), "byte"));
        assert_null(loaded);
    }
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/truncated.ofdm", dir);
    write_file(path, bytes, size / 2);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_TRUNCATED, NULL);
    assert_null(loaded);
    remove_dir(dir);
    free(bytes);
}

static void test_newer_format_major_is_a_version_error_naming_both(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    const unsigned major = bytes[8] | bytes[9] << 8 | (unsigned)bytes[10] << 16 | (unsigned)bytes[11] << 24;
    const unsigned minor = bytes[12] | bytes[13] << 8 | (unsigned)bytes[14] << 16 | (unsigned)bytes[15] << 24;
    char theirs[32], ours[32];
    (void)state;
    assert_int_equal(major, 1); /* so the file below has major 2, as the brief's example */
    bytes[8] = (unsigned char)(major + 1);
    snprintf(theirs, sizeof theirs, "%u.%u", major + 1, minor);
    snprintf(ours, sizeof ours, "%u.%u", major, minor);
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_ERR_VERSION, theirs);
    assert_true(mentions(ofdm_last_error(), ours));
    assert_null(loaded);
    free(bytes);
}

/* FNV-1a maps a single changed byte to a different hash (each step is a bijection of the state),
 * so every one-bit flip in the payload or in the checksum itself must be caught. */
static void test_every_flipped_bit_is_corrupt(void **state) {
    size_t size = 0, at;
    int bit;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    (void)state;
    for (at = 24; at < size; ++at)
        for (bit = 0; bit < 8; ++bit) {
            bytes[at] ^= (unsigned char)(1u << bit);
            EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_ERR_CORRUPT, NULL);
            assert_non_null(strstr(ofdm_last_error(), "byte offset"));
            bytes[at] ^= (unsigned char)(1u << bit);
        }
    assert_null(loaded);
    assert_int_equal(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_OK); /* restored: loads */
    ofdm_model_free(loaded);
    free(bytes);
}

static void test_trailing_bytes_are_corrupt(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size); /* allocated with 16 spare bytes */
    ofdm_model *loaded = NULL;
    (void)state;
    memset(bytes + size, 0, 16);
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size + 1, &loaded), OFDM_ERR_CORRUPT, NULL);
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size + 16, &loaded), OFDM_ERR_CORRUPT, NULL);
    assert_null(loaded);
    free(bytes);
}

static void test_save_buffer_refuses_a_small_buffer(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    size_t size = 0, written = 777, i;
    unsigned char *buffer;
    (void)state;
    assert_int_equal(ofdm_model_serialized_size(model, &size), OFDM_OK);
    buffer = malloc(size);
    assert_non_null(buffer);
    memset(buffer, 0xAB, size);
    EXPECT_FAILURE(ofdm_model_save_buffer(model, buffer, size - 1, &written), OFDM_ERR_BUFFER_TOO_SMALL,
                   "capacity");
    EXPECT_FAILURE(ofdm_model_save_buffer(model, buffer, 0, &written), OFDM_ERR_BUFFER_TOO_SMALL, "capacity");
    assert_int_equal(written, 777);
    for (i = 0; i < size; ++i) assert_int_equal(buffer[i], 0xAB);
    free(buffer);
    ofdm_model_free(model);
}

/* The 64-bit checksum of model files is FNV-1a over everything before it (src/model/model_file.h);
 * recomputing it forges a file whose checksum passes, so the field validation itself is tested. */
static void forge_checksum(unsigned char *bytes, size_t size) {
    uint64_t h = 1469598103934665603ull;
    size_t i;
    for (i = 0; i + 8 < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    for (i = 0; i < 8; ++i) bytes[size - 8 + i] = (unsigned char)(h >> (8 * i));
}

/* Every header and payload byte set to 0x00, 0x01, 0x7f, 0x80, 0xff with a valid checksum: the
 * load must end in a documented status (OK when the change is harmless, e.g. a moment value),
 * never crash (valgrind checks memory safety under make memcheck), and never write *out on failure. */
static void test_forged_files_never_crash_or_half_build(void **state) {
    static const unsigned char values[5] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    size_t size = 0, at;
    int v;
    unsigned char *bytes = serialized_model(&size), *copy = malloc(size);
    (void)state;
    assert_non_null(copy);
    for (at = 8; at + 8 < size; ++at)
        for (v = 0; v < 5; ++v) {
            ofdm_model *loaded = NULL;
            ofdm_status status;
            memcpy(copy, bytes, size);
            copy[at] = values[v];
            forge_checksum(copy, size);
            status = ofdm_model_load_buffer(copy, size, &loaded);
            if (status == OFDM_OK) {
                assert_non_null(loaded);
                ofdm_model_free(loaded);
                continue;
            }
            assert_null(loaded);
            assert_true(status == OFDM_ERR_VERSION || status == OFDM_ERR_TRUNCATED || status == OFDM_ERR_CORRUPT ||
                        status == OFDM_ERR_TOO_LARGE);
        }
    free(copy);
    free(bytes);
}

/* A forged moment of 1e308 makes the rebuilt Galerkin system overflow. ofdm_fit can never write
 * such a file (it refuses overflowing moments), so it is inconsistent content: OFDM_ERR_CORRUPT.
 * The moment means are the last doubles before the 8-byte checksum. */
static void test_forged_overflowing_moment_is_corrupt(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size);
    const double huge = 1e308;
    ofdm_model *loaded = NULL;
    ofdm_status status;
    int wrote;
    (void)state;
    memcpy(bytes + size - 16, &huge, sizeof huge); /* little-endian host, as the file */
    forge_checksum(bytes, size);
    status = ofdm_model_load_buffer(bytes, size, &loaded);
    wrote = loaded != NULL;
    ofdm_model_free(loaded); /* free before asserting: no leak while the bug stands */
    free(bytes);
    check_failure(status, OFDM_ERR_CORRUPT, NULL, "ofdm_model_load_buffer(file with a forged moment 1e308)", __FILE__,
                  __LINE__);
    assert_false(wrote);
}

/* A forged file whose coordinate scale is 1e-310 (subnormal) would give ±inf scores at ordinary
 * points. ofdm_fit refuses any column spread below 1e-300 ("cannot be standardized"), so such a
 * scale is inconsistent content: OFDM_ERR_CORRUPT. The offset of scale[0] is
 * from the format 1.0 layout: 24-byte header, dim, K, beta, ridge (8 bytes each), coordinates,
 * time mode (4 each), training size (8), shift[d], then scale[d]. */
static void test_forged_file_with_unusable_scale_is_corrupt(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size);
    const size_t scale_at = 24 + 4 * 8 + 2 * 4 + 8 + 2 * 8;
    const double tiny = 1e-310;
    double scale;
    ofdm_model *loaded = NULL;
    ofdm_status status;
    (void)state;
    memcpy(&scale, bytes + scale_at, sizeof scale); /* the test runs on a little-endian host */
    assert_true(scale > 0.5 && scale < 2.0);       /* layout check: the std of standard normal data */
    memcpy(bytes + scale_at, &tiny, sizeof tiny);
    forge_checksum(bytes, size);
    status = ofdm_model_load_buffer(bytes, size, &loaded);
    if (loaded) {
        const double x[2] = {0.1, 0.2};
        double score[2];
        assert_int_equal(ofdm_model_score(loaded, 0.5, x, 1, 2, score, 2), OFDM_OK);
        print_error("loaded with status %d; score at (0.1, 0.2) = (%g, %g)\n", (int)status, score[0], score[1]);
        ofdm_model_free(loaded);
    }
    free(bytes);
    assert_int_equal(status, OFDM_ERR_CORRUPT);
}

/* ---- status strings and the last error ---------------------------------------------------- */

static void test_status_strings_are_distinct_and_unknown_is_named(void **state) {
    int a, b;
    (void)state;
    for (a = 0; a <= OFDM_ERR_CANCELLED; ++a) { /* the last status in ofdm.h */
        const char *s = ofdm_status_string((ofdm_status)a);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        assert_string_not_equal(s, "unknown status");
        for (b = 0; b < a; ++b) assert_string_not_equal(s, ofdm_status_string((ofdm_status)b));
    }
    assert_string_equal(ofdm_status_string((ofdm_status)999), "unknown status");
    assert_string_equal(ofdm_status_string((ofdm_status)-1), "unknown status");
}

static void test_success_leaves_the_last_error_unchanged(void **state) {
    ofdm_basis *basis = NULL;
    char saved[512];
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(0, 2, 0, &basis), OFDM_ERR_INVALID_ARGUMENT, "dim");
    snprintf(saved, sizeof saved, "%s", ofdm_last_error());
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    assert_string_equal(ofdm_last_error(), saved);
    ofdm_basis_free(basis);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basis_functions_refuse_null_pointers),
        cmocka_unit_test(test_fit_refuses_null_pointers),
        cmocka_unit_test(test_model_functions_refuse_null_pointers),
        cmocka_unit_test(test_free_functions_and_accessors_accept_null),
        cmocka_unit_test(test_fit_names_row_and_column_of_nonfinite_input),
        cmocka_unit_test(test_fit_refuses_too_few_samples),
        cmocka_unit_test(test_fit_refuses_bad_sizes_and_options),
        cmocka_unit_test(test_fit_names_a_constant_column_under_standardization),
        cmocka_unit_test(test_fit_reports_singular_system_and_suggests_ridge),
        cmocka_unit_test(test_fit_refuses_data_whose_moments_overflow),
        cmocka_unit_test(test_degrees_are_checked_for_every_basis_kind),
        cmocka_unit_test(test_graph_basis_names_the_bad_edge),
        cmocka_unit_test(test_index_basis_names_the_bad_row),
        cmocka_unit_test(test_huge_basis_is_refused_before_allocating),
        cmocka_unit_test(test_fit_refuses_galerkin_systems_too_large),
        cmocka_unit_test(test_model_functions_refuse_bad_times_sizes_and_points),
        cmocka_unit_test(test_score_at_infinity_is_the_stationary_score),
        cmocka_unit_test(test_file_paths_that_fail_are_io_errors_naming_the_path),
        cmocka_unit_test(test_foreign_and_empty_files_are_refused),
        cmocka_unit_test(test_every_truncation_is_reported_as_truncated),
        cmocka_unit_test(test_newer_format_major_is_a_version_error_naming_both),
        cmocka_unit_test(test_every_flipped_bit_is_corrupt),
        cmocka_unit_test(test_trailing_bytes_are_corrupt),
        cmocka_unit_test(test_save_buffer_refuses_a_small_buffer),
        cmocka_unit_test(test_forged_files_never_crash_or_half_build),
        cmocka_unit_test(test_forged_overflowing_moment_is_corrupt),
        cmocka_unit_test(test_forged_file_with_unusable_scale_is_corrupt),
        cmocka_unit_test(test_status_strings_are_distinct_and_unknown_is_named),
        cmocka_unit_test(test_success_leaves_the_last_error_unchanged),
    };
    return cmocka_run_group_tests_name("test_bad_input", tests, NULL, NULL);
}

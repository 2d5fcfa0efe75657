/*
 * capi_support.h — helpers shared by the C API suites in tests/capi/ (strict C99, cmocka).
 *
 * Every C file in tests/capi/ is its own binary, so the helpers are `static inline` (an unused one
 * costs nothing and does not trip -Werror). Include this header before any other: it selects
 * POSIX.1-2008 (mkdtemp, opendir, clock_gettime) and the headers cmocka needs before <cmocka.h>.
 *
 * Contents: reproducible random data (standard normal, correlated Gaussian, three-mode mixture);
 * the small fitted models the suites share and fixed evaluation points; checks of failure
 * statuses, messages and untouched outputs; short sampling runs; temporary directories and files;
 * serialized and forged model bytes.
 *
 * Note for the build: the Makefile's rule for the C suites' binaries does not list this header,
 * so after editing it remove build/tests/capi/ (or touch the suites) before `make test`.
 */
#ifndef CAPI_SUPPORT_H
#define CAPI_SUPPORT_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

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
#include <time.h>
#include <unistd.h>

#include "ofdm.h"

/* ---- reproducible random data -------------------------------------------------------------- */

/* splitmix64 + Box–Muller: reproducible data without files. The state is explicit so that each
 * generator below restarts from its seed and gives the same numbers wherever it is called. */
typedef struct {
    uint64_t state;
} capi_rng;

static inline double capi_uniform01(capi_rng *rng) {
    uint64_t z = (rng->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0; /* in (0, 1) */
}

static inline double capi_normal01(capi_rng *rng) {
    const double u = capi_uniform01(rng); /* radius first, then angle: the order is part of the data */
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * capi_uniform01(rng));
}

/* n × d standard normal samples, row-major, ld = d; the caller frees. */
static inline double *gaussian_data(int64_t n, int64_t d, uint64_t seed) {
    double *x = malloc((size_t)(n * d) * sizeof *x);
    capi_rng rng;
    int64_t i;
    assert_non_null(x);
    rng.state = seed;
    for (i = 0; i < n * d; ++i) x[i] = capi_normal01(&rng);
    return x;
}

/* A correlated 2-D Gaussian sample of GN rows: x = (1 + 2 g₁, −3 + 0.5 (ρ g₁ + sqrt(1 − ρ²) g₂)),
 * ρ = 0.6. Row-major GN × 2; the caller frees. */
#define GN 4000
static inline double *correlated_sample(uint64_t seed) {
    double *x = malloc(2 * GN * sizeof *x);
    capi_rng rng;
    int i;
    assert_non_null(x);
    rng.state = seed;
    for (i = 0; i < GN; ++i) {
        const double g1 = capi_normal01(&rng), g2 = capi_normal01(&rng);
        x[2 * i] = 1.0 + 2.0 * g1;
        x[2 * i + 1] = -3.0 + 0.5 * (0.6 * g1 + 0.8 * g2);
    }
    return x;
}

/* ---- fitted models --------------------------------------------------------------------------- */

static inline ofdm_model *fit_with(const ofdm_basis *basis, const double *x, int64_t n, double beta,
                                   int32_t coordinates, int32_t time_mode) {
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.beta = beta;
    options.coordinates = coordinates;
    options.time_mode = time_mode;
    assert_int_equal(ofdm_fit(basis, x, n, ofdm_basis_dim(basis), &options, &model), OFDM_OK);
    assert_non_null(model);
    return model;
}

/* The 2-D total-degree-2 model (K = 5) of correlated_sample(seed), standardized coordinates. */
static inline ofdm_model *correlated_model(uint64_t seed, double beta, int32_t time_mode) {
    ofdm_basis *basis = NULL;
    ofdm_model *model;
    double *x = correlated_sample(seed);
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    model = fit_with(basis, x, GN, beta, OFDM_COORDINATES_STANDARDIZE, time_mode);
    ofdm_basis_free(basis);
    free(x);
    return model;
}

/* A small valid model: d = 2, total degree 2 (K = 5), 200 standard normal samples (seed 7). */
static inline ofdm_model *small_model(int32_t coordinates, double beta) {
    ofdm_basis *basis = NULL;
    ofdm_model *model;
    double *x = gaussian_data(200, 2, 7);
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    model = fit_with(basis, x, 200, beta, coordinates, OFDM_TIME_GALERKIN);
    ofdm_basis_free(basis);
    free(x);
    return model;
}

/* Five fixed points near correlated_sample's data (mean (1, −3), std (2, 0.5)) and four times
 * including t = ∞, for exact and bit-for-bit comparisons of scores and log-densities. */
#define NP 5
static const double kPoints[2 * NP] = {1.0, -3.0, 3.1, -2.2, -2.5, -3.6, 0.4, -1.9, 5.0, -3.1};
static const double kTimes[4] = {0.0, 0.3, 2.0, INFINITY};

/* Scores (2 NP values) then log-densities (NP values) at kPoints, for each of kTimes in turn. */
static inline void scores_everywhere(const ofdm_model *model, double *out /* 4 × (3 NP) */) {
    int k;
    for (k = 0; k < 4; ++k) {
        assert_int_equal(ofdm_model_score(model, kTimes[k], kPoints, NP, 2, out + 3 * NP * k, 2), OFDM_OK);
        assert_int_equal(ofdm_model_log_density(model, kTimes[k], kPoints, NP, 2, out + 3 * NP * k + 2 * NP), OFDM_OK);
    }
}

/* n points of an equal-weight three-mode 2-D Gaussian mixture, σ = 0.45, centres (−1.2, −0.6),
 * (1.2, −0.6) and (0, 1.2) (a variant of the three-mode case of DESIGN §4). The caller frees. */
static inline double *mixture_sample(int64_t n, uint64_t seed) {
    static const double centres[3][2] = {{-1.2, -0.6}, {1.2, -0.6}, {0.0, 1.2}};
    double *x = malloc((size_t)(2 * n) * sizeof *x);
    capi_rng rng;
    int64_t i;
    assert_non_null(x);
    rng.state = seed;
    for (i = 0; i < n; ++i) {
        const int mode = (int)(3.0 * capi_uniform01(&rng)); /* uniform01 < 1, so mode <= 2 */
        const double g1 = capi_normal01(&rng), g2 = capi_normal01(&rng);
        x[2 * i] = centres[mode][0] + 0.45 * g1;
        x[2 * i + 1] = centres[mode][1] + 0.45 * g2;
    }
    return x;
}

/* The total-degree-4 model (K = 14) of 1000 points of mixture_sample (seed 31): small enough for
 * sampling tests under valgrind, non-Gaussian enough that the guard and correctors have work. */
static inline ofdm_model *mixture_model(void) {
    ofdm_basis *basis = NULL;
    ofdm_model *model;
    double *x = mixture_sample(1000, 31);
    assert_int_equal(ofdm_basis_create_total_degree(2, 4, 0, &basis), OFDM_OK);
    model = fit_with(basis, x, 1000, 1.0, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN);
    ofdm_basis_free(basis);
    free(x);
    return model;
}

/* Asserts that basis holds exactly the K × d multi-indices `expected`, in order. */
static inline void assert_indices(const ofdm_basis *basis, const int32_t *expected, int64_t K, int64_t d) {
    int32_t *got = malloc((size_t)(K * d) * sizeof *got);
    assert_non_null(got);
    assert_int_equal(ofdm_basis_size(basis), K);
    assert_int_equal(ofdm_basis_dim(basis), d);
    assert_int_equal(ofdm_basis_indices(basis, got, d), OFDM_OK);
    assert_memory_equal(got, expected, (size_t)(K * d) * sizeof *got);
    free(got);
}

/* ---- failures: status, message, untouched outputs -------------------------------------------- */

static inline int capi_word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* True when word occurs in text as a whole token: "n" matches "n = -1" but not "ldx" or "dim". */
static inline int mentions(const char *text, const char *word) {
    const size_t len = strlen(word);
    const char *p;
    for (p = strstr(text, word); p; p = strstr(p + 1, word)) {
        const int starts = p == text || !capi_word_char(p[-1]) || !capi_word_char(word[0]);
        const int ends = !capi_word_char(p[len]) || !capi_word_char(word[len - 1]);
        if (starts && ends) return 1;
    }
    return 0;
}

/* Asserts the status, that the message comes from an ofdm_ function ("ofdm_fit: ...") and that
 * it names `word` (skipped when word is NULL). Reports at the caller's line. */
#define EXPECT_FAILURE(call, status, word) check_failure((call), (status), (word), #call, __FILE__, __LINE__)
static inline void check_failure(ofdm_status got, ofdm_status want, const char *word, const char *call,
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

/* Caller arrays are filled with SENTINEL before a call that must not write them. */
#define SENTINEL 12345.0
static inline void fill(double *a, size_t n) {
    size_t i;
    for (i = 0; i < n; ++i) a[i] = SENTINEL;
}
static inline int untouched(const double *a, size_t n) {
    size_t i;
    for (i = 0; i < n; ++i)
        if (a[i] != SENTINEL) return 0;
    return 1;
}

static inline double seconds_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- sampling ---------------------------------------------------------------------------------- */

/* Options for short runs: `steps` predictor steps, a seed and a thread
 * count; everything else at its default. */
static inline ofdm_sample_options short_run(int32_t steps, uint64_t seed, int32_t threads) {
    ofdm_sample_options options;
    ofdm_sample_options_init(&options);
    options.steps = steps;
    options.seed = seed;
    options.threads = threads;
    return options;
}

/* n samples with leading dimension ld, asserting success; the caller frees. The array is filled
 * with SENTINEL first, so padding columns that were never written can be checked. */
static inline double *draw(const ofdm_model *model, int64_t n, const ofdm_sample_options *options, int64_t ld) {
    double *out = malloc((size_t)(n * ld + 1) * sizeof *out); /* + 1: malloc(0) may return NULL */
    assert_non_null(out);
    fill(out, (size_t)(n * ld));
    assert_int_equal(ofdm_model_sample(model, n, options, out, ld), OFDM_OK);
    return out;
}

/* True when the n × d block of a (leading dimension ld) holds only finite values. */
static inline int all_finite(const double *a, int64_t n, int64_t d, int64_t ld) {
    int64_t i, j;
    for (i = 0; i < n; ++i)
        for (j = 0; j < d; ++j)
            if (!isfinite(a[i * ld + j])) return 0;
    return 1;
}

/* ---- temporary directories and files ---------------------------------------------------------- */

/* A fresh directory under $TMPDIR (or /tmp). */
static inline void make_temp_dir(char *dir, size_t size) {
    const char *base = getenv("TMPDIR");
    snprintf(dir, size, "%s/ofdm_capi_XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(dir));
}

/* Removes dir and one level of content (files, or empty directories); every removal must succeed.
 * Returns how many entries it held; *saw_temporary (when not NULL) tells whether one of them was
 * named "*.tmp.*", the pattern of ofdm_model_save's temporary files. */
static inline int remove_dir(const char *dir, int *saw_temporary) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];
    int count = 0, temporary = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        ++count;
        temporary |= strstr(e->d_name, ".tmp.") != NULL;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0) assert_int_equal(rmdir(path), 0);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
    if (saw_temporary) *saw_temporary = temporary;
    return count;
}

static inline int count_entries(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static inline void write_file(const char *path, const void *bytes, size_t size) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* ---- serialized models ------------------------------------------------------------------------ */

/* The serialized bytes of small_model(STANDARDIZE, 1); allocated with 16 spare bytes after
 * *size (room for the trailing-bytes test). The caller frees. */
static inline unsigned char *serialized_model(size_t *size) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    unsigned char *bytes;
    size_t written = 0;
    assert_int_equal(ofdm_model_serialized_size(model, size), OFDM_OK);
    bytes = malloc(*size + 16);
    assert_non_null(bytes);
    assert_int_equal(ofdm_model_save_buffer(model, bytes, *size, &written), OFDM_OK);
    assert_int_equal(written, *size);
    ofdm_model_free(model);
    return bytes;
}

/* The 64-bit checksum of model files is FNV-1a over everything before it (src/model/model_file.h);
 * recomputing it forges a file whose checksum passes, so the field validation itself is tested. */
static inline void forge_checksum(unsigned char *bytes, size_t size) {
    uint64_t h = 1469598103934665603ull;
    size_t i;
    for (i = 0; i + 8 < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    for (i = 0; i < 8; ++i) bytes[size - 8 + i] = (unsigned char)(h >> (8 * i));
}

#endif /* CAPI_SUPPORT_H */

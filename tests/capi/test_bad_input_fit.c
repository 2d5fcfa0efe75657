/*
 * test_bad_input_fit.c — ofdm_fit fed bad data, sizes and options: non-finite values, too few
 * samples, constant columns, singular and overflowing systems, data beyond double range, systems too
 * large to allocate, and fits beyond the caller's options.memory_limit.
 *
 * Every bad input must get its named status (ofdm.h, "Status and errors"), a message from
 * ofdm_last_error() that names the offending argument, row, column, edge or byte offset, and no
 * write through out-pointers: handle out-pointers are set to NULL before each call and must still
 * be NULL afterwards; caller arrays are filled with a sentinel and must keep it.
 */
#include "capi/support/capi_support.h"

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
    BAD_OPTION(struct_size, sizeof o - 4, "struct_size"); /* no layout; larger ones: test_abi_layouts.c */
    BAD_OPTION(beta, 0.0, "beta");
    BAD_OPTION(beta, -1.0, "beta");
    BAD_OPTION(beta, NAN, "beta");
    BAD_OPTION(beta, INFINITY, "beta");
    BAD_OPTION(beta, 1e-310, "beta"); /* outside [1e-100, 1e100]: 1/β would overflow (fuzzer find) */
    BAD_OPTION(beta, 1e101, "beta");
    BAD_OPTION(ridge, -1e-8, "ridge");
    BAD_OPTION(ridge, NAN, "ridge");
    BAD_OPTION(ridge, INFINITY, "ridge");
    BAD_OPTION(coordinates, 5, "coordinates");
    BAD_OPTION(coordinates, OFDM_COORDINATES_AUTO, "coordinates"); /* ofdm_fit_adaptive only */
    BAD_OPTION(data_dim, -1, "data_dim");
    BAD_OPTION(data_dim, 3, "data_dim"); /* only PCA changes the dimension */
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
 * of K = 4 gradient columns evaluated at 2 points, so its rank is 2 although n·d = 6 >= K passes
 * the sample-count rule. Whether Cholesky of the full matrix passes is a matter of rounding; the
 * library instead keeps the functions whose scaled pivot is above 1e-11 (DESIGN §5): 2 of 4,
 * the others at coefficient 0 at every t. The model still solves the kept system exactly, so
 * its score at the two points matches the data's gradient identity; a ridge makes it full rank. */
static void test_fit_keeps_the_functions_two_points_determine(void **state) {
    const double x[6] = {0, 0, 1, 1, 0, 1};
    const double times[3] = {0.0, 0.5, 3.0};
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    double alpha[4];
    int i, k, zeros;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(1, 4, 0, &basis), OFDM_OK);
    assert_int_equal(ofdm_fit(basis, x, 6, 1, NULL, &model), OFDM_OK);
    assert_int_equal(ofdm_model_rank(model), 2);
    for (i = 0; i < 3; ++i) {
        assert_int_equal(ofdm_model_coefficients(model, times[i], alpha), OFDM_OK);
        for (k = 0, zeros = 0; k < 4; ++k) zeros += alpha[k] == 0.0;
        assert_true(zeros >= 2); /* the two dropped functions, exactly */
    }
    ofdm_model_free(model);
    model = NULL;
    ofdm_fit_options_init(&options);
    options.ridge = 1e-8;
    assert_int_equal(ofdm_fit(basis, x, 6, 1, &options, &model), OFDM_OK);
    assert_int_equal(ofdm_model_rank(model), 4);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
}

/* Data that leave nothing to fit: every sample at 0 (coordinates NONE) and the one basis function
 * ψ₂, whose gradient sqrt(2) ψ₁(0) vanishes there: G(0) = 0, so no function can be kept, ridge or
 * not (the ridge is relative to tr G = 0). */
static void test_fit_reports_singular_when_nothing_is_left_to_fit(void **state) {
    const double x[4] = {0, 0, 0, 0};
    const int32_t index[1] = {2};
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    (void)state;
    assert_int_equal(ofdm_basis_create_from_indices(1, index, 1, 1, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.coordinates = OFDM_COORDINATES_NONE;
    EXPECT_FAILURE(ofdm_fit(basis, x, 4, 1, &options, &model), OFDM_ERR_SINGULAR, "nothing to fit");
    assert_null(model);
    options.ridge = 1e-8;
    EXPECT_FAILURE(ofdm_fit(basis, x, 4, 1, &options, &model), OFDM_ERR_SINGULAR, "nothing to fit");
    assert_null(model);
    ofdm_basis_free(basis);
}

/* Finite data whose Hermite moments overflow a double: with z = x = ±1e200 (coordinates NONE)
 * ψ₂(z) ≈ 7e399, and β = 1e100 (the largest allowed) scales standardized data by 1e50 before ψ,
 * so ψ_p overflows from degree 7 on (moments reach degree 2p − 2). Found while
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
    fit_expect_overflow(x, 20, 2, 5, OFDM_COORDINATES_STANDARDIZE, 1e100, __LINE__);
    fit_expect_overflow(x, 20, 2, 6, OFDM_COORDINATES_STANDARDIZE, 1e100, __LINE__);
    free(x);
}

/* Issue 17: one value at 1e300 in 1 000 Gaussian rows. With a ridge the fit used to succeed with
 * an infinite standard deviation (samples ±Inf, a file that did not load) or infinite moments.
 * Every coordinate map refuses it with OFDM_ERR_OVERFLOW naming row 3, column 0 and what
 * overflowed (the column's variance, or a moment of degree 2 in raw coordinates). */
static void fit_expect_beyond_range(const double *x, int32_t coordinates, const char *what, int line) {
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    ofdm_status status;
    assert_int_equal(ofdm_basis_create_total_degree(2, 4, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.coordinates = coordinates;
    options.ridge = 1e-8;
    status = ofdm_fit(basis, x, 1000, 2, &options, &model);
    assert_null(model);
    ofdm_basis_free(basis);
    check_failure(status, OFDM_ERR_OVERFLOW, "row 3", "ofdm_fit", __FILE__, line);
    if (!mentions(ofdm_last_error(), "column 0") || !strstr(ofdm_last_error(), what)) {
        print_error("message \"%s\" does not name column 0 and \"%s\"\n", ofdm_last_error(), what);
        _fail(__FILE__, line);
    }
}
static void test_fit_refuses_data_beyond_double_range(void **state) {
    double *x = gaussian_data(1000, 2, 17);
    ofdm_moments *moments = NULL;
    ofdm_fit_options options;
    ofdm_basis *basis = NULL;
    (void)state;
    x[3 * 2 + 0] = 1e300;
    fit_expect_beyond_range(x, OFDM_COORDINATES_STANDARDIZE, "the variance of column 0", __LINE__);
    fit_expect_beyond_range(x, OFDM_COORDINATES_WHITEN, "the variance of column 0", __LINE__);
    fit_expect_beyond_range(x, OFDM_COORDINATES_NONE, "of degree 2", __LINE__);
    /* Streamed: the chunk that holds the value is refused by ofdm_moments_add (rows of the chunk),
     * in the statistics pass with a map, in the moment pass without, and the accumulator is
     * unchanged. */
    assert_int_equal(ofdm_basis_create_total_degree(2, 4, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    assert_int_equal(ofdm_moments_create(basis, &options, &moments), OFDM_OK);
    assert_int_equal(ofdm_moments_add(moments, x + 2 * 100, 900, 2), OFDM_OK);
    EXPECT_FAILURE(ofdm_moments_add(moments, x, 100, 2), OFDM_ERR_OVERFLOW, "row 3");
    assert_true(mentions(ofdm_last_error(), "column 0") && strstr(ofdm_last_error(), "variance"));
    assert_int_equal(ofdm_moments_count(moments), 900);
    ofdm_moments_free(moments);
    options.coordinates = OFDM_COORDINATES_NONE;
    assert_int_equal(ofdm_moments_create(basis, &options, &moments), OFDM_OK);
    EXPECT_FAILURE(ofdm_moments_add(moments, x, 100, 2), OFDM_ERR_OVERFLOW, "row 3");
    assert_true(mentions(ofdm_last_error(), "degree"));
    assert_int_equal(ofdm_moments_count(moments), 0);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x);
}

/* Statistics that are finite chunk by chunk can leave double range when merged: 100 rows at
 * 1e153 and 100 at −1e153 have M2 = 0 each and 2e308 together. The map is refused when the
 * statistics pass ends, naming the column (the rows are gone by then). */
static void test_moments_refuse_merged_statistics_beyond_double_range(void **state) {
    double high[200], low[200];
    ofdm_basis *basis = NULL;
    ofdm_moments *a = NULL, *b = NULL;
    ofdm_model *model = NULL;
    int i;
    (void)state;
    for (i = 0; i < 100; ++i) {
        high[2 * i] = 1e153, low[2 * i] = -1e153;
        high[2 * i + 1] = low[2 * i + 1] = (double)(i % 7);
    }
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    assert_int_equal(ofdm_moments_create(basis, NULL, &a), OFDM_OK);
    assert_int_equal(ofdm_moments_create(basis, NULL, &b), OFDM_OK);
    assert_int_equal(ofdm_moments_add(a, high, 100, 2), OFDM_OK);
    assert_int_equal(ofdm_moments_add(b, low, 100, 2), OFDM_OK);
    assert_int_equal(ofdm_moments_merge(a, b), OFDM_OK);
    EXPECT_FAILURE(ofdm_moments_begin_moments(a), OFDM_ERR_OVERFLOW, "column 0");
    assert_true(strstr(ofdm_last_error(), "variance") != NULL);
    assert_int_equal(ofdm_moments_in_statistics_pass(a), 1);
    EXPECT_FAILURE(ofdm_fit_moments(a, NULL, &model), OFDM_ERR_INVALID_ARGUMENT, "statistics");
    assert_null(model);
    ofdm_moments_free(a);
    ofdm_moments_free(b);
    ofdm_basis_free(basis);
}

/* Large but representable: column 0 at 1e150 times a Gaussian (variance 1e300) fits, and the
 * model saves, loads and samples finitely, on the data's scale. */
static void test_fit_accepts_large_but_representable_data(void **state) {
    double *x = gaussian_data(1000, 2, 18), *samples, median_bound = 0.0;
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL, *loaded = NULL;
    ofdm_fit_options options;
    ofdm_sample_options run = short_run(50, 3, 1);
    size_t size = 0;
    void *bytes;
    int64_t i, inside = 0;
    (void)state;
    for (i = 0; i < 1000; ++i) x[2 * i] *= 1e150;
    assert_int_equal(ofdm_basis_create_total_degree(2, 4, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.ridge = 1e-8;
    assert_int_equal(ofdm_fit(basis, x, 1000, 2, &options, &model), OFDM_OK);
    assert_int_equal(ofdm_model_serialized_size(model, &size), OFDM_OK);
    bytes = malloc(size);
    assert_non_null(bytes);
    assert_int_equal(ofdm_model_save_buffer(model, bytes, size, NULL), OFDM_OK);
    assert_int_equal(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_OK);
    samples = draw(loaded, 400, &run, 2);
    assert_true(all_finite(samples, 400, 2, 2));
    /* About half the samples within 0.674e150 of 0 (the median |x0| of N(0, 1e300)): between a
     * third and two thirds for 400 samples of a degree-4 fit. */
    median_bound = 0.674e150;
    for (i = 0; i < 400; ++i) inside += fabs(samples[2 * i]) < median_bound;
    assert_in_range(inside, 400 / 3, 2 * 400 / 3);
    free(samples);
    free(bytes);
    ofdm_model_free(loaded);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
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

/* options.memory_limit caps a fit's estimated peak (the Galerkin matrices and the moments). d = 32,
 * total degree 3: K = 6 544, six 6 544² matrices ≈ 2 GB, far over a 64 MiB cap; the refusal comes
 * from a lower bound on the moment count, before the O(K²) moment set is built (the timing bound
 * is as below). n = 10 with a ridge passes the sample-count rule. */
#define MiB ((int64_t)1 << 20)
static void test_fit_refuses_a_fit_beyond_memory_limit(void **state) {
    double *x = gaussian_data(10, 32, 17);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    double start;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(32, 3, 0, &basis), OFDM_OK);
    assert_int_equal(ofdm_basis_size(basis), 6544);
    ofdm_fit_options_init(&options);
    assert_true(options.memory_limit == 0);
    options.ridge = 1e-6;
    options.memory_limit = 64 * MiB;
    start = seconds_now();
    EXPECT_FAILURE(ofdm_fit(basis, x, 10, 32, &options, &model), OFDM_ERR_TOO_LARGE, "memory_limit");
    assert_true(mentions(ofdm_last_error(), "MiB"));
    assert_true(seconds_now() - start < 1.0);
    assert_null(model);
    options.memory_limit = -1;
    EXPECT_FAILURE(ofdm_fit(basis, x, 10, 32, &options, &model), OFDM_ERR_INVALID_ARGUMENT, "memory_limit");
    assert_null(model);
    ofdm_basis_free(basis);
    free(x);
}

/* The same refusals from a streamed fit: ofdm_moments_create checks the accumulator's limit (in
 * both coordinate modes, before any pass), ofdm_fit_moments the limit of its own options. */
static void test_moments_refuse_a_fit_beyond_memory_limit(void **state) {
    double *x = gaussian_data(200, 2, 18);
    ofdm_basis *big = NULL, *basis = NULL;
    ofdm_moments *moments = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(32, 3, 0, &big), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.memory_limit = 64 * MiB;
    EXPECT_FAILURE(ofdm_moments_create(big, &options, &moments), OFDM_ERR_TOO_LARGE, "memory_limit");
    assert_null(moments);
    options.coordinates = OFDM_COORDINATES_NONE;
    EXPECT_FAILURE(ofdm_moments_create(big, &options, &moments), OFDM_ERR_TOO_LARGE, "memory_limit");
    assert_null(moments);
    options.memory_limit = -1;
    EXPECT_FAILURE(ofdm_moments_create(big, &options, &moments), OFDM_ERR_INVALID_ARGUMENT, "memory_limit");
    assert_null(moments);
    ofdm_basis_free(big);

    /* A small accumulator without a limit, fitted with one: 1 byte is below any fit. */
    assert_int_equal(ofdm_basis_create_total_degree(2, 3, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.coordinates = OFDM_COORDINATES_NONE;
    assert_int_equal(ofdm_moments_create(basis, &options, &moments), OFDM_OK);
    assert_int_equal(ofdm_moments_add(moments, x, 200, 2), OFDM_OK);
    options.memory_limit = 1;
    EXPECT_FAILURE(ofdm_fit_moments(moments, &options, &model), OFDM_ERR_TOO_LARGE, "memory_limit");
    assert_null(model);
    options.memory_limit = -1;
    EXPECT_FAILURE(ofdm_fit_moments(moments, &options, &model), OFDM_ERR_INVALID_ARGUMENT, "memory_limit");
    assert_null(model);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x);
}

/* A fit within its limit is the fit without one, bit for bit (the limit only decides whether the
 * fit runs), through ofdm_fit and ofdm_fit_moments alike; the model does not keep the limit. A
 * struct of the layout before memory_limit (ofdm 0.1.0) is still accepted, and is read without it. */
static void expect_same_scores(const ofdm_model *a, const ofdm_model *b, const double *x, int64_t n) {
    double *sa = malloc((size_t)n * 2 * sizeof(double)), *sb = malloc((size_t)n * 2 * sizeof(double));
    assert_int_equal(ofdm_model_score(a, 0.25, x, n, 2, sa, 2), OFDM_OK);
    assert_int_equal(ofdm_model_score(b, 0.25, x, n, 2, sb, 2), OFDM_OK);
    assert_memory_equal(sa, sb, (size_t)n * 2 * sizeof(double));
    free(sa);
    free(sb);
}
static void test_fit_within_memory_limit_is_the_fit_without(void **state) {
    double *x = gaussian_data(200, 2, 19);
    ofdm_basis *basis = NULL;
    ofdm_model *free_model = NULL, *capped = NULL, *streamed = NULL, *old_layout = NULL;
    ofdm_moments *moments = NULL;
    ofdm_fit_options options, reported;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 3, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.coordinates = OFDM_COORDINATES_NONE;
    assert_int_equal(ofdm_fit(basis, x, 200, 2, &options, &free_model), OFDM_OK);
    options.memory_limit = 64 * MiB;
    assert_int_equal(ofdm_fit(basis, x, 200, 2, &options, &capped), OFDM_OK);
    expect_same_scores(free_model, capped, x, 200);
    ofdm_fit_options_init(&reported);
    reported.memory_limit = 7;
    assert_int_equal(ofdm_model_options(capped, &reported), OFDM_OK);
    assert_true(reported.memory_limit == 0);
    assert_int_equal(ofdm_moments_create(basis, &options, &moments), OFDM_OK);
    assert_int_equal(ofdm_moments_add(moments, x, 200, 2), OFDM_OK);
    assert_int_equal(ofdm_fit_moments(moments, NULL, &streamed), OFDM_OK); /* the accumulator's limit */
    expect_same_scores(free_model, streamed, x, 200);
    options.struct_size = offsetof(ofdm_fit_options, memory_limit);
    options.memory_limit = -1; /* beyond the caller's struct: never read */
    assert_int_equal(ofdm_fit(basis, x, 200, 2, &options, &old_layout), OFDM_OK);
    expect_same_scores(free_model, old_layout, x, 200);
    ofdm_model_free(old_layout);
    ofdm_model_free(streamed);
    ofdm_moments_free(moments);
    ofdm_model_free(capped);
    ofdm_model_free(free_model);
    ofdm_basis_free(basis);
    free(x);
}
#undef MiB

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_names_row_and_column_of_nonfinite_input),
        cmocka_unit_test(test_fit_refuses_too_few_samples),
        cmocka_unit_test(test_fit_refuses_bad_sizes_and_options),
        cmocka_unit_test(test_fit_names_a_constant_column_under_standardization),
        cmocka_unit_test(test_fit_keeps_the_functions_two_points_determine),
        cmocka_unit_test(test_fit_reports_singular_when_nothing_is_left_to_fit),
        cmocka_unit_test(test_fit_refuses_data_whose_moments_overflow),
        cmocka_unit_test(test_fit_refuses_data_beyond_double_range),
        cmocka_unit_test(test_moments_refuse_merged_statistics_beyond_double_range),
        cmocka_unit_test(test_fit_accepts_large_but_representable_data),
        cmocka_unit_test(test_fit_refuses_galerkin_systems_too_large),
        cmocka_unit_test(test_fit_refuses_a_fit_beyond_memory_limit),
        cmocka_unit_test(test_moments_refuse_a_fit_beyond_memory_limit),
        cmocka_unit_test(test_fit_within_memory_limit_is_the_fit_without),
    };
    return cmocka_run_group_tests_name("test_bad_input_fit", tests, NULL, NULL);
}

/*
 * test_bad_input_fit.c — ofdm_fit fed bad data, sizes and options: non-finite values, too few
 * samples, constant columns, singular and overflowing systems, and systems too large to allocate.
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
    BAD_OPTION(struct_size, sizeof o + 8, "struct_size");
    BAD_OPTION(beta, 0.0, "beta");
    BAD_OPTION(beta, -1.0, "beta");
    BAD_OPTION(beta, NAN, "beta");
    BAD_OPTION(beta, INFINITY, "beta");
    BAD_OPTION(beta, 1e-310, "beta"); /* outside [1e-100, 1e100]: 1/β would overflow (fuzzer find) */
    BAD_OPTION(beta, 1e101, "beta");
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_names_row_and_column_of_nonfinite_input),
        cmocka_unit_test(test_fit_refuses_too_few_samples),
        cmocka_unit_test(test_fit_refuses_bad_sizes_and_options),
        cmocka_unit_test(test_fit_names_a_constant_column_under_standardization),
        cmocka_unit_test(test_fit_reports_singular_system_and_suggests_ridge),
        cmocka_unit_test(test_fit_refuses_data_whose_moments_overflow),
        cmocka_unit_test(test_fit_refuses_galerkin_systems_too_large),
    };
    return cmocka_run_group_tests_name("test_bad_input_fit", tests, NULL, NULL);
}

/*
 * test_api_adaptive.c — the adaptive basis through the C API (ofdm.h, ofdm_fit_adaptive): it
 * recovers a planted sparse log-density, reports what it chose, chooses the same on any thread
 * count, and refuses bad options, cancellation and a memory limit by name without leaving a
 * model behind.
 */
#include "capi/support/capi_support.h"

/* A planted sparse log-density in d = 3, sampled exactly:
 *   x0 ~ p0 ∝ exp(−x0⁴/4 + x0²/2) (by rejection from N(0, 1.5²)),
 *   x1 | x0 ~ N(0.8 x0, 0.6²),  x2 ~ N(0, 1).
 * Relative to π = N(0, I) the log-density is, up to a constant,
 *   h = −x0⁴/4 + x0² − (x1 − 0.8 x0)²/0.72 + x1²/2,
 * a polynomial whose only terms are x0⁴, x0², x0 x1 and x1²: in Hermite functions, the indices
 * (4,0,0), (2,0,0), (1,1,0), (0,2,0). x2 is π's own coordinate: nothing is to be learned there. */
static double *planted_sample(int64_t n, uint64_t seed) {
    capi_rng rng = {seed};
    double *x = malloc((size_t)n * 3 * sizeof *x);
    /* The bound of p0 / N(0, 1.5²) up to constants: exp(−x⁴/4 + x²/2 + x²/4.5), largest at
     * x² = 1 + 1/2.25. */
    const double top_x2 = 1.0 + 1.0 / 2.25;
    const double log_bound = -top_x2 * top_x2 / 4.0 + top_x2 / 2.0 + top_x2 / 4.5;
    int64_t i = 0;
    while (i < n) {
        const double x0 = 1.5 * capi_normal01(&rng);
        const double log_ratio = -x0 * x0 * x0 * x0 / 4.0 + x0 * x0 / 2.0 + x0 * x0 / 4.5 - log_bound;
        if (log(capi_uniform01(&rng)) >= log_ratio) continue;
        x[3 * i] = x0;
        x[3 * i + 1] = 0.8 * x0 + 0.6 * capi_normal01(&rng);
        x[3 * i + 2] = capi_normal01(&rng);
        ++i;
    }
    return x;
}

static int has_index(const int32_t *indices, int64_t K, int32_t a, int32_t b, int32_t c) {
    int64_t k;
    for (k = 0; k < K; ++k)
        if (indices[3 * k] == a && indices[3 * k + 1] == b && indices[3 * k + 2] == c) return 1;
    return 0;
}

static ofdm_fit_options identity_coordinates(void) {
    ofdm_fit_options fit;
    ofdm_fit_options_init(&fit);
    fit.coordinates = OFDM_COORDINATES_NONE;
    return fit;
}

static void test_a_planted_sparse_log_density_is_recovered(void **state) {
    const int64_t n = 6000;
    double *x = planted_sample(n, 71);
    ofdm_fit_options fit = identity_coordinates();
    ofdm_adaptive_report report;
    double losses[80];
    ofdm_model *model = NULL;
    const ofdm_basis *basis;
    int32_t *indices;
    int64_t K, k, i;
    (void)state;
    ofdm_adaptive_report_init(&report);
    report.round_losses = losses;
    report.round_loss_capacity = 80;
    assert_int_equal(ofdm_fit_adaptive(x, n, 3, 3, &fit, NULL, &model, &report), OFDM_OK);
    basis = ofdm_model_basis(model);
    K = ofdm_basis_size(basis);
    indices = malloc((size_t)K * 3 * sizeof *indices);
    assert_int_equal(ofdm_basis_indices(basis, indices, 3), OFDM_OK);
    print_message("planted: K = %lld after %d rounds (stop %d), ridge %g, %.2f s:", (long long)K, report.rounds,
                  report.stop, report.ridge, report.seconds);
    for (k = 0; k < K; ++k) print_message(" (%d,%d,%d)", indices[3 * k], indices[3 * k + 1], indices[3 * k + 2]);
    print_message("\n");
    /* Its terms are chosen... */
    assert_true(has_index(indices, K, 4, 0, 0));
    assert_true(has_index(indices, K, 1, 1, 0));
    /* ...and nothing spurious: no function of x2 beyond the start set (x2, x2²) and no
     * interaction with x2, whose law is π's own at every t (the OU process acts coordinate-wise
     * and keeps x2 independent). Higher powers of x0 and x0–x1 terms are not spurious: the
     * criterion integrates over t, and the noised laws p_t, Gaussian convolutions of
     * exp(−x0⁴/4 + ...), are not polynomial in x0 (measured: x0 up to degree 10). */
    for (k = 0; k < K; ++k) {
        const int32_t *m = indices + 3 * k;
        assert_false(m[2] > 2 || (m[2] > 0 && (m[0] > 0 || m[1] > 0)));
    }
    /* The report: what the model has, one loss per kept round plus the start, each lower. */
    assert_int_equal(report.basis_size, K);
    assert_true(report.rounds >= 1 && report.rounds + 1 <= 80);
    for (i = 1; i <= report.rounds; ++i) assert_true(losses[i] < losses[i - 1]);
    assert_true(isfinite(report.validation_loss) && report.seconds > 0.0);
    free(indices);
    ofdm_model_free(model);
    free(x);
}

static void test_the_same_choice_on_one_and_two_threads(void **state) {
    double *x = planted_sample(3000, 72);
    ofdm_fit_options fit = identity_coordinates();
    ofdm_adaptive_options one, two;
    ofdm_model *a = NULL, *b = NULL;
    double alpha_a[400], alpha_b[400];
    int64_t K;
    (void)state;
    ofdm_adaptive_options_init(&one);
    ofdm_adaptive_options_init(&two);
    one.threads = 1;
    two.threads = 2;
    assert_int_equal(ofdm_fit_adaptive(x, 3000, 3, 3, &fit, &one, &a, NULL), OFDM_OK);
    assert_int_equal(ofdm_fit_adaptive(x, 3000, 3, 3, &fit, &two, &b, NULL), OFDM_OK);
    K = ofdm_basis_size(ofdm_model_basis(a));
    assert_int_equal(K, ofdm_basis_size(ofdm_model_basis(b)));
    assert_true(K <= 400);
    assert_int_equal(ofdm_model_coefficients(a, 0.3, alpha_a), OFDM_OK);
    assert_int_equal(ofdm_model_coefficients(b, 0.3, alpha_b), OFDM_OK);
    assert_memory_equal(alpha_a, alpha_b, (size_t)K * sizeof *alpha_a);
    ofdm_model_free(a);
    ofdm_model_free(b);
    free(x);
}

static int cancel_at_round_two(int64_t done, int64_t total, void *data) {
    (void)total;
    ++*(int *)data;
    return done >= 2;
}

static void test_bad_options_cancellation_and_memory_leave_no_model(void **state) {
    double *x = planted_sample(1000, 73);
    ofdm_fit_options fit = identity_coordinates();
    ofdm_adaptive_options options;
    ofdm_adaptive_report report;
    ofdm_model *model = NULL;
    int calls = 0;
    (void)state;
    ofdm_adaptive_options_init(&options);
    options.max_basis_size = 5; /* the start set has 6 */
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, &options, &model, NULL), OFDM_ERR_INVALID_ARGUMENT,
                   "max_basis_size");
    options.max_basis_size = 0;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, &options, &model, NULL), OFDM_ERR_INVALID_ARGUMENT,
                   "max_basis_size");
    ofdm_adaptive_options_init(&options);
    options.validation_fraction = 0.0;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, &options, &model, NULL), OFDM_ERR_INVALID_ARGUMENT,
                   "validation_fraction");
    ofdm_adaptive_options_init(&options);
    options.threads = -1;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, &options, &model, NULL), OFDM_ERR_INVALID_ARGUMENT,
                   "threads");
    /* Too few rows for a held-out split. */
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 2, 3, 3, &fit, NULL, &model, NULL), OFDM_ERR_TOO_FEW_SAMPLES, NULL);
    /* A report whose capacity is negative, or positive without an array. */
    ofdm_adaptive_report_init(&report);
    report.round_loss_capacity = 3;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, NULL, &model, &report), OFDM_ERR_NULL_ARGUMENT,
                   "round_losses");
    report.round_loss_capacity = -1;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, NULL, &model, &report), OFDM_ERR_INVALID_ARGUMENT,
                   "round_loss_capacity");
    /* Cancelled between rounds. */
    fit.progress = cancel_at_round_two;
    fit.progress_data = &calls;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, NULL, &model, NULL), OFDM_ERR_CANCELLED, "cancelled");
    assert_true(calls >= 3);
    /* A memory limit below the start set's system. */
    fit = identity_coordinates();
    fit.memory_limit = 64;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 1000, 3, 3, &fit, NULL, &model, NULL), OFDM_ERR_TOO_LARGE, "memory_limit");
    assert_null(model);
    free(x);
}

/* Two modes along the diagonal of R^4, as in tests/model/test_adaptive_basis.cpp: the principal
 * axis carries the double well. */
static double *diagonal_modes(int64_t n, uint64_t seed) {
    capi_rng rng = {seed};
    double *x = malloc((size_t)n * 4 * sizeof *x);
    int64_t i, j;
    for (i = 0; i < n; ++i) {
        const double side = capi_uniform01(&rng) < 0.5 ? -1.0 : 1.0;
        for (j = 0; j < 4; ++j) x[4 * i + j] = side + 0.5 * capi_normal01(&rng);
    }
    return x;
}

static void test_automatic_coordinates_report_the_maps_compared(void **state) {
    double *x = diagonal_modes(2000, 74);
    ofdm_fit_options fit;
    ofdm_adaptive_options options;
    ofdm_adaptive_report report;
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    (void)state;
    ofdm_fit_options_init(&fit);
    fit.coordinates = OFDM_COORDINATES_AUTO;
    ofdm_adaptive_options_init(&options);
    options.max_rounds = 8;
    ofdm_adaptive_report_init(&report);
    assert_true(isnan(report.pca_distance));
    assert_int_equal(ofdm_fit_adaptive(x, 2000, 4, 4, &fit, &options, &model, &report), OFDM_OK);
    assert_int_equal(report.coordinates, OFDM_COORDINATES_PCA);
    assert_true(isfinite(report.standardize_distance));
    assert_true(report.standardize_distance >
                1.5 * report.pca_distance);
    ofdm_model_free(model);
    model = NULL;
    /* A fixed map reports itself and no distances. */
    fit.coordinates = OFDM_COORDINATES_STANDARDIZE;
    assert_int_equal(ofdm_fit_adaptive(x, 2000, 4, 4, &fit, &options, &model, &report), OFDM_OK);
    assert_int_equal(report.coordinates, OFDM_COORDINATES_STANDARDIZE);
    assert_true(isnan(report.standardize_distance));
    ofdm_model_free(model);
    model = NULL;
    /* Refused where it does not apply: a reduced latent_dim, and a fixed fit. */
    fit.coordinates = OFDM_COORDINATES_AUTO;
    options.latent_dim = 2;
    EXPECT_FAILURE(ofdm_fit_adaptive(x, 2000, 4, 4, &fit, &options, &model, NULL), OFDM_ERR_INVALID_ARGUMENT,
                   "OFDM_COORDINATES_AUTO");
    assert_int_equal(ofdm_basis_create_total_degree(4, 2, 0, &basis), OFDM_OK);
    EXPECT_FAILURE(ofdm_fit(basis, x, 2000, 4, &fit, &model), OFDM_ERR_INVALID_ARGUMENT, "ofdm_fit_adaptive");
    assert_null(model);
    ofdm_basis_free(basis);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_planted_sparse_log_density_is_recovered),
        cmocka_unit_test(test_the_same_choice_on_one_and_two_threads),
        cmocka_unit_test(test_bad_options_cancellation_and_memory_leave_no_model),
        cmocka_unit_test(test_automatic_coordinates_report_the_maps_compared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

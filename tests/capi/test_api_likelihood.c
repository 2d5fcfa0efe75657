/*
 * test_api_likelihood.c — the likelihood and reweighting section of ofdm.h as C callers see it:
 * the flow defaults, exact Gaussian log-likelihoods, the sample/likelihood round trip, stats,
 * importance weights and estimates against hand-computed values, and every bad input class with
 * its named status, a message naming the argument, and untouched outputs.
 */
#include "capi/support/capi_support.h"

/* The Gaussian with correlated_sample's empirical mean and covariance (divisor n), which a
 * degree-2 model reproduces exactly (DESIGN §4). */
static double gaussian_log_density(const double *data, int64_t n, const double *point) {
    double mean[2] = {0, 0}, c[3] = {0, 0, 0}, det, r0, r1, q;
    int64_t i;
    for (i = 0; i < n; ++i) mean[0] += data[2 * i] / (double)n, mean[1] += data[2 * i + 1] / (double)n;
    for (i = 0; i < n; ++i) {
        const double a = data[2 * i] - mean[0], b = data[2 * i + 1] - mean[1];
        c[0] += a * a / (double)n, c[1] += a * b / (double)n, c[2] += b * b / (double)n;
    }
    det = c[0] * c[2] - c[1] * c[1];
    r0 = point[0] - mean[0], r1 = point[1] - mean[1];
    q = (c[2] * r0 * r0 - 2 * c[1] * r0 * r1 + c[0] * r1 * r1) / det;
    return -0.5 * q - 0.5 * log(det) - log(2.0 * 3.14159265358979323846);
}

static void test_flow_defaults(void **state) {
    ofdm_sample_options o;
    (void)state;
    ofdm_flow_options_init(&o);
    assert_int_equal(o.struct_size, sizeof o);
    assert_int_equal(o.steps, 64);
    assert_true(o.t_max == 8.0 && o.t_min == 0.0 && o.tolerance == 1e-6);
    assert_int_equal(o.grid, OFDM_GRID_EXPONENTIAL);
    assert_int_equal(o.guard, 1);
    (ofdm_flow_options_init)(NULL); /* the 0.1 function: a no-op */
    assert_int_equal(ofdm_flow_options_init_sized(NULL, sizeof o), OFDM_ERR_NULL_ARGUMENT);
    ofdm_sample_options_init(&o);
    assert_true(o.tolerance == 1e-6);
}

static void test_log_likelihood_of_a_gaussian_model_is_the_gaussian(void **state) {
    double *x = correlated_sample(3);
    ofdm_model *model = correlated_model(3, 1.0, OFDM_TIME_GALERKIN);
    double ll[NP];
    int i;
    (void)state;
    assert_int_equal(ofdm_model_log_likelihood(model, kPoints, NP, 2, NULL, ll), OFDM_OK);
    for (i = 0; i < NP; ++i) assert_true(fabs(ll[i] - gaussian_log_density(x, GN, kPoints + 2 * i)) < 1e-3);
    ofdm_model_free(model);
    free(x);
}

static void test_sample_flow_round_trip_stats_and_reproducibility(void **state) {
    ofdm_model *model = mixture_model();
    ofdm_sample_options o;
    ofdm_sample_stats stats;
    double out[2 * 40], again[2 * 40], log_q[40], ll[40], gap = 0.0;
    int i;
    (void)state;
    ofdm_flow_options_init(&o);
    ofdm_sample_stats_init(&stats);
    o.seed = 5;
    o.stats = &stats;
    assert_int_equal(ofdm_model_sample_flow(model, 40, &o, out, 2, log_q), OFDM_OK);
    assert_true(stats.flow_mean_steps >= 64.0 && stats.flow_max_steps >= 64);
    assert_true(stats.coefficient_nodes > 0);
    assert_int_equal(ofdm_model_log_likelihood(model, out, 40, 2, &o, ll), OFDM_OK);
    for (i = 0; i < 40; ++i) gap += fabs(ll[i] - log_q[i]) / 40.0;
    assert_true(gap < 1e-4);
    o.threads = 1;
    assert_int_equal(ofdm_model_sample_flow(model, 40, &o, again, 2, NULL), OFDM_OK);
    assert_memory_equal(out, again, sizeof out);
    ofdm_model_free(model);
}

static void test_importance_against_hand_computed_values(void **state) {
    const double log_q[4] = {-1.0, -2.0, -0.5, -3.0};
    double log_target[4], weights[4], mean[2], error[2];
    const double raw[4] = {1.0, 2.0, 0.0, 1.0}; /* exp(log_target − log_q) */
    const double values[4 * 2] = {1, 10, 2, 20, 3, 30, 4, 40};
    ofdm_importance_summary s;
    int i;
    (void)state;
    for (i = 0; i < 4; ++i) log_target[i] = raw[i] > 0 ? log_q[i] + log(raw[i]) : -INFINITY;
    ofdm_importance_summary_init(&s);
    assert_int_equal(ofdm_importance(log_target, log_q, 4, weights, &s), OFDM_OK);
    /* w = (1, 2, 0, 1)/4: ESS = 16/6, log Z = log(4/4), max weight 1/2. */
    assert_true(fabs(weights[0] - 0.25) < 1e-15 && fabs(weights[1] - 0.5) < 1e-15 && weights[2] == 0.0);
    assert_true(fabs(s.effective_sample_size - 16.0 / 6.0) < 1e-14);
    assert_true(fabs(s.ess_per_sample - 16.0 / 24.0) < 1e-14);
    assert_true(fabs(s.log_z) < 1e-15);
    assert_true(fabs(s.max_weight - 0.5) < 1e-15);
    /* se(log Ẑ)² = (n Σw² − 1)/(n − 1) = (4 · 6/16 − 1)/3 = 1/6. */
    assert_true(fabs(s.log_z_error - sqrt(1.0 / 6.0)) < 1e-14);
    /* mean = Σ w f = (1 + 4 + 4)/4 = 2.25; error² = Σ w² (f − mean)² = (1.5625 + 4·0.0625 + 3.0625)/16. */
    assert_int_equal(ofdm_importance_estimate(weights, 4, values, 2, 2, mean, error), OFDM_OK);
    assert_true(fabs(mean[0] - 2.25) < 1e-14 && fabs(mean[1] - 22.5) < 1e-13);
    assert_true(fabs(error[0] - sqrt((1.5625 + 0.25 + 3.0625) / 16.0)) < 1e-14);
    assert_true(fabs(error[1] - 10.0 * error[0]) < 1e-13);
}

/* ---- bad input -------------------------------------------------------------------------------- */

static void test_likelihood_refuses_bad_arguments(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    ofdm_sample_options o;
    double x[2 * 3] = {0.1, 0.2, NAN, 0.0, 0.3, 0.4}, out[3];
    (void)state;
    ofdm_flow_options_init(&o);
    fill(out, 3);
    EXPECT_FAILURE(ofdm_model_log_likelihood(NULL, x, 3, 2, &o, out), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, NULL, 3, 2, &o, out), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 3, 2, &o, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, -1, 2, &o, out), OFDM_ERR_INVALID_ARGUMENT, "n");
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 3, 1, &o, out), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 3, 2, &o, out), OFDM_ERR_NONFINITE_INPUT, "row");
    assert_true(strstr(ofdm_last_error(), "x[1][0]") != NULL);
    o.steps = 0;
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 1, 2, &o, out), OFDM_ERR_INVALID_ARGUMENT, "steps");
    ofdm_flow_options_init(&o);
    o.t_max = 0.0; /* T <= t_min */
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 1, 2, &o, out), OFDM_ERR_INVALID_ARGUMENT, "t_max");
    ofdm_flow_options_init(&o);
    o.tolerance = 0.0;
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 1, 2, &o, out), OFDM_ERR_INVALID_ARGUMENT, "tolerance");
    ofdm_flow_options_init(&o);
    o.t_max = 31.0;
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 1, 2, &o, out), OFDM_ERR_INVALID_ARGUMENT, "t_max");
    ofdm_flow_options_init(&o);
    o.grid = OFDM_GRID_GEOMETRIC; /* t_min = 0 has no logarithm */
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 1, 2, &o, out), OFDM_ERR_INVALID_ARGUMENT, "t_min");
    ofdm_flow_options_init(&o);
    o.struct_size = 8;
    EXPECT_FAILURE(ofdm_model_log_likelihood(model, x, 1, 2, &o, out), OFDM_ERR_INVALID_ARGUMENT, "options");
    assert_true(untouched(out, 3));
    /* n = 0: nothing to do. */
    assert_int_equal(ofdm_model_log_likelihood(model, NULL, 0, 2, NULL, NULL), OFDM_OK);
    ofdm_model_free(model);
}

static void test_sample_flow_refuses_bad_arguments(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    ofdm_sample_options o;
    ofdm_sample_stats stats;
    double out[2 * 4], log_q[4];
    (void)state;
    ofdm_flow_options_init(&o);
    fill(out, 8);
    fill(log_q, 4);
    EXPECT_FAILURE(ofdm_model_sample_flow(NULL, 4, &o, out, 2, log_q), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_sample_flow(model, 4, &o, NULL, 2, log_q), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_sample_flow(model, -2, &o, out, 2, log_q), OFDM_ERR_INVALID_ARGUMENT, "n");
    EXPECT_FAILURE(ofdm_model_sample_flow(model, 4, &o, out, 1, log_q), OFDM_ERR_INVALID_ARGUMENT, "ldout");
    o.steps = 0;
    EXPECT_FAILURE(ofdm_model_sample_flow(model, 4, &o, out, 2, log_q), OFDM_ERR_INVALID_ARGUMENT, "steps");
    ofdm_flow_options_init(&o);
    o.t_min = 9.0;
    EXPECT_FAILURE(ofdm_model_sample_flow(model, 4, &o, out, 2, log_q), OFDM_ERR_INVALID_ARGUMENT, "t_min");
    ofdm_flow_options_init(&o);
    ofdm_sample_stats_init(&stats);
    stats.struct_size = 3;
    o.stats = &stats;
    EXPECT_FAILURE(ofdm_model_sample_flow(model, 4, &o, out, 2, log_q), OFDM_ERR_INVALID_ARGUMENT, "stats");
    assert_true(untouched(out, 8) && untouched(log_q, 4));
    ofdm_model_free(model);
}

static void test_importance_refuses_bad_input(void **state) {
    const double log_q[3] = {0.0, -1.0, -2.0};
    double log_target[3] = {0.0, NAN, 0.0}, weights[3], mean[1], error[1];
    double bad_weights[3] = {0.5, -0.1, 0.6}, values[3] = {1.0, 2.0, 3.0};
    ofdm_importance_summary s;
    (void)state;
    fill(weights, 3);
    ofdm_importance_summary_init(&s);
    EXPECT_FAILURE(ofdm_importance(NULL, log_q, 3, weights, &s), OFDM_ERR_NULL_ARGUMENT, "log_target");
    EXPECT_FAILURE(ofdm_importance(log_target, NULL, 3, weights, &s), OFDM_ERR_NULL_ARGUMENT, "log_q");
    EXPECT_FAILURE(ofdm_importance(log_target, log_q, 3, weights, &s), OFDM_ERR_NONFINITE_INPUT, "log_target");
    assert_true(strstr(ofdm_last_error(), "log_target[1]") != NULL);
    log_target[1] = INFINITY;
    EXPECT_FAILURE(ofdm_importance(log_target, log_q, 3, weights, &s), OFDM_ERR_NONFINITE_INPUT, "log_target");
    log_target[0] = log_target[1] = log_target[2] = -INFINITY;
    EXPECT_FAILURE(ofdm_importance(log_target, log_q, 3, weights, &s), OFDM_ERR_INVALID_ARGUMENT, "zero");
    log_target[0] = log_target[1] = log_target[2] = 0.0;
    EXPECT_FAILURE(ofdm_importance(log_target, log_q, 0, weights, &s), OFDM_ERR_INVALID_ARGUMENT, "n");
    s.struct_size = 1;
    EXPECT_FAILURE(ofdm_importance(log_target, log_q, 3, weights, &s), OFDM_ERR_INVALID_ARGUMENT, "summary");
    assert_true(untouched(weights, 3));
    fill(mean, 1);
    EXPECT_FAILURE(ofdm_importance_estimate(bad_weights, 3, values, 1, 1, mean, error), OFDM_ERR_INVALID_ARGUMENT, "negative");
    EXPECT_FAILURE(ofdm_importance_estimate(NULL, 3, values, 1, 1, mean, error), OFDM_ERR_NULL_ARGUMENT, "weights");
    EXPECT_FAILURE(ofdm_importance_estimate(log_q + 0, 3, values, 1, 0, mean, error), OFDM_ERR_INVALID_ARGUMENT, "ldv");
    values[2] = NAN;
    bad_weights[1] = 0.1;
    EXPECT_FAILURE(ofdm_importance_estimate(bad_weights, 3, values, 1, 1, mean, error), OFDM_ERR_NONFINITE_INPUT, "row");
    assert_true(untouched(mean, 1));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_defaults),
        cmocka_unit_test(test_log_likelihood_of_a_gaussian_model_is_the_gaussian),
        cmocka_unit_test(test_sample_flow_round_trip_stats_and_reproducibility),
        cmocka_unit_test(test_importance_against_hand_computed_values),
        cmocka_unit_test(test_likelihood_refuses_bad_arguments),
        cmocka_unit_test(test_sample_flow_refuses_bad_arguments),
        cmocka_unit_test(test_importance_refuses_bad_input),
    };
    return cmocka_run_group_tests_name("test_api_likelihood", tests, NULL, NULL);
}

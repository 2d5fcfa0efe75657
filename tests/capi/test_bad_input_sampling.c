/*
 * test_bad_input_sampling.c — ofdm_model_sample fed bad arguments and bad options, and a
 * deliberately bad model that must still give finite samples.
 *
 * Every bad input must get its named status (ofdm.h, "Status and errors"), a message from
 * ofdm_last_error() that names the offending argument or option, and no write through
 * out-pointers: the output array is filled with a sentinel and must keep it, and so must the
 * caller's stats struct.
 */
#include "capi/support/capi_support.h"

/* ---- arguments ------------------------------------------------------------------------------ */

static void test_sample_refuses_null_model_and_null_out(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    const ofdm_sample_options o = short_run(10, 1, 0);
    double out[2 * 4];
    (void)state;
    fill(out, 8);
    EXPECT_FAILURE(ofdm_model_sample(NULL, 4, &o, out, 2), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_sample(model, 4, &o, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "out");
    assert_true(untouched(out, 8));
    /* n = 0: nothing to do, out may be NULL (with options and with the defaults). */
    assert_int_equal(ofdm_model_sample(model, 0, &o, NULL, 2), OFDM_OK);
    assert_int_equal(ofdm_model_sample(model, 0, NULL, NULL, 2), OFDM_OK);
    ofdm_model_free(model);
}

static void test_sample_refuses_negative_n_and_short_ldout(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    const ofdm_sample_options o = short_run(10, 1, 0);
    double out[2 * 4];
    (void)state;
    fill(out, 8);
    EXPECT_FAILURE(ofdm_model_sample(model, -1, &o, out, 2), OFDM_ERR_INVALID_ARGUMENT, "n");
    EXPECT_FAILURE(ofdm_model_sample(model, 4, &o, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldout");
    EXPECT_FAILURE(ofdm_model_sample(model, 4, &o, out, 0), OFDM_ERR_INVALID_ARGUMENT, "ldout");
    assert_true(untouched(out, 8));
    ofdm_model_free(model);
}

/* n = 2^62 rows of d = 2 need 2^63 doubles, more than a 64-bit size can count: the call must fail
 * before allocating or writing anything, with OFDM_ERR_TOO_LARGE as ofdm_model_sample documents
 * for a working copy beyond memory. */
static void test_an_impossible_sample_count_fails_with_a_documented_status(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    const ofdm_sample_options o = short_run(10, 1, 0);
    double out[2 * 4];
    ofdm_status status;
    (void)state;
    fill(out, 8);
    status = ofdm_model_sample(model, INT64_C(1) << 62, &o, out, 2);
    assert_true(untouched(out, 8));
    ofdm_model_free(model);
    if (status != OFDM_ERR_TOO_LARGE)
        fail_msg("ofdm_model_sample(n = 2^62) returned %d (%s), not OFDM_ERR_TOO_LARGE; last error: %s",
                 (int)status, ofdm_status_string(status), ofdm_last_error());
}

/* ---- options -------------------------------------------------------------------------------- */

/* Each invalid option alone, on top of valid defaults: OFDM_ERR_INVALID_ARGUMENT naming the
 * option, nothing written to out or to the stats. */
static void test_sample_names_each_invalid_option(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    ofdm_sample_options o;
    ofdm_sample_stats stats;
    double out[2 * 4];
    (void)state;
    fill(out, 8);
    ofdm_sample_stats_init(&stats);
    stats.guarded_steps = -7;
#define BAD_OPTION(field, value, word)                                                           \
    o = short_run(10, 1, 0);                                                                     \
    o.stats = &stats;                                                                            \
    o.field = value;                                                                             \
    EXPECT_FAILURE(ofdm_model_sample(model, 4, &o, out, 2), OFDM_ERR_INVALID_ARGUMENT, word)
    BAD_OPTION(struct_size, 0, "struct_size");
    BAD_OPTION(struct_size, sizeof o - 4, "struct_size"); /* no layout; larger ones: test_abi_layouts.c */
    BAD_OPTION(method, 7, "method");
    BAD_OPTION(method, -1, "method");
    BAD_OPTION(steps, -1, "steps");
    BAD_OPTION(steps, 0, "steps");
    BAD_OPTION(t_max, 1e-3, "t_max");  /* t_max == t_min */
    BAD_OPTION(t_max, 1e-4, "t_max");  /* t_max < t_min */
    BAD_OPTION(t_max, NAN, "t_max");
    BAD_OPTION(t_min, -0.5, "t_min");
    BAD_OPTION(t_min, 0.0, "t_min");   /* the default grid is geometric */
    BAD_OPTION(t_min, NAN, "t_min");
    BAD_OPTION(grid, 9, "grid");
    BAD_OPTION(corrector, 9, "corrector");
    BAD_OPTION(corrector_steps, -1, "corrector_steps");
    BAD_OPTION(corrector_steps, 1001, "corrector_steps"); /* documented range 0..1000 */
    BAD_OPTION(corrector_snr, 0.0, "corrector_snr");
    BAD_OPTION(corrector_snr, -0.1, "corrector_snr");
    BAD_OPTION(corrector_snr, NAN, "corrector_snr");
    BAD_OPTION(threads, -1, "threads");
#undef BAD_OPTION
    assert_true(untouched(out, 8));
    assert_true(stats.guarded_steps == -7);
    ofdm_model_free(model);
}

/* "t_min: end time > 0 (>= 0 on a uniform grid)": t_min = 0 on the uniform grid is valid, and the
 * samples stay finite with every sampler and corrector although the last level has no noise. */
static void test_t_min_zero_is_accepted_on_a_uniform_grid(void **state) {
    static const int32_t methods[3] = {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_HEUN, OFDM_SAMPLER_ODE_EULER};
    static const int32_t correctors[3] = {OFDM_CORRECTOR_NONE, OFDM_CORRECTOR_LANGEVIN, OFDM_CORRECTOR_MALA};
    ofdm_model *model = mixture_model();
    int m, c;
    (void)state;
    for (m = 0; m < 3; ++m)
        for (c = 0; c < 3; ++c) {
            ofdm_sample_options o = short_run(20, 1, 0);
            double *out;
            o.grid = OFDM_GRID_UNIFORM, o.t_min = 0.0, o.method = methods[m], o.corrector = correctors[c];
            out = draw(model, 64, &o, 2);
            if (!all_finite(out, 64, 2, 2))
                fail_msg("non-finite sample with t_min = 0: method %d, corrector %d", (int)o.method, (int)o.corrector);
            free(out);
        }
    ofdm_model_free(model);
}

/* A stats struct from another header version is refused before any work, like the options. */
static void test_stats_with_a_wrong_struct_size_are_refused(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    ofdm_sample_options o = short_run(10, 1, 0);
    ofdm_sample_stats stats;
    double out[2 * 4];
    (void)state;
    fill(out, 8);
    o.stats = &stats;
    ofdm_sample_stats_init(&stats);
    stats.struct_size = sizeof stats - 1;
    stats.corrector_proposals = -7;
    EXPECT_FAILURE(ofdm_model_sample(model, 4, &o, out, 2), OFDM_ERR_INVALID_ARGUMENT, "struct_size");
    stats.struct_size = 0;
    EXPECT_FAILURE(ofdm_model_sample(model, 4, &o, out, 2), OFDM_ERR_INVALID_ARGUMENT, "struct_size");
    assert_true(untouched(out, 8));
    assert_true(stats.corrector_proposals == -7);
    ofdm_model_free(model);
}

/* ---- a deliberately bad model ---------------------------------------------------------------- */

/* 40 points with total degree 10: K = 65 functions against n·d = 80 numbers, held together by the ridge;
 * the fitted log-density is wild away from the data. The tail guard must keep every one of 500
 * default SDE samples finite (ofdm.h: "the tail guard keeps every sample finite whatever the fitted
 * density does far from the data"), and it must have had work to do. */
static void test_a_deliberately_bad_model_still_gives_finite_samples(void **state) {
    double *x = gaussian_data(40, 2, 404);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options fit;
    ofdm_sample_options o;
    ofdm_sample_stats stats;
    double *out;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 10, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&fit);
    fit.ridge = 1e-6;
    assert_int_equal(ofdm_fit(basis, x, 40, 2, &fit, &model), OFDM_OK);
    ofdm_sample_options_init(&o);
    ofdm_sample_stats_init(&stats);
    o.stats = &stats;
    out = draw(model, 500, &o, 2);
    assert_true(all_finite(out, 500, 2, 2));
    assert_true(stats.guarded_steps > 0);
    assert_true(stats.guarded_samples > 0 && stats.guarded_samples <= 500);
    free(out);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_refuses_null_model_and_null_out),
        cmocka_unit_test(test_sample_refuses_negative_n_and_short_ldout),
        cmocka_unit_test(test_an_impossible_sample_count_fails_with_a_documented_status),
        cmocka_unit_test(test_sample_names_each_invalid_option),
        cmocka_unit_test(test_t_min_zero_is_accepted_on_a_uniform_grid),
        cmocka_unit_test(test_stats_with_a_wrong_struct_size_are_refused),
        cmocka_unit_test(test_a_deliberately_bad_model_still_gives_finite_samples),
    };
    return cmocka_run_group_tests_name("test_bad_input_sampling", tests, NULL, NULL);
}

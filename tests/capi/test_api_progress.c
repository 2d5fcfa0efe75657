/*
 * test_api_progress.c — the progress callback of ofdm_fit and ofdm_model_sample (ofdm.h,
 * ofdm_progress_fn): what it reports, on which thread, and cancellation, which must leave every
 * output untouched.
 *
 * A callback is called "a few times per second at most, and once at the end", so a fast run may
 * see only the final call: the tests rely on that final call and on nothing in between.
 */
#include "capi/support/capi_support.h"

#include <pthread.h>

/* What a callback saw. It cancels on call number cancel_at (1-based; 0: never) and, when
 * cancel_when_done is set, on the call with done == total. */
typedef struct {
    int calls, cancel_at, cancel_when_done;
    int64_t first_total, last_done, last_total;
    int totals_agree, done_never_decreases, done_within_total, on_calling_thread;
    pthread_t caller;
} recorder;

static recorder new_recorder(int cancel_at, int cancel_when_done) {
    recorder r;
    memset(&r, 0, sizeof r);
    r.cancel_at = cancel_at, r.cancel_when_done = cancel_when_done;
    r.totals_agree = r.done_never_decreases = r.done_within_total = r.on_calling_thread = 1;
    r.last_done = -1;
    r.caller = pthread_self();
    return r;
}

static int record(int64_t done, int64_t total, void *user_data) {
    recorder *r = user_data;
    if (r->calls == 0) r->first_total = total;
    ++r->calls;
    r->totals_agree &= total == r->first_total;
    r->done_never_decreases &= done >= r->last_done;
    r->done_within_total &= done >= 0 && done <= total;
    r->on_calling_thread &= pthread_equal(pthread_self(), r->caller) != 0;
    r->last_done = done, r->last_total = total;
    return r->calls == r->cancel_at || (r->cancel_when_done && done == total);
}

/* The checks every completed report sequence must pass: consistent totals, done rising to total
 * on the final call, every call on the thread that called into ofdm. */
static void assert_reports_end_at(const recorder *r, int64_t total) {
    assert_true(r->calls >= 1);
    assert_true(r->totals_agree);
    assert_int_equal(r->last_total, total);
    assert_int_equal(r->last_done, total);
    assert_true(r->done_never_decreases);
    assert_true(r->done_within_total);
    assert_true(r->on_calling_thread);
}

/* ---- sampling ------------------------------------------------------------------------------ */

/* Units are sample-steps: total = n × steps. Four worker threads, reports on the caller's. */
static void test_sampling_progress_ends_with_done_equal_to_total(void **state) {
    ofdm_model *model = mixture_model();
    ofdm_sample_options o = short_run(40, 1, 4);
    recorder r = new_recorder(0, 0);
    double *out;
    (void)state;
    o.progress = record, o.progress_data = &r;
    out = draw(model, 300, &o, 2);
    assert_reports_end_at(&r, 300 * 40);
    free(out);
    ofdm_model_free(model);
}

/* The default step count is 400 whatever the method (ofdm.h, ofdm_sample_options); the progress
 * total n × steps shows which count was used. */
static void test_default_step_count_is_the_documented_one(void **state) {
    static const int32_t methods[3] = {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_HEUN, OFDM_SAMPLER_ODE_EULER};
    ofdm_model *model = mixture_model();
    int m;
    (void)state;
    for (m = 0; m < 3; ++m) {
        ofdm_sample_options o;
        recorder r = new_recorder(0, 0);
        double *out;
        ofdm_sample_options_init(&o);
        o.method = methods[m], o.progress = record, o.progress_data = &r;
        out = draw(model, 3, &o, 2);
        assert_reports_end_at(&r, 3 * 400);
        free(out);
    }
    ofdm_model_free(model);
}

/* Cancelling on the first call: OFDM_ERR_CANCELLED, no sample written, the stats untouched (they
 * are an output too), and a message that says so. 4096 samples at the default 400 steps run long
 * enough (≈ 0.2 s here, far more under valgrind) for a report "a few times per second" to come
 * mid-run, so this cancels mid-run on a slow machine and at the final report on a fast one; both
 * must leave out alone. */
static void test_cancelling_sampling_writes_nothing(void **state) {
    static const int32_t threads[2] = {1, 4};
    const int64_t n = 4096;
    ofdm_model *model = mixture_model();
    double *out = malloc((size_t)(2 * n) * sizeof *out);
    int k;
    (void)state;
    assert_non_null(out);
    for (k = 0; k < 2; ++k) {
        ofdm_sample_options o = short_run(400, 1, threads[k]);
        ofdm_sample_stats stats;
        recorder r = new_recorder(1, 0);
        ofdm_sample_stats_init(&stats);
        stats.guarded_steps = stats.corrector_proposals = -7;
        o.progress = record, o.progress_data = &r, o.stats = &stats;
        fill(out, (size_t)(2 * n));
        EXPECT_FAILURE(ofdm_model_sample(model, n, &o, out, 2), OFDM_ERR_CANCELLED, NULL);
        assert_non_null(strstr(ofdm_last_error(), "cancel"));
        assert_int_equal(r.calls, 1); /* "the call then returns": no report after the cancel */
        assert_true(r.on_calling_thread);
        assert_true(untouched(out, (size_t)(2 * n)));
        assert_true(stats.guarded_steps == -7 && stats.corrector_proposals == -7);
    }
    free(out);
    ofdm_model_free(model);
}

/* The final report is a call like any other: returning non-zero there still cancels. */
static void test_cancelling_at_the_final_report_writes_nothing(void **state) {
    ofdm_model *model = mixture_model();
    ofdm_sample_options o = short_run(20, 1, 0);
    recorder r = new_recorder(0, 1);
    double out[2 * 50];
    (void)state;
    o.progress = record, o.progress_data = &r;
    fill(out, 100);
    EXPECT_FAILURE(ofdm_model_sample(model, 50, &o, out, 2), OFDM_ERR_CANCELLED, NULL);
    assert_non_null(strstr(ofdm_last_error(), "cancel"));
    assert_int_equal(r.last_done, 50 * 20);
    assert_true(untouched(out, 100));
    ofdm_model_free(model);
}

/* ---- fit ------------------------------------------------------------------------------------- */

/* Fit units are samples read: total = n. */
static void test_fit_progress_ends_with_done_equal_to_total(void **state) {
    const int64_t n = 20000;
    double *x = mixture_sample(n, 41);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    recorder r = new_recorder(0, 0);
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 4, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.progress = record, options.progress_data = &r;
    assert_int_equal(ofdm_fit(basis, x, n, 2, &options, &model), OFDM_OK);
    assert_non_null(model);
    assert_reports_end_at(&r, n);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

/* Cancelling on the first call (mid-read or at the final report): no model, *out stays NULL. */
static void test_cancelling_the_fit_creates_no_model(void **state) {
    const int64_t n = 20000;
    double *x = mixture_sample(n, 41);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    recorder r = new_recorder(1, 0);
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 4, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&options);
    options.progress = record, options.progress_data = &r;
    EXPECT_FAILURE(ofdm_fit(basis, x, n, 2, &options, &model), OFDM_ERR_CANCELLED, NULL);
    assert_non_null(strstr(ofdm_last_error(), "cancel"));
    assert_int_equal(r.calls, 1); /* "the call then returns": no report after the cancel */
    assert_null(model);
    r = new_recorder(0, 1); /* and at the final report */
    options.progress_data = &r;
    EXPECT_FAILURE(ofdm_fit(basis, x, n, 2, &options, &model), OFDM_ERR_CANCELLED, NULL);
    assert_int_equal(r.last_done, n);
    assert_null(model);
    ofdm_basis_free(basis);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sampling_progress_ends_with_done_equal_to_total),
        cmocka_unit_test(test_default_step_count_is_the_documented_one),
        cmocka_unit_test(test_cancelling_sampling_writes_nothing),
        cmocka_unit_test(test_cancelling_at_the_final_report_writes_nothing),
        cmocka_unit_test(test_fit_progress_ends_with_done_equal_to_total),
        cmocka_unit_test(test_cancelling_the_fit_creates_no_model),
    };
    return cmocka_run_group_tests_name("test_api_progress", tests, NULL, NULL);
}

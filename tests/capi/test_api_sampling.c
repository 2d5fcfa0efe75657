/*
 * test_api_sampling.c — ofdm_model_sample in the normal flow, as a C99 caller sees it: the
 * documented defaults, reproducibility (seed, thread count, prefixes, padding), finite samples
 * for every sampler and corrector, the run statistics, and samples that follow the data.
 *
 * Runs are short (tens of steps, at most a few hundred samples) so that the suite stays fast
 * under valgrind; what is checked here does not depend on the step count.
 */
#include "capi/support/capi_support.h"

#include <pthread.h>

/* ---- defaults ------------------------------------------------------------------------------ */

static void test_sample_options_init_sets_the_documented_defaults(void **state) {
    ofdm_sample_options o;
    ofdm_sample_stats stats;
    (void)state;
    memset(&o, 0xAB, sizeof o); /* garbage in every field the init must overwrite */
    ofdm_sample_options_init(&o);
    assert_int_equal(o.struct_size, sizeof o);
    assert_int_equal(o.method, OFDM_SAMPLER_SDE);
    assert_int_equal(o.steps, 400);
    assert_true(o.t_max == 5.0 && o.t_min == 1e-3);
    assert_int_equal(o.grid, OFDM_GRID_GEOMETRIC);
    assert_int_equal(o.corrector, OFDM_CORRECTOR_NONE);
    assert_int_equal(o.corrector_steps, 1);
    assert_true(o.corrector_snr == 0.1);
    assert_true(o.denoise != 0 && o.guard != 0);
    assert_true(o.seed == 0);
    assert_int_equal(o.threads, 0);
    assert_null(o.progress);
    assert_null(o.progress_data);
    assert_null(o.stats);
    memset(&stats, 0xAB, sizeof stats);
    ofdm_sample_stats_init(&stats);
    assert_int_equal(stats.struct_size, sizeof stats);
    assert_true(stats.guarded_steps == 0 && stats.guarded_samples == 0);
    assert_true(stats.corrector_proposals == 0 && stats.corrector_accepted == 0);
    assert_true(stats.coefficient_nodes == 0 && stats.coefficient_error == 0.0);
    (ofdm_sample_options_init)(NULL); /* the 0.1 functions: documented no-ops */
    (ofdm_sample_stats_init)(NULL);
    assert_int_equal(ofdm_sample_stats_init_sized(NULL, sizeof stats), OFDM_ERR_NULL_ARGUMENT);
}

/* NULL options are the defaults: the same samples, bit for bit, as a struct fresh from
 * ofdm_sample_options_init (default SDE, 400 steps; 16 samples keep it cheap). */
static void test_null_options_mean_the_defaults(void **state) {
    ofdm_model *model = mixture_model();
    ofdm_sample_options o;
    double *with_defaults, *with_null;
    (void)state;
    ofdm_sample_options_init(&o);
    with_defaults = draw(model, 16, &o, 2);
    with_null = draw(model, 16, NULL, 2);
    assert_memory_equal(with_null, with_defaults, 32 * sizeof(double));
    free(with_null);
    free(with_defaults);
    ofdm_model_free(model);
}

/* ---- reproducibility ------------------------------------------------------------------------- */

/* 300 samples span five batches of the library's work split, so 4 threads really share them. */
static void test_same_seed_gives_bit_identical_samples_whatever_the_thread_count(void **state) {
    ofdm_model *model = mixture_model();
    const ofdm_sample_options one = short_run(30, 2024, 1), four = short_run(30, 2024, 4),
                              all = short_run(30, 2024, 0);
    double *a = draw(model, 300, &one, 2), *b = draw(model, 300, &four, 2), *c = draw(model, 300, &all, 2),
           *again = draw(model, 300, &four, 2);
    (void)state;
    assert_memory_equal(b, a, 600 * sizeof(double));
    assert_memory_equal(c, a, 600 * sizeof(double));
    assert_memory_equal(again, a, 600 * sizeof(double));
    free(again);
    free(c);
    free(b);
    free(a);
    ofdm_model_free(model);
}

/* The SDE draws fresh noise for every sample, so a new seed changes every single row. */
static void test_a_different_seed_gives_different_samples(void **state) {
    ofdm_model *model = mixture_model();
    const ofdm_sample_options first = short_run(30, 2024, 0), second = short_run(30, 2025, 0);
    double *a = draw(model, 100, &first, 2), *b = draw(model, 100, &second, 2);
    int i;
    (void)state;
    for (i = 0; i < 100; ++i) assert_memory_not_equal(a + 2 * i, b + 2 * i, 2 * sizeof(double));
    free(b);
    free(a);
    ofdm_model_free(model);
}

/* "A run of n samples is a prefix of a run of more": 1 and 100 against 300, with different thread
 * counts so the batches are laid out differently too. */
static void test_a_run_is_a_prefix_of_a_longer_run(void **state) {
    ofdm_model *model = mixture_model();
    const ofdm_sample_options options = short_run(30, 77, 4), single = short_run(30, 77, 1);
    double *longer = draw(model, 300, &options, 2), *shorter = draw(model, 100, &single, 2),
           *one = draw(model, 1, &options, 2);
    (void)state;
    assert_memory_equal(shorter, longer, 200 * sizeof(double));
    assert_memory_equal(one, longer, 2 * sizeof(double));
    free(one);
    free(shorter);
    free(longer);
    ofdm_model_free(model);
}

/* ldout = 5 > d = 2: the samples are the same bits as with ldout = 2, columns 2..4 keep their
 * sentinel. */
static void test_padding_columns_beyond_d_are_untouched(void **state) {
    ofdm_model *model = mixture_model();
    const ofdm_sample_options options = short_run(30, 5, 0);
    double *dense = draw(model, 70, &options, 2), *padded = draw(model, 70, &options, 5);
    int i;
    (void)state;
    for (i = 0; i < 70; ++i) {
        assert_memory_equal(padded + 5 * i, dense + 2 * i, 2 * sizeof(double));
        assert_true(untouched(padded + 5 * i + 2, 3));
    }
    free(padded);
    free(dense);
    ofdm_model_free(model);
}

/* Many threads may sample from one model at once (ofdm.h, "Sampling"): four callers with the same
 * seed must each get the single-threaded answer. */
typedef struct {
    const ofdm_model *model;
    double out[2 * 100];
    ofdm_status status;
} sampling_job;

static void *run_sampling_job(void *argument) {
    sampling_job *job = argument;
    const ofdm_sample_options options = short_run(30, 99, 2);
    job->status = ofdm_model_sample(job->model, 100, &options, job->out, 2);
    return NULL;
}

static void test_many_threads_may_sample_from_one_model_at_once(void **state) {
    ofdm_model *model = mixture_model();
    const ofdm_sample_options options = short_run(30, 99, 1);
    double *want = draw(model, 100, &options, 2);
    sampling_job jobs[4];
    pthread_t threads[4];
    int k;
    (void)state;
    for (k = 0; k < 4; ++k) {
        jobs[k].model = model;
        jobs[k].status = OFDM_ERR_INTERNAL;
        assert_int_equal(pthread_create(&threads[k], NULL, run_sampling_job, &jobs[k]), 0);
    }
    for (k = 0; k < 4; ++k) assert_int_equal(pthread_join(threads[k], NULL), 0);
    for (k = 0; k < 4; ++k) {
        assert_int_equal(jobs[k].status, OFDM_OK);
        assert_memory_equal(jobs[k].out, want, sizeof jobs[k].out);
    }
    free(want);
    ofdm_model_free(model);
}

/* ---- every sampler stays finite ---------------------------------------------------------------- */

static void test_every_sampler_and_corrector_gives_finite_samples(void **state) {
    static const int32_t methods[3] = {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_HEUN, OFDM_SAMPLER_ODE_EULER};
    static const int32_t correctors[3] = {OFDM_CORRECTOR_NONE, OFDM_CORRECTOR_LANGEVIN, OFDM_CORRECTOR_MALA};
    ofdm_model *model = mixture_model();
    int m, c, denoise, grid;
    (void)state;
    for (m = 0; m < 3; ++m)
        for (c = 0; c < 3; ++c)
            for (denoise = 0; denoise < 2; ++denoise)
                for (grid = 0; grid < 2; ++grid) {
                    ofdm_sample_options o = short_run(20, 11, 0);
                    double *out;
                    o.method = methods[m], o.corrector = correctors[c], o.denoise = denoise;
                    o.grid = grid ? OFDM_GRID_UNIFORM : OFDM_GRID_GEOMETRIC;
                    out = draw(model, 64, &o, 2);
                    if (!all_finite(out, 64, 2, 2))
                        fail_msg("non-finite sample: method %d, corrector %d, denoise %d, grid %d", (int)o.method,
                                 (int)o.corrector, denoise, (int)o.grid);
                    free(out);
                }
    ofdm_model_free(model);
}

/* ---- statistics ---------------------------------------------------------------------------------- */

/* MALA makes one proposal per sample, step and corrector move, and the counters are written on
 * success (they start at −1 here, never a value a run reports). */
static void test_mala_stats_count_every_proposal(void **state) {
    ofdm_model *model = mixture_model();
    ofdm_sample_options o = short_run(20, 3, 0);
    ofdm_sample_stats stats;
    double *out;
    (void)state;
    ofdm_sample_stats_init(&stats);
    stats.guarded_steps = stats.guarded_samples = stats.corrector_proposals = stats.corrector_accepted = -1;
    o.corrector = OFDM_CORRECTOR_MALA, o.corrector_steps = 3, o.stats = &stats;
    out = draw(model, 100, &o, 2);
    assert_int_equal(stats.corrector_proposals, 100 * 20 * 3);
    assert_true(stats.corrector_accepted > 0 && stats.corrector_accepted <= stats.corrector_proposals);
    /* guarded_steps counts sample-steps, guarded_samples samples: bounded by n × steps and n. */
    assert_true(stats.guarded_steps >= 0 && stats.guarded_steps <= 100 * 20);
    assert_true(stats.guarded_samples >= 0 && stats.guarded_samples <= 100);
    assert_true(stats.guarded_samples <= stats.guarded_steps);
    free(out);
    ofdm_model_free(model);
}

static void test_stats_report_no_proposals_without_mala(void **state) {
    static const int32_t correctors[2] = {OFDM_CORRECTOR_NONE, OFDM_CORRECTOR_LANGEVIN};
    ofdm_model *model = mixture_model();
    int c;
    (void)state;
    for (c = 0; c < 2; ++c) {
        ofdm_sample_options o = short_run(20, 3, 0);
        ofdm_sample_stats stats;
        double *out;
        ofdm_sample_stats_init(&stats);
        stats.corrector_proposals = stats.corrector_accepted = -1;
        o.corrector = correctors[c], o.stats = &stats;
        out = draw(model, 100, &o, 2);
        assert_int_equal(stats.corrector_proposals, 0);
        assert_int_equal(stats.corrector_accepted, 0);
        free(out);
    }
    ofdm_model_free(model);
}

/* "α(t) ... interpolated with a measured relative error below 1e-9 (see the stats)": whichever way
 * the library chose for the default 400-step grid, the report is consistent with it. */
static void test_coefficient_stats_are_consistent(void **state) {
    ofdm_model *model = mixture_model();
    ofdm_sample_options o = short_run(400, 1, 0);
    ofdm_sample_stats stats;
    double *out;
    (void)state;
    ofdm_sample_stats_init(&stats);
    stats.coefficient_nodes = -1, stats.coefficient_error = -1.0;
    o.stats = &stats;
    out = draw(model, 8, &o, 2);
    assert_true(stats.coefficient_nodes >= 0);
    if (stats.coefficient_nodes > 0)
        assert_true(stats.coefficient_error >= 0.0 && stats.coefficient_error <= 1e-9);
    else
        assert_true(stats.coefficient_error == 0.0);
    free(out);
    ofdm_model_free(model);
}

/* ---- samples follow the data --------------------------------------------------------------------- */

/* Mean, standard deviations and correlation of the n × 2 rows of x. */
typedef struct {
    double mean[2], std[2], rho;
} moments2;

static moments2 moments_of(const double *x, int n) {
    moments2 m;
    double var[2] = {0.0, 0.0}, cov = 0.0;
    int i, j;
    m.mean[0] = m.mean[1] = 0.0;
    for (i = 0; i < n; ++i)
        for (j = 0; j < 2; ++j) m.mean[j] += x[2 * i + j] / n;
    for (i = 0; i < n; ++i) {
        const double a = x[2 * i] - m.mean[0], b = x[2 * i + 1] - m.mean[1];
        var[0] += a * a / n, var[1] += b * b / n, cov += a * b / n;
    }
    m.std[0] = sqrt(var[0]), m.std[1] = sqrt(var[1]);
    m.rho = cov / (m.std[0] * m.std[1]);
    return m;
}

/* The degree-2 model of Gaussian data has the exact Gaussian score of the data's mean and
 * covariance at every t (test_api_model), so its samples follow N(mean, cov) of the data up to
 * the integrator's error, and they come back in data coordinates (mean ≈ (1, −3), std ≈ (2, 0.5),
 * ρ ≈ 0.6), not latent ones. Bounds, for 2000 samples of the default SDE: 5 standard errors of
 * the samples (std/sqrt(n) for a mean, std/sqrt(2n) for a std, (1 − ρ²)/sqrt(n) for ρ), plus the
 * integrator's bias, measured with 200 000 samples at the default 400 steps as 0.3 % of a std and
 * 0.004 in ρ and allowed for here as 1 % of a std and 0.01. Samples in latent coordinates, or
 * from a score of the wrong sign, miss by tens of standard errors. */
static void test_samples_of_a_gaussian_model_follow_the_data(void **state) {
    const int n = 2000;
    double *data = correlated_sample(101);
    ofdm_model *model = correlated_model(101, 1.0, OFDM_TIME_GALERKIN);
    const ofdm_sample_options o = short_run(400, 8, 0);
    double *x = draw(model, n, &o, 2);
    const moments2 want = moments_of(data, GN), got = moments_of(x, n);
    int j;
    (void)state;
    for (j = 0; j < 2; ++j) {
        assert_true(fabs(got.mean[j] - want.mean[j]) <= want.std[j] * (5.0 / sqrt(n) + 0.01));
        assert_true(fabs(got.std[j] - want.std[j]) <= want.std[j] * (5.0 / sqrt(2.0 * n) + 0.01));
    }
    assert_true(fabs(got.rho - want.rho) <= 5.0 * (1.0 - want.rho * want.rho) / sqrt(n) + 0.01);
    free(x);
    free(data);
    ofdm_model_free(model);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_options_init_sets_the_documented_defaults),
        cmocka_unit_test(test_null_options_mean_the_defaults),
        cmocka_unit_test(test_same_seed_gives_bit_identical_samples_whatever_the_thread_count),
        cmocka_unit_test(test_a_different_seed_gives_different_samples),
        cmocka_unit_test(test_a_run_is_a_prefix_of_a_longer_run),
        cmocka_unit_test(test_padding_columns_beyond_d_are_untouched),
        cmocka_unit_test(test_many_threads_may_sample_from_one_model_at_once),
        cmocka_unit_test(test_every_sampler_and_corrector_gives_finite_samples),
        cmocka_unit_test(test_mala_stats_count_every_proposal),
        cmocka_unit_test(test_stats_report_no_proposals_without_mala),
        cmocka_unit_test(test_coefficient_stats_are_consistent),
        cmocka_unit_test(test_samples_of_a_gaussian_model_follow_the_data),
    };
    return cmocka_run_group_tests_name("test_api_sampling", tests, NULL, NULL);
}

/*
 * test_abi_0_1.c — a program built against the 0.1 header runs against this library.
 *
 * Compiled with tests/abi/ofdm-0.1/ofdm.h, a frozen copy of the 0.1 header (git 8368a84^), in
 * place of include/ofdm.h, and linked against the current libofdm.so: so every struct below has
 * its 0.1 layout (ofdm_fit_options: 48 bytes, without memory_limit and data_dim) and every init
 * call goes to the 0.1 function. Each struct sits in a buffer whose bytes past the 0.1 layout are
 * a canary: a library that writes its own, larger layout (the bug this guards: 64 bytes written
 * into a 48-byte struct) changes them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "ofdm-0.1/ofdm.h" /* beside this file: found before any -I directory */

#define CANARY 0xA5
#define ROOM 64

/* Each struct at the start of a buffer with ROOM canary bytes after it. */
#define CANARIED(type, name)                                                                       \
    union {                                                                                        \
        type value;                                                                                \
        unsigned char bytes[sizeof(type) + ROOM];                                                  \
    } name;                                                                                        \
    memset(name.bytes, CANARY, sizeof name.bytes)

static void expect_canary(const unsigned char *bytes, size_t size) {
    size_t i;
    for (i = size; i < size + ROOM; ++i) assert_int_equal(bytes[i], CANARY);
}

static void test_the_0_1_layouts_are_the_frozen_sizes(void **state) {
    (void)state;
    /* The frozen header is what a 0.1 program saw; the library must accept exactly these. */
    assert_int_equal(sizeof(ofdm_fit_options), 48);
    assert_int_equal(OFDM_VERSION_MINOR, 1);
    assert_true(ofdm_version_number() >= 200);
}

static void test_every_0_1_init_writes_only_the_0_1_layout(void **state) {
    CANARIED(ofdm_fit_options, fit);
    CANARIED(ofdm_sample_options, sample);
    CANARIED(ofdm_sample_options, flow);
    CANARIED(ofdm_sample_stats, stats);
    CANARIED(ofdm_importance_summary, summary);
    (void)state;
    ofdm_fit_options_init(&fit.value);
    assert_int_equal(fit.value.struct_size, sizeof fit.value);
    assert_true(fit.value.beta == 1.0 && fit.value.ridge == 0.0);
    assert_int_equal(fit.value.coordinates, OFDM_COORDINATES_STANDARDIZE);
    expect_canary(fit.bytes, sizeof fit.value);
    ofdm_sample_options_init(&sample.value);
    assert_int_equal(sample.value.struct_size, sizeof sample.value);
    assert_int_equal(sample.value.steps, 400);
    expect_canary(sample.bytes, sizeof sample.value);
    ofdm_flow_options_init(&flow.value);
    assert_int_equal(flow.value.steps, 64);
    expect_canary(flow.bytes, sizeof flow.value);
    ofdm_sample_stats_init(&stats.value);
    assert_int_equal(stats.value.struct_size, sizeof stats.value);
    expect_canary(stats.bytes, sizeof stats.value);
    ofdm_importance_summary_init(&summary.value);
    assert_int_equal(summary.value.struct_size, sizeof summary.value);
    expect_canary(summary.bytes, sizeof summary.value);
}

/* A 0.1 program's whole job: fit with its options, read them back, sample with stats, compute
 * likelihoods and importance weights. Outputs are written into the 0.1 layouts only. */
static void test_a_0_1_program_fits_samples_and_reads_its_structs(void **state) {
    CANARIED(ofdm_fit_options, fit);
    CANARIED(ofdm_fit_options, read_back);
    CANARIED(ofdm_sample_options, sample);
    CANARIED(ofdm_sample_stats, stats);
    CANARIED(ofdm_importance_summary, summary);
    double x[400], out[20], log_q[10], target[10];
    uint64_t s = 88172645463325252ull;
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    int i;
    (void)state;
    for (i = 0; i < 400; ++i) { /* xorshift: two independent columns */
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        x[i] = (double)(s >> 11) / 9007199254740992.0 - 0.5;
    }
    assert_int_equal(ofdm_basis_create_total_degree(2, 3, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&fit.value);
    fit.value.ridge = 1e-6;
    assert_int_equal(ofdm_fit(basis, x, 200, 2, &fit.value, &model), OFDM_OK);
    ofdm_fit_options_init(&read_back.value);
    assert_int_equal(ofdm_model_options(model, &read_back.value), OFDM_OK);
    assert_true(read_back.value.ridge == 1e-6);
    expect_canary(read_back.bytes, sizeof read_back.value);

    ofdm_sample_options_init(&sample.value);
    ofdm_sample_stats_init(&stats.value);
    sample.value.steps = 20;
    sample.value.stats = &stats.value;
    assert_int_equal(ofdm_model_sample(model, 10, &sample.value, out, 2), OFDM_OK);
    for (i = 0; i < 20; ++i) assert_true(isfinite(out[i]));
    expect_canary(stats.bytes, sizeof stats.value);
    assert_int_equal(ofdm_model_log_likelihood(model, out, 10, 2, NULL, log_q), OFDM_OK);
    for (i = 0; i < 10; ++i) target[i] = log_q[i];
    ofdm_importance_summary_init(&summary.value);
    assert_int_equal(ofdm_importance(target, log_q, 10, NULL, &summary.value), OFDM_OK);
    assert_true(fabs(summary.value.ess_per_sample - 1.0) < 1e-12); /* equal weights */
    expect_canary(summary.bytes, sizeof summary.value);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_0_1_layouts_are_the_frozen_sizes),
        cmocka_unit_test(test_every_0_1_init_writes_only_the_0_1_layout),
        cmocka_unit_test(test_a_0_1_program_fits_samples_and_reads_its_structs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

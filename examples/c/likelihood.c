/*
 * likelihood.c — exact log-likelihoods and importance reweighting with ofdm.
 *
 * Fits a 2-D three-mode Gaussian mixture (total degree 10), then
 *  1. scores held-out points by their exact model log-likelihood and compares with the mixture's;
 *  2. draws samples through the probability-flow ODE, each with its exact model log-density;
 *  3. reweights them to the true mixture density: since that target is normalized, log Z must
 *     come out near 0, and the weighted mean of x0² near its exact value.
 * Build: cc -std=c99 likelihood.c $(pkg-config --cflags --libs ofdm) -lm -o likelihood
 * Exits with 1 when a call fails or a check is off by more than 4 standard errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ofdm.h"

#define D 2
static const double kCentres[3][D] = {{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}};
static const double kSigma = 0.45;

static unsigned long long state = 12345;
static double uniform01(void) { /* splitmix64 */
    unsigned long long z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return ((double)((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0;
}
static void draw_mixture(double *x, int64_t n) {
    int64_t i;
    for (i = 0; i < n; ++i) {
        const int c = (int)(3.0 * uniform01());
        const double r = sqrt(-2.0 * log(uniform01())), a = 6.283185307179586 * uniform01();
        x[D * i] = kCentres[c][0] + kSigma * r * cos(a);
        x[D * i + 1] = kCentres[c][1] + kSigma * r * sin(a);
    }
}
static double mixture_log_density(const double *x) {
    double p = 0.0;
    int c;
    for (c = 0; c < 3; ++c) {
        const double dx = x[0] - kCentres[c][0], dy = x[1] - kCentres[c][1];
        p += exp(-(dx * dx + dy * dy) / (2 * kSigma * kSigma)) / (3 * 6.283185307179586 * kSigma * kSigma);
    }
    return log(p);
}

static int fail(const char *what) {
    fprintf(stderr, "likelihood: %s: %s\n", what, ofdm_last_error());
    return 1;
}

int main(void) {
    enum { N = 20000, HELD = 2000, FLOW = 4000 };
    static double x[N * D], held[HELD * D], ll[HELD], samples[FLOW * D], log_q[FLOW], log_p[FLOW],
        weights[FLOW], square[FLOW];
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_sample_options flow;
    ofdm_sample_stats stats;
    ofdm_importance_summary summary;
    double model_mean = 0.0, exact_mean = 0.0, mean, error;
    int64_t i;

    draw_mixture(x, N);
    draw_mixture(held, HELD);
    if (ofdm_basis_create_total_degree(D, 10, 0, &basis) != OFDM_OK) return fail("basis");
    if (ofdm_fit(basis, x, N, D, NULL, &model) != OFDM_OK) return fail("fit");

    /* 1. Held-out log-likelihood: normalized in data coordinates, exact up to the tolerance. */
    ofdm_flow_options_init(&flow); /* t from 0 to 8, Dormand–Prince 5(4), tolerance 1e-6 */
    ofdm_sample_stats_init(&stats);
    flow.stats = &stats;
    if (ofdm_model_log_likelihood(model, held, HELD, D, &flow, ll) != OFDM_OK) return fail("log-likelihood");
    for (i = 0; i < HELD; ++i) model_mean += ll[i] / HELD, exact_mean += mixture_log_density(held + D * i) / HELD;
    printf("held-out mean log-likelihood %.4f (the true mixture: %.4f), %.1f steps per point\n", model_mean,
           exact_mean, stats.flow_mean_steps);

    /* 2. Flow samples with their exact log-density. */
    flow.seed = 7;
    if (ofdm_model_sample_flow(model, FLOW, &flow, samples, D, log_q) != OFDM_OK) return fail("sample_flow");

    /* 3. Reweight to the (normalized) mixture: log Z ≈ 0. */
    for (i = 0; i < FLOW; ++i) {
        log_p[i] = mixture_log_density(samples + D * i);
        square[i] = samples[D * i] * samples[D * i];
    }
    ofdm_importance_summary_init(&summary);
    if (ofdm_importance(log_p, log_q, FLOW, weights, &summary) != OFDM_OK) return fail("importance");
    if (ofdm_importance_estimate(weights, FLOW, square, 1, 1, &mean, &error) != OFDM_OK) return fail("estimate");
    /* E[x0²] of the mixture: σ² + (1.2² + 1.2² + 0)/3. */
    printf("reweighted to the true mixture: log Z %.4f ± %.4f (0 expected), ESS %.0f of %d, "
           "E[x0^2] %.4f ± %.4f (exact %.4f)\n",
           summary.log_z, summary.log_z_error, summary.effective_sample_size, FLOW, mean, error,
           kSigma * kSigma + 2 * 1.44 / 3);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    return fabs(summary.log_z) > 4 * summary.log_z_error ||
           fabs(mean - (kSigma * kSigma + 2 * 1.44 / 3)) > 4 * error;
}

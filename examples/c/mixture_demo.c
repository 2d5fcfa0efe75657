/* The main job of ofdm on an embedded default: fit a 2-D three-mode Gaussian mixture (DESIGN §4)
 * from 20 000 samples generated here, compare the fitted score with the exact score of the
 * noised mixture at several times t, then draw new samples and compare them with fresh samples of
 * the mixture. Prints the relative L²(p_t) score error, the energy distance and the timings.
 *
 * Build and run: make demo-mixture */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ofdm.h"

#define DIM 2
#define MODES 3
static const double kCentre[MODES][DIM] = {{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}};
static const double kSigma = 0.45;

/* splitmix64 and Box–Muller: a small reproducible generator for the demo's data. */
static uint64_t rng_state = 20261126;
static double uniform01(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}
static double normal(void) {
    const double radius = sqrt(-2.0 * log(uniform01())); /* drawn first: C leaves operand order open */
    return radius * cos(6.283185307179586 * uniform01());
}
static void draw_mixture(double *x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        const int mode = (int)(uniform01() * MODES);
        for (int j = 0; j < DIM; ++j) x[i * DIM + j] = kCentre[mode][j] + kSigma * normal();
    }
}

/* The data standardization ofdm applies by default: mean and standard deviation (divisor n). */
static void standardization(const double *x, int64_t n, double *mean, double *std) {
    for (int j = 0; j < DIM; ++j) {
        double s = 0.0, q = 0.0;
        for (int64_t i = 0; i < n; ++i) s += x[i * DIM + j];
        mean[j] = s / (double)n;
        for (int64_t i = 0; i < n; ++i) q += (x[i * DIM + j] - mean[j]) * (x[i * DIM + j] - mean[j]);
        std[j] = sqrt(q / (double)n);
    }
}

/* In data coordinates the OU process of the latent z = (x − m)/std turns the mixture into
 * modes with centres m + e^{−t}(c − m) and per-axis variances e^{−2t}σ² + (1 − e^{−2t}) std²/β. */
static void exact_score(double t, const double *mean, const double *std, double beta, const double *x,
                        double *score) {
    const double decay = exp(-t), noise = 1.0 - exp(-2.0 * t);
    double weight[MODES], total = 0.0, max_log = -INFINITY, log_w[MODES];
    double grad[MODES][DIM];
    for (int k = 0; k < MODES; ++k) {
        log_w[k] = 0.0;
        for (int j = 0; j < DIM; ++j) {
            const double var = decay * decay * kSigma * kSigma + noise * std[j] * std[j] / beta;
            const double centre = mean[j] + decay * (kCentre[k][j] - mean[j]);
            const double r = x[j] - centre;
            log_w[k] += -0.5 * r * r / var - 0.5 * log(var);
            grad[k][j] = -r / var;
        }
        if (log_w[k] > max_log) max_log = log_w[k];
    }
    for (int k = 0; k < MODES; ++k) total += weight[k] = exp(log_w[k] - max_log);
    for (int j = 0; j < DIM; ++j) {
        score[j] = 0.0;
        for (int k = 0; k < MODES; ++k) score[j] += weight[k] / total * grad[k][j];
    }
}

/* V-statistic energy distance 2E|X−Y| − E|X−X'| − E|Y−Y'| between two n × 2 sets. */
static double energy_distance(const double *x, const double *y, int64_t n) {
    double xy = 0.0, xx = 0.0, yy = 0.0;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t k = 0; k < n; ++k) {
            xy += hypot(x[2 * i] - y[2 * k], x[2 * i + 1] - y[2 * k + 1]);
            xx += hypot(x[2 * i] - x[2 * k], x[2 * i + 1] - x[2 * k + 1]);
            yy += hypot(y[2 * i] - y[2 * k], y[2 * i + 1] - y[2 * k + 1]);
        }
    return (2.0 * xy - xx - yy) / ((double)n * (double)n);
}

static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + 1e-9 * (double)(now.tv_nsec - start->tv_nsec);
}

static int check(ofdm_status status, const char *what) {
    if (status == OFDM_OK) return 0;
    fprintf(stderr, "%s failed: %s (%s)\n", what, ofdm_status_string(status), ofdm_last_error());
    return 1;
}

int main(void) {
    enum { N = 20000, M = 20000, DEGREE = 8 };
    const double beta = 1.0;
    const double times[] = {0.0, 0.05, 0.2, 0.5, 1.0, 2.0};
    double *x = malloc(sizeof(double) * N * DIM), *y = malloc(sizeof(double) * M * DIM);
    double *fitted = malloc(sizeof(double) * M * DIM);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    double mean[DIM], std[DIM];
    int failed = 0;
    if (!x || !y || !fitted) return 1;

    printf("ofdm %s demo: 2-D mixture of %d Gaussians (sigma %.2f), N = %d, total degree %d\n",
           ofdm_version_string(), MODES, kSigma, N, DEGREE);
    draw_mixture(x, N);
    standardization(x, N, mean, std);
    if (check(ofdm_basis_create_total_degree(DIM, DEGREE, 0, &basis), "ofdm_basis_create_total_degree")) return 1;
    ofdm_fit_options_init(&options);
    options.beta = beta;

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    failed = check(ofdm_fit(basis, x, N, DIM, &options, &model), "ofdm_fit");
    if (!failed) {
        printf("fit: K = %lld basis functions, %.3f s\n\n", (long long)ofdm_basis_size(basis), seconds_since(&start));
        printf("     t   relative L2(p_t) score error\n");
        for (size_t i = 0; i < sizeof times / sizeof *times && !failed; ++i) {
            const double t = times[i], decay = exp(-t), noise = sqrt(1.0 - exp(-2.0 * t));
            /* Fresh samples of the true p_t: noise the mixture in the latent coordinates. */
            draw_mixture(y, M);
            for (int64_t s = 0; s < M; ++s)
                for (int j = 0; j < DIM; ++j)
                    y[s * DIM + j] = mean[j] + decay * (y[s * DIM + j] - mean[j]) + std[j] * noise / sqrt(beta) * normal();
            failed = check(ofdm_model_score(model, t, y, M, DIM, fitted, DIM), "ofdm_model_score");
            double error = 0.0, norm = 0.0, exact[DIM];
            for (int64_t s = 0; s < M && !failed; ++s) {
                exact_score(t, mean, std, beta, y + s * DIM, exact);
                for (int j = 0; j < DIM; ++j) {
                    error += (fitted[s * DIM + j] - exact[j]) * (fitted[s * DIM + j] - exact[j]);
                    norm += exact[j] * exact[j];
                }
            }
            if (!failed) printf("%6.2f   %.4f\n", t, sqrt(error / norm));
        }
    }
    if (!failed) {
        /* New samples by the reverse SDE (400 steps, the default), against fresh mixture samples. */
        enum { S = 2000 };
        ofdm_sample_options sampling;
        ofdm_sample_stats stats;
        ofdm_sample_options_init(&sampling);
        ofdm_sample_stats_init(&stats);
        sampling.seed = 1;
        sampling.stats = &stats;
        clock_gettime(CLOCK_MONOTONIC, &start);
        failed = check(ofdm_model_sample(model, S, &sampling, fitted, DIM), "ofdm_model_sample");
        if (!failed) {
            const double elapsed = seconds_since(&start);
            draw_mixture(y, S);
            const double model_distance = energy_distance(fitted, y, S);
            draw_mixture(fitted, S); /* a second true set: the distance two true sets show */
            const double floor = energy_distance(fitted, y, S);
            printf("\nsample: %d draws by the reverse SDE in %.3f s (%lld guarded steps)\n", S, elapsed,
                   (long long)stats.guarded_steps);
            printf("energy distance to fresh mixture samples %.5f; two fresh sets differ by %.5f (ratio %.2f)\n",
                   model_distance, floor, model_distance / floor);
        }
    }
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
    free(y);
    free(fitted);
    return failed;
}

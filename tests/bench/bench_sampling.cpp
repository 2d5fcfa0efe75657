// Sampling throughput (DESIGN §4: samples per second for the mixture model and for a d = 64,
// K ≈ 2 000 model at 500 steps, 1 and 2 threads, and the share of time in score evaluation).
// Figures are wall-clock on a shared machine: read the ratios, not the last digit. Linked with
// the static library, so that the score-evaluation share can time the internal evaluation alone.
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "bench/bench_common.h"
#include "capi/handles.h"
#include "math/expansion.h"
#include "ofdm.h"

using BasisHandle = ofdm_basis;

namespace {

void check(ofdm_status status, const char *what) {
    if (status != OFDM_OK) {
        std::fprintf(stderr, "%s: %s\n", what, ofdm_last_error());
        std::exit(1);
    }
}

struct Case {
    const char *name;
    ofdm_model *model;
    int64_t dim, samples;
    int32_t steps;
};

void run(const Case &c) {
    ofdm_sample_options options;
    ofdm_sample_stats stats;
    ofdm_sample_options_init(&options);
    ofdm_sample_stats_init(&stats);
    options.steps = c.steps;
    options.stats = &stats;
    std::vector<double> out(size_t(c.samples * c.dim));
    // n = 0 runs only the set-up: α(t) along the grid (direct solves or interpolation). The model
    // keeps it for later calls with the same grid, so the runs below do not repeat it.
    double start = bench::now();
    check(ofdm_model_sample(c.model, 0, &options, out.data(), c.dim), "setup");
    const double setup = bench::now() - start;
    // The share of score evaluation: the gradient of h at the final samples' latent points, in
    // batches as the sampler evaluates them, timed alone (one thread, the same α for all).
    const int64_t probe = std::min<int64_t>(c.samples, 2000);
    check(ofdm_model_sample(c.model, probe, &options, out.data(), c.dim), "probe points");
    std::vector<double> latent(size_t(probe * c.dim)), gradient(latent.size());
    std::vector<double> alpha(size_t(ofdm_basis_size(ofdm_model_basis(c.model))));
    check(ofdm_model_to_latent(c.model, out.data(), probe, c.dim, latent.data(), c.dim), "latent");
    check(ofdm_model_coefficients(c.model, 0.5, alpha.data()), "coefficients");
    const ofdm::Basis &basis = *reinterpret_cast<const BasisHandle *>(ofdm_model_basis(c.model))->basis;
    int64_t evaluated = 0;
    start = bench::now();
    while (bench::now() - start < 1.0)
        for (int64_t first = 0; first < probe; first += 64, evaluated += std::min<int64_t>(64, probe - first))
            ofdm::evaluate_expansion(basis, alpha.data(), ofdm_model_beta(c.model), latent.data() + first * c.dim,
                                     std::min<int64_t>(64, probe - first), c.dim, nullptr,
                                     gradient.data() + first * c.dim, c.dim);
    const double score_per_point = (bench::now() - start) / double(evaluated);
    std::printf("%s: K = %lld, %d steps, %lld samples; alpha(t) set-up %.3f s (%lld Chebyshev nodes, error %.1e)\n",
                c.name, (long long)ofdm_basis_size(ofdm_model_basis(c.model)), c.steps, (long long)c.samples, setup,
                (long long)stats.coefficient_nodes, stats.coefficient_error);
    double one_thread = 0.0;
    for (int32_t threads : {1, 2}) {
        options.threads = threads;
        start = bench::now();
        check(ofdm_model_sample(c.model, c.samples, &options, out.data(), c.dim), "sample");
        const double elapsed = bench::now() - start;
        if (threads == 1) one_thread = elapsed;
        std::printf("  %d thread%s: %9.1f samples/s  %6.2f us per sample-step per thread", threads,
                    threads > 1 ? "s" : " ", double(c.samples) / elapsed,
                    1e6 * elapsed * threads / double(c.samples * c.steps));
        if (threads == 1)
            std::printf("  score evaluation %.0f %% of the time\n",
                        100.0 * score_per_point * double(c.samples * c.steps) / elapsed);
        else
            std::printf("  speed-up %.2f over 1 thread\n", one_thread / elapsed);
    }
}

ofdm_model *fit(const std::vector<double> &x, int64_t dim, ofdm_basis *basis) {
    ofdm_model *model = nullptr;
    check(ofdm_fit(basis, x.data(), int64_t(x.size()) / dim, dim, nullptr, &model), "fit");
    ofdm_basis_free(basis);
    return model;
}

}  // namespace

int main() {
    std::printf("ofdm %s sampling benchmark\nOpenBLAS dgemm (1024^3): %.1f GFLOP/s\n\n", ofdm_version_string(),
                bench::dgemm_gflops());
    bench::Random random{2026};

    // DESIGN §4's three-mode mixture, N = 20 000, total degree 8.
    const double centres[3][2] = {{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}};
    std::vector<double> mixture(40000);
    for (size_t i = 0; i < 20000; ++i) {
        const int mode = int(random.uniform() * 3);
        for (int j = 0; j < 2; ++j) mixture[2 * i + size_t(j)] = centres[mode][j] + 0.45 * random.normal();
    }
    ofdm_basis *basis = nullptr;
    check(ofdm_basis_create_total_degree(2, 8, 0, &basis), "basis");
    ofdm_model *small = fit(mixture, 2, basis);
    run({"2-D mixture, degree 8", small, 2, 20000, 500});

    // d = 64, total degree 2 (K = 2 144): correlated Gaussian data along a chain.
    const int64_t d = 64, n = 20000;
    std::vector<double> chain(size_t(n * d));
    for (int64_t i = 0; i < n; ++i) {
        double previous = 0.0;
        for (int64_t j = 0; j < d; ++j) previous = chain[size_t(i * d + j)] = 0.7 * previous + random.normal();
    }
    check(ofdm_basis_create_total_degree(d, 2, 0, &basis), "basis");
    ofdm_model *large = fit(chain, d, basis);
    run({"d = 64 chain, total degree 2", large, d, 5000, 500});

    ofdm_model_free(small);
    ofdm_model_free(large);
    return 0;
}

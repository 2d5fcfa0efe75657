// The adaptive basis at the size of issue #15's budget (DESIGN §8): a 64-site φ⁴ lattice (8 × 8,
// κ = 0.32, λ = 0.5) with 20 000 rows from the project's MALA sampler with cluster flips, fitted
// by fit_adaptive with its defaults on all cores. Prints the fit time, K, rounds and why the
// growth stopped, and, as the reference measured in the same run, the fit of the fixed lattice
// basis of degree 4 (the one the compare table uses) on the same rows; then the energy distance of
// 5 000 samples of each to held-out MALA rows over that of two MALA sets (the ED ratio). Figures
// are wall-clock on a shared machine: read the ratios.
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "model/adaptive_basis.h"
#include "model/fit.h"
#include "model/sampler.h"
#include "support/boltzmann.h"
#include "support/test_data.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double ed_ratio(const ofdm::Model &model, const std::vector<double> &a, const std::vector<double> &b, int64_t d) {
    const int64_t m = int64_t(a.size()) / d;
    ofdm::SampleSettings settings;
    settings.seed = 3;
    std::vector<double> samples(static_cast<size_t>(m * d));
    ofdm::sample_model(model, m, settings, samples.data(), d);
    return ofdm::testing::energy_distance(samples, b, d) / ofdm::testing::energy_distance(a, b, d);
}

}  // namespace

int main() {
    const ofdm::testing::Phi4Lattice lattice(8);
    const int64_t d = lattice.d(), n = 20000, held = 5000;
    ofdm::testing::MalaOptions options;
    options.cluster_interval = 10;
    options.samples_per_chain = (n + 2 * held + options.chains - 1) / options.chains;
    auto start = std::chrono::steady_clock::now();
    const ofdm::testing::MalaRun run = ofdm::testing::run_mala(lattice, options);
    std::printf("MALA reference: %lld samples in %.1f s\n", (long long)(run.samples.size() / d), seconds_since(start));
    // Interleaved so that each set spans every chain.
    std::vector<double> x, a, b;
    for (int64_t i = 0; i < n + 2 * held; ++i) {
        std::vector<double> &to = i % 3 == 0 && int64_t(a.size()) < held * d   ? a
                                  : i % 3 == 1 && int64_t(b.size()) < held * d ? b
                                                                                : x;
        if (int64_t(x.size()) >= n * d && &to == &x) continue;
        to.insert(to.end(), run.samples.begin() + i * d, run.samples.begin() + (i + 1) * d);
    }
    const int64_t rows = int64_t(x.size()) / d;

    start = std::chrono::steady_clock::now();
    const ofdm::AdaptiveResult grown = ofdm::fit_adaptive(x.data(), rows, d, d, ofdm::FitSettings{}, ofdm::AdaptiveSettings{});
    const double adaptive_seconds = seconds_since(start);
    std::vector<int64_t> edges;
    for (int64_t r = 0; r < 8; ++r)
        for (int64_t c = 0; c < 8; ++c) {
            if (c + 1 < 8) edges.insert(edges.end(), {r * 8 + c, r * 8 + c + 1});
            if (r + 1 < 8) edges.insert(edges.end(), {r * 8 + c, r * 8 + c + 8});
        }
    start = std::chrono::steady_clock::now();
    const ofdm::Model fixed = ofdm::fit_model(
        std::make_shared<const ofdm::Basis>(ofdm::make_graph_basis(d, 4, edges.data(), int64_t(edges.size() / 2))),
        x.data(), rows, d, ofdm::FitSettings{});
    const double fixed_seconds = seconds_since(start);
    static const char *const kStops[] = {"converged", "basis size", "rounds", "time", "memory"};
    std::printf("adaptive: n = %lld, d = %lld, K = %lld after %zu rounds (%s), ridge %g, %.1f s\n", (long long)rows,
                (long long)d, (long long)grown.model.basis().size(), grown.round_losses.size() - 1,
                kStops[int(grown.stop)], grown.ridge, adaptive_seconds);
    std::printf("lattice degree 4: K = %lld, %.1f s (adaptive / fixed time: %.1f)\n", (long long)fixed.basis().size(),
                fixed_seconds, adaptive_seconds / fixed_seconds);
    std::printf("ED ratio, 5 000 samples: adaptive %.2f, lattice degree 4 %.2f\n", ed_ratio(grown.model, a, b, d),
                ed_ratio(fixed, a, b, d));
    return 0;
}

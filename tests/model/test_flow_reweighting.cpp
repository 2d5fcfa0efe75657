// Flow samples reweighted to a Boltzmann distribution (DESIGN §4, "Importance reweighting"): the
// Ginzburg–Landau chain of DESIGN §4, d = 16, fitted with a chain basis of degree 6 (K = 321) on
// the project's own MALA reference (tests/support/boltzmann.h). Degree 6 gives 0.34–0.54 effective
// samples per sample over three flow seeds and a pooled ⟨V⟩ 0.2 standard errors from the
// reference. The prototype's degree 4 (K = 154) gives 0.25–0.31, but 1 % of the reference points fall
// into the guard's holes (log p/q 9 nats above typical) and the weighted ⟨V⟩ comes out 2.7
// standard errors low (pooled over 12 000 samples): the weights cannot correct what q never
// samples. Every flow sample carries its exact
// model log-density, so self-normalized importance weights exp(−βV − log q) give unbiased
// estimates of Boltzmann averages: they must agree with an independent MALA run within 3
// combined standard errors, with no sample dropped (every log q finite).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "math/importance.h"
#include "model/fit.h"
#include "model/flow.h"
#include "support/boltzmann.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

TEST(FlowReweighting, GinzburgLandauAveragesMatchAnIndependentMalaRun) {
    if (testing::under_memcheck()) GTEST_SKIP() << "2 000 flow trajectories in d = 16: skipped under valgrind (OFDM_MEMCHECK=1)";
    const int64_t d = 16;
    const testing::GinzburgLandauChain chain(d);
    testing::MalaOptions mala;
    mala.thin = 100;
    mala.cluster_interval = 5;  // the settings boltzmann.h measured: τ_int ≈ 1 kept sample
    mala.seed = 1;
    const testing::MalaRun training = testing::run_mala(chain, mala);
    mala.seed = 2;
    const testing::MalaRun reference = testing::run_mala(chain, mala);

    std::vector<int64_t> edges;
    for (int64_t i = 0; i + 1 < d; ++i) edges.push_back(i), edges.push_back(i + 1);
    const auto basis = std::make_shared<const Basis>(make_graph_basis(d, 6, edges.data(), d - 1));
    ASSERT_EQ(basis->size(), 321);  // 6 powers on 16 sites + 15 pair terms on 15 bonds
    const Model model = fit_model(basis, training.samples.data(), int64_t(training.samples.size()) / d, d, FitSettings());

    const int64_t n = 2000;
    SampleSettings settings = flow_default_settings();
    settings.seed = 3;
    std::vector<double> x(size_t(n * d)), log_q(static_cast<size_t>(n)), log_target(static_cast<size_t>(n)),
        observables(size_t(2 * n));
    const FlowStats stats = flow_sample(model, n, settings, x.data(), d, log_q.data());
    for (int64_t i = 0; i < n; ++i) {
        ASSERT_TRUE(std::isfinite(log_q[size_t(i)])) << "sample " << i;
        const double V = chain.energy(x.data() + i * d);
        log_target[size_t(i)] = -chain.beta() * V;
        observables[size_t(2 * i)] = V;
        observables[size_t(2 * i + 1)] = std::fabs(testing::magnetization(x.data() + i * d, d));
    }
    std::vector<double> weights, mean, error;
    const ImportanceSummary summary = importance_weights(log_target.data(), log_q.data(), n, weights);
    importance_estimate(weights.data(), n, observables.data(), 2, 2, mean, error);

    const testing::Estimate *truth[2] = {&reference.energy_estimate, &reference.abs_magnetization_estimate};
    const char *names[2] = {"<V>", "<|mean u|>"};
    for (int j = 0; j < 2; ++j) {
        const double combined = std::hypot(error[size_t(j)], truth[j]->standard_error);
        std::printf("  %-11s flow + weights %.4f ± %.4f, MALA %.4f ± %.4f (%.2f combined standard errors)\n", names[j],
                    mean[size_t(j)], error[size_t(j)], truth[j]->mean, truth[j]->standard_error,
                    (mean[size_t(j)] - truth[j]->mean) / combined);
        EXPECT_LE(std::fabs(mean[size_t(j)] - truth[j]->mean), 3.0 * combined) << names[j];
    }
    std::printf("  ESS per sample %.3f, log Z %.4f ± %.4f, largest weight %.4f; flow steps mean %.1f max %lld, "
                "guarded %lld of %lld\n",
                summary.ess_per_sample, summary.log_z, summary.log_z_error, summary.max_weight,
                double(stats.accepted_steps) / double(n), static_cast<long long>(stats.max_steps),
                static_cast<long long>(stats.guarded_trajectories), static_cast<long long>(n));
    // Observed 0.34–0.54 with this basis (0.5 was the aim). Below 0.2 the weights would
    // have gone heavy-tailed, and the delta-method errors above would not be trusted.
    EXPECT_GE(summary.ess_per_sample, 0.2);
}

}  // namespace
}  // namespace ofdm

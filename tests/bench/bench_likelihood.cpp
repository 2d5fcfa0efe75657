// Likelihood throughput (DESIGN §4, "Likelihood"): exact flow log-likelihood evaluations per
// second at d = 2, 16 and 64 on one and on all threads, with the adaptive steps they took; and, for
// the Ginzburg–Landau chain (d = 16), effective samples per CPU-second of flow sampling +
// reweighting against plain MALA's (the same target, its own ESS from the integrated
// autocorrelation time of V). The dgemm rate is printed as the machine's reference; the PyTorch
// baseline's exact-trace and Hutchinson likelihoods are measured by `make compare`.
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench/bench_common.h"
#include "ofdm.h"
#include "support/boltzmann.h"
#include "support/test_data.h"

namespace {

void check(ofdm_status status, const char *what) {
    if (status != OFDM_OK) {
        std::fprintf(stderr, "%s: %s\n", what, ofdm_last_error());
        std::exit(1);
    }
}

double cpu_seconds() { return double(std::clock()) / CLOCKS_PER_SEC; }

ofdm_model *fit(ofdm_basis *basis, const std::vector<double> &x, int64_t d) {
    ofdm_model *model = nullptr;
    check(ofdm_fit(basis, x.data(), int64_t(x.size()) / d, d, nullptr, &model), "fit");
    ofdm_basis_free(basis);
    return model;
}

std::vector<int64_t> chain_edges(int64_t d) {
    std::vector<int64_t> edges;
    for (int64_t i = 0; i + 1 < d; ++i) edges.push_back(i), edges.push_back(i + 1);
    return edges;
}

void likelihood_rate(const char *name, ofdm_model *model, const std::vector<double> &points, int64_t d) {
    const int64_t n = int64_t(points.size()) / d;
    std::vector<double> out(static_cast<size_t>(n));
    for (int32_t threads : {1, 0}) {
        ofdm_sample_options flow;
        ofdm_sample_stats stats;
        ofdm_flow_options_init(&flow);
        ofdm_sample_stats_init(&stats);
        flow.threads = threads;
        flow.stats = &stats;
        // The first call builds α(t) (kept by the model only for samplers' grids): time it apart.
        const double start = bench::now();
        check(ofdm_model_log_likelihood(model, points.data(), n, d, &flow, out.data()), "log-likelihood");
        const double seconds = bench::now() - start;
        std::printf("| %-34s | %2d | %5lld | %s | %8.0f | %5.1f | %4lld | %6lld |\n", name, int(d), static_cast<long long>(
                        ofdm_basis_size(ofdm_model_basis(model))), threads == 1 ? "1  " : "all", double(n) / seconds,
                    stats.flow_mean_steps, static_cast<long long>(stats.flow_max_steps),
                    static_cast<long long>(stats.coefficient_nodes));
    }
}

}  // namespace

int main() {
    std::printf("ofdm %s likelihood benchmark\nOpenBLAS dgemm (1024^3, best of 3): %.1f GFLOP/s\n\n",
                ofdm_version_string(), bench::dgemm_gflops());
    std::printf("| model | d | K | threads | likelihoods/s | mean steps | max | alpha nodes |\n|---|---|---|---|---|---|---|---|\n");

    {  // d = 2: DESIGN's three-mode mixture at total degree 8
        const ofdm::testing::Mixture mixture{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
        ofdm::testing::Random random(1);
        const std::vector<double> x = mixture.sample(20000, random), held = mixture.sample(4000, random);
        ofdm_basis *basis = nullptr;
        check(ofdm_basis_create_total_degree(2, 8, 0, &basis), "basis");
        ofdm_model *model = fit(basis, x, 2);
        likelihood_rate("3-mode mixture, total degree 8", model, held, 2);
        ofdm_model_free(model);
    }
    for (int64_t d : {16, 64}) {  // Ginzburg–Landau chains, chain basis of degree 4
        const ofdm::testing::GinzburgLandauChain chain(d);
        ofdm::testing::MalaOptions mala;
        mala.thin = d == 16 ? 100 : 50;
        mala.cluster_interval = 5;
        const ofdm::testing::MalaRun run = ofdm::testing::run_mala(chain, mala);
        const std::vector<int64_t> edges = chain_edges(d);
        ofdm_basis *basis = nullptr;
        check(ofdm_basis_create_graph(d, 4, edges.data(), d - 1, &basis), "basis");
        ofdm_model *model = fit(basis, run.samples, d);
        const std::vector<double> held(run.samples.begin(), run.samples.begin() + (d == 16 ? 2000 : 500) * d);
        char name[64];
        std::snprintf(name, sizeof name, "Ginzburg-Landau, chain degree 4");
        likelihood_rate(name, model, held, d);
        ofdm_model_free(model);
    }

    // ESS per CPU-second, Ginzburg–Landau d = 16: plain MALA (no flips, no cluster moves) against
    // fit + flow samples + weights (chain basis of degree 6, as the reweighting test).
    std::printf("\nGinzburg-Landau d = 16, effective samples of V per CPU-second (1 thread)\n");
    const int64_t d = 16;
    const ofdm::testing::GinzburgLandauChain chain(d);
    ofdm::testing::MalaOptions plain;
    plain.random_flips = false;
    plain.cluster_interval = 0;
    plain.thin = 10;
    plain.samples_per_chain = 313;
    double cpu = cpu_seconds();
    const ofdm::testing::MalaRun mala = ofdm::testing::run_mala(chain, plain);
    const double mala_cpu = cpu_seconds() - cpu;
    std::printf("  plain MALA: %lld samples (thin 10) in %.2f s; V: tau_int %.1f, %.0f ESS/s; |mean u|: tau_int %.1f%s, "
                "%.0f ESS/s\n",
                static_cast<long long>(mala.samples.size() / d), mala_cpu, mala.energy_estimate.tau,
                mala.energy_estimate.ess / mala_cpu, mala.abs_magnetization_estimate.tau,
                mala.abs_magnetization_estimate.window_converged ? "" : " (a lower bound: the chains are too short)",
                mala.abs_magnetization_estimate.ess / mala_cpu);
    ofdm::testing::MalaOptions reference;
    reference.thin = 100;
    reference.cluster_interval = 5;
    const ofdm::testing::MalaRun training = ofdm::testing::run_mala(chain, reference);
    const std::vector<int64_t> edges = chain_edges(d);
    cpu = cpu_seconds();
    ofdm_basis *basis = nullptr;
    check(ofdm_basis_create_graph(d, 6, edges.data(), d - 1, &basis), "basis");
    ofdm_model *model = fit(basis, training.samples, d);
    const double fit_cpu = cpu_seconds() - cpu;
    const int64_t n = 2000;
    std::vector<double> y(size_t(n * d)), log_q(static_cast<size_t>(n)), log_p(static_cast<size_t>(n));
    ofdm_sample_options flow;
    ofdm_flow_options_init(&flow);
    flow.threads = 1;
    cpu = cpu_seconds();
    check(ofdm_model_sample_flow(model, n, &flow, y.data(), d, log_q.data()), "sample_flow");
    for (int64_t i = 0; i < n; ++i) log_p[size_t(i)] = -chain.beta() * chain.energy(y.data() + i * d);
    ofdm_importance_summary summary;
    ofdm_importance_summary_init(&summary);
    check(ofdm_importance(log_p.data(), log_q.data(), n, nullptr, &summary), "importance");
    const double flow_cpu = cpu_seconds() - cpu;
    std::printf("  flow (chain degree 6, K = %lld): fit %.2f s, %lld flow samples + weights %.2f s, ESS %.0f: "
                "%.0f ESS/s (%.0f ESS/s counting the fit)\n",
                static_cast<long long>(ofdm_basis_size(ofdm_model_basis(model))), fit_cpu, static_cast<long long>(n),
                flow_cpu, summary.effective_sample_size, summary.effective_sample_size / flow_cpu,
                summary.effective_sample_size / (flow_cpu + fit_cpu));
    std::printf("  (the fit needs training samples: here %lld from MALA with cluster moves, not counted)\n",
                static_cast<long long>(training.samples.size() / d));
    ofdm_model_free(model);
    return 0;
}

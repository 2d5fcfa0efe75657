// Reference samples of Boltzmann densities (tests/support/boltzmann.h), proved right before the
// reweighting and method-comparison tests rely on them: the potentials against finite
// differences, the autocorrelation estimator against an AR(1) process, the sampler against exact
// Gaussian moments and 1-D quadrature, and the Ginzburg–Landau chain and the φ⁴ lattice for
// mixing and seed-to-seed reproducibility. The reference values are printed with their standard
// errors.
//
// Standard errors are sqrt(variance · τ_int / N) with Sokal's windowed τ_int; with 64
// independent chains the spread of the chain means gives a second, τ-free standard error, and
// the two are required to agree — a check on the τ estimate itself.
//
// The φ⁴ coupling, κ = 0.32 at λ_φ = 0.5 (the Phi4Lattice default), comes from this scan
// (MALA + Wolff, 20 000 samples each, U = 1 − ⟨M⁴⟩/(3⟨M²⟩²), χ = V⟨M²⟩):
//   κ      0.30   0.32   0.33   0.34   0.35
//   U(8)   0.285  0.437  0.517  0.571  0.612
//   U(16)  0.082  0.273  0.428  0.574  0.636
//   χ(8)   8.9    17.2   24.2   32.0   40.6
// The 8×8 and 16×16 cumulants cross at κ_c ≈ 0.34 (U ≈ 0.57, near the 2-D Ising value 0.61), so
// κ = 0.32 is 6 % below the critical point: the magnetization distribution of 8×8 is broad and
// flat-topped (U = 0.44) — the regime where samplers differ — yet plain MALA still decorrelates
// |M| in ≈ 400 steps and MALA + Wolff in ≈ 60. κ in 0.2–0.3 would be nearly Gaussian (U < 0.3).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "support/boltzmann.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

using testing::Estimate;
using testing::MalaOptions;
using testing::MalaRun;

// Difference of two independent estimates in units of their combined standard error.
double combined_z(const Estimate &a, const Estimate &b) {
    return (a.mean - b.mean) / std::sqrt(a.standard_error * a.standard_error + b.standard_error * b.standard_error);
}

// The τ-based and the between-chain standard errors estimate one quantity; with 64 chains the
// latter has a relative spread of 1/sqrt(2·63) ≈ 9 % and the former a few %, so a ratio outside
// [0.6, 1.6] (≥ 4 spreads) means τ missed a slow mode (it does: plain MALA on the d = 64 chain,
// whose kinks live for 10⁴ steps, gives 1.8).
void expect_honest_error(const Estimate &e, const char *what) {
    const double ratio = e.standard_error_between_chains / e.standard_error;
    EXPECT_TRUE(ratio > 0.6 && ratio < 1.6) << what << ": between-chain / τ standard error = " << ratio;
    EXPECT_TRUE(e.window_converged) << what << ": τ window did not converge";
}

std::vector<double> column(const std::vector<double> &samples, int64_t d, int64_t i) {
    std::vector<double> x(samples.size() / size_t(d));
    for (size_t k = 0; k < x.size(); ++k) x[k] = samples[k * size_t(d) + size_t(i)];
    return x;
}

// ---- the potentials -----------------------------------------------------------------------

// ∇V against central differences: the error is δ²|V'''|/6 + ε|V|/δ ≈ 1e-8 here for δ = 1e-5,
// far under the tolerance 1e-6 (1 + |g|). Then the sign embedding: flipping u_x alone changes V
// by exactly 2K u_x Σ_{y bonded to x} u_y, which ties bond_coupling() and neighbours() to V.
TEST(BoltzmannTargets, GradientsAndSignEmbeddingMatchThePotential) {
    const testing::GinzburgLandauChain chain(16), chain64(64), gaussian(8, {0.03, 0.125, 0.0, 1.0, -0.5});
    const testing::Phi4Lattice lattice(8), small_lattice(3, 0.3, 0.7);
    const testing::DoubleWell well(0.03, 1.0);
    const testing::BoltzmannTarget *targets[] = {&chain, &chain64, &gaussian, &lattice, &small_lattice, &well};
    testing::Random random(3);
    for (const testing::BoltzmannTarget *target : targets) {
        const int64_t d = target->d();
        std::vector<double> u(static_cast<size_t>(d)), g(static_cast<size_t>(d)), shifted(static_cast<size_t>(d));
        for (double &v : u) v = 1.2 * random.normal();
        const double energy = target->gradient(u.data(), g.data());
        EXPECT_NEAR(energy, target->energy(u.data()), 1e-12 * std::fabs(energy));
        const double delta = 1e-5;
        for (int64_t i = 0; i < d; ++i) {
            shifted = u;
            shifted[size_t(i)] = u[size_t(i)] + delta;
            const double up = target->energy(shifted.data());
            shifted[size_t(i)] = u[size_t(i)] - delta;
            const double down = target->energy(shifted.data());
            EXPECT_NEAR(g[size_t(i)], (up - down) / (2 * delta), 1e-6 * (1 + std::fabs(g[size_t(i)]))) << "d = " << d << ", i = " << i;
        }
        if (!target->even()) {
            EXPECT_EQ(target->bond_coupling(), 0.0);
            continue;
        }
        shifted = u;
        for (double &v : shifted) v = -v;
        EXPECT_NEAR(target->energy(shifted.data()), energy, 1e-12 * std::fabs(energy)) << "V(−u) = V(u)";
        int64_t bonded[4];
        for (int64_t x = 0; x < d; ++x) {
            shifted = u;
            shifted[size_t(x)] = -u[size_t(x)];
            double neighbour_sum = 0;
            const int64_t count = target->neighbours(x, bonded);
            for (int64_t k = 0; k < count; ++k) neighbour_sum += u[size_t(bonded[k])];
            EXPECT_NEAR(target->energy(shifted.data()) - energy, 2 * target->bond_coupling() * u[size_t(x)] * neighbour_sum,
                        1e-10 * (1 + std::fabs(energy)))
                << "d = " << d << ", site " << x;
        }
    }
}

// ---- the estimator ------------------------------------------------------------------------

// AR(1), x_{t+1} = φ x_t + sqrt(1 − φ²) ξ, started in equilibrium: ρ(t) = φ^t and
// τ_int = (1 + φ)/(1 − φ) = 19 for φ = 0.9. The windowed estimate's relative spread is about
// sqrt(2(2M + 1)/N) ≈ 4 % at N = 256 000, M ≈ 100, so 20 % is 5 spreads.
TEST(EstimateMean, RecoversTheAutocorrelationTimeOfAnAR1Process) {
    const int64_t chains = 64, length = 4000;
    const double phi = 0.9, innovation = std::sqrt(1 - phi * phi), exact_tau = (1 + phi) / (1 - phi);
    testing::Random random(17);
    std::vector<double> series(size_t(chains * length));
    for (int64_t c = 0; c < chains; ++c) {
        double x = random.normal();
        for (int64_t t = 0; t < length; ++t) series[size_t(c * length + t)] = x = phi * x + innovation * random.normal();
    }
    const Estimate e = testing::estimate_mean(series, chains);
    EXPECT_TRUE(e.window_converged);
    EXPECT_NEAR(e.tau, exact_tau, 0.2 * exact_tau);
    EXPECT_NEAR(e.variance, 1.0, 0.05);  // spread of the variance estimate ≈ sqrt(2τ/N) ≈ 1.2 %
    EXPECT_NEAR(e.ess, double(chains * length) / exact_tau, 0.25 * double(chains * length) / exact_tau);
    EXPECT_LT(std::fabs(e.mean), 4 * e.standard_error);
    expect_honest_error(e, "AR(1)");

    // Independent values: τ = 1 within the same relative spread.
    for (double &v : series) v = random.normal();
    const Estimate white = testing::estimate_mean(series, chains);
    EXPECT_NEAR(white.tau, 1.0, 0.1);
}

// ---- the sampler on exact targets ---------------------------------------------------------

// The chain with only the gradient term is Gaussian: precision P = (βλ/h²) T, T = tridiag(−1, 2, −1),
// and (T⁻¹)_{ij} = min(i, j)(d + 1 − max(i, j))/(d + 1) (1-based), mean the linear interpolation
// of the ends. Each sample mean of u_i and of (u_i − μ_i)(u_j − μ_j) is compared to the exact
// value in units of its own standard error (τ from the same chains): the 44 statistics per case
// must all lie within 4.5 (P(max > 4.5) ≈ 44 · 6.8e-6 if the errors are right), and their mean
// square must stay below 2 — an ESS overestimated by 2× would give ≈ 2.
TEST(MalaSampler, GaussianChainReproducesTheExactMeanAndCovariance) {
    if (testing::under_memcheck()) GTEST_SKIP() << "a 0.6 M-step run: skipped under valgrind (OFDM_MEMCHECK=1)";
    const int64_t d = 8;
    struct Case {
        const char *name;
        double left, right;
        int64_t cluster_interval;
    };
    for (const Case c : {Case{"ends (1, -0.5), MALA", 1.0, -0.5, 0}, Case{"ends 0, MALA + flips + Wolff", 0.0, 0.0, 4}}) {
        const testing::GinzburgLandauChain target(d, {0.03, 0.125, 0.0, c.left, c.right});
        MalaOptions options;
        options.samples_per_chain = 1000;
        options.thin = 10;
        options.cluster_interval = c.cluster_interval;
        options.seed = 101;
        const MalaRun run = testing::run_mala(target, options);
        const double h = target.spacing(), scale = h * h / (target.beta() * 0.03);
        std::vector<double> mean(static_cast<size_t>(d));
        for (int64_t i = 0; i < d; ++i) mean[size_t(i)] = c.left + (c.right - c.left) * double(i + 1) * h;
        double worst = 0, sum_z2 = 0, worst_tau = 0;
        int statistics = 0;
        auto check = [&](const std::vector<double> &series, double exact) {
            const Estimate e = testing::estimate_mean(series, run.chains);
            const double z = (e.mean - exact) / e.standard_error;
            worst = std::max(worst, std::fabs(z));
            worst_tau = std::max(worst_tau, e.tau);
            sum_z2 += z * z;
            ++statistics;
            EXPECT_TRUE(e.window_converged);
        };
        for (int64_t i = 0; i < d; ++i) {
            const std::vector<double> ui = column(run.samples, d, i);
            check(ui, mean[size_t(i)]);
            for (int64_t j = i; j < d; ++j) {
                const std::vector<double> uj = column(run.samples, d, j);
                std::vector<double> product(ui.size());
                for (size_t k = 0; k < ui.size(); ++k) product[k] = (ui[k] - mean[size_t(i)]) * (uj[k] - mean[size_t(j)]);
                const double exact = scale * double(std::min(i, j) + 1) * double(d - std::max(i, j)) / double(d + 1);
                check(product, exact);
            }
        }
        std::printf("Gaussian chain d = %lld, %s: acceptance %.3f, ε = %.3f, worst |z| = %.2f, mean z² = %.2f over %d "
                    "statistics, largest τ_int = %.1f kept samples (thin %lld), %.2f s\n",
                    (long long)d, c.name, run.acceptance, run.step, worst, sum_z2 / statistics, statistics, worst_tau,
                    (long long)options.thin, run.seconds);
        EXPECT_LT(worst, 4.5) << c.name;
        EXPECT_LT(sum_z2 / statistics, 2.0) << c.name;
        EXPECT_GT(run.acceptance, 0.4);
        EXPECT_LT(run.acceptance, 0.8);
    }
}

// E[f(u)] under ∝ exp(−β V) in one dimension by composite Simpson on [−L, L], where βV(±L) ≥ 60:
// the truncated mass is below e^{−60} and Simpson's error with 20 000 intervals is ~1e-12.
double quadrature_mean(const testing::DoubleWell &well, const std::function<double(double)> &f) {
    double limit = 1.0;
    while (well.beta() * well.energy(&limit) < 60) limit += 0.05;
    const int intervals = 20000;
    const double step = 2 * limit / intervals;
    double mass = 0, moment = 0;
    for (int k = 0; k <= intervals; ++k) {
        const double u = -limit + k * step, weight = (k == 0 || k == intervals) ? 1 : (k % 2 ? 4 : 2);
        const double density = std::exp(-well.beta() * well.energy(&u));
        mass += weight * density;
        moment += weight * density * f(u);
    }
    return moment / mass;
}

// The 1-D double well against quadrature: a 2 kT barrier crossed by MALA alone (so ⟨u⟩ = 0 is a
// real test of crossing), and an 8.3 kT barrier single chains rarely cross, where the random
// flips of boltzmann.h make the mixture exact. ⟨u⟩, ⟨|u|⟩, ⟨u²⟩, ⟨V⟩ within 4 standard errors.
// Small enough to run under valgrind too.
TEST(MalaSampler, DoubleWellMatchesQuadrature) {
    struct Case {
        const char *name;
        double lambda, beta;
        bool flips;
    };
    for (const Case c : {Case{"barrier 2 kT, MALA only", 0.25, 2.0, false}, Case{"barrier 8.3 kT, MALA + flips", 0.03, 1.0, true}}) {
        const testing::DoubleWell well(c.lambda, c.beta);
        MalaOptions options;
        options.chains = 32;
        options.adapt_steps = options.settle_steps = 300;
        options.samples_per_chain = testing::under_memcheck() ? 200 : 2000;
        options.thin = 5;
        options.random_flips = c.flips;
        options.seed = 7;
        const MalaRun run = testing::run_mala(well, options);
        struct Observable {
            const char *name;
            std::function<double(double)> f;
        };
        const Observable observables[] = {{"u", [](double u) { return u; }},
                                          {"|u|", [](double u) { return std::fabs(u); }},
                                          {"u^2", [](double u) { return u * u; }},
                                          {"V", [&](double u) { return well.energy(&u); }}};
        for (const Observable &o : observables) {
            std::vector<double> series(run.samples.size());
            for (size_t k = 0; k < series.size(); ++k) series[k] = o.f(run.samples[k]);
            const Estimate e = testing::estimate_mean(series, run.chains);
            const double exact = quadrature_mean(well, o.f);
            std::printf("double well, %s: <%s> = %.4f ± %.4f (τ_int %.2f), quadrature %.4f\n", c.name, o.name, e.mean,
                        e.standard_error, e.tau, exact);
            EXPECT_LT(std::fabs(e.mean - exact), 4 * e.standard_error) << c.name << ", <" << o.name << ">";
        }
        std::printf("double well, %s: acceptance %.3f, τ_int of the sign before flips %.1f kept samples%s\n", c.name,
                    run.acceptance, run.raw_magnetization_estimate.tau,
                    run.raw_magnetization_estimate.window_converged ? "" : " (lower bound)");
    }
}

// Same seed, same samples; another seed, other samples.
TEST(MalaSampler, IsDeterministicGivenASeed) {
    const testing::Phi4Lattice lattice(4);
    MalaOptions options;
    options.chains = 4;
    options.adapt_steps = options.settle_steps = 50;
    options.samples_per_chain = 10;
    options.cluster_interval = 3;
    const MalaRun a = testing::run_mala(lattice, options), b = testing::run_mala(lattice, options);
    EXPECT_EQ(a.samples, b.samples);
    options.seed = 2;
    EXPECT_NE(testing::run_mala(lattice, options).samples, a.samples);
}

// ---- observables --------------------------------------------------------------------------

TEST(BoltzmannObservables, ExactOnHandMadeStates) {
    // Two chain states of d = 4: constant 1 and alternating (1, −1, 1, −1).
    const std::vector<double> chain_states = {1, 1, 1, 1, 1, -1, 1, -1};
    EXPECT_EQ(testing::magnetizations(chain_states, 4), (std::vector<double>{1.0, 0.0}));
    const std::vector<double> c = testing::chain_correlation(chain_states, 4, 3);
    EXPECT_DOUBLE_EQ(c[0], 1.0);
    EXPECT_DOUBLE_EQ(c[1], 0.0);  // (1 + (−1))/2
    EXPECT_DOUBLE_EQ(c[2], 1.0);
    EXPECT_DOUBLE_EQ(c[3], 0.0);
    // A 4×4 checkerboard: C(r) = (−1)^r in both directions, with periodic wrap.
    std::vector<double> board(16);
    for (int x = 0; x < 16; ++x) board[size_t(x)] = ((x / 4 + x % 4) % 2) ? -2.0 : 2.0;
    const std::vector<double> cl = testing::lattice_correlation(board, 4, 3);
    EXPECT_DOUBLE_EQ(cl[0], 4.0);
    EXPECT_DOUBLE_EQ(cl[1], -4.0);
    EXPECT_DOUBLE_EQ(cl[2], 4.0);
    EXPECT_DOUBLE_EQ(cl[3], -4.0);
    // Histogram of mean(u) for d = 1: bins [−1, 0), [0, 1]; 2 is outside, 1 is in the last bin.
    const std::vector<double> h = testing::magnetization_histogram({-0.5, 0.0, 0.5, 1.0, 2.0}, 1, {-1.0, 0.0, 1.0});
    EXPECT_DOUBLE_EQ(h[0], 0.2);
    EXPECT_DOUBLE_EQ(h[1], 0.6);
    const testing::GinzburgLandauChain chain(4);
    EXPECT_DOUBLE_EQ(testing::energies(chain, chain_states)[0], 0.03 / 2 * 25 * 2);  // two end bonds of (1/h)²
}

// ---- the reference targets ----------------------------------------------------------------

void print_run(const char *name, const MalaOptions &options, const MalaRun &run) {
    const Estimate &v = run.energy_estimate, &m = run.abs_magnetization_estimate;
    std::printf("%s, seed %llu: %lld samples (64 chains, thin %lld), acceptance %.3f, ε = %.4f, Wolff cluster %.1f sites\n"
                "    <V> = %.3f ± %.3f (between chains ± %.3f), τ_int %.2f, ESS %.0f\n"
                "    <|mean u|> = %.4f ± %.4f (between chains ± %.4f), τ_int %.2f, ESS %.0f\n"
                "    τ_int of mean(u) before flips %.2f; %.2f s\n",
                name, (unsigned long long)options.seed, (long long)(run.chains * run.samples_per_chain),
                (long long)options.thin, run.acceptance, run.step, run.mean_cluster_size, v.mean, v.standard_error,
                v.standard_error_between_chains, v.tau, v.ess, m.mean, m.standard_error, m.standard_error_between_chains,
                m.tau, m.ess, run.raw_magnetization_estimate.tau, run.seconds);
}

// The pooled reference of two independent runs: mean of the means, error sqrt(a² + b²)/2.
void print_reference(const char *name, const Estimate &a, const Estimate &b) {
    std::printf("REFERENCE %s = %.4f ± %.4f\n", name, (a.mean + b.mean) / 2,
                std::sqrt(a.standard_error * a.standard_error + b.standard_error * b.standard_error) / 2);
}

// The chain of DESIGN §4 at d = 16: two seeds, 20 032 samples each. τ_int is required below 3
// kept samples (300 MALA steps), i.e. ESS ≥ N/3 ≈ 6 700 — what the reweighting test's
// 3-standard-error comparison is sized for; measured ≈ 1.0–1.2, while plain MALA needs ≈ 25
// steps for V, ≈ 75 for |mean u| and ≈ 250 to change wells, so the bound fails if the step
// adaptation or the cluster move breaks.
TEST(BoltzmannReference, GinzburgLandau16IsWellMixedAndReproducible) {
    if (testing::under_memcheck()) GTEST_SKIP() << "a 3 M-step run: skipped under valgrind (OFDM_MEMCHECK=1)";
    const testing::GinzburgLandauChain chain(16);
    MalaOptions options;
    options.samples_per_chain = 313;
    options.thin = 100;
    options.cluster_interval = 5;
    std::vector<MalaRun> runs;
    for (uint64_t seed : {1, 2}) {
        options.seed = seed;
        runs.push_back(testing::run_mala(chain, options));
        const MalaRun &run = runs.back();
        print_run("Ginzburg-Landau d = 16", options, run);
        EXPECT_GT(run.acceptance, 0.4);
        EXPECT_LT(run.acceptance, 0.8);
        for (const Estimate *e : {&run.energy_estimate, &run.abs_magnetization_estimate}) {
            EXPECT_LT(e->tau, 3.0);
            expect_honest_error(*e, "GL d = 16");
        }
    }
    EXPECT_LT(std::fabs(combined_z(runs[0].energy_estimate, runs[1].energy_estimate)), 4.0);
    EXPECT_LT(std::fabs(combined_z(runs[0].abs_magnetization_estimate, runs[1].abs_magnetization_estimate)), 4.0);
    print_reference("GL d=16 <V>", runs[0].energy_estimate, runs[1].energy_estimate);
    print_reference("GL d=16 <|mean u|>", runs[0].abs_magnetization_estimate, runs[1].abs_magnetization_estimate);
    std::printf("(DESIGN §4 prototype reference: <V> = 99.58)\n");
    const std::vector<double> c = testing::chain_correlation(runs[0].samples, 16, 8);
    std::printf("GL d=16 C(r), r = 0..8:");
    for (double v : c) std::printf(" %.4f", v);
    std::printf("\n");
}

// d = 64: local moves alone leave kinks (an interior domain wall, ≈ 4 % of the mass) in place for
// 10⁴ steps; with a Wolff flip every 5 steps τ_int is ≈ 1.5 kept samples of 50 steps.
TEST(BoltzmannReference, GinzburgLandau64IsWellMixedAndReproducible) {
    if (testing::under_memcheck()) GTEST_SKIP() << "a 1 M-step run: skipped under valgrind (OFDM_MEMCHECK=1)";
    const testing::GinzburgLandauChain chain(64);
    MalaOptions options;
    options.samples_per_chain = 157;
    options.thin = 50;
    options.cluster_interval = 5;
    std::vector<MalaRun> runs;
    for (uint64_t seed : {1, 2}) {
        options.seed = seed;
        runs.push_back(testing::run_mala(chain, options));
        const MalaRun &run = runs.back();
        print_run("Ginzburg-Landau d = 64", options, run);
        EXPECT_GT(run.acceptance, 0.4);
        EXPECT_LT(run.acceptance, 0.8);
        for (const Estimate *e : {&run.energy_estimate, &run.abs_magnetization_estimate}) {
            EXPECT_LT(e->tau, 3.0);
            expect_honest_error(*e, "GL d = 64");
        }
    }
    EXPECT_LT(std::fabs(combined_z(runs[0].energy_estimate, runs[1].energy_estimate)), 4.0);
    EXPECT_LT(std::fabs(combined_z(runs[0].abs_magnetization_estimate, runs[1].abs_magnetization_estimate)), 4.0);
    print_reference("GL d=64 <V>", runs[0].energy_estimate, runs[1].energy_estimate);
    print_reference("GL d=64 <|mean u|>", runs[0].abs_magnetization_estimate, runs[1].abs_magnetization_estimate);
}

// 8×8 φ⁴ at κ = 0.32, λ_φ = 0.5: two seeds with Wolff flips agree on ⟨|M|⟩ and ⟨M²⟩, and plain
// MALA — a different kernel with the same invariant law — agrees with them too.
TEST(BoltzmannReference, Phi4LatticeIsWellMixedAndReproducible) {
    if (testing::under_memcheck()) GTEST_SKIP() << "a 1 M-step run: skipped under valgrind (OFDM_MEMCHECK=1)";
    const testing::Phi4Lattice lattice(8, 0.32, 0.5);
    MalaOptions options;
    options.samples_per_chain = 313;
    options.thin = 25;
    options.cluster_interval = 5;
    std::vector<MalaRun> runs;
    std::vector<Estimate> squares;
    for (uint64_t seed : {1, 2, 3}) {
        options.seed = seed;
        options.cluster_interval = seed == 3 ? 0 : 5;  // the third run: plain MALA
        runs.push_back(testing::run_mala(lattice, options));
        const MalaRun &run = runs.back();
        print_run(seed == 3 ? "phi4 8x8 (MALA only)" : "phi4 8x8 (MALA + Wolff)", options, run);
        std::vector<double> m2 = testing::magnetizations(run.samples, 64);
        for (double &v : m2) v *= v;
        squares.push_back(testing::estimate_mean(m2, run.chains));
        std::printf("    <M^2> = %.5f ± %.5f, τ_int %.2f\n", squares.back().mean, squares.back().standard_error, squares.back().tau);
        EXPECT_GT(run.acceptance, 0.4);
        EXPECT_LT(run.acceptance, 0.8);
        if (seed != 3) {
            EXPECT_LT(run.abs_magnetization_estimate.tau, 3.0);  // measured ≈ 2 at thin 25
            expect_honest_error(run.abs_magnetization_estimate, "phi4 |M|");
            expect_honest_error(squares.back(), "phi4 M^2");
        }
    }
    for (int other : {1, 2}) {
        EXPECT_LT(std::fabs(combined_z(runs[0].abs_magnetization_estimate, runs[size_t(other)].abs_magnetization_estimate)), 4.0);
        EXPECT_LT(std::fabs(combined_z(squares[0], squares[size_t(other)])), 4.0);
    }
    EXPECT_LT(std::fabs(combined_z(runs[0].energy_estimate, runs[1].energy_estimate)), 4.0);
    print_reference("phi4 8x8 <|M|>", runs[0].abs_magnetization_estimate, runs[1].abs_magnetization_estimate);
    print_reference("phi4 8x8 <M^2>", squares[0], squares[1]);
    print_reference("phi4 8x8 <S>", runs[0].energy_estimate, runs[1].energy_estimate);
    const std::vector<double> c = testing::lattice_correlation(runs[0].samples, 8, 4);
    std::printf("phi4 8x8 C(r), r = 0..4:");
    for (double v : c) std::printf(" %.4f", v);
    std::printf("\nphi4 8x8 histogram of M on [-1.6, 1.6], 16 bins:");
    std::vector<double> edges;
    for (int b = 0; b <= 16; ++b) edges.push_back(-1.6 + 0.2 * b);
    for (double v : testing::magnetization_histogram(runs[0].samples, 64, edges)) std::printf(" %.3f", v);
    std::printf("\n");
}

}  // namespace
}  // namespace ofdm

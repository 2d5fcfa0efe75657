// The Galerkin system from moments against its definition: G_kl(t) = E_{p_t}[∇φ_k·∇φ_l] and
// b_k(t) = β|k| E_{p_t}[φ_k], where p_t is the empirical measure of a few points pushed through
// the OU semigroup — a mixture of Gaussians whose expectations Gauss–Hermite quadrature gives
// exactly for these polynomial degrees.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "math/expansion.h"
#include "math/galerkin.h"
#include "math/moments.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

struct Fixture {
    Basis basis;
    std::vector<double> z;  // n × d latent points
    double beta;
    MultiIndexSet moments;
    std::vector<double> means;
};

Fixture make_setup(Basis basis, std::vector<double> z, double beta) {
    Fixture s{std::move(basis), std::move(z), beta, {}, {}};
    const int64_t d = s.basis.dim(), n = int64_t(s.z.size()) / d;
    s.moments = galerkin_moment_set(s.basis);
    s.means.assign(size_t(s.moments.size()), 0.0);
    int32_t max_power = 0;
    for (int64_t id = 0; id < s.moments.size(); ++id)
        for (const IndexEntry &e : s.moments[id]) max_power = std::max(max_power, e.power);
    accumulate_moment_sums(s.moments, max_power, beta, s.z.data(), n, d, d, s.means.data());
    for (double &m : s.means) m /= double(n);
    return s;
}

// E_{p_t}[∇φ_k·∇φ_l] and E_{p_t}[φ_k] by tensor Gauss–Hermite quadrature in 2-D.
void quadrature_system(const Fixture &s, double t, std::vector<double> &G, std::vector<double> &b) {
    const int64_t d = s.basis.dim(), n = int64_t(s.z.size()) / d, K = s.basis.size();
    ASSERT_EQ(d, 2);
    std::vector<double> nodes, weights;
    testing::gauss_hermite(12, nodes, weights);  // exact to degree 23 per coordinate
    const double spread = std::sqrt((1.0 - std::exp(-2.0 * t)) / s.beta);
    G.assign(size_t(K * K), 0.0);
    b.assign(size_t(K), 0.0);
    std::vector<double> grads(static_cast<size_t>(K * d)), values(static_cast<size_t>(K)), alpha(static_cast<size_t>(K));
    for (int64_t i = 0; i < n; ++i)
        for (size_t u = 0; u < nodes.size(); ++u)
            for (size_t v = 0; v < nodes.size(); ++v) {
                const double point[2] = {std::exp(-t) * s.z[size_t(i * d)] + spread * nodes[u],
                                         std::exp(-t) * s.z[size_t(i * d + 1)] + spread * nodes[v]};
                const double w = weights[u] * weights[v] / double(n);
                for (int64_t k = 0; k < K; ++k) {  // one basis function at a time
                    std::fill(alpha.begin(), alpha.end(), 0.0);
                    alpha[size_t(k)] = 1.0;
                    evaluate_expansion(s.basis, alpha.data(), s.beta, point, 1, 2, &values[size_t(k)],
                                       &grads[size_t(k * d)], d);
                }
                for (int64_t k = 0; k < K; ++k) {
                    b[size_t(k)] += w * s.beta * s.basis[k].total_degree() * values[size_t(k)];
                    for (int64_t l = 0; l < K; ++l)
                        G[size_t(k + l * K)] += w * (grads[size_t(k * d)] * grads[size_t(l * d)] +
                                                     grads[size_t(k * d + 1)] * grads[size_t(l * d + 1)]);
                }
            }
}

TEST(Galerkin, MatchesQuadratureOfNoisedEmpiricalMeasure) {
    const int32_t rows[] = {1, 0, 0, 1, 2, 0, 1, 1, 0, 2, 3, 0, 2, 1, 1, 2, 0, 3, 4, 0, 1, 3};
    for (const Basis &basis : {make_total_degree_basis(2, 3, 0), make_basis_from_indices(2, rows, 11, 2)}) {
        const Fixture s = make_setup(basis, {0.3, -1.1, 1.7, 0.4, -0.8, -0.2, 0.05, 2.2}, 0.8);
        const GalerkinSystem system(s.basis, s.moments, s.means, s.beta);
        const int64_t K = s.basis.size();
        for (double t : {0.0, 0.1, 0.7, 3.0}) {
            std::vector<double> G, b, Gq, bq;
            system.assemble_at(t, G, b);
            quadrature_system(s, t, Gq, bq);
            double scale = 0.0;
            for (double v : Gq) scale = std::max(scale, std::fabs(v));
            for (int64_t k = 0; k < K; ++k) {
                EXPECT_NEAR(b[size_t(k)], bq[size_t(k)], 1e-12 * scale) << "t " << t << " k " << k;
                for (int64_t l = k; l < K; ++l)  // the upper triangle is what LAPACK reads
                    EXPECT_NEAR(G[size_t(k + l * K)], Gq[size_t(k + l * K)], 1e-12 * scale)
                        << "t " << t << " (" << k << ", " << l << ")";
            }
        }
    }
}

TEST(Galerkin, InfiniteTimeIsTheStationarySystem) {
    // At t = ∞ only μ_0 = 1 survives: G = β diag(|k|) for a basis of distinct indices, b = 0.
    const Fixture s = make_setup(make_total_degree_basis(2, 3, 0), {0.3, -1.1, 1.7, 0.4}, 1.3);
    const GalerkinSystem system(s.basis, s.moments, s.means, s.beta);
    std::vector<double> G, b;
    system.assemble_at(INFINITY, G, b);
    const int64_t K = s.basis.size();
    for (int64_t k = 0; k < K; ++k) {
        EXPECT_EQ(b[size_t(k)], 0.0);
        for (int64_t l = k; l < K; ++l)
            EXPECT_NEAR(G[size_t(k + l * K)], k == l ? s.beta * s.basis[k].total_degree() : 0.0, 1e-14);
    }
    for (double a : system.solve(INFINITY, 0.0)) EXPECT_EQ(a, 0.0);
}

TEST(Galerkin, SolveSatisfiesTheSystem) {
    testing::Random random(3);
    std::vector<double> z(400);
    for (double &v : z) v = random.normal();
    const Fixture s = make_setup(make_total_degree_basis(2, 4, 0), z, 1.0);
    const GalerkinSystem system(s.basis, s.moments, s.means, s.beta);
    for (double t : {0.0, 0.3}) {
        const std::vector<double> alpha = system.solve(t, 0.0);
        std::vector<double> G, b;
        system.assemble_at(t, G, b);
        const int64_t K = s.basis.size();
        for (int64_t k = 0; k < K; ++k) {
            double row = 0.0;
            for (int64_t l = 0; l < K; ++l) row += G[size_t(std::min(k, l) + std::max(k, l) * K)] * alpha[size_t(l)];
            EXPECT_NEAR(row, b[size_t(k)], 1e-10 * (1.0 + std::fabs(b[size_t(k)])));
        }
    }
}

TEST(Galerkin, ASemiDefiniteSystemKeepsItsNumericalRange) {
    // One sample at z = 0 in 1-D, basis ψ_1..ψ_3: G(0) is the Gram matrix of the gradients
    // (1, 0, −sqrt(3/2)) at one point, of rank 1 (∇φ_2(0) = sqrt(2) ψ_1(0) = 0). DESIGN §5: the
    // first function is kept (every scaled pivot starts at 1), φ_3 is its multiple on the data
    // (scaled pivot 0), φ_2 has no gradient; the kept 1 × 1 system is solved exactly.
    const Fixture s = make_setup(make_total_degree_basis(1, 3, 0), {0.0}, 1.0);
    const GalerkinSystem system(s.basis, s.moments, s.means, s.beta);
    EXPECT_EQ(system.active_set(0.0, 0.0), (std::vector<int64_t>{0}));
    // The other side of the threshold's margin (DESIGN §5's table): the pivot of φ_3 after φ_1
    // is 1 − cos² = 0 up to rounding (a few u).
    const std::vector<double> pivots = system.scaled_pivots(0.0, 0.0);
    ASSERT_EQ(pivots.size(), 2u);
    EXPECT_EQ(pivots[0], 1.0);
    EXPECT_LE(std::fabs(pivots[1]), 1e-15);
    std::printf("rank margin: one point, 1-D degree 3: K 3, rank 1, largest dropped pivot %.3g\n", pivots[1]);
    ::testing::Test::RecordProperty("largest_dropped_pivot", std::to_string(pivots[1]));
    try {
        system.solve(0.0, 0.0);  // all three functions: a zero pivot
        FAIL() << "expected OFDM_ERR_SINGULAR";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_SINGULAR);
        EXPECT_NE(std::string(e.what()).find("ridge"), std::string::npos);
    }
    const std::vector<int64_t> active = system.active_set(0.0, 0.0);
    const std::vector<double> alpha = system.solve(0.0, 0.0, active);
    EXPECT_EQ(alpha[1], 0.0);
    EXPECT_EQ(alpha[2], 0.0);
    std::vector<double> G, b;
    system.assemble_at(0.0, G, b);
    const int64_t K = system.size();
    for (int64_t k : active) {  // the kept rows hold to rounding (entries are O(1))
        double row = 0.0;
        for (int64_t l = 0; l < K; ++l) row += G[size_t(std::min(k, l) + std::max(k, l) * K)] * alpha[size_t(l)];
        EXPECT_NEAR(row, b[size_t(k)], 1e-12) << "row " << k;
    }
    // A ridge makes the system positive definite: every function is kept.
    EXPECT_EQ(system.active_set(0.0, 1e-8).size(), 3u);
    for (double a : system.solve(0.0, 1e-8)) EXPECT_TRUE(std::isfinite(a));
}

TEST(Galerkin, ANearlyDependentFunctionIsDroppedWhateverTheRounding) {
    // Data on the curve z_2 = z_1² − 1 (z_1 standard normal): the degree-2 function
    // g = z_2 − (z_1² − 1) = ψ_1(z_2) − sqrt(2) ψ_2(z_1) vanishes on every row, so g² (degree 4)
    // has a zero gradient on the data: G(0) of the total-degree-4 basis is singular in exact
    // arithmetic, and Cholesky of it passes or fails by the last bit of the BLAS kernel. The
    // numerical range must leave out at least one function, and the kept system must solve at
    // every t the samplers and the flow use, down to 1e-6.
    testing::Random random(5);
    std::vector<double> z;
    for (int i = 0; i < 400; ++i) {
        const double a = random.normal();
        z.push_back(a);
        z.push_back(a * a - 1.0);
    }
    const Fixture s = make_setup(make_total_degree_basis(2, 4, 0), z, 1.0);
    const GalerkinSystem system(s.basis, s.moments, s.means, s.beta);
    const std::vector<int64_t> active = system.active_set(0.0, 0.0);
    EXPECT_EQ(int64_t(active.size()), system.size() - 1);  // only g² has no gradient on the data
    // In exact arithmetic g²'s pivot is 0; what is left of it is rounding, far below the threshold
    // (DESIGN §5's table gives the figure).
    const std::vector<double> pivots = system.scaled_pivots(0.0, 0.0);
    ASSERT_EQ(int64_t(pivots.size()), system.size());
    EXPECT_LE(std::fabs(pivots.back()), 1e-13);
    std::printf("rank margin: curve z2 = z1^2 - 1, n 400, 2-D degree 4: K %lld, rank %zu, smallest kept %.3g, "
                "largest dropped pivot %.3g\n",
                (long long)system.size(), active.size(), pivots[active.size() - 1], pivots.back());
    ::testing::Test::RecordProperty("largest_dropped_pivot", std::to_string(pivots.back()));
    for (double t : {0.0, 1e-6, 1e-3, 0.1, 1.0, 8.0})
        for (double a : system.solve(t, 0.0, active)) EXPECT_TRUE(std::isfinite(a)) << "t = " << t;
}

// The fixture of the data x (n × d) in standardized coordinates, as a fit's default map gives
// them: each column centred and divided by its standard deviation (divisor n), β = 1.
Fixture standardized_setup(Basis basis, std::vector<double> x) {
    const int64_t d = basis.dim(), n = int64_t(x.size()) / d;
    std::vector<double> mean, std;
    testing::column_moments(x, d, mean, std);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) x[size_t(i * d + j)] = (x[size_t(i * d + j)] - mean[size_t(j)]) / std[size_t(j)];
    return make_setup(std::move(basis), std::move(x), 1.0);
}

TEST(Galerkin, WellPosedFitsKeepEveryPivotThreeDecadesAboveTheRankThreshold) {
    // DESIGN §5: a scaled pivot is the share of a function's gradient norm on the data that the
    // functions kept before it do not explain. For well-posed data of the library's typical use
    // (ridge 0, the default) every function must be kept with a pivot at least 1e-8, three
    // decades above kRankThreshold = 1e-11, so that rounding or a slightly different draw cannot
    // move a function across it. The figures are printed for DESIGN §5's table.
    struct Case {
        std::string name;
        int64_t d;
        int32_t degree, interaction;
        std::vector<double> (*draw)(int64_t n, int64_t d, testing::Random &random);
    };
    auto gaussian = [](int64_t n, int64_t d, testing::Random &random) {
        std::vector<double> x(size_t(n * d));
        for (double &v : x) v = random.normal();
        return x;
    };
    auto three_modes = [](int64_t n, int64_t, testing::Random &random) {
        const testing::Mixture modes{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
        return modes.sample(n, random);
    };
    std::vector<Case> cases;
    for (int32_t p = 2; p <= 12; ++p) cases.push_back({"Gaussian d 2", 2, p, 0, gaussian});
    for (int32_t p = 4; p <= 10; ++p) cases.push_back({"three-mode mixture d 2", 2, p, 0, three_modes});
    cases.push_back({"Gaussian d 8, interaction 2", 8, 4, 2, gaussian});
    const bool memcheck = testing::under_memcheck();
    double overall = 1.0;
    for (const Case &c : cases)
        for (int64_t n : {int64_t(2000), int64_t(20000)}) {
            if (memcheck && (n > 2000 || c.degree > 8)) continue;  // seconds natively, minutes there
            testing::Random random(1000 + uint64_t(c.degree) * 10 + uint64_t(n / 2000));
            const Fixture s = standardized_setup(make_total_degree_basis(c.d, c.degree, c.interaction), c.draw(n, c.d, random));
            const GalerkinSystem system(s.basis, s.moments, s.means, s.beta);
            const std::vector<double> pivots = system.scaled_pivots(0.0, 0.0);
            ASSERT_EQ(int64_t(pivots.size()), system.size()) << c.name << ", degree " << c.degree << ", n " << n
                                                             << ": a function was dropped";
            const double smallest = *std::min_element(pivots.begin(), pivots.end());
            overall = std::min(overall, smallest);
            std::printf("rank margin: %s, degree %d, n %lld: K %lld, smallest kept pivot %.3g\n", c.name.c_str(),
                        c.degree, (long long)n, (long long)system.size(), smallest);
            EXPECT_GE(smallest, 1e-8) << c.name << ", degree " << c.degree << ", n " << n;
        }
    ::testing::Test::RecordProperty("smallest_kept_pivot", std::to_string(overall));
}

TEST(Galerkin, AtDegreesTwelveToSixteenTheSmallestSelectionRidgeKeepsTheMargin) {
    // Where the margin ends (DESIGN §5's table): the three-mode mixture at ridge 0 reaches pivots
    // near 1e-9..1e-11 at degree 14 and at degree 16 runs through the threshold without a gap,
    // so there the rank depends on the draw; printed, not asserted. Model selection tries such
    // bases with ridges too (DESIGN §4), and its smallest, 1e-8, lifts every scaled pivot to
    // about 1e-8 (A + ε·mean(diag A)·I scaled by the diagonal): all K kept, three decades above
    // kRankThreshold.
    const testing::Mixture modes{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
    for (int32_t degree : {12, 14, 16})
        for (int64_t n : {int64_t(2000), int64_t(20000)}) {
            if (testing::under_memcheck() && n > 2000) continue;
            testing::Random random(2000 + uint64_t(degree) * 10 + uint64_t(n / 2000));
            const Fixture s = standardized_setup(make_total_degree_basis(2, degree, 0), modes.sample(n, random));
            const GalerkinSystem system(s.basis, s.moments, s.means, s.beta);
            for (double ridge : {0.0, 1e-8}) {
                const std::vector<double> pivots = system.scaled_pivots(0.0, ridge);
                const size_t rank = system.active_set(0.0, ridge).size();
                const double kept = *std::min_element(pivots.begin(), pivots.begin() + ptrdiff_t(rank));
                char dropped[32] = "none";
                if (rank < pivots.size()) std::snprintf(dropped, sizeof dropped, "%.3g", pivots.back());
                std::printf("rank margin: three-mode mixture d 2, degree %d, n %lld, ridge %g: K %lld, rank %zu, "
                            "smallest kept pivot %.3g, largest dropped %s\n",
                            degree, (long long)n, ridge, (long long)system.size(), rank, kept,
                            dropped);
                if (ridge > 0) {
                    EXPECT_EQ(int64_t(rank), system.size()) << "degree " << degree << ", n " << n;
                    EXPECT_GE(kept, 1e-8) << "degree " << degree << ", n " << n;
                }
            }
        }
}

TEST(Galerkin, TotalDegreeCountsInClosedFormMatchTheBuiltSets) {
    // Model selection plans its work (progress) from these counts before building any basis.
    for (int64_t d = 1; d <= 4; ++d)
        for (int32_t p = 1; p <= 7; ++p)
            for (int32_t q = 0; q <= 3; ++q) {
                const Basis basis = make_total_degree_basis(d, p, q);
                EXPECT_EQ(total_degree_basis_size(d, p, q), basis.size()) << "d " << d << ", p " << p << ", q " << q;
                EXPECT_EQ(total_degree_moment_count(d, p, q), galerkin_moment_set(basis).size())
                    << "d " << d << ", p " << p << ", q " << q;
            }
}

TEST(Moments, BlockedSumsMatchDirectEvaluation) {
    testing::Random random(11);
    const int64_t n = 1000, d = 3;
    std::vector<double> z(size_t(n * d));
    for (double &v : z) v = random.normal();
    const Basis basis = make_total_degree_basis(d, 3, 0);
    const MultiIndexSet moments = galerkin_moment_set(basis);
    std::vector<double> sums(size_t(moments.size()), 0.0), chunked(sums.size(), 0.0);
    accumulate_moment_sums(moments, 4, 0.9, z.data(), n, d, d, sums.data());
    for (int64_t first = 0; first < n; first += 37)
        accumulate_moment_sums(moments, 4, 0.9, z.data() + first * d, std::min<int64_t>(37, n - first), d, d,
                               chunked.data());
    std::vector<double> alpha(1, 1.0);
    for (int64_t id = 1; id < moments.size(); ++id) {  // id 0 is the constant
        std::vector<IndexEntry> entries(moments[id].begin(), moments[id].end());
        MultiIndexSet one;
        one.insert({entries.data(), int32_t(entries.size())});
        const Basis single(d, std::move(one));
        std::vector<double> values(static_cast<size_t>(n));
        evaluate_expansion(single, alpha.data(), 0.9, z.data(), n, d, values.data(), nullptr, 0);
        double direct = 0.0, magnitude = 0.0;
        for (double v : values) direct += v, magnitude += std::fabs(v);
        EXPECT_NEAR(sums[size_t(id)], direct, 1e-12 * magnitude) << "moment " << id;
        EXPECT_NEAR(chunked[size_t(id)], direct, 1e-12 * magnitude) << "moment " << id;
    }
    EXPECT_EQ(sums[0], double(n));
}

}  // namespace
}  // namespace ofdm

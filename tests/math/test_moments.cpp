// The BLAS-3 moment pass (MomentPass: φ_m = φ_a φ_b over disjoint halves, Σ_i φ_a φ_b from Φᵀ Φ)
// against the direct per-moment product it replaced, kept here as the reference: for every
// moment, Σ_i Π_{(j,p) ∈ m} ψ_p(sqrt(β) z_ij), one sample at a time.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "math/basis.h"
#include "math/galerkin.h"
#include "math/hermite.h"
#include "math/moment_pass.h"
#include "math/moments.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

// The reference: sums[id] = Σ_i φ_m(z_i) and magnitude[id] = Σ_i |φ_m(z_i)|, the scale against
// which a rounding error of a sum of n terms is measured.
void direct_moment_sums(const MultiIndexSet &moments, double beta, const std::vector<double> &z, int64_t dim,
                        std::vector<double> &sums, std::vector<double> &magnitude) {
    int32_t max_power = 0;
    for (int64_t id = 0; id < moments.size(); ++id)
        for (const IndexEntry &e : moments[id]) max_power = std::max(max_power, e.power);
    const int64_t n = int64_t(z.size()) / dim;
    std::vector<double> psi(size_t(dim * (max_power + 1)));
    sums.assign(size_t(moments.size()), 0.0);
    magnitude.assign(size_t(moments.size()), 0.0);
    for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < dim; ++j)
            hermite_values(std::sqrt(beta) * z[size_t(i * dim + j)], max_power, &psi[size_t(j * (max_power + 1))]);
        for (int64_t id = 0; id < moments.size(); ++id) {
            double product = 1.0;
            for (const IndexEntry &e : moments[id]) product *= psi[size_t(e.coord * (max_power + 1) + e.power)];
            sums[size_t(id)] += product;
            magnitude[size_t(id)] += std::fabs(product);
        }
    }
}

std::vector<double> normal_rows(int64_t n, int64_t dim, uint64_t seed) {
    testing::Random random(seed);
    std::vector<double> z(size_t(n * dim));
    for (double &v : z) v = random.normal();
    return z;
}

// Relative to Σ_i |φ_m(z_i)|: the products and the sums of a few thousand terms round at
// ~1e-16 each, with an error that grows like the square root of the count in practice.
constexpr double kSumTolerance = 1e-13;

void expect_pass_matches_direct(const Basis &basis, double beta, int64_t n, const char *what) {
    const int64_t d = basis.dim();
    const MultiIndexSet moments = galerkin_moment_set(basis);
    const std::vector<double> z = normal_rows(n, d, 7 + uint64_t(moments.size()));
    std::vector<double> expected, magnitude;
    direct_moment_sums(moments, beta, z, d, expected, magnitude);
    std::vector<double> sums(size_t(moments.size()), 0.0);
    accumulate_moment_sums(moments, 0, beta, z.data(), n, d, d, sums.data());
    for (int64_t id = 0; id < moments.size(); ++id)
        ASSERT_NEAR(sums[size_t(id)], expected[size_t(id)], kSumTolerance * magnitude[size_t(id)])
            << what << ": moment " << id << " of " << moments.size();
    EXPECT_EQ(sums[0], double(n)) << what;  // φ_0 = 1
}

TEST(MomentPass, EqualsDirectPerMomentSumsOnTotalDegreeBases) {
    expect_pass_matches_direct(make_total_degree_basis(4, 3, 0), 1.0, 1300, "d = 4, degree 3");
    expect_pass_matches_direct(make_total_degree_basis(6, 4, 2), 0.7, 700, "d = 6, degree 4, pairs");
    expect_pass_matches_direct(make_total_degree_basis(10, 2, 0), 1.3, 600, "d = 10, degree 2");
}

TEST(MomentPass, EqualsDirectPerMomentSumsOnAGraphBasis) {
    const int64_t edges[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0};  // a ring
    expect_pass_matches_direct(make_graph_basis(6, 4, edges, 6), 0.5, 1100, "ring of 6, degree 4");
}

TEST(MomentPass, EqualsDirectPerMomentSumsOnExplicitIndices) {
    // Wide supports (five coordinates) and uneven powers, so halves of several shapes occur.
    const int32_t rows[] = {1, 1, 1, 1, 1, 0,  //
                            2, 0, 1, 0, 0, 3,  //
                            0, 3, 0, 2, 0, 0,  //
                            1, 0, 0, 0, 0, 0,  //
                            0, 0, 0, 0, 4, 1,  //
                            0, 1, 2, 0, 1, 0};
    expect_pass_matches_direct(make_basis_from_indices(6, rows, 6, 6), 1.0, 900, "explicit indices");
}

TEST(MomentPass, EqualsDirectPerMomentSumsInOneDimensionAndAtHighDegree) {
    expect_pass_matches_direct(make_total_degree_basis(1, 1, 0), 1.0, 50, "d = 1, degree 1");
    expect_pass_matches_direct(make_total_degree_basis(1, 10, 0), 1.0, 1000, "d = 1, degree 10");
    expect_pass_matches_direct(make_total_degree_basis(2, 10, 0), 0.8, 800, "d = 2, degree 10");
}

TEST(MomentPass, BlocksOfAnyLengthAndLeadingDimensionGiveTheSameSums) {
    // Sums over blocks of 1, 37 and all rows, read through a leading dimension wider than d.
    const Basis basis = make_total_degree_basis(3, 3, 0);
    const MultiIndexSet moments = galerkin_moment_set(basis);
    const MomentPass pass(moments, 1.0);
    const int64_t n = 300, d = 3, ld = 5;
    const std::vector<double> wide = normal_rows(n, ld, 3);
    std::vector<double> z(size_t(n * d));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) z[size_t(i * d + j)] = wide[size_t(i * ld + j)];
    std::vector<double> expected, magnitude;
    direct_moment_sums(moments, 1.0, z, d, expected, magnitude);
    MomentPass::Workspace work = pass.make_workspace();
    std::vector<double> partial(size_t(moments.size()));
    for (int64_t block : {int64_t(1), int64_t(37), pass.block_rows()}) {
        std::vector<double> sums(size_t(moments.size()), 0.0);
        for (int64_t first = 0; first < n; first += block) {
            pass.block_sums(wide.data() + first * ld, std::min(block, n - first), ld, work, partial.data());
            for (size_t id = 0; id < sums.size(); ++id) sums[id] += partial[id];
        }
        for (int64_t id = 0; id < moments.size(); ++id)
            ASSERT_NEAR(sums[size_t(id)], expected[size_t(id)], kSumTolerance * magnitude[size_t(id)])
                << "block " << block << ", moment " << id;
    }
}

TEST(MomentPass, MostArithmeticIsInTheProductsForALargeBasis) {
    // d = 12 total degree 3: every moment of degree <= 4; the products of the halves (degree <=
    // 2, or 3e_i) must cover them with at most ~4× the needed entries.
    const MultiIndexSet moments = galerkin_moment_set(make_total_degree_basis(12, 3, 0));
    const MomentPass pass(moments, 1.0);
    EXPECT_GT(pass.product_flops_per_row(), 0.0);
    EXPECT_LT(pass.product_flops_per_row(), 2.0 * 4.0 * double(moments.size()));
    EXPECT_EQ(pass.half_count(), 12 * 3 + 12 * 11 / 2);  // e_j, 2e_j, 3e_j, e_i + e_j
}

}  // namespace
}  // namespace ofdm

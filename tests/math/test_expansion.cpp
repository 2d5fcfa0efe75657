// evaluate_split_derivatives (math/expansion.h): the gradient and Laplacian of h split by total
// degree, against evaluate_expansion's gradient and against central differences of it.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "math/basis.h"
#include "math/expansion.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

TEST(SplitDerivatives, SumToTheGradientAndTheLaplacianOfTheWholeExpansion) {
    const int64_t d = 3;
    const Basis basis = make_total_degree_basis(d, 5, 0);
    const double beta = 0.7;
    testing::Random random(4);
    std::vector<double> alpha(static_cast<size_t>(basis.size()));
    for (double &a : alpha) a = random.normal() / 10.0;
    ExpansionWorkspace workspace(basis, beta);
    const double z[3] = {0.3, -1.1, 0.8};
    std::vector<double> low(3), high(3), whole(3);
    double laplacian[2];
    evaluate_split_derivatives(basis, alpha.data(), beta, z, 2, low.data(), high.data(), laplacian, workspace);
    evaluate_expansion(basis, alpha.data(), beta, z, 1, d, nullptr, whole.data(), d);
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(low[size_t(j)] + high[size_t(j)], whole[size_t(j)], 1e-13);

    // Δh = Σ_j ∂_j (∂_j h), each by a central difference of the gradient: error O(h²) ≈ 1e-9.
    const double h = 1e-5;
    double numeric = 0.0;
    for (int j = 0; j < 3; ++j) {
        double plus[3] = {z[0], z[1], z[2]}, minus[3] = {z[0], z[1], z[2]};
        plus[j] += h, minus[j] -= h;
        std::vector<double> gp(3), gm(3);
        evaluate_expansion(basis, alpha.data(), beta, plus, 1, d, nullptr, gp.data(), d);
        evaluate_expansion(basis, alpha.data(), beta, minus, 1, d, nullptr, gm.data(), d);
        numeric += (gp[size_t(j)] - gm[size_t(j)]) / (2 * h);
    }
    EXPECT_NEAR(laplacian[0] + laplacian[1], numeric, 1e-6);

    // The low part alone: with every coefficient above degree 2 zeroed, all of it is "low".
    std::vector<double> quadratic(alpha);
    for (int64_t k = 0; k < basis.size(); ++k)
        if (basis[k].total_degree() > 2) quadratic[size_t(k)] = 0.0;
    std::vector<double> low2(3), high2(3);
    double laplacian2[2];
    evaluate_split_derivatives(basis, quadratic.data(), beta, z, 2, low2.data(), high2.data(), laplacian2, workspace);
    EXPECT_EQ(low2, low);
    EXPECT_EQ(laplacian2[0], laplacian[0]);
    EXPECT_EQ(laplacian2[1], 0.0);
    for (double g : high2) EXPECT_EQ(g, 0.0);
}

// A degree-2 expansion in 1-D: h = a ψ_2(sqrt(β) z) = a (β z² − 1)/sqrt(2), so Δh = 2 a β/sqrt(2).
TEST(SplitDerivatives, LaplacianOfAQuadraticIsExact) {
    const int32_t index[1] = {2};
    const Basis basis = make_basis_from_indices(1, index, 1, 1);
    const double a = 1.7, beta = 2.5, z = 0.4;
    ExpansionWorkspace workspace(basis, beta);
    double low, high, laplacian[2];
    evaluate_split_derivatives(basis, &a, beta, &z, 2, &low, &high, laplacian, workspace);
    EXPECT_NEAR(laplacian[0], 2.0 * a * beta / std::sqrt(2.0), 1e-14);
    EXPECT_NEAR(low, 2.0 * a * beta * z / std::sqrt(2.0), 1e-14);
    EXPECT_EQ(high, 0.0);
}

}  // namespace
}  // namespace ofdm

// Hermite values and derivatives against direct polynomial evaluation; orthonormality and the
// linearization coefficients against Gauss–Hermite quadrature (exact for these degrees).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "math/basis.h"
#include "math/expansion.h"
#include "math/hermite.h"
#include "ofdm.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

// He_n(y) = n! Σ_m (−1)^m y^{n−2m} / (m! (n−2m)! 2^m), summed in long double; ψ_n = He_n/sqrt(n!).
long double explicit_psi(int n, long double y, bool derivative = false) {
    long double sum = 0, factorial_n = 1;
    for (int i = 2; i <= n; ++i) factorial_n *= i;
    for (int m = 0; 2 * m <= n; ++m) {
        long double term = factorial_n * std::pow(-1.0L, m) / std::pow(2.0L, m);
        for (int i = 2; i <= m; ++i) term /= i;
        for (int i = 2; i <= n - 2 * m; ++i) term /= i;
        const int power = n - 2 * m;
        if (derivative)
            sum += power == 0 ? 0 : term * power * std::pow(y, power - 1);
        else
            sum += term * std::pow(y, power);
    }
    return sum / std::sqrt(factorial_n);
}

TEST(Hermite, ValuesMatchExplicitPolynomials) {
    const int max_degree = 20;
    std::vector<double> psi(max_degree + 1);
    for (double y : {-3.7, -1.0, -0.3, 0.0, 0.5, 1.9, 4.2}) {
        hermite_values(y, max_degree, psi.data());
        for (int n = 0; n <= max_degree; ++n) {
            const double expected = double(explicit_psi(n, y));
            // The explicit sum cancels terms as large as ~ y^n / sqrt(n!); compare against that
            // scale with a few hundred ulps of room for the recurrence's rounding.
            const double scale = std::max(1.0, std::pow(std::fabs(y) + 1.0, n) / std::sqrt(std::tgamma(n + 1.0)));
            EXPECT_NEAR(psi[n], expected, 1e-13 * scale) << "n = " << n << ", y = " << y;
        }
    }
}

TEST(Hermite, OrthonormalUnderStandardNormal) {
    std::vector<double> nodes, weights;
    testing::gauss_hermite(40, nodes, weights);  // exact for degree <= 79
    const int max_degree = 30;
    std::vector<double> psi(max_degree + 1);
    std::vector<double> gram((max_degree + 1) * (max_degree + 1), 0.0);
    for (size_t i = 0; i < nodes.size(); ++i) {
        hermite_values(nodes[i], max_degree, psi.data());
        for (int a = 0; a <= max_degree; ++a)
            for (int b = 0; b <= max_degree; ++b) gram[a * (max_degree + 1) + b] += weights[i] * psi[a] * psi[b];
    }
    for (int a = 0; a <= max_degree; ++a)
        for (int b = 0; b <= max_degree; ++b)
            EXPECT_NEAR(gram[a * (max_degree + 1) + b], a == b ? 1.0 : 0.0, 1e-11) << a << "," << b;
}

// ψ_a ψ_b = Σ_r c(a,b,r) ψ_{a+b−2r}, so E[ψ_a ψ_b ψ_c] = c(a,b,r) for c = a+b−2r, else 0.
TEST(Linearization, CoefficientsMatchQuadrature) {
    const int max_degree = 12;
    std::vector<double> nodes, weights;
    testing::gauss_hermite(40, nodes, weights);  // the triple products have degree <= 48
    std::vector<double> psi(2 * max_degree + 1);
    std::vector<std::vector<double>> table(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
        table[i].resize(psi.size());
        hermite_values(nodes[i], 2 * max_degree, table[i].data());
    }
    for (int a = 0; a <= max_degree; ++a)
        for (int b = 0; b <= max_degree; ++b)
            for (int c = 0; c <= a + b; ++c) {
                double integral = 0.0;
                for (size_t i = 0; i < nodes.size(); ++i) integral += weights[i] * table[i][a] * table[i][b] * table[i][c];
                const bool present = (a + b - c) % 2 == 0 && c >= std::abs(a - b);
                const double expected = present ? linearization_coefficient(a, b, (a + b - c) / 2) : 0.0;
                // Quadrature sums terms of size up to ~ max|ψ|³ ≈ 1e3 at these degrees.
                EXPECT_NEAR(integral, expected, 1e-9 * std::max(1.0, expected)) << a << " " << b << " " << c;
            }
}

TEST(Linearization, HighDegreeCoefficientsAreFiniteAndExact) {
    // At OFDM_MAX_DEGREE the factorials would overflow a double; the binomial form must not.
    const int a = OFDM_MAX_DEGREE, b = OFDM_MAX_DEGREE;
    for (int r = 0; r <= a; r += 8) {
        const double c = linearization_coefficient(a, b, r);
        const double log_expected = 0.5 * (std::lgamma(a + 1.0) + std::lgamma(b + 1.0) + std::lgamma(a + b - 2.0 * r + 1.0)) -
                                    std::lgamma(r + 1.0) - std::lgamma(a - r + 1.0) - std::lgamma(b - r + 1.0);
        ASSERT_TRUE(std::isfinite(c));
        EXPECT_NEAR(std::log(c), log_expected, 1e-11 * std::max(1.0, std::fabs(log_expected)));
    }
}

// ∇φ_k through evaluate_expansion (the code path of every score) against the derivative of the
// explicit polynomials, for mixed multi-indices in 3-D with β ≠ 1.
TEST(Hermite, ExpansionGradientMatchesExplicitDerivatives) {
    const double beta = 0.7;
    const int32_t rows[3][3] = {{3, 0, 1}, {0, 5, 2}, {1, 1, 1}};
    const Basis basis = make_basis_from_indices(3, &rows[0][0], 3, 3);
    const double z[3] = {0.4, -1.3, 2.1};
    for (int64_t k = 0; k < 3; ++k) {
        std::vector<double> alpha(3, 0.0), grad(3);
        alpha[k] = 1.0;
        double h = 0.0;
        evaluate_expansion(basis, alpha.data(), beta, z, 1, 3, &h, grad.data(), 3);
        long double value = 1;
        for (int j = 0; j < 3; ++j) value *= explicit_psi(rows[k][j], std::sqrt(beta) * z[j]);
        EXPECT_NEAR(h, double(value), 1e-12 * std::max(1.0, std::fabs(h)));
        for (int j = 0; j < 3; ++j) {
            long double partial = std::sqrt((long double)beta);  // chain rule of y = sqrt(β) z
            for (int i = 0; i < 3; ++i)
                partial *= explicit_psi(rows[k][i], std::sqrt(beta) * z[i], i == j);
            EXPECT_NEAR(grad[j], double(partial), 1e-11 * std::max(1.0, std::fabs(grad[j]))) << "k " << k << " j " << j;
        }
    }
}

}  // namespace
}  // namespace ofdm

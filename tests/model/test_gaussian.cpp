// DESIGN §4: a degree-2 basis on Gaussian data must reproduce the Gaussian score at every t.
// The score-matching projection onto affine scores depends only on the first two moments of
// p_t, so the fitted score equals, up to rounding, the score of the Gaussian with the data's
// empirical mean and covariance evolved by the OU process — and the true score up to sampling
// error of those moments.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "model/fit.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

// Score of N(mean, cov) at x in 2-D.
std::vector<double> gaussian_score(const double *x, const double mean[2], const double cov[2][2]) {
    const double det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0];
    const double r0 = x[0] - mean[0], r1 = x[1] - mean[1];
    return {-(cov[1][1] * r0 - cov[0][1] * r1) / det, -(-cov[1][0] * r0 + cov[0][0] * r1) / det};
}

// p_t in data coordinates when the OU process runs in z = (x − m)/s: mean m + e^{−t}(μ − m),
// covariance e^{−2t} C + (1 − e^{−2t}) diag(s²)/β.
void evolve(double t, const double mu[2], const double C[2][2], const std::vector<double> &m,
            const std::vector<double> &s, double beta, double mean[2], double cov[2][2]) {
    const double decay = std::exp(-t), noise = 1.0 - std::exp(-2.0 * t);
    for (int i = 0; i < 2; ++i) {
        mean[i] = m[size_t(i)] + decay * (mu[i] - m[size_t(i)]);
        for (int j = 0; j < 2; ++j) cov[i][j] = decay * decay * C[i][j] + (i == j ? noise * s[size_t(i)] * s[size_t(i)] / beta : 0.0);
    }
}

class GaussianFit : public ::testing::TestWithParam<int32_t> {};

TEST_P(GaussianFit, DegreeTwoReproducesTheGaussianScore) {
    const int64_t n = 20000;
    const double beta = 1.0;
    const double mu[2] = {1.5, -0.5};
    const double C[2][2] = {{2.0, 0.9}, {0.9, 1.0}};  // true covariance, correlation 0.64
    const double L[2][2] = {{std::sqrt(2.0), 0.0}, {0.9 / std::sqrt(2.0), std::sqrt(1.0 - 0.81 / 2.0)}};
    testing::Random random(2026);
    std::vector<double> x(size_t(2 * n));
    for (int64_t i = 0; i < n; ++i) {
        const double e0 = random.normal(), e1 = random.normal();
        x[size_t(2 * i)] = mu[0] + L[0][0] * e0;
        x[size_t(2 * i + 1)] = mu[1] + L[1][0] * e0 + L[1][1] * e1;
    }
    std::vector<double> m, s;
    testing::column_moments(x, 2, m, s);
    double emp_mu[2] = {m[0], m[1]}, emp_C[2][2] = {{0, 0}, {0, 0}};
    for (int64_t i = 0; i < n; ++i)
        for (int a = 0; a < 2; ++a)
            for (int b = 0; b < 2; ++b)
                emp_C[a][b] += (x[size_t(2 * i + a)] - m[size_t(a)]) * (x[size_t(2 * i + b)] - m[size_t(b)]) / double(n);

    FitSettings settings;
    settings.beta = beta;
    settings.coordinates = GetParam();
    const std::vector<double> shift = settings.coordinates == OFDM_COORDINATES_NONE ? std::vector<double>{0, 0} : m;
    const std::vector<double> scale = settings.coordinates == OFDM_COORDINATES_NONE ? std::vector<double>{1, 1} : s;
    const Model model = fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 2, 0)), x.data(), n, 2, settings);

    const double points[4][2] = {{1.5, -0.5}, {0.0, 0.0}, {3.0, 1.0}, {-1.0, -2.5}};
    for (double t : {0.0, 0.1, 0.5, 2.0}) {
        double mean[2], cov[2][2], true_mean[2], true_cov[2][2];
        evolve(t, emp_mu, emp_C, shift, scale, beta, mean, cov);
        evolve(t, mu, C, shift, scale, beta, true_mean, true_cov);
        for (const auto &p : points) {
            double fitted[2];
            model.score(t, p, 1, 2, fitted, 2);
            const std::vector<double> exact = gaussian_score(p, mean, cov);
            const std::vector<double> truth = gaussian_score(p, true_mean, true_cov);
            const double norm = std::hypot(exact[0], exact[1]) + 1.0;
            for (int j = 0; j < 2; ++j) {
                // Rounding only: moments of 20 000 samples, a 5 × 5 Cholesky solve.
                EXPECT_NEAR(fitted[j], exact[j], 1e-9 * norm) << "t " << t << " j " << j;
                // Sampling error: the mean and the covariance of n = 20 000 samples are off by
                // ~1/sqrt(n) ≈ 0.7 % each, which moves the score by ~1.2 % of (|s| + 1) at these
                // points (observed up to 1.1 %); 5 % is a 4-σ bound.
                EXPECT_NEAR(fitted[j], truth[j], 0.05 * norm) << "t " << t << " j " << j;
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Coordinates, GaussianFit,
                         ::testing::Values(int32_t(OFDM_COORDINATES_STANDARDIZE), int32_t(OFDM_COORDINATES_NONE)));

}  // namespace
}  // namespace ofdm

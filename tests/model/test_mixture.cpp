// DESIGN §4: the 1-D two-mode mixture ½N(−1, 0.5²) + ½N(1, 0.5²), N = 20 000, K = 10. The
// relative L²(p_t) error of the fitted score against the analytic score of the noised mixture
// must be no worse than the independent prototype's figures, with margins for another data draw.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "model/fit.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

const testing::Mixture kTwoModes{{{-1.0}, {1.0}}, {0.5, 0.5}, 0.5};

struct Fitted {
    std::vector<double> data, shift, scale;
    std::unique_ptr<Model> model;
};

Fitted fit_two_modes(int32_t time_mode, int32_t coordinates, uint64_t seed) {
    Fitted f;
    testing::Random random(seed);
    f.data = kTwoModes.sample(20000, random);
    FitSettings settings;
    settings.time_mode = time_mode;
    settings.coordinates = coordinates;
    f.model = std::make_unique<Model>(
        fit_model(std::make_shared<const Basis>(make_total_degree_basis(1, 10, 0)), f.data.data(), 20000, 1, settings));
    if (coordinates == OFDM_COORDINATES_STANDARDIZE)
        testing::column_moments(f.data, 1, f.shift, f.scale);
    else
        f.shift = {0.0}, f.scale = {1.0};
    return f;
}

// sqrt(E_{p_t}|ŝ − s|² / E_{p_t}|s|²) over 20 000 fresh samples of p_t: Monte Carlo error of
// the ratio is ~1/sqrt(20 000) ≈ 0.7 % of its value.
double relative_score_error(const Fitted &f, double t, uint64_t seed) {
    testing::Random random(seed);
    const int64_t m = 20000;
    const std::vector<double> y = kTwoModes.sample_noised(m, t, f.shift, f.scale, 1.0, random);
    std::vector<double> fitted(static_cast<size_t>(m));
    f.model->score(t, y.data(), m, 1, fitted.data(), 1);
    double error = 0.0, norm = 0.0;
    for (int64_t i = 0; i < m; ++i) {
        const double exact = kTwoModes.noised_score(&y[size_t(i)], t, f.shift, f.scale, 1.0)[0];
        error += (fitted[size_t(i)] - exact) * (fitted[size_t(i)] - exact);
        norm += exact * exact;
    }
    return std::sqrt(error / norm);
}

TEST(TwoModeMixture, GalerkinScoreErrorWithinDesignFigures) {
    // The prototype measured 0.22 / 0.17 / 0.056 / 0.006 (DESIGN §4); these bounds leave room for the
    // sampling error of a different data set.
    const double times[] = {0.0, 0.05, 0.2, 0.5, 1.0, 2.0};
    const double bound[] = {0.25, 0.2, 0.08, 0.02, 0.01, 0.005};
    for (int32_t coordinates : {OFDM_COORDINATES_STANDARDIZE, OFDM_COORDINATES_NONE}) {
        const Fitted f = fit_two_modes(OFDM_TIME_GALERKIN, coordinates, 42);
        for (size_t i = 0; i < 6; ++i) {
            const double error = relative_score_error(f, times[i], 1000 + i);
            std::printf("coordinates %d  t = %.2f  relative L2 score error %.4f (bound %.3f)\n", coordinates, times[i],
                        error, bound[i]);
            EXPECT_LE(error, bound[i]) << "t = " << times[i];
        }
    }
}

TEST(TwoModeMixture, PerturbationModeScalesTheTimeZeroSolve) {
    const Fitted galerkin = fit_two_modes(OFDM_TIME_GALERKIN, OFDM_COORDINATES_STANDARDIZE, 42);
    const Fitted perturbation = fit_two_modes(OFDM_TIME_PERTURBATION, OFDM_COORDINATES_STANDARDIZE, 42);
    const std::vector<double> at_zero = galerkin.model->coefficients_at(0.0);
    EXPECT_EQ(perturbation.model->coefficients_at(0.0), at_zero);  // the same solve, bit for bit
    for (double t : {0.05, 0.5, 3.0}) {
        const std::vector<double> alpha = perturbation.model->coefficients_at(t);
        for (size_t k = 0; k < alpha.size(); ++k)  // basis order: φ_k = ψ_{k+1}, |k| = k + 1
            EXPECT_NEAR(alpha[k], std::exp(-double(k + 1) * t) * at_zero[k], 1e-15 * std::fabs(at_zero[k]));
    }
    // DESIGN §4: first order is exact at t = 0 and measurably worse in between.
    const double e_galerkin = relative_score_error(galerkin, 0.5, 7), e_perturbation = relative_score_error(perturbation, 0.5, 7);
    std::printf("t = 0.5: Galerkin %.4f, perturbation %.4f\n", e_galerkin, e_perturbation);
    EXPECT_GT(e_perturbation, 5.0 * e_galerkin);
}

}  // namespace
}  // namespace ofdm

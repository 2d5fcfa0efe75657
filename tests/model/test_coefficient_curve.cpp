// α(t) on an interval (model/coefficient_curve.h): the curve agrees with direct solves at times
// it never solved at, to its tolerance; a looser tolerance needs no more solves; a solve budget
// below what the curve needs gives no curve, and one above it the same curve.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "model/coefficient_curve.h"
#include "model/fit.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

Model three_modes(int32_t degree) {
    const testing::Mixture modes{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
    testing::Random random(23);
    const std::vector<double> x = modes.sample(5000, random);
    return fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, degree, 0)), x.data(), 5000, 2,
                     FitSettings{});
}

double relative_error(const std::vector<double> &exact, const std::vector<double> &approximate) {
    double difference = 0.0, norm = 0.0;
    for (size_t k = 0; k < exact.size(); ++k) {
        difference += (exact[k] - approximate[k]) * (exact[k] - approximate[k]);
        norm += exact[k] * exact[k];
    }
    return std::sqrt(difference / norm);
}

// The worst relative error against direct solves at 301 geometric times of [t_lo, t_hi] (not
// the curve's nodes or checks: those are Lobatto points of its pieces).
double worst_error(const Model &model, const CoefficientCurve &curve, double t_lo, double t_hi) {
    std::vector<double> alpha(size_t(model.basis().size()));
    double worst = 0.0;
    for (int i = 0; i <= 300; ++i) {
        const double t = t_lo * std::pow(t_hi / t_lo, (i + 0.37) / 301.0);
        curve.at(t, alpha.data());
        worst = std::max(worst, relative_error(model.coefficients_at(t), alpha));
    }
    return worst;
}

TEST(CoefficientCurve, AgreesWithDirectSolvesToItsTolerance) {
    const Model model = three_modes(8);
    int64_t previous_nodes = 0;
    for (double tolerance : {1e-10, 1e-8, 1e-5}) {
        const CoefficientCurve curve(model, 1e-3, 5.0, tolerance);
        const double worst = worst_error(model, curve, 1e-3, 5.0);
        std::printf("tolerance %.0e: %lld nodes, measured %.2e, worst of 301 times %.2e\n", tolerance,
                    (long long)curve.nodes(), curve.measured_error(), worst);
        EXPECT_LE(curve.measured_error(), tolerance);
        // The checks are the peaks of the interpolation error: between them it is no larger,
        // up to a factor for the pieces' edges (10 leaves room; a wrong piece is off by orders).
        EXPECT_LE(worst, 10 * tolerance);
        if (previous_nodes > 0) {
            EXPECT_LE(curve.nodes(), previous_nodes);
        }
        previous_nodes = curve.nodes();
    }
}

TEST(CoefficientCurve, ASolveBudgetBelowTheCurvesNeedGivesNoCurve) {
    const Model model = three_modes(8);
    const CoefficientCurve unlimited(model, 1e-3, 5.0, 1e-9);
    const int64_t needed = unlimited.nodes() + 1;  // the nodes and α(0)
    EXPECT_EQ(CoefficientCurve::within(model, 1e-3, 5.0, 1e-9, needed - 1), nullptr);
    const std::unique_ptr<CoefficientCurve> curve = CoefficientCurve::within(model, 1e-3, 5.0, 1e-9, needed);
    ASSERT_NE(curve, nullptr);
    EXPECT_EQ(curve->nodes(), unlimited.nodes());
    std::vector<double> a(size_t(model.basis().size())), b(a.size());
    for (double t : {1e-3, 0.0123, 0.7, 5.0}) {
        curve->at(t, a.data());
        unlimited.at(t, b.data());
        EXPECT_EQ(a, b) << "t = " << t;
    }
}

}  // namespace
}  // namespace ofdm

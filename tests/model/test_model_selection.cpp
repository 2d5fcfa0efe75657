// Model selection by the held-out score-matching loss (model/model_selection.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "math/expansion.h"
#include "model/fit.h"
#include "model/flow.h"
#include "model/model_selection.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

const testing::Mixture kThreeModes{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};

// The three-mode mixture with a fraction of far outliers (a second, distant cluster).
std::vector<double> contaminated(int64_t n, double fraction, testing::Random &random) {
    std::vector<double> x = kThreeModes.sample(n, random);
    for (int64_t i = 0; i < n; ++i)
        if (random.uniform() < fraction) {
            x[size_t(2 * i)] = 8.0 + 4.0 * random.uniform();
            x[size_t(2 * i + 1)] = -6.0 + 2.0 * random.normal();
        }
    return x;
}

double mean_log_likelihood(const Model &model, const std::vector<double> &x) {
    const int64_t n = int64_t(x.size()) / 2;
    std::vector<double> ll(static_cast<size_t>(n));
    flow_log_likelihood(model, x.data(), n, 2, flow_default_settings(), ll.data());
    double mean = 0.0;
    for (double v : ll) mean += v / double(n);
    return mean;
}

// At t = 0 the held-out expectations are plain averages over the held-out points, and
// β|k| φ_k = −Δφ_k + β z·∇φ_k (L φ_k = −|k| φ_k), so the closed form must equal Hyvärinen's
// implicit score-matching loss (1/n) Σ_i [|∇h(z_i)|² + 2 Δh(z_i) − 2β z_i·∇h(z_i)], evaluated
// point by point. Rounding only: 1e-10 relative.
TEST(ValidationLoss, AtTimeZeroIsTheImplicitScoreMatchingLossOfTheHeldOutPoints) {
    testing::Random random(21);
    const std::vector<double> train = kThreeModes.sample(3000, random), held = kThreeModes.sample(500, random);
    FitSettings settings;
    settings.beta = 1.7;
    const Model model = fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 6, 0)), train.data(), 3000,
                                  2, settings);
    const std::vector<double> alpha = model.coefficients_at(0.0);
    ExpansionWorkspace workspace(model.basis(), settings.beta);
    double direct = 0.0;
    for (int64_t i = 0; i < 500; ++i) {
        double z[2], low[2], high[2], laplacian[2];
        model.coordinates().to_latent(held.data() + 2 * i, 1, 2, z, 2);
        evaluate_split_derivatives(model.basis(), alpha.data(), settings.beta, z, 0, low, high, laplacian, workspace);
        const double g0 = low[0] + high[0], g1 = low[1] + high[1];
        direct += (g0 * g0 + g1 * g1 + 2.0 * (laplacian[0] + laplacian[1]) - 2.0 * settings.beta * (z[0] * g0 + z[1] * g1)) /
                  500.0;
    }
    EXPECT_NEAR(validation_loss_at(model, held.data(), 500, 2, 0.0), direct, 1e-10 * std::fabs(direct));
}

// On clean mixture data higher degrees keep helping (held-out likelihood rises from −2.29 at
// degree 8 to −2.26 at 14; DESIGN §4: the lower 48 airports chose degree 14), so the choice must
// be a high degree, and the one with the smallest loss.
TEST(ModelSelection, CleanMixtureChoosesAHighDegree) {
    if (testing::under_memcheck()) GTEST_SKIP() << "70 fits: skipped under valgrind (OFDM_MEMCHECK=1)";
    testing::Random random(3);
    const std::vector<double> x = contaminated(20000, 0.0, random);
    SelectionSettings s;
    s.max_degree = 14;
    s.max_interaction = 0;
    const Selection selection = select_model(x.data(), 20000, 2, 2, FitSettings(), s);
    const SelectionCandidate &best = selection.candidates[selection.best];
    EXPECT_GE(best.degree, 10);
    for (const SelectionCandidate &c : selection.candidates) {
        if (std::isfinite(c.loss)) {
            EXPECT_GE(c.loss, best.loss);
        }
    }
}

// 1 % of far outliers: high degrees at ridge 0 can no longer be solved and need a ridge that
// costs them dearly. The chosen model must be at least as good, by held-out likelihood of fresh
// contaminated data, as the fixed choices a user would make (degree 8, or degree 14 with a ridge).
// Measured: chosen (degree 10, ridge 0) −2.523 nats, degree 8 −2.532, degree 14 with ridge 1e-4
// −2.867.
// The candidate with the smallest loss (degree 11, ridge 0) is singular on all 20 000 rows, at
// t = 0 or (with one BLAS thread) at t ≈ 1e-4, so the refit falls back to the next one.
TEST(ModelSelection, OutliersDoNotLeadTheChoiceAstray) {
    if (testing::under_memcheck()) GTEST_SKIP() << "42 fits and 6 000 flow likelihoods: skipped under valgrind (OFDM_MEMCHECK=1)";
    testing::Random random(3);
    const std::vector<double> x = contaminated(20000, 0.01, random), test = contaminated(2000, 0.01, random);
    SelectionSettings s;
    s.max_degree = 14;
    s.max_interaction = 0;
    const Selection selection = select_model(x.data(), 20000, 2, 2, FitSettings(), s);
    size_t used = SIZE_MAX;
    const Model selected = fit_selected(x.data(), 20000, 2, 2, FitSettings(), selection, &used);
    ASSERT_LT(used, selection.candidates.size());
    const SelectionCandidate &best = selection.candidates[used];
    auto fitted = [&](int32_t degree, double ridge) {
        FitSettings settings;
        settings.ridge = ridge;
        return fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, degree, 0)), x.data(), 20000, 2, settings);
    };
    const double chosen = mean_log_likelihood(selected, test);
    const double fixed8 = mean_log_likelihood(fitted(8, 0.0), test);
    const double fixed14 = mean_log_likelihood(fitted(14, 1e-4), test);
    std::printf("  chosen degree %d ridge %g: %.4f nats; degree 8: %.4f; degree 14, ridge 1e-4: %.4f\n", best.degree,
                best.ridge, chosen, fixed8, fixed14);
    // Not worse than the moderate fixed choice beyond the noise of a difference of two means over
    // the same 2 000 points (~0.01 nats), and clearly better than the high fixed degree.
    EXPECT_GE(chosen, fixed8 - 0.02);
    EXPECT_GE(chosen, fixed14 + 0.1);
}

TEST(ModelSelection, RefusesBadSettings) {
    const std::vector<double> x(40, 0.5);
    SelectionSettings s;
    s.validation_fraction = 1.0;
    try {
        select_model(x.data(), 20, 2, 2, FitSettings(), s);
        FAIL() << "accepted validation_fraction = 1";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("validation_fraction"), std::string::npos) << e.what();
    }
    s = SelectionSettings();
    s.max_degree = 0;
    EXPECT_THROW(select_model(x.data(), 20, 2, 2, FitSettings(), s), Error);
}

}  // namespace
}  // namespace ofdm

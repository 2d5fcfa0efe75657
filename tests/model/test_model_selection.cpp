// Model selection by the held-out score-matching loss (model/model_selection.h).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
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

// What select_model tells settings.progress: every (done, total), and the seconds since the start.
struct ProgressLog {
    std::vector<int64_t> done, total;
    std::vector<double> seconds;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

int log_progress(int64_t done, int64_t total, void *data) {
    ProgressLog &log = *static_cast<ProgressLog *>(data);
    log.done.push_back(done);
    log.total.push_back(total);
    log.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - log.start).count());
    return 0;
}

ProgressLog select_with_progress(const std::vector<double> &x, int64_t d, const SelectionSettings &selection,
                                 FitSettings settings = FitSettings{}, Selection *out = nullptr) {
    ProgressLog log;
    settings.progress.callback = log_progress;
    settings.progress.user_data = &log;
    Selection result = select_model(x.data(), int64_t(x.size()) / d, d, d, settings, selection);
    if (out) *out = std::move(result);
    return log;
}

// The calls of one run: one fixed total, done non-decreasing from above 0, the last at the total.
void expect_monotone_to_the_total(const ProgressLog &log) {
    ASSERT_FALSE(log.done.empty());
    for (size_t i = 0; i < log.done.size(); ++i) {
        EXPECT_EQ(log.total[i], log.total[0]) << "call " << i;
        EXPECT_GT(log.done[i], 0) << "call " << i;
        EXPECT_LE(log.done[i], log.total[i]) << "call " << i;
        if (i > 0) {
            EXPECT_GE(log.done[i], log.done[i - 1]) << "call " << i;
        }
    }
    EXPECT_EQ(log.done.back(), log.total.back());
}

std::vector<double> four_dimensional_modes(int64_t n, uint64_t seed) {
    const testing::Mixture modes{{{-1.0, 0.0, 0.5, 0.0}, {1.0, 0.0, -0.5, 0.0}, {0.0, 1.0, 0.0, 0.5}},
                                 {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.6};
    testing::Random random(seed);
    return modes.sample(n, random);
}

// Progress counts work, not candidates (the CLI's `--degree auto` bar once stood at 65 % after
// 6 s and at 92 % after 489 s). d = 4 without interaction limit: degrees 1..8 give K = 4 .. 494,
// and the first half of the 40 candidates (degrees 1..4, K <= 69) is a small share of the work.
// A run to degree 4 makes the same calls as the start of a run to degree 8 (the same bases in the
// same order), so its call count marks "after the first half" in the longer run: counted in
// candidates that is exactly 50 %. Under valgrind: degrees 1..3 of 1..6 (K <= 34 of 209), n = 1000.
TEST(ModelSelection, ProgressCountsWorkNotCandidates) {
    const bool memcheck = testing::under_memcheck();
    const std::vector<double> x = four_dimensional_modes(memcheck ? 1000 : 3000, 41);
    SelectionSettings selection;
    selection.max_interaction = 0;
    selection.max_degree = memcheck ? 3 : 4;
    const ProgressLog half = select_with_progress(x, 4, selection);
    selection.max_degree *= 2;
    const ProgressLog all = select_with_progress(x, 4, selection);
    expect_monotone_to_the_total(half);
    expect_monotone_to_the_total(all);
    ASSERT_LT(half.done.size(), all.done.size());
    const size_t mark = half.done.size() - 1;
    const double share = double(all.done[mark]) / double(all.total[mark]);
    const double time_share = all.seconds[mark] / all.seconds.back();
    std::printf("  after the first half of the candidates: %.2f %% reported, %.2f %% of the time\n", 100 * share,
                100 * time_share);
    EXPECT_LT(share, 0.1);
}

// Sweeps cut short still end at the total: by max_basis_size (degree 5 has K = 125; such bases
// are never in the total) and by the memory limit (degree 5's Galerkin matrices alone take
// 1.25 MB; the work of the rest of the sweep counts as done when it is refused).
TEST(ModelSelection, ProgressEndsAtItsTotalWhenSweepsAreCutShort) {
    const std::vector<double> x = four_dimensional_modes(1000, 42);
    SelectionSettings selection;
    selection.max_interaction = 0;
    selection.max_degree = 8;
    selection.max_basis_size = 100;
    Selection result;
    expect_monotone_to_the_total(select_with_progress(x, 4, selection, FitSettings{}, &result));
    EXPECT_EQ(result.skipped, 1);
    EXPECT_EQ(result.candidates.back().degree, 4);
    selection.max_basis_size = 4000;
    FitSettings limited;
    limited.memory_limit = int64_t(1) << 20;
    const ProgressLog log = select_with_progress(x, 4, selection, limited, &result);
    expect_monotone_to_the_total(log);
    EXPECT_EQ(result.skipped, 1);
    EXPECT_EQ(result.candidates.back().degree, 4);
    EXPECT_LT(double(log.done[log.done.size() - 2]) / double(log.total.back()), 0.5);  // the jump at the refusal
}

}  // namespace
}  // namespace ofdm

// The adaptive basis (src/model/adaptive_basis.h, DESIGN §8): what it chooses on data with a known
// sparse structure, the quality of its samples against exact ones, its determinism, and its
// refusals.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "model/adaptive_basis.h"
#include "model/fit.h"
#include "model/sampler.h"
#include "support/boltzmann.h"
#include "support/test_data.h"

namespace {

using namespace ofdm;

std::vector<double> draw(const Model &model, int64_t n, uint64_t seed) {
    SampleSettings settings;
    settings.seed = seed;
    std::vector<double> out(static_cast<size_t>(n * model.data_dim()));
    sample_model(model, n, settings, out.data(), model.data_dim());
    return out;
}

// Energy distance of the model's samples to a reference set, over the distance between two
// reference sets of the same size (the noise floor): 1 is indistinguishable.
double energy_ratio(const Model &model, const std::vector<double> &reference_a, const std::vector<double> &reference_b,
                    int64_t d) {
    const int64_t m = int64_t(reference_a.size()) / d;
    const double floor = ofdm::testing::energy_distance(reference_a, reference_b, d);
    return ofdm::testing::energy_distance(draw(model, m, 5), reference_b, d) / floor;
}

std::string describe(const Basis &basis) {
    std::string text;
    for (int64_t k = 0; k < basis.size(); ++k) {
        text += k ? " " : "";
        for (const IndexEntry &e : basis[k]) text += "x" + std::to_string(e.coord) + "^" + std::to_string(e.power);
    }
    return text;
}

// A 2-D anisotropic mixture: two modes apart along x0, narrow along x1.
const ofdm::testing::Mixture kAnisotropic{{{-1.5, 0.0}, {1.5, 0.0}}, {0.5, 0.5}, 0.35};

TEST(AdaptiveBasis, TwoDimensionalAnisotropicMixtureReachesEnergyRatioOnePointThree) {
    ofdm::testing::Random random(3);
    const std::vector<double> x = kAnisotropic.sample(20000, random);
    ofdm::testing::Random ra(30), rb(31);
    const std::vector<double> a = kAnisotropic.sample(2000, ra), b = kAnisotropic.sample(2000, rb);
    const auto started = std::chrono::steady_clock::now();
    const AdaptiveResult result = fit_adaptive(x.data(), 20000, 2, 2, FitSettings{}, AdaptiveSettings{});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double ratio = energy_ratio(result.model, a, b, 2);
    std::printf("2-D mixture: K = %lld, rounds %zu, ridge %g, %.2f s, ED ratio %.3f\n  %s\n",
                (long long)result.model.basis().size(), result.round_losses.size() - 1, result.ridge, seconds, ratio,
                describe(result.model.basis()).c_str());
    const Model fixed = fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 8, 0)), x.data(), 20000, 2, {});
    const double fixed_ratio = energy_ratio(fixed, a, b, 2);
    std::printf("  total degree 8 (K = 44): ED ratio %.3f\n", fixed_ratio);
    // The goal, 1.3 at 2 000 samples: measured 1.22 (K = 22, powers of x0 up to 20 through
    // the deeper steps; without them the growth stopped at x0^8 with 1.67, as total degree 8's
    // 1.66; docs/DESIGN.md §8). The ratio's spread between sample sets is about 10 % at 2 000
    // points, and the reference sets' floor errs low (adjacent seeds), so the bound is strict.
    EXPECT_LE(ratio, 1.3);
    EXPECT_LE(ratio, fixed_ratio);
}

TEST(AdaptiveBasis, GinzburgLandauChainOfSixteenSites) {
    if (ofdm::testing::under_memcheck()) GTEST_SKIP() << "minutes under valgrind";
    const ofdm::testing::GinzburgLandauChain chain(16);
    ofdm::testing::MalaOptions options;
    options.cluster_interval = 10;
    options.samples_per_chain = 94;  // 64 chains: 6 016 samples
    const ofdm::testing::MalaRun run = ofdm::testing::run_mala(chain, options);
    const int64_t d = 16;
    // Every third sample (less correlated) to the fit, the others to two reference sets.
    std::vector<double> x, a, b;
    const int64_t total = int64_t(run.samples.size()) / d;
    for (int64_t i = 0; i < total; ++i) {
        std::vector<double> &to = i % 3 == 0 ? x : i % 3 == 1 ? a : b;
        to.insert(to.end(), run.samples.begin() + i * d, run.samples.begin() + (i + 1) * d);
    }
    const int64_t n = int64_t(x.size()) / d;
    const auto started = std::chrono::steady_clock::now();
    const AdaptiveResult result = fit_adaptive(x.data(), n, d, d, FitSettings{}, AdaptiveSettings{});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double ratio = energy_ratio(result.model, a, b, d);
    std::printf("GL d = 16, n = %lld: K = %lld, rounds %zu, ridge %g, %.2f s, ED ratio %.3f\n", (long long)n,
                (long long)result.model.basis().size(), result.round_losses.size() - 1, result.ridge, seconds, ratio);
    const Model fixed = fit_model(std::make_shared<const Basis>(make_total_degree_basis(d, 4, 2)), x.data(), n, d, {});
    const double fixed_ratio = energy_ratio(fixed, a, b, d);
    std::printf("  total degree 4, interaction 2 (K = %lld): ED ratio %.3f\n", (long long)fixed.basis().size(), fixed_ratio);
    // The goal is 1.3; measured 1.70 against 1.62 (docs/DESIGN.md §8): as above.
    EXPECT_LE(ratio, 1.15 * fixed_ratio);
}

TEST(AdaptiveBasis, TheSameChoiceOnOneAndTwoThreads) {
    ofdm::testing::Random random(4);
    const std::vector<double> x = kAnisotropic.sample(1500, random);
    AdaptiveSettings one, two;
    one.threads = 1;
    two.threads = 2;
    const AdaptiveResult r1 = fit_adaptive(x.data(), 1500, 2, 2, FitSettings{}, one);
    const AdaptiveResult r2 = fit_adaptive(x.data(), 1500, 2, 2, FitSettings{}, two);
    ASSERT_EQ(r1.model.basis().size(), r2.model.basis().size());
    EXPECT_EQ(describe(r1.model.basis()), describe(r2.model.basis()));
    EXPECT_EQ(r1.round_losses, r2.round_losses);
    EXPECT_EQ(r1.model.coefficients_at(0.1), r2.model.coefficients_at(0.1));
}

TEST(AdaptiveBasis, BadSettingsAreRefusedByName) {
    ofdm::testing::Random random(5);
    const std::vector<double> x = kAnisotropic.sample(200, random);
    auto status = [&](AdaptiveSettings a, int64_t n = 200) {
        try {
            fit_adaptive(x.data(), n, 2, 2, FitSettings{}, a);
        } catch (const Error &e) {
            return std::pair<int32_t, std::string>(e.status(), e.what());
        }
        return std::pair<int32_t, std::string>(OFDM_OK, "");
    };
    AdaptiveSettings small;
    small.max_basis_size = 3;
    EXPECT_EQ(status(small).first, OFDM_ERR_INVALID_ARGUMENT);
    EXPECT_NE(status(small).second.find("start set"), std::string::npos) << status(small).second;
    AdaptiveSettings zero;
    zero.max_basis_size = 0;
    EXPECT_EQ(status(zero).first, OFDM_ERR_INVALID_ARGUMENT);
    AdaptiveSettings fraction;
    fraction.validation_fraction = 1.0;
    EXPECT_EQ(status(fraction).first, OFDM_ERR_INVALID_ARGUMENT);
    AdaptiveSettings seconds;
    seconds.max_seconds = -1;
    EXPECT_EQ(status(seconds).first, OFDM_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(status(AdaptiveSettings{}, 2).first, OFDM_ERR_TOO_FEW_SAMPLES) << status(AdaptiveSettings{}, 2).second;
}

// Two modes along the diagonal (1, 1, 1, 1) of R^4: the principal axis carries the whole double
// well, which the PCA map gives one coordinate and the standardized map spreads over four.
std::vector<double> diagonal_modes(int64_t n, uint64_t seed) {
    ofdm::testing::Random random(seed);
    std::vector<double> x(static_cast<size_t>(n * 4));
    for (int64_t i = 0; i < n; ++i) {
        const double side = random.uniform() < 0.5 ? -1.0 : 1.0;
        for (int64_t j = 0; j < 4; ++j) x[size_t(i * 4 + j)] = side + 0.5 * random.normal();
    }
    return x;
}

// fit_adaptive with OFDM_COORDINATES_AUTO and at most `rounds` rounds per map.
AdaptiveResult fit_automatic(const std::vector<double> &x, int64_t d, int32_t rounds) {
    FitSettings fit;
    fit.coordinates = OFDM_COORDINATES_AUTO;
    AdaptiveSettings a;
    a.max_rounds = rounds;
    return fit_adaptive(x.data(), int64_t(x.size()) / d, d, d, fit, a);
}

TEST(AdaptiveBasis, AutomaticCoordinatesKeepTheMapWhoseSamplesAreCloser) {
    const std::vector<double> x = diagonal_modes(2000, 6);
    const AdaptiveResult chosen = fit_automatic(x, 4, 8);
    const double standardized = chosen.coordinate_distances[OFDM_COORDINATES_STANDARDIZE];
    const double pca = chosen.coordinate_distances[OFDM_COORDINATES_PCA];
    // Both maps were grown and sampled; the PCA model's samples are clearly closer (measured:
    // 0.0092 against 0.0044 at 35 rounds), and it is the one returned.
    ASSERT_TRUE(std::isfinite(standardized) && std::isfinite(pca)) << standardized << " " << pca;
    EXPECT_GT(standardized, 1.5 * pca);
    EXPECT_EQ(chosen.coordinates, OFDM_COORDINATES_PCA);
    EXPECT_EQ(chosen.model.coordinates().kind(), OFDM_COORDINATES_PCA);
    EXPECT_TRUE(std::isnan(chosen.coordinate_distances[OFDM_COORDINATES_WHITEN]));
    // The PCA candidate is exactly the fit asked for in PCA coordinates: same set, same α.
    FitSettings pca_fit;
    pca_fit.coordinates = OFDM_COORDINATES_PCA;
    AdaptiveSettings a;
    a.max_rounds = 8;
    const AdaptiveResult direct = fit_adaptive(x.data(), 2000, 4, 4, pca_fit, a);
    EXPECT_EQ(describe(direct.model.basis()), describe(chosen.model.basis()));
    EXPECT_EQ(direct.model.coefficients_at(0.1), chosen.model.coefficients_at(0.1));
    EXPECT_TRUE(std::isnan(direct.coordinate_distances[OFDM_COORDINATES_PCA]));
    // Its samples against fresh exact ones: within 1.5× of the noise floor.
    const std::vector<double> ra = diagonal_modes(1000, 1234), rb = diagonal_modes(1000, 98765);
    EXPECT_LT(energy_ratio(chosen.model, ra, rb, 4), 1.5);
}

TEST(AdaptiveBasis, AutomaticCoordinatesSkipAPcaThatOnlyReordersTheAxes) {
    // Independent double wells of spreads 1, 2, 3: the principal axes are the data's axes.
    ofdm::testing::Random random(7);
    const int64_t n = 1500;
    std::vector<double> x(static_cast<size_t>(n * 3));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < 3; ++j)
            x[size_t(i * 3 + j)] = (random.uniform() < 0.5 ? -1.0 : 1.0) * double(j + 1) + 0.4 * random.normal();
    const AdaptiveResult chosen = fit_automatic(x, 3, 6);
    EXPECT_EQ(chosen.coordinates, OFDM_COORDINATES_STANDARDIZE);
    EXPECT_TRUE(std::isfinite(chosen.coordinate_distances[OFDM_COORDINATES_STANDARDIZE]));
    EXPECT_TRUE(std::isnan(chosen.coordinate_distances[OFDM_COORDINATES_PCA]));
}

TEST(AdaptiveBasis, AutomaticCoordinatesAreRefusedWhereTheyDoNotApply) {
    const std::vector<double> x = diagonal_modes(200, 8);
    FitSettings fit;
    fit.coordinates = OFDM_COORDINATES_AUTO;
    AdaptiveSettings fewer;
    fewer.latent_dim = 2;
    try {
        fit_adaptive(x.data(), 200, 4, 4, fit, fewer);
        ADD_FAILURE() << "a reduced latent_dim with OFDM_COORDINATES_AUTO was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("OFDM_COORDINATES_AUTO"), std::string::npos) << e.what();
    }
    // A fixed fit cannot choose its map by growing bases.
    try {
        validate_settings(fit);
        ADD_FAILURE() << "validate_settings accepted OFDM_COORDINATES_AUTO";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("ofdm_fit_adaptive"), std::string::npos) << e.what();
    }
}

}  // namespace

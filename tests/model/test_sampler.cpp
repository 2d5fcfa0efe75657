// Sampling (DESIGN §1 "Sampling", §4 "Samplers"): the samples follow the fitted density — exactly
// checkable on Gaussian data with a degree-2 basis — and match held-out data of the three-mode
// mixture as closely as the prototype did (DESIGN §4).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "model/fit.h"
#include "model/sampler.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

const testing::Mixture kThreeModes{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};

std::vector<double> draw(const Model &model, int64_t n, SampleSettings settings, SampleStats *stats = nullptr) {
    std::vector<double> out(size_t(n * model.data_dim()));
    const SampleStats s = sample_model(model, n, settings, out.data(), model.data_dim());
    if (stats) *stats = s;
    return out;
}

// Degree 2 on Gaussian data: the model's p_t is the Gaussian with the data's mean and covariance
// evolved by the OU process, so samples must reproduce the data's mean and covariance.
TEST(SamplerQuality, GaussianSamplesMatchTheDataMoments) {
    const int64_t n = 20000;
    testing::Random random(31);
    std::vector<double> x(size_t(2 * n));
    for (int64_t i = 0; i < n; ++i) {
        const double a = random.normal(), b = random.normal();
        x[size_t(2 * i)] = 2.0 + 1.5 * a;
        x[size_t(2 * i + 1)] = -1.0 + 0.6 * a + 0.5 * b;
    }
    const Model model = fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 2, 0)), x.data(), n, 2, {});
    struct Case {
        const char *name;
        int32_t method, corrector;
    };
    for (const Case c : {Case{"SDE", OFDM_SAMPLER_SDE, OFDM_CORRECTOR_NONE}, Case{"Heun", OFDM_SAMPLER_ODE_HEUN, OFDM_CORRECTOR_NONE},
                         Case{"SDE+MALA", OFDM_SAMPLER_SDE, OFDM_CORRECTOR_MALA},
                         Case{"Euler+Langevin", OFDM_SAMPLER_ODE_EULER, OFDM_CORRECTOR_LANGEVIN}}) {
        SampleSettings settings;
        settings.method = c.method;
        settings.steps = c.method == OFDM_SAMPLER_ODE_HEUN ? 50 : c.method == OFDM_SAMPLER_ODE_EULER ? 200 : 400;
        settings.corrector = c.corrector;
        settings.seed = 5;
        const std::vector<double> y = draw(model, n, settings);
        for (int a = 0; a < 2; ++a) {
            double mx = 0, my = 0;
            for (int64_t i = 0; i < n; ++i) mx += x[size_t(2 * i + a)] / n, my += y[size_t(2 * i + a)] / n;
            for (int b = a; b < 2; ++b) {
                double mxb = 0, myb = 0, cx = 0, cy = 0;
                for (int64_t i = 0; i < n; ++i) mxb += x[size_t(2 * i + b)] / n, myb += y[size_t(2 * i + b)] / n;
                for (int64_t i = 0; i < n; ++i) {
                    cx += (x[size_t(2 * i + a)] - mx) * (x[size_t(2 * i + b)] - mxb) / n;
                    cy += (y[size_t(2 * i + a)] - my) * (y[size_t(2 * i + b)] - myb) / n;
                }
                // Two independent sets of n: the difference of covariances has standard error
                // sqrt(2 (c_aa c_bb + c_ab²) / n); 4 standard errors.
                double caa = 0, cbb = 0;
                for (int64_t i = 0; i < n; ++i) {
                    caa += (x[size_t(2 * i + a)] - mx) * (x[size_t(2 * i + a)] - mx) / n;
                    cbb += (x[size_t(2 * i + b)] - mxb) * (x[size_t(2 * i + b)] - mxb) / n;
                }
                EXPECT_NEAR(cy, cx, 4.0 * std::sqrt(2.0 * (caa * cbb + cx * cx) / n)) << c.name << " cov " << a << b;
            }
            // The model's mean is the data's mean exactly; the sample mean's standard error is
            // sqrt(c_aa / n); 4 standard errors.
            double caa = 0;
            for (int64_t i = 0; i < n; ++i) caa += (x[size_t(2 * i + a)] - mx) * (x[size_t(2 * i + a)] - mx) / n;
            EXPECT_NEAR(my, mx, 4.0 * std::sqrt(caa / n)) << c.name << " mean " << a;
        }
    }
}

struct MixtureFixture {
    std::unique_ptr<Model> model;
    std::vector<std::vector<double>> held_out;
    double noise_floor = 0.0;  // mean energy distance between two independent true sets
};

// DESIGN §4: N = 20 000, total degree 8 (K = 44); 2 000 samples against 2 000 held-out true
// samples, averaged over three evaluation sets.
const MixtureFixture &mixture() {
    static MixtureFixture f = [] {
        MixtureFixture m;
        testing::Random random(1);
        const std::vector<double> x = kThreeModes.sample(20000, random);
        m.model = std::make_unique<Model>(
            fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 8, 0)), x.data(), 20000, 2, {}));
        for (int s = 0; s < 3; ++s) {
            testing::Random a(100 + s), b(200 + s);
            const std::vector<double> one = kThreeModes.sample(2000, a), other = kThreeModes.sample(2000, b);
            m.noise_floor += testing::energy_distance(one, other, 2) / 3;
            m.held_out.push_back(other);
        }
        return m;
    }();
    return f;
}

double energy_ratio(SampleSettings settings, const char *name) {
    const MixtureFixture &m = mixture();
    double distance = 0.0;
    SampleStats stats;
    for (int s = 0; s < 3; ++s) {
        settings.seed = 7 + uint64_t(s);
        distance += testing::energy_distance(draw(*m.model, 2000, settings, &stats), m.held_out[size_t(s)], 2) / 3;
    }
    const double ratio = distance / m.noise_floor;
    std::printf("%-28s energy distance / noise floor = %.3f (guarded steps %lld)\n", name, ratio,
                (long long)stats.guarded_steps);
    return ratio;
}

TEST(SamplerQuality, MixtureSamplesAreCloseToHeldOutData) {
    // The bound: no more than 1.5× the distance between two true sample sets (DESIGN §4).
    SampleSettings sde;
    EXPECT_LE(energy_ratio(sde, "SDE, 400 steps"), 1.5);
    SampleSettings heun;
    heun.method = OFDM_SAMPLER_ODE_HEUN;
    heun.steps = 50;
    EXPECT_LE(energy_ratio(heun, "ODE Heun, 50 steps"), 1.5);
}

TEST(SamplerQuality, CorrectorsImproveACoarsePredictor) {
    // With 20 predictor steps the discretisation error dominates; five corrector moves per level
    // at snr 0.3 pull the samples back towards the model's p_t. Each corrector must not be worse
    // than the predictor alone, on the SDE and on the ODE path.
    for (int32_t method : {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_EULER}) {
        SampleSettings plain;
        plain.method = method;
        plain.steps = 20;
        const double alone = energy_ratio(plain, method == OFDM_SAMPLER_SDE ? "SDE 20" : "Euler 20");
        for (int32_t corrector : {OFDM_CORRECTOR_LANGEVIN, OFDM_CORRECTOR_MALA}) {
            SampleSettings corrected = plain;
            corrected.corrector = corrector;
            corrected.corrector_steps = 5;
            corrected.corrector_snr = 0.3;
            EXPECT_LE(energy_ratio(corrected, corrector == OFDM_CORRECTOR_MALA ? "  + MALA" : "  + Langevin"), alone)
                << "method " << method << " corrector " << corrector;
        }
    }
}

TEST(Sampler, SameSeedIsBitIdenticalWhateverTheThreadCount) {
    const Model &model = *mixture().model;
    SampleSettings settings;
    settings.steps = 30;
    settings.corrector = OFDM_CORRECTOR_MALA;
    settings.seed = 99;
    settings.threads = 1;
    const std::vector<double> one = draw(model, 300, settings);
    settings.threads = 4;
    EXPECT_EQ(draw(model, 300, settings), one);
    const std::vector<double> prefix = draw(model, 100, settings);
    EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), one.begin()));
    settings.seed = 100;
    EXPECT_NE(draw(model, 300, settings), one);
}

TEST(Sampler, TheCachedCoefficientPathNeverChangesTheSamples) {
    // The model keeps the α(t) path of the last grid; switching grids and back must give what a
    // model without a cache gives.
    const Model &model = *mixture().model;
    SampleSettings a, b;
    a.steps = 30;
    b.steps = 40;
    b.grid = OFDM_GRID_UNIFORM;
    const std::vector<double> first = draw(model, 50, a);
    const std::vector<double> other = draw(model, 50, b);
    EXPECT_NE(other, first);
    EXPECT_EQ(draw(model, 50, a), first);
    testing::Random random(1);  // the same data as the fixture: a fresh model, no cache yet
    const std::vector<double> x = kThreeModes.sample(20000, random);
    const Model fresh = fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 8, 0)), x.data(), 20000, 2, {});
    EXPECT_EQ(draw(fresh, 50, a), first);
}

TEST(Sampler, ABadModelStillGivesFiniteSamplesAndCountsGuardedSteps) {
    // 40 points and total degree 12: the fitted polynomial is wild away from the data.
    testing::Random random(3);
    const std::vector<double> x = kThreeModes.sample(40, random);
    FitSettings fit;
    fit.ridge = 1e-6;
    const Model model = fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 12, 0)), x.data(), 40, 2, fit);
    for (int32_t method : {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_HEUN, OFDM_SAMPLER_ODE_EULER}) {
        SampleSettings settings;
        settings.method = method;
        settings.steps = 100;
        SampleStats stats;
        const std::vector<double> y = draw(model, 300, settings, &stats);
        for (double v : y) ASSERT_TRUE(std::isfinite(v)) << "method " << method;
        EXPECT_GT(stats.guarded_steps, 0) << "method " << method;
        EXPECT_GT(stats.guarded_samples, 0) << "method " << method;
    }
}

}  // namespace
}  // namespace ofdm

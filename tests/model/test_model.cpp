// The fitted model's evaluations agree with each other and with the coordinate map: the score is
// the gradient of the log-density, the log-density at t = ∞ is the normalized stationary law in
// data coordinates, and the latent map round-trips.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "model/fit.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

Model fit_three_modes(int32_t coordinates, double beta) {
    const testing::Mixture modes{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
    testing::Random random(5);
    std::vector<double> x = modes.sample(5000, random);
    for (size_t i = 0; i < x.size(); i += 2) x[i] = 3.0 * x[i] + 10.0;  // unequal scales and offsets
    FitSettings settings;
    settings.coordinates = coordinates;
    settings.beta = beta;
    return fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 6, 0)), x.data(), 5000, 2, settings);
}

TEST(Model, ScoreIsTheGradientOfTheLogDensity) {
    for (int32_t coordinates : {OFDM_COORDINATES_STANDARDIZE, OFDM_COORDINATES_NONE, OFDM_COORDINATES_WHITEN}) {
        const Model model = fit_three_modes(coordinates, 0.6);
        const double points[3][2] = {{10.0, 0.0}, {13.1, 0.9}, {7.2, -0.4}};
        for (double t : {0.0, 0.3, 1.5}) {
            for (const auto &p : points) {
                double score[2];
                model.score(t, p, 1, 2, score, 2);
                for (int j = 0; j < 2; ++j) {
                    // Central difference: truncation error ~ h² f''' / 6 and rounding ~ ε f / h;
                    // h = 1e-5 keeps both near 1e-9 for these polynomial values.
                    const double h = 1e-5;
                    double plus[2] = {p[0], p[1]}, minus[2] = {p[0], p[1]}, lp, lm;
                    plus[j] += h;
                    minus[j] -= h;
                    model.log_density(t, plus, 1, 2, &lp);
                    model.log_density(t, minus, 1, 2, &lm);
                    EXPECT_NEAR(score[j], (lp - lm) / (2 * h), 1e-6 * (1.0 + std::fabs(score[j])))
                        << "coordinates " << coordinates << " t " << t << " j " << j;
                }
            }
        }
    }
}

TEST(Model, InfiniteTimeIsTheNormalizedStationaryLaw) {
    const double beta = 0.6;
    const Model model = fit_three_modes(OFDM_COORDINATES_STANDARDIZE, beta);
    const std::vector<double> &m = model.coordinates().shift(), &s = model.coordinates().scale();
    const double x[2] = {11.0, 0.5};
    double value, score[2];
    model.log_density(INFINITY, x, 1, 2, &value);
    model.score(INFINITY, x, 1, 2, score, 2);
    // x_j ~ N(m_j, s_j²/β) independently.
    double expected = 0.0;
    for (int j = 0; j < 2; ++j) {
        const double var = s[size_t(j)] * s[size_t(j)] / beta, r = x[j] - m[size_t(j)];
        expected += -0.5 * r * r / var - 0.5 * std::log(2.0 * M_PI * var);
        EXPECT_NEAR(score[j], -r / var, 1e-14 * (1.0 + std::fabs(r / var)));
    }
    EXPECT_NEAR(value, expected, 1e-13 * (1.0 + std::fabs(expected)));
}

TEST(Model, LatentMapRoundTrips) {
    const Model model = fit_three_modes(OFDM_COORDINATES_STANDARDIZE, 1.0);
    const double x[4] = {9.5, 0.25, 12.0, -1.0};
    double z[4], back[4];
    model.coordinates().to_latent(x, 2, 2, z, 2);
    model.coordinates().from_latent(z, 2, 2, back, 2);
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(back[i], x[i], 1e-14 * std::fabs(x[i]));
}

TEST(Model, InvalidTimesAndPointsAreRefused) {
    const Model model = fit_three_modes(OFDM_COORDINATES_STANDARDIZE, 1.0);
    double out[2] = {123.0, 456.0};
    const double nan_point[2] = {1.0, NAN};
    for (double t : {-1e-300, -1.0, double(NAN)}) {
        try {
            model.score(t, nan_point, 1, 2, out, 2);
            ADD_FAILURE() << "t = " << t << " accepted";
        } catch (const Error &e) {
            EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        }
    }
    try {
        model.score(0.5, nan_point, 1, 2, out, 2);
        ADD_FAILURE() << "NaN point accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_NONFINITE_INPUT);
        EXPECT_NE(std::string(e.what()).find("column 1"), std::string::npos);
    }
    EXPECT_EQ(out[0], 123.0);  // nothing written on failure
    EXPECT_EQ(out[1], 456.0);
}

}  // namespace
}  // namespace ofdm

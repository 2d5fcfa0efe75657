// Whitening and PCA coordinate maps (DESIGN §2): the maps against their defining properties
// (latent covariance I, the eigen-equation of the data's covariance, W⁺ inverting W on the
// principal subspace), and models fitted through them against closed forms: a degree-2 model of
// Gaussian data is exactly the Gaussian of the latent coordinates, so the flow's log-likelihood
// must equal it; scores are gradients of log-densities; samples decode onto the subspace; files
// round-trip bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "model/fit.h"
#include "model/flow.h"
#include "model/byte_stream.h"
#include "model/model_file.h"
#include "model/sampler.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

// n samples of x = m + A y + noise·e, y ~ N(0, I_k), in d dimensions: a covariance of rank k plus
// a small isotropic part (noise = 0: exactly rank k).
std::vector<double> low_rank_data(int64_t n, int64_t d, int64_t k, double noise, uint64_t seed) {
    testing::Random random(seed);
    std::vector<double> a(size_t(d * k));
    for (double &v : a) v = random.normal();
    std::vector<double> x(size_t(n * d));
    std::vector<double> y(static_cast<size_t>(k));
    for (int64_t i = 0; i < n; ++i) {
        for (double &v : y) v = random.normal();
        for (int64_t j = 0; j < d; ++j) {
            double value = 3.0 + 0.5 * double(j);  // an offset per column
            for (int64_t c = 0; c < k; ++c) value += a[size_t(j * k + c)] * (1.0 + double(c)) * y[size_t(c)];
            x[size_t(i * d + j)] = value + noise * random.normal();
        }
    }
    return x;
}

// Mean and covariance (divisor n) by plain loops: the reference the map's BLAS path must meet.
void plain_covariance(const std::vector<double> &x, int64_t d, std::vector<double> &mean, std::vector<double> &cov) {
    const int64_t n = int64_t(x.size()) / d;
    mean.assign(size_t(d), 0.0);
    cov.assign(size_t(d * d), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) mean[size_t(j)] += x[size_t(i * d + j)] / double(n);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t a = 0; a < d; ++a)
            for (int64_t b = 0; b < d; ++b)
                cov[size_t(a * d + b)] += (x[size_t(i * d + a)] - mean[size_t(a)]) *
                                          (x[size_t(i * d + b)] - mean[size_t(b)]) / double(n);
}

TEST(Coordinates, WhiteningGivesIdentityCovarianceAndInverts) {
    const int64_t d = 4, n = 3000;
    const std::vector<double> x = low_rank_data(n, d, d, 0.0, 1);
    const CoordinateMap map = CoordinateMap::decorrelation(OFDM_COORDINATES_WHITEN, x.data(), n, d, d, d);
    ASSERT_EQ(map.latent_dim(), d);
    std::vector<double> z(x.size()), back(x.size());
    map.to_latent(x.data(), n, d, z.data(), d);
    std::vector<double> mean, cov;
    plain_covariance(z, d, mean, cov);
    for (int64_t a = 0; a < d; ++a) {
        EXPECT_NEAR(mean[size_t(a)], 0.0, 1e-12);
        for (int64_t b = 0; b < d; ++b) EXPECT_NEAR(cov[size_t(a * d + b)], a == b ? 1.0 : 0.0, 1e-11);
    }
    map.from_latent(z.data(), n, d, back.data(), d);
    for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(back[i], x[i], 1e-11 * (1.0 + std::fabs(x[i])));
    // log|det W| = −½ log det C, det C = product of the eigenvalues (they multiply to it exactly
    // when the decomposition is right; the plain covariance's determinant by elimination).
    plain_covariance(x, d, mean, cov);
    double log_det = 0.0;
    std::vector<double> m = cov;
    for (int64_t p = 0; p < d; ++p) {  // SPD: no pivoting needed
        log_det += std::log(m[size_t(p * d + p)]);
        for (int64_t r = p + 1; r < d; ++r) {
            const double f = m[size_t(r * d + p)] / m[size_t(p * d + p)];
            for (int64_t c = p; c < d; ++c) m[size_t(r * d + c)] -= f * m[size_t(p * d + c)];
        }
    }
    EXPECT_NEAR(map.log_abs_det(), -0.5 * log_det, 1e-11);
}

TEST(Coordinates, PcaKeepsTheLeadingEigenvectorsOfTheCovariance) {
    const int64_t d = 7, n = 2500, r = 3;
    const std::vector<double> x = low_rank_data(n, d, 5, 0.05, 2);
    const CoordinateMap map = CoordinateMap::decorrelation(OFDM_COORDINATES_PCA, x.data(), n, d, d, r);
    std::vector<double> mean, cov;
    plain_covariance(x, d, mean, cov);
    const std::vector<double> &lambda = map.eigenvalues(), &u = map.eigenvectors();
    ASSERT_EQ(lambda.size(), size_t(r));
    for (int64_t c = 0; c < r; ++c) {
        if (c > 0) {
            EXPECT_GE(lambda[size_t(c - 1)], lambda[size_t(c)]);
        }
        for (int64_t a = 0; a < d; ++a) {  // C u = λ u
            double cu = 0.0;
            for (int64_t b = 0; b < d; ++b) cu += cov[size_t(a * d + b)] * u[size_t(b * r + c)];
            EXPECT_NEAR(cu, lambda[size_t(c)] * u[size_t(a * r + c)], 1e-10 * lambda[0]);
        }
    }
    // The kept variance is the largest any r orthonormal directions can hold: at least that of
    // the coordinate axes with the largest variances (a cheap independent lower bound).
    std::vector<double> diagonal;
    for (int64_t a = 0; a < d; ++a) diagonal.push_back(cov[size_t(a * d + a)]);
    std::sort(diagonal.rbegin(), diagonal.rend());
    double kept = 0.0, axes = 0.0;
    for (int64_t c = 0; c < r; ++c) {
        kept += lambda[size_t(c)];
        axes += diagonal[size_t(c)];
    }
    EXPECT_GE(kept, axes);
    // Latent coordinates: mean 0, covariance I; decoding is the projection onto the subspace, so
    // encoding the decoded points gives the latent points back.
    std::vector<double> z(size_t(n * r)), back(x.size()), again(z.size());
    map.to_latent(x.data(), n, d, z.data(), r);
    std::vector<double> zmean, zcov;
    plain_covariance(z, r, zmean, zcov);
    for (int64_t a = 0; a < r; ++a)
        for (int64_t b = 0; b < r; ++b) EXPECT_NEAR(zcov[size_t(a * r + b)], a == b ? 1.0 : 0.0, 1e-11);
    map.from_latent(z.data(), n, r, back.data(), d);
    map.to_latent(back.data(), n, d, again.data(), r);
    for (size_t i = 0; i < z.size(); ++i) EXPECT_NEAR(again[i], z[i], 1e-10 * (1.0 + std::fabs(z[i])));
    EXPECT_NEAR(map.log_abs_det(), -0.5 * (std::log(lambda[0]) + std::log(lambda[1]) + std::log(lambda[2])), 1e-13);
}

TEST(Coordinates, MapsWorkInPlace) {
    const int64_t d = 5, n = 600, r = 2;
    std::vector<double> x = low_rank_data(n, d, 3, 0.1, 3);
    const CoordinateMap map = CoordinateMap::decorrelation(OFDM_COORDINATES_PCA, x.data(), n, d, d, r);
    std::vector<double> z(size_t(n * r)), decoded(x.size());
    map.to_latent(x.data(), n, d, z.data(), r);
    map.to_latent(x.data(), n, d, x.data(), d);  // z written over x, row stride d
    for (int64_t i = 0; i < n; ++i)
        for (int64_t c = 0; c < r; ++c) ASSERT_EQ(x[size_t(i * d + c)], z[size_t(i * r + c)]);
    map.from_latent(z.data(), n, r, decoded.data(), d);
    map.from_latent(x.data(), n, d, x.data(), d);
    for (size_t i = 0; i < x.size(); ++i) ASSERT_EQ(x[i], decoded[i]);
}

TEST(Coordinates, RankDeficientDataAreRefusedWithTheRank) {
    const int64_t d = 5, n = 400;
    const std::vector<double> x = low_rank_data(n, d, 2, 0.0, 4);  // exactly rank 2
    try {
        CoordinateMap::decorrelation(OFDM_COORDINATES_WHITEN, x.data(), n, d, d, d);
        FAIL() << "whitening a rank-2 covariance was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("numerical rank 2"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(CoordinateMap::decorrelation(OFDM_COORDINATES_PCA, x.data(), n, d, d, 2));
    try {
        CoordinateMap::decorrelation(OFDM_COORDINATES_PCA, x.data(), n, d, d, 3);
        FAIL() << "PCA to 3 components of rank-2 data was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("at most 2 components"), std::string::npos) << e.what();
    }
}

// A degree-2 model of Gaussian data, fitted through PCA on data of dimension d.
Model fit_gaussian_pca(int64_t d, int64_t r, std::vector<double> &x) {
    x = low_rank_data(4000, d, r, 0.02, 5);
    FitSettings settings;
    settings.coordinates = OFDM_COORDINATES_PCA;
    settings.data_dim = d;
    return fit_model(std::make_shared<const Basis>(make_total_degree_basis(r, 2, 0)), x.data(), 4000, d, settings);
}

TEST(Coordinates, PcaModelOfGaussianDataIsTheLatentGaussian) {
    const int64_t d = 6, r = 3;
    std::vector<double> x;
    const Model model = fit_gaussian_pca(d, r, x);
    EXPECT_EQ(model.data_dim(), d);
    EXPECT_EQ(model.latent_dim(), r);
    // In latent coordinates the data have mean 0 and covariance I exactly, and a degree-2 model
    // is their Gaussian: log q(x) = −|z|²/2 − (r/2) log 2π + log|pdet W|.
    const int64_t m = 6;
    std::vector<double> points(x.begin(), x.begin() + m * d), z(size_t(m * r)), log_q(static_cast<size_t>(m));
    for (int64_t j = 0; j < d; ++j) points[size_t(5 * d + j)] += 2.0 * (points[size_t(j)] - 3.0);  // a far point
    const SampleSettings flow = flow_default_settings();
    flow_log_likelihood(model, points.data(), m, d, flow, log_q.data());
    model.coordinates().to_latent(points.data(), m, d, z.data(), r);
    for (int64_t i = 0; i < m; ++i) {
        double squared = 0.0;
        for (int64_t c = 0; c < r; ++c) squared += z[size_t(i * r + c)] * z[size_t(i * r + c)];
        const double expected = -0.5 * squared - 0.5 * double(r) * std::log(2.0 * M_PI) + model.coordinates().log_abs_det();
        // The flow's tolerance 1e-6 per step and the T = 8 start give ~1e-5 nats (test_flow).
        EXPECT_NEAR(log_q[size_t(i)], expected, 1e-3) << "point " << i;
    }
}

TEST(Coordinates, PcaScoreIsTheGradientOfTheLogDensityInDataSpace) {
    const int64_t d = 5, r = 2;
    std::vector<double> x;
    FitSettings settings;
    settings.coordinates = OFDM_COORDINATES_PCA;
    settings.data_dim = d;
    x = low_rank_data(3000, d, 3, 0.1, 6);
    const Model model =
        fit_model(std::make_shared<const Basis>(make_total_degree_basis(r, 4, 0)), x.data(), 3000, d, settings);
    for (double t : {0.0, 0.4}) {
        double score[5];
        const double *p = x.data() + 7 * d;
        model.score(t, p, 1, d, score, d);
        for (int64_t j = 0; j < d; ++j) {
            const double h = 1e-5;  // as test_model: truncation and rounding both near 1e-9
            double plus[5], minus[5], lp, lm;
            for (int64_t k = 0; k < d; ++k) plus[k] = minus[k] = p[k];
            plus[j] += h;
            minus[j] -= h;
            model.log_density(t, plus, 1, d, &lp);
            model.log_density(t, minus, 1, d, &lm);
            EXPECT_NEAR(score[j], (lp - lm) / (2 * h), 1e-6 * (1.0 + std::fabs(score[j]))) << "t " << t << " j " << j;
        }
    }
}

TEST(Coordinates, PcaSamplesLieOnThePrincipalSubspaceAndAreThreadIndependent) {
    const int64_t d = 6, r = 3, n = 300;
    std::vector<double> x;
    const Model model = fit_gaussian_pca(d, r, x);
    SampleSettings settings;
    settings.steps = 100;
    settings.seed = 11;
    settings.threads = 1;
    std::vector<double> one(size_t(n * d)), two(size_t(n * d)), z(size_t(n * r)), back(size_t(n * d));
    sample_model(model, n, settings, one.data(), d);
    settings.threads = 2;
    sample_model(model, n, settings, two.data(), d);
    for (size_t i = 0; i < one.size(); ++i) ASSERT_EQ(one[i], two[i]) << "entry " << i;
    // On the subspace: decoding the encoded samples gives them back.
    model.coordinates().to_latent(one.data(), n, d, z.data(), r);
    model.coordinates().from_latent(z.data(), n, r, back.data(), d);
    for (size_t i = 0; i < one.size(); ++i) EXPECT_NEAR(back[i], one[i], 1e-10 * (1.0 + std::fabs(one[i])));
    // Flow samples too, and their log q agrees with the log-likelihood of the same points.
    std::vector<double> flow_x(size_t(n * d)), log_q(static_cast<size_t>(n)), again(static_cast<size_t>(n));
    SampleSettings flow = flow_default_settings();
    flow.seed = 12;
    flow_sample(model, n, flow, flow_x.data(), d, log_q.data());
    flow_log_likelihood(model, flow_x.data(), n, d, flow, again.data());
    for (int64_t i = 0; i < n; ++i) EXPECT_NEAR(again[size_t(i)], log_q[size_t(i)], 1e-4) << "sample " << i;
}

TEST(Coordinates, ModelFilesKeepTheMapBitForBit) {
    std::vector<double> x;
    const Model model = fit_gaussian_pca(6, 3, x);
    const std::vector<uint8_t> bytes = serialize_model(model);
    EXPECT_EQ(bytes[12], 1) << "a PCA model is written as format 1.1";
    const Model loaded = deserialize_model(bytes.data(), bytes.size());
    EXPECT_TRUE(loaded.coordinates().same_as(model.coordinates()));
    EXPECT_EQ(loaded.data_dim(), 6);
    double a[6], b[6];
    model.score(0.2, x.data(), 1, 6, a, 6);
    loaded.score(0.2, x.data(), 1, 6, b, 6);
    for (int j = 0; j < 6; ++j) EXPECT_EQ(a[j], b[j]);
    EXPECT_EQ(serialize_model(loaded), bytes);
    // Models with per-coordinate maps stay format 1.0, readable by the first readers.
    FitSettings settings;
    const Model standard =
        fit_model(std::make_shared<const Basis>(make_total_degree_basis(6, 2, 0)), x.data(), 4000, 6, settings);
    EXPECT_EQ(serialize_model(standard)[12], 0);
}

// A forged file (checksum recomputed) whose eigen data are wrong is refused as corrupt: every
// field is validated, not only the checksum.
TEST(Coordinates, ForgedEigenDataAreCorrupt) {
    std::vector<double> x;
    const Model model = fit_gaussian_pca(6, 3, x);
    const std::vector<uint8_t> bytes = serialize_model(model);
    // The payload after the header: d_latent, K, beta, ridge, coordinates, time mode, training
    // size, then data dim, shift (6), eigenvalues (3), eigenvectors (18).
    const size_t data_dim_at = 24 + 8 + 8 + 8 + 8 + 4 + 4 + 8;
    const size_t eigenvalues_at = data_dim_at + 8 + 6 * 8, eigenvectors_at = eigenvalues_at + 3 * 8;
    auto forged = [&](size_t offset, double value) {
        std::vector<uint8_t> copy(bytes);
        std::memcpy(copy.data() + offset, &value, 8);
        const uint64_t sum = fnv1a64(copy.data(), copy.size() - 8);
        std::memcpy(copy.data() + copy.size() - 8, &sum, 8);
        return copy;
    };
    double first_vector_entry;
    std::memcpy(&first_vector_entry, bytes.data() + eigenvectors_at, 8);
    ASSERT_EQ(first_vector_entry, model.coordinates().eigenvectors()[0]) << "the layout assumed above";
    const std::vector<std::pair<std::vector<uint8_t>, const char *>> cases = {
        {forged(eigenvectors_at, first_vector_entry + 1e-6), "orthonormal"},
        {forged(eigenvalues_at, -1.0), "eigenvalue 0"},
        {forged(eigenvalues_at + 16, 1e300), "decreasing"},
        {forged(eigenvectors_at + 8, NAN), "not finite"},
    };
    for (const auto &[file, word] : cases) {
        try {
            deserialize_model(file.data(), file.size());
            ADD_FAILURE() << "accepted: " << word;
        } catch (const Error &e) {
            EXPECT_EQ(e.status(), OFDM_ERR_CORRUPT) << e.what();
            EXPECT_NE(std::string(e.what()).find(word), std::string::npos) << e.what();
        }
    }
}

// The status and message of fit_model on n rows of 2 columns, "" when it fits.
std::pair<ofdm_status, std::string> fit_failure(const std::vector<double> &x, int64_t n, int32_t coordinates,
                                                double ridge) {
    FitSettings settings;
    settings.coordinates = coordinates;
    settings.ridge = ridge;
    try {
        fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 4, 0)), x.data(), n, 2, settings);
        return {OFDM_OK, ""};
    } catch (const Error &e) {
        return {e.status(), e.what()};
    }
}

// One value at 1e300 in 1 000 Gaussian rows (issue 17): with a ridge the fit used to succeed with
// an infinite standard deviation (every sample ±Inf, a file that does not load) or infinite
// moments. Every map refuses it as OFDM_ERR_OVERFLOW naming row 3, column 0 and what overflowed.
TEST(Coordinates, DataBeyondDoubleRangeAreRefusedNamingRowColumnAndStatistic) {
    testing::Random random(5);
    std::vector<double> x(2000);
    for (double &v : x) v = random.normal();
    x[2 * 3] = 1e300;
    const std::vector<std::pair<int32_t, const char *>> cases = {
        {OFDM_COORDINATES_STANDARDIZE, "the variance of column 0"},
        {OFDM_COORDINATES_WHITEN, "the variance of column 0"},
        {OFDM_COORDINATES_NONE, "of degree 2"},
    };
    for (const auto &[coordinates, what] : cases) {
        const auto [status, message] = fit_failure(x, 1000, coordinates, 1e-8);
        EXPECT_EQ(status, OFDM_ERR_OVERFLOW) << coordinates << ": " << message;
        EXPECT_NE(message.find(what), std::string::npos) << message;
        EXPECT_NE(message.find("(row 3, column 0)"), std::string::npos) << message;
        EXPECT_NE(message.find("x[3][0] = 1e+300"), std::string::npos) << message;
    }
    // A mean beyond double range (the sum of 1 000 values near 1e306) is named as such.
    std::vector<double> far(x);
    for (int64_t i = 0; i < 1000; ++i) far[size_t(2 * i + 1)] = 1e306 * (1.5 + 0.1 * far[size_t(2 * i + 1)]);
    const auto [status, message] = fit_failure(far, 1000, OFDM_COORDINATES_WHITEN, 1e-8);
    EXPECT_EQ(status, OFDM_ERR_OVERFLOW) << message;
    EXPECT_NE(message.find("the mean of column 1"), std::string::npos) << message;
    // Maps from statistics without their rows (streamed, merged, imported) name the column only.
    try {
        CoordinateMap::standardization_from({0.0, 1.0}, {1.0, INFINITY});
        ADD_FAILURE() << "an infinite standard deviation was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_OVERFLOW);
        EXPECT_NE(std::string(e.what()).find("the variance of column 1 overflows double range"), std::string::npos)
            << e.what();
    }
    try {
        CoordinateMap::from_covariance(OFDM_COORDINATES_WHITEN, {0.0, 0.0}, {1.0, INFINITY, INFINITY, 1.0}, 2);
        ADD_FAILURE() << "an infinite covariance was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_OVERFLOW);
        EXPECT_NE(std::string(e.what()).find("the covariance of columns 0 and 1"), std::string::npos) << e.what();
    }
    // Finite covariance entries whose eigenvalue is not: 1.7e308 in all four entries.
    try {
        CoordinateMap::from_covariance(OFDM_COORDINATES_PCA, {0.0, 0.0}, {1.7e308, 1.7e308, 1.7e308, 1.7e308}, 1);
        ADD_FAILURE() << "an infinite eigenvalue was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_OVERFLOW) << e.what();
        EXPECT_NE(std::string(e.what()).find("largest eigenvalue"), std::string::npos) << e.what();
    }
}

// Large but representable: a column at 1e150 times a Gaussian has a finite variance (1e300), so it
// fits, and the model saves, loads and samples finitely, its samples on the data's scale.
TEST(Coordinates, LargeButRepresentableDataFitSaveLoadAndSampleFinitely) {
    testing::Random random(6);
    std::vector<double> x(2000);
    for (double &v : x) v = random.normal();
    for (int64_t i = 0; i < 1000; ++i) x[size_t(2 * i)] *= 1e150;
    FitSettings settings;
    settings.ridge = 1e-8;
    const Model model =
        fit_model(std::make_shared<const Basis>(make_total_degree_basis(2, 4, 0)), x.data(), 1000, 2, settings);
    const std::vector<uint8_t> bytes = serialize_model(model);
    const Model loaded = deserialize_model(bytes.data(), bytes.size());
    SampleSettings sampling;
    sampling.steps = 50;
    std::vector<double> samples(2 * 500);
    sample_model(loaded, 500, sampling, samples.data(), 2);
    std::vector<double> magnitude;
    for (int64_t i = 0; i < 500; ++i) {
        ASSERT_TRUE(std::isfinite(samples[size_t(2 * i)]) && std::isfinite(samples[size_t(2 * i + 1)])) << "sample " << i;
        magnitude.push_back(std::fabs(samples[size_t(2 * i)]) / 1e150);
    }
    std::nth_element(magnitude.begin(), magnitude.begin() + 250, magnitude.end());
    // The median |x0| of N(0, 1e300) is 0.674e150; 500 samples of a degree-4 fit: within 25 %.
    EXPECT_NEAR(magnitude[250], 0.674, 0.17);
    double log_density[1];
    loaded.log_density(0.0, x.data() + 2, 1, 2, log_density);
    EXPECT_TRUE(std::isfinite(log_density[0]));
}

TEST(Coordinates, DataDimensionMustMatchTheMap) {
    std::vector<double> x = low_rank_data(500, 4, 4, 0.0, 7);
    auto basis = std::make_shared<const Basis>(make_total_degree_basis(2, 2, 0));
    FitSettings settings;
    settings.data_dim = 4;  // standardization cannot change the dimension
    try {
        fit_model(basis, x.data(), 500, 4, settings);
        ADD_FAILURE() << "data_dim 4 with a 2-D basis and standardization was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("only OFDM_COORDINATES_PCA"), std::string::npos) << e.what();
    }
    settings.coordinates = OFDM_COORDINATES_PCA;
    settings.data_dim = 1;  // fewer columns than components
    EXPECT_THROW(fit_model(basis, x.data(), 500, 4, settings), Error);
    settings.data_dim = -1;
    EXPECT_THROW(fit_model(basis, x.data(), 500, 4, settings), Error);
    settings.data_dim = 4;
    EXPECT_THROW(fit_model(basis, x.data(), 500, 3, settings), Error);  // ldx < d
    EXPECT_NO_THROW(fit_model(basis, x.data(), 500, 4, settings));
}

}  // namespace
}  // namespace ofdm

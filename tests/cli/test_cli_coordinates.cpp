// `ofdm fit --coordinates whiten|pca` run as a user runs it (cli_fixture.h): a PCA model of
// 5-column data lives in 2 latent dimensions yet reads and writes 5 columns in every verb, with
// samples and scores on the principal plane; whitening keeps a degree-2 model of Gaussian data
// exactly the data's Gaussian; every misuse of --components, and --memory-limit, gives one line
// on stderr and its exit status.
#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

// 1 000 rows of the 2-D Gaussian, embedded in 5 columns on a plane (rank 2).
Matrix planar_data() { return embed_in_five(gaussian_data(1000, 21)); }

TEST_F(Cli, PcaModelReadsAndWritesTheDataColumnsInEveryVerb) {
    write_npy("x.npy", planar_data());
    CliRun run = ofdm({"fit", "x.npy", "-o", "pca.ofdm", "--coordinates", "pca", "--components", "2", "--degree", "3"});
    ASSERT_EQ(run.status, 0) << run.err;
    // The basis is built in r = 2 dimensions: total degree 1..3 in 2-D is 2 + 3 + 4 functions.
    EXPECT_EQ(run.err.rfind("fit: n = 1000, d = 5, r = 2, K = 9, ", 0), 0u) << run.err;

    run = ofdm({"info", "pca.ofdm"});
    ASSERT_EQ(run.status, 0) << run.err;
    for (const char *line : {"dimension:              5\n", "latent dimension:       2\n",
                             "coordinates:            pca\n", "basis functions (K):    9\n"})
        EXPECT_NE(run.out.find(line), std::string::npos) << "missing: " << line << "in:\n" << run.out;

    run = ofdm({"sample", "pca.ofdm", "-n", "200", "-o", "samples.npy", "--steps", "50", "--seed", "4"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix samples = read("samples.npy");
    ASSERT_EQ(samples.rows, 200);
    ASSERT_EQ(samples.cols, 5);
    for (double value : samples.values) ASSERT_TRUE(std::isfinite(value));
    // Samples are decoded onto the principal plane, which for rank-2 data is the data's own plane;
    // what separates them from it is the eigenvectors' float rounding: 1e-9 relative is generous.
    EXPECT_LT(distance_from_plane(samples), 1e-9);

    // Scores are Wᵀ s_z: they lie in the plane's directions, orthogonal to every normal (same
    // rounding margin, relative to the score's size).
    run = ofdm({"score", "pca.ofdm", "samples.npy", "-o", "score.npy", "--t", "0.1"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix score = read("score.npy");
    ASSERT_EQ(score.rows, 200);
    ASSERT_EQ(score.cols, 5);
    for (int64_t i = 0; i < score.rows; ++i) {
        double size = 0.0;
        for (int j = 0; j < 5; ++j) size = std::max(size, std::fabs(score.values[size_t(5 * i + j)]));
        for (const auto &normal : kFiveNormals) {
            double dot = 0.0;
            for (int j = 0; j < 5; ++j) dot += normal[j] * score.values[size_t(5 * i + j)];
            ASSERT_LE(std::fabs(dot), 1e-9 * std::max(size, 1.0)) << "row " << i;
        }
    }

    // The log-density is that of the component scores: moving the points off the plane, along a
    // dropped direction, leaves it unchanged. Rounding can flip one step-size decision of the
    // adaptive flow, which moves a value by at most the integrator's error: 1e-5.
    Matrix moved = samples;
    for (int64_t i = 0; i < moved.rows; ++i)
        for (int j = 0; j < 5; ++j) moved.values[size_t(5 * i + j)] += 0.7 * kFiveNormals[0][j];
    write_npy("moved.npy", moved);
    ASSERT_EQ(ofdm({"loglik", "pca.ofdm", "samples.npy", "-o", "on.npy"}).status, 0);
    run = ofdm({"loglik", "pca.ofdm", "moved.npy", "-o", "off.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix on = read("on.npy"), off = read("off.npy");
    ASSERT_EQ(on.rows, 200);
    ASSERT_EQ(off.rows, 200);
    for (int64_t i = 0; i < 200; ++i) {
        ASSERT_TRUE(std::isfinite(on.values[size_t(i)])) << i;
        EXPECT_NEAR(off.values[size_t(i)], on.values[size_t(i)], 1e-5) << "row " << i;
    }

    // The model's columns are the data's 5, not the 2 latent ones.
    write_npy("two.npy", gaussian_data(10, 3));
    EXPECT_FAILS_WITH(ofdm({"score", "pca.ofdm", "two.npy", "-o", "s.npy"}), 1,
                      "ofdm score: two.npy: 2 columns, but the model has dimension 5");
    EXPECT_FAILS_WITH(ofdm({"loglik", "pca.ofdm", "two.npy", "-o", "s.npy"}), 1,
                      "ofdm loglik: two.npy: 2 columns, but the model has dimension 5");
}

TEST_F(Cli, WhitenedDegree2ModelIsTheGaussianOfTheDataMoments) {
    const Matrix data = fit_gaussian({"--coordinates", "whiten"});
    const Gaussian g = moments(data);
    CliRun run = ofdm({"info", "model.ofdm"});
    EXPECT_NE(run.out.find("coordinates:            whiten\n"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("latent dimension:       2\n"), std::string::npos) << run.out;
    Matrix points;
    points.rows = 30;
    points.cols = 2;
    points.values.assign(data.values.begin(), data.values.begin() + 60);
    write_npy("points.npy", points);
    // Whitened data are N(0, I) in z, which the OU process (β = 1) leaves unchanged, so at every
    // t the score in x is Wᵀ(−z) = −Σ⁻¹(x − m). Only float rounding separates the two: 1e-6.
    for (const char *t : {"0", "0.7"}) {
        run = ofdm({"score", "model.ofdm", "points.npy", "-o", "score.npy", "--t", t});
        ASSERT_EQ(run.status, 0) << run.err;
        const Matrix score = read("score.npy");
        ASSERT_EQ(score.rows, 30);
        for (int64_t i = 0; i < 30; ++i) {
            const double d0 = points.values[size_t(2 * i)] - g.mean[0], d1 = points.values[size_t(2 * i + 1)] - g.mean[1];
            const double expected[2] = {-(g.precision(0, 0) * d0 + g.precision(0, 1) * d1),
                                        -(g.precision(1, 0) * d0 + g.precision(1, 1) * d1)};
            const double error = std::hypot(score.values[size_t(2 * i)] - expected[0],
                                            score.values[size_t(2 * i + 1)] - expected[1]);
            EXPECT_LE(error, 1e-6 * std::max(std::hypot(expected[0], expected[1]), 1e-3)) << "t = " << t << ", row " << i;
        }
    }
}

TEST_F(Cli, RefusesComponentsThatMakeNoSense) {
    write_npy("x.npy", planar_data());
    const std::vector<std::string> fit = {"fit", "x.npy", "-o", "m.ofdm"};
    auto with = [&fit](const std::vector<std::string> &extra) {
        std::vector<std::string> args = fit;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "pca"})), 2, "ofdm fit: --coordinates pca needs --components R");
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "pca", "--components", "0"})), 2,
                      "ofdm fit: option --components: 0 is out of range (1 to ");
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "pca", "--components", "two"})), 2,
                      "ofdm fit: option --components: 'two' is not an integer");
    // More components than columns is known only once the data are read: a failure, as a
    // --lattice that does not match the columns is.
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "pca", "--components", "6"})), 1,
                      "ofdm fit: --components 6 is more than the 5 columns of x.npy");
    EXPECT_FAILS_WITH(ofdm(with({"--components", "2"})), 2, "ofdm fit: --components applies only to --coordinates pca");
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "standardize", "--components", "2"})), 2,
                      "ofdm fit: --components applies only to --coordinates pca");
    write_text("edges.txt", "0 1\n");
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "pca", "--components", "2", "--graph", "edges.txt"})), 2,
                      "ofdm fit: --graph does not apply to --coordinates pca");
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "pca", "--components", "2", "--lattice", "1x2"})), 2,
                      "ofdm fit: --lattice does not apply to --coordinates pca");
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "zca"})), 2,
                      "ofdm fit: option --coordinates: 'zca' is not one of none|standardize|whiten|pca");
    // Whitening needs all 5 directions; the library refuses rank-2 data and says why.
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "whiten"})), 1, "ofdm fit: x.npy: ");
    EXPECT_FAILS_WITH(ofdm(with({"--coordinates", "whiten"})), 1, "numerical rank 2");
    EXPECT_FALSE(std::ifstream(path("m.ofdm")).good());
}

TEST_F(Cli, MemoryLimitReachesTheLibrary) {
    const Matrix data = gaussian_data(500, 7);
    write_npy("gauss.npy", data);
    const std::vector<std::string> fit = {"fit", "gauss.npy", "-o", "m.ofdm", "--degree", "3"};
    auto with = [&fit](const std::vector<std::string> &extra) {
        std::vector<std::string> args = fit;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    // The library refuses before allocating and names the limit in bytes, so the suffix is seen
    // multiplied out.
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit", "1K"})), 1, "more than --memory-limit");
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit", "1K"})), 1, "(1024 bytes)");
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit=3k"})), 1, "(3072 bytes)");
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit", "1000"})), 1, "(1000 bytes)");
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit", "abc"})), 2,
                      "ofdm fit: option --memory-limit: 'abc' is not a number of bytes");
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit", "-1"})), 2, "option --memory-limit: '-1' is not a number of bytes");
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit", "1KB"})), 2, "option --memory-limit: '1KB' is not a number of bytes");
    EXPECT_FAILS_WITH(ofdm(with({"--memory-limit", "9000000000G"})), 2,
                      "option --memory-limit: 9000000000G is out of range");
    EXPECT_FALSE(std::ifstream(path("m.ofdm")).good());
    // A limit the fit stays within gives the same model as no limit (the limit is not saved).
    ASSERT_EQ(ofdm(with({"--memory-limit", "1G"})).status, 0);
    const std::string limited = slurp(path("m.ofdm"));
    ASSERT_EQ(ofdm({"fit", "gauss.npy", "-o", "free.ofdm", "--degree", "3", "--memory-limit", "0"}).status, 0);
    EXPECT_EQ(limited, slurp(path("free.ofdm")));
}

}  // namespace

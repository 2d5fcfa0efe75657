// The `ofdm` command-line tool, run as a user runs it (cli_fixture.h): every verb on a 2-D
// Gaussian data set, the three input formats, reproducibility, and the exact answers a degree-2
// model of Gaussian data must give.
#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

TEST_F(Cli, HelpAndVersion) {
    CliRun run = ofdm({"--help"});
    EXPECT_EQ(run.status, 0);
    EXPECT_NE(run.out.find("usage: ofdm COMMAND"), std::string::npos);
    for (const char *verb : {"fit", "sample", "score", "loglik", "info"}) {
        run = ofdm({verb, "--help"});
        EXPECT_EQ(run.status, 0) << verb;
        EXPECT_EQ(run.out.rfind(std::string("usage: ofdm ") + verb, 0), 0u) << run.out;
    }
    // Every option of fit and info is documented in its --help.
    run = ofdm({"fit", "--help"});
    for (const char *option : {"--degree P|auto", "--interactions", "--coordinates none|standardize|whiten|pca",
                               "--components R", "--memory-limit BYTES", "--max-degree", "--validation-fraction",
                               "--split-seed", "--max-basis-size", "--ridge", "--graph", "--lattice"})
        EXPECT_NE(run.out.find(option), std::string::npos) << option;
    run = ofdm({"info", "--help"});
    EXPECT_NE(run.out.find("--validate DATA"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("Smaller is"), std::string::npos) << run.out;
    run = ofdm({"--version"});
    EXPECT_EQ(run.status, 0);
    char version[32];
    std::snprintf(version, sizeof version, "ofdm %d.%d.%d ", OFDM_VERSION_MAJOR, OFDM_VERSION_MINOR, OFDM_VERSION_PATCH);
    EXPECT_EQ(run.out.rfind(version, 0), 0u) << run.out;
    run = ofdm({});
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("usage: ofdm COMMAND"), std::string::npos);
}

TEST_F(Cli, FitPrintsASummaryAndInfoDescribesTheModel) {
    const Matrix data = gaussian_data(2000, 7);
    write_npy("gauss.npy", data);
    CliRun run = ofdm({"fit", "gauss.npy", "-o", "model.ofdm", "--degree", "2", "--ridge", "1e-12", "--beta", "2",
                    "--time-mode", "perturbation", "--coordinates", "none"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.err.rfind("fit: n = 2000, d = 2, K = 5, ", 0), 0u) << run.err;
    EXPECT_TRUE(run.out.empty());
    run = ofdm({"info", "model.ofdm"});
    ASSERT_EQ(run.status, 0) << run.err;
    char version[64];
    std::snprintf(version, sizeof version, "library version:        %d.%d.%d\n", OFDM_VERSION_MAJOR, OFDM_VERSION_MINOR,
                  OFDM_VERSION_PATCH);
    const std::string size = std::to_string(slurp(path("model.ofdm")).size());
    for (const std::string &line : std::vector<std::string>
         {"dimension:              2\n", "latent dimension:       2\n", "basis functions (K):    5\n",
          "functions used (rank):  5\n", "max total degree:       2\n",
          "functions per degree:   1: 2, 2: 3\n", "beta:                   2\n", "coordinates:            none\n",
          "time mode:              perturbation\n", "ridge:                  9.9999999999999998e-13\n",
          "training size:          2000\n", std::string(version), "file size:              " + size + " bytes\n"})
        EXPECT_NE(run.out.find(line), std::string::npos) << "missing: " << line << "in:\n" << run.out;
}

TEST_F(Cli, Float64Float32AndCsvInputsGiveIdenticalModels) {
    const Matrix data = gaussian_data(500, 11);
    write_npy("x64.npy", data);
    write_float32_npy("x32.npy", data);
    write_csv("x.csv", data);
    for (const char *input : {"x64.npy", "x32.npy", "x.csv"}) {
        const CliRun run = ofdm({"fit", input, "-o", std::string(input) + ".ofdm", "--degree", "3"});
        ASSERT_EQ(run.status, 0) << input << ": " << run.err;
    }
    const std::string reference = slurp(path("x64.npy.ofdm"));
    ASSERT_FALSE(reference.empty());
    EXPECT_EQ(slurp(path("x32.npy.ofdm")), reference);
    EXPECT_EQ(slurp(path("x.csv.ofdm")), reference);
    // The three data files also score identically.
    for (const char *input : {"x64.npy", "x32.npy", "x.csv"})
        ASSERT_EQ(ofdm({"score", "x64.npy.ofdm", input, "-o", std::string(input) + ".score.npy", "--t", "0.2"}).status, 0);
    EXPECT_EQ(slurp(path("x32.npy.score.npy")), slurp(path("x64.npy.score.npy")));
    EXPECT_EQ(slurp(path("x.csv.score.npy")), slurp(path("x64.npy.score.npy")));
}

TEST_F(Cli, RoundTripFitSampleScoreLoglikInfo) {
    fit_gaussian();
    CliRun run = ofdm({"sample", "model.ofdm", "-n", "300", "-o", "samples.npy", "--steps", "100", "--seed", "5"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix samples = read("samples.npy");
    ASSERT_EQ(samples.rows, 300);
    ASSERT_EQ(samples.cols, 2);
    for (double value : samples.values) ASSERT_TRUE(std::isfinite(value));
    // The samples follow the data's law: means within 5 standard errors (sampling error of
    // 300 draws: sd 1.4 and 0.98 -> 0.08 and 0.057).
    const Gaussian fitted = moments(samples);
    EXPECT_NEAR(fitted.mean[0], 1.0, 5 * 1.4 / std::sqrt(300.0));
    EXPECT_NEAR(fitted.mean[1], -2.0, 5 * 0.985 / std::sqrt(300.0));

    run = ofdm({"score", "model.ofdm", "samples.npy", "-o", "score.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix score = read("score.npy");
    EXPECT_EQ(score.rows, 300);
    EXPECT_EQ(score.cols, 2);

    run = ofdm({"loglik", "model.ofdm", "samples.npy", "-o", "loglik.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix loglik = read("loglik.npy");
    EXPECT_EQ(loglik.rows, 300);
    EXPECT_TRUE(loglik.one_dimensional);
    double mean = 0;
    for (double value : loglik.values) mean += value / 300.0;
    char expected[64];
    std::snprintf(expected, sizeof expected, "loglik: mean log-likelihood %.6f over n = 300 points", mean);
    EXPECT_EQ(run.err.rfind(expected, 0), 0u) << run.err;

    EXPECT_EQ(ofdm({"info", "model.ofdm"}).status, 0);
}

TEST_F(Cli, SampleIsReproducibleWithASeedWhateverTheThreads) {
    fit_gaussian({"--degree", "3"});
    for (const char *sampler : {"sde", "heun", "flow"}) {
        const std::string s = sampler;
        ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "64", "-o", s + "a.npy", "--sampler", s, "--steps", "40", "--seed", "9",
                        "--threads", "1"}).status, 0);
        ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "64", "-o", s + "b.npy", "--sampler", s, "--steps", "40", "--seed", "9",
                        "--threads", "2"}).status, 0);
        ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "64", "-o", s + "c.npy", "--sampler", s, "--steps", "40", "--seed", "10"}).status, 0);
        EXPECT_EQ(slurp(path(s + "a.npy")), slurp(path(s + "b.npy"))) << sampler;
        EXPECT_NE(slurp(path(s + "a.npy")), slurp(path(s + "c.npy"))) << sampler;
    }
    // The corrector and grid options reach the library: MALA changes the samples.
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "64", "-o", "mala.npy", "--steps", "40", "--seed", "9",
                    "--corrector", "mala", "--corrector-steps", "2", "--snr", "0.2", "--grid", "uniform", "--t-min", "0.01"}).status, 0);
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "64", "-o", "plain.npy", "--steps", "40", "--seed", "9", "--grid", "uniform",
                    "--t-min", "0.01"}).status, 0);
    EXPECT_NE(slurp(path("mala.npy")), slurp(path("plain.npy")));
}

TEST_F(Cli, LoglikOfADegree2ModelIsTheGaussianOfTheDataMoments) {
    const Matrix data = fit_gaussian();
    const Gaussian gaussian = moments(data);
    Matrix points;
    points.rows = 25;
    points.cols = 2;
    points.values.assign(data.values.begin(), data.values.begin() + 50);
    points.values[0] = 6.0;  // and one point far out in the tail
    write_npy("points.npy", points);
    const CliRun run = ofdm({"loglik", "model.ofdm", "points.npy", "-o", "loglik.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix loglik = read("loglik.npy");
    ASSERT_EQ(loglik.rows, 25);
    // A degree-2 model of Gaussian data is exactly the Gaussian of the data's mean and covariance
    // (DESIGN §4); what remains is the flow integrator's error (tolerance 1e-6 per step): 1e-3.
    for (int64_t i = 0; i < 25; ++i)
        EXPECT_NEAR(loglik.values[size_t(i)], gaussian.log_density(&points.values[size_t(2 * i)]), 1e-3) << "row " << i;
}

TEST_F(Cli, ScoreOfADegree2ModelIsTheGaussianScoreAtEveryTime) {
    const Matrix data = fit_gaussian();
    const Gaussian g = moments(data);
    Matrix points;
    points.rows = 40;
    points.cols = 2;
    points.values.assign(data.values.begin(), data.values.begin() + 80);
    write_npy("points.npy", points);
    // In standardized coordinates z_j = (x_j − m_j)/s_j the data law is N(0, C) (C the correlation
    // matrix), and the OU process (β = 1) gives p_t = N(0, e^{−2t} C + (1 − e^{−2t}) I); in x the
    // score is diag(1/s) times the z-score. Only float rounding separates the two: 1e-6 relative.
    for (double t : {0.0, 0.7}) {
        const CliRun run = ofdm({"score", "model.ofdm", "points.npy", "-o", "score.npy", "--t", std::to_string(t)});
        ASSERT_EQ(run.status, 0) << run.err;
        const Matrix score = read("score.npy");
        ASSERT_EQ(score.rows, 40);
        const double s[2] = {std::sqrt(g.cov[0][0]), std::sqrt(g.cov[1][1])};
        const double r = g.cov[0][1] / (s[0] * s[1]), e = std::exp(-2 * t);
        const double a = 1.0, b = e * r;  // Σ_t = [[a, b], [b, a]]
        const double det = a * a - b * b;
        for (int64_t i = 0; i < 40; ++i) {
            const double z0 = (points.values[size_t(2 * i)] - g.mean[0]) / s[0];
            const double z1 = (points.values[size_t(2 * i + 1)] - g.mean[1]) / s[1];
            const double expected[2] = {-(a * z0 - b * z1) / det / s[0], -(-b * z0 + a * z1) / det / s[1]};
            const double norm = std::hypot(expected[0], expected[1]);
            const double error = std::hypot(score.values[size_t(2 * i)] - expected[0],
                                            score.values[size_t(2 * i + 1)] - expected[1]);
            EXPECT_LE(error, 1e-6 * std::max(norm, 1e-3)) << "t = " << t << ", row " << i;
        }
    }
    // t = inf is the stationary law, N(m, diag(s²)) in x.
    ASSERT_EQ(ofdm({"score", "model.ofdm", "points.npy", "-o", "score.npy", "--t", "inf"}).status, 0);
    const Matrix score = read("score.npy");
    EXPECT_NEAR(score.values[0], -(points.values[0] - g.mean[0]) / g.cov[0][0], 1e-9);
}

TEST_F(Cli, FlowLogDensityEqualsLoglikOfTheSamples) {
    fit_gaussian({"--degree", "4"});
    CliRun run = ofdm({"sample", "model.ofdm", "-n", "50", "-o", "flow.npy", "--sampler", "flow", "--log-density", "logq.npy",
                    "--seed", "3"});
    ASSERT_EQ(run.status, 0) << run.err;
    run = ofdm({"loglik", "model.ofdm", "flow.npy", "-o", "loglik.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Matrix log_q = read("logq.npy"), loglik = read("loglik.npy");
    ASSERT_EQ(log_q.rows, 50);
    ASSERT_TRUE(log_q.one_dimensional);
    ASSERT_EQ(loglik.rows, 50);
    // Both integrate the same flow, forwards and backwards, to tolerance 1e-6 per step.
    for (int64_t i = 0; i < 50; ++i) EXPECT_NEAR(log_q.values[size_t(i)], loglik.values[size_t(i)], 1e-4) << i;
}

TEST_F(Cli, LatticeAndEdgeFileBuildTheSameGraphBasis) {
    std::mt19937_64 random(3);
    std::normal_distribution<double> normal;
    Matrix data;
    data.rows = 400;
    data.cols = 4;
    for (int i = 0; i < 1600; ++i) data.values.push_back(normal(random));
    write_npy("x.npy", data);
    ASSERT_EQ(ofdm({"fit", "x.npy", "-o", "lattice.ofdm", "--lattice", "2x2", "--degree", "2"}).status, 0);
    // The 2 x 2 grid, site (r, c) = 2r + c: edges 0-1, 0-2, 1-3, 2-3.
    write_text("edges.txt", "# i j\n0 1\n0 2\n1 3\n2 3\n");
    ASSERT_EQ(ofdm({"fit", "x.npy", "-o", "graph.ofdm", "--graph", "edges.txt", "--degree", "2"}).status, 0);
    EXPECT_EQ(slurp(path("graph.ofdm")), slurp(path("lattice.ofdm")));
    // K = 4 coordinates × 2 degrees + 4 edges × 1 pair term.
    EXPECT_NE(ofdm({"info", "lattice.ofdm"}).out.find("basis functions (K):    12\n"), std::string::npos);
    // Periodic 3 x 3: 18 edges -> K = 9·2 + 18.
    Matrix nine;
    nine.rows = 400;
    nine.cols = 9;
    for (int i = 0; i < 3600; ++i) nine.values.push_back(normal(random));
    write_npy("nine.npy", nine);
    ASSERT_EQ(ofdm({"fit", "nine.npy", "-o", "torus.ofdm", "--lattice", "3x3,periodic", "--degree", "2"}).status, 0);
    EXPECT_NE(ofdm({"info", "torus.ofdm"}).out.find("basis functions (K):    36\n"), std::string::npos);
    // An additive basis: at most one coordinate per function.
    ASSERT_EQ(ofdm({"fit", "x.npy", "-o", "additive.ofdm", "--degree", "3", "--interactions", "1"}).status, 0);
    EXPECT_NE(ofdm({"info", "additive.ofdm"}).out.find("basis functions (K):    12\n"), std::string::npos);
}

}  // namespace

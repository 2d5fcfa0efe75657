// `ofdm fit --basis adaptive` run as a user runs it (cli_fixture.h): the grown basis is reported
// on stderr and is the model saved (`ofdm info` shows its largest powers), the budget flags
// reach the library, and flags that belong to other bases are refused.
#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

// K of the "fit: adaptive basis of K = ..." line; -1 when there is no such line.
long long grown_size(const std::string &err) {
    const size_t at = err.find("fit: adaptive basis of K = ");
    long long size = -1;
    if (at != std::string::npos) std::sscanf(err.c_str() + at, "fit: adaptive basis of K = %lld", &size);
    return size;
}

TEST_F(Cli, AdaptiveBasisReportsWhatItGrewAndSavesIt) {
    write_npy("mixture.npy", mixture_data(3000, 5));
    CliRun run = ofdm({"fit", "mixture.npy", "-o", "grown.ofdm", "--basis", "adaptive"});
    ASSERT_EQ(run.status, 0) << run.err;
    const long long size = grown_size(run.err);
    // Three separated modes are beyond the start set x_j, x_j^2 (K = 4): it must have grown.
    ASSERT_GT(size, 4) << run.err;
    const size_t powers = run.err.find("fit: largest power per coordinate: ");
    ASSERT_NE(powers, std::string::npos) << run.err;
    const std::string line = run.err.substr(powers + 35, run.err.find('\n', powers) - powers - 35);
    run = ofdm({"info", "grown.ofdm"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("basis functions (K):    " + std::to_string(size) + "\n"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("largest power:          " + line + "\n"), std::string::npos) << run.out << "\n" << line;
}

TEST_F(Cli, AdaptiveBudgetsReachTheLibrary) {
    write_npy("mixture.npy", mixture_data(3000, 5));
    CliRun run = ofdm({"fit", "mixture.npy", "-o", "small.ofdm", "--basis", "adaptive", "--max-rounds", "1",
                       "--max-per-round-is-not-a-flag"});
    EXPECT_EQ(run.status, 2) << run.err;
    run = ofdm({"fit", "mixture.npy", "-o", "small.ofdm", "--basis", "adaptive", "--max-rounds", "0"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(grown_size(run.err), 4) << run.err;  // no round: the start set
    EXPECT_NE(run.err.find("after 0 rounds (--max-rounds reached)"), std::string::npos) << run.err;
    run = ofdm({"fit", "mixture.npy", "-o", "small.ofdm", "--basis", "adaptive", "--max-basis-size", "3"});
    EXPECT_EQ(run.status, 1) << run.err;
    EXPECT_NE(run.err.find("--max-basis-size"), std::string::npos) << run.err;  // in the tool's own words
    EXPECT_NE(run.err.find("start set"), std::string::npos) << run.err;
}

TEST_F(Cli, FlagsOfOtherBasesAreRefusedWithAdaptive) {
    write_npy("mixture.npy", mixture_data(500, 5));
    for (const std::vector<std::string> &extra :
         std::vector<std::vector<std::string>>{{"--degree", "3"}, {"--ridge", "1e-8"}, {"--lattice", "1x2"},
                                               {"--max-degree", "4"}, {"--keep-outliers"}}) {
        std::vector<std::string> args = {"fit", "mixture.npy", "-o", "m.ofdm", "--basis", "adaptive"};
        args.insert(args.end(), extra.begin(), extra.end());
        const CliRun run = ofdm(args);
        EXPECT_EQ(run.status, 2) << extra[0] << ": " << run.err;
        EXPECT_NE(run.err.find(extra[0]), std::string::npos) << run.err;
    }
    const CliRun run = ofdm({"fit", "mixture.npy", "-o", "m.ofdm", "--max-seconds", "3"});
    EXPECT_EQ(run.status, 2) << run.err;
    EXPECT_NE(run.err.find("only to --basis adaptive"), std::string::npos) << run.err;
}

}  // namespace

namespace {

using namespace cli_test;

// Two modes along the diagonal of R^3 (principal axis (1, 1, 1)/√3): not the data's axes.
Matrix diagonal_modes(int64_t n, uint64_t seed) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal;
    Matrix m;
    m.rows = n;
    m.cols = 3;
    for (int64_t i = 0; i < n; ++i) {
        const double side = random() % 2 ? 1.0 : -1.0;
        for (int j = 0; j < 3; ++j) m.values.push_back(side + 0.5 * normal(random));
    }
    return m;
}

TEST_F(Cli, AutomaticCoordinatesNameTheChoiceAndTheMapsCompared) {
    write_npy("mixture.npy", diagonal_modes(2000, 6));
    CliRun run = ofdm({"fit", "mixture.npy", "-o", "auto.ofdm", "--basis", "adaptive", "--coordinates", "auto",
                       "--max-rounds", "4"});
    ASSERT_EQ(run.status, 0) << run.err;
    const size_t line = run.err.find("fit: coordinates ");
    ASSERT_NE(line, std::string::npos) << run.err;
    const std::string choice = run.err.substr(line, run.err.find('\n', line) - line);
    // Both maps are measured (the data's axes are not its principal axes), one is chosen.
    EXPECT_NE(choice.find("standardize "), std::string::npos) << choice;
    EXPECT_NE(choice.find("pca "), std::string::npos) << choice;
    const bool pca = choice.find("fit: coordinates pca chosen") == 0;
    EXPECT_TRUE(pca || choice.find("fit: coordinates standardize chosen") == 0) << choice;
    run = ofdm({"info", "auto.ofdm"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find(pca ? "pca" : "standardize"), std::string::npos) << run.out;
    // A fixed or selected basis has no map to compare.
    for (const std::vector<std::string> &basis :
         std::vector<std::vector<std::string>>{{"--degree", "3"}, {"--degree", "auto"}}) {
        std::vector<std::string> args = {"fit", "mixture.npy", "-o", "m.ofdm", "--coordinates", "auto"};
        args.insert(args.end(), basis.begin(), basis.end());
        run = ofdm(args);
        EXPECT_EQ(run.status, 2) << run.err;
        EXPECT_NE(run.err.find("--coordinates auto applies only to --basis adaptive"), std::string::npos) << run.err;
    }
}

}  // namespace

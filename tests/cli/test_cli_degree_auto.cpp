// `ofdm fit --degree auto` and `ofdm info --validate` run as a user runs them (cli_fixture.h):
// the choice made on held-out rows is reported in one stderr line and is the model saved; the
// validation loss of `info` ranks a good model above a poor one on the same held-out data; the
// options that make no sense with (or without) the automatic choice are refused.
#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

// What the "fit: chose ..." line of stderr says; chosen = false when there is no such line.
struct Choice {
    bool chosen = false;
    int degree = 0;
    long long size = 0, candidates = 0, failed = 0;
    double loss = NAN;
};

Choice parse_choice(const std::string &err) {
    Choice choice;
    const size_t at = err.find("fit: chose degree ");
    if (at == std::string::npos) return choice;
    const std::string line = err.substr(at, err.find('\n', at) - at);
    const size_t size_at = line.find(", K = "), loss_at = line.find("; held-out loss ");
    const size_t tried_at = line.find("; ", loss_at + 2);
    if (size_at == std::string::npos || loss_at == std::string::npos || tried_at == std::string::npos) return choice;
    choice.chosen = std::sscanf(line.c_str(), "fit: chose degree %d,", &choice.degree) == 1 &&
                    std::sscanf(line.c_str() + size_at, ", K = %lld", &choice.size) == 1 &&
                    std::sscanf(line.c_str() + loss_at, "; held-out loss %lf", &choice.loss) == 1 &&
                    std::sscanf(line.c_str() + tried_at, "; %lld candidates tried, %lld failed", &choice.candidates,
                                &choice.failed) == 2;
    return choice;
}

// The number after "validation loss:" in `info --validate` output; NAN when absent.
double validation_loss(const std::string &out) {
    const size_t at = out.find("validation loss:");
    if (at == std::string::npos) return NAN;
    return std::strtod(out.c_str() + at + std::strlen("validation loss:"), nullptr);
}

TEST_F(Cli, DegreeAutoReportsItsChoiceAndValidateRanksModels) {
    write_npy("mixture.npy", mixture_data(3000, 5));
    write_npy("held_out.npy", mixture_data(1000, 6));  // fresh draws, never fitted on
    CliRun run = ofdm({"fit", "mixture.npy", "-o", "auto.ofdm", "--degree", "auto"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Choice choice = parse_choice(run.err);
    ASSERT_TRUE(choice.chosen) << run.err;
    // Three separated modes are beyond a Gaussian (degree 2): the held-out loss sees it.
    EXPECT_GE(choice.degree, 3) << run.err;
    EXPECT_LE(choice.degree, 8) << run.err;  // the default --max-degree
    EXPECT_TRUE(std::isfinite(choice.loss)) << run.err;
    EXPECT_GT(choice.candidates, 0) << run.err;
    EXPECT_LT(choice.failed, choice.candidates) << run.err;
    EXPECT_NE(run.err.find("fit: n = 3000, d = 2, K = " + std::to_string(choice.size) + ", "), std::string::npos)
        << run.err;
    // The saved model is the choice.
    run = ofdm({"info", "auto.ofdm"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.out.find("max total degree:       " + std::to_string(choice.degree) + "\n"), std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("basis functions (K):    " + std::to_string(choice.size) + "\n"), std::string::npos)
        << run.out;

    run = ofdm({"info", "auto.ofdm", "--validate", "held_out.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    const double chosen_loss = validation_loss(run.out);
    ASSERT_TRUE(std::isfinite(chosen_loss)) << run.out;
    EXPECT_NE(run.out.find("smaller is better"), std::string::npos) << run.out;
    // A degree-1 model (a shifted standard Gaussian in standardized coordinates) is far worse on
    // the same held-out rows.
    ASSERT_EQ(ofdm({"fit", "mixture.npy", "-o", "linear.ofdm", "--degree", "1"}).status, 0);
    run = ofdm({"info", "linear.ofdm", "--validate", "held_out.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_LT(chosen_loss, validation_loss(run.out)) << run.out;

    write_text("three.csv", "1 2 3\n4 5 6\n");
    EXPECT_FAILS_WITH(ofdm({"info", "auto.ofdm", "--validate", "three.csv"}), 1,
                      "ofdm info: three.csv: 3 columns, but the model has dimension 2");
    EXPECT_FAILS_WITH(ofdm({"info", "auto.ofdm", "--validate", "missing.npy"}), 1, "ofdm info: missing.npy: cannot open");
    EXPECT_FAILS_WITH(ofdm({"info", "auto.ofdm", "--validate="}), 2, "ofdm info: option --validate needs a value");
}

TEST_F(Cli, DegreeAutoWithPcaChoosesInTheComponents) {
    write_npy("x.npy", embed_in_five(mixture_data(2000, 8)));
    CliRun run = ofdm({"fit", "x.npy", "-o", "m.ofdm", "--degree", "auto", "--coordinates", "pca", "--components", "2",
                       "--max-degree", "6", "--interactions", "0", "--validation-fraction", "0.25", "--split-seed", "3",
                       "--max-basis-size", "100"});
    ASSERT_EQ(run.status, 0) << run.err;
    const Choice choice = parse_choice(run.err);
    ASSERT_TRUE(choice.chosen) << run.err;
    EXPECT_LE(choice.degree, 6) << run.err;
    // --interactions 0 tries only bases without an interaction limit.
    EXPECT_NE(run.err.find("interaction limit none"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("fit: n = 2000, d = 5, r = 2, K = "), std::string::npos) << run.err;
    run = ofdm({"info", "m.ofdm"});
    EXPECT_NE(run.out.find("dimension:              5\n"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("latent dimension:       2\n"), std::string::npos) << run.out;
    write_npy("held_out.npy", embed_in_five(mixture_data(500, 9)));
    run = ofdm({"info", "m.ofdm", "--validate", "held_out.npy"});
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_TRUE(std::isfinite(validation_loss(run.out))) << run.out;
}

TEST_F(Cli, RefusesOptionsThatDoNotFitTheAutomaticChoice) {
    write_npy("gauss.npy", gaussian_data(200, 1));
    const std::vector<std::string> fit = {"fit", "gauss.npy", "-o", "m.ofdm"};
    auto with = [&fit](const std::vector<std::string> &extra) {
        std::vector<std::string> args = fit;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "auto", "--ridge", "1e-8"})), 2,
                      "ofdm fit: --ridge does not apply to --degree auto (the ridge is chosen)");
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "auto", "--lattice", "1x2"})), 2,
                      "ofdm fit: --degree auto chooses a total-degree basis; it does not apply to --lattice");
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "automatic"})), 2,
                      "ofdm fit: option --degree: 'automatic' is not an integer");
    for (const char *option : {"--max-degree", "--validation-fraction", "--split-seed", "--max-basis-size"})
        EXPECT_FAILS_WITH(ofdm(with({option, "1"})), 2,
                          std::string("ofdm fit: ") + option + " applies only to --degree auto");
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "auto", "--max-degree", "65"})), 2,
                      "option --max-degree: 65 is out of range (1 to 64)");
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "auto", "--validation-fraction", "1"})), 2,
                      "option --validation-fraction: 1 is out of range (strictly between 0 and 1)");
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "auto", "--validation-fraction", "0"})), 2,
                      "option --validation-fraction: 0 is out of range (strictly between 0 and 1)");
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "auto", "--max-basis-size", "0"})), 2,
                      "option --max-basis-size: 0 is out of range");
    EXPECT_FAILS_WITH(ofdm(with({"--degree", "auto", "--split-seed", "-2"})), 2,
                      "option --split-seed: '-2' is not a non-negative integer");
    EXPECT_FALSE(std::ifstream(path("m.ofdm")).good());
}

}  // namespace

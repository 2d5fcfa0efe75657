// The library's messages reach the user of the `ofdm` tool in its own terms (cli_fixture.h): C
// fields and enums ("ofdm_fit_options.ridge", "options.max_basis_size", "OFDM_COORDINATES_PCA")
// become the flags that set them.
#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

// The C names the tool translates; none may reach its stderr.
void expect_no_c_names(const CliRun &run) {
    for (const char *name : {"options.", "ofdm_fit_options", "OFDM_COORDINATES", "OFDM_MAX_DEGREE"})
        EXPECT_EQ(run.err.find(name), std::string::npos) << "names " << name << ": " << run.err;
}

TEST_F(Cli, TooFewSamplesAdviseTheRidgeFlag) {
    // 2 rows of dimension 2 give G(0) rank <= 4, less than the 14 functions of degree 4.
    write_text("two.csv", "0,1\n2,5\n");
    const CliRun run = ofdm({"fit", "two.csv", "-o", "m.ofdm"});
    EXPECT_FAILS_WITH(run, 1, "a smaller basis (--degree, --interactions), or a ridge (--ridge 1e-8)");
    expect_no_c_names(run);
}

TEST_F(Cli, AutomaticChoiceNamesItsSizeFlags) {
    fit_gaussian();
    const CliRun run = ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--degree", "auto", "--max-basis-size", "1"});
    EXPECT_FAILS_WITH(run, 1, "every candidate basis was beyond --max-basis-size, --memory-limit or memory");
    expect_no_c_names(run);
}

TEST_F(Cli, CoordinateMapsAreNamedByTheCoordinatesFlag) {
    write_npy("plane.npy", embed_in_five(gaussian_data(400, 3)));
    CliRun run = ofdm({"fit", "plane.npy", "-o", "m.ofdm", "--degree", "2", "--coordinates", "whiten"});
    EXPECT_FAILS_WITH(run, 1, "whitening cannot invert it; use --coordinates pca with --components <= 2");
    expect_no_c_names(run);
    write_text("constant.csv", "1,5\n2,5\n3,5\n4,5\n");
    run = ofdm({"fit", "constant.csv", "-o", "m.ofdm", "--degree", "1"});
    EXPECT_FAILS_WITH(run, 1, "column 1 of x is constant, so it cannot be standardized; drop it or use --coordinates none");
    expect_no_c_names(run);
}

// Six of seven rows are each an outlier in one column: once --degree auto leaves them out, one
// row is left, too few to split; the message says which flag keeps them.
TEST_F(Cli, OutliersLeftOutAreNamedByTheKeepOutliersFlag) {
    std::string text;
    for (int i = 0; i < 7; ++i) {
        for (int j = 0; j < 6; ++j) text += (j ? "," : "") + std::to_string(i == j ? 1000000 : (i + j) % 7 + 1);
        text += "\n";
    }
    write_text("spiky.csv", text);
    const CliRun run = ofdm({"fit", "spiky.csv", "-o", "m.ofdm", "--degree", "auto", "--max-degree", "1"});
    EXPECT_FAILS_WITH(run, 1, "once the 6 outlier rows are left out (--keep-outliers keeps them)");
    expect_no_c_names(run);
}

TEST_F(Cli, SamplerOptionsAreNamedByTheirFlags) {
    fit_gaussian();
    const CliRun run = ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--grid", "exponential", "--t-max", "40"});
    EXPECT_FAILS_WITH(run, 1, "--t-max 40 exceeds 30");
    expect_no_c_names(run);
}

}  // namespace

// What the `ofdm` tool reads and allocates is bounded (cli_fixture.h): /dev/zero and endless
// streams given as a model or data file are refused within a second or two, with exit status 1
// and one line; a model whose version bits were flipped is damaged, not "from the future"; a
// sample count whose output cannot fit in memory is refused naming the size; data beyond double
// range are refused naming the row and column, and outlier rows are reported on stderr.
#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "support/endless_fifo.h"

#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

// Runs that must end at once: killed, and failed, after 20 s; and they must have taken < 3 s.
constexpr double kPatience = 20.0, kPromptly = 3.0;

TEST_F(Cli, DevZeroAsModelOrDataIsRefusedPromptly) {
    fit_gaussian();
    const std::vector<std::pair<std::vector<std::string>, const char *>> runs = {
        {{"info", "/dev/zero"}, "ofdm info: /dev/zero: ofdm_model_load: not an ofdm model"},
        {{"sample", "/dev/zero", "-n", "5", "-o", "s.npy"}, "ofdm sample: /dev/zero: ofdm_model_load: not an ofdm model"},
        {{"fit", "/dev/zero", "-o", "m.ofdm"}, "ofdm fit: /dev/zero: not a text file: byte 0 is NUL"},
        {{"score", "model.ofdm", "/dev/zero", "-o", "s.npy"}, "ofdm score: /dev/zero: not a text file: byte 0 is NUL"},
        {{"loglik", "model.ofdm", "/dev/zero", "-o", "s.npy"}, "ofdm loglik: /dev/zero: not a text file: byte 0 is NUL"},
        {{"info", "model.ofdm", "--validate", "/dev/zero"}, "ofdm info: /dev/zero: not a text file: byte 0 is NUL"},
    };
    for (const auto &[args, message] : runs) {
        const CliRun run = ofdm(args, kPatience);
        EXPECT_FAILS_WITH(run, 1, message);
        EXPECT_LT(run.seconds, kPromptly) << args[0];
    }
    EXPECT_FALSE(std::ifstream(path("s.npy")).good());
    EXPECT_FALSE(std::ifstream(path("m.ofdm")).good());
}

using testing::EndlessFifo;

TEST_F(Cli, StreamsThatGoOnPastTheirHeaderAreRefusedAfterABoundedRead) {
    const Matrix data = fit_gaussian();
    const std::string model = slurp(path("model.ofdm")), gauss = slurp(path("gauss.npy"));
    {
        EndlessFifo stream(path("model.fifo"), model);
        const CliRun run = ofdm({"info", "model.fifo"}, kPatience);
        EXPECT_FAILS_WITH(run, 1, "trailing bytes after the checksum: 'model.fifo' goes on past the " +
                                      std::to_string(model.size()) + " bytes its header announces");
        EXPECT_LT(run.seconds, kPromptly);
    }
    {
        EndlessFifo stream(path("data.fifo"), gauss);
        const CliRun run = ofdm({"score", "model.ofdm", "data.fifo", "-o", "s.npy"}, kPatience);
        EXPECT_FAILS_WITH(run, 1, "ofdm score: data.fifo: unexpected bytes after the data of shape (2000, 2): the input "
                                  "goes on past the " + std::to_string(gauss.size()) + " bytes its header announces");
        EXPECT_LT(run.seconds, kPromptly);
    }
    {
        // A header announcing more rows than memory holds: refused before any data are read.
        std::string text = "{'descr': '<f8', 'fortran_order': False, 'shape': (4000000000000000, 2), }";
        text += std::string((10 + text.size() + 1 + 63) / 64 * 64 - 10 - text.size() - 1, ' ') + "\n";
        const std::string header = std::string("\x93NUMPY\x01\x00", 8) + char(text.size()) + '\0' + text;
        EndlessFifo stream(path("huge.fifo"), header);
        const CliRun run = ofdm({"fit", "huge.fifo", "-o", "m.ofdm"}, kPatience);
        EXPECT_FAILS_WITH(run, 1, "ofdm fit: huge.fifo: the array of shape (4000000000000000, 2) would need 64 PB as float64");
        EXPECT_NE(run.err.find("more than this machine's"), std::string::npos) << run.err;
        EXPECT_LT(run.seconds, kPromptly);
    }
    // A regular file with 2 GiB of holes after its data: refused by its size, unread.
    const int64_t holes = int64_t(1) << 31;
    ASSERT_EQ(truncate(path("gauss.npy").c_str(), holes), 0);
    const CliRun run = ofdm({"score", "model.ofdm", "gauss.npy", "-o", "s.npy"}, kPatience);
    EXPECT_FAILS_WITH(run, 1, std::to_string(holes - int64_t(gauss.size())) +
                                  " unexpected bytes after the data of shape (2000, 2) (the header announces " +
                                  std::to_string(gauss.size()) + " bytes, the file has " + std::to_string(holes) + ")");
    EXPECT_LT(run.seconds, kPromptly);
    EXPECT_FALSE(std::ifstream(path("s.npy")).good());
}

TEST_F(Cli, TextWithANulByteIsRefusedNamingTheByte) {
    fit_gaussian();
    write_text("nul.csv", std::string("1,2\n3,4\n5,\0" "6\n", 11));
    EXPECT_FAILS_WITH(ofdm({"score", "model.ofdm", "nul.csv", "-o", "s.npy"}), 1,
                      "ofdm score: nul.csv: not a text file: byte 10 is NUL");
}

// FNV-1a over all bytes but the last 8, stored there: the model file's checksum (model_file.h).
void forge_checksum(std::string &bytes) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i + 8 < bytes.size(); ++i) h = (h ^ uint8_t(bytes[i])) * 1099511628211ull;
    for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + size_t(i)] = char(h >> (8 * i));
}

TEST_F(Cli, AFlippedVersionBitIsDamageAndOnlyAnIntactNewerFileAsksForAnUpgrade) {
    fit_gaussian();
    std::string bytes = slurp(path("model.ofdm"));
    bytes[9] ^= 1;  // format major 1 -> 257
    write_text("flipped.ofdm", bytes);
    EXPECT_FAILS_WITH(ofdm({"info", "flipped.ofdm"}), 1,
                      "ofdm info: flipped.ofdm: ofdm_model_load: checksum mismatch: the model file is damaged, or it "
                      "is a format 257.0 file");
    forge_checksum(bytes);
    write_text("newer.ofdm", bytes);
    EXPECT_FAILS_WITH(ofdm({"info", "newer.ofdm"}), 1, "model format 257.0 is not supported");
    EXPECT_FAILS_WITH(ofdm({"info", "newer.ofdm"}), 1, "upgrade ofdm");
}

TEST_F(Cli, SampleRefusesAnOutputLargerThanMemoryNamingItsSize) {
    fit_gaussian();
    // 10^12 samples of dimension 2: 16 TB of doubles.
    const CliRun run = ofdm({"sample", "model.ofdm", "-n", "1e12", "-o", "s.npy"}, kPatience);
    EXPECT_FAILS_WITH(run, 1, "ofdm sample: 1000000000000 samples of dimension 2 need 16 TB (n x d = 2e+12 doubles), "
                              "more than this machine's ");
    EXPECT_NE(run.err.find("of memory"), std::string::npos) << run.err;
    EXPECT_LT(run.seconds, kPromptly);
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "100000000000", "-o", "s.npy", "--sampler", "flow"}), 1,
                      "need 2.4 TB (n x d = 3e+11 doubles, with their log-densities)");
    EXPECT_FALSE(std::ifstream(path("s.npy")).good());
}

TEST_F(Cli, SampleCountsMayBeWrittenInScientificNotationButMustBeWhole) {
    fit_gaussian();
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "1e3", "-o", "a.npy"}).status, 0);
    EXPECT_EQ(read("a.npy").rows, 1000);
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "2.5e1", "-o", "b.npy"}).status, 0);
    EXPECT_EQ(read("b.npy").rows, 25);
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "1.5", "-o", "c.npy"}), 2,
                      "ofdm sample: option -n: 1.5 is not a whole number");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "1e-3", "-o", "c.npy"}), 2, "1e-3 is not a whole number");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "1e13", "-o", "c.npy"}), 2,
                      "option -n: 1e13 is out of range (0 to 1099511627776)");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "1e", "-o", "c.npy"}), 2, "'1e' is not an integer");
    const CliRun help = ofdm({"sample", "--help"});
    EXPECT_NE(help.out.find("scientific notation such as 1e6"), std::string::npos) << help.out;
}

// Issue 17: one value at 1e300 among 1 000 Gaussian rows used to fit with --ridge 1e-8 (every
// sample ±Inf, a model that did not load). The fit is refused, exit 1, naming the value, its row
// and column (counted from 0, as every data row the tool names) and what overflowed; no model is
// written. The default --degree auto leaves such a row out as an outlier (tests below).
TEST_F(Cli, DataBeyondDoubleRangeAreRefusedNamingRowAndColumn) {
    Matrix data = gaussian_data(1000, 11);
    data.values[2 * 3] = 1e300;
    write_npy("big.npy", data);
    for (const char *coordinates : {"standardize", "whiten"})
        EXPECT_FAILS_WITH(ofdm({"fit", "big.npy", "-o", "m.ofdm", "--ridge", "1e-8", "--coordinates", coordinates}), 1,
                          "ofdm fit: big.npy: ofdm_fit: the variance of column 0 overflows double range: x[3][0] = "
                          "1e+300 (row 3, column 0)");
    const CliRun none = ofdm({"fit", "big.npy", "-o", "m.ofdm", "--ridge", "1e-8", "--coordinates", "none"});
    EXPECT_FAILS_WITH(none, 1, "moment 3 of degree 2 overflows double range: x[3][0] = 1e+300 (row 3, column 0)");
    // The advice names the flag, not the C enum.
    EXPECT_NE(none.err.find("standardize the coordinates (--coordinates standardize)"), std::string::npos) << none.err;
    EXPECT_FAILS_WITH(ofdm({"fit", "big.npy", "-o", "m.ofdm", "--degree", "auto", "--max-degree", "2",
                            "--keep-outliers"}),
                      1, "ofdm_fit_select: the variance of column 0 overflows double range: x[3][0] = 1e+300 (row 3, "
                         "column 0)");
    EXPECT_FALSE(std::ifstream(path("m.ofdm")).good());
}

// One row at 1e12 (issue 17): `ofdm fit` warns on stderr, naming how many rows are outliers, the
// first row and column, and how far out in robust units, in the tool's terms; --degree auto says
// it left the row out, and --keep-outliers that it used it. Clean data get no warning.
TEST_F(Cli, OutliersAreReportedOnStderr) {
    Matrix data = gaussian_data(1000, 12);
    data.values[2 * 3] = 1e12;
    write_npy("far.npy", data);
    const std::string line = "fit: warning: 1 row lies more than 20 robust units from the median of a column "
                             "(outliers; the first is row 3, ";
    const CliRun fixed = ofdm({"fit", "far.npy", "-o", "m.ofdm", "--degree", "3"});
    ASSERT_EQ(fixed.status, 0) << fixed.err;
    EXPECT_NE(fixed.err.find(line), std::string::npos) << fixed.err;
    EXPECT_NE(fixed.err.find("units out in column 0); the fit uses every row"), std::string::npos) << fixed.err;
    EXPECT_NE(fixed.err.find("use --degree auto, which leaves them out"), std::string::npos) << fixed.err;
    const CliRun automatic = ofdm({"fit", "far.npy", "-o", "m.ofdm", "--degree", "auto", "--max-degree", "4"});
    ASSERT_EQ(automatic.status, 0) << automatic.err;
    EXPECT_NE(automatic.err.find(line), std::string::npos) << automatic.err;
    EXPECT_NE(automatic.err.find("left out of the automatic choice and of the fit (--keep-outliers uses them)"),
              std::string::npos)
        << automatic.err;
    EXPECT_NE(automatic.err.find("fit: n = 1000 (999 fitted), d = 2, "), std::string::npos) << automatic.err;
    const CliRun kept =
        ofdm({"fit", "far.npy", "-o", "m.ofdm", "--degree", "auto", "--max-degree", "4", "--keep-outliers"});
    ASSERT_EQ(kept.status, 0) << kept.err;
    EXPECT_NE(kept.err.find("used by the automatic choice and the fit (--keep-outliers)"), std::string::npos)
        << kept.err;
    // The distance: 1e12 over a scale of about 1.4 (column 0 is 1 + 1.4 z), printed to 3 digits.
    const size_t at = automatic.err.find(line);
    ASSERT_NE(at, std::string::npos);
    const double distance = std::atof(automatic.err.c_str() + at + line.size());
    EXPECT_GT(distance, 5e11);
    EXPECT_LT(distance, 1e12);
    EXPECT_FAILS_WITH(ofdm({"fit", "far.npy", "-o", "m.ofdm", "--keep-outliers"}), 2,
                      "--keep-outliers applies only to --degree auto");
    write_npy("clean.npy", gaussian_data(1000, 12));
    for (const std::vector<std::string> &args :
         {std::vector<std::string>{"fit", "clean.npy", "-o", "m.ofdm"},
          std::vector<std::string>{"fit", "clean.npy", "-o", "m.ofdm", "--degree", "auto", "--max-degree", "3"}}) {
        const CliRun run = ofdm(args);
        ASSERT_EQ(run.status, 0) << run.err;
        EXPECT_EQ(run.err.find("warning"), std::string::npos) << run.err;
    }
}

}  // namespace

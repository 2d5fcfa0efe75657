// The `ofdm` command-line tool on bad input (cli_fixture.h): every class of bad file, data,
// option and command line gives exit status 1 (failure) or 2 (usage error) and one line on
// stderr naming the problem; none crashes or leaves an output file behind.
#include <sys/stat.h>

#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

TEST_F(Cli, RefusesBadDataFiles) {
    EXPECT_FAILS_WITH(ofdm({"fit", "missing.npy", "-o", "m.ofdm"}), 1,
                      "ofdm fit: missing.npy: cannot open: No such file or directory");
    ASSERT_EQ(system(("mkdir '" + path("folder.csv") + "'").c_str()), 0);
    EXPECT_FAILS_WITH(ofdm({"fit", "folder.csv", "-o", "m.ofdm"}), 1, "ofdm fit: folder.csv: is a directory");
    write_text("text.npy", "1,2\n3,4\n");
    EXPECT_FAILS_WITH(ofdm({"fit", "text.npy", "-o", "m.ofdm"}), 1, "ofdm fit: text.npy: not a .npy file (wrong magic bytes)");
    Matrix small = gaussian_data(10, 1);
    write_npy("good.npy", small);
    const std::string good = slurp(path("good.npy"));
    write_text("truncated.npy", good.substr(0, good.size() - 5));
    EXPECT_FAILS_WITH(ofdm({"fit", "truncated.npy", "-o", "m.ofdm"}), 1, "ofdm fit: truncated.npy: truncated .npy data");
    std::string as_int = good;
    as_int.replace(as_int.find("<f8"), 3, "<i4");
    write_text("data.npy", as_int);
    EXPECT_FAILS_WITH(ofdm({"fit", "data.npy", "-o", "m.ofdm"}), 1,
                      "ofdm fit: data.npy: unsupported dtype '<i4' (float64 or float32 expected)");
    std::string fortran = good;
    fortran.replace(fortran.find("False"), 5, "True ");
    write_text("fortran.npy", fortran);
    EXPECT_FAILS_WITH(ofdm({"fit", "fortran.npy", "-o", "m.ofdm"}), 1, "fortran.npy: Fortran-order array");
    std::string three_d = good;
    three_d.replace(three_d.find("(10, 2)"), 7, "(5,2,2)");
    write_text("cube.npy", three_d);
    EXPECT_FAILS_WITH(ofdm({"fit", "cube.npy", "-o", "m.ofdm"}), 1, "cube.npy: 3-dimensional array of shape (5, 2, 2)");
    write_text("ragged.csv", "x,y\n1,2\n3\n");
    EXPECT_FAILS_WITH(ofdm({"fit", "ragged.csv", "-o", "m.ofdm"}), 1, "ofdm fit: ragged.csv: line 3: 1 field, but line 1 has 2");
    write_text("words.csv", "1,2\n3,abc\n");
    EXPECT_FAILS_WITH(ofdm({"fit", "words.csv", "-o", "m.ofdm"}), 1,
                      "ofdm fit: words.csv: line 2, column 2: 'abc' is not a number");
    // NaN reaches the library, whose message names the row (0-based) and column.
    small.values[2 * 6 + 1] = std::nan("");
    write_npy("nan.npy", small);
    EXPECT_FAILS_WITH(ofdm({"fit", "nan.npy", "-o", "m.ofdm", "--degree", "1"}), 1, "(row 6, column 1)");
    small.values[2 * 6 + 1] = 0;
    small.values[2 * 3] = -HUGE_VAL;
    write_npy("inf.npy", small);
    EXPECT_FAILS_WITH(ofdm({"fit", "inf.npy", "-o", "m.ofdm", "--degree", "1"}), 1, "(row 3, column 0)");
    EXPECT_FALSE(std::ifstream(path("m.ofdm")).good());  // no model was written by any of these
}

TEST_F(Cli, RefusesAFileThatOpensButCannotBeRead) {
    // A file that opens but cannot be read, even by root: reading offset 0 of a process's
    // memory fails with EIO.
    EXPECT_FAILS_WITH(ofdm({"fit", "/proc/self/mem", "-o", "m.ofdm"}), 1,
                      "ofdm fit: /proc/self/mem: cannot read: Input/output error");
}

TEST_F(Cli, RefusesAFileWithoutReadPermission) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their permissions";
    write_csv("locked.csv", gaussian_data(10, 1));
    ASSERT_EQ(chmod(path("locked.csv").c_str(), 0), 0);
    EXPECT_FAILS_WITH(ofdm({"fit", "locked.csv", "-o", "m.ofdm"}), 1, "ofdm fit: locked.csv: cannot open: Permission denied");
}

TEST_F(Cli, RefusesDataOfTheWrongDimensionAndNonModels) {
    fit_gaussian();
    write_text("three.csv", "1 2 3\n4 5 6\n");
    EXPECT_FAILS_WITH(ofdm({"score", "model.ofdm", "three.csv", "-o", "s.npy"}), 1,
                      "ofdm score: three.csv: 3 columns, but the model has dimension 2");
    EXPECT_FAILS_WITH(ofdm({"loglik", "model.ofdm", "three.csv", "-o", "s.npy"}), 1,
                      "ofdm loglik: three.csv: 3 columns, but the model has dimension 2");
    write_text("nan.csv", "1,2\nnan,3\n");
    EXPECT_FAILS_WITH(ofdm({"score", "model.ofdm", "nan.csv", "-o", "s.npy"}), 1, "row 1");
    EXPECT_FAILS_WITH(ofdm({"sample", "gauss.npy", "-n", "3", "-o", "s.npy"}), 1, "ofdm sample: gauss.npy: ");
    EXPECT_FAILS_WITH(ofdm({"info", "nothing.ofdm"}), 1, "ofdm info: nothing.ofdm: ");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "no/such/dir/s.npy"}), 1,
                      "ofdm sample: no/such/dir/s.npy: cannot write: No such file or directory");
    // A bad combination the library refuses: its message names the options, as flags.
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--t-min", "6"}), 1,
                      "--t-min 6, --t-max 5 must satisfy 0 <= --t-min < --t-max");
    EXPECT_FALSE(std::ifstream(path("s.npy")).good());
}

TEST_F(Cli, RefusesBadBasisOptionsAgainstTheData) {
    fit_gaussian();
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--lattice", "2x2"}), 1,
                      "--lattice 2x2 has 4 sites, but gauss.npy has 2 columns");
    write_text("edges.txt", "0 1\n1 2\n");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--graph", "edges.txt"}), 1,
                      "edges.txt: edge 1 (row 2): 2 is not a coordinate index (an integer from 0 to 1)");
    write_text("edges3.txt", "0 1 1\n");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--graph", "edges3.txt"}), 1,
                      "edges3.txt: 3 columns (2 expected");
    write_text("half.txt", "0 0.5\n");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--graph", "half.txt"}), 1, "0.5 is not a coordinate index");
}

TEST_F(Cli, RefusesBadCommandLinesWithUsageStatus2) {
    fit_gaussian();
    EXPECT_FAILS_WITH(ofdm({"frobnicate"}), 2, "ofdm: unknown command 'frobnicate' (see 'ofdm --help')");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--bogus"}), 2,
                      "ofdm sample: unknown option '--bogus' (see 'ofdm sample --help')");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--steps"}), 2,
                      "ofdm sample: option --steps needs a value");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--steps", "ten"}), 2,
                      "ofdm sample: option --steps: 'ten' is not an integer");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--steps", "0"}), 2,
                      "ofdm sample: option --steps: 0 is out of range (1 to 10000000)");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "-4", "-o", "s.npy"}), 2, "ofdm sample: option -n: -4 is out of range (0 to 1099511627776)");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-o", "s.npy"}), 2, "ofdm sample: missing -n N");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3"}), 2, "ofdm sample: missing -o OUT.npy");
    EXPECT_FAILS_WITH(ofdm({"sample", "-n", "3", "-o", "s.npy"}), 2, "ofdm sample: missing MODEL");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--seed", "-1"}), 2,
                      "option --seed: '-1' is not a non-negative integer");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--sampler", "langevin"}), 2,
                      "option --sampler: 'langevin' is not one of sde|heun|euler|flow");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--log-density", "q.npy"}), 2,
                      "--log-density needs --sampler flow");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--sampler", "heun", "--tolerance", "1e-4"}), 2,
                      "--tolerance applies only to --sampler flow");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--sampler", "flow", "--corrector", "mala"}), 2,
                      "--corrector does not apply to --sampler flow");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "3", "-o", "s.npy", "--no-guard=1"}), 2,
                      "option --no-guard takes no value");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--degree", "0"}), 2,
                      "ofdm fit: option --degree: 0 is out of range (1 to 64)");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--beta", "nan"}), 2, "option --beta: 'nan' is not a number");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--beta", "-1"}), 2, "option --beta: -1 is out of range");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--ridge", "1e999"}), 2, "option --ridge: 1e999 is not finite");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--coordinates", "whitened"}), 2,
                      "option --coordinates: 'whitened' is not one of none|standardize|whiten|pca");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--lattice", "2by2"}), 2,
                      "option --lattice: '2by2' is not RxC or RxC,periodic");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "m.ofdm", "--lattice", "1x2", "--interactions", "2"}), 2,
                      "--interactions applies to total-degree bases");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "extra.npy", "-o", "m.ofdm"}), 2, "unexpected argument 'extra.npy'");
    EXPECT_FAILS_WITH(ofdm({"score", "model.ofdm", "gauss.npy", "-o", "s.npy", "--t", "-0.5"}), 2,
                      "option --t: -0.5 is out of range");
    EXPECT_FAILS_WITH(ofdm({"loglik", "model.ofdm", "gauss.npy", "-o", "l.npy", "--tolerance", "0.5"}), 2,
                      "option --tolerance: 0.5 is out of range");
    EXPECT_FAILS_WITH(ofdm({"info"}), 2, "ofdm info: missing MODEL");
    EXPECT_FALSE(std::ifstream(path("s.npy")).good());
    EXPECT_FALSE(std::ifstream(path("m.ofdm")).good());
}

}  // namespace

// The .npy and CSV readers and the .npy writer of the command-line tool (src/cli/): exact
// values, exact error messages, header-length edge cases and every .npy format version; reading
// FIFOs no further than the format announces; writing through devices and symbolic links. All
// comparisons are exact: reading is a copy or an exact conversion (float32 -> double, integers
// -> double, decimal text -> the nearest double, which std::strtod also gives).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include "cli/cli_errors.h"
#include "cli/csv_format.h"
#include "cli/data_file.h"
#include "cli/npy_format.h"

using ofdm_cli::ElementTypes;
using ofdm_cli::Matrix;
using ofdm_cli::ParseError;

namespace {

// A .npy file: magic, version, header length of 2 (v1) or 4 (v2, v3) bytes, header, data.
std::vector<uint8_t> npy_file(int major, const std::string &header, const std::vector<uint8_t> &data) {
    std::vector<uint8_t> bytes = {0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(major), 0};
    const size_t length = header.size();
    const int length_size = major == 1 ? 2 : 4;
    for (int i = 0; i < length_size; ++i) bytes.push_back(uint8_t(length >> (8 * i)));
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.insert(bytes.end(), data.begin(), data.end());
    return bytes;
}

template <typename T>
std::vector<uint8_t> raw_bytes(const std::vector<T> &values) {
    std::vector<uint8_t> bytes(values.size() * sizeof(T));
    if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

std::string header_of(const std::string &descr, const std::string &shape, const char *order = "False") {
    return "{'descr': '" + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }";
}

Matrix parse(const std::vector<uint8_t> &bytes, ElementTypes accept = ElementTypes::floating) {
    return ofdm_cli::parse_npy(bytes.data(), bytes.size(), accept);
}

// The message of the ParseError that parsing throws, or "" when it does not throw.
std::string npy_error(const std::vector<uint8_t> &bytes, ElementTypes accept = ElementTypes::floating) {
    try {
        parse(bytes, accept);
    } catch (const ParseError &error) {
        return error.what();
    }
    return "";
}

Matrix csv(const std::string &text) { return ofdm_cli::parse_csv(text.data(), text.size()); }

std::string csv_error(const std::string &text) {
    try {
        csv(text);
    } catch (const ParseError &error) {
        return error.what();
    }
    return "";
}

const std::vector<double> kSix = {1.5, -2.25, 0.0, 1e300, -4.9406564584124654e-324, 3.0};

}  // namespace

// ---- .npy ------------------------------------------------------------------------------------

TEST(NpyReader, ReadsFloat64RowMajorExactly) {
    const Matrix m = parse(npy_file(1, header_of("<f8", "(2, 3)") + "\n", raw_bytes(kSix)));
    EXPECT_EQ(m.rows, 2);
    EXPECT_EQ(m.cols, 3);
    EXPECT_FALSE(m.one_dimensional);
    EXPECT_EQ(m.values, kSix);
}

TEST(NpyReader, ConvertsFloat32ExactlyToTheSameDouble) {
    // 0.1f is not 0.1: the reader must give the float's own value, bit for bit, including the
    // smallest subnormal, the largest float and a negative zero.
    const std::vector<float> values = {0.1f, -1.0f / 3.0f, std::numeric_limits<float>::denorm_min(),
                                       std::numeric_limits<float>::max(), -0.0f, 16777217.0f};
    const Matrix m = parse(npy_file(1, header_of("<f4", "(3, 2)") + "\n", raw_bytes(values)));
    ASSERT_EQ(m.values.size(), values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(m.values[i], static_cast<double>(values[i])) << i;
        EXPECT_EQ(std::signbit(m.values[i]), std::signbit(values[i])) << i;
    }
    EXPECT_NE(m.values[0], 0.1);
}

TEST(NpyReader, KeepsNaNAndInfinityForTheLibraryToReport) {
    const std::vector<double> values = {std::nan(""), HUGE_VAL};
    const Matrix m = parse(npy_file(1, header_of("<f8", "(1, 2)"), raw_bytes(values)));
    EXPECT_TRUE(std::isnan(m.values[0]));
    EXPECT_EQ(m.values[1], HUGE_VAL);
}

TEST(NpyReader, ReadsOneDimensionalArraysAsOneColumn) {
    const Matrix m = parse(npy_file(1, header_of("<f8", "(4,)"), raw_bytes(std::vector<double>{1, 2, 3, 4})));
    EXPECT_EQ(m.rows, 4);
    EXPECT_EQ(m.cols, 1);
    EXPECT_TRUE(m.one_dimensional);
    EXPECT_EQ(m.values, (std::vector<double>{1, 2, 3, 4}));
}

TEST(NpyReader, FormatVersions2And3HaveAFourByteHeaderLengthAndReadTheSame) {
    const std::string header = header_of("<f8", "(2, 3)") + "\n";
    for (int major : {2, 3}) {
        const Matrix m = parse(npy_file(major, header, raw_bytes(kSix)));
        EXPECT_EQ(m.rows, 2) << major;
        EXPECT_EQ(m.values, kSix) << major;
    }
    // A header longer than 65535 bytes, which only versions 2.0 and 3.0 can hold.
    const std::string long_header = header_of("<f8", "(2, 3)") + std::string(70000, ' ') + "\n";
    EXPECT_EQ(parse(npy_file(2, long_header, raw_bytes(kSix))).values, kSix);
}

TEST(NpyReader, RefusesOtherFormatVersions) {
    std::vector<uint8_t> bytes = npy_file(1, header_of("<f8", "(2, 3)"), raw_bytes(kSix));
    bytes[6] = 4;
    EXPECT_EQ(npy_error(bytes), "unsupported .npy format version 4.0 (1.0, 2.0 or 3.0 expected)");
    bytes[6] = 1;
    bytes[7] = 1;
    EXPECT_EQ(npy_error(bytes), "unsupported .npy format version 1.1 (1.0, 2.0 or 3.0 expected)");
}

TEST(NpyReader, HeaderLengthEdgeCases) {
    const std::string header = header_of("<f8", "(2, 3)");
    // No padding and no newline at all: the declared length is what counts.
    EXPECT_EQ(parse(npy_file(1, header, raw_bytes(kSix))).values, kSix);
    // Padded exactly to a 64-byte boundary, as NumPy writes it.
    const std::string padded = header + std::string((10 + header.size() + 1 + 63) / 64 * 64 - 10 - header.size() - 1, ' ') + "\n";
    ASSERT_EQ((10 + padded.size()) % 64, 0u);
    EXPECT_EQ(parse(npy_file(1, padded, raw_bytes(kSix))).values, kSix);
    // Zero-length header.
    EXPECT_EQ(npy_error(npy_file(1, "", {})), "malformed header: '{' expected (header byte 0)");
    // The file ends inside the 2-byte (v1) or 4-byte (v2) length field.
    EXPECT_EQ(npy_error({0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 5}), "truncated .npy header (9 bytes)");
    EXPECT_EQ(npy_error({0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 5, 0, 0}), "truncated .npy header (11 bytes)");
    EXPECT_EQ(npy_error({0x93, 'N', 'U', 'M', 'P', 'Y'}), "truncated .npy header (6 bytes)");
    // The declared length runs past the end of the file.
    std::vector<uint8_t> bytes = npy_file(1, header, {});
    bytes[8] = 0xff;
    bytes[9] = 0xff;
    EXPECT_EQ(npy_error(bytes), "truncated .npy header (it declares 65535 bytes, " +
                                    std::to_string(header.size()) + " present)");
    // A header whose declared length cuts the dict short.
    std::vector<uint8_t> short_header = npy_file(1, header, raw_bytes(kSix));
    short_header[8] = uint8_t(header.size() - 3);
    EXPECT_NE(npy_error(short_header).find("malformed header"), std::string::npos);
}

TEST(NpyReader, RefusesAHeaderLongerThanAPlainArrayCanNeed) {
    std::vector<uint8_t> bytes = npy_file(2, header_of("<f8", "(2, 3)"), raw_bytes(kSix));
    bytes[10] = 0x20;  // header length 2^21 + ..., beyond the 2^20 accepted
    EXPECT_EQ(npy_error(bytes).rfind("the .npy header declares 2097", 0), 0u) << npy_error(bytes);
    EXPECT_NE(npy_error(bytes).find("more than the 1048576 a header of a plain array can need"), std::string::npos);
}

TEST(NpyReader, ZeroRowsIsAnEmptyMatrix) {
    const Matrix m = parse(npy_file(1, header_of("<f8", "(0, 3)"), {}));
    EXPECT_EQ(m.rows, 0);
    EXPECT_EQ(m.cols, 3);
    EXPECT_TRUE(m.values.empty());
}

TEST(NpyReader, RefusesWhatItDoesNotSupportWithTheReason) {
    EXPECT_EQ(npy_error(npy_file(1, header_of("<i4", "(1, 2)"), raw_bytes(std::vector<int32_t>{1, 2}))),
              "unsupported dtype '<i4' (float64 or float32 expected)");
    EXPECT_EQ(npy_error(npy_file(1, header_of(">f8", "(1, 1)"), raw_bytes(std::vector<double>{1}))),
              "unsupported dtype '>f8' (float64 or float32 expected)");
    EXPECT_EQ(npy_error(npy_file(1, header_of("<f8", "(2, 3)", "True"), raw_bytes(kSix))),
              "Fortran-order array (C order expected: save np.ascontiguousarray(x))");
    EXPECT_EQ(npy_error(npy_file(1, header_of("<f8", "(1, 2, 3)"), raw_bytes(kSix))),
              "3-dimensional array of shape (1, 2, 3) (1-D or 2-D expected)");
    EXPECT_EQ(npy_error(npy_file(1, header_of("<f8", "()"), raw_bytes(std::vector<double>{1}))),
              "0-dimensional array of shape () (1-D or 2-D expected)");
    EXPECT_EQ(npy_error(npy_file(1, header_of("<f8", "(3, 0)"), {})), "array of shape (3, 0) has no columns");
    // Found by fuzz_npy: a '<f4' row of 2.7e18 columns fits 64 bits, the same row as doubles does not.
    EXPECT_EQ(npy_error(npy_file(1, header_of("<f4", "(0, 2704340490743403926)"), {})),
              "array of shape (0, 2704340490743403926) has more columns than memory can hold");
    EXPECT_EQ(npy_error(npy_file(1, header_of("<f8", "(0, 1152921504606846975)"), {})), "");
    EXPECT_EQ(npy_error(npy_file(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", {})),
              "structured dtype (a plain float64 or float32 array expected)");
}

TEST(NpyReader, RefusesTruncatedDataAndTrailingBytes) {
    std::vector<uint8_t> bytes = npy_file(1, header_of("<f8", "(2, 3)"), raw_bytes(kSix));
    bytes.pop_back();
    EXPECT_EQ(npy_error(bytes), "truncated .npy data: shape (2, 3) of '<f8' needs more than the 47 bytes present");
    bytes.push_back(0);
    bytes.push_back(0);
    EXPECT_EQ(npy_error(bytes), "1 unexpected bytes after the data of shape (2, 3)");
    // A shape whose byte count overflows 64 bits must be refused, not allocated.
    EXPECT_NE(npy_error(npy_file(1, header_of("<f8", "(4611686018427387904, 4)"), raw_bytes(kSix))).find("truncated"),
              std::string::npos);
    EXPECT_NE(npy_error(npy_file(1, header_of("<f8", "(9223372036854775807, 9223372036854775807)"), {})).find("more columns than memory"),
              std::string::npos);
    EXPECT_EQ(npy_error(npy_file(1, header_of("<f8", "(99999999999999999999, 1)"), {})).rfind("malformed header: shape entry too large", 0),
              0u);
}

TEST(NpyReader, RefusesMalformedHeaders) {
    EXPECT_EQ(npy_error(npy_file(1, "{'descr': '<f8', 'shape': (1,), }", raw_bytes(std::vector<double>{1}))),
              "malformed header: no 'fortran_order' key (header byte 33)");
    EXPECT_NE(npy_error(npy_file(1, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", {}))
                  .find("'descr' appears twice"),
              std::string::npos);
    EXPECT_NE(npy_error(npy_file(1, header_of("<f8", "(1,)") + " 'extra'", {})).find("text after the closing"),
              std::string::npos);
    EXPECT_NE(npy_error(npy_file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", {}))
                  .find("unexpected key 'x'"),
              std::string::npos);
    EXPECT_NE(npy_error(npy_file(1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", {})).find("True or False"),
              std::string::npos);
    EXPECT_NE(npy_error(npy_file(1, "{'descr: '<f8'}", {})).find("malformed header"), std::string::npos);
    EXPECT_EQ(npy_error({'P', 'K', 3, 4}), "not a .npy file (wrong magic bytes)");
}

TEST(NpyReader, AcceptsPython2LongShapesAndDoubleQuotes) {
    const Matrix m = parse(npy_file(1, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L, 3L)}", raw_bytes(kSix)));
    EXPECT_EQ(m.rows, 2);
    EXPECT_EQ(m.values, kSix);
}

TEST(NpyReader, ReadsIntegersOnlyWhenAskedTo) {
    const std::vector<int16_t> small = {-3, 7, 32767, -32768};
    const Matrix m = parse(npy_file(1, header_of("<i2", "(2, 2)"), raw_bytes(small)), ElementTypes::floating_or_integer);
    EXPECT_EQ(m.values, (std::vector<double>{-3, 7, 32767, -32768}));
    const std::vector<int64_t> wide = {0, 1, -1, int64_t(1) << 40};
    EXPECT_EQ(parse(npy_file(1, header_of("<i8", "(4,)"), raw_bytes(wide)), ElementTypes::floating_or_integer).values,
              (std::vector<double>{0, 1, -1, 1099511627776.0}));
    const std::vector<uint8_t> bytes8 = {0, 255};
    EXPECT_EQ(parse(npy_file(1, header_of("|u1", "(1, 2)"), bytes8), ElementTypes::floating_or_integer).values,
              (std::vector<double>{0, 255}));
    EXPECT_EQ(parse(npy_file(1, header_of("|i1", "(1, 2)"), bytes8), ElementTypes::floating_or_integer).values,
              (std::vector<double>{0, -1}));
    EXPECT_EQ(npy_error(npy_file(1, header_of("<c16", "(1,)"), std::vector<uint8_t>(16)), ElementTypes::floating_or_integer),
              "unsupported dtype '<c16' (float64, float32 or little-endian integers expected)");
}

TEST(NpyWriter, WritesVersion1Float64WithA64ByteAlignedHeader) {
    Matrix m;
    m.rows = 2;
    m.cols = 3;
    m.values = kSix;
    const std::vector<uint8_t> bytes = ofdm_cli::npy_bytes(m);
    const std::string expected_header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
    // 10 + 59 header characters + newline = 70, padded to 128 as NumPy does: length 118.
    ASSERT_EQ(bytes.size(), 128u + 48u);
    EXPECT_EQ(std::memcmp(bytes.data(), "\x93NUMPY\x01\x00\x76\x00", 10), 0);
    EXPECT_EQ(std::string(bytes.begin() + 10, bytes.begin() + 10 + long(expected_header.size())), expected_header);
    EXPECT_EQ(bytes[127], '\n');
    EXPECT_EQ(bytes[126], ' ');
    EXPECT_EQ(std::memcmp(bytes.data() + 128, kSix.data(), 48), 0);
    EXPECT_EQ(parse(bytes).values, kSix);
}

TEST(NpyWriter, KeepsOneDimensionalShapes) {
    Matrix m;
    m.rows = 3;
    m.cols = 1;
    m.one_dimensional = true;
    m.values = {1, 2, 3};
    const std::vector<uint8_t> bytes = ofdm_cli::npy_bytes(m);
    EXPECT_NE(std::string(bytes.begin(), bytes.begin() + 128).find("'shape': (3,), }"), std::string::npos);
    const Matrix back = parse(bytes);
    EXPECT_TRUE(back.one_dimensional);
    EXPECT_EQ(back.values, m.values);
}

// ---- CSV -------------------------------------------------------------------------------------

TEST(CsvReader, ReadsCommaSeparatedWithAHeaderCommentsAndBlankLines) {
    const Matrix m = csv("# a comment\nx, y\n\n1.5, -2\n  +3e2 ,0.1 # trailing comment\r\n\n");
    EXPECT_EQ(m.rows, 2);
    EXPECT_EQ(m.cols, 2);
    EXPECT_EQ(m.values, (std::vector<double>{1.5, -2, 300, std::strtod("0.1", nullptr)}));
}

TEST(CsvReader, ReadsBlankSeparatedText) {
    const Matrix m = csv("1 2\t3\n  4   5 6  \n");
    EXPECT_EQ(m.rows, 2);
    EXPECT_EQ(m.cols, 3);
    EXPECT_EQ(m.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(CsvReader, GivesTheNearestDoubleToEachDecimal) {
    const char *texts[] = {"0.1", "2.2250738585072014e-308", "1.7976931348623157e308", "-0.3333333333333333",
                           "0.30000000000000004", "4.9406564584124654e-324"};
    for (const char *text : texts) {
        const Matrix m = csv(text);
        ASSERT_EQ(m.values.size(), 1u);
        EXPECT_EQ(m.values[0], std::strtod(text, nullptr)) << text;
    }
}

TEST(CsvReader, PassesNaNAndInfinityThrough) {
    const Matrix m = csv("1,nan\ninf,-inf\n");
    EXPECT_TRUE(std::isnan(m.values[1]));
    EXPECT_EQ(m.values[2], HUGE_VAL);
    EXPECT_EQ(m.values[3], -HUGE_VAL);
}

TEST(CsvReader, NamesTheLineAndColumnOfEachProblem) {
    EXPECT_EQ(csv_error("a,b\n1,2\n3\n"), "line 3: 1 field, but line 1 has 2");
    EXPECT_EQ(csv_error("# c\n1,2\n\n3,4,5\n"), "line 4: 3 fields, but line 2 has 2");
    EXPECT_EQ(csv_error("1,2\n3,abc\n"), "line 2, column 2: 'abc' is not a number");
    EXPECT_EQ(csv_error("1 2\n3 4x\n"), "line 2, column 2: '4x' is not a number");
    EXPECT_EQ(csv_error("1,2\n3,\n"), "line 2, column 2: empty field");
    EXPECT_EQ(csv_error("1,1e999\n"), "line 1, column 2: '1e999' is beyond the range of a double");
    EXPECT_EQ(csv_error("x,1\n"), "line 1, column 1: 'x' is not a number");
    EXPECT_EQ(csv_error(std::string("1,\x01\xff", 4)), "line 1, column 2: '\\x01\\xff' is not a number");
    EXPECT_EQ(csv_error(""), "no rows of numbers");
    EXPECT_EQ(csv_error("# only a comment\nx,y\n"), "no rows of numbers");
}

// ---- files -------------------------------------------------------------------------------------

class DataFile : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/ofdm_readers.XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
    std::string path(const std::string &name) const { return dir_ + "/" + name; }
    void write(const std::string &name, const std::string &bytes) const {
        std::ofstream(path(name), std::ios::binary) << bytes;
    }
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        DIR *d = opendir(dir_.c_str());
        while (dirent *e = readdir(d))
            if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, "..")) names.push_back(e->d_name);
        closedir(d);
        return names;
    }
    static std::string failure(const std::string &file) {
        try {
            ofdm_cli::read_matrix_file(file);
        } catch (const ofdm_cli::Failure &error) {
            return error.what();
        }
        return "";
    }
    std::string dir_;
};

TEST_F(DataFile, ChoosesTheFormatByMagicBytesThenByName) {
    Matrix m;
    m.rows = 1;
    m.cols = 2;
    m.values = {1, 2};
    const std::vector<uint8_t> npy = ofdm_cli::npy_bytes(m);
    write("a.csv", std::string(npy.begin(), npy.end()));  // magic wins over the name
    EXPECT_EQ(ofdm_cli::read_matrix_file(path("a.csv")).values, m.values);
    write("b.npy", "1,2\n");
    EXPECT_EQ(failure(path("b.npy")), path("b.npy") + ": not a .npy file (wrong magic bytes)");
    write("c.data", "1,2\n");  // unknown extension, text: CSV
    EXPECT_EQ(ofdm_cli::read_matrix_file(path("c.data")).values, m.values);
    write("d.bin", std::string("\x00\x01", 2));
    EXPECT_EQ(failure(path("d.bin")), path("d.bin") + ": not a text file: byte 0 is NUL (a .npy file or CSV text expected)");
    write("e.ofdm", "OFDMMODL....");
    EXPECT_EQ(failure(path("e.ofdm")), path("e.ofdm") + ": is an ofdm model file, not data");
    EXPECT_EQ(failure(path("missing.npy")), path("missing.npy") + ": cannot open: No such file or directory");
    EXPECT_EQ(failure(dir_), dir_ + ": is a directory, not a file");
}

TEST_F(DataFile, WritesAtomicallyAndLeavesNoTemporaryFile) {
    Matrix m;
    m.rows = 2;
    m.cols = 3;
    m.values = kSix;
    write("out.npy", "old content");
    ofdm_cli::write_npy_file(path("out.npy"), m);
    EXPECT_EQ(entries(), std::vector<std::string>{"out.npy"});
    std::ifstream in(path("out.npy"), std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::vector<uint8_t> expected = ofdm_cli::npy_bytes(m);
    EXPECT_EQ(content, std::string(expected.begin(), expected.end()));
    try {
        ofdm_cli::write_npy_file(path("no/such/dir.npy"), m);
        ADD_FAILURE() << "writing into a missing directory succeeded";
    } catch (const ofdm_cli::Failure &error) {
        EXPECT_EQ(std::string(error.what()), path("no/such/dir.npy") + ": cannot write: No such file or directory");
    }
    EXPECT_EQ(entries(), std::vector<std::string>{"out.npy"});
}

TEST_F(DataFile, RefusesTextWithANulByteNamingIt) {
    write("nul.csv", std::string("1,2\n\0", 5));
    EXPECT_EQ(failure(path("nul.csv")), path("nul.csv") + ": not a text file: byte 4 is NUL (a .npy file or CSV text expected)");
    // /dev/zero itself is read by the tool's suites (test_cli_hostile_input.cpp), under a timeout.
}

// Writes `bytes` into a FIFO from a thread, then closes it (or stops at EPIPE when the reader
// leaves early).
class FifoWriter {
public:
    FifoWriter(const std::string &fifo, std::string bytes) {
        std::signal(SIGPIPE, SIG_IGN);
        EXPECT_EQ(mkfifo(fifo.c_str(), 0600), 0);
        thread_ = std::thread([fifo, bytes = std::move(bytes)] {
            const int fd = open(fifo.c_str(), O_WRONLY);
            if (fd < 0) return;
            size_t done = 0;
            while (done < bytes.size()) {
                const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
                if (wrote <= 0) break;
                done += size_t(wrote);
            }
            close(fd);
        });
    }
    ~FifoWriter() { thread_.join(); }

private:
    std::thread thread_;
};

TEST_F(DataFile, ReadsANpyStreamToTheEndItsHeaderAnnouncesAndNoFurther) {
    Matrix m;
    m.rows = 2;
    m.cols = 3;
    m.values = kSix;
    const std::vector<uint8_t> npy = ofdm_cli::npy_bytes(m);
    const std::string exact(npy.begin(), npy.end());
    {
        FifoWriter writer(path("exact.fifo"), exact);
        EXPECT_EQ(ofdm_cli::read_matrix_file(path("exact.fifo")).values, kSix);
    }
    {
        FifoWriter writer(path("longer.fifo"), exact + std::string(1 << 20, 'x'));
        EXPECT_EQ(failure(path("longer.fifo")), path("longer.fifo") +
                                                    ": unexpected bytes after the data of shape (2, 3): the input goes "
                                                    "on past the " + std::to_string(exact.size()) +
                                                    " bytes its header announces");
    }
    {
        FifoWriter writer(path("shorter.fifo"), exact.substr(0, exact.size() - 1));
        EXPECT_EQ(failure(path("shorter.fifo")).find("truncated .npy data"), path("shorter.fifo").size() + 2);
    }
}

TEST_F(DataFile, WritesThroughDevicesAndKeepsThem) {
    if (mknod(path("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0 ||
        mknod(path("full").c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0)
        GTEST_SKIP() << "cannot create device nodes here: " << std::strerror(errno);
    Matrix m;
    m.rows = 2;
    m.cols = 3;
    m.values = kSix;
    ofdm_cli::write_npy_file(path("null"), m);
    try {
        ofdm_cli::write_npy_file(path("full"), m);
        ADD_FAILURE() << "writing to a /dev/full clone succeeded";
    } catch (const ofdm_cli::Failure &error) {
        EXPECT_EQ(std::string(error.what()), path("full") + ": cannot write: No space left on device");
    }
    for (const auto &[name, minor_number] : {std::pair<const char *, unsigned>{"null", 3}, {"full", 7}}) {
        struct stat status;
        ASSERT_EQ(lstat(path(name).c_str(), &status), 0);
        EXPECT_TRUE(S_ISCHR(status.st_mode) && minor(status.st_rdev) == minor_number) << name << " was replaced";
    }
    EXPECT_EQ(entries().size(), 2u);
}

TEST_F(DataFile, WritesThroughSymlinksToTheirTargets) {
    Matrix m;
    m.rows = 2;
    m.cols = 3;
    m.values = kSix;
    write("target.npy", "old");
    ASSERT_EQ(symlink("target.npy", path("hop").c_str()), 0);
    ASSERT_EQ(symlink(path("hop").c_str(), path("link").c_str()), 0);  // absolute, then relative
    ASSERT_EQ(symlink("created.npy", path("dangling").c_str()), 0);
    ofdm_cli::write_npy_file(path("link"), m);
    ofdm_cli::write_npy_file(path("dangling"), m);
    for (const char *name : {"hop", "link", "dangling"}) {
        struct stat status;
        ASSERT_EQ(lstat(path(name).c_str(), &status), 0);
        EXPECT_TRUE(S_ISLNK(status.st_mode)) << name << " is no longer a link";
    }
    EXPECT_EQ(ofdm_cli::read_matrix_file(path("target.npy")).values, kSix);
    EXPECT_EQ(ofdm_cli::read_matrix_file(path("created.npy")).values, kSix);
    EXPECT_EQ(entries().size(), 5u) << "a temporary file was left behind";
    ASSERT_EQ(symlink("loop_b", path("loop_a").c_str()), 0);
    ASSERT_EQ(symlink("loop_a", path("loop_b").c_str()), 0);
    try {
        ofdm_cli::write_npy_file(path("loop_a"), m);
        ADD_FAILURE() << "writing through a loop of links succeeded";
    } catch (const ofdm_cli::Failure &error) {
        EXPECT_EQ(std::string(error.what()), path("loop_a") + ": cannot write: Too many levels of symbolic links");
    }
}

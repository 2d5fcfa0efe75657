// The golden model files (tests/golden/, written once by make_golden.cpp, see its README) pin the
// model-file format: every run loads them and checks that they still give the recorded settings,
// coefficients, scores and log-densities, bit for bit, that saving them gives the same bytes, and
// that a copy claiming format major 2 is refused with OFDM_ERR_VERSION naming both versions.
// Only the public C API is used, as a caller holding an old file would.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "model/model_file.h"
#include "ofdm.h"

namespace {

// OpenBLAS names the kernel set it picked for this CPU (an OpenBLAS extension of CBLAS).
extern "C" char *openblas_get_corename(void);

// Under the OpenBLAS kernels the table was recorded with, values must agree bit for bit: loading
// rebuilds the Galerkin system from the stored moments deterministically, and the BLAS thread
// count (1, 2, all cores) was measured not to change a single bit. Other kernels (another CPU)
// round the solves differently: over the 11 other x86-64 kernel sets, forced with
// OPENBLAS_CORETYPE, the largest difference was 9.7e-12 · max(1, |value|), which is the
// conditioning of the Galerkin systems times the double epsilon. Off the recorded kernels the
// check allows ten times that; a misread file is wrong by far more.
constexpr double kOtherKernelTolerance = 1e-10;

constexpr size_t kMaxGoldenBytes = 20 * 1024;  // the files must stay small enough to commit
constexpr size_t kVersionOffset = 8;            // u32 major, u32 minor
constexpr size_t kChecksumSize = 8;

std::string golden_directory() {
    if (const char *override_dir = std::getenv("OFDM_GOLDEN_DIR")) return override_dir;
    // This file is compiled as tests/model/test_golden_files.cpp from the repository root,
    // where `make test` runs the suites.
    std::string path = __FILE__;
    return path.substr(0, path.rfind("model/test_golden_files.cpp")) + "golden";
}

std::vector<uint8_t> read_bytes(const std::string &path) {
    std::ifstream stream(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(stream)), {});
}

struct GoldenValue {
    double t;
    std::vector<double> x, score;
    double log_density;
};

struct GoldenCoefficients {
    double t;
    std::vector<double> alpha;
};

struct GoldenModel {
    std::string file;
    int64_t dim = 0, size = 0, training_size = 0;
    double beta = 0, ridge = 0;
    int32_t coordinates = -1, time_mode = -1;
    std::vector<GoldenCoefficients> coefficients;
    std::vector<GoldenValue> values;
};

// Reads `label` followed by count numbers.
std::vector<double> read_numbers(std::istringstream &line, const char *label, int64_t count) {
    std::string word;
    line >> word;
    EXPECT_EQ(word, label);
    std::vector<double> numbers;
    for (int64_t i = 0; i < count && line >> word; ++i) numbers.push_back(std::strtod(word.c_str(), nullptr));
    EXPECT_EQ(int64_t(numbers.size()), count) << "after " << label;
    return numbers;
}

double read_number(std::istringstream &line, const char *label) { return read_numbers(line, label, 1).at(0); }

struct GoldenTable {
    std::string blas_core;  // the OpenBLAS kernel set the values were computed with
    std::vector<GoldenModel> models;
};

GoldenTable read_table() {
    std::ifstream file(golden_directory() + "/expected_values.txt");
    EXPECT_TRUE(file.good()) << "cannot open " << golden_directory() << "/expected_values.txt";
    GoldenTable table;
    std::vector<GoldenModel> &models = table.models;
    for (std::string text; std::getline(file, text);) {
        std::istringstream line(text);
        std::string kind;
        if (!(line >> kind) || kind[0] == '#') continue;
        if (kind == "blas_core") {
            line >> table.blas_core;
        } else if (kind == "model") {
            GoldenModel m;
            line >> m.file;
            m.dim = int64_t(read_number(line, "dim"));
            m.size = int64_t(read_number(line, "size"));
            m.beta = read_number(line, "beta");
            m.ridge = read_number(line, "ridge");
            m.coordinates = int32_t(read_number(line, "coordinates"));
            m.time_mode = int32_t(read_number(line, "time_mode"));
            m.training_size = int64_t(read_number(line, "training_size"));
            models.push_back(m);
        } else if (kind == "coefficients" && !models.empty()) {
            GoldenCoefficients c;
            c.t = read_number(line, "t");
            c.alpha = read_numbers(line, "alpha", models.back().size);
            models.back().coefficients.push_back(c);
        } else if (kind == "value" && !models.empty()) {
            GoldenValue v;
            v.t = read_number(line, "t");
            v.x = read_numbers(line, "x", models.back().dim);
            v.score = read_numbers(line, "score", models.back().dim);
            v.log_density = read_number(line, "log_density");
            models.back().values.push_back(v);
        } else {
            ADD_FAILURE() << "unexpected line in expected_values.txt: " << text;
        }
    }
    return table;
}

const GoldenTable &golden_table() {
    static const GoldenTable table = read_table();
    return table;
}

const std::vector<GoldenModel> &golden_models() { return golden_table().models; }

bool recorded_kernels() { return golden_table().blas_core == openblas_get_corename(); }

bool same_value(double actual, double expected) {
    if (recorded_kernels()) return std::memcmp(&actual, &expected, sizeof actual) == 0;
    return std::fabs(actual - expected) <= kOtherKernelTolerance * std::max(1.0, std::fabs(expected));
}

// "actual A, recorded E" with every digit, for a failure message.
std::string mismatch(double actual, double expected) {
    char text[96];
    std::snprintf(text, sizeof text, "actual %.17g, recorded %.17g", actual, expected);
    return text;
}

// Loads a golden file from its path; the model is freed with the holder.
struct LoadedModel {
    ofdm_model *model = nullptr;
    explicit LoadedModel(const GoldenModel &golden) {
        const std::string path = golden_directory() + "/" + golden.file;
        EXPECT_EQ(ofdm_model_load(path.c_str(), &model), OFDM_OK) << path << ": " << ofdm_last_error();
    }
    ~LoadedModel() { ofdm_model_free(model); }
};

uint64_t fnv1a64(const uint8_t *bytes, size_t size) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    return h;
}

uint32_t read_u32(const uint8_t *at) {
    return uint32_t(at[0]) | uint32_t(at[1]) << 8 | uint32_t(at[2]) << 16 | uint32_t(at[3]) << 24;
}

std::vector<uint8_t> save_to_buffer(const ofdm_model *model) {
    size_t size = 0;
    EXPECT_EQ(ofdm_model_serialized_size(model, &size), OFDM_OK);
    std::vector<uint8_t> bytes(size);
    size_t written = 0;
    EXPECT_EQ(ofdm_model_save_buffer(model, bytes.data(), size, &written), OFDM_OK);
    EXPECT_EQ(written, size);
    return bytes;
}

TEST(GoldenFiles, TableHoldsTheThreeModelsAtEveryTimeAndPoint) {
    EXPECT_FALSE(golden_table().blas_core.empty());
    if (!recorded_kernels())
        std::printf("note: OpenBLAS kernels %s, not the recorded %s: values compared to within %g · max(1, |value|)\n",
                    openblas_get_corename(), golden_table().blas_core.c_str(), kOtherKernelTolerance);
    const std::vector<GoldenModel> &models = golden_models();
    ASSERT_EQ(models.size(), 3u);
    for (const GoldenModel &m : models) {
        EXPECT_EQ(m.coefficients.size(), 5u) << m.file;
        EXPECT_EQ(m.values.size(), 5u * 4u) << m.file;
        EXPECT_LE(read_bytes(golden_directory() + "/" + m.file).size(), kMaxGoldenBytes) << m.file;
    }
}

TEST(GoldenFiles, EachFileLoadsWithItsRecordedSettings) {
    for (const GoldenModel &golden : golden_models()) {
        LoadedModel loaded(golden);
        ASSERT_NE(loaded.model, nullptr) << golden.file;
        EXPECT_EQ(ofdm_model_dim(loaded.model), golden.dim) << golden.file;
        EXPECT_EQ(ofdm_basis_size(ofdm_model_basis(loaded.model)), golden.size) << golden.file;
        EXPECT_EQ(ofdm_model_training_size(loaded.model), golden.training_size) << golden.file;
        ofdm_fit_options options;
        ofdm_fit_options_init(&options);
        ASSERT_EQ(ofdm_model_options(loaded.model, &options), OFDM_OK);
        EXPECT_EQ(options.beta, golden.beta) << golden.file;
        EXPECT_EQ(options.ridge, golden.ridge) << golden.file;
        EXPECT_EQ(options.coordinates, golden.coordinates) << golden.file;
        EXPECT_EQ(options.time_mode, golden.time_mode) << golden.file;
    }
}

TEST(GoldenFiles, CoefficientsMatchTheRecordedValues) {
    for (const GoldenModel &golden : golden_models()) {
        LoadedModel loaded(golden);
        ASSERT_NE(loaded.model, nullptr) << golden.file;
        for (const GoldenCoefficients &expected : golden.coefficients) {
            std::vector<double> alpha(static_cast<size_t>(golden.size));
            ASSERT_EQ(ofdm_model_coefficients(loaded.model, expected.t, alpha.data()), OFDM_OK) << ofdm_last_error();
            for (size_t k = 0; k < alpha.size(); ++k)
                EXPECT_TRUE(same_value(alpha[k], expected.alpha[k]))
                    << golden.file << ": alpha_" << k << "(t = " << expected.t
                    << "): " << mismatch(alpha[k], expected.alpha[k]);
        }
    }
}

TEST(GoldenFiles, ScoresAndLogDensitiesMatchTheRecordedValues) {
    for (const GoldenModel &golden : golden_models()) {
        LoadedModel loaded(golden);
        ASSERT_NE(loaded.model, nullptr) << golden.file;
        for (const GoldenValue &expected : golden.values) {
            const int64_t d = golden.dim;
            std::vector<double> score(static_cast<size_t>(d));
            double log_density = 0.0;
            ASSERT_EQ(ofdm_model_score(loaded.model, expected.t, expected.x.data(), 1, d, score.data(), d), OFDM_OK)
                << ofdm_last_error();
            ASSERT_EQ(ofdm_model_log_density(loaded.model, expected.t, expected.x.data(), 1, d, &log_density), OFDM_OK)
                << ofdm_last_error();
            for (int64_t j = 0; j < d; ++j)
                EXPECT_TRUE(same_value(score[size_t(j)], expected.score[size_t(j)]))
                    << golden.file << ": score component " << j << " at t = " << expected.t << ": "
                    << mismatch(score[size_t(j)], expected.score[size_t(j)]);
            EXPECT_TRUE(same_value(log_density, expected.log_density))
                << golden.file << ": log-density at t = " << expected.t << ": "
                << mismatch(log_density, expected.log_density);
        }
    }
}

TEST(GoldenFiles, SavingAGoldenModelGivesItsBytesBack) {
    for (const GoldenModel &golden : golden_models()) {
        const std::vector<uint8_t> file = read_bytes(golden_directory() + "/" + golden.file);
        ofdm_model *model = nullptr;
        ASSERT_EQ(ofdm_model_load_buffer(file.data(), file.size(), &model), OFDM_OK) << ofdm_last_error();
        const std::vector<uint8_t> saved = save_to_buffer(model);
        ofdm_model_free(model);
        // A writer of a newer format version may lay the bytes out differently; while it writes
        // the golden files' version, any change of bytes is a format change without a version.
        if (std::memcmp(saved.data() + kVersionOffset, file.data() + kVersionOffset, 8) == 0) {
            EXPECT_EQ(saved, file) << golden.file << ": the bytes changed but the format version did not";
        }
    }
}

TEST(GoldenFiles, FormatMajorTwoIsRefusedNamingBothVersions) {
    for (const GoldenModel &golden : golden_models()) {
        const std::vector<uint8_t> file = read_bytes(golden_directory() + "/" + golden.file);
        ASSERT_GT(file.size(), kVersionOffset + 8 + kChecksumSize);
        ofdm_model *model = nullptr;
        ASSERT_EQ(ofdm_model_load_buffer(file.data(), file.size(), &model), OFDM_OK) << ofdm_last_error();
        ofdm_model_free(model);
        // The newest format this library reads (it writes models without whitening or PCA as 1.0,
        // so that older readers keep reading them).
        const std::string library_format = std::to_string(ofdm::kFormatMajor) + "." + std::to_string(ofdm::kFormatMinor);

        // Only the major changes: the checksum is recomputed so that nothing else is wrong.
        std::vector<uint8_t> newer = file;
        newer[kVersionOffset] = 2;
        newer[kVersionOffset + 1] = newer[kVersionOffset + 2] = newer[kVersionOffset + 3] = 0;
        const size_t end = newer.size() - kChecksumSize;
        const uint64_t checksum = fnv1a64(newer.data(), end);
        for (int i = 0; i < 8; ++i) newer[end + size_t(i)] = uint8_t(checksum >> (8 * i));
        const std::string file_format = "2." + std::to_string(read_u32(newer.data() + kVersionOffset + 4));

        ofdm_model *const untouched = reinterpret_cast<ofdm_model *>(uintptr_t(0x5eed));
        model = untouched;
        EXPECT_EQ(ofdm_model_load_buffer(newer.data(), newer.size(), &model), OFDM_ERR_VERSION) << golden.file;
        EXPECT_EQ(model, untouched) << "a refused load wrote *out";
        const std::string message = ofdm_last_error();
        EXPECT_NE(message.find(file_format), std::string::npos) << "the file's format is not named: " << message;
        EXPECT_NE(message.find(library_format), std::string::npos) << "the library's format is not named: " << message;
    }
}

}  // namespace

// The model file: round trips are bit-exact, and every damaged form of a valid file — each
// truncation, each single-bit flip, a newer version, foreign bytes — is refused with its status.
#include <gtest/gtest.h>

#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "model/fit.h"
#include "model/model_file.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

Model small_model(int32_t time_mode = OFDM_TIME_GALERKIN) {
    testing::Random random(9);
    std::vector<double> x(300);
    for (double &v : x) v = random.normal() + (v > 0 ? 1.0 : 0.0);
    FitSettings settings;
    settings.time_mode = time_mode;
    settings.ridge = 1e-10;
    settings.beta = 0.75;
    return fit_model(std::make_shared<const Basis>(make_total_degree_basis(3, 2, 2)), x.data(), 100, 3, settings);
}

ofdm_status load_status(const std::vector<uint8_t> &bytes) {
    try {
        deserialize_model(bytes.data(), bytes.size());
    } catch (const Error &e) {
        return e.status();
    }
    return OFDM_OK;
}

std::vector<double> scores(const Model &model, double t) {
    const double x[6] = {0.1, -0.2, 0.3, 1.5, 0.7, -1.1};
    std::vector<double> out(6);
    model.score(t, x, 2, 3, out.data(), 3);
    double density[2];
    model.log_density(t, x, 2, 3, density);
    out.insert(out.end(), density, density + 2);
    return out;
}

struct TempDir {
    std::string path;
    TempDir() {
        char name[] = "/tmp/ofdm-test-XXXXXX";
        path = mkdtemp(name);
    }
    ~TempDir() {
        if (DIR *dir = opendir(path.c_str())) {
            while (dirent *entry = readdir(dir))
                if (std::strcmp(entry->d_name, ".") && std::strcmp(entry->d_name, ".."))
                    std::remove((path + "/" + entry->d_name).c_str());
            closedir(dir);
        }
        rmdir(path.c_str());
    }
    int count() const {
        int n = 0;
        DIR *dir = opendir(path.c_str());
        while (dirent *entry = readdir(dir)) n += entry->d_name[0] != '.';
        closedir(dir);
        return n;
    }
};

TEST(ModelFile, BufferRoundTripIsBitExact) {
    for (int32_t mode : {OFDM_TIME_GALERKIN, OFDM_TIME_PERTURBATION}) {
        const Model model = small_model(mode);
        const std::vector<uint8_t> bytes = serialize_model(model);
        const Model loaded = deserialize_model(bytes.data(), bytes.size());
        for (double t : {0.0, 0.2, 5.0}) {
            const std::vector<double> a = scores(model, t), b = scores(loaded, t);
            EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << "t = " << t;
        }
        EXPECT_EQ(serialize_model(loaded), bytes);
    }
}

TEST(ModelFile, FileRoundTripIsAtomicAndBitExact) {
    TempDir dir;
    const std::string path = dir.path + "/model.ofdm";
    const Model model = small_model();
    save_model_file(model, path);
    save_model_file(model, path);  // over an existing file
    EXPECT_EQ(dir.count(), 1) << "a temporary file was left behind";
    const Model loaded = load_model_file(path);
    EXPECT_EQ(scores(model, 0.4), scores(loaded, 0.4));
}

std::vector<char> file_bytes(const std::string &path) {
    std::ifstream stream(path, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(stream)), {});
}

TEST(ModelFile, SaveThatFailsMidwayLeavesTheOldFileAndNoTemporary) {
    TempDir dir;
    const std::string path = dir.path + "/model.ofdm";
    save_model_file(small_model(), path);
    const std::vector<char> before = file_bytes(path);
    // A disk that fills up: a file-size limit below the model's size makes write() fail with
    // EFBIG part-way through the temporary file.
    rlimit old_limit;
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit tiny = old_limit;
    tiny.rlim_cur = 64;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &tiny), 0);
    ofdm_status status = OFDM_OK;
    try {
        save_model_file(small_model(OFDM_TIME_PERTURBATION), path);
    } catch (const Error &e) {
        status = e.status();
    }
    setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_EQ(status, OFDM_ERR_IO);
    EXPECT_EQ(dir.count(), 1) << "a temporary file was left behind";
    EXPECT_EQ(file_bytes(path), before);
}

TEST(ModelFile, RenameFailureLeavesNoTemporary) {
    TempDir dir;
    // Renaming a file over a non-empty directory fails after the temporary was written.
    const std::string blocker = dir.path + "/blocker";
    ASSERT_EQ(mkdir(blocker.c_str(), 0700), 0);
    ASSERT_TRUE(std::ofstream(blocker + "/x").good());
    try {
        save_model_file(small_model(), blocker);
        ADD_FAILURE() << "renaming over a directory succeeded";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_IO);
        EXPECT_NE(std::string(e.what()).find(blocker), std::string::npos) << e.what();
    }
    std::remove((blocker + "/x").c_str());
    rmdir(blocker.c_str());
    EXPECT_EQ(dir.count(), 0) << "a temporary file was left behind";
}

TEST(ModelFile, EveryTruncationIsRefused) {
    const std::vector<uint8_t> bytes = serialize_model(small_model());
    for (size_t length = 0; length < bytes.size(); ++length) {
        const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + length);
        EXPECT_EQ(load_status(prefix), OFDM_ERR_TRUNCATED) << "length " << length;
    }
}

TEST(ModelFile, EverySingleBitFlipIsRefused) {
    const std::vector<uint8_t> bytes = serialize_model(small_model());
    for (size_t bit = 0; bit < 8 * bytes.size(); ++bit) {
        std::vector<uint8_t> damaged = bytes;
        damaged[bit / 8] ^= uint8_t(1u << (bit % 8));
        const ofdm_status status = load_status(damaged);
        // Magic → FORMAT, version → VERSION, payload size → TRUNCATED or CORRUPT, the rest →
        // CORRUPT by checksum. What matters is that none loads.
        EXPECT_NE(status, OFDM_OK) << "bit " << bit;
        if (bit >= 8 * 24) {
            EXPECT_EQ(status, OFDM_ERR_CORRUPT) << "bit " << bit;
        }
    }
}

TEST(ModelFile, NewerVersionAndForeignDataAreNamed) {
    std::vector<uint8_t> bytes = serialize_model(small_model());
    bytes[8] = 2;  // format major 2
    try {
        deserialize_model(bytes.data(), bytes.size());
        ADD_FAILURE();
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_VERSION);
        EXPECT_NE(std::string(e.what()).find("2.0"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("reads format 1.1"), std::string::npos) << e.what();
    }
    const std::string text = "# not a model, just some text that happens to be long enough";
    EXPECT_EQ(load_status(std::vector<uint8_t>(text.begin(), text.end())), OFDM_ERR_FORMAT);
    std::vector<uint8_t> longer = serialize_model(small_model());
    longer.push_back(0);
    EXPECT_EQ(load_status(longer), OFDM_ERR_CORRUPT);
}

}  // namespace
}  // namespace ofdm

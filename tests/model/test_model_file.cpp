// The model file: round trips are bit-exact, and every damaged form of a valid file — each
// truncation, each single-bit flip, a newer version, foreign bytes — is refused with its status.
// Saving writes through devices and FIFOs and through symbolic links without replacing them;
// loading reads no further than the header announces, whatever the input.
#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "support/endless_fifo.h"
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "model/byte_stream.h"
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
        // Magic → FORMAT, payload size → TRUNCATED or CORRUPT, the rest (the version words too:
        // the checksum comes before the version) → CORRUPT by checksum. None loads.
        EXPECT_NE(status, OFDM_OK) << "bit " << bit;
        if (bit >= 8 * 24 || (bit >= 8 * 8 && bit < 8 * 16)) {
            EXPECT_EQ(status, OFDM_ERR_CORRUPT) << "bit " << bit;
        }
    }
}

// The checksum of a file whose bytes were changed, recomputed: what a genuine writer would store.
void forge_checksum(std::vector<uint8_t> &bytes) {
    const uint64_t sum = fnv1a64(bytes.data(), bytes.size() - 8);
    for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + size_t(i)] = uint8_t(sum >> (8 * i));
}

TEST(ModelFile, NewerVersionAndForeignDataAreNamed) {
    std::vector<uint8_t> bytes = serialize_model(small_model());
    bytes[8] = 2;  // format major 2, from an intact newer writer: its checksum holds
    forge_checksum(bytes);
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

// ---- hostile paths -------------------------------------------------------------------------

std::string error_of(const std::function<void()> &body, ofdm_status *status) {
    try {
        body();
    } catch (const Error &e) {
        *status = e.status();
        return e.what();
    }
    *status = OFDM_OK;
    return "";
}

bool is_char_device(const std::string &path, unsigned major_number, unsigned minor_number) {
    struct stat status;
    return lstat(path.c_str(), &status) == 0 && S_ISCHR(status.st_mode) && major(status.st_rdev) == major_number &&
           minor(status.st_rdev) == minor_number;
}

TEST(ModelFile, SaveWritesThroughACharacterDeviceInsteadOfReplacingIt) {
    TempDir dir;
    const std::string null_clone = dir.path + "/null", full_clone = dir.path + "/full";
    if (mknod(null_clone.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0 ||
        mknod(full_clone.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0)
        GTEST_SKIP() << "cannot create device nodes here: " << std::strerror(errno);
    const Model model = small_model();
    save_model_file(model, null_clone);
    EXPECT_TRUE(is_char_device(null_clone, 1, 3)) << "the /dev/null clone was replaced";
    ofdm_status status;
    const std::string message = error_of([&] { save_model_file(model, full_clone); }, &status);
    EXPECT_EQ(status, OFDM_ERR_IO);
    EXPECT_NE(message.find("No space left on device"), std::string::npos) << message;
    EXPECT_NE(message.find(full_clone), std::string::npos) << message;
    EXPECT_TRUE(is_char_device(full_clone, 1, 7)) << "the /dev/full clone was replaced";
    EXPECT_EQ(dir.count(), 2) << "a temporary file was left behind";
}

// Drains a FIFO's read end, opened before the writer runs (so the writer's open never waits and
// a writer that replaced the FIFO instead cannot hang the test), until `done` and nothing is left.
std::vector<char> drain(int fd, const std::atomic<bool> &done) {
    std::vector<char> bytes;
    char chunk[4096];
    for (;;) {
        pollfd ready = {fd, POLLIN, 0};
        poll(&ready, 1, 20);
        const ssize_t got = read(fd, chunk, sizeof chunk);
        if (got > 0) {
            bytes.insert(bytes.end(), chunk, chunk + got);
            continue;
        }
        if (done) break;
    }
    return bytes;
}

TEST(ModelFile, SaveWritesThroughAFifoToItsReader) {
    TempDir dir;
    const std::string fifo = dir.path + "/pipe";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const int read_end = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(read_end, 0);
    std::atomic<bool> done{false};
    std::vector<char> received;
    std::thread reader([&] { received = drain(read_end, done); });
    const Model model = small_model();
    save_model_file(model, fifo);
    done = true;
    reader.join();
    close(read_end);
    const std::vector<uint8_t> expected = serialize_model(model);
    EXPECT_EQ(std::vector<uint8_t>(received.begin(), received.end()), expected);
    struct stat status;
    ASSERT_EQ(lstat(fifo.c_str(), &status), 0);
    EXPECT_TRUE(S_ISFIFO(status.st_mode)) << "the FIFO was replaced";
    EXPECT_EQ(dir.count(), 1);
}

TEST(ModelFile, SaveThroughASymlinkChainKeepsTheLinksAndFillsTheTarget) {
    TempDir dir;
    const std::string sub = dir.path + "/sub";
    ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
    // link2 -> link1 -> sub/model.ofdm, the last one relative to link1's directory.
    ASSERT_TRUE(std::ofstream(sub + "/model.ofdm").good());
    ASSERT_EQ(symlink("sub/model.ofdm", (dir.path + "/link1").c_str()), 0);
    ASSERT_EQ(symlink((dir.path + "/link1").c_str(), (dir.path + "/link2").c_str()), 0);
    const Model model = small_model();
    save_model_file(model, dir.path + "/link2");
    struct stat status;
    for (const char *link : {"/link1", "/link2"}) {
        ASSERT_EQ(lstat((dir.path + link).c_str(), &status), 0);
        EXPECT_TRUE(S_ISLNK(status.st_mode)) << link << " is no longer a symbolic link";
    }
    const std::vector<char> target = file_bytes(sub + "/model.ofdm");
    const std::vector<uint8_t> expected = serialize_model(model);
    EXPECT_EQ(std::vector<uint8_t>(target.begin(), target.end()), expected);
    EXPECT_EQ(dir.count(), 3) << "a temporary file was left beside the links";
    DIR *listing = opendir(sub.c_str());
    int entries = 0;
    while (dirent *entry = readdir(listing)) entries += entry->d_name[0] != '.';
    closedir(listing);
    EXPECT_EQ(entries, 1) << "a temporary file was left beside the target";
    std::remove((sub + "/model.ofdm").c_str());
    rmdir(sub.c_str());
}

TEST(ModelFile, SaveThroughADanglingSymlinkCreatesItsTarget) {
    TempDir dir;
    const std::string link = dir.path + "/link", target = dir.path + "/created.ofdm";
    ASSERT_EQ(symlink("created.ofdm", link.c_str()), 0);
    const Model model = small_model();
    save_model_file(model, link);
    struct stat status;
    ASSERT_EQ(lstat(link.c_str(), &status), 0);
    EXPECT_TRUE(S_ISLNK(status.st_mode));
    EXPECT_EQ(scores(load_model_file(target), 0.4), scores(model, 0.4));
    EXPECT_EQ(dir.count(), 2);
}

TEST(ModelFile, SaveThroughASymlinkLoopIsAnIoError) {
    TempDir dir;
    const std::string a = dir.path + "/a", b = dir.path + "/b";
    ASSERT_EQ(symlink(b.c_str(), a.c_str()), 0);
    ASSERT_EQ(symlink(a.c_str(), b.c_str()), 0);
    ofdm_status status;
    const std::string message = error_of([&] { save_model_file(small_model(), a); }, &status);
    EXPECT_EQ(status, OFDM_ERR_IO);
    EXPECT_NE(message.find("symbolic links"), std::string::npos) << message;
    EXPECT_EQ(dir.count(), 2);
}

using ::testing::EndlessFifo;

// The load of `path`: its status and message, and how long it took.
struct Load {
    ofdm_status status;
    std::string message;
    double seconds;
};
Load timed_load(const std::string &path) {
    Load result;
    const auto start = std::chrono::steady_clock::now();
    result.message = error_of([&] { load_model_file(path); }, &result.status);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

TEST(ModelFile, LoadOfAStreamThatGoesOnPastItsHeaderIsRefusedAfterABoundedRead) {
    TempDir dir;
    const std::vector<uint8_t> bytes = serialize_model(small_model());
    {
        EndlessFifo stream(dir.path + "/model_then_zeros", std::string(bytes.begin(), bytes.end()));
        const Load load = timed_load(dir.path + "/model_then_zeros");
        EXPECT_EQ(load.status, OFDM_ERR_CORRUPT) << load.message;
        EXPECT_NE(load.message.find("trailing bytes"), std::string::npos) << load.message;
        EXPECT_NE(load.message.find("goes on past the " + std::to_string(bytes.size()) + " bytes"), std::string::npos)
            << load.message;
        EXPECT_LT(load.seconds, 2.0);
    }
    {
        // A header announcing 2^62 bytes of payload: refused before reading any of it.
        std::vector<uint8_t> header(bytes.begin(), bytes.begin() + 24);
        header[23] = 0x40;
        EndlessFifo stream(dir.path + "/huge_header", std::string(header.begin(), header.end()));
        const Load load = timed_load(dir.path + "/huge_header");
        EXPECT_EQ(load.status, OFDM_ERR_TOO_LARGE) << load.message;
        EXPECT_NE(load.message.find("physical memory"), std::string::npos) << load.message;
        EXPECT_LT(load.seconds, 2.0);
    }
    {
        // As /dev/zero, but bounded should the loader regress (the CLI suites read /dev/zero
        // itself under a timeout): refused by its first 8 bytes.
        EndlessFifo stream(dir.path + "/zeros", "");
        const Load load = timed_load(dir.path + "/zeros");
        EXPECT_EQ(load.status, OFDM_ERR_FORMAT) << load.message;
        EXPECT_LT(load.seconds, 2.0);
    }
}

TEST(ModelFile, LoadOfAFileLongerThanItsHeaderSaysIsRefusedWithoutReadingIt) {
    TempDir dir;
    const std::string path = dir.path + "/long.ofdm";
    save_model_file(small_model(), path);
    const int64_t size = int64_t(file_bytes(path).size());
    // 2 GiB of holes after the model: refused by the file's size, before reading them (the
    // message gives both sizes; a loader that read them would take seconds and 2 GiB).
    const int64_t holes = int64_t(1) << 31;
    ASSERT_EQ(truncate(path.c_str(), holes), 0);
    const Load load = timed_load(path);
    EXPECT_EQ(load.status, OFDM_ERR_CORRUPT) << load.message;
    EXPECT_NE(load.message.find(std::to_string(holes - size) + " trailing bytes after the checksum: the header "
                                "announces " + std::to_string(size) + " bytes, '" + path + "' has " +
                                std::to_string(holes)),
              std::string::npos)
        << load.message;
    EXPECT_LT(load.seconds, 2.0);
}

TEST(ModelFile, AFlippedVersionBitIsDamageNotANewerFormat) {
    const std::vector<uint8_t> bytes = serialize_model(small_model());
    for (size_t bit = 8 * 8; bit < 8 * 16; ++bit) {
        std::vector<uint8_t> damaged = bytes;
        damaged[bit / 8] ^= uint8_t(1u << (bit % 8));
        ofdm_status status;
        const std::string message = error_of([&] { deserialize_model(damaged.data(), damaged.size()); }, &status);
        EXPECT_EQ(status, OFDM_ERR_CORRUPT) << "bit " << bit << ": " << message;
        EXPECT_NE(message.find("checksum mismatch"), std::string::npos) << message;
    }
    // Major 257 without a valid checksum: the message gives both readings.
    std::vector<uint8_t> damaged = bytes;
    damaged[9] ^= 1;
    ofdm_status status;
    const std::string message = error_of([&] { deserialize_model(damaged.data(), damaged.size()); }, &status);
    EXPECT_NE(message.find("damaged, or it is a format 257.0 file"), std::string::npos) << message;
    // The same major with its checksum recomputed, as a newer writer would store it: VERSION.
    forge_checksum(damaged);
    const std::string newer = error_of([&] { deserialize_model(damaged.data(), damaged.size()); }, &status);
    EXPECT_EQ(status, OFDM_ERR_VERSION) << newer;
    EXPECT_NE(newer.find("format 257.0"), std::string::npos) << newer;
    EXPECT_NE(newer.find("upgrade ofdm"), std::string::npos) << newer;
}

}  // namespace
}  // namespace ofdm

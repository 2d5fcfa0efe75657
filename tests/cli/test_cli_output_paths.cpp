// Where the `ofdm` tool writes (cli_fixture.h): a device or FIFO given as -o is written through
// and stays what it is; a symbolic link stays a link and its target gets the content (a dangling
// link's target is created); an output that is one of the command's inputs, by any name, is
// refused before anything is written, and the input is left as it was.
#include <dirent.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <atomic>
#include <thread>

#include "cli/cli_fixture.h"

namespace {

using namespace cli_test;

bool is_char_device(const std::string &path, unsigned major_number, unsigned minor_number) {
    struct stat status;
    return lstat(path.c_str(), &status) == 0 && S_ISCHR(status.st_mode) && major(status.st_rdev) == major_number &&
           minor(status.st_rdev) == minor_number;
}

bool is_symlink(const std::string &path) {
    struct stat status;
    return lstat(path.c_str(), &status) == 0 && S_ISLNK(status.st_mode);
}

// The names in a directory that look like an atomic writer's temporary file.
int temporaries(const std::string &dir) {
    int count = 0;
    DIR *listing = opendir(dir.c_str());
    while (dirent *entry = readdir(listing)) count += std::strstr(entry->d_name, ".tmp.") != nullptr;
    closedir(listing);
    return count;
}

class OutputPaths : public Cli {
protected:
    // Clones of /dev/null (1, 3) and /dev/full (1, 7) in the test directory; false when this
    // system does not let the test create device nodes.
    bool make_devices() {
        return mknod(path("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0 &&
               mknod(path("full").c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0;
    }
};

TEST_F(OutputPaths, ADeviceGivenAsOutputIsWrittenThroughAndStaysADevice) {
    if (!make_devices()) GTEST_SKIP() << "cannot create device nodes here: " << std::strerror(errno);
    const Matrix data = fit_gaussian();
    EXPECT_EQ(ofdm({"sample", "model.ofdm", "-n", "5", "-o", "null"}).status, 0);
    EXPECT_EQ(ofdm({"score", "model.ofdm", "gauss.npy", "-o", "null"}).status, 0);
    EXPECT_EQ(ofdm({"fit", "gauss.npy", "-o", "null", "--degree", "2"}).status, 0);
    EXPECT_TRUE(is_char_device(path("null"), 1, 3)) << "the /dev/null clone was replaced by a file";
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "5", "-o", "full"}), 1,
                      "ofdm sample: full: cannot write: No space left on device");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "full", "--degree", "2"}), 1, "No space left on device");
    EXPECT_TRUE(is_char_device(path("full"), 1, 7)) << "the /dev/full clone was replaced by a file";
    EXPECT_EQ(temporaries(dir_), 0);
}

// Holds a FIFO's read end open from before the run (so the tool's open never waits, and a tool
// that replaced the FIFO cannot hang the test) and drains it on a background thread until the
// run is over and nothing is left.
class FifoReader {
public:
    explicit FifoReader(const std::string &fifo) {
        EXPECT_EQ(mkfifo(fifo.c_str(), 0600), 0);
        fd_ = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
        EXPECT_GE(fd_, 0);
        thread_ = std::thread([this] {
            char chunk[4096];
            for (;;) {
                pollfd ready = {fd_, POLLIN, 0};
                poll(&ready, 1, 20);
                const ssize_t got = read(fd_, chunk, sizeof chunk);
                if (got > 0) received_.append(chunk, size_t(got));
                else if (done_) break;
            }
        });
    }
    // What the writer sent; call once the run is over.
    std::string finish() {
        done_ = true;
        thread_.join();
        close(fd_);
        return received_;
    }

private:
    int fd_ = -1;
    std::atomic<bool> done_{false};
    std::string received_;
    std::thread thread_;
};

TEST_F(OutputPaths, AFifoGivenAsOutputIsWrittenToItsReaderAndStaysAFifo) {
    fit_gaussian();
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "7", "-o", "file.npy", "--seed", "3"}).status, 0);
    FifoReader samples(path("samples.fifo"));
    EXPECT_EQ(ofdm({"sample", "model.ofdm", "-n", "7", "-o", "samples.fifo", "--seed", "3"}, 60).status, 0);
    EXPECT_EQ(samples.finish(), slurp(path("file.npy")));
    FifoReader model(path("model.fifo"));
    EXPECT_EQ(ofdm({"fit", "gauss.npy", "-o", "model.fifo", "--degree", "2"}, 60).status, 0);
    EXPECT_EQ(model.finish(), slurp(path("model.ofdm")));
    for (const char *name : {"samples.fifo", "model.fifo"}) {
        struct stat status;
        ASSERT_EQ(lstat(path(name).c_str(), &status), 0);
        EXPECT_TRUE(S_ISFIFO(status.st_mode)) << name << " was replaced by a file";
    }
    EXPECT_EQ(temporaries(dir_), 0);
}

TEST_F(OutputPaths, ASymlinkChainStaysAndItsTargetGetsTheContent) {
    fit_gaussian();
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "4", "-o", "direct.npy"}).status, 0);
    // out.npy -> hop -> results/target.npy (relative to hop's directory); the target exists.
    ASSERT_EQ(mkdir(path("results").c_str(), 0700), 0);
    write_text("results/target.npy", "old content");
    ASSERT_EQ(symlink("results/target.npy", path("hop").c_str()), 0);
    ASSERT_EQ(symlink("hop", path("out.npy").c_str()), 0);
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "4", "-o", "out.npy"}).status, 0);
    EXPECT_TRUE(is_symlink(path("out.npy")) && is_symlink(path("hop"))) << "a link was replaced by a file";
    EXPECT_EQ(slurp(path("results/target.npy")), slurp(path("direct.npy")));
    // The library's writer (fit) follows the same rules.
    ASSERT_EQ(symlink("results/model_target.ofdm", path("model_link.ofdm").c_str()), 0);
    write_text("results/model_target.ofdm", "old model");
    ASSERT_EQ(ofdm({"fit", "gauss.npy", "-o", "model_link.ofdm", "--degree", "2"}).status, 0);
    EXPECT_TRUE(is_symlink(path("model_link.ofdm")));
    EXPECT_EQ(slurp(path("results/model_target.ofdm")), slurp(path("model.ofdm")));
    EXPECT_EQ(temporaries(dir_), 0);
    EXPECT_EQ(temporaries(path("results")), 0);
}

// The choice for a dangling link: create its target through it, as a shell's `>` does.
TEST_F(OutputPaths, ADanglingSymlinkCreatesItsTarget) {
    fit_gaussian();
    ASSERT_EQ(mkdir(path("results").c_str(), 0700), 0);
    ASSERT_EQ(symlink("results/new.npy", path("out.npy").c_str()), 0);
    ASSERT_EQ(symlink("results/new.ofdm", path("out.ofdm").c_str()), 0);
    ASSERT_EQ(ofdm({"sample", "model.ofdm", "-n", "4", "-o", "out.npy"}).status, 0);
    ASSERT_EQ(ofdm({"fit", "gauss.npy", "-o", "out.ofdm", "--degree", "2"}).status, 0);
    EXPECT_TRUE(is_symlink(path("out.npy")) && is_symlink(path("out.ofdm")));
    EXPECT_EQ(read("results/new.npy").rows, 4);
    EXPECT_EQ(slurp(path("results/new.ofdm")), slurp(path("model.ofdm")));
}

TEST_F(OutputPaths, AnOutputThatIsAnInputIsRefusedAndTheInputKept) {
    fit_gaussian();
    write_csv("data.csv", gaussian_data(200, 2));
    write_text("edges.txt", "0 1\n");
    ASSERT_EQ(symlink("model.ofdm", path("model_link.ofdm").c_str()), 0);
    ASSERT_EQ(link(path("gauss.npy").c_str(), path("gauss_hard.npy").c_str()), 0);
    const std::string model = slurp(path("model.ofdm")), gauss = slurp(path("gauss.npy"));
    const std::string csv = slurp(path("data.csv")), edges = slurp(path("edges.txt"));
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "5", "-o", "model.ofdm"}), 1,
                      "ofdm sample: -o model.ofdm is the same file as the input MODEL model.ofdm");
    EXPECT_FAILS_WITH(ofdm({"sample", "model_link.ofdm", "-n", "5", "-o", "model.ofdm"}), 1,
                      "is the same file as the input MODEL model_link.ofdm");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "5", "-o", "model_link.ofdm"}), 1,
                      "-o model_link.ofdm is the same file as the input MODEL model.ofdm");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "5", "-o", "s.npy", "--sampler", "flow", "--log-density",
                            "model.ofdm"}),
                      1, "--log-density model.ofdm is the same file as the input MODEL");
    EXPECT_FAILS_WITH(ofdm({"sample", "model.ofdm", "-n", "5", "-o", "s.npy", "--sampler", "flow", "--log-density",
                            "s.npy"}),
                      1, "--log-density s.npy is the same file as -o s.npy");
    EXPECT_FAILS_WITH(ofdm({"fit", "data.csv", "-o", "data.csv"}), 1, "-o data.csv is the same file as the input DATA");
    EXPECT_FAILS_WITH(ofdm({"fit", "gauss.npy", "-o", "edges.txt", "--graph", "edges.txt"}), 1,
                      "the same file as the input --graph edges.txt");
    EXPECT_FAILS_WITH(ofdm({"score", "model.ofdm", "gauss.npy", "-o", "gauss_hard.npy"}), 1,
                      "-o gauss_hard.npy is the same file as the input DATA gauss.npy");
    EXPECT_FAILS_WITH(ofdm({"score", "model.ofdm", "gauss.npy", "-o", "model.ofdm"}), 1,
                      "the same file as the input MODEL");
    EXPECT_FAILS_WITH(ofdm({"loglik", "model.ofdm", "gauss.npy", "-o", "gauss.npy"}), 1,
                      "the same file as the input DATA");
    EXPECT_EQ(slurp(path("model.ofdm")), model);
    EXPECT_EQ(slurp(path("gauss.npy")), gauss);
    EXPECT_EQ(slurp(path("data.csv")), csv);
    EXPECT_EQ(slurp(path("edges.txt")), edges);
    EXPECT_TRUE(is_symlink(path("model_link.ofdm")));
    EXPECT_FALSE(std::ifstream(path("s.npy")).good());
    EXPECT_EQ(temporaries(dir_), 0);
}

}  // namespace

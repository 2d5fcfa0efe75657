// What the suites of the `ofdm` command-line tool share: a fixture that runs the built binary
// (OFDM_CLI_PATH, or the OFDM_CLI environment variable) in a fresh directory and returns its exit
// status, stdout, stderr and run time, killing it (and failing the test) past a timeout so that a
// hang fails instead of hanging CI; writers of test data in each input format; a 2-D Gaussian data set
// and its moments; a 2-D Gaussian mixture; an exact embedding of 2-D data in 5 columns.
#pragma once

#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fcntl.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/data_file.h"
#include "cli/npy_format.h"
#include "ofdm.h"

extern char **environ;

namespace cli_test {

using ofdm_cli::Matrix;

inline const char *cli_path() {
    const char *from_environment = std::getenv("OFDM_CLI");
    return from_environment ? from_environment : OFDM_CLI_PATH;
}

struct CliRun {
    int status = -1;  // exit status; 128 + signal when killed
    std::string out, err;
    double seconds = 0.0;    // wall-clock time of the run
    bool timed_out = false;  // killed after the timeout
};

// Longer than any run of the suites takes (the slowest, --degree auto, takes seconds).
constexpr double kDefaultTimeoutSeconds = 300.0;

inline std::string slurp(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A 2-D Gaussian sample, mean (1, -2), covariance [[1.96, 0.56], [0.56, 0.97]], every value
// rounded to float so that the float64 .npy, the float32 .npy and the %.17g CSV hold exactly the
// same doubles.
inline Matrix gaussian_data(int64_t n, uint64_t seed) {
    std::mt19937_64 random(seed);
    Matrix m;
    m.rows = n;
    m.cols = 2;
    auto uniform = [&random]() { return (double(random() >> 11) + 0.5) * 0x1p-53; };
    for (int64_t i = 0; i < n; ++i) {
        const double radius = std::sqrt(-2 * std::log(uniform())), angle = 2 * M_PI * uniform();
        const double z1 = radius * std::cos(angle), z2 = radius * std::sin(angle);
        m.values.push_back(double(float(1.0 + 1.4 * z1)));
        m.values.push_back(double(float(-2.0 + 0.4 * z1 + 0.9 * z2)));
    }
    return m;
}

// The mean and covariance (divisor n) of the data: the Gaussian a degree-2 model must be.
struct Gaussian {
    double mean[2] = {0, 0};
    double cov[2][2] = {{0, 0}, {0, 0}};
    double precision(int i, int j) const {
        const double det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0];
        const double inverse[2][2] = {{cov[1][1] / det, -cov[0][1] / det}, {-cov[1][0] / det, cov[0][0] / det}};
        return inverse[i][j];
    }
    double log_density(const double *x) const {
        const double det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0];
        const double d0 = x[0] - mean[0], d1 = x[1] - mean[1];
        const double quadratic = d0 * (precision(0, 0) * d0 + precision(0, 1) * d1) +
                                 d1 * (precision(1, 0) * d0 + precision(1, 1) * d1);
        return -0.5 * quadratic - std::log(2 * M_PI) - 0.5 * std::log(det);
    }
};

inline Gaussian moments(const Matrix &m) {
    Gaussian g;
    for (int64_t i = 0; i < m.rows; ++i)
        for (int j = 0; j < 2; ++j) g.mean[j] += m.values[size_t(2 * i + j)] / double(m.rows);
    for (int64_t i = 0; i < m.rows; ++i)
        for (int j = 0; j < 2; ++j)
            for (int k = 0; k < 2; ++k)
                g.cov[j][k] += (m.values[size_t(2 * i + j)] - g.mean[j]) * (m.values[size_t(2 * i + k)] - g.mean[k]) /
                               double(m.rows);
    return g;
}

// A 2-D mixture of three Gaussians (sd 0.45) centred on a triangle of side about 3.5: three
// separated modes, which a degree-2 (Gaussian) model cannot follow.
inline Matrix mixture_data(int64_t n, uint64_t seed) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal;
    const double centres[3][2] = {{-2.0, -1.0}, {2.0, -1.0}, {0.0, 2.0}};
    Matrix m;
    m.rows = n;
    m.cols = 2;
    for (int64_t i = 0; i < n; ++i) {
        const double *centre = centres[random() % 3];
        m.values.push_back(centre[0] + 0.45 * normal(random));
        m.values.push_back(centre[1] + 0.45 * normal(random));
    }
    return m;
}

// 5-column data of rank 2: x = offset + u a1 + w a2 for each 2-D row (u, w), so every row lies in
// the plane through kFiveOffset spanned by a1 = (1, 1, 0, 0, 1) and a2 = (0, 1, -1, 2, 0). The
// rows of kFiveNormals are orthogonal to both: v . (x - kFiveOffset) = 0 on the plane.
constexpr double kFiveOffset[5] = {3.0, -1.0, 0.5, 2.0, -4.0};
constexpr double kFiveNormals[3][5] = {{1, -1, -1, 0, 0}, {1, 0, 0, 0, -1}, {0, 2, 0, -1, -2}};
inline Matrix embed_in_five(const Matrix &plane) {
    const double a1[5] = {1, 1, 0, 0, 1}, a2[5] = {0, 1, -1, 2, 0};
    Matrix m;
    m.rows = plane.rows;
    m.cols = 5;
    for (int64_t i = 0; i < plane.rows; ++i) {
        const double u = plane.values[size_t(2 * i)], w = plane.values[size_t(2 * i + 1)];
        for (int j = 0; j < 5; ++j) m.values.push_back(kFiveOffset[j] + u * a1[j] + w * a2[j]);
    }
    return m;
}

// The largest |v . (x - kFiveOffset)| over the rows of x and the normals v, relative to the rows'
// size: 0 when every row lies on the plane of embed_in_five.
inline double distance_from_plane(const Matrix &x) {
    double largest = 0.0;
    for (int64_t i = 0; i < x.rows; ++i) {
        double size = 1.0;
        for (int j = 0; j < 5; ++j) size = std::max(size, std::fabs(x.values[size_t(5 * i + j)]));
        for (const auto &normal : kFiveNormals) {
            double dot = 0.0;
            for (int j = 0; j < 5; ++j) dot += normal[j] * (x.values[size_t(5 * i + j)] - kFiveOffset[j]);
            largest = std::max(largest, std::fabs(dot) / size);
        }
    }
    return largest;
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/ofdm_cli.XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override {
        if (!HasFailure()) std::system(("rm -rf '" + dir_ + "'").c_str());
        else std::fprintf(stderr, "files kept in %s\n", dir_.c_str());
    }

    std::string path(const std::string &name) const { return dir_ + "/" + name; }

    // Runs `ofdm args...` in the test directory; after timeout_seconds the process is killed
    // (SIGKILL, status 128 + 9) and the test fails.
    CliRun ofdm(const std::vector<std::string> &args, double timeout_seconds = kDefaultTimeoutSeconds) const {
        std::vector<std::string> words = {cli_path()};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char *> argv;
        for (std::string &word : words) argv.push_back(word.data());
        argv.push_back(nullptr);
        const std::string out = path(".stdout"), err = path(".stderr");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addchdir_np(&actions, dir_.c_str());
        pid_t pid = 0;
        CliRun run;
        const auto start = std::chrono::steady_clock::now();
        const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) {
            ADD_FAILURE() << "cannot run " << argv[0] << ": " << std::strerror(spawned);
            return run;
        }
        int status = 0;
        auto elapsed = [&start]() {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (elapsed() > timeout_seconds) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                run.timed_out = true;
                ADD_FAILURE() << "ofdm did not finish within " << timeout_seconds << " s; killed";
                break;
            }
            usleep(2000);
        }
        run.seconds = elapsed();
        run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        run.out = slurp(out);
        run.err = slurp(err);
        return run;
    }

    void write_npy(const std::string &name, const Matrix &m) const { ofdm_cli::write_npy_file(path(name), m); }
    void write_text(const std::string &name, const std::string &text) const {
        std::ofstream(path(name), std::ios::binary) << text;
    }
    void write_float32_npy(const std::string &name, const Matrix &m) const {
        std::vector<float> values(m.values.begin(), m.values.end());
        std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(m.rows) + ", " +
                             std::to_string(m.cols) + "), }";
        header += std::string((10 + header.size() + 1 + 63) / 64 * 64 - 10 - header.size() - 1, ' ') + "\n";
        std::string bytes = std::string("\x93NUMPY\x01\x00", 8) + char(header.size() & 0xff) + char(header.size() >> 8);
        bytes += header;
        bytes.append(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(float));
        write_text(name, bytes);
    }
    void write_csv(const std::string &name, const Matrix &m) const {
        std::string text = "# a 2-D Gaussian\nx,y\n";
        char line[80];
        for (int64_t i = 0; i < m.rows; ++i) {
            std::snprintf(line, sizeof line, "%.17g,%.17g\n", m.values[size_t(2 * i)], m.values[size_t(2 * i + 1)]);
            text += line;
        }
        write_text(name, text);
    }
    Matrix read(const std::string &name) const { return ofdm_cli::read_matrix_file(path(name)); }

    // Fits the default test model (degree 2 on 2 000 Gaussian points) to gauss.npy/model.ofdm.
    Matrix fit_gaussian(const std::vector<std::string> &extra = {}) {
        const Matrix data = gaussian_data(2000, 7);
        write_npy("gauss.npy", data);
        std::vector<std::string> args = {"fit", "gauss.npy", "-o", "model.ofdm", "--degree", "2"};
        args.insert(args.end(), extra.begin(), extra.end());
        const CliRun run = ofdm(args);
        EXPECT_EQ(run.status, 0) << run.err;
        return data;
    }

    std::string dir_;
};


}  // namespace cli_test

// `status` and a distinctive part of the one-line stderr message.
#define EXPECT_FAILS_WITH(run, expected_status, fragment)                                              \
    do {                                                                                              \
        const CliRun failed_run_ = (run);                                                                \
        EXPECT_EQ(failed_run_.status, expected_status) << failed_run_.err;                            \
        EXPECT_NE(failed_run_.err.find(fragment), std::string::npos) << "stderr: " << failed_run_.err; \
        EXPECT_EQ(std::count(failed_run_.err.begin(), failed_run_.err.end(), '\n'), 1) << failed_run_.err; \
    } while (0)

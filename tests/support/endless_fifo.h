// A FIFO whose writer offers `prefix`, then zeros, until the reader goes away (EPIPE) or 256 MiB
// have gone: "endless" for a reader that stops where it should, and a bound that turns a reader
// that slurps into a failed test rather than a hung one. Header-only: the CLI suites link none of
// the test helper objects. Shared by tests/model/test_model_file.cpp and
// tests/cli/test_cli_hostile_input.cpp.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

namespace testing {

class EndlessFifo {
public:
    EndlessFifo(const std::string &path, std::string prefix) : path_(path) {
        std::signal(SIGPIPE, SIG_IGN);  // the writer learns of the reader's exit by EPIPE
        EXPECT_EQ(mkfifo(path.c_str(), 0600), 0);
        writer_ = std::thread([this, prefix = std::move(prefix)] {
            const int fd = open(path_.c_str(), O_WRONLY);
            if (fd < 0) return;
            const std::string zeros(1 << 16, '\0');
            bool ok = write(fd, prefix.data(), prefix.size()) == ssize_t(prefix.size());
            for (int chunk = 0; ok && !stop_ && chunk < 4096; ++chunk) ok = write(fd, zeros.data(), zeros.size()) > 0;
            close(fd);
            finished_ = true;
        });
    }
    EndlessFifo(const EndlessFifo &) = delete;
    EndlessFifo &operator=(const EndlessFifo &) = delete;
    ~EndlessFifo() {
        stop_ = true;
        // A read end of our own lets a writer still waiting in open() in, and draining it lets
        // one blocked in write() see stop_.
        const int fd = open(path_.c_str(), O_RDONLY | O_NONBLOCK);
        char sink[1 << 16];
        while (!finished_)
            if (fd < 0 || read(fd, sink, sizeof sink) <= 0) usleep(1000);
        writer_.join();
        if (fd >= 0) close(fd);
        std::remove(path_.c_str());
    }

private:
    std::string path_;
    std::atomic<bool> stop_{false}, finished_{false};
    std::thread writer_;
};

}  // namespace testing

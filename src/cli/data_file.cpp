// File access of the command-line tool: one reader for data, one atomic writer for results.
#include "cli/data_file.h"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_errors.h"
#include "cli/csv_format.h"

namespace ofdm_cli {

namespace {

std::string system_error(int error) { return std::strerror(error); }

bool ends_with(const std::string &text, const char *suffix) {
    const size_t n = std::strlen(suffix);
    if (text.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(text[text.size() - n + i])) != suffix[i]) return false;
    return true;
}

std::vector<uint8_t> read_bytes(const std::string &path) {
    struct stat status;
    if (stat(path.c_str(), &status) != 0) throw Failure(path + ": cannot open: " + system_error(errno));
    if (S_ISDIR(status.st_mode)) throw Failure(path + ": is a directory, not a file");
    std::FILE *file = std::fopen(path.c_str(), "rb");
    if (!file) throw Failure(path + ": cannot open: " + system_error(errno));
    std::vector<uint8_t> bytes;
    uint8_t chunk[1 << 16];
    for (;;) {
        const size_t got = std::fread(chunk, 1, sizeof chunk, file);
        bytes.insert(bytes.end(), chunk, chunk + got);
        if (got < sizeof chunk) break;
    }
    const bool failed = std::ferror(file) != 0;
    const int error = errno;
    std::fclose(file);
    if (failed) throw Failure(path + ": cannot read: " + system_error(error));
    return bytes;
}

}  // namespace

Matrix read_matrix_file(const std::string &path, ElementTypes accept) {
    const std::vector<uint8_t> bytes = read_bytes(path);
    try {
        if (has_npy_magic(bytes.data(), bytes.size())) return parse_npy(bytes.data(), bytes.size(), accept);
        if (ends_with(path, ".npy")) throw ParseError("not a .npy file (wrong magic bytes)");
        if (bytes.size() >= 8 && std::memcmp(bytes.data(), "OFDMMODL", 8) == 0)
            throw ParseError("is an ofdm model file, not data");
        const bool text_name = ends_with(path, ".csv") || ends_with(path, ".txt") || ends_with(path, ".tsv") ||
                               ends_with(path, ".dat");
        if (!text_name && std::memchr(bytes.data(), 0, bytes.size()) != nullptr)
            throw ParseError("unrecognized format (a .npy file or CSV text expected)");
        return parse_csv(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    } catch (const ParseError &error) {
        throw Failure(path + ": " + error.what());
    }
}

void write_npy_file(const std::string &path, const Matrix &matrix) {
    static std::atomic<unsigned> counter{0};
    const std::vector<uint8_t> bytes = npy_bytes(matrix);
    const std::string temporary =
        path + ".tmp." + std::to_string(long(getpid())) + "." + std::to_string(counter.fetch_add(1));
    std::FILE *file = std::fopen(temporary.c_str(), "wbx");
    if (!file) throw Failure(path + ": cannot write: " + system_error(errno));
    // The first failing step decides the message; EIO when a step fails without setting errno.
    int error = 0;
    auto step = [&error](bool succeeded) {
        if (!succeeded && error == 0) error = errno ? errno : EIO;
    };
    errno = 0;
    step(std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size());
    step(std::fflush(file) == 0);
    step(error != 0 || fsync(fileno(file)) == 0);
    step(std::fclose(file) == 0);
    if (error == 0) step(std::rename(temporary.c_str(), path.c_str()) == 0);
    if (error != 0) {
        std::remove(temporary.c_str());
        throw Failure(path + ": cannot write: " + system_error(error));
    }
}

int64_t file_size(const std::string &path) {
    struct stat status;
    if (stat(path.c_str(), &status) != 0) throw Failure(path + ": cannot open: " + system_error(errno));
    return int64_t(status.st_size);
}

}  // namespace ofdm_cli

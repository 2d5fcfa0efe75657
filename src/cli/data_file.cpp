// File access of the command-line tool: one bounded reader for data, one writer for results.
#include "cli/data_file.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_errors.h"
#include "cli/csv_format.h"
#include "cli/memory_size.h"

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

// ---- reading ---------------------------------------------------------------------------------

// An open input, read a bounded amount at a time: nothing is read past what the format says the
// file holds, so a huge file, a FIFO or /dev/zero cannot make the reader run forever or fill
// memory with bytes it would refuse anyway.
class InputFile {
public:
    explicit InputFile(const std::string &path) : path_(path) {
        if (stat(path.c_str(), &status_) != 0) throw Failure(path + ": cannot open: " + system_error(errno));
        if (S_ISDIR(status_.st_mode)) throw Failure(path + ": is a directory, not a file");
        fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw Failure(path + ": cannot open: " + system_error(errno));
    }
    ~InputFile() { close(fd_); }
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;

    // Reads until bytes() holds `target` bytes or the input ends; true when it holds them. The
    // buffer grows with what arrives, never with what a header claims.
    bool fill(uint64_t target) {
        uint8_t chunk[1 << 16];
        while (bytes_.size() < target) {
            const size_t want = size_t(std::min<uint64_t>(sizeof chunk, target - bytes_.size()));
            const ssize_t got = read(fd_, chunk, want);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) throw Failure(path_ + ": cannot read: " + system_error(errno));
            if (got == 0) return false;
            bytes_.insert(bytes_.end(), chunk, chunk + got);
        }
        return true;
    }
    const std::vector<uint8_t> &bytes() const { return bytes_; }
    // A regular file's size is known before reading; a device's, FIFO's or /proc file's is not.
    bool regular() const { return S_ISREG(status_.st_mode) && status_.st_size > 0; }
    uint64_t size() const { return uint64_t(status_.st_size); }

private:
    std::string path_;
    struct stat status_ {};
    int fd_ = -1;
    std::vector<uint8_t> bytes_;
};

// The header says how long a .npy file is: read exactly that, and one byte more to tell an
// input that goes on.
Matrix read_npy(InputFile &in, ElementTypes accept) {
    constexpr uint64_t kPrefix = 12;  // magic, version and the longest header-length field
    in.fill(kPrefix);
    const uint64_t data_start = npy_data_start(in.bytes().data(), in.bytes().size());
    if (data_start == 0 || !in.fill(data_start)) return parse_npy(in.bytes().data(), in.bytes().size(), accept);
    const NpyExtent extent = npy_extent(in.bytes().data(), size_t(data_start), accept);
    if (in.regular() && in.size() > extent.file_size)
        throw ParseError(std::to_string(in.size() - extent.file_size) + " unexpected bytes after the data of shape " +
                         extent.shape + " (the header announces " + std::to_string(extent.file_size) +
                         " bytes, the file has " + std::to_string(in.size()) + ")");
    // A shorter regular file is read as it is, for parse_npy to say how much is missing.
    if (!in.regular() || in.size() == extent.file_size) {
        const double bytes = double(extent.elements) * sizeof(double);
        if (bytes > double(physical_memory_bytes()))
            throw ParseError("the array of shape " + extent.shape + " would need " + readable_bytes(bytes) +
                             " as float64, more than this machine's " +
                             readable_bytes(double(physical_memory_bytes())) + " of memory");
    }
    if (in.fill(extent.file_size == UINT64_MAX ? extent.file_size : extent.file_size + 1))
        throw ParseError("unexpected bytes after the data of shape " + extent.shape + ": the input goes on past the " +
                         std::to_string(extent.file_size) + " bytes its header announces");
    return parse_npy(in.bytes().data(), in.bytes().size(), accept);
}

// CSV is text: the first NUL byte ends the reading, so binary input (an image, /dev/zero) is
// refused after one chunk instead of after the whole file.
Matrix read_text(InputFile &in) {
    constexpr uint64_t kChunk = 1 << 16;
    size_t checked = 0;
    for (bool more = true; more;) {
        more = in.fill(in.bytes().size() + kChunk);
        const std::vector<uint8_t> &bytes = in.bytes();
        const void *nul = std::memchr(bytes.data() + checked, 0, bytes.size() - checked);
        if (nul)
            throw ParseError("not a text file: byte " +
                             std::to_string(static_cast<const uint8_t *>(nul) - bytes.data()) +
                             " is NUL (a .npy file or CSV text expected)");
        checked = bytes.size();
    }
    return parse_csv(reinterpret_cast<const char *>(in.bytes().data()), in.bytes().size());
}

// ---- writing ---------------------------------------------------------------------------------
// The library's ofdm_model_save (src/model/model_file.cpp) follows the same rules with its own
// code (this tool may use the public header only): keep the two in step.

// Where a write to `path` lands. Symbolic links are followed link by link, as the kernel does
// (a relative target is taken from the link's directory), to the first name that is not a link:
// the link then stays a link and its target gets the content. A dangling link yields its
// target's name, which the write creates, as a shell's `>` does. realpath() would do the same for
// an existing target but fails on a dangling one.
struct Destination {
    std::string path;  // the final name, not a symbolic link
    bool special = false;  // a device, FIFO or socket: written in place, never renamed over
};

Destination resolve_destination(const std::string &path) {
    constexpr int kMaxLinks = 40;  // as the kernel's limit for one lookup (ELOOP)
    std::string current = path;
    for (int links = 0;; ++links) {
        struct stat status;
        if (lstat(current.c_str(), &status) != 0) {
            if (errno == ENOENT) return {current, false};
            throw Failure(path + ": cannot write: " + system_error(errno));
        }
        if (!S_ISLNK(status.st_mode))
            return {current, S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode) || S_ISFIFO(status.st_mode) ||
                                 S_ISSOCK(status.st_mode)};
        if (links == kMaxLinks) throw Failure(path + ": cannot write: " + system_error(ELOOP));
        std::vector<char> target(size_t(status.st_size > 0 ? status.st_size : 255) + 1);
        ssize_t length;
        while ((length = readlink(current.c_str(), target.data(), target.size())) >= ssize_t(target.size()))
            target.resize(2 * target.size());  // the link grew between lstat and readlink
        if (length < 0) throw Failure(path + ": cannot write: " + system_error(errno));
        std::string next(target.data(), size_t(length));
        const size_t slash = current.rfind('/');
        if (!next.empty() && next[0] != '/' && slash != std::string::npos) next = current.substr(0, slash + 1) + next;
        current = next;
    }
}

// Writes all bytes to fd; 0 on success, else the errno of the failing write.
int write_all(int fd, const std::vector<uint8_t> &bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t wrote = write(fd, bytes.data() + done, bytes.size() - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return wrote < 0 ? errno : EIO;
        done += size_t(wrote);
    }
    return 0;
}

// A device, FIFO or socket is written through, in place: renaming a file over it would destroy
// it (`-o /dev/null` would leave a regular file behind). There is nothing to make atomic, and
// fsync means nothing there. A FIFO's open waits for a reader, as any writer's does.
void write_in_place(const std::vector<uint8_t> &bytes, const std::string &target, const std::string &path) {
    const int fd = open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) throw Failure(path + ": cannot write: " + system_error(errno));
    int error = write_all(fd, bytes);
    if (close(fd) != 0 && error == 0) error = errno;
    if (error != 0) throw Failure(path + ": cannot write: " + system_error(error));
}

// A regular (or new) file is written to "target.tmp.<pid>.<n>" beside it, flushed, then renamed
// over it, so that it holds either its old content or the complete new file.
void write_atomically(const std::vector<uint8_t> &bytes, const std::string &target, const std::string &path) {
    static std::atomic<unsigned> counter{0};
    const std::string temporary =
        target + ".tmp." + std::to_string(long(getpid())) + "." + std::to_string(counter.fetch_add(1));
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) throw Failure(path + ": cannot write: " + system_error(errno));
    // The first failing step decides the message.
    int error = write_all(fd, bytes);
    if (error == 0 && fsync(fd) != 0) error = errno;
    if (close(fd) != 0 && error == 0) error = errno;
    if (error == 0 && rename(temporary.c_str(), target.c_str()) != 0) error = errno;
    if (error != 0) {
        unlink(temporary.c_str());
        throw Failure(path + ": cannot write: " + system_error(error));
    }
}

}  // namespace

Matrix read_matrix_file(const std::string &path, ElementTypes accept) {
    InputFile in(path);
    try {
        in.fill(8);  // enough for either magic
        const std::vector<uint8_t> &bytes = in.bytes();
        if (has_npy_magic(bytes.data(), bytes.size())) return read_npy(in, accept);
        if (ends_with(path, ".npy")) throw ParseError("not a .npy file (wrong magic bytes)");
        if (bytes.size() >= 8 && std::memcmp(bytes.data(), "OFDMMODL", 8) == 0)
            throw ParseError("is an ofdm model file, not data");
        return read_text(in);
    } catch (const ParseError &error) {
        throw Failure(path + ": " + error.what());
    }
}

void write_npy_file(const std::string &path, const Matrix &matrix) {
    const std::vector<uint8_t> bytes = npy_bytes(matrix);
    const Destination destination = resolve_destination(path);
    if (destination.special)
        write_in_place(bytes, destination.path, path);
    else
        write_atomically(bytes, destination.path, path);
}

int64_t file_size(const std::string &path) {
    struct stat status;
    if (stat(path.c_str(), &status) != 0) throw Failure(path + ": cannot open: " + system_error(errno));
    return int64_t(status.st_size);
}

}  // namespace ofdm_cli

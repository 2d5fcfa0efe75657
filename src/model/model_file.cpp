#include "model_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <random>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/galerkin.h"
#include "model/byte_stream.h"

namespace ofdm {

namespace {

constexpr char kMagic[8] = {'O', 'F', 'D', 'M', 'M', 'O', 'D', 'L'};
constexpr size_t kHeaderSize = 24;
constexpr size_t kChecksumSize = 8;

[[noreturn]] void corrupt(size_t offset, const std::string &what) {
    fail(OFDM_ERR_CORRUPT, what + " (byte offset " + std::to_string(offset) + ")");
}

// Closes a descriptor on every path out of a scope, exceptions included.
struct FileDescriptor {
    int fd;
    ~FileDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

std::string system_error(const std::string &action, const std::string &path) {
    return action + " '" + path + "': " + std::strerror(errno);
}

// Reads a count that will size an allocation of `bytes_each` bytes per element from the
// remaining payload, refusing counts the payload cannot hold (a crafted file cannot make
// us allocate more than the file's own size).
uint64_t read_count(ByteReader &in, const char *field, uint64_t min_bytes_each) {
    const size_t offset = in.offset();
    const uint64_t count = in.u64(field);
    if (min_bytes_each > 0 && count > in.remaining() / min_bytes_each)
        corrupt(offset, std::string(field) + " = " + std::to_string(count) + " exceeds what the file holds");
    return count;
}

double read_finite(ByteReader &in, const char *field) {
    const size_t offset = in.offset();
    const double value = in.f64(field);
    if (!std::isfinite(value)) corrupt(offset, std::string(field) + " is not finite");
    return value;
}

// Every moment of data inside the box is bounded by the largest |φ_m| on the box, which the
// "absolute" Hermite recurrence bounds: |ψ_p(y)| <= a_p(R) for |y| <= R, with a_0 = 1, a_1 = R,
// a_{p+1} = (R a_p + sqrt(p) a_{p−1}) / sqrt(p+1). A mean beyond that bound (with room for
// rounding) cannot come from a fit.
void require_moments_within_box(const MultiIndexSet &moments, const std::vector<double> &means, const LatentBox &box,
                                double beta, size_t offset) {
    std::vector<double> bound;
    for (int64_t id = 0; id < moments.size(); ++id) {
        double limit = 1.0;
        for (const IndexEntry &e : moments[id]) {
            const double R = std::sqrt(beta) * std::max(std::fabs(box.lower[size_t(e.coord)]), std::fabs(box.upper[size_t(e.coord)]));
            bound.assign(size_t(e.power) + 1, 0.0);
            bound[0] = 1.0;
            if (e.power >= 1) bound[1] = R;
            for (int32_t p = 1; p < e.power; ++p)
                bound[size_t(p) + 1] = (R * bound[size_t(p)] + std::sqrt(double(p)) * bound[size_t(p) - 1]) / std::sqrt(double(p) + 1.0);
            limit *= bound[size_t(e.power)];
        }
        if (std::fabs(means[size_t(id)]) > limit * (1.0 + 1e-9) + 1e-300)
            corrupt(offset + 8 * size_t(id), "moment " + std::to_string(id) + " lies outside what data in the stored box can give");
    }
}

}  // namespace

std::vector<uint8_t> serialize_model(const Model &model) {
    const Basis &basis = model.basis();
    const FitSettings &settings = model.settings();
    const CoordinateMap &map = model.coordinates();
    ByteWriter payload;
    payload.u64(uint64_t(basis.dim()));
    payload.u64(uint64_t(basis.size()));
    payload.f64(settings.beta);
    payload.f64(settings.ridge);
    payload.i32(settings.coordinates);
    payload.i32(settings.time_mode);
    payload.u64(uint64_t(model.training_size()));
    if (map.kind() == OFDM_COORDINATES_STANDARDIZE) {
        for (double v : map.shift()) payload.f64(v);
        for (double v : map.scale()) payload.f64(v);
    }
    if (map.is_linear()) {
        payload.u64(uint64_t(map.data_dim()));
        for (double v : map.shift()) payload.f64(v);
        for (double v : map.eigenvalues()) payload.f64(v);
        for (double v : map.eigenvectors()) payload.f64(v);
    }
    for (double v : model.latent_box().lower) payload.f64(v);
    for (double v : model.latent_box().upper) payload.f64(v);
    for (int64_t k = 0; k < basis.size(); ++k) {
        const IndexView index = basis[k];
        payload.u32(uint32_t(index.count));
        for (const IndexEntry &e : index) {
            payload.u32(uint32_t(e.coord));
            payload.u32(uint32_t(e.power));
        }
    }
    payload.u64(uint64_t(model.moment_means().size()));
    for (double v : model.moment_means()) payload.f64(v);

    ByteWriter file;
    file.raw(kMagic, sizeof kMagic);
    file.u32(kFormatMajor);
    file.u32(map.is_linear() ? kFormatMinor : 0);
    file.u64(uint64_t(payload.bytes().size()));
    file.raw(payload.bytes().data(), payload.bytes().size());
    file.u64(fnv1a64(file.bytes().data(), file.bytes().size()));
    return std::move(file.bytes());
}

Model deserialize_model(const uint8_t *bytes, size_t size) {
    if (size == 0) fail(OFDM_ERR_TRUNCATED, "the model is empty (0 bytes)");
    if (std::memcmp(bytes, kMagic, std::min(size, sizeof kMagic)) != 0)
        fail(OFDM_ERR_FORMAT, "not an ofdm model: the data does not start with \"OFDMMODL\"");
    if (size < kHeaderSize)
        fail(OFDM_ERR_TRUNCATED, "the model ends at byte " + std::to_string(size) +
                                     ", inside the " + std::to_string(kHeaderSize) + "-byte header");
    ByteReader header(bytes, sizeof kMagic, kHeaderSize, OFDM_ERR_TRUNCATED);
    const uint32_t major = header.u32("format major"), minor = header.u32("format minor");
    const uint64_t payload_size = header.u64("payload size");
    // The framing (model_file.h) is the same in every format version, so the length and the
    // checksum are checked before the version: a damaged version field is then reported as the
    // damage it is, not as a file from the future.
    if (size < kHeaderSize + kChecksumSize || payload_size > size - kHeaderSize - kChecksumSize)
        fail(OFDM_ERR_TRUNCATED, "the model has " + std::to_string(size) + " bytes but its header announces " +
                                     std::to_string(payload_size) + " bytes of payload plus " +
                                     std::to_string(kHeaderSize + kChecksumSize) + " of header and checksum");
    const size_t end = kHeaderSize + size_t(payload_size);
    if (size != end + kChecksumSize)
        corrupt(end + kChecksumSize, std::to_string(size - end - kChecksumSize) + " trailing bytes after the checksum");
    ByteReader trailer(bytes, end, size, OFDM_ERR_TRUNCATED);
    const uint64_t stored = trailer.u64("checksum");
    const std::string version = std::to_string(major) + "." + std::to_string(minor);
    const std::string ours = std::to_string(kFormatMajor) + "." + std::to_string(kFormatMinor);
    if (stored != fnv1a64(bytes, end)) {
        if (major == kFormatMajor) corrupt(end, "checksum mismatch: the model file is damaged");
        // Either the damage is in the version field itself, or a newer writer broke the
        // framing it promised to keep; only an intact newer file could tell them apart.
        corrupt(end, "checksum mismatch: the model file is damaged, or it is a format " + version +
                         " file (this library reads format " + ours + ") from a writer that does not keep the "
                         "framing; if the file is intact, a newer ofdm may read it");
    }
    if (major != kFormatMajor)
        fail(OFDM_ERR_VERSION, "model format " + version + " is not supported by this library, which reads format " +
                                   ours + (major > kFormatMajor ? ": upgrade ofdm" : ": no ofdm wrote this version"));

    // The checksum only guards against accidents: every field is still validated.
    ByteReader in(bytes, kHeaderSize, end, OFDM_ERR_CORRUPT);
    size_t at = in.offset();
    const uint64_t dim = in.u64("dim");
    if (dim < 1 || dim > uint64_t(INT32_MAX)) corrupt(at, "dim = " + std::to_string(dim) + " is out of range");
    at = in.offset();
    const uint64_t K = read_count(in, "basis size", 4);
    if (K < 1) corrupt(at, "the basis is empty");
    FitSettings settings;
    settings.beta = read_finite(in, "beta");
    settings.ridge = read_finite(in, "ridge");
    settings.coordinates = in.i32("coordinates");
    settings.time_mode = in.i32("time mode");
    try {
        validate_settings(settings);
    } catch (const Error &e) {
        corrupt(in.offset(), std::string("invalid settings: ") + e.what());
    }
    const bool linear_map = settings.coordinates == OFDM_COORDINATES_WHITEN || settings.coordinates == OFDM_COORDINATES_PCA;
    if (linear_map && minor < 1) corrupt(in.offset(), "a format 1.0 file cannot hold whitening or PCA coordinates");
    at = in.offset();
    const uint64_t training_size = in.u64("training size");
    if (training_size < 1 || training_size > uint64_t(INT64_MAX))
        corrupt(at, "training size " + std::to_string(training_size) + " is out of range");

    std::vector<double> shift, scale;
    if (settings.coordinates == OFDM_COORDINATES_STANDARDIZE) {
        if (dim > in.remaining() / 16) corrupt(in.offset(), "the coordinate map exceeds the file");
        for (uint64_t j = 0; j < dim; ++j) shift.push_back(read_finite(in, "coordinate shift"));
        for (uint64_t j = 0; j < dim; ++j) {
            at = in.offset();
            const double s = read_finite(in, "coordinate scale");
            // The same bound a fit enforces: a spread whose inverse overflows is unusable.
            if (!(s > 1e-300) || !std::isfinite(1.0 / s))
                corrupt(at, "coordinate scale " + std::to_string(j) + " is not a usable positive spread");
            scale.push_back(s);
        }
    }
    std::vector<double> eigenvalues, eigenvectors;
    if (linear_map) {
        at = in.offset();
        const uint64_t data_dim = in.u64("data dim");
        if (data_dim < dim || (settings.coordinates == OFDM_COORDINATES_WHITEN && data_dim != dim) ||
            data_dim > in.remaining() / 8 / (dim + 1))
            corrupt(at, "data dim = " + std::to_string(data_dim) + " does not fit the map or the file");
        for (uint64_t j = 0; j < data_dim; ++j) shift.push_back(read_finite(in, "coordinate shift"));
        for (uint64_t c = 0; c < dim; ++c) eigenvalues.push_back(in.f64("eigenvalue"));
        for (uint64_t j = 0; j < data_dim * dim; ++j) eigenvectors.push_back(in.f64("eigenvector"));
        const std::string invalid = invalid_eigen(eigenvalues, eigenvectors, int64_t(data_dim));
        if (!invalid.empty()) corrupt(at, "the coordinate map is invalid: " + invalid);
    }
    CoordinateMap map = linear_map ? CoordinateMap::from_eigen(settings.coordinates, std::move(shift),
                                                               std::move(eigenvalues), std::move(eigenvectors))
                        : settings.coordinates == OFDM_COORDINATES_STANDARDIZE
                            ? CoordinateMap(OFDM_COORDINATES_STANDARDIZE, int64_t(dim), std::move(shift), std::move(scale))
                            : CoordinateMap::identity(int64_t(dim));

    if (dim > in.remaining() / 16) corrupt(in.offset(), "the data box exceeds the file");
    LatentBox box;
    for (uint64_t j = 0; j < dim; ++j) box.lower.push_back(read_finite(in, "data box lower bound"));
    for (uint64_t j = 0; j < dim; ++j) {
        at = in.offset();
        box.upper.push_back(read_finite(in, "data box upper bound"));
        if (box.upper.back() < box.lower[j]) corrupt(at, "data box " + std::to_string(j) + " is empty");
    }

    MultiIndexSet indices;
    std::vector<IndexEntry> entries;
    for (uint64_t k = 0; k < K; ++k) {
        at = in.offset();
        const uint32_t count = in.u32("index length");
        if (count < 1 || count > dim || count > in.remaining() / 8)
            corrupt(at, "basis function " + std::to_string(k) + " has an invalid length " + std::to_string(count));
        entries.clear();
        for (uint32_t u = 0; u < count; ++u) {
            at = in.offset();
            const uint32_t coord = in.u32("index coordinate"), power = in.u32("index power");
            if (coord >= dim || (u > 0 && int64_t(coord) <= entries.back().coord) || power < 1 ||
                power > OFDM_MAX_DEGREE)
                corrupt(at, "basis function " + std::to_string(k) + " has an invalid entry");
            entries.push_back({int32_t(coord), int32_t(power)});
        }
        if (!indices.insert({entries.data(), int32_t(entries.size())}).second)
            corrupt(at, "basis function " + std::to_string(k) + " repeats an earlier one");
    }
    auto basis = std::make_shared<const Basis>(int64_t(dim), std::move(indices));
    require_galerkin_memory(*basis);
    // Everything that can refuse the file cheaply comes before galerkin_moment_set, whose pair walk
    // costs O(K²) time, and memory in proportion to the moments it finds, whatever the file holds.
    // The moment means are the last field, so the payload must end right after them.
    at = in.offset();
    const uint64_t moment_count = in.u64("moment count");
    if (in.remaining() % 8 != 0 || moment_count != in.remaining() / 8)
        corrupt(at, "the file announces " + std::to_string(moment_count) + " moments but holds " +
                        std::to_string(in.remaining()) + " bytes for them");
    const int64_t needed_at_least = galerkin_moment_lower_bound(*basis);
    if (moment_count < uint64_t(needed_at_least))
        corrupt(at, "the file holds " + std::to_string(moment_count) + " moments where its basis needs at least " +
                        std::to_string(needed_at_least));
    MultiIndexSet moments = galerkin_moment_set(*basis);
    if (moment_count != uint64_t(moments.size()))
        corrupt(at, "the file holds " + std::to_string(moment_count) + " moments where its basis needs " +
                        std::to_string(moments.size()));
    std::vector<double> means(static_cast<size_t>(moment_count));
    at = in.offset();
    for (double &v : means) v = read_finite(in, "moment");
    // Moment 0 is the mean of φ_0 = 1 over the data: exactly 1 in any file a fit wrote.
    if (means[0] != 1.0) corrupt(at, "the mean of the constant function is not 1");
    require_moments_within_box(moments, means, box, settings.beta, at);
    // A fit only saves models whose system at t = 0 solves; one that no longer does is damaged.
    try {
        return Model(std::move(basis), std::move(map), settings, int64_t(training_size), std::move(box),
                     std::move(moments), std::move(means));
    } catch (const Error &e) {
        if (e.status() != OFDM_ERR_SINGULAR && e.status() != OFDM_ERR_OVERFLOW) throw;
        corrupt(kHeaderSize, std::string("the stored moments do not give a solvable system: ") + e.what());
    }
}

// ---- files ------------------------------------------------------------------------------
// The CLI's .npy writer (src/cli/data_file.cpp) follows the same rules with its own code (it may
// use the public header only): keep the two in step.

namespace {

// Where a save to `path` lands. Symbolic links are followed link by link, as the kernel does
// (a relative target is taken from the link's directory), to the first name that is not a link:
// the link then stays a link and its target gets the content. A dangling link yields its
// target's name, which the save creates, as a shell's `>` does. realpath() would do the same for
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
        if (::lstat(current.c_str(), &status) != 0) {
            if (errno == ENOENT) return {current, false};
            fail(OFDM_ERR_IO, system_error("cannot inspect", current));
        }
        if (!S_ISLNK(status.st_mode)) {
            const bool special = S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode) || S_ISFIFO(status.st_mode) ||
                                 S_ISSOCK(status.st_mode);
            return {current, special};
        }
        if (links == kMaxLinks) {
            errno = ELOOP;
            fail(OFDM_ERR_IO, system_error("cannot follow the links of", path));
        }
        std::vector<char> target(size_t(status.st_size > 0 ? status.st_size : 255) + 1);
        ssize_t length;
        while ((length = ::readlink(current.c_str(), target.data(), target.size())) >= ssize_t(target.size()))
            target.resize(2 * target.size());  // the link grew between lstat and readlink
        if (length < 0) fail(OFDM_ERR_IO, system_error("cannot read the link", current));
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
        const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) return wrote < 0 ? errno : EIO;
        done += size_t(wrote);
    }
    return 0;
}

// A device, FIFO or socket is written through, in place: renaming a file over it would destroy
// it (`-o /dev/null` would leave a regular file behind). There is nothing to make atomic, and
// fsync means nothing there. A FIFO's open waits for a reader, as any writer's does.
void write_in_place(const std::vector<uint8_t> &bytes, const std::string &path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) fail(OFDM_ERR_IO, system_error("cannot open", path));
    const int error = write_all(fd, bytes);
    const bool closed = ::close(fd) == 0;
    if (error != 0) {
        errno = error;
        fail(OFDM_ERR_IO, system_error("cannot write", path));
    }
    if (!closed) fail(OFDM_ERR_IO, system_error("cannot write", path));
}

// A regular (or new) file is written to a temporary beside it, flushed, then renamed over it, so
// that it holds either its old content or the complete new file.
void write_atomically(const std::vector<uint8_t> &bytes, const std::string &path) {
    static std::atomic<uint64_t> counter{0};
    std::random_device entropy;
    const std::string temporary = path + ".tmp." + std::to_string(getpid()) + "." +
                                  std::to_string(counter++) + "." + std::to_string(entropy());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) fail(OFDM_ERR_IO, system_error("cannot create", temporary));
    const int error = write_all(fd, bytes);
    if (error != 0) {
        ::close(fd);
        ::unlink(temporary.c_str());
        errno = error;
        fail(OFDM_ERR_IO, system_error("cannot write", temporary));
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string message = system_error("cannot flush", temporary);
        ::unlink(temporary.c_str());
        fail(OFDM_ERR_IO, message);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string message = system_error("cannot rename " + temporary + " to", path);
        ::unlink(temporary.c_str());
        fail(OFDM_ERR_IO, message);
    }
}

// Appends from fd to bytes until it holds `limit` bytes or the file ends; the buffer grows with
// what arrives, never with what a header claims.
void read_up_to(int fd, const std::string &path, std::vector<uint8_t> &bytes, uint64_t limit) {
    uint8_t chunk[1 << 16];
    while (bytes.size() < limit) {
        const size_t want = size_t(std::min<uint64_t>(sizeof chunk, limit - bytes.size()));
        const ssize_t got = ::read(fd, chunk, want);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail(OFDM_ERR_IO, system_error("cannot read", path));
        if (got == 0) return;
        bytes.insert(bytes.end(), chunk, chunk + got);  // may throw: the caller's descriptor still closes
    }
}

}  // namespace

void save_model_file(const Model &model, const std::string &path) {
    const std::vector<uint8_t> bytes = serialize_model(model);
    const Destination destination = resolve_destination(path);
    try {
        if (destination.special)
            write_in_place(bytes, destination.path);
        else
            write_atomically(bytes, destination.path);
    } catch (const Error &e) {
        if (destination.path == path) throw;
        fail(e.status(), std::string(e.what()) + " (the target of the link '" + path + "')");
    }
}

Model load_model_file(const std::string &path) {
    const FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) fail(OFDM_ERR_IO, system_error("cannot open", path));
    struct stat status;
    if (::fstat(file.fd, &status) != 0) fail(OFDM_ERR_IO, system_error("cannot inspect", path));
    // The fixed header first: it tells how long the whole file is, in every format version
    // (model_file.h), so that nothing past that length is ever read, be the input a huge file,
    // a FIFO or /dev/zero.
    std::vector<uint8_t> bytes;
    read_up_to(file.fd, path, bytes, kHeaderSize);
    if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return deserialize_model(bytes.data(), bytes.size());  // FORMAT or TRUNCATED
    ByteReader header(bytes.data(), 16, kHeaderSize, OFDM_ERR_TRUNCATED);
    const uint64_t payload_size = header.u64("payload size");
    const uint64_t framing = kHeaderSize + kChecksumSize;
    const uint64_t total = payload_size > UINT64_MAX - framing ? UINT64_MAX : payload_size + framing;
    const bool regular = S_ISREG(status.st_mode);
    if (regular && uint64_t(status.st_size) > total)
        corrupt(size_t(total), std::to_string(uint64_t(status.st_size) - total) +
                                   " trailing bytes after the checksum: the header announces " + std::to_string(total) +
                                   " bytes, '" + path + "' has " + std::to_string(status.st_size));
    // A regular file's size bounds what it holds; a stream's length is known only from its header.
    if (!regular) require_memory(int64_t(std::min<uint64_t>(total, INT64_MAX)), "the model that '" + path + "' announces");
    if (regular) bytes.reserve(size_t(std::min<uint64_t>(total, uint64_t(status.st_size))));
    // One byte past the announced end tells a stream that goes on from one that ends there.
    read_up_to(file.fd, path, bytes, total == UINT64_MAX ? total : total + 1);
    if (bytes.size() > total)
        corrupt(size_t(total), "trailing bytes after the checksum: '" + path + "' goes on past the " +
                                   std::to_string(total) + " bytes its header announces");
    return deserialize_model(bytes.data(), bytes.size());
}

}  // namespace ofdm

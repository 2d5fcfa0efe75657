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
#include <sstream>

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
    if (major != kFormatMajor) {
        std::ostringstream message;
        message << "model format " << major << "." << minor << " is not supported by this library, which reads format "
                << kFormatMajor << "." << kFormatMinor
                << (major > kFormatMajor ? ": upgrade ofdm" : ": no ofdm wrote this version");
        fail(OFDM_ERR_VERSION, message.str());
    }
    const uint64_t payload_size = header.u64("payload size");
    if (size < kHeaderSize + kChecksumSize || payload_size > size - kHeaderSize - kChecksumSize)
        fail(OFDM_ERR_TRUNCATED, "the model has " + std::to_string(size) + " bytes but its header announces " +
                                     std::to_string(payload_size) + " bytes of payload plus " +
                                     std::to_string(kHeaderSize + kChecksumSize) + " of header and checksum");
    const size_t end = kHeaderSize + size_t(payload_size);
    if (size != end + kChecksumSize)
        corrupt(end + kChecksumSize, std::to_string(size - end - kChecksumSize) + " unexpected bytes after the checksum");
    ByteReader trailer(bytes, end, size, OFDM_ERR_TRUNCATED);
    const uint64_t stored = trailer.u64("checksum");
    if (stored != fnv1a64(bytes, end)) corrupt(end, "checksum mismatch: the model file is damaged");

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

void save_model_file(const Model &model, const std::string &path) {
    const std::vector<uint8_t> bytes = serialize_model(model);
    static std::atomic<uint64_t> counter{0};
    std::random_device entropy;
    const std::string temporary = path + ".tmp." + std::to_string(getpid()) + "." +
                                  std::to_string(counter++) + "." + std::to_string(entropy());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) fail(OFDM_ERR_IO, system_error("cannot create", temporary));
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (wrote < 0 && errno == EINTR) continue;
        if (wrote <= 0) {
            const std::string message = system_error("cannot write", temporary);
            ::close(fd);
            ::unlink(temporary.c_str());
            fail(OFDM_ERR_IO, message);
        }
        done += size_t(wrote);
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

Model load_model_file(const std::string &path) {
    std::vector<uint8_t> bytes;
    {
        const FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
        if (file.fd < 0) fail(OFDM_ERR_IO, system_error("cannot open", path));
        uint8_t chunk[1 << 16];
        for (;;) {
            const ssize_t got = ::read(file.fd, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) fail(OFDM_ERR_IO, system_error("cannot read", path));
            if (got == 0) break;
            bytes.insert(bytes.end(), chunk, chunk + got);  // may throw: the descriptor still closes
        }
    }
    return deserialize_model(bytes.data(), bytes.size());
}

}  // namespace ofdm

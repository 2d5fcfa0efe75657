#include "moment_accumulator.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <sstream>
#include <string>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/galerkin.h"
#include "math/fingerprint.h"
#include "math/serial_blas.h"
#include "model/parallel_batches.h"

namespace ofdm {

namespace {

// 2^53: every count up to here is an exact double.
constexpr double kLargestExactCount = 9007199254740992.0;

uint64_t fingerprint_of(const Basis &basis, const CoordinateMap &coordinates, double beta) {
    Fingerprint h;
    h.bytes("ofdm moments", 12);
    h.basis(basis);
    h.number(beta);
    coordinates.add_to(h);
    return h.state;
}

bool same_basis(const Basis &a, const Basis &b) {
    if (&a == &b) return true;
    if (a.dim() != b.dim() || a.size() != b.size()) return false;
    for (int64_t k = 0; k < a.size(); ++k) {
        const IndexView x = a[k], y = b[k];
        if (x.count != y.count) return false;
        for (int32_t u = 0; u < x.count; ++u)
            if (x.entries[u].coord != y.entries[u].coord || x.entries[u].power != y.entries[u].power) return false;
    }
    return true;
}

std::string hex(uint64_t value) {
    std::ostringstream text;
    text << "0x" << std::hex << value;
    return text.str();
}

// Widens [lower, upper] to hold the rows of z (n × d, leading dimension d).
void widen_box(const double *z, int64_t n, int64_t d, double *lower, double *upper) {
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) {
            lower[j] = std::min(lower[j], z[i * d + j]);
            upper[j] = std::max(upper[j], z[i * d + j]);
        }
}


}  // namespace

MomentAccumulator::MomentAccumulator(std::shared_ptr<const Basis> basis, CoordinateMap coordinates, double beta,
                                     int64_t memory_limit)
    : basis_(std::move(basis)), coordinates_(std::move(coordinates)), beta_(beta) {
    const int64_t d = basis_->dim();
    // 1/β scales every variance of the samplers (validate_settings gives the same range).
    if (!(beta >= 1e-100 && beta <= 1e100)) {
        std::ostringstream message;
        message << "beta = " << beta << " must lie in [1e-100, 1e100]";
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    if (coordinates_.latent_dim() != d)
        fail(OFDM_ERR_INVALID_ARGUMENT, "the coordinate map has latent dimension " + std::to_string(coordinates_.latent_dim()) +
                                            " but the basis has dimension " + std::to_string(d));
    require_fit_memory(*basis_, memory_limit > 0 ? galerkin_moment_lower_bound(*basis_) : 0, memory_limit);
    moments_ = std::make_shared<const MultiIndexSet>(galerkin_moment_set(*basis_));
    require_fit_memory(*basis_, moments_->size(), memory_limit);
    pass_ = std::make_shared<const MomentPass>(*moments_, beta_);
    fingerprint_ = fingerprint_of(*basis_, coordinates_, beta_);
    sums_.assign(size_t(moments_->size()), 0.0);
    box_.lower.assign(size_t(d), INFINITY);
    box_.upper.assign(size_t(d), -INFINITY);
}

void MomentAccumulator::add(const double *x, int64_t n, int64_t ldx, int32_t threads) {
    const int64_t d = basis_->dim(), M = moment_count(), B = pass_->block_rows();
    const int64_t data_dim = coordinates_.data_dim();
    if (n < 0) fail(OFDM_ERR_INVALID_ARGUMENT, "n = " + std::to_string(n) + " must be >= 0");
    if (ldx < data_dim)
        fail(OFDM_ERR_INVALID_ARGUMENT, "ldx = " + std::to_string(ldx) + " is less than d = " + std::to_string(data_dim));
    if (n == 0) return;
    require_finite(x, n, ldx, data_dim, "x");
    if (double(count_) + double(n) > kLargestExactCount)
        fail(OFDM_ERR_TOO_LARGE, "more than 2^53 samples cannot be counted exactly");

    // Blocks of B rows are cut from the start of the chunk whatever the thread count; each
    // block's sums go to its own slot and the slots are added to the running sums in block
    // order, so the result is the same, bit for bit, on any number of threads. A round holds a
    // few blocks per thread, bounding the slots' memory to a few copies of the moment set.
    const int64_t blocks = (n + B - 1) / B;
    const int32_t workers = resolve_threads(threads, blocks);
    const int64_t per_worker = std::clamp<int64_t>((int64_t(1) << 19) / std::max<int64_t>(M, 1), 1, 16);
    const int64_t round = std::min(blocks, workers * per_worker);
    std::vector<double> partials(size_t(checked_mul(round, M, "moment slots")));
    std::vector<double> lower(size_t(checked_mul(round, d, "box slots"))), upper(lower.size());
    struct Worker {
        MomentPass::Workspace work;
        std::vector<double> z;  // one block in latent coordinates
        std::vector<double> scratch;  // the coordinate map's
    };
    std::vector<Worker> pool(static_cast<size_t>(workers));
    for (Worker &w : pool) {
        w.work = pass_->make_workspace();
        w.z.assign(size_t(checked_mul(B, d, "latent block")), 0.0);
        w.scratch.assign(coordinates_.scratch_size(), 0.0);
    }
    const SerialBlas serial_blas;
    // Work on copies, so that a failure part-way leaves the accumulator as it was.
    std::vector<double> sums(sums_);
    LatentBox box(box_);
    for (int64_t first_block = 0; first_block < blocks; first_block += round) {
        const int64_t in_round = std::min(round, blocks - first_block);
        std::fill(lower.begin(), lower.end(), INFINITY);
        std::fill(upper.begin(), upper.end(), -INFINITY);
        auto work = [&](int64_t worker) {
            Worker &w = pool[size_t(worker)];
            for (int64_t b = worker; b < in_round; b += workers) {
                const int64_t row = (first_block + b) * B, rows = std::min(B, n - row);
                coordinates_.to_latent(x + row * ldx, rows, ldx, w.z.data(), d, &w.scratch);
                widen_box(w.z.data(), rows, d, lower.data() + b * d, upper.data() + b * d);
                pass_->block_sums(w.z.data(), rows, d, w.work, partials.data() + b * M);
            }
        };
        if (workers == 1)  // small chunks: no thread to start
            work(0);
        else
            run_batches(workers, workers, 0, ProgressReporter{},
                        [&](int64_t worker, const std::function<bool(int64_t)> &) { work(worker); });
        for (int64_t b = 0; b < in_round; ++b) {
            const double *partial = partials.data() + b * M;
            for (int64_t id = 0; id < M; ++id) sums[size_t(id)] += partial[id];
            for (int64_t j = 0; j < d; ++j) {
                box.lower[size_t(j)] = std::min(box.lower[size_t(j)], lower[size_t(b * d + j)]);
                box.upper[size_t(j)] = std::max(box.upper[size_t(j)], upper[size_t(b * d + j)]);
            }
        }
    }
    sums_.swap(sums);
    box_ = std::move(box);
    count_ += n;
}

void MomentAccumulator::merge(const MomentAccumulator &other) {
    const char *what = nullptr;
    if (!same_basis(*basis_, *other.basis_))
        what = "a different basis";
    else if (std::memcmp(&beta_, &other.beta_, sizeof beta_) != 0)
        what = "a different beta";
    else if (!coordinates_.same_as(other.coordinates_))
        what = "a different coordinate map";
    if (what) {
        std::ostringstream message;
        message << "cannot merge moments accumulated for " << what << " (basis of " << other.basis_->size()
                << " functions in d = " << other.basis_->dim() << ", beta = " << other.beta_
                << ") into an accumulator for a basis of " << basis_->size() << " functions in d = " << basis_->dim()
                << ", beta = " << beta_;
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    if (double(count_) + double(other.count_) > kLargestExactCount)
        fail(OFDM_ERR_TOO_LARGE, "more than 2^53 samples cannot be counted exactly");
    const std::vector<double> added(other.sums_);  // other may be *this
    for (size_t id = 0; id < sums_.size(); ++id) sums_[id] += added[id];
    for (size_t j = 0; j < box_.lower.size(); ++j) {
        box_.lower[j] = std::min(box_.lower[j], other.box_.lower[j]);
        box_.upper[j] = std::max(box_.upper[j], other.box_.upper[j]);
    }
    count_ += other.count_;
}

int64_t MomentAccumulator::export_length() const { return moment_count() + 4 + 2 * basis_->dim(); }

void MomentAccumulator::export_to(double *out) const {
    const int64_t M = moment_count(), d = basis_->dim();
    out[0] = double(count_);
    std::copy(sums_.begin(), sums_.end(), out + 1);
    out[M + 1] = kExportVersion;
    fingerprint_to_words(fingerprint_, out + M + 2);
    for (int64_t j = 0; j < d; ++j) {
        out[M + 4 + j] = box_.lower[size_t(j)];
        out[M + 4 + d + j] = -box_.upper[size_t(j)];
    }
}

void MomentAccumulator::import_from(const double *values, int64_t length) {
    const int64_t M = moment_count(), d = basis_->dim();
    auto refuse = [](const std::string &message) { fail(OFDM_ERR_INVALID_ARGUMENT, message); };
    if (length != export_length())
        refuse("the moment array has " + std::to_string(length) + " values where this basis needs " +
               std::to_string(export_length()) + " (" + std::to_string(M) + " moments + 4 + 2 * d = " +
               std::to_string(d) + "): it was exported for another basis");
    if (values[M + 1] != kExportVersion) {
        std::ostringstream message;
        message << "the moment array has layout version " << values[M + 1] << " where " << kExportVersion
                << " is expected: it is not an exported moment array, or comes from another library version";
        refuse(message.str());
    }
    uint64_t fingerprint = 0;
    const bool words = fingerprint_from_words(values + M + 2, &fingerprint);
    if (!words || fingerprint != fingerprint_)
        refuse("the moment array was exported for a different basis, beta or coordinate map (fingerprint " +
               (words ? hex(fingerprint) : std::string("unreadable")) + ", expected " + hex(fingerprint_) + ")");
    const double count = values[0];
    if (!(count >= 0 && count <= kLargestExactCount && count == std::floor(count))) {
        std::ostringstream message;
        message << "the moment array's sample count " << count << " is not a whole number in [0, 2^53]";
        refuse(message.str());
    }
    if (values[1] != count) refuse("the moment array's sum of the constant function differs from its sample count");
    for (int64_t id = 0; id < M; ++id)
        if (std::isnan(values[1 + id])) refuse("moment sum " + std::to_string(id) + " of the array is NaN");
    LatentBox box{std::vector<double>(size_t(d)), std::vector<double>(size_t(d))};
    for (int64_t j = 0; j < d; ++j) {
        box.lower[size_t(j)] = values[M + 4 + j];
        box.upper[size_t(j)] = -values[M + 4 + d + j];
        const bool holds = count == 0 ? box.lower[size_t(j)] == INFINITY && box.upper[size_t(j)] == -INFINITY
                                      : std::isfinite(box.lower[size_t(j)]) && std::isfinite(box.upper[size_t(j)]) &&
                                            box.lower[size_t(j)] <= box.upper[size_t(j)];
        if (!holds)
            refuse("the moment array's data box is invalid in coordinate " + std::to_string(j) +
                   (count == 0 ? " (an array of no samples has an empty box)" : ""));
    }
    count_ = int64_t(count);
    sums_.assign(values + 1, values + 1 + M);
    box_ = std::move(box);
}

void require_finite_sums(const MomentAccumulator &moments, const double *x, int64_t n, int64_t ldx) {
    const std::vector<double> &sums = moments.sums();
    int64_t id = 0;
    while (id < int64_t(sums.size()) && std::isfinite(sums[size_t(id)])) ++id;
    if (id == int64_t(sums.size())) return;
    const IndexView moment = moments.moments()[id];
    const CoordinateMap &map = moments.coordinates();
    const int64_t r = map.latent_dim();
    // The rows in latent coordinates, block by block: the entry with the largest |z_j| over the
    // moment's coordinates j.
    constexpr int64_t kRows = 256;
    std::vector<double> z(size_t(kRows * r)), scratch(map.scratch_size());
    int64_t row = -1, coordinate = -1;
    double farthest = -1.0, value = 0.0;
    for (int64_t first = 0; first < n; first += kRows) {
        const int64_t rows = std::min(kRows, n - first);
        map.to_latent(x + first * ldx, rows, ldx, z.data(), r, &scratch);
        for (int64_t i = 0; i < rows; ++i)
            for (const IndexEntry &e : moment) {
                const double v = z[size_t(i * r + e.coord)];
                if (std::fabs(v) > farthest) farthest = std::fabs(v), value = v, row = first + i, coordinate = e.coord;
            }
    }
    std::ostringstream message;
    message << "moment " << id << " of degree " << moment.total_degree() << " overflows double range";
    if (row >= 0) {
        if (map.kind() != OFDM_COORDINATES_PCA)  // z_j is tied to column j
            message << ": x[" << row << "][" << coordinate << "] = " << x[row * ldx + coordinate] << " (row " << row
                    << ", column " << coordinate << ") lies at z = " << value << " in latent coordinate " << coordinate;
        else
            message << ": row " << row << " lies at z = " << value << " in principal component " << coordinate;
    }
    message << "; the data (in latent coordinates, scaled by sqrt(beta)) lie too far out for this degree: "
            << (map.kind() == OFDM_COORDINATES_NONE ? "standardize the coordinates (OFDM_COORDINATES_STANDARDIZE), " : "")
            << "drop the row, lower beta or lower the degree";
    fail(OFDM_ERR_OVERFLOW, message.str());
}

CoordinateMap standardization_map(const ColumnStatistics &statistics) {
    if (statistics.count() < 2)
        fail(OFDM_ERR_TOO_FEW_SAMPLES,
             "n = " + std::to_string(statistics.count()) + ": standardization needs at least 2 samples");
    // The checks of every standardization (constant columns, statistics beyond double range) are
    // CoordinateMap's; the rows themselves are gone, so an overflow names the column only.
    return CoordinateMap::standardization_from(statistics.mean(), statistics.standard_deviation());
}

}  // namespace ofdm

#include "moment_stream.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "math/error.h"
#include "math/fingerprint.h"
#include "math/galerkin.h"
#include "model/fit.h"

namespace ofdm {

namespace {

// 2^53: every count up to here is an exact double.
constexpr double kLargestExactCount = 9007199254740992.0;

// The statistics pass has no coordinate map yet, so its fingerprint covers what fixes the map's
// kind and the later moments: the basis, β and the coordinate kind. The tag keeps it apart from
// the moment pass's fingerprint of the same model.
uint64_t statistics_fingerprint(const Basis &basis, double beta, int32_t coordinates, int64_t data_dim) {
    Fingerprint h;
    h.bytes("ofdm statistics", 15);
    h.basis(basis);
    h.number(beta);
    h.word(coordinates);
    if (data_dim != basis.dim()) h.word(data_dim);  // PCA only: other maps keep their old prints
    return h.state;
}

bool is_linear(int32_t coordinates) {
    return coordinates == OFDM_COORDINATES_WHITEN || coordinates == OFDM_COORDINATES_PCA;
}

std::string hex(uint64_t value) {
    std::ostringstream text;
    text << "0x" << std::hex << value;
    return text.str();
}

// OFDM_ERR_OVERFLOW when the statistics after adding the n rows of x left double range, naming
// the column and the row of this chunk farthest out (fail_column_overflow).
void require_finite_statistics(const ColumnStatistics &statistics, const double *x, int64_t n, int64_t ldx) {
    const std::vector<double> mean = statistics.mean();
    const std::vector<double> &m2 = statistics.squared_deviations();
    for (size_t j = 0; j < mean.size(); ++j) {
        if (!std::isfinite(mean[j])) fail_column_overflow("the mean of column " + std::to_string(j), int64_t(j), 0.0, x, n, ldx);
        if (!std::isfinite(m2[j]))
            fail_column_overflow("the variance of column " + std::to_string(j), int64_t(j), mean[j], x, n, ldx);
    }
    const std::vector<double> &cross = statistics.cross_deviations();
    size_t u = 0;
    for (size_t a = 0; a < mean.size() && !cross.empty(); ++a)
        for (size_t b = a + 1; b < mean.size(); ++b, ++u)
            if (!std::isfinite(cross[u]))
                fail_column_overflow("the covariance of columns " + std::to_string(a) + " and " + std::to_string(b),
                                     int64_t(a), mean[a], x, n, ldx);
}

}  // namespace

MomentStream::MomentStream(std::shared_ptr<const Basis> basis, const FitSettings &settings)
    : basis_(std::move(basis)), settings_(settings) {
    validate_settings(settings_);
    settings_.progress = ProgressReporter{};
    data_dim_ = data_dimension(settings_, basis_->dim());
    settings_.data_dim = data_dim_;
    const int64_t d = data_dim_;
    if (settings_.coordinates != OFDM_COORDINATES_NONE) {
        // Refuse now, not at the end of the first pass: on the lower bound of the moment count,
        // as MomentAccumulator does before building the set.
        const int64_t limit = settings_.memory_limit;
        require_fit_memory(*basis_, limit > 0 ? galerkin_moment_lower_bound(*basis_) : 0, limit);
        statistics_fingerprint_ = statistics_fingerprint(*basis_, settings_.beta, settings_.coordinates, d);
        statistics_.emplace(d, is_linear(settings_.coordinates));
    } else {
        moments_.emplace(basis_, CoordinateMap::identity(d), settings_.beta, settings_.memory_limit);
    }
}

void MomentStream::add(const double *x, int64_t n, int64_t ldx) {
    const int64_t d = data_dim_;
    if (n < 0) fail(OFDM_ERR_INVALID_ARGUMENT, "n = " + std::to_string(n) + " is negative");
    if (ldx < d)
        fail(OFDM_ERR_INVALID_ARGUMENT, "ldx = " + std::to_string(ldx) + " is smaller than the dimension d = " +
                                            std::to_string(d));
    if (n == 0) return;
    require_finite(x, n, ldx, d, "x");
    // Added to a copy, checked, then kept: a sum that overflows leaves the stream as it was.
    if (statistics_) {
        if (double(statistics_->count()) + double(n) > kLargestExactCount)
            fail(OFDM_ERR_TOO_LARGE, "more than 2^53 samples cannot be counted exactly");
        ColumnStatistics updated(*statistics_);
        updated.add(x, n, ldx);
        require_finite_statistics(updated, x, n, ldx);
        *statistics_ = std::move(updated);
        return;
    }
    MomentAccumulator updated(*moments_);
    updated.add(x, n, ldx);
    require_finite_sums(updated, x, n, ldx);
    *moments_ = std::move(updated);
}

void MomentStream::begin_moments() {
    if (!statistics_)
        fail(OFDM_ERR_INVALID_ARGUMENT,
             settings_.coordinates != OFDM_COORDINATES_NONE
                 ? "the accumulator is already in the moment pass: the statistics pass ends once"
                 : "the accumulator is in the moment pass from the start: OFDM_COORDINATES_NONE has no statistics "
                   "pass");
    if (is_linear(settings_.coordinates)) {
        if (statistics_->count() < 2)
            fail(OFDM_ERR_TOO_FEW_SAMPLES,
                 "n = " + std::to_string(statistics_->count()) + ": a covariance needs at least 2 samples");
        moments_.emplace(basis_,
                         CoordinateMap::from_covariance(settings_.coordinates, statistics_->mean(),
                                                        statistics_->covariance(), basis_->dim()),
                         settings_.beta, settings_.memory_limit);
    } else {
        moments_.emplace(basis_, standardization_map(*statistics_), settings_.beta, settings_.memory_limit);
    }
    statistics_.reset();
}

int64_t MomentStream::count() const { return statistics_ ? statistics_->count() : moments_->count(); }

void MomentStream::merge(const MomentStream &other) {
    if (in_statistics_pass() != other.in_statistics_pass())
        fail(OFDM_ERR_INVALID_ARGUMENT, std::string("cannot merge an accumulator in the ") +
                                            (other.in_statistics_pass() ? "statistics" : "moment") +
                                            " pass into one in the " + (in_statistics_pass() ? "statistics" : "moment") +
                                            " pass");
    if (moments_) {
        moments_->merge(*other.moments_);
        return;
    }
    if (other.statistics_fingerprint_ != statistics_fingerprint_) {
        const bool same_beta = std::memcmp(&settings_.beta, &other.settings_.beta, sizeof(double)) == 0;
        std::ostringstream message;
        message << "cannot merge statistics accumulated for a different " << (same_beta ? "basis" : "beta")
                << " (basis of " << other.basis_->size() << " functions in d = " << other.basis_->dim()
                << ", beta = " << other.settings_.beta << ") into an accumulator for a basis of " << basis_->size()
                << " functions in d = " << basis_->dim() << ", beta = " << settings_.beta;
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    if (double(count()) + double(other.count()) > kLargestExactCount)
        fail(OFDM_ERR_TOO_LARGE, "more than 2^53 samples cannot be counted exactly");
    statistics_->merge(*other.statistics_);
}

int64_t MomentStream::export_length() const {
    return statistics_ ? statistics_export_length() : moments_->export_length();
}

void MomentStream::export_to(double *out) const {
    if (moments_) {
        moments_->export_to(out);
        return;
    }
    const int64_t d = data_dim_;
    const std::vector<double> mean = statistics_->mean();
    const std::vector<double> &m2 = statistics_->squared_deviations();
    out[0] = double(statistics_->count());
    for (int64_t j = 0; j < d; ++j) {
        out[1 + j] = mean[size_t(j)];
        out[1 + d + j] = m2[size_t(j)];
    }
    out[1 + 2 * d] = kStatisticsExportVersion;
    fingerprint_to_words(statistics_fingerprint_, out + 2 + 2 * d);
    const std::vector<double> &cross = statistics_->cross_deviations();
    std::copy(cross.begin(), cross.end(), out + 4 + 2 * d);
}

void MomentStream::import_from(const double *values, int64_t length) {
    if (moments_) {
        if (length == statistics_export_length()) refuse_other_pass(length);
        moments_->import_from(values, length);
    } else {
        import_statistics(values, length);
    }
}

void MomentStream::refuse_other_pass(int64_t length) const {
    std::ostringstream message;
    message << "the array's length " << length << " is that of a "
            << (statistics_ ? "moment-pass" : "statistics-pass") << " export, but this accumulator is in the "
            << (statistics_ ? "statistics pass (length " : "moment pass (length ") << export_length()
            << (statistics_ ? "): import moment arrays after ofdm_moments_begin_moments"
                            : "): import statistics arrays before ofdm_moments_begin_moments");
    fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
}

void MomentStream::import_statistics(const double *values, int64_t length) {
    const int64_t d = data_dim_, expected = statistics_export_length();
    if (length != expected) {
        // The moment-pass length is only worked out to say what the array is.
        if (length == galerkin_moment_set(*basis_).size() + 4 + 2 * basis_->dim()) refuse_other_pass(length);
        fail(OFDM_ERR_INVALID_ARGUMENT, "the statistics array's length " + std::to_string(length) + " differs from the " +
                                            std::to_string(expected) +
                                            (statistics_->has_cross() ? " (4 + 2 * d + d * (d - 1) / 2, d = "
                                                                      : " (4 + 2 * d, d = ") +
                                            std::to_string(d) + ") of this accumulator: it was exported for another basis");
    }
    if (values[1 + 2 * d] != kStatisticsExportVersion) {
        std::ostringstream message;
        message << "the statistics array has layout version " << values[1 + 2 * d] << " where "
                << kStatisticsExportVersion
                << " is expected: it is not an exported statistics array, or comes from another library version";
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    uint64_t fingerprint = 0;
    const bool readable = fingerprint_from_words(values + 2 + 2 * d, &fingerprint);
    if (!readable || fingerprint != statistics_fingerprint_)
        fail(OFDM_ERR_INVALID_ARGUMENT,
             "the statistics array was exported for a different basis, beta or coordinate kind (fingerprint " +
                 (readable ? hex(fingerprint) : std::string("unreadable")) + ", expected " +
                 hex(statistics_fingerprint_) + ")");
    const double count = values[0];
    if (!(count >= 0 && count <= kLargestExactCount && count == std::floor(count))) {
        std::ostringstream message;
        message << "the statistics array's sample count " << count << " is not a whole number in [0, 2^53]";
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    try {
        *statistics_ = ColumnStatistics::from_summary(int64_t(count), std::vector<double>(values + 1, values + 1 + d),
                                                      std::vector<double>(values + 1 + d, values + 1 + 2 * d),
                                                      std::vector<double>(values + 4 + 2 * d, values + length));
    } catch (const Error &e) {
        fail(e.status(), std::string("the statistics array is inconsistent: ") + e.what());
    }
}

Model MomentStream::fit(const FitSettings &settings) const {
    if (statistics_)
        fail(OFDM_ERR_INVALID_ARGUMENT,
             "the accumulator is still in the statistics pass: call ofdm_moments_begin_moments and add the data "
             "again before fitting");
    return fit_model(*moments_, settings);
}

}  // namespace ofdm

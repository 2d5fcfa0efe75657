#include "column_statistics.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include <cblas.h>

#include "error.h"
#include "serial_blas.h"

namespace ofdm {

namespace {

// Rows per block of the co-moment update: large enough for dsyrk to be worth it.
constexpr int64_t kCrossBlockRows = 256;

size_t cross_size(int64_t d) { return size_t(d * (d - 1) / 2); }

}  // namespace

int64_t farthest_row(const double *x, int64_t n, int64_t ldx, int64_t column, double centre) {
    if (!std::isfinite(centre)) centre = 0.0;
    int64_t farthest = 0;
    double largest = -1.0;
    for (int64_t i = 0; i < n; ++i) {
        const double distance = std::fabs(x[i * ldx + column] - centre);
        if (distance > largest) largest = distance, farthest = i;
    }
    return farthest;
}

void fail_column_overflow(const std::string &statistic, int64_t column, double centre, const double *x, int64_t n,
                          int64_t ldx) {
    std::ostringstream message;
    message << statistic << " overflows double range";
    if (x && n > 0) {
        const int64_t row = farthest_row(x, n, ldx, column, centre);
        message << ": x[" << row << "][" << column << "] = " << x[row * ldx + column] << " (row " << row
                << ", column " << column << ") is too large in magnitude";
    }
    message << " (a column's sum of squared deviations must stay below 1.8e308: within about 1e154 / sqrt(n) of "
               "its mean); rescale the column or drop the row";
    fail(OFDM_ERR_OVERFLOW, message.str());
}

ColumnStatistics::ColumnStatistics(int64_t dim, bool cross)
    : origin_(size_t(dim), 0.0),
      centred_(size_t(dim), 0.0),
      centred_residual_(size_t(dim), 0.0),
      m2_(size_t(dim), 0.0),
      m2_residual_(size_t(dim), 0.0),
      has_cross_(cross),
      cross_(cross ? cross_size(dim) : 0, 0.0) {}

ColumnStatistics ColumnStatistics::from_summary(int64_t count, const std::vector<double> &mean,
                                                const std::vector<double> &m2, const std::vector<double> &cross) {
    if (mean.size() != m2.size())
        fail(OFDM_ERR_INVALID_ARGUMENT, std::to_string(mean.size()) + " column means but " + std::to_string(m2.size()) +
                                            " sums of squared deviations");
    if (count < 0) fail(OFDM_ERR_INVALID_ARGUMENT, "sample count " + std::to_string(count) + " is negative");
    for (size_t j = 0; j < mean.size(); ++j) {
        const bool valid = count == 0 ? mean[j] == 0.0 && m2[j] == 0.0
                                      : std::isfinite(mean[j]) && std::isfinite(m2[j]) && m2[j] >= 0.0;
        if (!valid) {
            std::ostringstream message;
            message << "column " << j << " has mean " << mean[j] << " and sum of squared deviations " << m2[j]
                    << (count == 0 ? ", where statistics of no samples hold zeros"
                                   : ", where a finite mean and a finite M2 >= 0 are needed");
            fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
        }
    }
    const bool with_cross = !cross.empty();
    if (with_cross && cross.size() != cross_size(int64_t(mean.size())))
        fail(OFDM_ERR_INVALID_ARGUMENT, std::to_string(cross.size()) + " co-moments for " + std::to_string(mean.size()) +
                                            " columns");
    for (size_t u = 0; u < cross.size(); ++u)
        if (count == 0 ? cross[u] != 0.0 : !std::isfinite(cross[u]))
            fail(OFDM_ERR_INVALID_ARGUMENT, "co-moment " + std::to_string(u) +
                                                (count == 0 ? " is not 0 for statistics of no samples" : " is not finite"));
    ColumnStatistics statistics(int64_t(mean.size()), with_cross);
    if (with_cross) statistics.cross_ = cross;
    statistics.count_ = count;
    statistics.origin_ = mean;
    // −0, not +0: x + (−0) is x for every x, −0 included, so mean() gives back `mean` bit for bit.
    statistics.centred_.assign(mean.size(), -0.0);
    statistics.centred_residual_.assign(mean.size(), -0.0);
    statistics.m2_ = m2;
    return statistics;
}

void ColumnStatistics::add(const double *x, int64_t n, int64_t ldx) {
    if (n <= 0) return;
    const int64_t d = dim();
    if (count_ == 0)  // the first chunk's mean becomes the origin
        for (int64_t j = 0; j < d; ++j) {
            double sum = 0.0;
            for (int64_t i = 0; i < n; ++i) sum += x[i * ldx + j];
            origin_[size_t(j)] = sum / double(n);
        }
    // The chunk's mean and M2 about the origin, by two passes. For the first chunk the mean is
    // the rounding residual of the origin: keeping it keeps the merges exact to first order.
    std::vector<double> mean(size_t(d), 0.0), m2(size_t(d), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) mean[size_t(j)] += x[i * ldx + j] - origin_[size_t(j)];
    for (double &m : mean) m /= double(n);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) {
            const double deviation = (x[i * ldx + j] - origin_[size_t(j)]) - mean[size_t(j)];
            m2[size_t(j)] += deviation * deviation;
        }
    std::vector<double> cross;
    if (has_cross_) {
        // The chunk's co-moments about its own mean, by blocks of centred rows (dsyrk, upper).
        std::vector<double> full(size_t(d * d), 0.0);
        std::vector<double> centred(size_t(std::min(n, kCrossBlockRows) * d));
        const SerialBlas serial_blas;  // the same bits whatever OpenBLAS's thread count
        for (int64_t first = 0; first < n; first += kCrossBlockRows) {
            const int64_t rows = std::min(kCrossBlockRows, n - first);
            for (int64_t i = 0; i < rows; ++i)
                for (int64_t j = 0; j < d; ++j)
                    centred[size_t(i * d + j)] = (x[(first + i) * ldx + j] - origin_[size_t(j)]) - mean[size_t(j)];
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, int(d), int(rows), 1.0, centred.data(), int(d), 1.0,
                        full.data(), int(d));
        }
        cross.reserve(cross_size(d));
        for (int64_t a = 0; a < d; ++a)
            for (int64_t b = a + 1; b < d; ++b) cross.push_back(full[size_t(a * d + b)]);
    }
    merge_centred(n, mean, m2, cross);
}

void ColumnStatistics::merge(const ColumnStatistics &other) {
    if (other.dim() != dim())
        fail(OFDM_ERR_INVALID_ARGUMENT, "cannot merge column statistics of dimension " + std::to_string(other.dim()) +
                                            " into statistics of dimension " + std::to_string(dim()));
    if (other.has_cross_ != has_cross_)
        fail(OFDM_ERR_INVALID_ARGUMENT, "cannot merge column statistics with and without co-moments");
    if (other.count_ == 0) return;
    if (count_ == 0) {
        *this = other;
        return;
    }
    std::vector<double> centred(other.centred_.size()), m2(other.m2_.size());
    for (size_t j = 0; j < centred.size(); ++j) {
        centred[j] = (other.origin_[j] - origin_[j]) + (other.centred_[j] + other.centred_residual_[j]);
        m2[j] = other.m2_[j] + other.m2_residual_[j];
    }
    merge_centred(other.count_, centred, m2, other.cross_);
}

void ColumnStatistics::merge_centred(int64_t count, const std::vector<double> &centred, const std::vector<double> &m2,
                                     const std::vector<double> &cross) {
    // Chan et al.: with δ = mean_b − mean_a and n = n_a + n_b,
    // mean = mean_a + δ n_b / n, M2 = M2_a + M2_b + δ² n_a n_b / n (and C_ab likewise, δ_a δ_b).
    if (count_ == 0) {
        count_ = count, centred_ = centred, m2_ = m2;
        if (has_cross_) cross_ = cross;
        std::fill(centred_residual_.begin(), centred_residual_.end(), 0.0);
        std::fill(m2_residual_.begin(), m2_residual_.end(), 0.0);
        return;
    }
    const double na = double(count_), nb = double(count), total = na + nb;
    std::vector<double> delta(centred_.size());
    for (size_t j = 0; j < centred_.size(); ++j) {
        delta[j] = (centred[j] - centred_[j]) - centred_residual_[j];
        accumulate(centred_[j], centred_residual_[j], delta[j] * (nb / total));
        accumulate(m2_[j], m2_residual_[j], m2[j] + delta[j] * delta[j] * (na * nb / total));
    }
    if (has_cross_) {
        size_t u = 0;
        for (size_t a = 0; a < delta.size(); ++a)
            for (size_t b = a + 1; b < delta.size(); ++b, ++u)
                cross_[u] += cross[u] + delta[a] * delta[b] * (na * nb / total);
    }
    count_ += count;
}

std::vector<double> ColumnStatistics::covariance() const {
    const int64_t d = dim();
    std::vector<double> covariance(size_t(d * d), 0.0);
    size_t u = 0;
    for (int64_t a = 0; a < d; ++a) {
        covariance[size_t(a * d + a)] = m2_[size_t(a)] / double(count_);
        for (int64_t b = a + 1; b < d; ++b, ++u)
            covariance[size_t(a * d + b)] = covariance[size_t(b * d + a)] = has_cross_ ? cross_[u] / double(count_) : 0.0;
    }
    return covariance;
}

void ColumnStatistics::accumulate(double &sum, double &residual, double term) {
    // Knuth's TwoSum: s + e == sum + term exactly. Then s + (residual + e) is renormalized so that
    // sum is the rounded total and residual what rounding left out.
    const double s = sum + term, back = s - term;
    const double e = (sum - back) + (term - (s - back));
    const double low = residual + e, total = s + low;
    residual = low - (total - s);
    sum = total;
}

std::vector<double> ColumnStatistics::mean() const {
    std::vector<double> mean(origin_.size());
    for (size_t j = 0; j < mean.size(); ++j) mean[j] = origin_[j] + (centred_[j] + centred_residual_[j]);
    return mean;
}

std::vector<double> ColumnStatistics::standard_deviation() const {
    std::vector<double> deviation(m2_.size(), 0.0);
    for (size_t j = 0; j < deviation.size(); ++j) deviation[j] = std::sqrt(m2_[j] / double(count_));
    return deviation;
}

}  // namespace ofdm

#include "column_statistics.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "error.h"

namespace ofdm {

ColumnStatistics::ColumnStatistics(int64_t dim)
    : origin_(size_t(dim), 0.0),
      centred_(size_t(dim), 0.0),
      centred_residual_(size_t(dim), 0.0),
      m2_(size_t(dim), 0.0),
      m2_residual_(size_t(dim), 0.0) {}

ColumnStatistics ColumnStatistics::from_summary(int64_t count, const std::vector<double> &mean,
                                                const std::vector<double> &m2) {
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
    ColumnStatistics statistics(int64_t(mean.size()));
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
    merge_centred(n, mean, m2);
}

void ColumnStatistics::merge(const ColumnStatistics &other) {
    if (other.dim() != dim())
        fail(OFDM_ERR_INVALID_ARGUMENT, "cannot merge column statistics of dimension " + std::to_string(other.dim()) +
                                            " into statistics of dimension " + std::to_string(dim()));
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
    merge_centred(other.count_, centred, m2);
}

void ColumnStatistics::merge_centred(int64_t count, const std::vector<double> &centred, const std::vector<double> &m2) {
    // Chan et al.: with δ = mean_b − mean_a and n = n_a + n_b,
    // mean = mean_a + δ n_b / n, M2 = M2_a + M2_b + δ² n_a n_b / n.
    if (count_ == 0) {
        count_ = count, centred_ = centred, m2_ = m2;
        std::fill(centred_residual_.begin(), centred_residual_.end(), 0.0);
        std::fill(m2_residual_.begin(), m2_residual_.end(), 0.0);
        return;
    }
    const double na = double(count_), nb = double(count), total = na + nb;
    for (size_t j = 0; j < centred_.size(); ++j) {
        const double delta = (centred[j] - centred_[j]) - centred_residual_[j];
        accumulate(centred_[j], centred_residual_[j], delta * (nb / total));
        accumulate(m2_[j], m2_residual_[j], m2[j] + delta * delta * (na * nb / total));
    }
    count_ += count;
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

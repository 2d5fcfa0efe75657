#include "importance.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "error.h"

namespace ofdm {

namespace {
[[noreturn]] void fail_row(const char *name, int64_t row, double value) {
    std::ostringstream m;
    m << name << "[" << row << "] is " << (std::isnan(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
    fail(OFDM_ERR_NONFINITE_INPUT, m.str());
}
}  // namespace

ImportanceSummary importance_weights(const double *log_target, const double *log_q, int64_t n,
                                     std::vector<double> &weights) {
    if (n < 1) fail(OFDM_ERR_INVALID_ARGUMENT, "n = " + std::to_string(n) + ": at least one sample is needed");
    double largest = -INFINITY;
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(log_q[i])) fail_row("log_q", i, log_q[i]);
        if (std::isnan(log_target[i]) || log_target[i] == INFINITY) fail_row("log_target", i, log_target[i]);
        largest = std::max(largest, log_target[i] - log_q[i]);
    }
    if (largest == -INFINITY) fail(OFDM_ERR_INVALID_ARGUMENT, "every log_target is -Inf: all weights are zero");
    // r_i = exp(log w_i − max) in (0, 1]: no overflow, and the largest is exactly 1.
    weights.assign(size_t(n), 0.0);
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += weights[size_t(i)] = std::exp(log_target[i] - log_q[i] - largest);
    double squares = 0.0, max_weight = 0.0;
    for (double &w : weights) {
        w /= sum;
        squares += w * w;
        max_weight = std::max(max_weight, w);
    }
    ImportanceSummary s;
    s.effective_sample_size = 1.0 / squares;
    s.ess_per_sample = s.effective_sample_size / double(n);
    s.log_z = largest + std::log(sum / double(n));
    // Var(r)/r̄² = n Σ w² − 1 with the sample variance's n − 1: se(log Ẑ) = sqrt(Var(r)/n)/r̄.
    s.log_z_error = n >= 2 ? std::sqrt(std::max(0.0, double(n) * squares - 1.0) / double(n - 1)) : NAN;
    s.max_weight = max_weight;
    return s;
}

void importance_estimate(const double *weights, int64_t n, const double *values, int64_t m, int64_t ldv,
                         std::vector<double> &mean, std::vector<double> &error) {
    if (n < 1) fail(OFDM_ERR_INVALID_ARGUMENT, "n = " + std::to_string(n) + ": at least one sample is needed");
    if (m < 1) fail(OFDM_ERR_INVALID_ARGUMENT, "m = " + std::to_string(m) + ": at least one observable is needed");
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(weights[i])) fail_row("weights", i, weights[i]);
        if (weights[i] < 0.0) {
            std::ostringstream msg;
            msg << "weights[" << i << "] = " << weights[i] << " is negative";
            fail(OFDM_ERR_INVALID_ARGUMENT, msg.str());
        }
        for (int64_t j = 0; j < m; ++j)
            if (!std::isfinite(values[i * ldv + j])) {
                std::ostringstream msg;
                const double v = values[i * ldv + j];
                msg << "values[" << i << "][" << j << "] is " << (std::isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf")
                    << " (row " << i << ", column " << j << ")";
                fail(OFDM_ERR_NONFINITE_INPUT, msg.str());
            }
        sum += weights[i];
    }
    if (!(sum > 0.0)) fail(OFDM_ERR_INVALID_ARGUMENT, "every weight is zero");
    mean.assign(size_t(m), 0.0);
    error.assign(size_t(m), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < m; ++j) mean[size_t(j)] += weights[i] / sum * values[i * ldv + j];
    for (int64_t i = 0; i < n; ++i) {
        const double w = weights[i] / sum;
        for (int64_t j = 0; j < m; ++j) {
            const double deviation = values[i * ldv + j] - mean[size_t(j)];
            error[size_t(j)] += w * w * deviation * deviation;
        }
    }
    for (double &e : error) e = std::sqrt(e);
}

}  // namespace ofdm

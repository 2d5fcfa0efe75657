// Self-normalized importance sampling: weights of samples of q for an unnormalized target, the
// effective sample size, the target's log normalizer relative to q, and weighted estimates.
#pragma once

#include <cstdint>
#include <vector>

namespace ofdm {

struct ImportanceSummary {
    double effective_sample_size, ess_per_sample, log_z, log_z_error, max_weight;
};

// weights (n values) = normalized exp(log_target − log_q). log_target may be −∞ (weight 0);
// NaN or +∞ there, or a non-finite log_q, throws OFDM_ERR_NONFINITE_INPUT naming the row; all
// weights zero throws OFDM_ERR_INVALID_ARGUMENT.
ImportanceSummary importance_weights(const double *log_target, const double *log_q, int64_t n,
                                     std::vector<double> &weights);

// mean[j] = Σ w_i f_ij / Σ w_i and error[j] = sqrt(Σ w̄_i² (f_ij − mean_j)²) for the n × m
// row-major values (leading dimension ldv). Throws on negative or all-zero weights and
// non-finite inputs, naming the row.
void importance_estimate(const double *weights, int64_t n, const double *values, int64_t m, int64_t ldv,
                         std::vector<double> &mean, std::vector<double> &error);

}  // namespace ofdm

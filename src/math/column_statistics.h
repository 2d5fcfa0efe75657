// Per-column count, mean and sum of squared deviations M2 of a stream of samples, mergeable
// (Chan, Golub & LeVeque's pairwise update): the first pass of a streamed fit, which fixes the
// per-coordinate standardization (DESIGN §2) before the moment pass. Unlike Σx² − n·mean², the
// merge never subtracts two large sums. The running mean is kept relative to an origin (the first
// chunk's mean), so that its rounding is relative to the spread of the data, not to their offset:
// data at 1e4 ± 1 keep the precision of data at 0 ± 1. The running mean and M2 are compensated
// sums, so that many small chunks are as precise as one large one. With `cross` set it also keeps
// the off-diagonal co-moments Σ_i (x_ia − mean_a)(x_ib − mean_b), merged by the same update
// (C = C_a + C_b + δ δᵀ n_a n_b / n), for whitening and PCA; those are plain sums.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ofdm {

// The row of column `column` of the n rows of x (leading dimension ldx) farthest from `centre`
// (from 0 when centre is not finite; the first of equal distance): the entry that drives a column
// statistic out of double range.
int64_t farthest_row(const double *x, int64_t n, int64_t ldx, int64_t column, double centre);

// Throws OFDM_ERR_OVERFLOW: `statistic` ("the variance of column 3") is beyond double range, so no
// coordinate map of these data is finite (DESIGN §2). With the rows at hand (x not null) the
// message names the entry of `column` farthest from `centre`, as "x[i][j] = v (row i, column j)".
[[noreturn]] void fail_column_overflow(const std::string &statistic, int64_t column, double centre, const double *x,
                                       int64_t n, int64_t ldx);

class ColumnStatistics {
public:
    explicit ColumnStatistics(int64_t dim, bool cross = false);
    // The statistics of `count` samples with the given column means and sums of squared
    // deviations M2 (as read back from count(), mean() and squared_deviations(), e.g. through an
    // exported array): the mean becomes the origin, so further chunks keep their precision
    // relative to it, and mean(), squared_deviations() and standard_deviation() give back the
    // same values, bit for bit. Throws OFDM_ERR_INVALID_ARGUMENT, naming the column, unless mean
    // and m2 have the same size, count >= 0, and either count == 0 with every value 0 (the
    // statistics of no samples) or count > 0 with finite means and finite M2 >= 0.
    // `cross` (empty, or the d(d−1)/2 off-diagonal co-moments, row-major upper triangle) makes
    // statistics with co-moments; they must be finite, and 0 for count == 0.
    static ColumnStatistics from_summary(int64_t count, const std::vector<double> &mean,
                                         const std::vector<double> &m2, const std::vector<double> &cross = {});

    // Adds the n rows of x (row-major, leading dimension ldx, dim columns): the chunk's mean and
    // M2 by two passes over it, then merged.
    void add(const double *x, int64_t n, int64_t ldx);
    // Combines with statistics of other samples of the same dimension
    // (OFDM_ERR_INVALID_ARGUMENT otherwise).
    void merge(const ColumnStatistics &other);

    int64_t dim() const { return int64_t(m2_.size()); }
    int64_t count() const { return count_; }
    std::vector<double> mean() const;
    const std::vector<double> &squared_deviations() const { return m2_; }  // M2_j = Σ_i (x_ij − mean_j)²
    // sqrt(M2_j / n): the divisor-n standard deviation CoordinateMap::standardization uses.
    std::vector<double> standard_deviation() const;
    bool has_cross() const { return has_cross_; }
    // The off-diagonal co-moments, d(d−1)/2 values, row-major upper triangle (a < b).
    const std::vector<double> &cross_deviations() const { return cross_; }
    // The d × d covariance (divisor n; row-major, both triangles): M2 on the diagonal.
    std::vector<double> covariance() const;

private:
    // Merges a part of `count` samples whose mean is origin_ + centred[j] per column.
    void merge_centred(int64_t count, const std::vector<double> &centred, const std::vector<double> &m2,
                       const std::vector<double> &cross);

    // sum + residual += term, compensated (the residual keeps what rounding of sum drops).
    static void accumulate(double &sum, double &residual, double term);

    int64_t count_ = 0;
    // mean = origin_ + (centred_ + centred_residual_). The running mean and M2 are compensated
    // sums: merging one sample at a time (chunks of 1) would otherwise round n times and drift by
    // ~sqrt(n) ulps of the spread, which the fitted coefficients amplify; with the residuals the
    // result is as precise as one chunk.
    std::vector<double> origin_, centred_, centred_residual_, m2_, m2_residual_;
    bool has_cross_ = false;
    std::vector<double> cross_;
};

}  // namespace ofdm

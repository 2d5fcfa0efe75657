// A streamed fit (DESIGN §3, "Scale"; the Moments section of ofdm.h): the data arrive in chunks,
// possibly spread over processes, and the model is fitted from their merged sums. With a
// coordinate map the stream has two passes over the same data: the statistics pass
// (ColumnStatistics: count, mean, M2 per column, and for whitening and PCA the co-moments) fixes
// the map, then the moment pass (MomentAccumulator) sums the moments in those coordinates. Without
// one there is only the moment pass.
//
// Exported statistics-pass layout, L = 4 + 2d doubles:
//   [0]              n, the sample count (an exact integer)
//   [1, 1 + d)       the column means
//   [1 + d, 1 + 2d)  the sums of squared deviations M2_j = Σ_i (x_ij − mean_j)²
//   [1 + 2d]         the layout version, kStatisticsExportVersion
//   [2 + 2d, 4 + 2d) the fingerprint of basis, β and coordinate kind (fingerprint_to_words)
//   [4 + 2d, L)      whitening and PCA only: the co-moments Σ (x_a − mean_a)(x_b − mean_b), a < b,
//                    row-major upper triangle, d(d − 1)/2 values (L = 4 + 2d + d(d − 1)/2)
// (d is the data dimension: the basis dimension except for PCA).
// Statistics do not add up: shards combine by importing each array and merging (Chan's update),
// in one agreed order, so that every rank gets the same coordinate map bit for bit.
// The moment-pass layout is MomentAccumulator's.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "math/basis.h"
#include "math/column_statistics.h"
#include "model/model.h"
#include "model/moment_accumulator.h"

namespace ofdm {

class MomentStream {
public:
    static constexpr double kStatisticsExportVersion = 1.0;

    // An empty stream for fitting `basis` with `settings` (validated; their beta, coordinates and
    // data_dim are fixed from here on, time_mode and ridge are the defaults of fit()). Starts in
    // the statistics pass with a coordinate map, in the moment pass under OFDM_COORDINATES_NONE. Throws
    // OFDM_ERR_INVALID_ARGUMENT (a bad setting) and OFDM_ERR_TOO_LARGE (the basis's Galerkin
    // matrices would not fit in memory, or the fit's estimate exceeds settings.memory_limit).
    MomentStream(std::shared_ptr<const Basis> basis, const FitSettings &settings);

    // Adds the n rows of x (row-major, leading dimension ldx >= d) to the current pass. Throws
    // OFDM_ERR_NONFINITE_INPUT naming the first NaN/Inf entry and OFDM_ERR_OVERFLOW when a sum
    // leaves double range; the stream is unchanged then.
    void add(const double *x, int64_t n, int64_t ldx);
    // Ends the statistics pass: the coordinate map of the accumulated statistics
    // (standardization_map), and an empty moment pass in it. Throws OFDM_ERR_INVALID_ARGUMENT
    // when not in the statistics pass, and as standardization_map.
    void begin_moments();

    bool in_statistics_pass() const { return !moments_; }
    int64_t count() const;  // samples added in the current pass
    // Adds the samples of `other`, which must be a stream for the same basis, β, coordinates and
    // pass (OFDM_ERR_INVALID_ARGUMENT naming what differs otherwise). other may be *this.
    void merge(const MomentStream &other);

    int64_t export_length() const;
    void export_to(double *out) const;
    // Replaces the current pass's state with an exported array; OFDM_ERR_INVALID_ARGUMENT naming
    // expected and actual when it does not belong here (length, pass, fingerprint, values). The
    // stream is unchanged then.
    void import_from(const double *values, int64_t length);

    // The model of the moment pass's sums, with settings (whose beta and coordinates must be the
    // stream's). Throws OFDM_ERR_INVALID_ARGUMENT in the statistics pass, and as fit_model.
    Model fit(const FitSettings &settings) const;

    const Basis &basis() const { return *basis_; }
    const FitSettings &settings() const { return settings_; }
    int64_t data_dim() const { return data_dim_; }  // the columns add() reads

private:
    int64_t statistics_export_length() const {
        return 4 + 2 * data_dim_ + (statistics_ && statistics_->has_cross() ? data_dim_ * (data_dim_ - 1) / 2 : 0);
    }
    void import_statistics(const double *values, int64_t length);
    [[noreturn]] void refuse_other_pass(int64_t length) const;

    std::shared_ptr<const Basis> basis_;
    FitSettings settings_;  // without a progress callback
    int64_t data_dim_ = 0;  // columns of the data (the basis dimension except for PCA)
    uint64_t statistics_fingerprint_ = 0;
    std::optional<ColumnStatistics> statistics_;  // the statistics pass, until begin_moments
    std::optional<MomentAccumulator> moments_;    // the moment pass
};

}  // namespace ofdm

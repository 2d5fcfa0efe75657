// The mergeable data moments of a fit (DESIGN §3, "Scale"): raw sums Σ_n φ_m(z_n) over every
// moment m of galerkin_moment_set(basis), the sample count and the latent data box, accumulated
// chunk by chunk (out-of-core data), merged across accumulators, or exported as one flat array
// that MPI_Allreduce can combine across ranks. A model is then fitted from the accumulator alone
// (fit.h), so the fit's memory is the moment set and the Galerkin matrices, never the data.
//
// Exported layout, L = M + 4 + 2d doubles (M = moment_count(), d = basis dimension):
//   [0]                  n, the sample count (an exact integer)
//   [1, M + 1)           the raw sums Σ_n φ_m(z_n), in the order of galerkin_moment_set
//   [M + 1]              the layout version, kExportVersion
//   [M + 2], [M + 3]     the fingerprint of basis, β and coordinate map: its high and low 32 bits
//   [M + 4, M + 4 + d)   the lower corner of the latent data box (+∞ while n = 0)
//   [M + 4 + d, L)       the upper corner, negated (+∞ while n = 0)
// so shards combine with two reductions: MPI_SUM over [0, M + 1) and MPI_MIN over [M + 1, L)
// (the header words are equal on every rank, and min of −upper is −max of upper).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "math/column_statistics.h"
#include "math/moment_pass.h"
#include "math/multi_index.h"
#include "model/coordinates.h"
#include "model/model.h"

namespace ofdm {

class MomentAccumulator {
public:
    static constexpr double kExportVersion = 1.0;

    // An empty accumulator for fitting `basis` with inverse temperature beta in the latent
    // coordinates of `coordinates` (fixed from here on: for standardization, a first pass with
    // ColumnStatistics and standardization_map below). Throws OFDM_ERR_INVALID_ARGUMENT (beta out
    // of [1e-100, 1e100], coordinates of another dimension) and OFDM_ERR_TOO_LARGE (the basis's
    // Galerkin matrices would not fit in memory).
    // memory_limit (bytes, 0: none but physical memory) caps the fit's estimated peak
    // (galerkin_memory_bytes): refused with OFDM_ERR_TOO_LARGE before the moment set is built
    // when a cheap lower bound on its size already exceeds it, and before the sums otherwise.
    MomentAccumulator(std::shared_ptr<const Basis> basis, CoordinateMap coordinates, double beta,
                      int64_t memory_limit = 0);

    // Adds the n rows of x (row-major, leading dimension ldx >= d, data coordinates) on `threads`
    // worker threads (0: all cores). OpenBLAS is switched to one thread for the duration
    // (process-wide and reference-counted, then restored): BLAS threads inside concurrent calls
    // oversubscribe the cores, and round differently. The sums do not depend on `threads` or on
    // OPENBLAS_NUM_THREADS, bit for bit.
    // Throws OFDM_ERR_NONFINITE_INPUT naming the first NaN/Inf entry, before adding anything.
    void add(const double *x, int64_t n, int64_t ldx, int32_t threads = 0);

    // Adds the samples of `other`. Throws OFDM_ERR_INVALID_ARGUMENT, naming what differs, when
    // other was made for another basis, β or coordinate map.
    void merge(const MomentAccumulator &other);

    int64_t export_length() const;  // M + 4 + 2d
    // Writes export_length() doubles to out, in the layout above.
    void export_to(double *out) const;
    // Replaces this accumulator's contents with an exported array. Throws
    // OFDM_ERR_INVALID_ARGUMENT, naming expected and actual, when the length differs, when the
    // array was exported for another basis, β or coordinate map (its fingerprint differs), or
    // when its values are inconsistent (negative or fractional count, NaN, a box that does not
    // hold the samples); the accumulator is unchanged then.
    void import_from(const double *values, int64_t length);

    const std::shared_ptr<const Basis> &shared_basis() const { return basis_; }
    const Basis &basis() const { return *basis_; }
    const CoordinateMap &coordinates() const { return coordinates_; }
    double beta() const { return beta_; }
    const MultiIndexSet &moments() const { return *moments_; }
    int64_t moment_count() const { return moments_->size(); }
    int64_t count() const { return count_; }
    const std::vector<double> &sums() const { return sums_; }
    const LatentBox &latent_box() const { return box_; }
    // FNV-1a 64 of the basis, β and the coordinate map (their exact bits).
    uint64_t fingerprint() const { return fingerprint_; }
    // The BLAS-3 moment pass this accumulator runs (for its block size and flop count).
    const MomentPass &pass() const { return *pass_; }

private:
    std::shared_ptr<const Basis> basis_;
    CoordinateMap coordinates_;
    double beta_;
    std::shared_ptr<const MultiIndexSet> moments_;
    std::shared_ptr<const MomentPass> pass_;
    uint64_t fingerprint_ = 0;
    int64_t count_ = 0;
    std::vector<double> sums_;
    LatentBox box_;
};

// The per-coordinate standardization z_j = (x_j − mean_j) / std_j of streamed statistics; equal
// to CoordinateMap::standardization of the same rows added as one chunk. Throws
// OFDM_ERR_TOO_FEW_SAMPLES for fewer than 2 samples, OFDM_ERR_INVALID_ARGUMENT naming a
// constant column and OFDM_ERR_OVERFLOW naming a column whose merged statistics left double range.
CoordinateMap standardization_map(const ColumnStatistics &statistics);

// Throws OFDM_ERR_OVERFLOW when a sum of `moments` is not finite, after the n rows of x (data
// coordinates, leading dimension ldx) were added: the message names the moment, its degree, and
// the entry of those rows farthest out in latent coordinates among the moment's coordinates (its
// row as in x), which is what a moment of that degree cannot represent in double precision. The
// fits that have their data at hand (the in-memory fit, a streamed chunk) check here, so that a
// returned model always has finite moments; fit_model of an accumulator checks its means again.
void require_finite_sums(const MomentAccumulator &moments, const double *x, int64_t n, int64_t ldx);

}  // namespace ofdm

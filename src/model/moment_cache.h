// Moments of a growing basis over fixed sets of latent rows (the rounds of the adaptive basis,
// adaptive_basis.h): one interned set of moment indices with their sums Σ_i φ_m(z_i) over each
// set. A round adds the indices it needs; update() then sums only the new ones, in one pass per
// set, so that no moment is ever computed twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "math/multi_index.h"

namespace ofdm {

class MomentCache {
public:
    // n rows of dimension dim, row-major with leading dimension dim; the caller keeps them alive.
    struct Rows {
        const double *z;
        int64_t n;
    };

    MomentCache(int64_t dim, double beta, std::vector<Rows> sets, int32_t threads);

    // The id of m, added (pending until update()) when absent.
    int64_t add(IndexView m);
    int64_t find(IndexView m) const { return indices_.find(m); }
    int64_t size() const { return indices_.size(); }
    int64_t pending() const { return indices_.size() - summed_; }
    const MultiIndexSet &indices() const { return indices_; }
    int32_t degree(int64_t id) const { return degrees_[size_t(id)]; }

    // Sums the pending moments over every set. Blocks of rows are cut the same way whatever the
    // thread count and added in block order, so the sums are the same bits on any number of
    // threads. Runs with OpenBLAS on one thread (SerialBlas). Throws OFDM_ERR_OVERFLOW naming the
    // moment when a sum is not finite.
    void update();

    // Σ_i φ_m(z_i) over set `set`, for a summed id.
    double sum(size_t set, int64_t id) const { return sums_[set][size_t(id)]; }
    int64_t rows(size_t set) const { return sets_[set].n; }

private:
    int64_t dim_;
    double beta_;
    std::vector<Rows> sets_;
    int32_t threads_;
    MultiIndexSet indices_;
    std::vector<int32_t> degrees_;
    std::vector<std::vector<double>> sums_;  // per set, per summed id
    int64_t summed_ = 0;
};

}  // namespace ofdm

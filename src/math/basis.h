// A basis: a dimension and a set of distinct non-zero multi-indices (DESIGN §1), with the three
// ways to build one. Building validates everything and refuses sizes beyond memory first.
#pragma once

#include <cstdint>

#include "multi_index.h"

namespace ofdm {

class Basis {
public:
    Basis(int64_t dim, MultiIndexSet indices);

    int64_t dim() const { return dim_; }
    int64_t size() const { return indices_.size(); }
    const MultiIndexSet &indices() const { return indices_; }
    IndexView operator[](int64_t k) const { return indices_[k]; }
    int32_t max_power() const { return max_power_; }          // largest single k_j
    int32_t max_total_degree() const { return max_total_degree_; }  // largest |k|

private:
    int64_t dim_;
    MultiIndexSet indices_;
    int32_t max_power_ = 0;
    int32_t max_total_degree_ = 0;
};

// Multi-indices of total degree 1..max_degree with at most max_interaction non-zero entries
// (0: no limit), by total degree then lexicographically descending (e_0 before e_1).
Basis make_total_degree_basis(int64_t dim, int32_t max_degree, int32_t max_interaction);

// Its size without building it: Σ_{s=1}^{min(q, dim, p)} C(dim, s)·C(p, s), the indices of support
// s and total degree <= p (q = max_interaction, or dim when it is 0); INT64_MAX when that does not
// fit. Only counts: any max_degree >= 0, any dim >= 1.
int64_t total_degree_basis_size(int64_t dim, int32_t max_degree, int32_t max_interaction);

// Univariate terms n·e_j (n = 1..max_degree) on every coordinate, then pair terms a e_i + b e_j
// (a, b >= 1, a + b <= max_degree) along each distinct edge. edges: n_edges × 2 row-major.
Basis make_graph_basis(int64_t dim, int32_t max_degree, const int64_t *edges, int64_t n_edges);

// The rows of a count × dim row-major array (leading dimension ld), in order.
Basis make_basis_from_indices(int64_t dim, const int32_t *indices, int64_t count, int64_t ld);

}  // namespace ofdm

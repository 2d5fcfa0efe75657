#include "basis.h"

#include <algorithm>
#include <string>
#include <vector>

#include "checked_size.h"
#include "error.h"

namespace ofdm {

namespace {

// Bytes one stored multi-index with `support` entries takes (offset, entries, hash slots).
int64_t bytes_per_index(int64_t support) { return 8 + 8 * support + 16; }

void require_dim(int64_t dim) {
    if (dim < 1) fail(OFDM_ERR_INVALID_ARGUMENT, "dim must be >= 1, got " + std::to_string(dim));
    if (dim > INT32_MAX)
        fail(OFDM_ERR_TOO_LARGE, "dim " + std::to_string(dim) + " exceeds 2^31 - 1 coordinates");
}

void require_degree(int32_t max_degree) {
    if (max_degree < 1)
        fail(OFDM_ERR_INVALID_ARGUMENT, "max_degree must be >= 1, got " + std::to_string(max_degree));
    if (max_degree > OFDM_MAX_DEGREE)
        fail(OFDM_ERR_DEGREE_TOO_LARGE, "max_degree " + std::to_string(max_degree) +
                                            " exceeds OFDM_MAX_DEGREE = " +
                                            std::to_string(OFDM_MAX_DEGREE));
}

// C(n, k) as a saturating count: returns INT64_MAX when it does not fit.
int64_t saturating_binomial(int64_t n, int64_t k) {
    if (k < 0 || k > n) return 0;
    k = std::min(k, n - k);
    __int128 value = 1;
    for (int64_t i = 1; i <= k; ++i) {
        value = value * (n - k + i) / i;  // exact: the running value is C(n−k+i, i)
        if (value > INT64_MAX) return INT64_MAX;
    }
    return int64_t(value);
}

// Σ_{s=1}^{min(q,d,p)} C(d,s)·C(p,s): the number of indices with support s and total degree ≤ p.
int64_t total_degree_count(int64_t dim, int32_t p, int32_t q) {
    __int128 count = 0;
    for (int64_t s = 1; s <= std::min<int64_t>({q, dim, p}); ++s) {
        const int64_t supports = saturating_binomial(dim, s);
        const int64_t degrees = saturating_binomial(p, s);
        if (supports == INT64_MAX) return INT64_MAX;
        count += __int128(supports) * degrees;
        if (count > INT64_MAX) return INT64_MAX;
    }
    return int64_t(count);
}

// Emits, in lexicographically descending dense order, every sparse index whose coordinates are
// >= start, whose entries sum to `remaining` and which adds at most `slots` entries.
void enumerate_exact_degree(int64_t dim, int64_t start, int32_t remaining, int32_t slots,
                            std::vector<IndexEntry> &prefix, MultiIndexSet &out) {
    if (remaining == 0) {
        out.insert({prefix.data(), int32_t(prefix.size())});
        return;
    }
    if (slots == 0) return;
    for (int64_t c = start; c < dim; ++c) {
        for (int32_t v = remaining; v >= 1; --v) {
            prefix.push_back({int32_t(c), v});
            enumerate_exact_degree(dim, c + 1, remaining - v, slots - 1, prefix, out);
            prefix.pop_back();
        }
    }
}

}  // namespace

Basis::Basis(int64_t dim, MultiIndexSet indices) : dim_(dim), indices_(std::move(indices)) {
    for (int64_t k = 0; k < indices_.size(); ++k) {
        const IndexView index = indices_[k];
        max_total_degree_ = std::max(max_total_degree_, index.total_degree());
        for (const IndexEntry &e : index) max_power_ = std::max(max_power_, e.power);
    }
}

Basis make_total_degree_basis(int64_t dim, int32_t max_degree, int32_t max_interaction) {
    require_dim(dim);
    require_degree(max_degree);
    if (max_interaction < 0)
        fail(OFDM_ERR_INVALID_ARGUMENT,
             "max_interaction must be >= 0 (0: no limit), got " + std::to_string(max_interaction));
    const int32_t q = max_interaction == 0 ? int32_t(std::min<int64_t>(dim, max_degree))
                                           : std::min<int32_t>(max_interaction, max_degree);
    const int64_t count = total_degree_basis_size(dim, max_degree, max_interaction);
    if (count == INT64_MAX)
        fail(OFDM_ERR_TOO_LARGE, "a total-degree basis with d = " + std::to_string(dim) +
                                     ", p = " + std::to_string(max_degree) +
                                     " has more than 2^63 functions");
    require_memory(checked_mul(count, bytes_per_index(q), "basis size"),
                   "the basis of " + std::to_string(count) + " functions");
    MultiIndexSet indices;
    indices.reserve(count, checked_mul(count, q, "basis entries"));
    std::vector<IndexEntry> prefix;
    for (int32_t degree = 1; degree <= max_degree; ++degree)
        enumerate_exact_degree(dim, 0, degree, q, prefix, indices);
    return Basis(dim, std::move(indices));
}

int64_t total_degree_basis_size(int64_t dim, int32_t max_degree, int32_t max_interaction) {
    const int32_t q = max_interaction == 0 ? int32_t(std::min<int64_t>(dim, max_degree))
                                           : std::min<int32_t>(max_interaction, max_degree);
    return total_degree_count(dim, max_degree, q);
}

Basis make_graph_basis(int64_t dim, int32_t max_degree, const int64_t *edges, int64_t n_edges) {
    require_dim(dim);
    require_degree(max_degree);
    if (n_edges < 0)
        fail(OFDM_ERR_INVALID_ARGUMENT, "n_edges must be >= 0, got " + std::to_string(n_edges));
    for (int64_t e = 0; e < n_edges; ++e) {
        const int64_t i = edges[2 * e], j = edges[2 * e + 1];
        if (i < 0 || i >= dim || j < 0 || j >= dim)
            fail(OFDM_ERR_INVALID_ARGUMENT, "edge " + std::to_string(e) + " = (" +
                                                std::to_string(i) + ", " + std::to_string(j) +
                                                ") has a coordinate outside [0, " +
                                                std::to_string(dim) + ")");
        if (i == j)
            fail(OFDM_ERR_INVALID_ARGUMENT,
                 "edge " + std::to_string(e) + " joins coordinate " + std::to_string(i) + " to itself");
    }
    const int64_t pairs_per_edge = int64_t(max_degree) * (max_degree - 1) / 2;
    const int64_t count = checked_add(checked_mul(dim, max_degree, "basis size"),
                                      checked_mul(n_edges, pairs_per_edge, "basis size"),
                                      "basis size");
    require_memory(checked_mul(count, bytes_per_index(2), "basis size"),
                   "the basis of up to " + std::to_string(count) + " functions");
    MultiIndexSet indices;
    indices.reserve(count, checked_mul(count, 2, "basis entries"));
    for (int64_t j = 0; j < dim; ++j)
        for (int32_t n = 1; n <= max_degree; ++n) {
            const IndexEntry entry{int32_t(j), n};
            indices.insert({&entry, 1});
        }
    for (int64_t e = 0; e < n_edges; ++e) {
        const int32_t lo = int32_t(std::min(edges[2 * e], edges[2 * e + 1]));
        const int32_t hi = int32_t(std::max(edges[2 * e], edges[2 * e + 1]));
        for (int32_t total = 2; total <= max_degree; ++total)
            for (int32_t a = total - 1; a >= 1; --a) {
                const IndexEntry pair[2] = {{lo, a}, {hi, total - a}};
                indices.insert({pair, 2});  // a repeated edge finds its terms already present
            }
    }
    return Basis(dim, std::move(indices));
}

Basis make_basis_from_indices(int64_t dim, const int32_t *rows, int64_t count, int64_t ld) {
    require_dim(dim);
    if (count < 1) fail(OFDM_ERR_INVALID_ARGUMENT, "count must be >= 1, got " + std::to_string(count));
    if (ld < dim)
        fail(OFDM_ERR_INVALID_ARGUMENT,
             "ld = " + std::to_string(ld) + " is smaller than dim = " + std::to_string(dim));
    require_memory(checked_mul(count, bytes_per_index(dim), "basis size"),
                   "the basis of " + std::to_string(count) + " functions");
    MultiIndexSet indices;
    std::vector<IndexEntry> entries;
    for (int64_t k = 0; k < count; ++k) {
        entries.clear();
        const int32_t *row = rows + k * ld;
        for (int64_t j = 0; j < dim; ++j) {
            const std::string where = "row " + std::to_string(k) + " of indices: indices[" + std::to_string(k) +
                                      "][" + std::to_string(j) + "] = " + std::to_string(row[j]);
            if (row[j] < 0) fail(OFDM_ERR_INVALID_ARGUMENT, where + " is negative");
            if (row[j] > OFDM_MAX_DEGREE)
                fail(OFDM_ERR_DEGREE_TOO_LARGE,
                     where + " exceeds OFDM_MAX_DEGREE = " + std::to_string(OFDM_MAX_DEGREE));
            if (row[j] > 0) entries.push_back({int32_t(j), row[j]});
        }
        if (entries.empty())
            fail(OFDM_ERR_INVALID_ARGUMENT,
                 "row " + std::to_string(k) + " of indices is zero: the constant is not a basis function");
        const auto [id, inserted] = indices.insert({entries.data(), int32_t(entries.size())});
        if (!inserted)
            fail(OFDM_ERR_INVALID_ARGUMENT, "row " + std::to_string(k) + " of indices repeats row " +
                                                std::to_string(id));
    }
    return Basis(dim, std::move(indices));
}

}  // namespace ofdm

// The per-time Galerkin system of DESIGN §1:
//   G_kl(t) = β Σ_j sqrt(k_j l_j) E_{p_t}[φ_{k−e_j} φ_{l−e_j}],   b_k(t) = β |k| E_{p_t}[φ_k],
// with E_{p_t}[φ_m] = e^{−|m| t} μ_m, so G(t) = Σ_s e^{−st} G_s and b(t) = Σ_s e^{−st} b_s for
// fixed G_s, b_s built once from the moments.
#pragma once

#include <cstdint>
#include <vector>

#include "basis.h"
#include "multi_index.h"

namespace ofdm {

// Every moment the system of `basis` needs: the zero index, each basis index k (for b), and
// every term of φ_{k−e_j} φ_{l−e_j} over the pairs k, l sharing a coordinate j. The order is
// deterministic, so a saved list of moment values can be matched to it on load.
MultiIndexSet galerkin_moment_set(const Basis &basis);

// Refuses, with OFDM_ERR_TOO_LARGE and the estimate, a basis whose matrices G_s (one per moment
// degree 0..2p−2) and working matrix would not fit in memory or in 32-bit BLAS indices. Cheap:
// call it before galerkin_moment_set, whose work grows like K².
void require_galerkin_memory(const Basis &basis);

// A lower bound on galerkin_moment_set(basis).size(), in O(E log E) for E stored index entries
// (against the O(K²) pair walk that builds the set): refuses inconsistent model files and
// oversized fits before that walk. galerkin.cpp derives it.
int64_t galerkin_moment_lower_bound(const Basis &basis);

// galerkin_moment_set(make_total_degree_basis(dim, p, q)).size() in closed form, building
// neither: the zero index and the indices of total degree <= max(2p − 2, p) on at most
// 2q' − 1 coordinates (q' = min(q, p), or min(dim, p) for q = 0): a pair k, l of the walk shares a
// coordinate j, so φ_{k−e_j} φ_{l−e_j} has at most 2q' − 1 coordinates and degree 2p − 2, and
// every such index occurs (checked against the walk in tests/math/test_galerkin.cpp). INT64_MAX
// when it does not fit. For planning work before any basis is built (model selection's progress).
int64_t total_degree_moment_count(int64_t dim, int32_t max_degree, int32_t max_interaction);

// What a fit of `basis` with `moment_count` moments holds at its peak, approximately: the
// Galerkin matrices and the working matrix (8 K² bytes each) and kBytesPerMoment per moment (the
// interned index, its hash slot, the sums and the moment pass's plan).
constexpr int64_t kBytesPerMoment = 96;
int64_t galerkin_memory_bytes(const Basis &basis, int64_t moment_count);

// require_galerkin_memory, and OFDM_ERR_TOO_LARGE with the estimate when galerkin_memory_bytes
// exceeds `limit` (bytes; 0: no limit but physical memory).
void require_fit_memory(const Basis &basis, int64_t moment_count, int64_t limit);

class GalerkinSystem {
public:
    // moment_means[id] = μ_m for m = moments[id]; moments must contain galerkin_moment_set(basis).
    GalerkinSystem(const Basis &basis, const MultiIndexSet &moments,
                   const std::vector<double> &moment_means, double beta);

    int64_t size() const { return size_; }

    // G(t) and b(t): the upper triangle of G, column-major K × K (the strict lower triangle is 0).
    void assemble_at(double t, std::vector<double> &matrix, std::vector<double> &rhs) const;

    // The numerical range of the system at t (DESIGN §5): the basis functions, ascending, that
    // pivoted Cholesky (LAPACK dpstrf) of G(t) + ridge·tr(G(t))/K·I, scaled to unit diagonal,
    // keeps with pivots above kRankThreshold. A scaled pivot is the share of a function's
    // gradient norm on the data that the functions kept before it do not explain; the others
    // are numerically combinations of the kept ones. Throws OFDM_ERR_SINGULAR when none is kept
    // (every gradient vanishes on the data), OFDM_ERR_OVERFLOW for a non-finite system.
    static constexpr double kRankThreshold = 1e-11;
    std::vector<int64_t> active_set(double t, double ridge) const;

    // The scaled pivots of the factorization active_set makes, in pivot order: first the r kept
    // ones (r = active_set(t, ridge).size(), each above kRankThreshold, non-increasing up to
    // rounding), then, when r < K, the largest dropped one (the pivot dpstrf stopped at; 0 when
    // the rest have no gradient on the data). Exposes the margin of the threshold on both sides
    // (DESIGN §5's table); never throws OFDM_ERR_SINGULAR (rank 0 gives {0}).
    std::vector<double> scaled_pivots(double t, double ridge) const;

    // α(t) solving (G(t) + ridge·tr(G(t))/K · I) α = b(t) restricted to the functions of
    // `active` (ascending, from active_set) by Cholesky (LAPACK dpotrf/dpotrs); the other
    // coefficients are 0. t may be +∞ (α = 0). Throws OFDM_ERR_SINGULAR when the restricted
    // matrix is not positive definite at t, OFDM_ERR_OVERFLOW for a non-finite system.
    std::vector<double> solve(double t, double ridge, const std::vector<int64_t> &active) const;

    // The same over every function: solve(t, ridge, all K indices).
    std::vector<double> solve(double t, double ridge) const;

private:
    // assemble_at, plus the ridge on the diagonal and the check that every entry is finite.
    void assemble_ridged(double t, double ridge, std::vector<double> &matrix, std::vector<double> &rhs) const;

    // The one factorization behind active_set and scaled_pivots: the ridged G(t) scaled to unit
    // diagonal, factored by dpstrf with kRankThreshold. Returns the rank r; `order` receives the
    // functions in pivot order (the first r are kept), `pivots` what scaled_pivots returns.
    int64_t factor_scaled(double t, double ridge, std::vector<int64_t> &order, std::vector<double> &pivots) const;

    int64_t size_;
    std::vector<std::vector<double>> matrices_;  // matrices_[s] = G_s, empty when G_s = 0
    std::vector<std::vector<double>> vectors_;   // vectors_[s] = b_s, empty when b_s = 0
};

}  // namespace ofdm

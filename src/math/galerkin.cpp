#include "galerkin.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

#include "checked_size.h"
#include "error.h"
#include "gradient_terms.h"
#include "serial_blas.h"

namespace ofdm {

namespace {

// Calls visit(k, l, m, root, coefficient) for every pair k <= l of the basis and every term of
// G_kl (gradient_terms.h).
template <class Visit>
void for_each_gradient_pair(const Basis &basis, Visit &&visit) {
    GradientScratch scratch;
    const int64_t K = basis.size();
    for (int64_t k = 0; k < K; ++k)
        for (int64_t l = k; l < K; ++l)
            for_each_gradient_term(basis[k], basis[l], scratch,
                                   [&](IndexView m, double root, double coefficient) { visit(k, l, m, root, coefficient); });
}

// Copies the strict lower triangle of the column-major K × K matrix a onto its upper triangle,
// in square tiles so that both the rows read and the columns written stay in cache.
void mirror_lower_to_upper(double *a, int64_t K) {
    constexpr int64_t kTile = 64;
    for (int64_t k0 = 0; k0 < K; k0 += kTile)
        for (int64_t l0 = k0; l0 < K; l0 += kTile)
            for (int64_t l = l0; l < std::min(K, l0 + kTile); ++l)
                for (int64_t k = k0; k < std::min({K, k0 + kTile, l}); ++k) a[k + l * K] = a[l + k * K];
}

}  // namespace

MultiIndexSet galerkin_moment_set(const Basis &basis) {
    MultiIndexSet moments;
    moments.insert({nullptr, 0});
    for (int64_t k = 0; k < basis.size(); ++k) moments.insert(basis[k]);
    for_each_gradient_pair(basis, [&](int64_t, int64_t, IndexView m, double, double) { moments.insert(m); });
    return moments;
}

// A lower bound on the size of galerkin_moment_set(basis), cheap to compute (O(E log E) for E
// stored index entries, against the O(K²) pair walk that builds the set), so that a file holding
// fewer moment means than its basis needs is refused before that walk. Any assembly of
// DESIGN §1 needs these moments:
//  - the zero index and every basis index (for b): K + 1 distinct indices;
//  - for each coordinate j, with A_j = {k − e_j : k in the basis, k_j >= 1} (|A_j| = n_j distinct
//    indices), every pair a, b of A_j gives G_kl the term φ_{a+b} with the coefficient
//    Π_i sqrt((a_i + b_i)! / (a_i! b_i!)) >= 1 (r = 0 in every coordinate), so the set holds the
//    sumset A_j + A_j. Freiman's lemma (Tao & Vu, Additive Combinatorics, Lemma 5.13): a finite
//    A ⊂ R^n whose affine hull has dimension r has |A + A| >= (r + 1)|A| − r(r + 1)/2, a bound
//    increasing in r for r < |A|. Vectors with pairwise distinct largest (or smallest) non-zero
//    coordinates are linearly independent (they form a triangular system), so rank A_j is at
//    least the number of distinct largest coordinates, and of distinct smallest ones, among its
//    non-zero elements; the affine dimension is at least rank − 1, and equals the rank when the
//    zero index is in A_j.
//  - for each basis index k and coordinate j of its support, with a = k − e_j, the pair (k, k)
//    gives φ_a φ_a = Σ_r Π_i c(a_i, a_i, r_i) φ_{2a − 2r}, every coefficient positive, so the set
//    holds the Π_i (a_i + 1) distinct indices 2a − 2r (0 <= r_i <= a_i). This is what stops a
//    file of a few hundred bytes from demanding 2^(s−1) moments with one index of support s.
// The sumset bound is close for bases without collisions among the sums (e_0 + e_j, j = 1..K, gives
// K(K + 1)/2 against the true K(K + 1)/2 + K + 2), and weak where many sums coincide (total
// degree bases), where the file's own moment count is then small against the pair walk that a
// consistent file of that basis costs anyway.
int64_t galerkin_moment_lower_bound(const Basis &basis) {
    // Per basis entry (j, ·) of k: the keys (j, largest and smallest coordinate of k − e_j) when
    // k − e_j is not the zero index. The vectors indexed by coordinate take at most half the
    // file's bytes each (the data box stores 16 bytes per coordinate).
    std::vector<uint64_t> largest, smallest;
    std::vector<int64_t> group_size(size_t(basis.dim()), 0);
    std::vector<char> holds_zero(size_t(basis.dim()), 0);
    largest.reserve(size_t(basis.indices().entry_count()));
    smallest.reserve(size_t(basis.indices().entry_count()));
    for (int64_t k = 0; k < basis.size(); ++k) {
        const IndexView index = basis[k];
        const int32_t last = index.count - 1;
        for (int32_t p = 0; p <= last; ++p) {
            const IndexEntry e = index.entries[p];
            const uint64_t group = uint64_t(e.coord) << 32;
            ++group_size[size_t(e.coord)];
            if (index.count == 1 && e.power == 1) {
                holds_zero[size_t(e.coord)] = 1;
                continue;
            }
            // The entry leaves k − e_j when its power is 1; the extreme entry then moves inward.
            const bool drops = e.power == 1;
            largest.push_back(group | uint32_t(index.entries[p == last && drops ? last - 1 : last].coord));
            smallest.push_back(group | uint32_t(index.entries[p == 0 && drops ? 1 : 0].coord));
        }
    }
    // Distinct keys per group: a lower bound on rank A_j.
    std::vector<int64_t> rank_largest(size_t(basis.dim()), 0), rank_smallest(size_t(basis.dim()), 0);
    auto count_distinct = [](std::vector<uint64_t> &keys, std::vector<int64_t> &per_group) {
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (uint64_t key : keys) ++per_group[size_t(key >> 32)];
    };
    count_distinct(largest, rank_largest);
    count_distinct(smallest, rank_smallest);
    int64_t bound = basis.size() + 1;
    // Π_i (a_i + 1) for a = k − e_j, largest for the j of the largest power; in double, exact up
    // to 2^53 and only compared with counts that fit in a file.
    for (int64_t k = 0; k < basis.size(); ++k) {
        double terms = 1.0;
        int32_t largest_power = 0;
        for (const IndexEntry &e : basis[k]) {
            terms *= double(e.power) + 1.0;
            largest_power = std::max(largest_power, e.power);
        }
        terms = terms / (largest_power + 1.0) * largest_power;
        bound = std::max(bound, terms >= 0x1p62 ? int64_t(1) << 62 : int64_t(terms));
    }
    for (size_t j = 0; j < group_size.size(); ++j) {
        const int64_t n = group_size[j];
        if (n == 0) continue;
        const int64_t rank = std::max(rank_largest[j], rank_smallest[j]);
        // n <= K <= 46 340 (require_galerkin_memory), so these products fit an int64_t.
        const int64_t r = std::min(holds_zero[j] ? rank : std::max<int64_t>(rank - 1, 0), n - 1);
        bound = std::max(bound, (r + 1) * n - r * (r + 1) / 2);
    }
    return bound;
}

int64_t total_degree_moment_count(int64_t dim, int32_t max_degree, int32_t max_interaction) {
    const int64_t support = max_interaction == 0 ? std::min<int64_t>(dim, max_degree)
                                                 : std::min<int64_t>(max_interaction, max_degree);
    const int32_t degree = std::max(2 * max_degree - 2, max_degree);
    // A limit >= 1 (support >= 1); a limit beyond 2^31 coordinates is no limit for any degree.
    const int64_t limit = std::min<int64_t>({2 * support - 1, dim, INT32_MAX});
    const int64_t count = total_degree_basis_size(dim, degree, int32_t(limit));
    return count == INT64_MAX ? INT64_MAX : count + 1;
}

void require_galerkin_memory(const Basis &basis) {
    const int64_t K = basis.size();
    const int64_t square = checked_mul(K, K, "Galerkin matrix");
    // BLAS and LAPACK index with 32-bit integers.
    if (square > INT32_MAX)
        fail(OFDM_ERR_TOO_LARGE, "a basis of " + std::to_string(K) +
                                     " functions gives a Galerkin matrix beyond 2^31 entries");
    const int64_t matrices = 2 * int64_t(std::max(basis.max_total_degree(), 1));  // 2p − 1 levels + 1
    require_memory(checked_mul(checked_mul(square, matrices, "Galerkin matrices"), 8, "Galerkin matrices"),
                   "the Galerkin matrices of " + std::to_string(K) + " functions");
}

int64_t galerkin_memory_bytes(const Basis &basis, int64_t moment_count) {
    const int64_t K = basis.size();
    const int64_t levels = 2 * int64_t(std::max(basis.max_total_degree(), 1));  // 2p − 1 matrices + 1
    const int64_t matrices = checked_mul(checked_mul(checked_mul(K, K, "Galerkin matrix"), levels, "Galerkin matrices"),
                                         8, "Galerkin matrices");
    return checked_add(matrices, checked_mul(moment_count, kBytesPerMoment, "moment set"), "fit memory");
}

namespace {

// Bytes for a message: MiB from 1 MiB up, else bytes (small limits would read "0 MiB").
std::string readable_bytes(int64_t bytes) {
    return bytes >= (int64_t(1) << 20) ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

}  // namespace

void require_fit_memory(const Basis &basis, int64_t moment_count, int64_t limit) {
    require_galerkin_memory(basis);
    if (limit <= 0) return;
    const int64_t bytes = galerkin_memory_bytes(basis, moment_count);
    if (bytes > limit)
        fail(OFDM_ERR_TOO_LARGE, "the fit of " + std::to_string(basis.size()) + " functions and " +
                                     std::to_string(moment_count) + " moments would need about " +
                                     readable_bytes(bytes) + ", more than options.memory_limit = " +
                                     readable_bytes(limit) + " (" + std::to_string(limit) + " bytes)");
}

GalerkinSystem::GalerkinSystem(const Basis &basis, const MultiIndexSet &moments,
                               const std::vector<double> &moment_means, double beta)
    : size_(basis.size()) {
    const int64_t K = size_;
    const size_t square = size_t(checked_mul(K, K, "Galerkin matrix"));
    auto mean_of = [&](IndexView m) {
        const int64_t id = moments.find(m);
        if (id < 0) fail(OFDM_ERR_INTERNAL, "a moment of the Galerkin system is missing");
        return moment_means[size_t(id)];
    };
    auto slot = [](std::vector<std::vector<double>> &terms, int32_t s, size_t length) -> std::vector<double> & {
        if (size_t(s) >= terms.size()) terms.resize(size_t(s) + 1);
        if (terms[s].empty()) terms[s].assign(length, 0.0);
        return terms[s];
    };

    for (int64_t k = 0; k < K; ++k) {  // b_k = β |k| μ_k at s = |k|
        const int32_t degree = basis[k].total_degree();
        slot(vectors_, degree, size_t(K))[k] = beta * degree * mean_of(basis[k]);
    }
    // The walk visits l = k..K−1 for each k: entry (k, l) is written at l + k·K, the lower
    // triangle, so that consecutive writes are adjacent (at k + l·K each one would touch another
    // page of a K × K matrix). The upper triangle, which dpotrf reads, is then a copy.
    for_each_gradient_pair(basis, [&](int64_t k, int64_t l, IndexView m, double root, double coefficient) {
        const double weight = beta * root;
        slot(matrices_, m.total_degree(), square)[size_t(l + k * K)] += weight * coefficient * mean_of(m);
    });
    for (std::vector<double> &matrix : matrices_)
        if (!matrix.empty()) mirror_lower_to_upper(matrix.data(), K);
}

void GalerkinSystem::assemble_at(double t, std::vector<double> &matrix, std::vector<double> &rhs) const {
    const int64_t K = size_;
    matrix.assign(size_t(K * K), 0.0);
    rhs.assign(size_t(K), 0.0);
    // e^{−s t}, with s = 0 weighted 1 even at t = ∞ (0·∞ would be NaN).
    auto weight = [t](size_t s) { return s == 0 ? 1.0 : std::exp(-double(s) * t); };
    // The upper triangle only, column by column: it is all dpotrf reads.
    for (size_t s = 0; s < matrices_.size(); ++s)
        if (!matrices_[s].empty() && weight(s) != 0.0)
            for (int64_t l = 0; l < K; ++l)
                cblas_daxpy(l + 1, weight(s), matrices_[s].data() + l * K, 1, matrix.data() + l * K, 1);
    for (size_t s = 0; s < vectors_.size(); ++s)
        if (!vectors_[s].empty() && weight(s) != 0.0)
            cblas_daxpy(K, weight(s), vectors_[s].data(), 1, rhs.data(), 1);
}

void GalerkinSystem::assemble_ridged(double t, double ridge, std::vector<double> &matrix,
                                     std::vector<double> &rhs) const {
    const int64_t K = size_;
    assemble_at(t, matrix, rhs);
    if (ridge > 0) {
        double trace = 0.0;
        for (int64_t k = 0; k < K; ++k) trace += matrix[size_t(k + k * K)];
        const double shift = ridge * trace / double(K);
        for (int64_t k = 0; k < K; ++k) matrix[size_t(k + k * K)] += shift;
    }
    bool finite = true;  // over the upper triangle, the part assembled
    for (int64_t l = 0; l < K; ++l)
        for (int64_t k = 0; k <= l; ++k) finite = finite && std::isfinite(matrix[size_t(k + l * K)]);
    if (!finite) {
        std::ostringstream message;
        message << "the Galerkin system overflows double range at t = " << t
                << ": the data (in latent coordinates, scaled by sqrt(beta)) lie too far out for this degree";
        fail(OFDM_ERR_OVERFLOW, message.str());
    }
}

int64_t GalerkinSystem::factor_scaled(double t, double ridge, std::vector<int64_t> &order,
                                      std::vector<double> &pivots) const {
    const int64_t K = size_;
    std::vector<double> matrix, rhs;
    assemble_ridged(t, ridge, matrix, rhs);
    // Jacobi scaling makes the threshold a property of the functions, not of their units. A
    // function whose gradient vanishes on the data is dropped outright: its diagonal is then
    // rounding noise, at most about K·u of the largest (u = 2^-53), which scaling would blow up
    // to 1.
    double largest = 0.0;
    for (int64_t k = 0; k < K; ++k) largest = std::max(largest, matrix[size_t(k + k * K)]);
    const double noise = 16.0 * double(K) * std::numeric_limits<double>::epsilon() * largest;
    std::vector<double> scale(static_cast<size_t>(K));
    for (int64_t k = 0; k < K; ++k) {
        const double diagonal = matrix[size_t(k + k * K)];
        scale[size_t(k)] = diagonal > noise ? 1.0 / std::sqrt(diagonal) : 0.0;
    }
    for (int64_t l = 0; l < K; ++l) {
        for (int64_t k = 0; k < l; ++k) matrix[size_t(k + l * K)] *= scale[size_t(k)] * scale[size_t(l)];
        // Exactly 1 (or 0), not 1 ± an ulp: the first pivot is then the first function, not one
        // chosen by rounding.
        matrix[size_t(l + l * K)] = scale[size_t(l)] > 0.0 ? 1.0 : 0.0;
    }
    std::vector<lapack_int> permutation(static_cast<size_t>(K));
    lapack_int rank = 0;
    // OpenBLAS's threaded level-3 kernels under dpstrf round differently (measured from K ≈ 285),
    // and the kept set must not depend on its thread count (serial_blas.h).
    const SerialBlas serial_blas;
    const lapack_int info = LAPACKE_dpstrf(LAPACK_COL_MAJOR, 'U', lapack_int(K), matrix.data(), lapack_int(K),
                                           permutation.data(), &rank, kRankThreshold);
    if (info < 0) fail(OFDM_ERR_INTERNAL, "dpstrf rejected argument " + std::to_string(-info));
    order.assign(permutation.begin(), permutation.end());
    for (int64_t &k : order) --k;
    // dpstrf leaves sqrt(pivot) on the diagonal of U for the kept functions and, when it stops
    // early, the pivot it stopped at (the largest left) in place of the next. Rank 0 means every
    // scaled diagonal is 0 (any 1 would be kept), and dpstrf then leaves the matrix as it was.
    pivots.clear();
    for (lapack_int i = 0; i < rank; ++i) pivots.push_back(matrix[size_t(i + i * K)] * matrix[size_t(i + i * K)]);
    if (rank == 0) pivots.push_back(0.0);
    else if (rank < K) pivots.push_back(matrix[size_t(rank + rank * K)]);
    return int64_t(rank);
}

std::vector<int64_t> GalerkinSystem::active_set(double t, double ridge) const {
    std::vector<int64_t> order;
    std::vector<double> pivots;
    const int64_t rank = factor_scaled(t, ridge, order, pivots);
    std::vector<int64_t> active(order.begin(), order.begin() + rank);
    std::sort(active.begin(), active.end());
    if (active.empty()) {
        std::ostringstream message;
        message << "the data leave nothing to fit: no basis function has a gradient on them at t = " << t
                << " (the Galerkin system is 0; are the samples all equal?)";
        fail(OFDM_ERR_SINGULAR, message.str());
    }
    return active;
}

std::vector<double> GalerkinSystem::scaled_pivots(double t, double ridge) const {
    std::vector<int64_t> order;
    std::vector<double> pivots;
    factor_scaled(t, ridge, order, pivots);
    return pivots;
}

std::vector<double> GalerkinSystem::solve(double t, double ridge) const {
    std::vector<int64_t> all(static_cast<size_t>(size_));
    for (int64_t k = 0; k < size_; ++k) all[size_t(k)] = k;
    return solve(t, ridge, all);
}

std::vector<double> GalerkinSystem::solve(double t, double ridge, const std::vector<int64_t> &active) const {
    const int64_t K = size_, r = int64_t(active.size());
    std::vector<double> matrix, rhs;
    assemble_ridged(t, ridge, matrix, rhs);
    if (r < K) {
        // Gather the kept rows and columns of the upper triangle in place: every entry moves to
        // a lower address than it is read from, and is read before anything is written there.
        for (int64_t j = 0; j < r; ++j)
            for (int64_t i = 0; i <= j; ++i)
                matrix[size_t(i + j * r)] = matrix[size_t(active[size_t(i)] + active[size_t(j)] * K)];
        for (int64_t i = 0; i < r; ++i) rhs[size_t(i)] = rhs[size_t(active[size_t(i)])];
    }
    // OpenBLAS's threaded dpotrf blocks differently from its serial one (other last bits from
    // K = 64 on), so α(t), and every sample and likelihood built on it, would depend on its thread
    // count (serial_blas.h; tests/model/test_blas_threads.cpp). On the 2-core machine of the
    // tests its threads gave no speed-up either (K = 4 000: 0.45 s on one, 0.55 s on two).
    const SerialBlas serial_blas;
    const lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'U', lapack_int(r), matrix.data(), lapack_int(r));
    if (info > 0) {
        std::ostringstream message;
        message << "the Galerkin system at t = " << t << " is not positive definite (leading minor " << info << " of "
                << r;
        if (r < K) message << " kept functions of " << K;
        message << ", ridge = " << ridge << "); set a ridge (ofdm_fit_options.ridge, e.g. 1e-8) or use a smaller basis";
        fail(OFDM_ERR_SINGULAR, message.str());
    }
    if (info < 0) fail(OFDM_ERR_INTERNAL, "dpotrf rejected argument " + std::to_string(-info));
    LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'U', lapack_int(r), 1, matrix.data(), lapack_int(r), rhs.data(), lapack_int(r));
    if (r == K) return rhs;
    std::vector<double> alpha(static_cast<size_t>(K), 0.0);
    for (int64_t i = 0; i < r; ++i) alpha[size_t(active[size_t(i)])] = rhs[size_t(i)];
    return alpha;
}

}  // namespace ofdm

#include "moment_pass.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "checked_size.h"

namespace ofdm {

namespace {

// Budget for one block's table and Φ, in doubles (8 MiB), and at most 512 rows: OpenBLAS's dgemm
// reaches its full rate at k = 512, and longer blocks measured slower (d = 64: 4096 rows pushed
// the table out of cache and the pass ran at less than half the rate).
constexpr int64_t kBlockDoubles = int64_t(1) << 20;
constexpr int64_t kMaxBlockRows = 512, kMinBlockRows = 16;
// A run of tiles wider than this is cut, bounding the product buffer to T × 2048 doubles.
constexpr int64_t kMaxRunColumns = 2048;
// Element-wise loops run over groups of this many rows with a fixed trip count, which GCC
// vectorises at -O2 (its cheapest cost model accepts no runtime trip count or alias checks).
constexpr int64_t kLanes = 8;

// next = (y ∘ current − lower · previous) / upper over `rows` rows, a multiple of kLanes.
void hermite_step(const double *__restrict y, const double *__restrict current, const double *__restrict previous,
                  double lower, double upper, double *__restrict next, int64_t rows) {
    for (int64_t first = 0; first < rows; first += kLanes)
        for (int64_t i = first; i < first + kLanes; ++i) next[i] = (y[i] * current[i] - lower * previous[i]) / upper;
}

// out = a ∘ b over `rows` rows, a multiple of kLanes; out may be a.
void multiply_columns(const double *a, const double *__restrict b, double *out, int64_t rows) {
    for (int64_t first = 0; first < rows; first += kLanes)
        for (int64_t i = first; i < first + kLanes; ++i) out[i] = a[i] * b[i];
}

// Splits m (support >= 2) into halves a, b with disjoint supports and a + b = m, balancing their
// total degrees (largest powers first, each to the lighter half): balanced halves keep the half
// set small, e.g. every moment of total degree <= 4 splits into halves of degree <= 2, or 3e_i | e_j.
void split_moment(IndexView m, std::vector<IndexEntry> &a, std::vector<IndexEntry> &b) {
    std::vector<IndexEntry> order(m.begin(), m.end());
    // A total order (std::stable_sort would allocate, and silently degrade when it cannot).
    std::sort(order.begin(), order.end(), [](const IndexEntry &x, const IndexEntry &y) {
        return x.power != y.power ? x.power > y.power : x.coord < y.coord;
    });
    a.clear();
    b.clear();
    int32_t degree_a = 0, degree_b = 0;
    for (const IndexEntry &e : order) {
        if (degree_a <= degree_b) {
            a.push_back(e);
            degree_a += e.power;
        } else {
            b.push_back(e);
            degree_b += e.power;
        }
    }
    auto by_coord = [](const IndexEntry &x, const IndexEntry &y) { return x.coord < y.coord; };
    std::sort(a.begin(), a.end(), by_coord);
    std::sort(b.begin(), b.end(), by_coord);
}

bool lexicographically_less(IndexView x, IndexView y) {
    for (int32_t u = 0; u < std::min(x.count, y.count); ++u) {
        if (x.entries[u].coord != y.entries[u].coord) return x.entries[u].coord < y.entries[u].coord;
        if (x.entries[u].power != y.entries[u].power) return x.entries[u].power < y.entries[u].power;
    }
    return x.count < y.count;
}

struct TileRun {
    int64_t row_tile, first_column_tile, last_column_tile;
};

// The runs of consecutive needed tiles (tile size `tile`) of the upper triangle of Φᵀ Φ that hold
// the entries `positions` (row, column with row <= column), row by row, at most max_run_tiles wide.
std::vector<TileRun> tile_runs(const std::vector<std::pair<int64_t, int64_t>> &positions, int64_t tile,
                               int64_t max_run_tiles) {
    std::vector<std::pair<int64_t, int64_t>> tiles;
    tiles.reserve(positions.size());
    for (const auto &p : positions) tiles.push_back({p.first / tile, p.second / tile});
    std::sort(tiles.begin(), tiles.end());
    tiles.erase(std::unique(tiles.begin(), tiles.end()), tiles.end());
    std::vector<TileRun> runs;
    for (const auto &t : tiles) {
        // A diagonal tile is a run of its own: it is symmetric, so dsyrk computes half of it.
        if (!runs.empty() && runs.back().row_tile == t.first && runs.back().last_column_tile + 1 == t.second &&
            runs.back().first_column_tile != t.first && t.second - runs.back().first_column_tile < max_run_tiles)
            runs.back().last_column_tile = t.second;
        else
            runs.push_back({t.first, t.second, t.second});
    }
    return runs;
}

}  // namespace

MomentPass::MomentPass(const MultiIndexSet &moments, double beta)
    : moment_count_(moments.size()), scale_(std::sqrt(beta)) {
    // Table slots: the coordinates that occur, in increasing order.
    int32_t max_coord = -1;
    for (int64_t id = 0; id < moments.size(); ++id)
        for (const IndexEntry &e : moments[id]) {
            max_coord = std::max(max_coord, e.coord);
            max_power_ = std::max(max_power_, e.power);
        }
    std::vector<int32_t> slot_of(size_t(max_coord + 1), -1);
    for (int64_t id = 0; id < moments.size(); ++id)
        for (const IndexEntry &e : moments[id]) slot_of[size_t(e.coord)] = 0;
    for (int32_t c = 0; c <= max_coord; ++c)
        if (slot_of[size_t(c)] == 0) {
            slot_of[size_t(c)] = int32_t(coords_.size());
            coords_.push_back(c);
        }
    const int64_t degrees = int64_t(max_power_) + 1;
    auto column_of = [&](const IndexEntry &e) { return int64_t(slot_of[size_t(e.coord)]) * degrees + e.power; };
    for (int32_t p = 0; p <= max_power_; ++p) sqrt_.push_back(std::sqrt(double(p)));

    // Support 0 and 1 come from the table; the rest from a pair of halves.
    MultiIndexSet halves;
    std::vector<std::pair<int64_t, int64_t>> pairs;  // half ids (a, b)
    std::vector<int64_t> moment_of_pair;
    std::vector<IndexEntry> a, b;
    for (int64_t id = 0; id < moments.size(); ++id) {
        const IndexView m = moments[id];
        if (m.count == 0) {
            direct_.push_back({id, -1});
        } else if (m.count == 1) {
            direct_.push_back({id, column_of(m.entries[0])});
        } else {
            split_moment(m, a, b);
            const int64_t ha = halves.insert({a.data(), int32_t(a.size())}).first;
            const int64_t hb = halves.insert({b.data(), int32_t(b.size())}).first;
            pairs.push_back({ha, hb});
            moment_of_pair.push_back(id);
        }
    }

    // Φ's columns in lexicographic order of the halves, so that halves on nearby coordinates (the
    // pairs a graph basis needs) sit in nearby tiles.
    std::vector<int64_t> order(size_t(halves.size()));
    for (int64_t h = 0; h < halves.size(); ++h) order[size_t(h)] = h;
    std::sort(order.begin(), order.end(),
              [&](int64_t x, int64_t y) { return lexicographically_less(halves[x], halves[y]); });
    std::vector<int64_t> position(order.size());
    half_offsets_.assign(1, 0);
    for (size_t u = 0; u < order.size(); ++u) {
        position[size_t(order[u])] = int64_t(u);
        for (const IndexEntry &e : halves[order[u]]) half_columns_.push_back(column_of(e));
        half_offsets_.push_back(int64_t(half_columns_.size()));
    }
    for (auto &p : pairs) {
        p = {position[size_t(p.first)], position[size_t(p.second)]};
        if (p.first > p.second) std::swap(p.first, p.second);
    }
    plan_products(pairs, moment_of_pair);

    const int64_t columns = checked_add(checked_mul(int64_t(coords_.size()), degrees, "Hermite table"), half_count(),
                                        "moment block");
    block_rows_ = std::clamp<int64_t>(kBlockDoubles / std::max<int64_t>(columns, 1), kMinBlockRows, kMaxBlockRows);
    block_rows_ = block_rows_ / kLanes * kLanes;
}

void MomentPass::plan_products(const std::vector<std::pair<int64_t, int64_t>> &pairs,
                               const std::vector<int64_t> &moment_of_pair) {
    if (pairs.empty()) return;
    const int64_t H = half_count();
    // Choose the tile size by a cost model of the products: every computed entry counts, plus a
    // margin of 8 rows and columns per call for the edges where dgemm runs below its rate.
    int64_t best_tile = 0;
    double best_cost = INFINITY;
    for (int64_t tile = 8; tile <= 512; tile *= 2) {
        double cost = 0.0;
        for (const TileRun &r : tile_runs(pairs, tile, std::max<int64_t>(1, kMaxRunColumns / tile))) {
            const int64_t rows = std::min(H, (r.row_tile + 1) * tile) - r.row_tile * tile;
            const int64_t columns = std::min(H, (r.last_column_tile + 1) * tile) - r.first_column_tile * tile;
            cost += double(rows + 8) * double(columns + 8) / (r.first_column_tile == r.row_tile ? 2.0 : 1.0);
        }
        if (cost < best_cost) best_cost = cost, best_tile = tile;
    }
    const int64_t tile = best_tile;
    const std::vector<TileRun> tiles = tile_runs(pairs, tile, std::max<int64_t>(1, kMaxRunColumns / tile));

    // Each pair's run: runs are sorted by (row tile, first column tile) and do not overlap.
    std::vector<std::vector<std::pair<int64_t, int64_t>>> scatter_of_run(tiles.size());
    for (size_t u = 0; u < pairs.size(); ++u) {
        const int64_t row_tile = pairs[u].first / tile, column_tile = pairs[u].second / tile;
        const auto it = std::upper_bound(tiles.begin(), tiles.end(), std::make_pair(row_tile, column_tile),
                                         [](const std::pair<int64_t, int64_t> &key, const TileRun &r) {
                                             return key < std::make_pair(r.row_tile, r.first_column_tile);
                                         });
        const size_t run = size_t(it - tiles.begin()) - 1;
        const int64_t row_begin = tiles[run].row_tile * tile, column_begin = tiles[run].first_column_tile * tile;
        const int64_t rows = std::min(H, row_begin + tile) - row_begin;
        scatter_of_run[run].push_back(
            {(pairs[u].first - row_begin) + (pairs[u].second - column_begin) * rows, moment_of_pair[u]});
    }
    for (size_t run = 0; run < tiles.size(); ++run) {
        Run r;
        r.row_begin = tiles[run].row_tile * tile;
        r.row_end = std::min(H, r.row_begin + tile);
        r.column_begin = tiles[run].first_column_tile * tile;
        r.column_end = std::min(H, (tiles[run].last_column_tile + 1) * tile);
        std::sort(scatter_of_run[run].begin(), scatter_of_run[run].end());
        r.scatter_begin = int64_t(scatter_.size());
        for (const auto &s : scatter_of_run[run]) scatter_.push_back({s.first, s.second});
        r.scatter_end = int64_t(scatter_.size());
        r.symmetric = r.row_begin == r.column_begin;
        const int64_t m = r.row_end - r.row_begin, entries = m * (r.column_end - r.column_begin);
        largest_run_ = std::max(largest_run_, entries);
        product_flops_per_row_ += r.symmetric ? double(m) * double(m + 1) : 2.0 * double(entries);
        runs_.push_back(r);
    }
}

MomentPass::Workspace MomentPass::make_workspace() const {
    Workspace work;
    const int64_t degrees = int64_t(max_power_) + 1;
    work.table.assign(size_t(checked_mul(checked_mul(int64_t(coords_.size()), degrees, "Hermite table"), block_rows_,
                                         "Hermite table")),
                      0.0);
    work.halves.assign(size_t(checked_mul(half_count(), block_rows_, "half functions")), 0.0);
    work.products.assign(size_t(largest_run_), 0.0);
    work.column_sums.assign(size_t(int64_t(coords_.size()) * degrees), 0.0);
    work.ones.assign(size_t(block_rows_), 1.0);
    return work;
}

void MomentPass::block_sums(const double *z, int64_t rows, int64_t ldz, Workspace &work, double *partial) const {
    const int64_t B = block_rows_, degrees = int64_t(max_power_) + 1;
    const int64_t padded = (rows + kLanes - 1) / kLanes * kLanes;  // <= B, a multiple of kLanes
    double *table = work.table.data();
    // ψ_1 = sqrt(β) z, read eight rows at a time so that those rows stay in L1 across all the
    // coordinates; padding rows are 0 so the recurrence below runs over whole groups of lanes.
    if (max_power_ >= 1)
        for (int64_t first = 0; first < padded; first += kLanes) {
            const int64_t count = std::min(kLanes, rows - first);
            for (size_t slot = 0; slot < coords_.size(); ++slot) {
                double *y = table + (int64_t(slot) * degrees + 1) * B + first;
                const double *source = z + first * ldz + coords_[slot];
                for (int64_t i = 0; i < count; ++i) y[i] = scale_ * source[i * ldz];
                for (int64_t i = count; i < kLanes; ++i) y[i] = 0.0;
            }
        }
    // ψ_0 = 1 and ψ_{p+1} = (y ψ_p − sqrt(p) ψ_{p−1}) / sqrt(p+1): the recurrence and the
    // operations of hermite_values, so the table holds the same bits.
    for (size_t slot = 0; slot < coords_.size(); ++slot) {
        double *psi = table + int64_t(slot) * degrees * B;
        std::fill(psi, psi + padded, 1.0);
        for (int32_t p = 1; p < max_power_; ++p)
            hermite_step(psi + B, psi + p * B, psi + (p - 1) * B, sqrt_[size_t(p)], sqrt_[size_t(p + 1)],
                         psi + (p + 1) * B, padded);
    }
    // Support 0 and 1: column sums of the table, Tableᵀ·1 (dgemv), then picked.
    double *column_sums = work.column_sums.data();
    if (!coords_.empty())
        cblas_dgemv(CblasColMajor, CblasTrans, int(rows), int(int64_t(coords_.size()) * degrees), 1.0, table, int(B),
                    work.ones.data(), 1, 0.0, column_sums, 1);
    for (const Direct &d : direct_) partial[d.moment] = d.column < 0 ? double(rows) : column_sums[d.column];
    if (runs_.empty()) return;

    // Φ: each half is the product of its entries' table columns, in coordinate order.
    double *phi = work.halves.data();
    for (int64_t h = 0; h < half_count(); ++h) {
        double *out = phi + h * B;
        const int64_t *columns = half_columns_.data() + half_offsets_[size_t(h)];
        const int64_t count = half_offsets_[size_t(h) + 1] - half_offsets_[size_t(h)];
        if (count == 1) {
            std::memcpy(out, table + columns[0] * B, size_t(padded) * sizeof(double));
            continue;
        }
        multiply_columns(table + columns[0] * B, table + columns[1] * B, out, padded);
        for (int64_t u = 2; u < count; ++u) multiply_columns(out, table + columns[u] * B, out, padded);
    }
    // Σ_i φ_a(z_i) φ_b(z_i) = (Φᵀ Φ)_ab, run by run.
    double *product = work.products.data();
    for (const Run &r : runs_) {
        const int64_t m = r.row_end - r.row_begin, n = r.column_end - r.column_begin;
        if (r.symmetric)  // the upper triangle, where every scattered entry (a <= b) lies
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, int(m), int(rows), 1.0, phi + r.row_begin * B, int(B),
                        0.0, product, int(m));
        else
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, int(m), int(n), int(rows), 1.0,
                        phi + r.row_begin * B, int(B), phi + r.column_begin * B, int(B), 0.0, product, int(m));
        for (int64_t s = r.scatter_begin; s < r.scatter_end; ++s)
            partial[scatter_[size_t(s)].moment] = product[scatter_[size_t(s)].offset];
    }
}

}  // namespace ofdm

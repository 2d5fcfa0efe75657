// The moment pass of a fit (DESIGN §1, μ_m = (1/N) Σ_n φ_m(z_n)) organised so that the bulk of the
// arithmetic is BLAS-3. Every moment m whose support has two or more coordinates is split into two
// "halves" a + b = m with disjoint supports, so that φ_m = φ_a φ_b exactly (no linearization):
// then Σ_i φ_m(z_i) is one entry of Φᵀ Φ, where Φ (rows × |H|) holds the half functions of a block
// of samples. The halves are ordered so that the needed entries of Φᵀ Φ cluster, the matrix is cut
// into tiles, and only the tiles holding needed entries are computed: dsyrk on a diagonal tile,
// one dgemm per run of consecutive tiles right of it. Moments of support 0 or 1 are column sums of the Hermite table itself.
//
// A plan is built once per moment set; block_sums is const, so blocks can run on many threads,
// each with its own Workspace. Memory: the plan is O(#moments); a workspace is one block.
#pragma once

#include <cstdint>
#include <vector>

#include "multi_index.h"

namespace ofdm {

class MomentPass {
public:
    // Scratch for one block; one per thread.
    struct Workspace {
        std::vector<double> table;     // ψ_p(sqrt(β) z_ij), column (coordinate slot, p) over the block's rows
        std::vector<double> halves;    // Φ: column h = φ_h over the block's rows
        std::vector<double> products;  // one run of tiles of Φᵀ Φ
        std::vector<double> column_sums, ones;
    };

    MomentPass(const MultiIndexSet &moments, double beta);

    int64_t moment_count() const { return moment_count_; }
    // The most rows block_sums takes at once (the k dimension of the products).
    int64_t block_rows() const { return block_rows_; }
    int64_t half_count() const { return int64_t(half_offsets_.size()) - 1; }
    // Floating-point operations of the products (dgemm 2·m·n·k, dsyrk m·(m+1)·k) per sample row:
    // the BLAS-3 part.
    double product_flops_per_row() const { return product_flops_per_row_; }

    Workspace make_workspace() const;

    // partial[id] = Σ_i φ_m(z_i) over the rows <= block_rows() rows of z (row-major, leading
    // dimension ldz), for every moment id. The result depends only on z, never on the thread.
    void block_sums(const double *z, int64_t rows, int64_t ldz, Workspace &work, double *partial) const;

private:
    // One dgemm: rows [row_begin, row_end) × columns [column_begin, column_end) of Φᵀ Φ, and
    // where its needed entries go.
    struct Run {
        int64_t row_begin, row_end, column_begin, column_end;
        int64_t scatter_begin, scatter_end;
        bool symmetric;  // a diagonal tile: dsyrk, upper triangle
    };
    struct Scatter {
        int64_t offset;  // into the run's column-major product
        int64_t moment;
    };
    struct Direct {
        int64_t moment;
        int64_t column;  // table column, or −1 for the constant φ_0 = 1
    };

    void plan_products(const std::vector<std::pair<int64_t, int64_t>> &pairs, const std::vector<int64_t> &moment_of_pair);

    int64_t moment_count_ = 0;
    int64_t block_rows_ = 0;
    int32_t max_power_ = 0;
    double scale_ = 1.0;                 // sqrt(β)
    std::vector<int32_t> coords_;        // the coordinate of each table slot
    std::vector<double> sqrt_;           // sqrt(p), p = 0..max_power, for the Hermite recurrence
    std::vector<Direct> direct_;
    std::vector<int64_t> half_offsets_;  // half h multiplies table columns half_columns_[offsets[h]..offsets[h+1])
    std::vector<int64_t> half_columns_;
    std::vector<Run> runs_;
    std::vector<Scatter> scatter_;
    int64_t largest_run_ = 0;            // entries of the largest run's product
    double product_flops_per_row_ = 0.0;
};

}  // namespace ofdm

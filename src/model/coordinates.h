// The affine map between data and latent coordinates, z = W (x − m) (DESIGN §2): data of
// dimension d, latent coordinates of dimension r (r = d except for PCA). Per-coordinate
// standardization keeps lattice and pixel locality meaningful, so it is the default. Whitening
// and PCA come from the eigendecomposition C = U Λ Uᵀ of the data's covariance (divisor n):
//   whitening  W = U Λ^{-1/2} Uᵀ (symmetric, "ZCA": z_j stays tied to x_j, so a graph basis on
//              the data's coordinates keeps its meaning), W⁺ = U Λ^{1/2} Uᵀ;
//   PCA        W = Λ_r^{-1/2} U_rᵀ, the r leading components scaled to unit variance, and
//              W⁺ = U_r Λ_r^{1/2}, which decodes latent points onto the principal subspace.
// Both are stored as (m, Λ, U) and W, W⁺ rebuilt from them by one routine, so a map read from a
// file is the fitted one bit for bit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "math/fingerprint.h"

namespace ofdm {

// The rows a map's statistics were computed from, when they are at hand: a statistic that
// overflows then names the row farthest out (fail_column_overflow).
struct DataRows {
    const double *x;
    int64_t n, ldx;
};

// Every map built from data statistics (standardization_from, from_covariance, and the in-memory
// factories over them) is checked once, there, to save, load and decode finitely: the mean, the
// standard deviations and their inverses, the covariance, its eigenvalues and their inverse roots,
// W and W⁺ all finite. A statistic beyond double range is OFDM_ERR_OVERFLOW naming the column,
// and the row when the DataRows are given: data too large in magnitude are refused at fit time,
// never turned into a model whose samples are ±Inf.
class CoordinateMap {
public:
    // z = x.
    static CoordinateMap identity(int64_t dim);
    // z_j = (x_j − mean_j) / std_j over the n rows of x (divisor n, two-pass for accuracy), by
    // standardization_from. Throws OFDM_ERR_INVALID_ARGUMENT naming the column when a column is
    // constant and OFDM_ERR_OVERFLOW naming the row and column when a mean or variance overflows.
    static CoordinateMap standardization(const double *x, int64_t n, int64_t ldx, int64_t dim);
    // The standardization of column means and divisor-n standard deviations (as computed from
    // `rows`, when given). Throws OFDM_ERR_OVERFLOW (a mean or deviation not finite) and
    // OFDM_ERR_INVALID_ARGUMENT (a deviation <= 1e-300, whose inverse overflows: a constant
    // column), naming the column.
    static CoordinateMap standardization_from(std::vector<double> mean, std::vector<double> deviation,
                                              const DataRows *rows = nullptr);
    // Whitening (kind OFDM_COORDINATES_WHITEN, latent_dim = data_dim) or PCA to latent_dim
    // components (OFDM_COORDINATES_PCA) of the n rows of x (data_dim columns): mean, then the
    // covariance of the centred rows by blocks (dsyrk), then from_covariance.
    static CoordinateMap decorrelation(int32_t kind, const double *x, int64_t n, int64_t ldx, int64_t data_dim,
                                       int64_t latent_dim);
    // The same from a mean and the d × d covariance (row-major, divisor n; only its upper
    // triangle is read), computed from `rows` when given. Throws OFDM_ERR_OVERFLOW when a mean,
    // a covariance entry or the largest eigenvalue is not finite, OFDM_ERR_INVALID_ARGUMENT when
    // the covariance has fewer than latent_dim eigenvalues above 1e-12 of the largest (the
    // message gives the numerical rank), or when latent_dim is out of range.
    static CoordinateMap from_covariance(int32_t kind, std::vector<double> mean, std::vector<double> covariance,
                                         int64_t latent_dim, const DataRows *rows = nullptr);
    // A map read from a file; the caller has validated the values (see validate_eigen).
    CoordinateMap(int32_t kind, int64_t dim, std::vector<double> shift, std::vector<double> scale);
    static CoordinateMap from_eigen(int32_t kind, std::vector<double> mean, std::vector<double> eigenvalues,
                                    std::vector<double> eigenvectors);

    int32_t kind() const { return kind_; }  // an ofdm_coordinates value
    bool is_linear() const { return !eigenvalues_.empty(); }  // whitening or PCA
    int64_t data_dim() const { return data_dim_; }
    int64_t latent_dim() const { return latent_dim_; }
    const std::vector<double> &shift() const { return shift_; }              // m (empty for identity)
    const std::vector<double> &scale() const { return scale_; }              // std_j (standardization only)
    const std::vector<double> &eigenvalues() const { return eigenvalues_; }  // Λ, r values, decreasing
    const std::vector<double> &eigenvectors() const { return eigenvectors_; }  // U, d × r row-major

    // n rows of x (data_dim columns) to n rows of z (latent_dim columns), and back. z may equal x
    // when ldz == ldx (rows are copied block by block before they are overwritten). The linear
    // maps need scratch_size() doubles of scratch: pass a vector of that size to keep the call
    // free of allocations (for outputs that must stay untouched when memory runs out), or null.
    void to_latent(const double *x, int64_t n, int64_t ldx, double *z, int64_t ldz,
                   std::vector<double> *scratch = nullptr) const;
    void from_latent(const double *z, int64_t n, int64_t ldz, double *x, int64_t ldx,
                     std::vector<double> *scratch = nullptr) const;
    // Latent gradients (latent_dim columns) to data gradients s_x = Wᵀ s_z (data_dim columns);
    // s_x may equal s_z when the leading dimensions are equal.
    void pull_back_gradient(const double *s_z, int64_t n, int64_t ld_z, double *s_x, int64_t ld_x,
                            std::vector<double> *scratch = nullptr) const;
    size_t scratch_size() const;
    // log |det W| (for PCA the pseudo-determinant, −½ Σ log λ_i: the density of the component
    // scores on the principal subspace): the change of a log-density from latent to data
    // coordinates.
    double log_abs_det() const { return log_abs_det_; }

    // Equal kind, dimensions and parameters, bit for bit.
    bool same_as(const CoordinateMap &other) const;
    // Adds the kind, dimensions and parameters (exact bits) to a fingerprint.
    void add_to(Fingerprint &h) const;

private:
    CoordinateMap() = default;
    void build_linear();  // W, W⁺ and log|det W| from (m, Λ, U)
    double *block_scratch(std::vector<double> *scratch, std::vector<double> &own) const;
    // out = in · matrix for n rows of r columns and an r × d matrix, block by block through the
    // scratch (so that out may overlap in).
    void latent_rows_times(const std::vector<double> &matrix, const double *in, int64_t n, int64_t ld_in, double *out,
                           int64_t ld_out, std::vector<double> *scratch) const;

    int32_t kind_ = 0;
    int64_t data_dim_ = 0, latent_dim_ = 0;
    std::vector<double> shift_, scale_, eigenvalues_, eigenvectors_;
    std::vector<double> forward_;  // W, r × d row-major
    std::vector<double> inverse_;  // (W⁺)ᵀ, r × d row-major
    double log_abs_det_ = 0.0;
};

// Checks eigen data read from a file: sizes, finite values, eigenvalues > 0 and decreasing, and
// U with orthonormal columns to 1e-10. Returns an empty string when valid, else what is wrong.
std::string invalid_eigen(const std::vector<double> &eigenvalues, const std::vector<double> &eigenvectors,
                          int64_t data_dim);

}  // namespace ofdm

#include "coordinates.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>

#include "math/checked_size.h"
#include "math/column_statistics.h"
#include "math/error.h"
#include "math/serial_blas.h"
#include "ofdm.h"

namespace ofdm {

namespace {

// Rows are copied and mapped by blocks: the copy makes z == x safe and keeps each BLAS call
// large enough to be worth it.
constexpr int64_t kBlockRows = 256;

// Eigenvalues below this fraction of the largest are numerically zero: the eigensolver gets them
// to about 1e-16 of the largest, so 1e-12 still leaves four correct digits to invert.
constexpr double kRelativeRank = 1e-12;

bool same_bits(const std::vector<double> &a, const std::vector<double> &b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

}  // namespace

CoordinateMap::CoordinateMap(int32_t kind, int64_t dim, std::vector<double> shift, std::vector<double> scale)
    : kind_(kind), data_dim_(dim), latent_dim_(dim), shift_(std::move(shift)), scale_(std::move(scale)) {
    for (double s : scale_) log_abs_det_ -= std::log(s);
}

CoordinateMap CoordinateMap::identity(int64_t dim) { return CoordinateMap(OFDM_COORDINATES_NONE, dim, {}, {}); }

CoordinateMap CoordinateMap::standardization(const double *x, int64_t n, int64_t ldx, int64_t dim) {
    std::vector<double> mean(size_t(dim), 0.0), scale(size_t(dim), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < dim; ++j) mean[size_t(j)] += x[i * ldx + j];
    for (double &m : mean) m /= double(n);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < dim; ++j) {
            const double deviation = x[i * ldx + j] - mean[size_t(j)];
            scale[size_t(j)] += deviation * deviation;
        }
    for (double &s : scale) s = std::sqrt(s / double(n));
    const DataRows rows{x, n, ldx};
    return standardization_from(std::move(mean), std::move(scale), &rows);
}

CoordinateMap CoordinateMap::standardization_from(std::vector<double> mean, std::vector<double> deviation,
                                                  const DataRows *rows) {
    const double *x = rows ? rows->x : nullptr;
    const int64_t n = rows ? rows->n : 0, ldx = rows ? rows->ldx : 0;
    for (size_t j = 0; j < mean.size(); ++j) {
        const int64_t column = int64_t(j);
        if (!std::isfinite(mean[j]))
            fail_column_overflow("the mean of column " + std::to_string(j), column, 0.0, x, n, ldx);
        if (!std::isfinite(deviation[j]))
            fail_column_overflow("the variance of column " + std::to_string(j), column, mean[j], x, n, ldx);
        // A spread below 1e-300 cannot be inverted without overflow: treat it as constant.
        if (!(deviation[j] > 1e-300) || !std::isfinite(1.0 / deviation[j]))
            fail(OFDM_ERR_INVALID_ARGUMENT,
                 "column " + std::to_string(j) +
                     " of x is constant, so it cannot be standardized; drop it or use "
                     "OFDM_COORDINATES_NONE");
    }
    const int64_t dim = int64_t(mean.size());
    return CoordinateMap(OFDM_COORDINATES_STANDARDIZE, dim, std::move(mean), std::move(deviation));
}

CoordinateMap CoordinateMap::decorrelation(int32_t kind, const double *x, int64_t n, int64_t ldx, int64_t data_dim,
                                           int64_t latent_dim) {
    const int64_t d = data_dim;
    if (n < 2) fail(OFDM_ERR_TOO_FEW_SAMPLES, "n = " + std::to_string(n) + ": a covariance needs at least 2 samples");
    std::vector<double> mean(size_t(d), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) mean[size_t(j)] += x[i * ldx + j];
    for (double &m : mean) m /= double(n);
    // Two passes: the covariance of the centred rows never subtracts two large sums.
    std::vector<double> covariance(size_t(checked_mul(d, d, "covariance")), 0.0);
    std::vector<double> centred(size_t(checked_mul(std::min(n, kBlockRows), d, "centred block")));
    const SerialBlas serial_blas;
    for (int64_t first = 0; first < n; first += kBlockRows) {
        const int64_t rows = std::min(kBlockRows, n - first);
        for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < d; ++j) centred[size_t(i * d + j)] = x[(first + i) * ldx + j] - mean[size_t(j)];
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, int(d), int(rows), 1.0, centred.data(), int(d), 1.0,
                    covariance.data(), int(d));
    }
    for (double &c : covariance) c /= double(n);
    const DataRows rows{x, n, ldx};
    return from_covariance(kind, std::move(mean), std::move(covariance), latent_dim, &rows);
}

CoordinateMap CoordinateMap::from_covariance(int32_t kind, std::vector<double> mean, std::vector<double> covariance,
                                             int64_t latent_dim, const DataRows *rows) {
    const int64_t d = int64_t(mean.size()), r = latent_dim;
    const char *name = kind == OFDM_COORDINATES_WHITEN ? "whitening" : "PCA";
    if (kind != OFDM_COORDINATES_WHITEN && kind != OFDM_COORDINATES_PCA)
        fail(OFDM_ERR_INVALID_ARGUMENT, "coordinates " + std::to_string(kind) + " do not come from a covariance");
    if (kind == OFDM_COORDINATES_WHITEN && r != d)
        fail(OFDM_ERR_INVALID_ARGUMENT, "whitening keeps every coordinate, but the basis has dimension " +
                                            std::to_string(r) + " and the data " + std::to_string(d) +
                                            ": use OFDM_COORDINATES_PCA to reduce the dimension");
    if (r < 1 || r > d)
        fail(OFDM_ERR_INVALID_ARGUMENT, "PCA to r = " + std::to_string(r) + " components of data of dimension d = " +
                                            std::to_string(d) + ": r must lie in [1, d]");
    if (int64_t(covariance.size()) != d * d)
        fail(OFDM_ERR_INVALID_ARGUMENT, "a covariance of " + std::to_string(covariance.size()) + " values for d = " +
                                            std::to_string(d));
    // Beyond double range, dsyevd would return garbage: the data are too large in magnitude.
    const double *x = rows ? rows->x : nullptr;
    const int64_t n = rows ? rows->n : 0, ldx = rows ? rows->ldx : 0;
    for (int64_t a = 0; a < d; ++a)
        if (!std::isfinite(mean[size_t(a)]))
            fail_column_overflow("the mean of column " + std::to_string(a), a, 0.0, x, n, ldx);
    for (int64_t a = 0; a < d; ++a)
        for (int64_t b = a; b < d; ++b)
            if (!std::isfinite(covariance[size_t(a * d + b)]))
                fail_column_overflow(a == b ? "the variance of column " + std::to_string(a)
                                            : "the covariance of columns " + std::to_string(a) + " and " +
                                                  std::to_string(b),
                                     a, mean[size_t(a)], x, n, ldx);
    std::vector<double> covariance_diagonal(static_cast<size_t>(d));
    for (int64_t a = 0; a < d; ++a) covariance_diagonal[size_t(a)] = covariance[size_t(a * d + a)];
    std::vector<double> ascending(static_cast<size_t>(d));
    int info;
    {
        const SerialBlas serial_blas;  // the same bits whatever OpenBLAS's thread count
        info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', int(d), covariance.data(), int(d), ascending.data());
    }
    if (info != 0) {
        if (info < 0) fail(OFDM_ERR_INVALID_ARGUMENT, "the covariance could not be decomposed (LAPACK dsyevd failed)");
        fail(OFDM_ERR_SINGULAR, "the eigendecomposition of the covariance did not converge (LAPACK dsyevd info = " +
                                    std::to_string(info) + ")");
    }
    const double largest = ascending[size_t(d - 1)];
    if (std::isinf(largest)) {
        // Finite entries whose sum is not (every variance near 1e308): name the widest column.
        int64_t widest = 0;
        for (int64_t a = 1; a < d; ++a)
            if (covariance_diagonal[size_t(a)] > covariance_diagonal[size_t(widest)]) widest = a;
        fail_column_overflow("the largest eigenvalue of the covariance (of column " + std::to_string(widest) +
                                 " and others)",
                             widest, mean[size_t(widest)], x, n, ldx);
    }
    if (!(largest > 0.0) || !std::isfinite(largest))
        fail(OFDM_ERR_INVALID_ARGUMENT, std::string("the data are constant, so ") + name + " has no direction to keep");
    int64_t rank = 0;
    for (double lambda : ascending)
        if (lambda > kRelativeRank * largest) ++rank;
    if (rank < r) {
        std::ostringstream message;
        message << "the data's covariance has numerical rank " << rank << " (eigenvalues above 1e-12 of the largest) < "
                << r << ": ";
        if (kind == OFDM_COORDINATES_WHITEN)
            message << "whitening cannot invert it; use OFDM_COORDINATES_PCA with a basis of dimension <= " << rank;
        else
            message << "PCA can keep at most " << rank << " components";
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    CoordinateMap map;
    map.kind_ = kind;
    map.data_dim_ = d;
    map.latent_dim_ = r;
    map.shift_ = std::move(mean);
    map.eigenvalues_.resize(size_t(r));
    map.eigenvectors_.resize(size_t(d * r));
    for (int64_t c = 0; c < r; ++c) {
        const int64_t source = d - 1 - c;  // dsyevd sorts ascending; we keep the largest first
        map.eigenvalues_[size_t(c)] = ascending[size_t(source)];
        // An eigenvector's sign is arbitrary: fix it (largest entry positive, the first of equal
        // magnitude) so that the same covariance gives the same map on every machine.
        int64_t pivot = 0;
        for (int64_t a = 1; a < d; ++a)
            if (std::fabs(covariance[size_t(a * d + source)]) > std::fabs(covariance[size_t(pivot * d + source)]))
                pivot = a;
        const double sign = covariance[size_t(pivot * d + source)] < 0 ? -1.0 : 1.0;
        for (int64_t a = 0; a < d; ++a) map.eigenvectors_[size_t(a * r + c)] = sign * covariance[size_t(a * d + source)];
    }
    map.build_linear();
    // With finite eigenvalues above 1e-12 of the largest, W and W⁺ are finite (|W| <= λ_r^{-1/2} <=
    // 5e161 even for subnormal data); checked anyway, since a model must decode finitely.
    for (const std::vector<double> *matrix : {&map.forward_, &map.inverse_})
        for (double v : *matrix)
            if (!std::isfinite(v))
                fail(OFDM_ERR_OVERFLOW, std::string("the ") + name +
                                            " matrix of the covariance is not finite: the data's spread is beyond "
                                            "double range; rescale the data");
    return map;
}

CoordinateMap CoordinateMap::from_eigen(int32_t kind, std::vector<double> mean, std::vector<double> eigenvalues,
                                        std::vector<double> eigenvectors) {
    CoordinateMap map;
    map.kind_ = kind;
    map.data_dim_ = int64_t(mean.size());
    map.latent_dim_ = int64_t(eigenvalues.size());
    map.shift_ = std::move(mean);
    map.eigenvalues_ = std::move(eigenvalues);
    map.eigenvectors_ = std::move(eigenvectors);
    map.build_linear();
    return map;
}

void CoordinateMap::build_linear() {
    const int64_t d = data_dim_, r = latent_dim_;
    // PCA: W = Λ^{-1/2} Uᵀ, W⁺ = U Λ^{1/2}. Whitening: both multiplied by U on the other side.
    std::vector<double> root(static_cast<size_t>(r)), inverse_root(static_cast<size_t>(r));
    log_abs_det_ = 0.0;
    for (int64_t c = 0; c < r; ++c) {
        root[size_t(c)] = std::sqrt(eigenvalues_[size_t(c)]);
        inverse_root[size_t(c)] = 1.0 / root[size_t(c)];
        log_abs_det_ -= 0.5 * std::log(eigenvalues_[size_t(c)]);
    }
    std::vector<double> scaled_down(size_t(d * r)), scaled_up(size_t(d * r));  // U Λ^{∓1/2}, d × r
    for (int64_t a = 0; a < d; ++a)
        for (int64_t c = 0; c < r; ++c) {
            scaled_down[size_t(a * r + c)] = eigenvectors_[size_t(a * r + c)] * inverse_root[size_t(c)];
            scaled_up[size_t(a * r + c)] = eigenvectors_[size_t(a * r + c)] * root[size_t(c)];
        }
    if (kind_ == OFDM_COORDINATES_PCA) {
        forward_.resize(size_t(r * d));
        inverse_.resize(size_t(r * d));
        for (int64_t c = 0; c < r; ++c)
            for (int64_t a = 0; a < d; ++a) {
                forward_[size_t(c * d + a)] = scaled_down[size_t(a * r + c)];
                inverse_[size_t(c * d + a)] = scaled_up[size_t(a * r + c)];
            }
        return;
    }
    // Whitening: both are symmetric, so (W⁺)ᵀ = W⁺.
    forward_.assign(size_t(d * d), 0.0);
    inverse_.assign(size_t(d * d), 0.0);
    const SerialBlas serial_blas;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(d), int(d), int(r), 1.0, scaled_down.data(), int(r),
                eigenvectors_.data(), int(r), 0.0, forward_.data(), int(d));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(d), int(d), int(r), 1.0, scaled_up.data(), int(r),
                eigenvectors_.data(), int(r), 0.0, inverse_.data(), int(d));
}

void CoordinateMap::to_latent(const double *x, int64_t n, int64_t ldx, double *z, int64_t ldz,
                              std::vector<double> *scratch) const {
    const int64_t d = data_dim_, r = latent_dim_;
    if (!is_linear()) {
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < d; ++j) {
                const double value = x[i * ldx + j];
                z[i * ldz + j] = kind_ == OFDM_COORDINATES_NONE ? value : (value - shift_[size_t(j)]) / scale_[size_t(j)];
            }
        return;
    }
    std::vector<double> own;
    double *centred = block_scratch(scratch, own);
    for (int64_t first = 0; first < n; first += kBlockRows) {
        const int64_t rows = std::min(kBlockRows, n - first);
        for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < d; ++j) centred[i * d + j] = x[(first + i) * ldx + j] - shift_[size_t(j)];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(rows), int(r), int(d), 1.0, centred, int(d),
                    forward_.data(), int(d), 0.0, z + first * ldz, int(ldz));
    }
}

void CoordinateMap::from_latent(const double *z, int64_t n, int64_t ldz, double *x, int64_t ldx,
                                std::vector<double> *scratch) const {
    const int64_t d = data_dim_;
    if (!is_linear()) {
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < d; ++j) {
                const double value = z[i * ldz + j];
                x[i * ldx + j] = kind_ == OFDM_COORDINATES_NONE ? value : shift_[size_t(j)] + scale_[size_t(j)] * value;
            }
        return;
    }
    latent_rows_times(inverse_, z, n, ldz, x, ldx, scratch);  // X = Z W⁺ᵀ
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) x[i * ldx + j] += shift_[size_t(j)];
}

void CoordinateMap::pull_back_gradient(const double *s_z, int64_t n, int64_t ld_z, double *s_x, int64_t ld_x,
                                       std::vector<double> *scratch) const {
    const int64_t d = data_dim_;
    if (!is_linear()) {
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < d; ++j)
                s_x[i * ld_x + j] = kind_ == OFDM_COORDINATES_NONE ? s_z[i * ld_z + j] : s_z[i * ld_z + j] / scale_[size_t(j)];
        return;
    }
    latent_rows_times(forward_, s_z, n, ld_z, s_x, ld_x, scratch);  // row form of s_x = Wᵀ s_z: S_x = S_z W
}

void CoordinateMap::latent_rows_times(const std::vector<double> &matrix, const double *in, int64_t n, int64_t ld_in,
                                      double *out, int64_t ld_out, std::vector<double> *scratch) const {
    const int64_t d = data_dim_, r = latent_dim_;
    std::vector<double> own;
    double *latent = block_scratch(scratch, own);
    for (int64_t first = 0; first < n; first += kBlockRows) {
        const int64_t rows = std::min(kBlockRows, n - first);
        for (int64_t i = 0; i < rows; ++i)
            for (int64_t c = 0; c < r; ++c) latent[i * r + c] = in[(first + i) * ld_in + c];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(rows), int(d), int(r), 1.0, latent, int(r),
                    matrix.data(), int(d), 0.0, out + first * ld_out, int(ld_out));
    }
}

size_t CoordinateMap::scratch_size() const { return is_linear() ? size_t(kBlockRows * data_dim_) : 0; }

double *CoordinateMap::block_scratch(std::vector<double> *scratch, std::vector<double> &own) const {
    std::vector<double> &use = scratch ? *scratch : own;
    if (use.size() < scratch_size()) use.resize(scratch_size());
    return use.data();
}

bool CoordinateMap::same_as(const CoordinateMap &other) const {
    return kind_ == other.kind_ && data_dim_ == other.data_dim_ && latent_dim_ == other.latent_dim_ &&
           same_bits(shift_, other.shift_) && same_bits(scale_, other.scale_) &&
           same_bits(eigenvalues_, other.eigenvalues_) && same_bits(eigenvectors_, other.eigenvectors_);
}

void CoordinateMap::add_to(Fingerprint &h) const {
    h.word(kind_);
    h.word(data_dim_);
    // The latent dimension and the eigen data only for the linear maps, so that the fingerprints
    // of the per-coordinate maps are those of earlier versions (exported arrays stay importable).
    if (is_linear()) h.word(latent_dim_);
    for (double v : shift_) h.number(v);
    for (double v : scale_) h.number(v);
    for (double v : eigenvalues_) h.number(v);
    for (double v : eigenvectors_) h.number(v);
}

std::string invalid_eigen(const std::vector<double> &eigenvalues, const std::vector<double> &eigenvectors,
                          int64_t data_dim) {
    const int64_t r = int64_t(eigenvalues.size()), d = data_dim;
    if (r < 1 || r > d) return "the number of components is not in [1, d]";
    if (int64_t(eigenvectors.size()) != d * r) return "the eigenvector matrix has the wrong size";
    for (int64_t c = 0; c < r; ++c) {
        const double lambda = eigenvalues[size_t(c)];
        if (!(lambda > 0.0) || !std::isfinite(lambda) || !std::isfinite(1.0 / std::sqrt(lambda)))
            return "eigenvalue " + std::to_string(c) + " is not a positive finite number";
        if (c > 0 && lambda > eigenvalues[size_t(c - 1)]) return "the eigenvalues are not decreasing";
    }
    for (double v : eigenvectors)
        if (!std::isfinite(v)) return "an eigenvector entry is not finite";
    // UᵀU = I to 1e-10: a map whose W⁺ does not invert W would decode samples wrongly.
    std::vector<double> gram(size_t(r * r));
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(r), int(r), int(d), 1.0, eigenvectors.data(), int(r),
                eigenvectors.data(), int(r), 0.0, gram.data(), int(r));
    for (int64_t a = 0; a < r; ++a)
        for (int64_t b = 0; b < r; ++b)
            if (std::fabs(gram[size_t(a * r + b)] - (a == b ? 1.0 : 0.0)) > 1e-10)
                return "the eigenvectors are not orthonormal";
    return "";
}

}  // namespace ofdm

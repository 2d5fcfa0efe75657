#include "coordinates.h"

#include <cmath>
#include <string>

#include "math/error.h"

namespace ofdm {

CoordinateMap::CoordinateMap(int32_t kind, int64_t dim, std::vector<double> shift, std::vector<double> scale)
    : kind_(kind), dim_(dim), shift_(std::move(shift)), scale_(std::move(scale)) {}

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
    for (int64_t j = 0; j < dim; ++j) {
        scale[size_t(j)] = std::sqrt(scale[size_t(j)] / double(n));
        // A spread below 1e-300 cannot be inverted without overflow: treat it as constant.
        if (!(scale[size_t(j)] > 1e-300) || !std::isfinite(1.0 / scale[size_t(j)]))
            fail(OFDM_ERR_INVALID_ARGUMENT,
                 "column " + std::to_string(j) +
                     " of x is constant, so it cannot be standardized; drop it or use "
                     "OFDM_COORDINATES_NONE");
    }
    return CoordinateMap(OFDM_COORDINATES_STANDARDIZE, dim, std::move(mean), std::move(scale));
}

void CoordinateMap::to_latent(const double *x, int64_t n, int64_t ldx, double *z, int64_t ldz) const {
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < dim_; ++j) {
            const double value = x[i * ldx + j];
            z[i * ldz + j] = kind_ == OFDM_COORDINATES_NONE ? value : (value - shift_[size_t(j)]) / scale_[size_t(j)];
        }
}

void CoordinateMap::from_latent(const double *z, int64_t n, int64_t ldz, double *x, int64_t ldx) const {
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < dim_; ++j) {
            const double value = z[i * ldz + j];
            x[i * ldx + j] = kind_ == OFDM_COORDINATES_NONE ? value : shift_[size_t(j)] + scale_[size_t(j)] * value;
        }
}

void CoordinateMap::pull_back_gradient(double *s, int64_t n, int64_t lds) const {
    if (kind_ == OFDM_COORDINATES_NONE) return;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < dim_; ++j) s[i * lds + j] /= scale_[size_t(j)];
}

double CoordinateMap::log_abs_det() const {
    double value = 0.0;
    if (kind_ == OFDM_COORDINATES_STANDARDIZE)
        for (double s : scale_) value -= std::log(s);
    return value;
}

}  // namespace ofdm

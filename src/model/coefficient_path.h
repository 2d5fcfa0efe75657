// The coefficients α(t) along a sampler's time grid. Solving the K × K system at every step
// would dominate sampling for large bases, so for those α is interpolated. α(t) = G(t)⁻¹ b(t) is
// analytic for t > 0, but its nearest singularities sit just below t = 0 (where G(t), a Gram
// matrix only for t >= 0, can turn indefinite), so in t or e^{−t} polynomial interpolation
// converges slowly near t_min. In v = log t a singularity at t = −δ lies at log δ + iπ: at least
// π from the real axis whatever δ, and Chebyshev interpolation in v converges geometrically.
// The node count doubles until direct solves at check points between the nodes agree to
// kInterpolationTolerance; small bases, the perturbation mode, grids reaching t = 0 and grids
// with few times are solved directly.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ofdm {

// Relative coefficient error (‖α_interp − α_direct‖₂ / ‖α_direct‖₂) the interpolation must meet
// at its check points; tests/model/test_coefficient_path.cpp requires 1e-6 on the whole grid.
constexpr double kInterpolationTolerance = 1e-9;

class CoefficientPath {
public:
    // α at each of `times` (any order). `force_interpolation` is for tests.
    CoefficientPath(const Model &model, const std::vector<double> &times, bool force_interpolation = false);

    const double *at(size_t time_index) const { return alphas_.data() + time_index * size_t(size_); }
    bool interpolated() const { return interpolated_; }
    int64_t nodes() const { return nodes_; }              // Chebyshev nodes used (0: direct)
    double measured_error() const { return measured_error_; }  // max relative error at the checks

private:
    int64_t size_;
    std::vector<double> alphas_;
    bool interpolated_ = false;
    int64_t nodes_ = 0;
    double measured_error_ = 0.0;
};

}  // namespace ofdm

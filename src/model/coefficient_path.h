// The coefficients α(t) along a sampler's time grid. Solving the K × K system at every step
// would dominate sampling for large bases, so for those α comes from the flow's CoefficientCurve
// (coefficient_curve.h: Chebyshev pieces in v = log t, split where α varies fast, checked against
// direct solves between the nodes) over the grid's span, evaluated at the grid's times. Small
// bases, the perturbation mode, one-time grids, and grids with fewer times than the curve would
// need solves are solved directly.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ofdm {

// Relative coefficient error (‖α_interp − α_direct‖₂ / ‖α_direct‖₂) the curve aims for at its
// check points (it accepts the solves' own rounding noise when that is larger, up to 1e-2);
// tests/model/test_coefficient_path.cpp requires 1e-6 on the whole grid.
constexpr double kInterpolationTolerance = 1e-9;

class CoefficientPath {
public:
    // α at each of `times` (any order). `force_interpolation` (for tests) ignores the size below
    // which direct solves are cheaper, not the count of times.
    CoefficientPath(const Model &model, const std::vector<double> &times, bool force_interpolation = false);

    const double *at(size_t time_index) const { return alphas_.data() + time_index * size_t(size_); }
    bool interpolated() const { return interpolated_; }
    int64_t nodes() const { return nodes_; }              // solves behind the curve (0: direct)
    double measured_error() const { return measured_error_; }  // max relative error at the checks

private:
    int64_t size_;
    std::vector<double> alphas_;
    bool interpolated_ = false;
    int64_t nodes_ = 0;
    double measured_error_ = 0.0;
};

}  // namespace ofdm

#include "coefficient_path.h"

#include <algorithm>
#include <cmath>

#include "math/error.h"
#include "model/coefficient_curve.h"

namespace ofdm {

namespace {
// Below this many floating-point operations for all direct solves, interpolation is not worth it.
constexpr double kDirectSolveBudget = 2e9;
}  // namespace

CoefficientPath::CoefficientPath(const Model &model, const std::vector<double> &times, bool force_interpolation)
    : size_(model.basis().size()) {
    const int64_t K = size_;
    alphas_.assign(times.size() * size_t(K), 0.0);
    const double solve_cost = double(K) * double(K) * double(K) / 3.0;
    const bool direct = model.settings().time_mode == OFDM_TIME_PERTURBATION ||
                        (!force_interpolation && double(times.size()) * solve_cost <= kDirectSolveBudget);
    auto solve_all_directly = [&] {
        for (size_t i = 0; i < times.size(); ++i) {
            const std::vector<double> alpha = model.coefficients_at(times[i]);
            std::copy(alpha.begin(), alpha.end(), alphas_.begin() + i * size_t(K));
        }
    };
    if (direct || times.empty()) {
        solve_all_directly();
        return;
    }
    double lo = INFINITY, hi = -INFINITY;  // the span of the grid
    for (double t : times) lo = std::min(lo, t), hi = std::max(hi, t);
    if (!(hi > lo) || !std::isfinite(hi)) {  // one time
        solve_all_directly();
        return;
    }
    // The flow's curve over the grid's span, at the sampler's tolerance, unless it would cost
    // more solves than the grid has times.
    // A curve that cannot reach 1e-2 anywhere (OFDM_ERR_SINGULAR: α varies too fast near t_min at
    // high degree and ridge 0) gives way to direct solves too: the sampler, unlike the flow, has
    // them at every time it needs; a system that does not solve then throws from them.
    std::unique_ptr<CoefficientCurve> curve;
    try {
        curve = CoefficientCurve::within(model, lo, hi, kInterpolationTolerance, int64_t(times.size()));
    } catch (const Error &e) {
        if (e.status() != OFDM_ERR_SINGULAR) throw;
    }
    if (!curve) {
        solve_all_directly();
        return;
    }
    interpolated_ = true;
    nodes_ = curve->nodes();
    measured_error_ = curve->measured_error();
    for (size_t i = 0; i < times.size(); ++i) curve->at(times[i], alphas_.data() + i * size_t(K));
}

}  // namespace ofdm

#include "coefficient_path.h"

#include <algorithm>
#include <cmath>

#include "math/chebyshev.h"
#include "math/error.h"

namespace ofdm {

namespace {

double relative_difference(const std::vector<double> &a, const double *b) {
    double difference = 0.0, norm = 0.0;
    for (size_t k = 0; k < a.size(); ++k) {
        difference += (a[k] - b[k]) * (a[k] - b[k]);
        norm += a[k] * a[k];
    }
    return norm > 0.0 ? std::sqrt(difference / norm) : std::sqrt(difference);
}

// Below this many floating-point operations for all direct solves, interpolation is not worth it.
constexpr double kDirectSolveBudget = 2e9;
constexpr int64_t kMaxNodes = 256;

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
    double lo = INFINITY, hi = -INFINITY;  // the v = log t interval of the grid
    for (double t : times) lo = std::min(lo, std::log(t)), hi = std::max(hi, std::log(t));
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {  // one time, or t = 0 or ∞
        solve_all_directly();
        return;
    }
    // Interpolate γ_k(t) = e^{|k| t} α_k(t), which first-order perturbation theory says is nearly
    // constant (DESIGN §1), instead of α_k itself, which falls by e^{−|k| t} over the grid.
    std::vector<double> degree(static_cast<size_t>(K));
    for (int64_t k = 0; k < K; ++k) degree[size_t(k)] = model.basis()[k].total_degree();
    auto scale = [&](double t, double *alpha, double sign) {
        for (int64_t k = 0; k < K; ++k) alpha[k] *= std::exp(sign * degree[size_t(k)] * t);
    };
    auto solve_at = [&](double v) {
        std::vector<double> gamma = model.coefficients_at(std::exp(v));
        scale(std::exp(v), gamma.data(), 1.0);
        return gamma;
    };
    std::vector<std::vector<double>> values;
    int64_t m = 16;
    for (int64_t i = 0; i <= m; ++i) values.push_back(solve_at(lobatto_point(lo, hi, i, m)));
    std::vector<double> estimate(static_cast<size_t>(K));
    for (;;) {
        // Check halfway between nodes, where the interpolation error peaks; these are exactly
        // the new points of the next refinement, so a failed check is not wasted.
        std::vector<std::vector<double>> refined(size_t(2 * m + 1));
        double worst = 0.0;
        for (int64_t i = 0; i <= 2 * m; ++i) {
            if (i % 2 == 0) {
                refined[size_t(i)] = values[size_t(i / 2)];
                continue;
            }
            const double u = lobatto_point(lo, hi, i, 2 * m);
            refined[size_t(i)] = solve_at(u);
            barycentric_interpolate(values, lo, hi, u, K, estimate.data());
            std::vector<double> exact = refined[size_t(i)];  // compare α, not γ
            scale(std::exp(u), exact.data(), -1.0);
            scale(std::exp(u), estimate.data(), -1.0);
            worst = std::max(worst, relative_difference(exact, estimate.data()));
        }
        if (worst <= kInterpolationTolerance) {
            // The refined set is at least as accurate as the one just checked: use it.
            interpolated_ = true;
            nodes_ = 2 * m + 1;
            measured_error_ = worst;
            for (size_t i = 0; i < times.size(); ++i) {
                barycentric_interpolate(refined, lo, hi, std::log(times[i]), K, alphas_.data() + i * size_t(K));
                scale(times[i], alphas_.data() + i * size_t(K), -1.0);
            }
            return;
        }
        values = std::move(refined);
        m *= 2;
        if (2 * m + 1 > kMaxNodes || m >= int64_t(times.size())) {
            solve_all_directly();  // interpolation would cost as much as solving every time
            return;
        }
    }
}

}  // namespace ofdm

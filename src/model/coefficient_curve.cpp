#include "coefficient_curve.h"

#include <algorithm>
#include <cmath>

#include "math/chebyshev.h"
#include "math/checked_size.h"
#include "math/error.h"

namespace ofdm {

namespace {
constexpr double kFloorTime = 1e-6;
constexpr int64_t kMaxCurveNodes = 129;
constexpr int kMaxSplits = 8;
constexpr int kMaxSegmentSplits = 16;
// γ_k = e^{r_k t} α_k with r_k = min(|k|, kMaxRate). Scaling by the full e^{|k| t} (as the
// samplers' path does on [t_min, 5]) would, at t = 8 and |k| = 12, multiply the solves' rounding
// noise in the vanishing high-degree coefficients by e^{96} and wreck the interpolant; capped at 2,
// γ keeps the O(1) size of the dominant low-degree terms, and the high-degree ones decay smoothly.
constexpr int32_t kMaxRate = 2;
constexpr double kNoiseTolerance = 1e-2;
constexpr double kFallbackTolerance = 1e-2;  // at the finest split
constexpr int64_t kPieceNodes = 9;        // Lobatto points per evaluation piece (degree 8)
constexpr double kMaxPieceWidth = 0.25;  // in v = log t

double relative_difference(const std::vector<double> &a, const std::vector<double> &b) {
    double difference = 0.0, norm = 0.0;
    for (size_t k = 0; k < a.size(); ++k) {
        difference += (a[k] - b[k]) * (a[k] - b[k]);
        norm += a[k] * a[k];
    }
    return norm > 0.0 ? std::sqrt(difference / norm) : std::sqrt(difference);
}
}  // namespace

// Thrown by solve() past max_solves_, caught by within().
struct OverBudget {};

CoefficientCurve::CoefficientCurve(const Model &model, double t_lo, double t_hi, double tolerance)
    : CoefficientCurve(model, t_lo, t_hi, tolerance, 0) {}

std::unique_ptr<CoefficientCurve> CoefficientCurve::within(const Model &model, double t_lo, double t_hi,
                                                           double tolerance, int64_t max_solves) {
    try {
        return std::unique_ptr<CoefficientCurve>(new CoefficientCurve(model, t_lo, t_hi, tolerance, std::max<int64_t>(1, max_solves)));
    } catch (const OverBudget &) {
        return nullptr;
    }
}

std::vector<double> CoefficientCurve::solve(double t) {
    if (max_solves_ > 0 && ++solves_ > max_solves_) throw OverBudget{};
    return model_.coefficients_at(t);
}

CoefficientCurve::CoefficientCurve(const Model &model, double t_lo, double t_hi, double tolerance, int64_t max_solves)
    : model_(model), size_(model.basis().size()), t_lo_(t_lo), t_hi_(t_hi), tolerance_(tolerance),
      max_solves_(max_solves), exact_(model.settings().time_mode == OFDM_TIME_PERTURBATION) {
    if (!(t_lo >= 0.0 && t_hi > t_lo && std::isfinite(t_hi)))
        fail(OFDM_ERR_INTERNAL, "a coefficient curve needs 0 <= t_lo < t_hi < inf");
    if (!(tolerance > 0.0)) fail(OFDM_ERR_INTERNAL, "a coefficient curve needs a tolerance > 0");
    for (int64_t k = 0; k < size_; ++k) {
        degree_.push_back(model.basis()[k].total_degree());
        rate_.push_back(std::min(model.basis()[k].total_degree(), kMaxRate));
        max_degree_ = std::max(max_degree_, model.basis()[k].total_degree());
    }
    alpha_zero_ = solve(0.0);
    if (exact_) return;
    t_floor_ = std::max(t_lo, std::min(kFloorTime, 1e-3 * t_hi));
    if (t_lo < t_floor_) alpha_floor_ = solve(t_floor_);
    build(std::log(t_floor_), std::log(t_hi), 0);
    resample();
}

void CoefficientCurve::interpolate_checked(double v, double *gamma) const {
    size_t p = 0;
    while (p + 1 < pieces_.size() && v > pieces_[p].hi) ++p;
    const Piece &piece = pieces_[p];
    barycentric_interpolate(piece.values, piece.lo, piece.hi, std::clamp(v, piece.lo, piece.hi), size_, gamma);
}

void CoefficientCurve::resample() {
    const int64_t m = kPieceNodes - 1;
    for (int64_t i = 0; i <= m; ++i) {
        unit_nodes_.push_back(lobatto_point(0.0, 1.0, i, m));
        node_weights_.push_back(((i % 2) ? -1.0 : 1.0) * ((i == 0 || i == m) ? 0.5 : 1.0));
    }
    for (const Piece &piece : pieces_) {
        const int64_t count = std::max<int64_t>(1, int64_t(std::ceil((piece.hi - piece.lo) / kMaxPieceWidth)));
        const double width = (piece.hi - piece.lo) / double(count);
        for (int64_t p = 0; p < count; ++p)
            add_segment(piece.lo + double(p) * width, p + 1 == count ? piece.hi : piece.lo + double(p + 1) * width,
                        std::max(tolerance_, piece.error), 0);
    }
}

void CoefficientCurve::add_segment(double lo, double hi, double target, int depth) {
    const size_t offset = segment_values_.size();
    segment_values_.resize(offset + size_t(checked_mul(kPieceNodes, size_, "curve segment")));
    for (int64_t i = 0; i < kPieceNodes; ++i)
        interpolate_checked(lo + (hi - lo) * unit_nodes_[size_t(i)], segment_values_.data() + offset + size_t(i * size_));
    segments_.push_back({lo, hi, offset});
    // The resampling error, where it peaks: between the end nodes and in the middle.
    std::vector<double> checked(static_cast<size_t>(size_)), resampled(static_cast<size_t>(size_));
    double worst = 0.0;
    for (const double x : {0.5 * (unit_nodes_[0] + unit_nodes_[1]), 0.5 * (unit_nodes_[4] + unit_nodes_[5]),
                           0.5 * (unit_nodes_[7] + unit_nodes_[8])}) {
        const double v = lo + (hi - lo) * x;
        interpolate_checked(v, checked.data());
        evaluate_segment(segments_.back(), v, resampled.data());
        worst = std::max(worst, relative_difference(checked, resampled));
    }
    if (worst <= target || depth >= kMaxSegmentSplits) {
        measured_error_ = std::max(measured_error_, worst);
        return;
    }
    segments_.pop_back();
    segment_values_.resize(offset);
    add_segment(lo, 0.5 * (lo + hi), target, depth + 1);
    add_segment(0.5 * (lo + hi), hi, target, depth + 1);
}

void CoefficientCurve::evaluate_segment(const Segment &segment, double v, double *gamma) const {
    const double u = (v - segment.lo) / (segment.hi - segment.lo);
    const double *values = segment_values_.data() + segment.offset;
    double weight[kPieceNodes], total = 0.0;
    for (int64_t i = 0; i < kPieceNodes; ++i) {
        const double difference = u - unit_nodes_[size_t(i)];
        if (difference == 0.0) {
            std::copy(values + i * size_, values + (i + 1) * size_, gamma);
            return;
        }
        total += weight[i] = node_weights_[size_t(i)] / difference;
    }
    std::fill(gamma, gamma + size_, 0.0);
    for (int64_t i = 0; i < kPieceNodes; ++i) {
        const double w = weight[i] / total;
        for (int64_t k = 0; k < size_; ++k) gamma[k] += w * values[i * size_ + k];
    }
}

int64_t CoefficientCurve::nodes() const {
    int64_t total = 0;
    for (const Piece &p : pieces_) total += int64_t(p.values.size());
    return total;
}

void CoefficientCurve::build(double v_lo, double v_hi, int depth) {
    auto solve_at = [&](double v) {
        const double t = std::exp(v);
        std::vector<double> gamma = solve(t);
        for (int64_t k = 0; k < size_; ++k) gamma[size_t(k)] *= std::exp(rate_[size_t(k)] * t);
        return gamma;
    };
    std::vector<std::vector<double>> values;
    int64_t m = 8;
    for (int64_t i = 0; i <= m; ++i) values.push_back(solve_at(lobatto_point(v_lo, v_hi, i, m)));
    std::vector<double> estimate(static_cast<size_t>(size_)), exact, interpolated;
    double previous = INFINITY, best = INFINITY;
    for (;;) {
        // Check halfway between the nodes, where the error peaks; these are exactly the new
        // points of the next refinement, so a failed check is not wasted. The error is measured
        // on α, not γ.
        std::vector<std::vector<double>> refined(size_t(2 * m + 1));
        double worst = 0.0;
        for (int64_t i = 0; i <= 2 * m; ++i) {
            if (i % 2 == 0) {
                refined[size_t(i)] = values[size_t(i / 2)];
                continue;
            }
            const double v = lobatto_point(v_lo, v_hi, i, 2 * m), t = std::exp(v);
            refined[size_t(i)] = solve_at(v);
            barycentric_interpolate(values, v_lo, v_hi, v, size_, estimate.data());
            exact = refined[size_t(i)], interpolated = estimate;
            for (int64_t k = 0; k < size_; ++k) {
                exact[size_t(k)] *= std::exp(-rate_[size_t(k)] * t);
                interpolated[size_t(k)] *= std::exp(-rate_[size_t(k)] * t);
            }
            worst = std::max(worst, relative_difference(exact, interpolated));
        }
        // Accept at the target, or once refining stops helping below kNoiseTolerance: the direct
        // solves themselves then differ from the exact α by about that much (their rounding
        // error grows with the condition number of G(t): ~1e-8 relative at total degree 10 in
        // 2-D, ~5e-4 at degree 14), and no interpolant can do better than the values it is
        // built on. Below 32 nodes a slow start is not yet a stall. The flow stays exact for the
        // interpolated α: a smooth velocity field whose density it carries exactly.
        const bool stalled = m >= 32 && worst > 0.8 * previous && worst <= kNoiseTolerance;
        previous = worst;
        best = std::min(best, worst);
        if (worst <= tolerance_ || stalled) {
            measured_error_ = std::max(measured_error_, worst);
            pieces_.push_back({v_lo, v_hi, worst, std::move(refined)});
            return;
        }
        values = std::move(refined);
        m *= 2;
        if (2 * m + 1 > kMaxCurveNodes) break;
    }
    if (depth >= kMaxSplits) {
        // As fine as the budget allows: keep it when the solves' noise explains the error.
        if (!(best <= kFallbackTolerance)) {
            fail(OFDM_ERR_SINGULAR, "the coefficients alpha(t) vary too fast in t to be interpolated (relative "
                                    "error " + std::to_string(best) + " on [" + std::to_string(std::exp(v_lo)) + ", " +
                                    std::to_string(std::exp(v_hi)) + "]): the Galerkin system is nearly singular; "
                                    "set a ridge");
        }
        measured_error_ = std::max(measured_error_, best);
        pieces_.push_back({v_lo, v_hi, best, std::move(values)});
        return;
    }
    const double middle = 0.5 * (v_lo + v_hi);
    build(v_lo, middle, depth + 1);
    build(middle, v_hi, depth + 1);
}

void CoefficientCurve::at(double t, double *alpha) const {
    t = std::clamp(t, t_lo_, t_hi_);
    // e^{−s t} for every total degree s, by powers of e^{−t}: K exponentials would dominate.
    double decay[257];
    const int32_t top = std::min<int32_t>(max_degree_, int32_t(sizeof decay / sizeof *decay) - 1);
    decay[0] = 1.0;
    const double base = std::exp(-t);
    for (int32_t s = 1; s <= top; ++s) decay[s] = decay[s - 1] * base;
    auto decay_of = [&](int64_t k) {
        const int32_t s = int32_t(exact_ ? degree_[size_t(k)] : rate_[size_t(k)]);
        return s <= top ? decay[s] : std::exp(-double(s) * t);
    };
    if (exact_) {
        for (int64_t k = 0; k < size_; ++k) alpha[k] = alpha_zero_[size_t(k)] * decay_of(k);
        return;
    }
    if (t < t_floor_) {
        const double s = t / t_floor_;
        for (int64_t k = 0; k < size_; ++k)
            alpha[k] = (1.0 - s) * alpha_zero_[size_t(k)] + s * alpha_floor_[size_t(k)];
        return;
    }
    const double v = std::clamp(std::log(t), segments_.front().lo, segments_.back().hi);
    // The last segment starting at or before v.
    const auto after = std::upper_bound(segments_.begin(), segments_.end(), v,
                                        [](double value, const Segment &s) { return value < s.lo; });
    evaluate_segment(after == segments_.begin() ? segments_.front() : *(after - 1), v, alpha);
    for (int64_t k = 0; k < size_; ++k) alpha[k] *= decay_of(k);
}

}  // namespace ofdm

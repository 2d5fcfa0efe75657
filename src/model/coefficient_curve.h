// α(t) at any time of an interval, for integrators whose steps are chosen on the fly (the
// adaptive probability-flow ODE): each trajectory asks for its own times, so the K × K system
// cannot be solved per request. As coefficient_path.h explains, α(t) is analytic for t > 0 with
// its nearest singularities just below t = 0, so it is interpolated in v = log t, where they lie
// at least π from the real axis: Chebyshev interpolation of γ_k = e^{min(|k|, 2) t} α_k
// converges geometrically. The node count doubles until direct solves halfway between the nodes agree to
// the tolerance (1e-8 relative for the flow, or to the solves' own rounding noise, when that is larger and below 1e-2); an
// interval that needs more than kMaxCurveNodes is split in two.
// Near t = 0, where log t has no bottom, α is linear between α(0) and α(t_floor) for
// t < t_floor = 1e-6 (its error there, O(t_floor · |α'|), moves a flow by far less than 1e-9).
// The perturbation mode's α(t) = e^{−|k| t} α(0) is exact and needs none of this.
// Evaluation is the flow's inner loop, so the interpolant, once checked, is resampled onto many
// short pieces in v with 9 Lobatto points each: O(9 K) per call instead of O(nodes · K). Pieces
// are at most 1/4 wide and halved until the resampled values agree with the checked interpolant
// to its own accuracy between the nodes (the error is included in measured_error()): at large
// t and high degree, det G(t) has complex zeros close to the real axis, so pieces get short there.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/model.h"

namespace ofdm {

// Relative error of α the flow's curve aims for: it moves a flow trajectory by about as much
// relative to its velocity, so log-densities by well under 1e-6 nats.
constexpr double kCurveTolerance = 1e-8;

class CoefficientCurve {
public:
    // α(t) for t in [t_lo, t_hi], 0 <= t_lo < t_hi < ∞, to a relative error `tolerance` where the
    // solves' rounding allows. Costs O(nodes) solves.
    CoefficientCurve(const Model &model, double t_lo, double t_hi, double tolerance = kCurveTolerance);

    // The same, unless it would take more than max_solves solves: then nullptr, after at most
    // max_solves + 1 of them (a caller that would solve fewer times directly does so instead).
    static std::unique_ptr<CoefficientCurve> within(const Model &model, double t_lo, double t_hi, double tolerance,
                                                    int64_t max_solves);

    // alpha = α(t) (K values); t is clamped into [t_lo, t_hi]. Thread-safe, allocates nothing.
    void at(double t, double *alpha) const;

    int64_t nodes() const;                                      // solves behind the curve
    double measured_error() const { return measured_error_; }  // max relative error at the checks

private:
    struct Piece {  // Chebyshev interpolation of γ on [lo, hi] in v = log t
        double lo, hi, error;
        std::vector<std::vector<double>> values;
    };
    struct Segment {  // the evaluation form: γ at kPieceNodes Lobatto points of [lo, hi]
        double lo, hi;
        size_t offset;  // into segment_values_, K-contiguous per node
    };
    CoefficientCurve(const Model &model, double t_lo, double t_hi, double tolerance, int64_t max_solves);
    std::vector<double> solve(double t);  // α(t), counted against max_solves_
    void build(double v_lo, double v_hi, int depth);
    void interpolate_checked(double v, double *gamma) const;  // from pieces_
    void resample();
    void add_segment(double lo, double hi, double target, int depth);
    void evaluate_segment(const Segment &segment, double v, double *gamma) const;

    const Model &model_;
    int64_t size_;
    double t_lo_, t_hi_, t_floor_, tolerance_;
    int64_t max_solves_, solves_ = 0;  // max_solves_ 0: no limit
    bool exact_;  // perturbation mode
    std::vector<double> degree_, rate_, alpha_zero_, alpha_floor_;
    std::vector<Piece> pieces_;      // the checked interpolant, ordered by v
    std::vector<Segment> segments_;  // the evaluation form, ordered by v
    std::vector<double> segment_values_, unit_nodes_, node_weights_;
    int32_t max_degree_ = 0;
    double measured_error_ = 0.0;
};

}  // namespace ofdm

// The samplers' tail guard (DESIGN §4). Polynomial scores grow fast away from the data, so the
// learned part of the score, ∇h_t, is weighted by w(z, t): 1 inside a box around the data that
// widens with t like the OU marginal, box_j(t)² = e^{−2t} box_j² + (1 − e^{−2t})·16/β, fading
// linearly to 0 between 1.0 and 1.3 box widths, where the score is the base score −βz.
//
// The weight is judged where a move starts, but one coarse step from inside the box, where a
// degree-p polynomial's drift grows like |z|^{p−1}, can land orders of magnitude beyond it. So
// every move of the samplers is also judged where it ends (within_reach): a move whose noise-free
// end lies beyond the fade zone of the box at the move's end time (reach >= 1.3, or not finite)
// drops its learned drift and is the base move for that point (sampler.cpp). The guarantee: the
// learned drift never carries a point beyond 1.3 half-widths of the box, |z_j| <= |c_j(t)| +
// 1.3 half_j(t) <= |c_j| + 1.3 max(half_j, 4/sqrt(β)), whatever the step; beyond it, points move
// as the OU process alone moves them. Points whose moves end inside the fade zone are untouched.
// The box is computed without overflow for any finite stored box (a crafted file's may span
// more than the double range, or have half-widths whose squares overflow).
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ofdm {

class TailGuard {
public:
    TailGuard(const LatentBox &box, double beta, bool enabled);

    // Prepares the box at time t (centre and half-widths); call before weight().
    void set_time(double t);
    // w(z, t) in [0, 1] for one latent point of dimension d.
    double weight(const double *z) const;
    // Whether a move that used the learned drift may end at z: z is finite and, with the guard
    // on, strictly inside the outer edge of the fade zone (w(z, t) > 0).
    bool within_reach(const double *z) const;

private:
    std::vector<double> centre0_, half0_, centre_, inverse_half_;
    double beta_;
    bool enabled_;
};

}  // namespace ofdm

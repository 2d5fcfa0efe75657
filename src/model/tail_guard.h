// The samplers' tail guard (DESIGN §4). Polynomial scores grow fast away from the data, so the
// learned part of the score, ∇h_t, is weighted by w(z, t): 1 inside a box around the data that
// widens with t like the OU marginal, box_j(t)² = e^{−2t} box_j² + (1 − e^{−2t})·16/β, fading
// linearly to 0 between 1.0 and 1.3 box widths, where the score is the base score −βz.
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

private:
    std::vector<double> centre0_, half0_, centre_, inverse_half_;
    double beta_;
    bool enabled_;
};

}  // namespace ofdm

// The probability-flow ODE's tail guard. The flow velocity v_t = −∇h_t/β is a polynomial of the
// basis degree and blows up in finite time far from the data, so the raw flow is not a bijection
// of R^d and some points would get no density. The guard keeps the part of h_t of total degree
// <= 2 everywhere (its velocity is affine: it never blows up, and a Gaussian model stays exactly
// Gaussian), and fades the higher-degree part with a smooth weight w(z, t) that is 1 inside a
// box around the data, widening with t like the OU marginal (the samplers' box of tail_guard.h),
// and fading to 0 between 1.0 and 1.3 box half-widths (flow_guard.cpp says what this costs):
//   v = −(∇h_low + w ∇h_high)/β,   div v = −(Δh_low + w Δh_high + ∇w · ∇h_high)/β.
// w is a product over coordinates of a quintic smoothstep (C² in z), so the guarded velocity is
// an affine field plus a smooth compactly supported one: globally Lipschitz, its flow a
// diffeomorphism of R^d, and the log-density it carries exact and finite at every point.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ofdm {

// Basis functions of total degree <= this are never guarded.
constexpr int32_t kUnguardedDegree = 2;

class FlowGuard {
public:
    FlowGuard(const LatentBox &box, double beta, bool enabled);

    bool enabled() const { return enabled_; }
    // w(z, t) in [0, 1] and, when gradient is not null, ∇_z w (dim values).
    double weight(const double *z, double t, double *gradient) const;

private:
    std::vector<double> centre0_, half0_;
    double beta_;
    bool enabled_;
};

}  // namespace ofdm

// Evaluation of h(z) = Σ_k α_k φ_k(z) and its gradient, ∂_j φ_k = sqrt(β k_j) φ_{k−e_j} in the
// factor of coordinate j (DESIGN §1).
#pragma once

#include <cstdint>
#include <vector>

#include "basis.h"

namespace ofdm {

// The scratch memory of evaluate_expansion, allocated once: a caller that must not write its
// output before every allocation has succeeded creates it first.
struct ExpansionWorkspace {
    ExpansionWorkspace(const Basis &basis, double beta);
    std::vector<double> table, prefix, suffix, sqrt_power;
};

// For each of the n rows z_i of z (row-major, leading dimension ldz): h[i] = h(z_i) when h is
// not null, and row i of grad (leading dimension ldgrad) = ∇h(z_i) when grad is not null.
// Allocates nothing when given a workspace made for this basis and β.
void evaluate_expansion(const Basis &basis, const double *alpha, double beta, const double *z,
                        int64_t n, int64_t ldz, double *h, double *grad, int64_t ldgrad,
                        ExpansionWorkspace *workspace = nullptr);

}  // namespace ofdm

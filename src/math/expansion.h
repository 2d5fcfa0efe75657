// Evaluation of h(z) = Σ_k α_k φ_k(z) and its gradient, ∂_j φ_k = sqrt(β k_j) φ_{k−e_j} in the
// factor of coordinate j (DESIGN §1).
#pragma once

#include <cstdint>

#include "basis.h"

namespace ofdm {

// For each of the n rows z_i of z (row-major, leading dimension ldz): h[i] = h(z_i) when h is
// not null, and row i of grad (leading dimension ldgrad) = ∇h(z_i) when grad is not null.
void evaluate_expansion(const Basis &basis, const double *alpha, double beta, const double *z,
                        int64_t n, int64_t ldz, double *h, double *grad, int64_t ldgrad);

}  // namespace ofdm

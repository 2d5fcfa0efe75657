// Evaluation of h(z) = Σ_k α_k φ_k(z), its gradient, ∂_j φ_k = sqrt(β k_j) φ_{k−e_j} in the
// factor of coordinate j (DESIGN §1), and its Laplacian, ∂_j² φ_k = β sqrt(k_j (k_j − 1)) φ_{k−2e_j}.
#pragma once

#include <cstdint>
#include <vector>

#include "basis.h"

namespace ofdm {

// The scratch memory of evaluate_expansion, allocated once: a caller that must not write its
// output before every allocation has succeeded creates it first.
struct ExpansionWorkspace {
    ExpansionWorkspace(const Basis &basis, double beta);
    std::vector<double> table, prefix, suffix;
    std::vector<double> sqrt_power;    // sqrt(β p): ψ_p(sqrt(β) z)' = sqrt_power[p] ψ_{p−1}
    std::vector<double> second_power;  // β sqrt(p (p − 1)): the same for the second derivative
};

// For each of the n rows z_i of z (row-major, leading dimension ldz): h[i] = h(z_i) when h is
// not null, and row i of grad (leading dimension ldgrad) = ∇h(z_i) when grad is not null.
// Allocates nothing when given a workspace made for this basis and β.
void evaluate_expansion(const Basis &basis, const double *alpha, double beta, const double *z,
                        int64_t n, int64_t ldz, double *h, double *grad, int64_t ldgrad,
                        ExpansionWorkspace *workspace = nullptr);

// The derivatives the probability-flow ODE needs at one point z (length dim), with h split by
// total degree into h_low = Σ_{|k| <= split_degree} α_k φ_k and h_high = the rest:
// grad_low = ∇h_low, grad_high = ∇h_high (dim values each), laplacian = {Δh_low, Δh_high}.
void evaluate_split_derivatives(const Basis &basis, const double *alpha, double beta, const double *z,
                                int32_t split_degree, double *grad_low, double *grad_high, double laplacian[2],
                                ExpansionWorkspace &workspace);

}  // namespace ofdm

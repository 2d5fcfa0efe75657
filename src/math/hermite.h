// Normalized probabilists' Hermite polynomials ψ_n = He_n / sqrt(n!) (orthonormal under N(0,1))
// and the coefficients of their linearization ψ_a ψ_b = Σ_r c(a,b,r) ψ_{a+b−2r} (DESIGN §1).
#pragma once

#include <cstdint>

namespace ofdm {

// out[n] = ψ_n(y) for n = 0..max_degree, by the three-term recurrence
// ψ_{n+1} = (y ψ_n − sqrt(n) ψ_{n−1}) / sqrt(n+1), which is stable for all y.
void hermite_values(double y, int32_t max_degree, double *out);

// c(a,b,r) = sqrt(a! b! (a+b−2r)!) / (r! (a−r)! (b−r)!)
//          = sqrt(C(a,r) · C(b,r) · C(a+b−2r, a−r)),
// computed from binomials so no factorial is ever formed. Requires 0 <= r <= min(a,b) and
// a, b <= OFDM_MAX_DEGREE.
double linearization_coefficient(int32_t a, int32_t b, int32_t r);

}  // namespace ofdm

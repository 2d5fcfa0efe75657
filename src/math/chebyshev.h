// Polynomial interpolation of vector-valued functions at Chebyshev–Lobatto points, the one
// implementation behind the coefficient paths and curves of the samplers and the flow.
#pragma once

#include <cstdint>
#include <vector>

namespace ofdm {

// Chebyshev–Lobatto point i of m on [lo, hi]: mid + half·cos(π i / m), i = 0..m. Doubling m
// keeps every old point, so a refinement reuses the function values already computed.
double lobatto_point(double lo, double hi, int64_t i, int64_t m);

// Barycentric interpolation (weights (−1)^i, halved at the ends: stable for any node count) at u
// of the vectors values[i] (K entries each) given at the m + 1 = values.size() Lobatto points.
void barycentric_interpolate(const std::vector<std::vector<double>> &values, double lo, double hi, double u,
                             int64_t K, double *out);

}  // namespace ofdm

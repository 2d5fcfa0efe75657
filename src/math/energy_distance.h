// The energy distance between two point sets (Székely and Rizzo), the V-statistic
//     E(A, B) = 2·mean|a − b| − mean|a − a'| − mean|b − b'|
// over all pairs, i = j included (as tests/support and `make compare` compute it): 0 for equal
// sets, about mean|x − x'|·(1/n_a + 1/n_b) for two independent draws of one law. The adaptive
// basis compares coordinate maps by it (DESIGN §8, "Coordinates").
#pragma once

#include <cstdint>

namespace ofdm {

// Mean Euclidean distance over all pairs of rows of a (na × d) and b (nb × d), both row-major
// with leading dimension d. Squared distances come from blocked dgemm (|a|² + |b|² − 2 a·b,
// clamped at 0); call it under SerialBlas for bits independent of the thread count.
double mean_pair_distance(const double *a, int64_t na, const double *b, int64_t nb, int64_t d);

double energy_distance(const double *a, int64_t na, const double *b, int64_t nb, int64_t d);

}  // namespace ofdm

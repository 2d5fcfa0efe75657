/*
 * quality.h — how close generated samples are to real data, each figure read against the same
 * figure for real data (a training subset in place of the samples), computed in one run:
 *  - the Fréchet distance between Gaussian fits to two sets of rows;
 *  - the energy distance, V-statistic, between two sets of rows;
 *  - nearest-neighbour distances from one set to another, for the memorization ratio;
 *  - the median that summarizes those distances.
 * Distances are Euclidean; pairwise products go through cblas_dgemm in blocks and the matrix
 * square roots through LAPACKE_dsyevd. All arrays are row-major with leading dimension d, read
 * only; the functions are thread-safe but call OpenBLAS, which runs on its own threads.
 */
#ifndef DEMO_QUALITY_H
#define DEMO_QUALITY_H

#include <stdint.h>

/* FD = |μ_a − μ_b|² + tr(C_a + C_b − 2 (C_a^{1/2} C_b C_a^{1/2})^{1/2}), with μ the row means and
 * C the covariances (divisor n − 1) of a (n_a × d) and b (n_b × d); n_a, n_b >= 2. Negative
 * eigenvalues that rounding leaves in C_a or in the product are taken as 0.
 * @return 0 with *distance set, or -1 (memory, or LAPACK failed to converge). */
int quality_frechet_distance(const double *a, int64_t n_a, const double *b, int64_t n_b, int64_t d, double *distance);

/* ED = 2 E|A − B| − E|A − A'| − E|B − B'| over all pairs of rows, pairs of a row with itself
 * included (the V-statistic: >= 0, and 0 for identical sets). n_a, n_b >= 1.
 * @return 0 with *distance set, or -1 (memory). */
int quality_energy_distance(const double *a, int64_t n_a, const double *b, int64_t n_b, int64_t d, double *distance);

/* distances[i] = min_j |queries_i − reference_j| for the n_q query rows against n_r >= 1
 * reference rows, computed as sqrt(max(0, |q|² + |r|² − 2 q·r)).
 * @return 0, or -1 (memory). */
int quality_nearest_distances(const double *queries, int64_t n_q, const double *reference, int64_t n_r, int64_t d,
                              double *distances);

/* The median of n >= 1 values (the mean of the two middle ones for even n); values is not
 * changed. @return 0 with *median set, or -1 (memory). */
int quality_median(const double *values, int64_t n, double *median);

#endif

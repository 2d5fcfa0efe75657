/*
 * subset.h — reproducible random subsets of rows: a seeded permutation (Fisher–Yates driven by
 * splitmix64) and the gathering of the rows it picks. The same seed gives the same subset on
 * every machine.
 */
#ifndef DEMO_SUBSET_H
#define DEMO_SUBSET_H

#include <stdint.h>

/* A permutation of 0..n−1 drawn from seed; release with free(). NULL when n < 0 or memory runs
 * out. */
int64_t *subset_permutation(int64_t n, uint64_t seed);

/* The count rows index[0..count) of x (rows of d values, leading dimension d), copied into a new
 * count × d array; release with free(). NULL when memory runs out. */
double *subset_rows(const double *x, int64_t d, const int64_t *index, int64_t count);

#endif

/* subset.c — seeded permutations and row subsets (subset.h). */
#include "subset.h"

#include <string.h>

#include "allocation.h"

/* splitmix64 (Steele, Lea and Flood 2014): a full-period 64-bit generator that needs no table,
 * enough to shuffle data sets reproducibly. */
static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A uniform integer in 0..bound−1: the 2^64 mod bound lowest draws are refused, which leaves a
 * multiple of bound draws, so that `draw % bound` favours no residue. */
static int64_t uniform_below(uint64_t *state, uint64_t bound) {
    const uint64_t threshold = (0 - bound) % bound;
    uint64_t draw;
    do draw = next_random(state);
    while (draw < threshold);
    return (int64_t)(draw % bound);
}

int64_t *subset_permutation(int64_t n, uint64_t seed) {
    int64_t *order = demo_array(n, sizeof *order);
    uint64_t state = seed;
    int64_t i;
    if (order == NULL) return NULL;
    for (i = 0; i < n; ++i) order[i] = i;
    for (i = n - 1; i > 0; --i) {
        const int64_t j = uniform_below(&state, (uint64_t)i + 1);
        const int64_t swap = order[i];
        order[i] = order[j];
        order[j] = swap;
    }
    return order;
}

double *subset_rows(const double *x, int64_t d, const int64_t *index, int64_t count) {
    int64_t size, i;
    double *rows = demo_checked_product(count, d, &size) ? demo_array(size, sizeof *rows) : NULL;
    if (rows == NULL) return NULL;
    for (i = 0; i < count; ++i) memcpy(rows + i * d, x + index[i] * d, (size_t)d * sizeof *rows);
    return rows;
}

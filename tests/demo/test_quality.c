/*
 * test_quality.c — the demo's quality figures (examples/demo/quality.h) on point sets whose
 * answers are known in closed form. Integer coordinates keep every dgemm product exact, so the
 * tolerances below only cover the final divisions, square roots and eigensolver rounding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "quality.h"

/* LAPACK's dsyevd and the square roots: a few hundred ulps of the figures' size. */
#define EIGEN_TOLERANCE 1e-12

/* cmocka's assert_float_equal compares in single precision: too coarse for these answers. */
#define assert_close(actual, expected, tolerance) assert_close_at((actual), (expected), (tolerance), __FILE__, __LINE__)
static void assert_close_at(double actual, double expected, double tolerance, const char *file, int line) {
    if (!(fabs(actual - expected) <= tolerance))
        fail_msg("%s:%d: %.17g differs from %.17g by more than %.3g", file, line, actual, expected, tolerance);
}

/* In one dimension FD is (μ_a − μ_b)² + (σ_a − σ_b)²: a = {0, 2} (mean 1, variance 2 with divisor
 * n − 1) against b = {1, 4, 7} (mean 4, variance 9) gives 9 + (√2 − 3)². */
static void test_frechet_distance_in_one_dimension(void **state) {
    static const double a[2] = {0, 2}, b[3] = {1, 4, 7};
    double fd;
    (void)state;
    assert_int_equal(quality_frechet_distance(a, 2, b, 3, 1, &fd), 0);
    assert_close(fd, 9.0 + (sqrt(2.0) - 3.0) * (sqrt(2.0) - 3.0), EIGEN_TOLERANCE);
    assert_int_equal(quality_frechet_distance(b, 3, b, 3, 1, &fd), 0);
    assert_close(fd, 0.0, EIGEN_TOLERANCE);
}

/* With C_a = I the trace term is tr(I + C_b − 2 C_b^{1/2}), and for a 2 × 2 covariance
 * tr C^{1/2} = sqrt(tr C + 2 sqrt(det C)). a: the four points (±s, 0), (0, ±s) with s² = 3/2, so
 * that C_a = I (divisor 3). b: three points with a covariance that does not commute with a
 * rotation of the axes, so the product in the formula is not diagonal. */
static void test_frechet_distance_against_the_closed_form(void **state) {
    const double s = sqrt(1.5);
    const double a[4 * 2] = {s, 0, -s, 0, 0, s, 0, -s};
    static const double b[3 * 2] = {1, 2, 4, 5, 2, 7};
    double mean[2] = {0, 0}, cov[3] = {0, 0, 0}, fd, expected;
    int i;
    (void)state;
    for (i = 0; i < 3; ++i) mean[0] += b[2 * i] / 3.0, mean[1] += b[2 * i + 1] / 3.0;
    for (i = 0; i < 3; ++i) {
        const double u = b[2 * i] - mean[0], v = b[2 * i + 1] - mean[1];
        cov[0] += u * u / 2.0, cov[1] += u * v / 2.0, cov[2] += v * v / 2.0;
    }
    expected = mean[0] * mean[0] + mean[1] * mean[1] + 2.0 + cov[0] + cov[2] -
               2.0 * sqrt(cov[0] + cov[2] + 2.0 * sqrt(cov[0] * cov[2] - cov[1] * cov[1]));
    assert_true(fabs(cov[1]) > 1.0); /* the case is not diagonal */
    assert_int_equal(quality_frechet_distance(a, 4, b, 3, 2, &fd), 0);
    assert_close(fd, expected, EIGEN_TOLERANCE * expected);
}

/* Shifting a set by δ adds |δ|²; scaling its centred rows by c gives (1 − c)² tr C. */
static void test_frechet_distance_of_shifted_and_scaled_sets(void **state) {
    enum { N = 40, D = 5 };
    double a[N * D], shifted[N * D], scaled[N * D], mean[D] = {0}, trace = 0.0, fd;
    static const double delta[D] = {1, -2, 0.5, 0, 3};
    int i, j;
    (void)state;
    for (i = 0; i < N; ++i)
        for (j = 0; j < D; ++j) a[i * D + j] = (double)((i * (j + 3) + j * j) % 11); /* full-rank integer data */
    for (i = 0; i < N; ++i)
        for (j = 0; j < D; ++j) mean[j] += a[i * D + j] / N;
    for (i = 0; i < N; ++i)
        for (j = 0; j < D; ++j) {
            shifted[i * D + j] = a[i * D + j] + delta[j];
            scaled[i * D + j] = mean[j] + 0.25 * (a[i * D + j] - mean[j]);
            trace += (a[i * D + j] - mean[j]) * (a[i * D + j] - mean[j]) / (N - 1);
        }
    assert_int_equal(quality_frechet_distance(a, N, shifted, N, D, &fd), 0);
    assert_close(fd, 1 + 4 + 0.25 + 0 + 9, 1e-10);
    assert_int_equal(quality_frechet_distance(a, N, scaled, N, D, &fd), 0);
    assert_close(fd, 0.75 * 0.75 * trace, 1e-10 * trace);
}

/* Points on a line at integer positions: a = {0, …, n−1}, b = {o, …, o + m − 1} with o >= n. The
 * mean distance within {0..n−1} is (n² − 1)/(3n), and every a lies left of every b, so
 * E|A − B| = o + (m − 1)/2 − (n − 1)/2. n = 600 and m = 2 500 cross both block sizes. */
static void test_energy_distance_of_points_on_a_line(void **state) {
    enum { N = 600, M = 2500, D = 3, OFFSET = 1000 };
    double *a = calloc(N * D, sizeof *a), *b = calloc(M * D, sizeof *b), ed, expected;
    int i;
    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    for (i = 0; i < N; ++i) a[i * D + 1] = i; /* the line is the second axis: the others stay 0 */
    for (i = 0; i < M; ++i) b[i * D + 1] = OFFSET + i;
    expected = 2.0 * (OFFSET + (M - 1) / 2.0 - (N - 1) / 2.0) - ((double)N * N - 1) / (3.0 * N) -
               ((double)M * M - 1) / (3.0 * M);
    assert_int_equal(quality_energy_distance(a, N, b, M, D, &ed), 0);
    assert_close(ed, expected, 1e-12 * expected);
    assert_int_equal(quality_energy_distance(b, M, b, M, D, &ed), 0);
    assert_close(ed, 0.0, 1e-12 * M); /* a set against itself: the V-statistic is exactly 0 */
    free(a);
    free(b);
}

/* Two single points at distance 5 (the 3-4-5 triangle): ED = 2·5. */
static void test_energy_distance_of_two_points(void **state) {
    static const double a[2] = {0, 0}, b[2] = {3, 4};
    double ed;
    (void)state;
    assert_int_equal(quality_energy_distance(a, 1, b, 1, 2, &ed), 0);
    assert_close(ed, 10.0, 1e-15);
}

/* Reference points (2k, 0, 0), k = 0..2 999 (two reference blocks); queries (j, 3, 0) for 300 j
 * spread over 0..6 100 (two query blocks): the nearest reference is 3 away for even j, √10 for
 * odd j, and beyond the last point (5 998, 0, 0) it is sqrt((j − 5998)² + 9). */
static void test_nearest_distances_cross_every_block(void **state) {
    enum { R = 3000, Q = 300, D = 3 };
    double *reference = calloc(R * D, sizeof(double)), *queries = calloc(Q * D, sizeof(double));
    double distances[Q];
    int i;
    (void)state;
    assert_non_null(reference);
    assert_non_null(queries);
    for (i = 0; i < R; ++i) reference[i * D] = 2.0 * i;
    for (i = 0; i < Q; ++i) queries[i * D] = (double)(i * 6101 / (Q - 1)), queries[i * D + 1] = 3.0;
    assert_int_equal(quality_nearest_distances(queries, Q, reference, R, D, distances), 0);
    for (i = 0; i < Q; ++i) {
        const double x = queries[i * D];
        const double expected = x > 5998 ? sqrt((x - 5998) * (x - 5998) + 9) : ((long)x % 2 == 0 ? 3.0 : sqrt(10.0));
        assert_close(distances[i], expected, 1e-12);
    }
    assert_true(queries[(Q - 1) * D] > 5998); /* the last query is past the end */
    free(reference);
    free(queries);
}

static void test_median_of_odd_and_even_counts(void **state) {
    static const double odd[5] = {9, -1, 4, 7, 2}, even[4] = {10, 1, 4, 3};
    double median, copy[5];
    (void)state;
    memcpy(copy, odd, sizeof odd);
    assert_int_equal(quality_median(odd, 5, &median), 0);
    assert_true(median == 4.0);
    assert_memory_equal(copy, odd, sizeof odd); /* the input is not sorted in place */
    assert_int_equal(quality_median(even, 4, &median), 0);
    assert_true(median == 3.5);
    assert_int_equal(quality_median(odd, 1, &median), 0);
    assert_true(median == 9.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frechet_distance_in_one_dimension),
        cmocka_unit_test(test_frechet_distance_against_the_closed_form),
        cmocka_unit_test(test_frechet_distance_of_shifted_and_scaled_sets),
        cmocka_unit_test(test_energy_distance_of_points_on_a_line),
        cmocka_unit_test(test_energy_distance_of_two_points),
        cmocka_unit_test(test_nearest_distances_cross_every_block),
        cmocka_unit_test(test_median_of_odd_and_even_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

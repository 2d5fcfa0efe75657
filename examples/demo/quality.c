/* quality.c — Fréchet and energy distances, nearest neighbours, median (quality.h). */
#include "quality.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocation.h"

/* Rows per block of a pairwise-distance product: 256 × 2048 doubles (4 MiB) stay in cache-sized
 * dgemm calls while the blocks are large enough for OpenBLAS to run at full rate. */
#define QUERY_BLOCK 256
#define REFERENCE_BLOCK 2048

/* Mean (length d) and covariance (d × d, both triangles, divisor n − 1) of n rows. */
static int mean_and_covariance(const double *x, int64_t n, int64_t d, double *mean, double *covariance) {
    double *centred = demo_array(n * d, sizeof *centred), *ones = demo_array(n, sizeof *ones);
    int64_t i, j;
    if (centred == NULL || ones == NULL) {
        free(centred);
        free(ones);
        return -1;
    }
    for (i = 0; i < n; ++i) ones[i] = 1.0;
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)d, 1.0 / (double)n, x, (int)d, ones, 1, 0.0, mean, 1);
    for (i = 0; i < n; ++i)
        for (j = 0; j < d; ++j) centred[i * d + j] = x[i * d + j] - mean[j];
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, 1.0 / (double)(n - 1), centred, (int)d, 0.0,
                covariance, (int)d);
    for (i = 0; i < d; ++i)
        for (j = 0; j < i; ++j) covariance[i * d + j] = covariance[j * d + i];
    free(centred);
    free(ones);
    return 0;
}

/* root = C^{1/2} = V diag(sqrt(max(w, 0))) Vᵀ from C = V diag(w) Vᵀ; covariance is kept. */
static int symmetric_square_root(const double *covariance, int64_t d, double *root) {
    double *vectors = demo_array(d * d, sizeof *vectors), *scaled = demo_array(d * d, sizeof *scaled);
    double *values = demo_array(d, sizeof *values);
    int64_t i, j;
    int status = -1;
    if (vectors != NULL && scaled != NULL && values != NULL) {
        memcpy(vectors, covariance, (size_t)(d * d) * sizeof *vectors);
        if (LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)d, vectors, (lapack_int)d, values) == 0) {
            for (i = 0; i < d; ++i)
                for (j = 0; j < d; ++j) scaled[i * d + j] = vectors[i * d + j] * sqrt(fmax(values[j], 0.0));
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)d, (int)d, (int)d, 1.0, scaled, (int)d, vectors,
                        (int)d, 0.0, root, (int)d);
            status = 0;
        }
    }
    free(vectors);
    free(scaled);
    free(values);
    return status;
}

int quality_frechet_distance(const double *a, int64_t n_a, const double *b, int64_t n_b, int64_t d, double *distance) {
    double *mean_a = demo_array(d, sizeof(double)), *mean_b = demo_array(d, sizeof(double));
    double *cov_a = demo_array(d * d, sizeof(double)), *cov_b = demo_array(d * d, sizeof(double));
    double *root_a = demo_array(d * d, sizeof(double)), *product = demo_array(d * d, sizeof(double));
    double *values = demo_array(d, sizeof(double));
    int status = -1;
    if (mean_a != NULL && mean_b != NULL && cov_a != NULL && cov_b != NULL && root_a != NULL && product != NULL &&
        values != NULL && mean_and_covariance(a, n_a, d, mean_a, cov_a) == 0 &&
        mean_and_covariance(b, n_b, d, mean_b, cov_b) == 0 && symmetric_square_root(cov_a, d, root_a) == 0) {
        /* tr (C_a^{1/2} C_b C_a^{1/2})^{1/2} is the sum of the square roots of the eigenvalues of
         * the symmetric product, which needs no second square root. The product is formed in
         * two dgemm calls, reusing cov_a (no longer needed) for C_a^{1/2} C_b. */
        double mean_term = 0.0, trace = 0.0, root_trace = 0.0;
        int64_t i;
        for (i = 0; i < d; ++i) {
            mean_term += (mean_a[i] - mean_b[i]) * (mean_a[i] - mean_b[i]);
            trace += cov_a[i * d + i] + cov_b[i * d + i];
        }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)d, (int)d, (int)d, 1.0, root_a, (int)d, cov_b,
                    (int)d, 0.0, cov_a, (int)d);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)d, (int)d, (int)d, 1.0, cov_a, (int)d, root_a,
                    (int)d, 0.0, product, (int)d);
        if (LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int)d, product, (lapack_int)d, values) == 0) {
            for (i = 0; i < d; ++i) root_trace += sqrt(fmax(values[i], 0.0));
            *distance = mean_term + trace - 2.0 * root_trace;
            status = 0;
        }
    }
    free(mean_a);
    free(mean_b);
    free(cov_a);
    free(cov_b);
    free(root_a);
    free(product);
    free(values);
    return status;
}

static void squared_norms(const double *x, int64_t n, int64_t d, double *norms) {
    int64_t i;
    for (i = 0; i < n; ++i) norms[i] = cblas_ddot((int)d, x + i * d, 1, x + i * d, 1);
}

/* tile[i][j] = |a_i − b_j|² for n_a × n_b rows (tile leading dimension n_b), by one dgemm:
 * |a|² + |b|² − 2 a·b, clipped at 0 where rounding makes near-identical rows negative. */
static void squared_distance_tile(const double *a, const double *norms_a, int64_t n_a, const double *b,
                                  const double *norms_b, int64_t n_b, int64_t d, double *tile) {
    int64_t i, j;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n_a, (int)n_b, (int)d, -2.0, a, (int)d, b, (int)d, 0.0,
                tile, (int)n_b);
    for (i = 0; i < n_a; ++i)
        for (j = 0; j < n_b; ++j) tile[i * n_b + j] = fmax(tile[i * n_b + j] + norms_a[i] + norms_b[j], 0.0);
}

/* E|A − B| over all n_a·n_b pairs of rows. */
static int mean_pairwise_distance(const double *a, int64_t n_a, const double *b, int64_t n_b, int64_t d, double *mean) {
    double *norms_a = demo_array(n_a, sizeof(double)), *norms_b = demo_array(n_b, sizeof(double));
    double *tile = demo_array((int64_t)QUERY_BLOCK * REFERENCE_BLOCK, sizeof(double));
    double total = 0.0;
    int64_t i0, j0, k;
    if (norms_a == NULL || norms_b == NULL || tile == NULL) {
        free(norms_a);
        free(norms_b);
        free(tile);
        return -1;
    }
    squared_norms(a, n_a, d, norms_a);
    squared_norms(b, n_b, d, norms_b);
    for (i0 = 0; i0 < n_a; i0 += QUERY_BLOCK) {
        const int64_t rows = n_a - i0 < QUERY_BLOCK ? n_a - i0 : QUERY_BLOCK;
        for (j0 = 0; j0 < n_b; j0 += REFERENCE_BLOCK) {
            const int64_t cols = n_b - j0 < REFERENCE_BLOCK ? n_b - j0 : REFERENCE_BLOCK;
            double block_total = 0.0; /* summed per tile first: fewer large-plus-small additions */
            squared_distance_tile(a + i0 * d, norms_a + i0, rows, b + j0 * d, norms_b + j0, cols, d, tile);
            for (k = 0; k < rows * cols; ++k) block_total += sqrt(tile[k]);
            total += block_total;
        }
    }
    *mean = total / ((double)n_a * (double)n_b);
    free(norms_a);
    free(norms_b);
    free(tile);
    return 0;
}

int quality_energy_distance(const double *a, int64_t n_a, const double *b, int64_t n_b, int64_t d, double *distance) {
    double ab, aa, bb;
    if (mean_pairwise_distance(a, n_a, b, n_b, d, &ab) != 0 || mean_pairwise_distance(a, n_a, a, n_a, d, &aa) != 0 ||
        mean_pairwise_distance(b, n_b, b, n_b, d, &bb) != 0)
        return -1;
    *distance = 2.0 * ab - aa - bb;
    return 0;
}

int quality_nearest_distances(const double *queries, int64_t n_q, const double *reference, int64_t n_r, int64_t d,
                              double *distances) {
    double *norms_q = demo_array(n_q, sizeof(double)), *norms_r = demo_array(n_r, sizeof(double));
    double *tile = demo_array((int64_t)QUERY_BLOCK * REFERENCE_BLOCK, sizeof(double));
    int64_t i0, j0, i, j;
    if (norms_q == NULL || norms_r == NULL || tile == NULL) {
        free(norms_q);
        free(norms_r);
        free(tile);
        return -1;
    }
    squared_norms(queries, n_q, d, norms_q);
    squared_norms(reference, n_r, d, norms_r);
    for (i = 0; i < n_q; ++i) distances[i] = INFINITY;
    for (i0 = 0; i0 < n_q; i0 += QUERY_BLOCK) {
        const int64_t rows = n_q - i0 < QUERY_BLOCK ? n_q - i0 : QUERY_BLOCK;
        for (j0 = 0; j0 < n_r; j0 += REFERENCE_BLOCK) {
            const int64_t cols = n_r - j0 < REFERENCE_BLOCK ? n_r - j0 : REFERENCE_BLOCK;
            squared_distance_tile(queries + i0 * d, norms_q + i0, rows, reference + j0 * d, norms_r + j0, cols, d, tile);
            for (i = 0; i < rows; ++i)
                for (j = 0; j < cols; ++j) distances[i0 + i] = fmin(distances[i0 + i], tile[i * cols + j]);
        }
    }
    for (i = 0; i < n_q; ++i) distances[i] = sqrt(distances[i]);
    free(norms_q);
    free(norms_r);
    free(tile);
    return 0;
}

static int compare_doubles(const void *left, const void *right) {
    const double a = *(const double *)left, b = *(const double *)right;
    return (a > b) - (a < b);
}

int quality_median(const double *values, int64_t n, double *median) {
    double *sorted = demo_array(n, sizeof *sorted);
    if (sorted == NULL || n < 1) {
        free(sorted);
        return -1;
    }
    memcpy(sorted, values, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, compare_doubles);
    *median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    free(sorted);
    return 0;
}

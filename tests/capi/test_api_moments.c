/*
 * test_api_moments.c — streamed, merged and distributed fits as a C99 caller sees them: a fit
 * from chunks equals the in-memory ofdm_fit; merging is associative and commutative; an exported
 * array imports back bit for bit; and arrays combined the way MPI combines them (gather + ordered
 * merge for statistics, SUM and MIN for moments) equal merged accumulators. Bad input is in
 * test_bad_input_moments.c.
 */
#include "capi/support/capi_support.h"

/* The data: 1200 points of the three-mode mixture (strongly non-Gaussian) with a total-degree-4
 * basis (K = 14, d = 2): large enough for rounding to show, small enough for valgrind. */
#define MN 1200
#define MD 2

static ofdm_basis *degree4_basis(void) {
    ofdm_basis *basis = NULL;
    assert_int_equal(ofdm_basis_create_total_degree(MD, 4, 0, &basis), OFDM_OK);
    return basis;
}

static ofdm_moments *new_moments(const ofdm_basis *basis, int32_t coordinates) {
    ofdm_moments *moments = NULL;
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.coordinates = coordinates;
    assert_int_equal(ofdm_moments_create(basis, &options, &moments), OFDM_OK);
    assert_non_null(moments);
    assert_int_equal(ofdm_moments_in_statistics_pass(moments), coordinates != OFDM_COORDINATES_NONE);
    assert_int_equal(ofdm_moments_count(moments), 0);
    return moments;
}

/* Adds rows [first, last) of x in chunks of `chunk` rows. */
static void add_rows(ofdm_moments *moments, const double *x, int64_t first, int64_t last, int64_t chunk) {
    int64_t i;
    for (i = first; i < last; i += chunk) {
        const int64_t rows = last - i < chunk ? last - i : chunk;
        assert_int_equal(ofdm_moments_add(moments, x + i * MD, rows, MD), OFDM_OK);
    }
}

/* Both passes of a stream with a coordinate map over rows [first, last) (one pass without). */
static ofdm_moments *stream_rows(const ofdm_basis *basis, int32_t coordinates, const double *x, int64_t first,
                                 int64_t last, int64_t chunk) {
    ofdm_moments *moments = new_moments(basis, coordinates);
    if (coordinates != OFDM_COORDINATES_NONE) {
        add_rows(moments, x, first, last, chunk);
        assert_int_equal(ofdm_moments_count(moments), last - first);
        assert_int_equal(ofdm_moments_begin_moments(moments), OFDM_OK);
        assert_int_equal(ofdm_moments_in_statistics_pass(moments), 0);
        assert_int_equal(ofdm_moments_count(moments), 0);
    }
    add_rows(moments, x, first, last, chunk);
    assert_int_equal(ofdm_moments_count(moments), last - first);
    return moments;
}

/* The exported array; *length receives its length. The caller frees. */
static double *exported(const ofdm_moments *moments, int64_t *length) {
    double *values;
    assert_int_equal(ofdm_moments_export_length(moments, length), OFDM_OK);
    values = malloc((size_t)*length * sizeof *values);
    assert_non_null(values);
    assert_int_equal(ofdm_moments_export(moments, values), OFDM_OK);
    return values;
}

/* ‖α_a(t) − α_b(t)‖ / ‖α_b(t)‖ over t in {0, 0.3, 2}. */
static double coefficient_difference(const ofdm_model *a, const ofdm_model *b, int64_t K) {
    static const double times[3] = {0.0, 0.3, 2.0};
    double worst = 0.0, alpha[64], beta[64];
    int k, i;
    assert_true(K <= 64);
    for (k = 0; k < 3; ++k) {
        double diff = 0.0, norm = 0.0;
        assert_int_equal(ofdm_model_coefficients(a, times[k], alpha), OFDM_OK);
        assert_int_equal(ofdm_model_coefficients(b, times[k], beta), OFDM_OK);
        for (i = 0; i < K; ++i) diff += (alpha[i] - beta[i]) * (alpha[i] - beta[i]), norm += beta[i] * beta[i];
        if (sqrt(diff / norm) > worst) worst = sqrt(diff / norm);
    }
    return worst;
}

/* Entry-wise |a − b| <= tol · scale, with scale_i the magnitude the two were rounded at. */
static void assert_close_arrays(const double *a, const double *b, const double *scale, int64_t n, double tol) {
    int64_t i;
    for (i = 0; i < n; ++i)
        if (!(fabs(a[i] - b[i]) <= tol * scale[i])) {
            print_error("entry %ld: %.17g vs %.17g (scale %.3g)\n", (long)i, a[i], b[i], scale[i]);
            fail();
        }
}

/* ---- a streamed fit is the in-memory fit -------------------------------------------------- */

/* Tolerance 1e-13: the streamed standardization (or whitening: the eigenvectors of a covariance
 * that differs by a few ulps, its eigenvalues 0.2 apart) agrees with the in-memory two-pass one
 * to a few ulps, the moment sums are the same sums cut into other blocks (a few ulps of Σ|φ|), and
 * the 14 × 14 systems are well enough conditioned that the coefficients move by less than 1e-13. */
static void test_streamed_fit_in_any_chunks_equals_the_in_memory_fit(void **state) {
    static const int64_t chunks[3] = {1, 7, 1000};
    static const int32_t kinds[3] = {OFDM_COORDINATES_STANDARDIZE, OFDM_COORDINATES_NONE, OFDM_COORDINATES_WHITEN};
    double *x = mixture_sample(MN, 41);
    ofdm_basis *basis = degree4_basis();
    int c, k;
    (void)state;
    for (k = 0; k < 3; ++k) {
        ofdm_model *direct = fit_with(basis, x, MN, 1.0, kinds[k], OFDM_TIME_GALERKIN);
        for (c = 0; c < 3; ++c) {
            ofdm_moments *moments = stream_rows(basis, kinds[k], x, 0, MN, chunks[c]);
            ofdm_model *streamed = NULL;
            assert_int_equal(ofdm_fit_moments(moments, NULL, &streamed), OFDM_OK);
            assert_int_equal(ofdm_model_training_size(streamed), MN);
            if (coefficient_difference(streamed, direct, 14) > 1e-13) {
                print_error("coordinates %d, chunks of %ld: relative difference %.3g\n", kinds[k], (long)chunks[c],
                            coefficient_difference(streamed, direct, 14));
                fail();
            }
            ofdm_model_free(streamed);
            ofdm_moments_free(moments);
        }
        ofdm_model_free(direct);
    }
    ofdm_basis_free(basis);
    free(x);
}

/* PCA from 5 columns to a 2-D basis, streamed in chunks, in two shards merged through exported
 * arrays: the in-memory PCA fit to 1e-12 (measured 1.8e-13: the co-moments are plain sums cut
 * differently, and the eigenvectors move with them by ulps over the eigenvalue gaps). */
static ofdm_moments *pca_moments(const ofdm_basis *basis, const ofdm_fit_options *options, const double *statistics,
                                  int64_t length) {
    ofdm_moments *moments = NULL;
    assert_int_equal(ofdm_moments_create(basis, options, &moments), OFDM_OK);
    if (statistics) {
        assert_int_equal(ofdm_moments_import(moments, statistics, length), OFDM_OK);
        assert_int_equal(ofdm_moments_begin_moments(moments), OFDM_OK);
    }
    return moments;
}

static void test_streamed_pca_fit_equals_the_in_memory_fit(void **state) {
    enum { N = 900, D = 5, SPLIT = 400 };
    double *plane = mixture_sample(N, 43), *x = malloc(N * D * sizeof *x), *statistics, *array;
    ofdm_basis *basis = degree4_basis();
    ofdm_fit_options options;
    ofdm_moments *first, *second, *scratch;
    ofdm_model *direct = NULL, *streamed = NULL;
    int64_t i, j, statistics_length, length;
    capi_rng rng;
    (void)state;
    assert_non_null(x);
    rng.state = 44;
    for (i = 0; i < N; ++i)
        for (j = 0; j < D; ++j)
            x[i * D + j] = 3.0 + (1.0 + (double)j) * plane[2 * i] + (j % 2 ? -0.4 : 0.6) * plane[2 * i + 1] +
                           0.05 * capi_normal01(&rng);
    ofdm_fit_options_init(&options);
    options.coordinates = OFDM_COORDINATES_PCA;
    options.data_dim = D;
    assert_int_equal(ofdm_fit(basis, x, N, D, &options, &direct), OFDM_OK);

    /* Statistics pass: two shards; the second's array is imported and merged into the first. */
    first = pca_moments(basis, &options, NULL, 0);
    second = pca_moments(basis, &options, NULL, 0);
    scratch = pca_moments(basis, &options, NULL, 0);
    for (i = 0; i < SPLIT; i += 7)
        assert_int_equal(ofdm_moments_add(first, x + i * D, i + 7 <= SPLIT ? 7 : SPLIT - i, D), OFDM_OK);
    assert_int_equal(ofdm_moments_add(second, x + SPLIT * D, N - SPLIT, D), OFDM_OK);
    array = exported(second, &length);
    assert_int_equal(length, 4 + 2 * D + D * (D - 1) / 2);
    assert_int_equal(ofdm_moments_import(scratch, array, length), OFDM_OK);
    assert_int_equal(ofdm_moments_merge(first, scratch), OFDM_OK);
    free(array);
    ofdm_moments_free(second);
    ofdm_moments_free(scratch);
    /* Every rank ends the pass with the same merged statistics, hence the same map. */
    statistics = exported(first, &statistics_length);
    assert_int_equal(ofdm_moments_begin_moments(first), OFDM_OK);
    second = pca_moments(basis, &options, statistics, statistics_length);
    scratch = pca_moments(basis, &options, statistics, statistics_length);

    /* Moment pass: the same shards, combined through the exported moment array. */
    for (i = 0; i < SPLIT; i += 7)
        assert_int_equal(ofdm_moments_add(first, x + i * D, i + 7 <= SPLIT ? 7 : SPLIT - i, D), OFDM_OK);
    assert_int_equal(ofdm_moments_add(second, x + SPLIT * D, N - SPLIT, D), OFDM_OK);
    array = exported(second, &length);
    assert_int_equal(ofdm_moments_import(scratch, array, length), OFDM_OK); /* the fingerprints agree */
    assert_int_equal(ofdm_moments_merge(first, scratch), OFDM_OK);
    free(array);

    assert_int_equal(ofdm_fit_moments(first, NULL, &streamed), OFDM_OK);
    assert_int_equal(ofdm_model_dim(streamed), D);
    assert_int_equal(ofdm_model_latent_dim(streamed), 2);
    if (coefficient_difference(streamed, direct, 14) > 1e-12) {
        print_error("streamed PCA vs in-memory: relative difference %.3g\n", coefficient_difference(streamed, direct, 14));
        fail();
    }
    ofdm_model_free(streamed);
    ofdm_model_free(direct);
    ofdm_moments_free(scratch);
    ofdm_moments_free(second);
    ofdm_moments_free(first);
    free(statistics);
    ofdm_basis_free(basis);
    free(plane);
    free(x);
}

/* One accumulator serves many fits: options may change ridge and time mode (and then give the
 * in-memory fit with those options, to the same 1e-13). */
static void test_one_accumulator_serves_fits_with_other_options(void **state) {
    double *x = mixture_sample(MN, 42);
    ofdm_basis *basis = degree4_basis();
    ofdm_moments *moments = stream_rows(basis, OFDM_COORDINATES_STANDARDIZE, x, 0, MN, 100);
    ofdm_fit_options options;
    ofdm_model *streamed = NULL, *direct = NULL;
    (void)state;
    ofdm_fit_options_init(&options);
    options.time_mode = OFDM_TIME_PERTURBATION;
    options.ridge = 1e-6;
    assert_int_equal(ofdm_fit_moments(moments, &options, &streamed), OFDM_OK);
    assert_int_equal(ofdm_fit(basis, x, MN, MD, &options, &direct), OFDM_OK);
    assert_true(coefficient_difference(streamed, direct, 14) <= 1e-13);
    ofdm_model_free(streamed);
    ofdm_model_free(direct);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x);
}

/* ---- merging -------------------------------------------------------------------------------- */

/* Three shards A, B, C of the data; (A + B) + C, A + (B + C) and (C + A) + B in both passes.
 * Tolerance 1e-13 of the magnitude each entry was rounded at: two or three additions of sums of
 * at most MN terms each round at a few ulps of Σ|parts|; Chan's update for the statistics rounds
 * at a few ulps of the mean's spread and of M2. */
static void combine(ofdm_moments *into, const ofdm_moments *a, const ofdm_moments *b) {
    int64_t length;
    double *values = exported(a, &length);
    assert_int_equal(ofdm_moments_import(into, values, length), OFDM_OK);
    assert_int_equal(ofdm_moments_merge(into, b), OFDM_OK);
    free(values);
}

static void check_merges_commute_and_associate(ofdm_moments *const shard[3], ofdm_moments *scratch[3]) {
    int64_t length, i;
    double *abc, *a_bc, *cab, *scale, *parts[3];
    combine(scratch[0], shard[0], shard[1]); /* (A + B) + C */
    assert_int_equal(ofdm_moments_merge(scratch[0], shard[2]), OFDM_OK);
    combine(scratch[1], shard[1], shard[2]); /* A + (B + C) */
    combine(scratch[2], shard[0], scratch[1]);
    combine(scratch[1], shard[2], shard[0]); /* (C + A) + B */
    assert_int_equal(ofdm_moments_merge(scratch[1], shard[1]), OFDM_OK);
    assert_int_equal(ofdm_moments_count(scratch[0]), MN);
    abc = exported(scratch[0], &length);
    a_bc = exported(scratch[2], &length);
    cab = exported(scratch[1], &length);
    for (i = 0; i < 3; ++i) parts[i] = exported(shard[i], &length);
    scale = malloc((size_t)length * sizeof *scale);
    assert_non_null(scale);
    for (i = 0; i < length; ++i) scale[i] = fabs(parts[0][i]) + fabs(parts[1][i]) + fabs(parts[2][i]) + fabs(abc[i]);
    if (ofdm_moments_in_statistics_pass(shard[0]))
        for (i = 1; i <= MD; ++i) /* a mean is rounded at the data's spread, sqrt(M2 / n) */
            scale[i] += sqrt(abc[MD + i] / abc[0]);
    assert_close_arrays(abc, a_bc, scale, length, 1e-13);
    assert_close_arrays(abc, cab, scale, length, 1e-13);
    for (i = 0; i < 3; ++i) free(parts[i]);
    free(abc), free(a_bc), free(cab), free(scale);
}

static void test_merge_is_associative_and_commutative_in_both_passes(void **state) {
    double *x = mixture_sample(MN, 43);
    ofdm_basis *basis = degree4_basis();
    ofdm_moments *shard[3], *scratch[3];
    int64_t length;
    double *whole_statistics;
    int r;
    (void)state;
    for (r = 0; r < 3; ++r) {
        shard[r] = new_moments(basis, OFDM_COORDINATES_STANDARDIZE);
        scratch[r] = new_moments(basis, OFDM_COORDINATES_STANDARDIZE);
        add_rows(shard[r], x, r * MN / 3, (r + 1) * MN / 3, 50);
    }
    check_merges_commute_and_associate(shard, scratch);
    /* The moment pass needs one coordinate map everywhere: that of the merged statistics. */
    whole_statistics = exported(scratch[0], &length);
    for (r = 0; r < 3; ++r) {
        assert_int_equal(ofdm_moments_import(shard[r], whole_statistics, length), OFDM_OK);
        assert_int_equal(ofdm_moments_begin_moments(shard[r]), OFDM_OK);
        add_rows(shard[r], x, r * MN / 3, (r + 1) * MN / 3, 50);
        assert_int_equal(ofdm_moments_import(scratch[r], whole_statistics, length), OFDM_OK);
        assert_int_equal(ofdm_moments_begin_moments(scratch[r]), OFDM_OK);
    }
    check_merges_commute_and_associate(shard, scratch);
    for (r = 0; r < 3; ++r) ofdm_moments_free(shard[r]), ofdm_moments_free(scratch[r]);
    free(whole_statistics);
    ofdm_basis_free(basis);
    free(x);
}

/* Merging an accumulator into itself doubles every sample: the fit is that of the data twice. */
static void test_merging_into_itself_counts_the_samples_twice(void **state) {
    double *x = mixture_sample(MN, 44), *twice = malloc(2 * MN * MD * sizeof *twice);
    ofdm_basis *basis = degree4_basis();
    ofdm_moments *moments = stream_rows(basis, OFDM_COORDINATES_NONE, x, 0, MN, 300);
    ofdm_model *merged = NULL, *direct;
    (void)state;
    assert_non_null(twice);
    memcpy(twice, x, MN * MD * sizeof *x);
    memcpy(twice + MN * MD, x, MN * MD * sizeof *x);
    assert_int_equal(ofdm_moments_merge(moments, moments), OFDM_OK);
    assert_int_equal(ofdm_moments_count(moments), 2 * MN);
    assert_int_equal(ofdm_fit_moments(moments, NULL, &merged), OFDM_OK);
    direct = fit_with(basis, twice, 2 * MN, 1.0, OFDM_COORDINATES_NONE, OFDM_TIME_GALERKIN);
    assert_true(coefficient_difference(merged, direct, 14) <= 1e-13);
    ofdm_model_free(merged), ofdm_model_free(direct);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x), free(twice);
}

/* ---- export and import ---------------------------------------------------------------------- */

/* Export → import into a fresh accumulator → export gives the same array, bit for bit, in the
 * statistics pass and in the moment pass; the coordinate map and the fit are the same too. */
static void test_export_import_round_trips_bit_for_bit(void **state) {
    double *x = mixture_sample(MN, 45), *statistics, *again, *moment_array, *moment_again;
    ofdm_basis *basis = degree4_basis();
    ofdm_moments *source = new_moments(basis, OFDM_COORDINATES_STANDARDIZE);
    ofdm_moments *copy = new_moments(basis, OFDM_COORDINATES_STANDARDIZE);
    ofdm_model *a = NULL, *b = NULL;
    double alpha_a[14], alpha_b[14];
    int64_t length, length_again;
    (void)state;
    add_rows(source, x, 0, MN, 7);
    statistics = exported(source, &length);
    assert_int_equal(length, 4 + 2 * MD);
    assert_true(statistics[0] == MN);
    assert_int_equal(ofdm_moments_import(copy, statistics, length), OFDM_OK);
    assert_int_equal(ofdm_moments_count(copy), MN);
    again = exported(copy, &length_again);
    assert_int_equal(length_again, length);
    assert_memory_equal(again, statistics, (size_t)length * sizeof *again);

    assert_int_equal(ofdm_moments_begin_moments(source), OFDM_OK);
    assert_int_equal(ofdm_moments_begin_moments(copy), OFDM_OK);
    add_rows(source, x, 0, MN, 7);
    moment_array = exported(source, &length);
    assert_true(length > 4 + 2 * MD);
    /* The imported statistics give the same coordinate map bit for bit, so the fingerprints of
     * the moment pass agree and the import is accepted. */
    assert_int_equal(ofdm_moments_import(copy, moment_array, length), OFDM_OK);
    moment_again = exported(copy, &length_again);
    assert_int_equal(length_again, length);
    assert_memory_equal(moment_again, moment_array, (size_t)length * sizeof *moment_again);
    assert_int_equal(ofdm_fit_moments(source, NULL, &a), OFDM_OK);
    assert_int_equal(ofdm_fit_moments(copy, NULL, &b), OFDM_OK);
    assert_int_equal(ofdm_model_coefficients(a, 0.5, alpha_a), OFDM_OK);
    assert_int_equal(ofdm_model_coefficients(b, 0.5, alpha_b), OFDM_OK);
    assert_memory_equal(alpha_a, alpha_b, sizeof alpha_a);
    ofdm_model_free(a), ofdm_model_free(b);
    ofdm_moments_free(source), ofdm_moments_free(copy);
    free(statistics), free(again), free(moment_array), free(moment_again);
    ofdm_basis_free(basis);
    free(x);
}

/* ---- combining exported arrays the way MPI does -------------------------------------------- */

/* Four "ranks" hold contiguous shards. Statistics: every rank gathers all arrays
 * (MPI_Allgather), imports the first and merges the others in rank order. Moments: SUM over
 * [0, M + 1), MIN over the rest (MPI_Allreduce). Both equal merging the accumulators directly: to
 * 1e-13 for the statistics (an imported array carries its mean as one double, so the merge rounds
 * at other places), bit for bit for the moments (the same additions in the same order). */
#define RANKS 4
static void gather_and_merge(ofdm_moments *into, const double *gathered, int64_t length, const ofdm_basis *basis) {
    ofdm_moments *scratch = new_moments(basis, OFDM_COORDINATES_STANDARDIZE);
    int r;
    assert_int_equal(ofdm_moments_import(into, gathered, length), OFDM_OK);
    for (r = 1; r < RANKS; ++r) {
        assert_int_equal(ofdm_moments_import(scratch, gathered + r * length, length), OFDM_OK);
        assert_int_equal(ofdm_moments_merge(into, scratch), OFDM_OK);
    }
    ofdm_moments_free(scratch);
}

static void test_mpi_style_combination_equals_merging(void **state) {
    double *x = mixture_sample(MN, 46), *gathered, *merged_array, *combined, *scale, *reduced, *part;
    ofdm_basis *basis = degree4_basis();
    ofdm_moments *rank[RANKS], *merged = new_moments(basis, OFDM_COORDINATES_STANDARDIZE);
    int64_t length = 4 + 2 * MD, M, i;
    int r;
    (void)state;
    gathered = malloc(RANKS * (size_t)length * sizeof *gathered);
    assert_non_null(gathered);
    for (r = 0; r < RANKS; ++r) {
        rank[r] = new_moments(basis, OFDM_COORDINATES_STANDARDIZE);
        add_rows(rank[r], x, r * MN / RANKS, (r + 1) * MN / RANKS, 64);
        assert_int_equal(ofdm_moments_export(rank[r], gathered + r * length), OFDM_OK);
        assert_int_equal(ofdm_moments_merge(merged, rank[r]), OFDM_OK);
    }
    merged_array = exported(merged, &length);
    for (r = 0; r < RANKS; ++r) gather_and_merge(rank[r], gathered, length, basis);
    combined = exported(rank[RANKS - 1], &length);
    scale = malloc((size_t)length * sizeof *scale);
    assert_non_null(scale);
    for (i = 0; i < length; ++i) scale[i] = fabs(merged_array[i]);
    for (i = 1; i <= MD; ++i) scale[i] += sqrt(merged_array[MD + i] / merged_array[0]);
    assert_close_arrays(combined, merged_array, scale, length, 1e-13);
    free(combined), free(scale), free(merged_array);

    /* Every rank merged the same arrays in the same order: the same map, so the moment pass's
     * fingerprints agree, and the moment arrays combine. */
    ofdm_moments_free(merged);
    merged = NULL;
    for (r = 0; r < RANKS; ++r) {
        assert_int_equal(ofdm_moments_begin_moments(rank[r]), OFDM_OK);
        add_rows(rank[r], x, r * MN / RANKS, (r + 1) * MN / RANKS, 64);
    }
    reduced = exported(rank[0], &length);
    M = length - 4 - 2 * MD;
    for (r = 1; r < RANKS; ++r) {
        part = exported(rank[r], &length);
        for (i = 0; i < M + 1; ++i) reduced[i] += part[i];                                   /* MPI_SUM */
        for (i = M + 1; i < length; ++i) reduced[i] = part[i] < reduced[i] ? part[i] : reduced[i]; /* MPI_MIN */
        free(part);
    }
    for (r = 1; r < RANKS; ++r) assert_int_equal(ofdm_moments_merge(rank[0], rank[r]), OFDM_OK);
    merged_array = exported(rank[0], &length);
    assert_memory_equal(reduced, merged_array, (size_t)length * sizeof *reduced);
    assert_int_equal(ofdm_moments_import(rank[1], reduced, length), OFDM_OK);
    assert_int_equal(ofdm_moments_count(rank[1]), MN);
    for (r = 0; r < RANKS; ++r) ofdm_moments_free(rank[r]);
    free(reduced), free(merged_array), free(gathered);
    ofdm_basis_free(basis);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streamed_fit_in_any_chunks_equals_the_in_memory_fit),
        cmocka_unit_test(test_streamed_pca_fit_equals_the_in_memory_fit),
        cmocka_unit_test(test_one_accumulator_serves_fits_with_other_options),
        cmocka_unit_test(test_merge_is_associative_and_commutative_in_both_passes),
        cmocka_unit_test(test_merging_into_itself_counts_the_samples_twice),
        cmocka_unit_test(test_export_import_round_trips_bit_for_bit),
        cmocka_unit_test(test_mpi_style_combination_equals_merging),
    };
    return cmocka_run_group_tests_name("test_api_moments", tests, NULL, NULL);
}

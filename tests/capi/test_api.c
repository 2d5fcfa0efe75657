#define _POSIX_C_SOURCE 200809L /* mkdtemp, opendir */
/*
 * test_api.c — the normal flow of the public C API as a C99 caller sees it: version, the basis
 * kinds and their documented order, a fit whose answer is known exactly, the model accessors,
 * and files and buffers that reproduce a model bit for bit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ofdm.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* splitmix64 + Box–Muller: reproducible data without files. */
static uint64_t rng_state;
static double uniform01(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0; /* in (0, 1) */
}
static double normal01(void) { return sqrt(-2.0 * log(uniform01())) * cos(6.283185307179586 * uniform01()); }

/* A correlated 2-D Gaussian sample: x = (1 + 2 g₁, −3 + 0.5 (ρ g₁ + sqrt(1 − ρ²) g₂)), ρ = 0.6.
 * Row-major n × 2; the caller frees. */
#define GN 4000
static double *gaussian_sample(uint64_t seed) {
    double *x = malloc(2 * GN * sizeof *x);
    int i;
    assert_non_null(x);
    rng_state = seed;
    for (i = 0; i < GN; ++i) {
        const double g1 = normal01(), g2 = normal01();
        x[2 * i] = 1.0 + 2.0 * g1;
        x[2 * i + 1] = -3.0 + 0.5 * (0.6 * g1 + 0.8 * g2);
    }
    return x;
}

static ofdm_model *fit_with(const ofdm_basis *basis, const double *x, int64_t n, double beta, int32_t coordinates,
                            int32_t time_mode) {
    ofdm_model *model = NULL;
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.beta = beta;
    options.coordinates = coordinates;
    options.time_mode = time_mode;
    assert_int_equal(ofdm_fit(basis, x, n, ofdm_basis_dim(basis), &options, &model), OFDM_OK);
    assert_non_null(model);
    return model;
}

/* The 2-D degree-2 model of gaussian_sample(seed). */
static ofdm_model *gaussian_model(uint64_t seed, double beta, int32_t time_mode) {
    ofdm_basis *basis = NULL;
    ofdm_model *model;
    double *x = gaussian_sample(seed);
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    model = fit_with(basis, x, GN, beta, OFDM_COORDINATES_STANDARDIZE, time_mode);
    ofdm_basis_free(basis);
    free(x);
    return model;
}

/* Asserts that basis holds exactly the K × d multi-indices `expected`, in order. */
static void assert_indices(const ofdm_basis *basis, const int32_t *expected, int64_t K, int64_t d) {
    int32_t *got = malloc((size_t)(K * d) * sizeof *got);
    assert_non_null(got);
    assert_int_equal(ofdm_basis_size(basis), K);
    assert_int_equal(ofdm_basis_dim(basis), d);
    assert_int_equal(ofdm_basis_indices(basis, got, d), OFDM_OK);
    assert_memory_equal(got, expected, (size_t)(K * d) * sizeof *got);
    free(got);
}

static void make_temp_dir(char *dir, size_t size) {
    const char *base = getenv("TMPDIR");
    snprintf(dir, size, "%s/ofdm_capi_XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(dir));
}
/* Removes dir and the files in it; returns how many files it held and whether one was "*.tmp.*". */
static int remove_dir(const char *dir, int *saw_temporary) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];
    int count = 0;
    assert_non_null(d);
    *saw_temporary = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        ++count;
        *saw_temporary |= strstr(e->d_name, ".tmp.") != NULL;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        assert_int_equal(unlink(path), 0);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
    return count;
}

/* Scores at a fixed set of points and times, for bit-for-bit comparisons. */
#define NP 5
static const double kPoints[2 * NP] = {1.0, -3.0, 3.1, -2.2, -2.5, -3.6, 0.4, -1.9, 5.0, -3.1};
static const double kTimes[4] = {0.0, 0.3, 2.0, INFINITY};
static void scores_everywhere(const ofdm_model *model, double *out /* 4 × (3 NP) */) {
    int k;
    for (k = 0; k < 4; ++k) {
        assert_int_equal(ofdm_model_score(model, kTimes[k], kPoints, NP, 2, out + 3 * NP * k, 2), OFDM_OK);
        assert_int_equal(ofdm_model_log_density(model, kTimes[k], kPoints, NP, 2, out + 3 * NP * k + 2 * NP), OFDM_OK);
    }
}

/* ---- version and errors ------------------------------------------------------------------ */

/* Must run first: no ofdm call in this process has failed yet. */
static void test_last_error_is_empty_before_any_failure(void **state) {
    (void)state;
    assert_non_null(ofdm_last_error());
    assert_string_equal(ofdm_last_error(), "");
}

static void test_version_macros_match_the_linked_library(void **state) {
    char expected[64];
    (void)state;
    assert_int_equal(OFDM_VERSION_NUMBER, OFDM_VERSION_MAJOR * 10000 + OFDM_VERSION_MINOR * 100 + OFDM_VERSION_PATCH);
    assert_int_equal(ofdm_version_number(), OFDM_VERSION_NUMBER);
    snprintf(expected, sizeof expected, "%d.%d.%d", OFDM_VERSION_MAJOR, OFDM_VERSION_MINOR, OFDM_VERSION_PATCH);
    assert_string_equal(ofdm_version_string(), expected);
}

/* ---- bases -------------------------------------------------------------------------------- */

/* "Ordered by total degree, then lexicographically (coordinate 0 first)": within a degree the
 * index with the larger power on coordinate 0 comes first, then on coordinate 1, and so on. */
static void test_total_degree_basis_has_the_documented_order(void **state) {
    static const int32_t full[9 * 3] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0, 1, 1, 0,
                                        1, 0, 1, 0, 2, 0, 0, 1, 1, 0, 0, 2};
    static const int32_t single[6 * 3] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0, 0, 2, 0, 0, 0, 2};
    ofdm_basis *basis = NULL;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(3, 2, 0, &basis), OFDM_OK);
    assert_indices(basis, full, 9, 3);
    assert_int_equal(ofdm_basis_max_degree(basis), 2);
    ofdm_basis_free(basis);
    assert_int_equal(ofdm_basis_create_total_degree(3, 2, 1, &basis), OFDM_OK); /* no products */
    assert_indices(basis, single, 6, 3);
    ofdm_basis_free(basis);
    /* Counts: C(d+p, p) − 1 = 55 for d = 5, p = 3; with q = 2: 5·3 + C(5,2)·C(3,2) = 45. */
    assert_int_equal(ofdm_basis_create_total_degree(5, 3, 0, &basis), OFDM_OK);
    assert_int_equal(ofdm_basis_size(basis), 55);
    ofdm_basis_free(basis);
    assert_int_equal(ofdm_basis_create_total_degree(5, 3, 2, &basis), OFDM_OK);
    assert_int_equal(ofdm_basis_size(basis), 45);
    ofdm_basis_free(basis);
}

/* Chain d = 16, p = 4: 16·4 univariate terms, then per edge the 6 pairs a e_i + b e_j with
 * a, b >= 1, a + b <= 4: K = 64 + 15·6 = 154. Repeated and reversed edges count once. */
static void test_graph_chain_basis_has_the_documented_terms(void **state) {
    int64_t edges[2 * 17];
    int32_t got[154 * 16];
    ofdm_basis *basis = NULL;
    int64_t e, k, j;
    (void)state;
    for (e = 0; e < 15; ++e) edges[2 * e] = e, edges[2 * e + 1] = e + 1;
    assert_int_equal(ofdm_basis_create_graph(16, 4, edges, 15, &basis), OFDM_OK);
    assert_int_equal(ofdm_basis_size(basis), 154);
    assert_int_equal(ofdm_basis_max_degree(basis), 4);
    assert_int_equal(ofdm_basis_indices(basis, got, 16), OFDM_OK);
    for (k = 0; k < 64; ++k) /* term k is (k % 4 + 1) e_{k / 4} */
        for (j = 0; j < 16; ++j) assert_int_equal(got[k * 16 + j], j == k / 4 ? k % 4 + 1 : 0);
    for (e = 0; e < 15; ++e) {
        int seen[5][5] = {{0}};
        for (k = 64 + 6 * e; k < 64 + 6 * (e + 1); ++k) {
            const int32_t a = got[k * 16 + e], b = got[k * 16 + e + 1];
            for (j = 0; j < 16; ++j)
                if (j != e && j != e + 1) assert_int_equal(got[k * 16 + j], 0);
            assert_true(a >= 1 && b >= 1 && a + b <= 4);
            assert_int_equal(seen[a][b]++, 0);
        }
    }
    ofdm_basis_free(basis);
    edges[30] = 1, edges[31] = 0, edges[32] = 0, edges[33] = 1; /* edge 0 twice more, once reversed */
    assert_int_equal(ofdm_basis_create_graph(16, 4, edges, 17, &basis), OFDM_OK);
    assert_int_equal(ofdm_basis_size(basis), 154);
    ofdm_basis_free(basis);
}

/* Rows in a deliberately unsorted order with ld = 4 > d = 3; the padding holds -5, which would
 * be refused if it were read. ofdm_basis_indices with ldout = 5 must leave its padding alone. */
static void test_index_basis_keeps_the_given_order(void **state) {
    static const int32_t rows[4 * 4] = {0, 2, 0, -5, 1, 0, 0, -5, 1, 1, 1, -5, 0, 0, 3, -5};
    static const int32_t dense[4 * 3] = {0, 2, 0, 1, 0, 0, 1, 1, 1, 0, 0, 3};
    int32_t padded[4 * 5];
    ofdm_basis *basis = NULL;
    int k, j;
    (void)state;
    assert_int_equal(ofdm_basis_create_from_indices(3, rows, 4, 4, &basis), OFDM_OK);
    assert_indices(basis, dense, 4, 3);
    assert_int_equal(ofdm_basis_max_degree(basis), 3);
    for (k = 0; k < 20; ++k) padded[k] = 777;
    assert_int_equal(ofdm_basis_indices(basis, padded, 5), OFDM_OK);
    for (k = 0; k < 4; ++k)
        for (j = 0; j < 5; ++j) assert_int_equal(padded[k * 5 + j], j < 3 ? dense[k * 3 + j] : 777);
    ofdm_basis_free(basis);
}

/* ---- a fit with a known answer ----------------------------------------------------------- */

/* The exact answer for a degree-2 basis. G(t) and b(t) involve only moments of degree <= 2 of
 * p_t, the OU evolution of the empirical law; these equal the moments of the Gaussian q_t with
 * the same mean and covariance, whose score −Σ_t⁻¹(z − m_t) lies in the model class, so the
 * projection returns it exactly (DESIGN §1, §4). In latent z = (x − mean)/std (divisor n):
 * m_t = e^{−t} μ_z, Σ_t = e^{−2t} C_z + (1 − e^{−2t})/β I, and the data-space score is W^T s_z
 * with W = diag(1/std). */
typedef struct {
    double mean[2], std[2], mu[2], cov[3]; /* cov = (C_00, C_01, C_11) of z */
} empirical;

static empirical empirical_moments(const double *x) {
    empirical e;
    int i, j;
    memset(&e, 0, sizeof e);
    for (j = 0; j < 2; ++j) {
        for (i = 0; i < GN; ++i) e.mean[j] += x[2 * i + j];
        e.mean[j] /= GN;
        for (i = 0; i < GN; ++i) e.std[j] += (x[2 * i + j] - e.mean[j]) * (x[2 * i + j] - e.mean[j]);
        e.std[j] = sqrt(e.std[j] / GN);
    }
    for (i = 0; i < GN; ++i) {
        const double z0 = (x[2 * i] - e.mean[0]) / e.std[0], z1 = (x[2 * i + 1] - e.mean[1]) / e.std[1];
        e.mu[0] += z0 / GN, e.mu[1] += z1 / GN;
        e.cov[0] += z0 * z0 / GN, e.cov[1] += z0 * z1 / GN, e.cov[2] += z1 * z1 / GN;
    }
    e.cov[0] -= e.mu[0] * e.mu[0], e.cov[1] -= e.mu[0] * e.mu[1], e.cov[2] -= e.mu[1] * e.mu[1];
    return e;
}

/* The exact data-space score and the log-density of q_t in z (up to a t-only constant) at x. */
static void gaussian_truth(const empirical *e, double beta, double t, const double *x, double *score, double *log_q) {
    const double decay = exp(-t), noise = (1.0 - exp(-2.0 * t)) / beta;
    const double a = decay * decay * e->cov[0] + noise, b = decay * decay * e->cov[1],
                 c = decay * decay * e->cov[2] + noise, det = a * c - b * b;
    const double r0 = (x[0] - e->mean[0]) / e->std[0] - decay * e->mu[0];
    const double r1 = (x[1] - e->mean[1]) / e->std[1] - decay * e->mu[1];
    const double s0 = -(c * r0 - b * r1) / det, s1 = -(-b * r0 + a * r1) / det; /* −Σ⁻¹ r */
    score[0] = s0 / e->std[0];
    score[1] = s1 / e->std[1];
    *log_q = 0.5 * (r0 * s0 + r1 * s1);
}

/* Tolerance 1e-8: the moments are means of 4000 double products (relative rounding ~ n·ε ≈
 * 1e-12) and G(t) is a well-conditioned 5 × 5 system (ρ = 0.6), so the derived identity holds to
 * ~1e-11; 1e-8 leaves a wide margin yet would catch any wrong factor, sign or time dependence. */
static void test_degree2_fit_reproduces_the_exact_gaussian_score(void **state) {
    static const double betas[2] = {1.0, 2.5}, times[3] = {0.0, 0.5, 2.0};
    double *x = gaussian_sample(101);
    const empirical e = empirical_moments(x);
    int ib, it, p;
    (void)state;
    for (ib = 0; ib < 2; ++ib) {
        ofdm_model *model = gaussian_model(101, betas[ib], OFDM_TIME_GALERKIN);
        for (it = 0; it < 3; ++it) {
            double got[2 * NP], log_p[NP], truth[2], log_q[NP];
            assert_int_equal(ofdm_model_score(model, times[it], kPoints, NP, 2, got, 2), OFDM_OK);
            assert_int_equal(ofdm_model_log_density(model, times[it], kPoints, NP, 2, log_p), OFDM_OK);
            for (p = 0; p < NP; ++p) {
                gaussian_truth(&e, betas[ib], times[it], kPoints + 2 * p, truth, &log_q[p]);
                assert_true(hypot(got[2 * p] - truth[0], got[2 * p + 1] - truth[1]) <=
                            1e-8 * (1.0 + hypot(truth[0], truth[1])));
            }
            for (p = 1; p < NP; ++p) { /* differences remove the t-only constant */
                const double want = log_q[p] - log_q[0];
                assert_true(fabs((log_p[p] - log_p[0]) - want) <= 1e-8 * (1.0 + fabs(want)));
            }
        }
        ofdm_model_free(model);
    }
    free(x);
}

/* At t = ∞ the log-density is the normalized stationary law in data coordinates:
 * (d/2) log(β/2π) − β|z|²/2 − Σ_j log std_j. Tolerance 1e-12: a few rounded operations. */
static void test_log_density_at_infinity_is_the_normalized_stationary_law(void **state) {
    const double beta = 2.5;
    double *x = gaussian_sample(101), got[NP];
    const empirical e = empirical_moments(x);
    ofdm_model *model = gaussian_model(101, beta, OFDM_TIME_GALERKIN);
    int p;
    (void)state;
    assert_int_equal(ofdm_model_log_density(model, INFINITY, kPoints, NP, 2, got), OFDM_OK);
    for (p = 0; p < NP; ++p) {
        const double z0 = (kPoints[2 * p] - e.mean[0]) / e.std[0], z1 = (kPoints[2 * p + 1] - e.mean[1]) / e.std[1];
        const double want = log(beta / (2.0 * 3.141592653589793)) - 0.5 * beta * (z0 * z0 + z1 * z1) -
                            log(e.std[0]) - log(e.std[1]);
        assert_true(fabs(got[p] - want) <= 1e-12 * (1.0 + fabs(want)));
    }
    ofdm_model_free(model);
    free(x);
}

/* K coefficients are written (sentinels after them survive); at t = ∞ they are all zero because
 * b(∞) = 0. Perturbation mode at t = 0 is the same solve as Galerkin mode at t = 0, and
 * α_k(t) = e^{−|k|t} α_k(0) (header). Tolerances: 1e-14 relative, i.e. a few rounding errors of
 * one exp and one product; the t = 0 solves are the same computation. */
static void test_coefficients_and_perturbation_mode(void **state) {
    ofdm_model *galerkin = gaussian_model(202, 1.0, OFDM_TIME_GALERKIN);
    ofdm_model *perturbation = gaussian_model(202, 1.0, OFDM_TIME_PERTURBATION);
    const int64_t K = ofdm_basis_size(ofdm_model_basis(galerkin));
    const double t = 0.7;
    double alpha[7], alpha0[5], alpha_t[5];
    int32_t indices[5 * 2];
    int k;
    (void)state;
    assert_int_equal(K, 5);
    assert_int_equal(ofdm_basis_indices(ofdm_model_basis(perturbation), indices, 2), OFDM_OK);
    alpha[5] = alpha[6] = 42.0;
    assert_int_equal(ofdm_model_coefficients(galerkin, INFINITY, alpha), OFDM_OK);
    for (k = 0; k < 5; ++k) assert_true(alpha[k] == 0.0);
    assert_true(alpha[5] == 42.0 && alpha[6] == 42.0);
    assert_int_equal(ofdm_model_coefficients(galerkin, 0.0, alpha), OFDM_OK);
    assert_int_equal(ofdm_model_coefficients(perturbation, 0.0, alpha0), OFDM_OK);
    assert_int_equal(ofdm_model_coefficients(perturbation, t, alpha_t), OFDM_OK);
    for (k = 0; k < 5; ++k) {
        const double decay = exp(-(double)(indices[2 * k] + indices[2 * k + 1]) * t);
        assert_true(fabs(alpha0[k] - alpha[k]) <= 1e-14 * fabs(alpha[k]));
        assert_true(fabs(alpha_t[k] - decay * alpha0[k]) <= 1e-14 * fabs(alpha0[k]));
    }
    assert_int_equal(ofdm_model_coefficients(perturbation, INFINITY, alpha), OFDM_OK);
    for (k = 0; k < 5; ++k) assert_true(alpha[k] == 0.0);
    ofdm_model_free(galerkin);
    ofdm_model_free(perturbation);
}

/* ---- model accessors and coordinates ----------------------------------------------------- */

/* to_latent gives (x − mean)/std and from_latent inverts it, with padded leading dimensions and
 * in place. Tolerance 1e-14·(|x| + 4): two rounded operations each way on values of size |x|
 * and |mean| <= 3. */
static void test_latent_maps_round_trip(void **state) {
    double *x = gaussian_sample(303);
    const empirical e = empirical_moments(x);
    ofdm_model *model = gaussian_model(303, 1.0, OFDM_TIME_GALERKIN);
    double padded[3 * NP], z[2 * NP], back[4 * NP], in_place[2 * NP];
    int p, j;
    (void)state;
    for (p = 0; p < NP; ++p) padded[3 * p] = kPoints[2 * p], padded[3 * p + 1] = kPoints[2 * p + 1], padded[3 * p + 2] = NAN;
    assert_int_equal(ofdm_model_to_latent(model, padded, NP, 3, z, 2), OFDM_OK);
    assert_int_equal(ofdm_model_from_latent(model, z, NP, 2, back, 4), OFDM_OK);
    memcpy(in_place, kPoints, sizeof in_place);
    assert_int_equal(ofdm_model_to_latent(model, in_place, NP, 2, in_place, 2), OFDM_OK);
    assert_memory_equal(in_place, z, sizeof z);
    for (p = 0; p < NP; ++p)
        for (j = 0; j < 2; ++j) {
            const double want = (kPoints[2 * p + j] - e.mean[j]) / e.std[j];
            assert_true(fabs(z[2 * p + j] - want) <= 1e-14 * (fabs(want) + 4.0));
            assert_true(fabs(back[4 * p + j] - kPoints[2 * p + j]) <= 1e-14 * (fabs(kPoints[2 * p + j]) + 4.0));
        }
    ofdm_model_free(model);
    free(x);
}

static void test_model_reports_its_options_and_sizes(void **state) {
    double *x = gaussian_sample(404);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options set, got;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 3, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&set);
    assert_int_equal(set.struct_size, sizeof set); /* the documented defaults */
    assert_true(set.beta == 1.0 && set.ridge == 0.0);
    assert_int_equal(set.coordinates, OFDM_COORDINATES_STANDARDIZE);
    assert_int_equal(set.time_mode, OFDM_TIME_GALERKIN);
    set.beta = 2.5, set.coordinates = OFDM_COORDINATES_NONE, set.time_mode = OFDM_TIME_PERTURBATION, set.ridge = 1e-6;
    assert_int_equal(ofdm_fit(basis, x, GN, 2, &set, &model), OFDM_OK);
    ofdm_fit_options_init(&got);
    assert_int_equal(ofdm_model_options(model, &got), OFDM_OK);
    assert_true(got.beta == 2.5 && got.ridge == 1e-6);
    assert_int_equal(got.coordinates, OFDM_COORDINATES_NONE);
    assert_int_equal(got.time_mode, OFDM_TIME_PERTURBATION);
    assert_int_equal(ofdm_model_dim(model), 2);
    assert_true(ofdm_model_beta(model) == 2.5);
    assert_int_equal(ofdm_model_training_size(model), GN);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

/* The borrowed basis lives as long as the model, not as long as the caller's basis handle, and
 * serves as a basis for another fit. */
static void test_model_basis_is_borrowed_and_outlives_the_original(void **state) {
    static const int32_t rows[3 * 2] = {0, 2, 1, 0, 1, 1};
    double *x = gaussian_sample(505);
    ofdm_basis *basis = NULL;
    ofdm_model *model, *again;
    (void)state;
    assert_int_equal(ofdm_basis_create_from_indices(2, rows, 3, 2, &basis), OFDM_OK);
    model = fit_with(basis, x, GN, 1.0, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN);
    ofdm_basis_free(basis);
    assert_indices(ofdm_model_basis(model), rows, 3, 2);
    assert_int_equal(ofdm_basis_max_degree(ofdm_model_basis(model)), 2);
    again = fit_with(ofdm_model_basis(model), x, GN, 1.0, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN);
    ofdm_model_free(model);
    assert_indices(ofdm_model_basis(again), rows, 3, 2);
    ofdm_model_free(again);
    free(x);
}

/* ---- files and buffers -------------------------------------------------------------------- */

/* Loading rebuilds the same systems from the same moments, so scores and log-densities at every
 * t are bit-identical (header: "Loading gives bit-identical scores on the same machine"); the
 * file holds exactly the bytes of ofdm_model_save_buffer. */
static void test_save_and_load_reproduce_the_model_bit_for_bit(void **state) {
    ofdm_model *model = gaussian_model(606, 1.5, OFDM_TIME_GALERKIN), *from_file = NULL, *from_buffer = NULL;
    double want[12 * NP], got[12 * NP];
    char dir[512], path[1024];
    unsigned char *buffer, *file_bytes;
    size_t size = 0, written = 0;
    FILE *f;
    int saw_temporary;
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model.ofdm", dir);
    assert_int_equal(ofdm_model_save(model, path), OFDM_OK);
    assert_int_equal(ofdm_model_load(path, &from_file), OFDM_OK);
    assert_int_equal(ofdm_model_serialized_size(model, &size), OFDM_OK);
    buffer = malloc(size);
    file_bytes = malloc(size + 1);
    assert_true(buffer && file_bytes);
    assert_int_equal(ofdm_model_save_buffer(model, buffer, size, &written), OFDM_OK);
    assert_int_equal(written, size);
    assert_int_equal(ofdm_model_load_buffer(buffer, size, &from_buffer), OFDM_OK);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(file_bytes, 1, size + 1, f), size);
    fclose(f);
    assert_memory_equal(file_bytes, buffer, size);
    scores_everywhere(model, want);
    scores_everywhere(from_file, got);
    assert_memory_equal(got, want, sizeof want);
    scores_everywhere(from_buffer, got);
    assert_memory_equal(got, want, sizeof want);
    assert_int_equal(ofdm_model_training_size(from_file), GN);
    assert_true(ofdm_model_beta(from_buffer) == 1.5);
    assert_int_equal(remove_dir(dir, &saw_temporary), 1);
    assert_false(saw_temporary);
    free(buffer);
    free(file_bytes);
    ofdm_model_free(from_buffer);
    ofdm_model_free(from_file);
    ofdm_model_free(model);
}

/* Saving over an existing file replaces it (rename) and leaves no "path.tmp.*" behind. */
static void test_save_replaces_an_existing_file_atomically(void **state) {
    ofdm_model *first = gaussian_model(707, 1.0, OFDM_TIME_GALERKIN);
    ofdm_model *second = gaussian_model(808, 1.0, OFDM_TIME_GALERKIN), *loaded = NULL;
    double want[12 * NP], got[12 * NP];
    char dir[512], path[1024];
    int saw_temporary;
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model.ofdm", dir);
    assert_int_equal(ofdm_model_save(first, path), OFDM_OK);
    assert_int_equal(ofdm_model_save(second, path), OFDM_OK);
    assert_int_equal(ofdm_model_load(path, &loaded), OFDM_OK);
    scores_everywhere(second, want);
    scores_everywhere(loaded, got);
    assert_memory_equal(got, want, sizeof want);
    scores_everywhere(first, want); /* and it is not the first model */
    assert_memory_not_equal(got, want, sizeof want);
    assert_int_equal(remove_dir(dir, &saw_temporary), 1);
    assert_false(saw_temporary);
    ofdm_model_free(loaded);
    ofdm_model_free(second);
    ofdm_model_free(first);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_error_is_empty_before_any_failure), /* must stay first */
        cmocka_unit_test(test_version_macros_match_the_linked_library),
        cmocka_unit_test(test_total_degree_basis_has_the_documented_order),
        cmocka_unit_test(test_graph_chain_basis_has_the_documented_terms),
        cmocka_unit_test(test_index_basis_keeps_the_given_order),
        cmocka_unit_test(test_degree2_fit_reproduces_the_exact_gaussian_score),
        cmocka_unit_test(test_log_density_at_infinity_is_the_normalized_stationary_law),
        cmocka_unit_test(test_coefficients_and_perturbation_mode),
        cmocka_unit_test(test_latent_maps_round_trip),
        cmocka_unit_test(test_model_reports_its_options_and_sizes),
        cmocka_unit_test(test_model_basis_is_borrowed_and_outlives_the_original),
        cmocka_unit_test(test_save_and_load_reproduce_the_model_bit_for_bit),
        cmocka_unit_test(test_save_replaces_an_existing_file_atomically),
    };
    return cmocka_run_group_tests_name("test_api", tests, NULL, NULL);
}

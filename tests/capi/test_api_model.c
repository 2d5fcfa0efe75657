/*
 * test_api_model.c — a fit whose answer is known exactly, and the model it gives as a C99 caller
 * sees it: scores and log-densities at every t including ∞, coefficients in both time modes,
 * the latent maps, and the accessors (options, sizes, the borrowed basis).
 */
#include "capi/support/capi_support.h"

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
    double *x = correlated_sample(101);
    const empirical e = empirical_moments(x);
    int ib, it, p;
    (void)state;
    for (ib = 0; ib < 2; ++ib) {
        ofdm_model *model = correlated_model(101, betas[ib], OFDM_TIME_GALERKIN);
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
    double *x = correlated_sample(101), got[NP];
    const empirical e = empirical_moments(x);
    ofdm_model *model = correlated_model(101, beta, OFDM_TIME_GALERKIN);
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

/* At t = ∞ the coefficients vanish (G(∞) = β diag|k| is PD, b(∞) = 0), so with z = x the score
 * is 0 − β·x: exact in floating point, hence compared with ==. */
static void test_score_at_infinity_is_the_stationary_score(void **state) {
    const double beta = 2.5, x[6] = {0.3, -1.7, 2.0, 0.0, -0.25, 4.5};
    ofdm_model *model = small_model(OFDM_COORDINATES_NONE, beta);
    double out[6];
    int i;
    (void)state;
    assert_int_equal(ofdm_model_score(model, INFINITY, x, 3, 2, out, 2), OFDM_OK);
    for (i = 0; i < 6; ++i) assert_true(out[i] == -beta * x[i]);
    ofdm_model_free(model);
}

/* K coefficients are written (sentinels after them survive); at t = ∞ they are all zero because
 * b(∞) = 0. Perturbation mode at t = 0 is the same solve as Galerkin mode at t = 0, and
 * α_k(t) = e^{−|k|t} α_k(0) (header). Tolerances: 1e-14 relative, i.e. a few rounding errors of
 * one exp and one product; the t = 0 solves are the same computation. */
static void test_coefficients_and_perturbation_mode(void **state) {
    ofdm_model *galerkin = correlated_model(202, 1.0, OFDM_TIME_GALERKIN);
    ofdm_model *perturbation = correlated_model(202, 1.0, OFDM_TIME_PERTURBATION);
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
    double *x = correlated_sample(303);
    const empirical e = empirical_moments(x);
    ofdm_model *model = correlated_model(303, 1.0, OFDM_TIME_GALERKIN);
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
    double *x = correlated_sample(404);
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
    assert_int_equal(got.data_dim, 2); /* the model's d, not the 0 that asked for it */
    assert_int_equal(ofdm_model_dim(model), 2);
    assert_int_equal(ofdm_model_latent_dim(model), 2);
    assert_true(ofdm_model_beta(model) == 2.5);
    assert_int_equal(ofdm_model_training_size(model), GN);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

/* PCA to one component of 2-D correlated data: x is n × 2, the basis 1-D; every entry point takes
 * and gives data-space rows, the latent maps go between d = 2 and r = 1 columns. */
static void test_pca_model_lives_in_data_space(void **state) {
    double *x = correlated_sample(405);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options set, got;
    ofdm_sample_options sample = short_run(50, 7, 1);
    double z[3], back[6], score[6], density[3], mean = 0.0, squares = 0.0;
    double *draws;
    int64_t i;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(1, 4, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&set);
    set.coordinates = OFDM_COORDINATES_PCA;
    set.data_dim = 3;
    EXPECT_FAILURE(ofdm_fit(basis, x, GN, 2, &set, &model), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    set.data_dim = 2;
    assert_int_equal(ofdm_fit(basis, x, GN, 2, &set, &model), OFDM_OK);
    assert_int_equal(ofdm_model_dim(model), 2);
    assert_int_equal(ofdm_model_latent_dim(model), 1);
    ofdm_fit_options_init(&got);
    assert_int_equal(ofdm_model_options(model, &got), OFDM_OK);
    assert_int_equal(got.coordinates, OFDM_COORDINATES_PCA);
    assert_int_equal(got.data_dim, 2);
    /* The first principal component at unit variance over the training rows. */
    for (i = 0; i < GN; ++i) {
        double zi;
        assert_int_equal(ofdm_model_to_latent(model, x + 2 * i, 1, 2, &zi, 1), OFDM_OK);
        mean += zi / GN;
        squares += zi * zi / GN;
    }
    assert_true(fabs(mean) < 1e-12 && fabs(squares - 1.0) < 1e-11);
    assert_int_equal(ofdm_model_to_latent(model, x, 3, 2, z, 1), OFDM_OK);
    assert_int_equal(ofdm_model_from_latent(model, z, 3, 1, back, 2), OFDM_OK);
    assert_int_equal(ofdm_model_score(model, 0.1, x, 3, 2, score, 2), OFDM_OK);
    assert_int_equal(ofdm_model_log_density(model, 0.1, x, 3, 2, density), OFDM_OK);
    assert_true(all_finite(score, 3, 2, 2) && all_finite(density, 3, 1, 1));
    draws = draw(model, 200, &sample, 2);
    assert_true(all_finite(draws, 200, 2, 2));
    free(draws);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

/* A caller built against a header without data_dim passes the older struct size: accepted, and
 * read as data_dim = 0 (the basis dimension). */
static void test_fit_options_without_data_dim_are_accepted(void **state) {
    double *x = correlated_sample(406);
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_fit_options set;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    ofdm_fit_options_init(&set);
    set.struct_size = offsetof(ofdm_fit_options, data_dim);
    set.data_dim = 99; /* beyond the caller's struct: never read */
    assert_int_equal(ofdm_fit(basis, x, GN, 2, &set, &model), OFDM_OK);
    assert_int_equal(ofdm_model_dim(model), 2);
    set.data_dim = 77;
    assert_int_equal(ofdm_model_options(model, &set), OFDM_OK);
    assert_int_equal(set.data_dim, 77); /* nor written */
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

/* The borrowed basis lives as long as the model, not as long as the caller's basis handle, and
 * serves as a basis for another fit. */
static void test_model_basis_is_borrowed_and_outlives_the_original(void **state) {
    static const int32_t rows[3 * 2] = {0, 2, 1, 0, 1, 1};
    double *x = correlated_sample(505);
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_degree2_fit_reproduces_the_exact_gaussian_score),
        cmocka_unit_test(test_log_density_at_infinity_is_the_normalized_stationary_law),
        cmocka_unit_test(test_score_at_infinity_is_the_stationary_score),
        cmocka_unit_test(test_coefficients_and_perturbation_mode),
        cmocka_unit_test(test_latent_maps_round_trip),
        cmocka_unit_test(test_model_reports_its_options_and_sizes),
        cmocka_unit_test(test_pca_model_lives_in_data_space),
        cmocka_unit_test(test_fit_options_without_data_dim_are_accepted),
        cmocka_unit_test(test_model_basis_is_borrowed_and_outlives_the_original),
    };
    return cmocka_run_group_tests_name("test_api_model", tests, NULL, NULL);
}

/*
 * test_api_select.c — model selection without sampling through the C API: ofdm_fit_select picks a
 * basis and ridge by the held-out score-matching loss and refits it, reports what it chose, and
 * refuses bad options by name; ofdm_model_validation_loss scores any model on held-out rows.
 */
#include "capi/support/capi_support.h"

static ofdm_select_options small_search(void) {
    ofdm_select_options options;
    ofdm_select_options_init(&options);
    options.max_degree = 6;
    return options;
}

static ofdm_model *total_degree_fit(const double *x, int64_t n, int32_t degree) {
    ofdm_basis *basis = NULL;
    ofdm_model *model;
    assert_int_equal(ofdm_basis_create_total_degree(2, degree, 0, &basis), OFDM_OK);
    model = fit_with(basis, x, n, 1.0, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN);
    ofdm_basis_free(basis);
    return model;
}

static void test_selection_reports_its_choice_and_beats_a_gaussian(void **state) {
    double *x = mixture_sample(3000, 41), *fresh = mixture_sample(3000, 42);
    ofdm_select_options options = small_search();
    ofdm_select_report report, again;
    ofdm_model *model = NULL, *second = NULL, *gaussian;
    double chosen_loss, gaussian_loss;
    (void)state;
    ofdm_select_report_init(&report);
    ofdm_select_report_init(&again);
    assert_int_equal(ofdm_fit_select(x, 3000, 2, 2, NULL, &options, &model, &report), OFDM_OK);
    assert_true(report.degree >= 1 && report.degree <= 6);
    assert_int_equal(report.basis_size, ofdm_basis_size(ofdm_model_basis(model)));
    assert_true(report.candidates >= 6 && report.failed <= report.candidates);
    assert_true(isfinite(report.validation_loss));
    assert_true(report.ridge == 0.0 || report.ridge == 1e-8 || report.ridge == 1e-6 || report.ridge == 1e-4 ||
                report.ridge == 1e-2);
    /* Three separated modes are not a Gaussian: the choice must beat degree 2 on fresh data. */
    gaussian = total_degree_fit(x, 3000, 2);
    assert_int_equal(ofdm_model_validation_loss(model, fresh, 3000, 2, &chosen_loss), OFDM_OK);
    assert_int_equal(ofdm_model_validation_loss(gaussian, fresh, 3000, 2, &gaussian_loss), OFDM_OK);
    assert_true(chosen_loss < gaussian_loss);
    /* The split is a function of the seed only: the same call chooses the same. */
    assert_int_equal(ofdm_fit_select(x, 3000, 2, 2, NULL, &options, &second, &again), OFDM_OK);
    assert_memory_equal(&report, &again, sizeof report);
    ofdm_model_free(second);
    ofdm_model_free(gaussian);
    ofdm_model_free(model);
    free(fresh);
    free(x);
}

/* At ridge 0, α(t) minimizes the fit's own quadratic: on its training rows a model's loss is the
 * smallest any coefficients of its basis can reach, below a model of the same basis fitted
 * elsewhere. A sign or scaling error in the loss breaks this. */
static void test_loss_on_training_rows_is_minimal_for_the_basis(void **state) {
    double *a = mixture_sample(2000, 43), *b = mixture_sample(2000, 44);
    ofdm_basis *basis = NULL;
    ofdm_model *on_a, *on_b;
    double own, other;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 4, 0, &basis), OFDM_OK);
    on_a = fit_with(basis, a, 2000, 1.0, OFDM_COORDINATES_NONE, OFDM_TIME_GALERKIN);
    on_b = fit_with(basis, b, 2000, 1.0, OFDM_COORDINATES_NONE, OFDM_TIME_GALERKIN);
    assert_int_equal(ofdm_model_validation_loss(on_a, a, 2000, 2, &own), OFDM_OK);
    assert_int_equal(ofdm_model_validation_loss(on_b, a, 2000, 2, &other), OFDM_OK);
    assert_true(own < other);
    ofdm_model_free(on_a);
    ofdm_model_free(on_b);
    ofdm_basis_free(basis);
    free(a);
    free(b);
}

static void test_selection_through_pca_builds_bases_on_the_components(void **state) {
    const int64_t n = 2000, d = 5;
    double *plane = gaussian_data(n, 2, 45), *x = malloc((size_t)(n * d) * sizeof *x);
    ofdm_fit_options fit;
    ofdm_select_options options = small_search();
    ofdm_model *model = NULL;
    int64_t i, j;
    capi_rng rng;
    (void)state;
    assert_non_null(x);
    rng.state = 46;
    for (i = 0; i < n; ++i) /* a tilted plane in 5-D, with a little noise off it */
        for (j = 0; j < d; ++j)
            x[i * d + j] = (1.0 + (double)j) * plane[2 * i] + (j % 2 ? -0.5 : 0.7) * plane[2 * i + 1] +
                           0.01 * capi_normal01(&rng);
    ofdm_fit_options_init(&fit);
    fit.coordinates = OFDM_COORDINATES_PCA;
    options.latent_dim = 2;
    options.max_degree = 3;
    assert_int_equal(ofdm_fit_select(x, n, d, d, &fit, &options, &model, NULL), OFDM_OK);
    assert_int_equal(ofdm_model_dim(model), d);
    assert_int_equal(ofdm_model_latent_dim(model), 2);
    ofdm_model_free(model);
    free(plane);
    free(x);
}

static int cancel_at_once(int64_t done, int64_t total, void *calls) {
    (void)done;
    (void)total;
    ++*(int *)calls;
    return 1;
}

static void test_bad_selection_options_are_named_and_nothing_is_written(void **state) {
    double *x = mixture_sample(400, 47);
    ofdm_select_options o;
    ofdm_fit_options fit;
    ofdm_select_report report;
    ofdm_model *model = NULL;
    int calls = 0;
    (void)state;
#define BAD_SELECT(field, value, word)                                                                      \
    o = small_search();                                                                                     \
    o.field = value;                                                                                        \
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 2, NULL, &o, &model, NULL), OFDM_ERR_INVALID_ARGUMENT, word); \
    assert_null(model);
    BAD_SELECT(struct_size, 0, "struct_size");
    BAD_SELECT(max_degree, 0, "max_degree");
    BAD_SELECT(max_degree, OFDM_MAX_DEGREE + 1, "max_degree");
    BAD_SELECT(max_interaction, -1, "max_interaction");
    BAD_SELECT(validation_fraction, 1.0, "validation_fraction");
    BAD_SELECT(validation_fraction, NAN, "validation_fraction");
    BAD_SELECT(max_basis_size, 0, "max_basis_size");
    BAD_SELECT(latent_dim, 3, "latent_dim");
    BAD_SELECT(latent_dim, 1, "PCA"); /* only PCA reduces the dimension */
#undef BAD_SELECT
    ofdm_fit_options_init(&fit);
    fit.data_dim = 3;
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 2, &fit, NULL, &model, NULL), OFDM_ERR_INVALID_ARGUMENT, "data_dim");
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 1, NULL, NULL, &model, NULL), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    EXPECT_FAILURE(ofdm_fit_select(NULL, 400, 2, 2, NULL, NULL, &model, NULL), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 2, NULL, NULL, NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_fit_select(x, 1, 2, 2, NULL, NULL, &model, NULL), OFDM_ERR_TOO_FEW_SAMPLES, "n");
    ofdm_select_report_init(&report);
    report.struct_size = 1;
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 2, NULL, NULL, &model, &report), OFDM_ERR_INVALID_ARGUMENT,
                   "struct_size");
    fit.data_dim = 0;
    fit.memory_limit = 64; /* bytes: below the smallest candidate */
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 2, &fit, NULL, &model, NULL), OFDM_ERR_TOO_LARGE, "memory_limit");
    fit.memory_limit = 0;
    fit.progress = cancel_at_once;
    fit.progress_data = &calls;
    o = small_search();
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 2, &fit, &o, &model, NULL), OFDM_ERR_CANCELLED, "cancelled");
    assert_int_equal(calls, 1);
    x[2 * 17 + 1] = NAN;
    EXPECT_FAILURE(ofdm_fit_select(x, 400, 2, 2, NULL, NULL, &model, NULL), OFDM_ERR_NONFINITE_INPUT, "row 17");
    assert_null(model);
    free(x);
}

static void test_bad_validation_input_is_named_and_loss_untouched(void **state) {
    double *x = mixture_sample(300, 48);
    ofdm_model *model = total_degree_fit(x, 300, 3);
    double loss = 12345.0;
    (void)state;
    EXPECT_FAILURE(ofdm_model_validation_loss(model, x, 300, 1, &loss), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    EXPECT_FAILURE(ofdm_model_validation_loss(model, x, 0, 2, &loss), OFDM_ERR_TOO_FEW_SAMPLES, "empty");
    EXPECT_FAILURE(ofdm_model_validation_loss(NULL, x, 300, 2, &loss), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_validation_loss(model, x, 300, 2, NULL), OFDM_ERR_NULL_ARGUMENT, "loss");
    x[5] = INFINITY;
    EXPECT_FAILURE(ofdm_model_validation_loss(model, x, 300, 2, &loss), OFDM_ERR_NONFINITE_INPUT, "row 2");
    assert_true(loss == 12345.0);
    ofdm_model_free(model);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_selection_reports_its_choice_and_beats_a_gaussian),
        cmocka_unit_test(test_loss_on_training_rows_is_minimal_for_the_basis),
        cmocka_unit_test(test_selection_through_pca_builds_bases_on_the_components),
        cmocka_unit_test(test_bad_selection_options_are_named_and_nothing_is_written),
        cmocka_unit_test(test_bad_validation_input_is_named_and_loss_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_api_select.c — model selection without sampling through the C API: ofdm_fit_select picks a
 * basis and ridge by the held-out score-matching loss and refits it, reports what it chose (and the
 * outlier rows it left out), and refuses bad options by name; ofdm_model_validation_loss scores
 * any model on held-out rows; ofdm_find_outliers finds the rows selection leaves out.
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

/* The median of |column j| of n samples (n × 2, ld 2); sorts a copy. */
static int compare_doubles(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static double median_magnitude(const double *samples, int64_t n, int64_t j) {
    double *v = malloc((size_t)n * sizeof *v), m;
    int64_t i;
    assert_non_null(v);
    for (i = 0; i < n; ++i) v[i] = fabs(samples[2 * i + j]);
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    m = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    free(v);
    return m;
}
static double column_sd(const double *samples, int64_t n, int64_t j) {
    double mean = 0.0, m2 = 0.0;
    int64_t i;
    for (i = 0; i < n; ++i) mean += samples[2 * i + j] / (double)n;
    for (i = 0; i < n; ++i) m2 += (samples[2 * i + j] - mean) * (samples[2 * i + j] - mean) / (double)n;
    return sqrt(m2);
}

/* Issue 17: 1 000 standard normal rows with x[3][0] = 1e12. The outlier used to set the
 * standardization's spread (3e10), squeezing the bulk into a point: degree 4 was chosen without a
 * word and the median |x0| of 2 000 samples was 1.4e8. It is reported (row 3, column 0, 1e12
 * robust units) and left out, and the samples are those of a standard normal: median |x0| = 0.674
 * to within 8 % (the sampling error of a median of 2 000 is 2.6 %, plus the model's), standard
 * deviations within 20 % of 1. */
static void test_selection_leaves_out_and_reports_a_far_outlier(void **state) {
    double *x = gaussian_data(1000, 2, 51), *samples;
    ofdm_select_options options;
    ofdm_select_report report;
    ofdm_model *model = NULL;
    ofdm_sample_options run = short_run(400, 5, 0);
    (void)state;
    x[3 * 2 + 0] = 1e12;
    ofdm_select_options_init(&options);
    ofdm_select_report_init(&report);
    assert_int_equal(options.keep_outliers, 0);
    assert_int_equal(ofdm_fit_select(x, 1000, 2, 2, NULL, &options, &model, &report), OFDM_OK);
    assert_int_equal(report.outlier_rows, 1);
    assert_int_equal(report.first_outlier_row, 3);
    assert_int_equal(report.first_outlier_column, 0);
    assert_true(report.first_outlier_distance > 5e11 && report.first_outlier_distance < 2e12);
    assert_int_equal(ofdm_model_training_size(model), 999);
    samples = draw(model, 2000, &run, 2);
    assert_true(all_finite(samples, 2000, 2, 2));
    assert_true(fabs(median_magnitude(samples, 2000, 0) / 0.6745 - 1.0) < 0.08);
    assert_true(fabs(median_magnitude(samples, 2000, 1) / 0.6745 - 1.0) < 0.08);
    assert_true(fabs(column_sd(samples, 2000, 0) - 1.0) < 0.2 && fabs(column_sd(samples, 2000, 1) - 1.0) < 0.2);
    free(samples);
    ofdm_model_free(model);
    model = NULL;
    /* keep_outliers: the row is still reported, but used, and the bulk collapses as before. */
    options.keep_outliers = 1;
    assert_int_equal(ofdm_fit_select(x, 1000, 2, 2, NULL, &options, &model, &report), OFDM_OK);
    assert_int_equal(report.outlier_rows, 1);
    assert_int_equal(report.first_outlier_row, 3);
    assert_int_equal(ofdm_model_training_size(model), 1000);
    samples = draw(model, 2000, &run, 2);
    assert_true(median_magnitude(samples, 2000, 0) > 100.0);
    free(samples);
    ofdm_model_free(model);
    free(x);
}

/* Data without outliers give exactly the model they gave before the treatment existed, which is
 * the model with keep_outliers set: the same bytes. The report says so with zeros and -1. */
static void test_selection_without_outliers_is_unchanged_bit_for_bit(void **state) {
    double *x = mixture_sample(1500, 52);
    ofdm_select_options options = small_search();
    ofdm_select_report report, kept;
    ofdm_model *model = NULL, *same = NULL;
    size_t size = 0, size_same = 0;
    void *a, *b;
    (void)state;
    ofdm_select_report_init(&report);
    ofdm_select_report_init(&kept);
    assert_int_equal(ofdm_fit_select(x, 1500, 2, 2, NULL, &options, &model, &report), OFDM_OK);
    assert_int_equal(report.outlier_rows, 0);
    assert_int_equal(report.first_outlier_row, -1);
    assert_int_equal(report.first_outlier_column, -1);
    assert_true(report.first_outlier_distance == 0.0);
    options.keep_outliers = 1;
    assert_int_equal(ofdm_fit_select(x, 1500, 2, 2, NULL, &options, &same, &kept), OFDM_OK);
    assert_memory_equal(&report, &kept, sizeof report);
    assert_int_equal(ofdm_model_serialized_size(model, &size), OFDM_OK);
    assert_int_equal(ofdm_model_serialized_size(same, &size_same), OFDM_OK);
    assert_int_equal(size, size_same);
    a = malloc(size);
    b = malloc(size);
    assert_int_equal(ofdm_model_save_buffer(model, a, size, NULL), OFDM_OK);
    assert_int_equal(ofdm_model_save_buffer(same, b, size, NULL), OFDM_OK);
    assert_memory_equal(a, b, size);
    free(a);
    free(b);
    ofdm_model_free(same);
    ofdm_model_free(model);
    free(x);
}

/* A value beyond double range: left out as an outlier by default (the selection succeeds and
 * names it); with keep_outliers the rows used are beyond range, refused as ofdm_fit refuses them,
 * naming the row as the caller numbers it. */
static void test_selection_of_data_beyond_double_range(void **state) {
    double *x = gaussian_data(1000, 2, 53);
    ofdm_select_options options = small_search();
    ofdm_select_report report;
    ofdm_model *model = NULL;
    (void)state;
    x[3 * 2 + 0] = 1e300;
    ofdm_select_report_init(&report);
    assert_int_equal(ofdm_fit_select(x, 1000, 2, 2, NULL, &options, &model, &report), OFDM_OK);
    assert_int_equal(report.outlier_rows, 1);
    assert_int_equal(report.first_outlier_row, 3);
    ofdm_model_free(model);
    model = NULL;
    options.keep_outliers = 1;
    EXPECT_FAILURE(ofdm_fit_select(x, 1000, 2, 2, NULL, &options, &model, NULL), OFDM_ERR_OVERFLOW, "row 3");
    assert_true(mentions(ofdm_last_error(), "column 0"));
    assert_null(model);
    free(x);
}

/* ofdm_find_outliers: the same rows, for a fit that uses them all. */
static void test_find_outliers_names_the_first_row_and_checks_its_arguments(void **state) {
    double *x = gaussian_data(1000, 3, 54);
    int64_t count = -5, row = -5, column = -5;
    double distance = -5.0;
    (void)state;
    assert_int_equal(ofdm_find_outliers(x, 1000, 3, 3, &count, &row, &column, &distance), OFDM_OK);
    assert_int_equal(count, 0);
    assert_int_equal(row, -1);
    assert_int_equal(column, -1);
    assert_true(distance == 0.0);
    x[7 * 3 + 2] = -1e6, x[400 * 3 + 0] = 50.0, x[400 * 3 + 1] = 1e9;
    assert_int_equal(ofdm_find_outliers(x, 1000, 3, 3, &count, &row, &column, &distance), OFDM_OK);
    assert_int_equal(count, 2);
    assert_int_equal(row, 7);
    assert_int_equal(column, 2);
    assert_true(distance > 5e5 && distance < 2e6);
    /* Two columns of the same array (ldx 3): row 7's value is not read. */
    assert_int_equal(ofdm_find_outliers(x, 1000, 2, 3, &count, NULL, NULL, NULL), OFDM_OK);
    assert_int_equal(count, 1);
    count = -5;
    EXPECT_FAILURE(ofdm_find_outliers(x, 1000, 3, 2, &count, NULL, NULL, NULL), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    EXPECT_FAILURE(ofdm_find_outliers(x, 1000, 0, 3, &count, NULL, NULL, NULL), OFDM_ERR_INVALID_ARGUMENT, "d");
    EXPECT_FAILURE(ofdm_find_outliers(x, -1, 3, 3, &count, NULL, NULL, NULL), OFDM_ERR_INVALID_ARGUMENT, "n");
    EXPECT_FAILURE(ofdm_find_outliers(x, 1000, 3, 3, NULL, NULL, NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "count");
    EXPECT_FAILURE(ofdm_find_outliers(NULL, 1000, 3, 3, &count, NULL, NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "x");
    x[9 * 3 + 1] = NAN;
    EXPECT_FAILURE(ofdm_find_outliers(x, 1000, 3, 3, &count, NULL, NULL, NULL), OFDM_ERR_NONFINITE_INPUT, "row 9");
    assert_int_equal(count, -5);
    assert_int_equal(ofdm_find_outliers(NULL, 0, 3, 3, &count, NULL, NULL, NULL), OFDM_OK);
    assert_int_equal(count, 0);
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
        cmocka_unit_test(test_selection_leaves_out_and_reports_a_far_outlier),
        cmocka_unit_test(test_selection_without_outliers_is_unchanged_bit_for_bit),
        cmocka_unit_test(test_selection_of_data_beyond_double_range),
        cmocka_unit_test(test_find_outliers_names_the_first_row_and_checks_its_arguments),
        cmocka_unit_test(test_bad_selection_options_are_named_and_nothing_is_written),
        cmocka_unit_test(test_bad_validation_input_is_named_and_loss_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

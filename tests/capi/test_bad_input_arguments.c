/*
 * test_bad_input_arguments.c — NULL pointers, negative counts, short leading dimensions, bad
 * times and non-finite points, fed to the public C API by a C99 caller.
 *
 * Every bad input must get its named status (ofdm.h, "Status and errors"), a message from
 * ofdm_last_error() that names the offending argument, row, column, edge or byte offset, and no
 * write through out-pointers: handle out-pointers are set to NULL before each call and must still
 * be NULL afterwards; caller arrays are filled with a sentinel and must keep it.
 */
#include "capi/support/capi_support.h"

/* ---- NULL pointers ------------------------------------------------------------------------ */

static void test_basis_functions_refuse_null_pointers(void **state) {
    const int64_t edge[2] = {0, 1};
    const int32_t index[2] = {1, 0};
    int32_t out[4] = {7, 7, 7, 7};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, 2, 0, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 2, edge, 1, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 2, NULL, 1, &basis), OFDM_ERR_NULL_ARGUMENT, "edges");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, index, 1, 2, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, NULL, 1, 2, &basis), OFDM_ERR_NULL_ARGUMENT, "indices");
    assert_null(basis);
    EXPECT_FAILURE(ofdm_basis_indices(NULL, out, 2), OFDM_ERR_NULL_ARGUMENT, "basis");
    assert_int_equal(ofdm_basis_create_graph(2, 1, NULL, 0, &basis), OFDM_OK); /* NULL edges, 0 edges: fine */
    EXPECT_FAILURE(ofdm_basis_indices(basis, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_basis_indices(basis, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldout");
    assert_true(out[0] == 7 && out[1] == 7 && out[2] == 7 && out[3] == 7);
    ofdm_basis_free(basis);
}

static void test_fit_refuses_null_pointers(void **state) {
    double x[8] = {0, 1, 1, 0, 2, 3, -1, 2};
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 1, 0, &basis), OFDM_OK);
    EXPECT_FAILURE(ofdm_fit(NULL, x, 4, 2, NULL, &model), OFDM_ERR_NULL_ARGUMENT, "basis");
    EXPECT_FAILURE(ofdm_fit(basis, NULL, 4, 2, NULL, &model), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_fit(basis, x, 4, 2, NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    assert_null(model);
    assert_int_equal(ofdm_fit(basis, x, 4, 2, NULL, &model), OFDM_OK); /* NULL options: the defaults */
    ofdm_model_free(model);
    ofdm_basis_free(basis);
}

static void test_model_functions_refuse_null_pointers(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0), *loaded = NULL;
    double x[4] = {0.1, 0.2, 0.3, 0.4}, out[8];
    unsigned char buffer[16] = {0};
    size_t size = 99, written = 99;
    (void)state;
    fill(out, 8);
    EXPECT_FAILURE(ofdm_model_score(NULL, 0.5, x, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, NULL, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 2, 2, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_log_density(NULL, 0.5, x, 2, 2, out), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_log_density(model, 0.5, NULL, 2, 2, out), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_log_density(model, 0.5, x, 2, 2, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_coefficients(NULL, 0.5, out), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_coefficients(model, 0.5, NULL), OFDM_ERR_NULL_ARGUMENT, "alpha");
    EXPECT_FAILURE(ofdm_model_to_latent(NULL, x, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_to_latent(model, NULL, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_to_latent(model, x, 2, 2, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "z");
    EXPECT_FAILURE(ofdm_model_from_latent(NULL, x, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_from_latent(model, NULL, 2, 2, out, 2), OFDM_ERR_NULL_ARGUMENT, "z");
    EXPECT_FAILURE(ofdm_model_from_latent(model, x, 2, 2, NULL, 2), OFDM_ERR_NULL_ARGUMENT, "x");
    EXPECT_FAILURE(ofdm_model_options(NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_options(model, NULL), OFDM_ERR_NULL_ARGUMENT, "options");
    assert_true(untouched(out, 8));
    EXPECT_FAILURE(ofdm_model_save(NULL, "unused.ofdm"), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_save(model, NULL), OFDM_ERR_NULL_ARGUMENT, "path");
    EXPECT_FAILURE(ofdm_model_load(NULL, &loaded), OFDM_ERR_NULL_ARGUMENT, "path");
    EXPECT_FAILURE(ofdm_model_load("unused.ofdm", NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_model_serialized_size(NULL, &size), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_serialized_size(model, NULL), OFDM_ERR_NULL_ARGUMENT, "size");
    EXPECT_FAILURE(ofdm_model_save_buffer(NULL, buffer, 16, &written), OFDM_ERR_NULL_ARGUMENT, "model");
    EXPECT_FAILURE(ofdm_model_save_buffer(model, NULL, 16, &written), OFDM_ERR_NULL_ARGUMENT, "buffer");
    EXPECT_FAILURE(ofdm_model_load_buffer(NULL, 16, &loaded), OFDM_ERR_NULL_ARGUMENT, "buffer");
    EXPECT_FAILURE(ofdm_model_load_buffer(buffer, 16, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    assert_null(loaded);
    assert_int_equal(size, 99);
    assert_int_equal(written, 99);
    ofdm_model_free(model);
}

static void test_free_functions_and_accessors_accept_null(void **state) {
    (void)state;
    ofdm_basis_free(NULL);
    ofdm_model_free(NULL);
    (ofdm_fit_options_init)(NULL); /* the 0.1 function: a no-op */
    assert_int_equal(ofdm_fit_options_init_sized(NULL, sizeof(ofdm_fit_options)), OFDM_ERR_NULL_ARGUMENT);
    assert_int_equal(ofdm_basis_size(NULL), 0);
    assert_int_equal(ofdm_basis_dim(NULL), 0);
    assert_int_equal(ofdm_basis_max_degree(NULL), 0);
    assert_null(ofdm_model_basis(NULL));
    assert_int_equal(ofdm_model_dim(NULL), 0);
    assert_true(ofdm_model_beta(NULL) == 0.0);
    assert_int_equal(ofdm_model_training_size(NULL), 0);
}

/* ---- times, sizes and points ------------------------------------------------------------ */

static void test_model_functions_refuse_bad_times_sizes_and_points(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    double x[6] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, out[6];
    (void)state;
    fill(out, 6);
    EXPECT_FAILURE(ofdm_model_score(model, -1.0, x, 3, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_score(model, NAN, x, 3, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_score(model, -INFINITY, x, 3, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_log_density(model, -1e-300, x, 3, 2, out), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_coefficients(model, NAN, out), OFDM_ERR_INVALID_ARGUMENT, "t");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 3, 2, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldout");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 3, 1, out, 2), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, -1, 2, out, 2), OFDM_ERR_INVALID_ARGUMENT, "n");
    EXPECT_FAILURE(ofdm_model_to_latent(model, x, 3, 2, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldz");
    EXPECT_FAILURE(ofdm_model_from_latent(model, x, 3, 2, out, 1), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    {
        ofdm_fit_options options;
        ofdm_fit_options_init(&options);
        options.struct_size = sizeof options - 1;
        options.beta = SENTINEL;
        EXPECT_FAILURE(ofdm_model_options(model, &options), OFDM_ERR_INVALID_ARGUMENT, "struct_size");
        assert_true(options.beta == SENTINEL);
    }
    x[2 * 2 + 1] = NAN;
    EXPECT_FAILURE(ofdm_model_score(model, 0.5, x, 3, 2, out, 2), OFDM_ERR_NONFINITE_INPUT, "row 2");
    assert_true(mentions(ofdm_last_error(), "column 1"));
    EXPECT_FAILURE(ofdm_model_log_density(model, 0.5, x, 3, 2, out), OFDM_ERR_NONFINITE_INPUT, "row 2");
    assert_true(untouched(out, 6));
    /* n = 0: nothing to do, NULL arrays allowed. */
    assert_int_equal(ofdm_model_score(model, 0.5, NULL, 0, 2, NULL, 2), OFDM_OK);
    assert_int_equal(ofdm_model_log_density(model, 0.5, NULL, 0, 2, NULL), OFDM_OK);
    assert_int_equal(ofdm_model_to_latent(model, NULL, 0, 2, NULL, 2), OFDM_OK);
    assert_int_equal(ofdm_model_from_latent(model, NULL, 0, 2, NULL, 2), OFDM_OK);
    ofdm_model_free(model);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basis_functions_refuse_null_pointers),
        cmocka_unit_test(test_fit_refuses_null_pointers),
        cmocka_unit_test(test_model_functions_refuse_null_pointers),
        cmocka_unit_test(test_free_functions_and_accessors_accept_null),
        cmocka_unit_test(test_model_functions_refuse_bad_times_sizes_and_points),
    };
    return cmocka_run_group_tests_name("test_bad_input_arguments", tests, NULL, NULL);
}

/*
 * test_api_layouts.c — the struct_size rule of ofdm.h ("Conventions used throughout") as seen by
 * a caller built against this header: *_init_sized writes exactly the size it is given, a
 * struct from a newer header (larger, its unknown bytes zero) is accepted, one that sets an
 * unknown field or has no known size is refused by name. The 0.1 layouts themselves are tested
 * by tests/abi/test_abi_0_1.c, built against the frozen 0.1 header.
 */
#include "capi/support/capi_support.h"

#define EXTRA 16

static void test_init_sized_writes_the_size_it_is_given(void **state) {
    union {
        ofdm_fit_options value;
        unsigned char bytes[sizeof(ofdm_fit_options) + EXTRA + 8];
    } o;
    size_t i;
    (void)state;
    memset(o.bytes, 0xA5, sizeof o.bytes);
    assert_int_equal(ofdm_fit_options_init_sized(&o.value, sizeof o.value + EXTRA), OFDM_OK);
    assert_int_equal(o.value.struct_size, sizeof o.value + EXTRA);
    for (i = sizeof o.value; i < sizeof o.value + EXTRA; ++i) assert_int_equal(o.bytes[i], 0);
    for (i = sizeof o.value + EXTRA; i < sizeof o.bytes; ++i) assert_int_equal(o.bytes[i], 0xA5);
    /* The 0.1 layout (48 bytes): defaults written up to it, nothing after. */
    memset(o.bytes, 0xA5, sizeof o.bytes);
    assert_int_equal(ofdm_fit_options_init_sized(&o.value, offsetof(ofdm_fit_options, memory_limit)), OFDM_OK);
    assert_true(o.value.beta == 1.0);
    for (i = offsetof(ofdm_fit_options, memory_limit); i < sizeof o.bytes; ++i) assert_int_equal(o.bytes[i], 0xA5);
    /* No layout: nothing is written. */
    memset(o.bytes, 0xA5, sizeof o.bytes);
    EXPECT_FAILURE(ofdm_fit_options_init_sized(&o.value, 20), OFDM_ERR_INVALID_ARGUMENT, "size = 20");
    for (i = 0; i < sizeof o.bytes; ++i) assert_int_equal(o.bytes[i], 0xA5);
    EXPECT_FAILURE(ofdm_sample_options_init_sized(NULL, sizeof(ofdm_sample_options)), OFDM_ERR_NULL_ARGUMENT, "NULL");
}

static void test_a_newer_layout_is_read_when_its_unknown_fields_are_zero(void **state) {
    union {
        ofdm_sample_options value;
        unsigned char bytes[sizeof(ofdm_sample_options) + EXTRA];
    } newer;
    double *x = gaussian_data(200, 2, 3), out[8];
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    (void)state;
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    assert_int_equal(ofdm_fit(basis, x, 200, 2, NULL, &model), OFDM_OK);
    assert_int_equal(ofdm_sample_options_init_sized(&newer.value, sizeof newer.bytes), OFDM_OK);
    newer.value.steps = 10;
    assert_int_equal(ofdm_model_sample(model, 4, &newer.value, out, 2), OFDM_OK);
    newer.bytes[sizeof newer.value + 3] = 1; /* a field this library does not know */
    EXPECT_FAILURE(ofdm_model_sample(model, 4, &newer.value, out, 2), OFDM_ERR_INVALID_ARGUMENT, "needs a newer ofdm");
    ofdm_model_free(model);
    ofdm_basis_free(basis);
    free(x);
}

/* ofdm_select_options and ofdm_select_report grew after the first 0.2 development headers (by
 * keep_outliers, and by outlier_rows to first_outlier_distance). A program built against those
 * headers passes the older sizes: its options are read with keep_outliers at its default (0), its
 * report gets only the fields it knows, and the legacy init functions, which such programs call,
 * write only that layout. A size between the layouts is refused. */
static void test_selection_structs_of_the_first_0_2_headers_keep_working(void **state) {
    const size_t old_options = offsetof(ofdm_select_options, keep_outliers);
    const size_t old_report = offsetof(ofdm_select_report, outlier_rows);
    union {
        ofdm_select_options value;
        unsigned char bytes[sizeof(ofdm_select_options) + 8];
    } o;
    union {
        ofdm_select_report value;
        unsigned char bytes[sizeof(ofdm_select_report) + 8];
    } r;
    double *x = gaussian_data(300, 2, 9);
    ofdm_model *model = NULL;
    size_t i;
    (void)state;
    memset(o.bytes, 0xA5, sizeof o.bytes);
    assert_int_equal(ofdm_select_options_init_sized(&o.value, old_options), OFDM_OK);
    assert_int_equal(o.value.max_degree, 8);
    for (i = old_options; i < sizeof o.bytes; ++i) assert_int_equal(o.bytes[i], 0xA5);
    memset(o.bytes, 0xA5, sizeof o.bytes);
    (ofdm_select_options_init)(&o.value); /* the legacy function: the old layout */
    assert_int_equal(o.value.struct_size, old_options);
    for (i = old_options; i < sizeof o.bytes; ++i) assert_int_equal(o.bytes[i], 0xA5);
    o.value.max_degree = 2;
    memset(r.bytes, 0xA5, sizeof r.bytes);
    (ofdm_select_report_init)(&r.value);
    assert_int_equal(r.value.struct_size, old_report);
    for (i = old_report; i < sizeof r.bytes; ++i) assert_int_equal(r.bytes[i], 0xA5);
    x[5 * 2 + 1] = 1e9; /* an outlier the old report cannot hold: nothing past its layout is written */
    assert_int_equal(ofdm_fit_select(x, 300, 2, 2, NULL, &o.value, &model, &r.value), OFDM_OK);
    assert_int_equal(ofdm_model_training_size(model), 299); /* the default: left out */
    assert_true(r.value.degree >= 1 && r.value.degree <= 2);
    for (i = old_report; i < sizeof r.bytes; ++i) assert_int_equal(r.bytes[i], 0xA5);
    ofdm_model_free(model);
    model = NULL;
    /* The current layout gets the new fields. */
    ofdm_select_report_init(&r.value);
    assert_int_equal(r.value.struct_size, sizeof r.value);
    assert_int_equal(ofdm_fit_select(x, 300, 2, 2, NULL, &o.value, &model, &r.value), OFDM_OK);
    assert_int_equal(r.value.outlier_rows, 1);
    assert_int_equal(r.value.first_outlier_row, 5);
    assert_int_equal(r.value.first_outlier_column, 1);
    ofdm_model_free(model);
    model = NULL;
    /* Between the layouts: no layout. */
    EXPECT_FAILURE(ofdm_select_report_init_sized(&r.value, old_report + 8), OFDM_ERR_INVALID_ARGUMENT,
                   "ofdm_select_report_init_sized");
    r.value.struct_size = old_report + 8;
    EXPECT_FAILURE(ofdm_fit_select(x, 300, 2, 2, NULL, &o.value, &model, &r.value), OFDM_ERR_INVALID_ARGUMENT,
                   "struct_size");
    o.value.struct_size = old_options + 4;
    EXPECT_FAILURE(ofdm_fit_select(x, 300, 2, 2, NULL, &o.value, &model, NULL), OFDM_ERR_INVALID_ARGUMENT,
                   "struct_size");
    assert_null(model);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_sized_writes_the_size_it_is_given),
        cmocka_unit_test(test_a_newer_layout_is_read_when_its_unknown_fields_are_zero),
        cmocka_unit_test(test_selection_structs_of_the_first_0_2_headers_keep_working),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

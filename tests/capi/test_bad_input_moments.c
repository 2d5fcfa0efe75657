/*
 * test_bad_input_moments.c — the moments API fed bad input: NULLs, bad sizes and options,
 * non-finite rows, arrays of the wrong length, of another basis, β, coordinate kind or pass, and
 * calls out of order (fit or import in the wrong pass, begin_moments twice).
 *
 * Every failure must give its named status (ofdm.h, Moments), a message that names the thing,
 * and change nothing: the accumulator's exported array is compared bit for bit before and after,
 * and handle out-pointers must keep their value.
 */
#include "capi/support/capi_support.h"

#define BN 200
#define BD 2

static ofdm_basis *degree3_basis(void) {
    ofdm_basis *basis = NULL;
    assert_int_equal(ofdm_basis_create_total_degree(BD, 3, 0, &basis), OFDM_OK);
    return basis;
}

static ofdm_moments *new_moments(const ofdm_basis *basis, int32_t coordinates, double beta) {
    ofdm_moments *moments = NULL;
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.coordinates = coordinates;
    options.beta = beta;
    assert_int_equal(ofdm_moments_create(basis, &options, &moments), OFDM_OK);
    return moments;
}

/* The accumulator's state as an exported array (with its length in [0]); the caller frees. */
static double *snapshot(const ofdm_moments *moments) {
    int64_t length = 0;
    double *values;
    assert_int_equal(ofdm_moments_export_length(moments, &length), OFDM_OK);
    values = malloc((size_t)(length + 1) * sizeof *values);
    assert_non_null(values);
    values[0] = (double)length;
    assert_int_equal(ofdm_moments_export(moments, values + 1), OFDM_OK);
    return values;
}

/* Asserts that the accumulator still exports `before`, bit for bit, then frees `before`. */
static void assert_unchanged(const ofdm_moments *moments, double *before) {
    double *after = snapshot(moments);
    assert_true(after[0] == before[0]);
    assert_memory_equal(after, before, (size_t)(before[0] + 1) * sizeof *after);
    free(after);
    free(before);
}

/* An accumulator in the moment pass of standardized data, with BN samples in both passes. */
static ofdm_moments *filled(const ofdm_basis *basis, const double *x) {
    ofdm_moments *moments = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0);
    assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
    assert_int_equal(ofdm_moments_begin_moments(moments), OFDM_OK);
    assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
    return moments;
}

static void test_null_arguments_are_refused_and_named(void **state) {
    double *x = gaussian_data(BN, BD, 1), values[8] = {0};
    ofdm_basis *basis = degree3_basis();
    ofdm_moments *moments = filled(basis, x), *out = NULL;
    ofdm_model *model = NULL;
    int64_t length = -7;
    double *before = snapshot(moments);
    (void)state;
    EXPECT_FAILURE(ofdm_moments_create(NULL, NULL, &out), OFDM_ERR_NULL_ARGUMENT, "basis");
    EXPECT_FAILURE(ofdm_moments_create(basis, NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_moments_add(NULL, x, BN, BD), OFDM_ERR_NULL_ARGUMENT, "moments");
    EXPECT_FAILURE(ofdm_moments_add(moments, NULL, BN, BD), OFDM_ERR_NULL_ARGUMENT, "x");
    assert_int_equal(ofdm_moments_add(moments, NULL, 0, BD), OFDM_OK); /* no rows: x may be NULL */
    EXPECT_FAILURE(ofdm_moments_begin_moments(NULL), OFDM_ERR_NULL_ARGUMENT, "moments");
    EXPECT_FAILURE(ofdm_moments_merge(NULL, moments), OFDM_ERR_NULL_ARGUMENT, "moments");
    EXPECT_FAILURE(ofdm_moments_merge(moments, NULL), OFDM_ERR_NULL_ARGUMENT, "other");
    EXPECT_FAILURE(ofdm_moments_export_length(NULL, &length), OFDM_ERR_NULL_ARGUMENT, "moments");
    EXPECT_FAILURE(ofdm_moments_export_length(moments, NULL), OFDM_ERR_NULL_ARGUMENT, "length");
    EXPECT_FAILURE(ofdm_moments_export(NULL, values), OFDM_ERR_NULL_ARGUMENT, "moments");
    EXPECT_FAILURE(ofdm_moments_export(moments, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    EXPECT_FAILURE(ofdm_moments_import(NULL, values, 8), OFDM_ERR_NULL_ARGUMENT, "moments");
    EXPECT_FAILURE(ofdm_moments_import(moments, NULL, 8), OFDM_ERR_NULL_ARGUMENT, "values");
    EXPECT_FAILURE(ofdm_fit_moments(NULL, NULL, &model), OFDM_ERR_NULL_ARGUMENT, "moments");
    EXPECT_FAILURE(ofdm_fit_moments(moments, NULL, NULL), OFDM_ERR_NULL_ARGUMENT, "out");
    assert_null(out);
    assert_null(model);
    assert_true(length == -7);
    assert_int_equal(ofdm_moments_in_statistics_pass(NULL), 0);
    assert_int_equal(ofdm_moments_count(NULL), 0);
    ofdm_moments_free(NULL);
    assert_unchanged(moments, before);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x);
}

static void test_bad_sizes_and_options_are_refused_and_named(void **state) {
    double *x = gaussian_data(BN, BD, 2);
    ofdm_basis *basis = degree3_basis();
    ofdm_moments *moments = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0), *out = NULL;
    ofdm_fit_options options;
    double *before;
    (void)state;
    assert_int_equal(ofdm_moments_add(moments, x, BN / 2, BD), OFDM_OK);
    before = snapshot(moments);
    EXPECT_FAILURE(ofdm_moments_add(moments, x, -1, BD), OFDM_ERR_INVALID_ARGUMENT, "n");
    EXPECT_FAILURE(ofdm_moments_add(moments, x, BN, BD - 1), OFDM_ERR_INVALID_ARGUMENT, "ldx");
    assert_unchanged(moments, before);
    ofdm_fit_options_init(&options);
    options.beta = 0.0;
    EXPECT_FAILURE(ofdm_moments_create(basis, &options, &out), OFDM_ERR_INVALID_ARGUMENT, "beta");
    ofdm_fit_options_init(&options);
    options.coordinates = 7;
    EXPECT_FAILURE(ofdm_moments_create(basis, &options, &out), OFDM_ERR_INVALID_ARGUMENT, "coordinates");
    ofdm_fit_options_init(&options);
    options.struct_size = 3;
    EXPECT_FAILURE(ofdm_moments_create(basis, &options, &out), OFDM_ERR_INVALID_ARGUMENT, "struct_size");
    ofdm_fit_options_init(&options);
    options.data_dim = BD + 1;
    EXPECT_FAILURE(ofdm_moments_create(basis, &options, &out), OFDM_ERR_INVALID_ARGUMENT, "data_dim");
    assert_null(out);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x);
}

/* A NaN or Inf row is named and nothing of the chunk is added, in either pass. */
static void test_nonfinite_rows_are_named_and_add_nothing(void **state) {
    double *x = gaussian_data(BN, BD, 3);
    ofdm_basis *basis = degree3_basis();
    ofdm_moments *moments = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0);
    double *before;
    int pass;
    (void)state;
    for (pass = 0; pass < 2; ++pass) {
        assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
        before = snapshot(moments);
        x[17 * BD + 1] = NAN;
        EXPECT_FAILURE(ofdm_moments_add(moments, x, BN, BD), OFDM_ERR_NONFINITE_INPUT, "row 17");
        assert_true(mentions(ofdm_last_error(), "column 1"));
        x[17 * BD + 1] = -INFINITY;
        EXPECT_FAILURE(ofdm_moments_add(moments, x + BD, BN - 1, BD), OFDM_ERR_NONFINITE_INPUT, "row 16");
        x[17 * BD + 1] = 0.25;
        assert_unchanged(moments, before);
        assert_int_equal(ofdm_moments_count(moments), BN);
        if (pass == 0) assert_int_equal(ofdm_moments_begin_moments(moments), OFDM_OK);
    }
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x);
}

/* Overflow: data at 1e200 square to beyond double range in M2 (statistics pass), and degree-3
 * moments of data at 1e110 overflow in the moment pass of unstandardized coordinates. */
static void test_overflowing_sums_are_refused_and_add_nothing(void **state) {
    double *x = gaussian_data(BN, BD, 4);
    ofdm_basis *basis = degree3_basis();
    ofdm_moments *standardized = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0);
    ofdm_moments *raw = new_moments(basis, OFDM_COORDINATES_NONE, 1.0);
    double *before_s, *before_r;
    (void)state;
    assert_int_equal(ofdm_moments_add(standardized, x, BN, BD), OFDM_OK);
    assert_int_equal(ofdm_moments_add(raw, x, BN, BD), OFDM_OK);
    before_s = snapshot(standardized);
    before_r = snapshot(raw);
    x[5 * BD] = 1e200;
    EXPECT_FAILURE(ofdm_moments_add(standardized, x, BN, BD), OFDM_ERR_OVERFLOW, NULL);
    x[5 * BD] = 1e110;
    EXPECT_FAILURE(ofdm_moments_add(raw, x, BN, BD), OFDM_ERR_OVERFLOW, "degree");
    assert_unchanged(standardized, before_s);
    assert_unchanged(raw, before_r);
    ofdm_moments_free(standardized), ofdm_moments_free(raw);
    ofdm_basis_free(basis);
    free(x);
}

/* Calls in the wrong pass: fit while in the statistics pass, begin_moments twice or without a
 * statistics pass, begin_moments on too few or constant data; merging across passes. */
static void test_calls_in_the_wrong_pass_are_refused(void **state) {
    double *x = gaussian_data(BN, BD, 5), *before;
    ofdm_basis *basis = degree3_basis();
    ofdm_moments *moments = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0);
    ofdm_moments *raw = new_moments(basis, OFDM_COORDINATES_NONE, 1.0), *other;
    ofdm_model *model = NULL;
    int i;
    (void)state;
    assert_int_equal(ofdm_moments_add(moments, x, 1, BD), OFDM_OK);
    before = snapshot(moments);
    EXPECT_FAILURE(ofdm_fit_moments(moments, NULL, &model), OFDM_ERR_INVALID_ARGUMENT, "statistics");
    assert_null(model);
    EXPECT_FAILURE(ofdm_moments_begin_moments(moments), OFDM_ERR_TOO_FEW_SAMPLES, "n");
    assert_int_equal(ofdm_moments_in_statistics_pass(moments), 1);
    assert_unchanged(moments, before);

    other = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0); /* column 1 constant */
    for (i = 0; i < BN; ++i) x[i * BD + 1] = 3.5;
    assert_int_equal(ofdm_moments_add(other, x, BN, BD), OFDM_OK);
    before = snapshot(other);
    EXPECT_FAILURE(ofdm_moments_begin_moments(other), OFDM_ERR_INVALID_ARGUMENT, "column 1");
    assert_int_equal(ofdm_moments_in_statistics_pass(other), 1);
    assert_unchanged(other, before);
    ofdm_moments_free(other);

    assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
    x[0 * BD + 1] = 4.0; /* no longer constant */
    assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
    assert_int_equal(ofdm_moments_begin_moments(moments), OFDM_OK);
    before = snapshot(moments);
    EXPECT_FAILURE(ofdm_moments_begin_moments(moments), OFDM_ERR_INVALID_ARGUMENT, "pass");
    assert_unchanged(moments, before);
    before = snapshot(raw);
    EXPECT_FAILURE(ofdm_moments_begin_moments(raw), OFDM_ERR_INVALID_ARGUMENT, "OFDM_COORDINATES_NONE");
    assert_unchanged(raw, before);

    other = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0);
    before = snapshot(moments);
    EXPECT_FAILURE(ofdm_moments_merge(moments, other), OFDM_ERR_INVALID_ARGUMENT, "statistics");
    assert_true(mentions(ofdm_last_error(), "pass"));
    assert_unchanged(moments, before);
    ofdm_moments_free(other);
    ofdm_moments_free(moments), ofdm_moments_free(raw);
    ofdm_basis_free(basis);
    free(x);
}

/* Accumulators and arrays of another basis, β or coordinate kind: merge and import refuse them,
 * naming what differs; fit refuses options of another β. */
static void test_foreign_accumulators_and_arrays_are_refused(void **state) {
    static const int32_t reordered[9 * 2] = {0, 1, 1, 0, 2, 0, 1, 1, 0, 2, 3, 0, 2, 1, 1, 2, 0, 3};
    double *x = gaussian_data(BN, BD, 6), *before, *foreign;
    ofdm_basis *basis = degree3_basis(), *other_basis = NULL;
    ofdm_moments *moments = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0), *other;
    ofdm_fit_options options;
    ofdm_model *model = NULL;
    int round;
    (void)state;
    /* The same multi-indices in another order: same lengths, so only the fingerprint tells. */
    assert_int_equal(ofdm_basis_create_from_indices(BD, reordered, 9, BD, &other_basis), OFDM_OK);
    assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
    for (round = 0; round < 2; ++round) { /* statistics pass, then moment pass */
        int which;
        for (which = 0; which < 3; ++which) {
            const char *named = which == 0 ? "basis" : which == 1 ? "beta" : "coordinate";
            if (which == 2 && round == 0) continue; /* only standardized streams have statistics */
            other = which == 0   ? new_moments(other_basis, OFDM_COORDINATES_STANDARDIZE, 1.0)
                    : which == 1 ? new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 2.0)
                                 : new_moments(basis, OFDM_COORDINATES_NONE, 1.0);
            assert_int_equal(ofdm_moments_add(other, x, BN, BD), OFDM_OK);
            if (round == 1 && which != 2) {
                assert_int_equal(ofdm_moments_begin_moments(other), OFDM_OK);
                assert_int_equal(ofdm_moments_add(other, x, BN, BD), OFDM_OK);
            }
            before = snapshot(moments);
            if (which != 2) EXPECT_FAILURE(ofdm_moments_merge(moments, other), OFDM_ERR_INVALID_ARGUMENT, named);
            foreign = snapshot(other);
            assert_true(foreign[0] == before[0]); /* same length: refused by its fingerprint */
            EXPECT_FAILURE(ofdm_moments_import(moments, foreign + 1, (int64_t)foreign[0]), OFDM_ERR_INVALID_ARGUMENT,
                           "fingerprint");
            assert_unchanged(moments, before);
            free(foreign);
            ofdm_moments_free(other);
        }
        if (round == 0) {
            assert_int_equal(ofdm_moments_begin_moments(moments), OFDM_OK);
            assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
        }
    }
    ofdm_fit_options_init(&options);
    options.beta = 2.0;
    EXPECT_FAILURE(ofdm_fit_moments(moments, &options, &model), OFDM_ERR_INVALID_ARGUMENT, "beta");
    assert_null(model);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis), ofdm_basis_free(other_basis);
    free(x);
}

/* Arrays of the wrong length, of the other pass, or with inconsistent values. */
static void test_malformed_arrays_are_refused(void **state) {
    double *x = gaussian_data(BN, BD, 7), *before, *array, *statistics;
    ofdm_basis *basis = degree3_basis();
    ofdm_moments *moments = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0);
    int64_t length;
    (void)state;
    assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
    statistics = snapshot(moments);
    length = (int64_t)statistics[0];
    EXPECT_FAILURE(ofdm_moments_import(moments, statistics + 1, length - 1), OFDM_ERR_INVALID_ARGUMENT, "length");
    EXPECT_FAILURE(ofdm_moments_import(moments, statistics + 1, -3), OFDM_ERR_INVALID_ARGUMENT, "length");
    statistics[1] = 10.5; /* a fractional count */
    EXPECT_FAILURE(ofdm_moments_import(moments, statistics + 1, length), OFDM_ERR_INVALID_ARGUMENT, "count");
    statistics[1] = BN;
    statistics[1 + 1 + BD] = -1.0; /* a negative M2 */
    EXPECT_FAILURE(ofdm_moments_import(moments, statistics + 1, length), OFDM_ERR_INVALID_ARGUMENT, "column 0");
    statistics[1 + 1 + BD] = 1.0;
    statistics[1 + 1 + 2 * BD] = 2.0; /* a layout version this library does not know */
    EXPECT_FAILURE(ofdm_moments_import(moments, statistics + 1, length), OFDM_ERR_INVALID_ARGUMENT, "version");
    statistics[1 + 1 + 2 * BD] = 1.0;

    assert_int_equal(ofdm_moments_begin_moments(moments), OFDM_OK);
    assert_int_equal(ofdm_moments_add(moments, x, BN, BD), OFDM_OK);
    array = snapshot(moments);
    before = snapshot(moments);
    /* A statistics array into the moment pass, and a moment array into a statistics pass. */
    EXPECT_FAILURE(ofdm_moments_import(moments, statistics + 1, length), OFDM_ERR_INVALID_ARGUMENT, "statistics");
    assert_true(mentions(ofdm_last_error(), "moment pass"));
    {
        ofdm_moments *fresh = new_moments(basis, OFDM_COORDINATES_STANDARDIZE, 1.0);
        double *empty = snapshot(fresh);
        EXPECT_FAILURE(ofdm_moments_import(fresh, array + 1, (int64_t)array[0]), OFDM_ERR_INVALID_ARGUMENT,
                       "statistics pass");
        assert_unchanged(fresh, empty);
        ofdm_moments_free(fresh);
    }
    EXPECT_FAILURE(ofdm_moments_import(moments, array + 1, (int64_t)array[0] + 1), OFDM_ERR_INVALID_ARGUMENT,
                   "values");
    array[1] = -4.0; /* a negative count */
    EXPECT_FAILURE(ofdm_moments_import(moments, array + 1, (int64_t)array[0]), OFDM_ERR_INVALID_ARGUMENT, "count");
    assert_unchanged(moments, before);
    free(array), free(statistics);
    ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    free(x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_arguments_are_refused_and_named),
        cmocka_unit_test(test_bad_sizes_and_options_are_refused_and_named),
        cmocka_unit_test(test_nonfinite_rows_are_named_and_add_nothing),
        cmocka_unit_test(test_overflowing_sums_are_refused_and_add_nothing),
        cmocka_unit_test(test_calls_in_the_wrong_pass_are_refused),
        cmocka_unit_test(test_foreign_accumulators_and_arrays_are_refused),
        cmocka_unit_test(test_malformed_arrays_are_refused),
    };
    return cmocka_run_group_tests_name("test_bad_input_moments", tests, NULL, NULL);
}

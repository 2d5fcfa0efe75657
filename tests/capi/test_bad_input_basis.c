/*
 * test_bad_input_basis.c — bad degrees, dimensions, edges and index rows for the three basis
 * constructors, and bases too large to build.
 *
 * Every bad input must get its named status (ofdm.h, "Status and errors"), a message from
 * ofdm_last_error() that names the offending argument, row, column, edge or byte offset, and no
 * write through out-pointers: handle out-pointers are set to NULL before each call and must still
 * be NULL afterwards; caller arrays are filled with a sentinel and must keep it.
 */
#include "capi/support/capi_support.h"

static void test_degrees_are_checked_for_every_basis_kind(void **state) {
    const int64_t edge[2] = {0, 1};
    const int32_t too_high[2] = {OFDM_MAX_DEGREE + 1, 0};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, OFDM_MAX_DEGREE + 1, 0, &basis), OFDM_ERR_DEGREE_TOO_LARGE,
                   "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, OFDM_MAX_DEGREE + 1, edge, 1, &basis), OFDM_ERR_DEGREE_TOO_LARGE,
                   "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, too_high, 1, 2, &basis), OFDM_ERR_DEGREE_TOO_LARGE,
                   "indices[0][0]");
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, 0, 0, &basis), OFDM_ERR_INVALID_ARGUMENT, "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 0, edge, 1, &basis), OFDM_ERR_INVALID_ARGUMENT, "max_degree");
    EXPECT_FAILURE(ofdm_basis_create_total_degree(0, 2, 0, &basis), OFDM_ERR_INVALID_ARGUMENT, "dim");
    EXPECT_FAILURE(ofdm_basis_create_total_degree(2, 2, -1, &basis), OFDM_ERR_INVALID_ARGUMENT, "max_interaction");
    EXPECT_FAILURE(ofdm_basis_create_graph(2, 2, edge, -1, &basis), OFDM_ERR_INVALID_ARGUMENT, "n_edges");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, too_high, 0, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "count");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, too_high, 1, 1, &basis), OFDM_ERR_INVALID_ARGUMENT, "ld");
    assert_null(basis);
    assert_int_equal(ofdm_basis_create_total_degree(1, OFDM_MAX_DEGREE, 0, &basis), OFDM_OK); /* the limit itself */
    assert_int_equal(ofdm_basis_max_degree(basis), OFDM_MAX_DEGREE);
    ofdm_basis_free(basis);
}

static void test_graph_basis_names_the_bad_edge(void **state) {
    const int64_t out_of_range[6] = {0, 1, 1, 2, 2, 4}, self_loop[4] = {0, 1, 3, 3}, negative[2] = {-1, 0};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_graph(4, 2, out_of_range, 3, &basis), OFDM_ERR_INVALID_ARGUMENT, "edge 2");
    EXPECT_FAILURE(ofdm_basis_create_graph(4, 2, self_loop, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "edge 1");
    EXPECT_FAILURE(ofdm_basis_create_graph(4, 2, negative, 1, &basis), OFDM_ERR_INVALID_ARGUMENT, "edge 0");
    assert_null(basis);
}

/* The negative-entry message names the element as "indices[1][0]" (row 1, column 0) rather than
 * with the word "row" used by the zero and repeated-row messages. */
static void test_index_basis_names_the_bad_row(void **state) {
    const int32_t zero[4] = {1, 0, 0, 0}, repeated[6] = {1, 0, 0, 1, 1, 0}, negative[4] = {1, 0, -1, 2};
    ofdm_basis *basis = NULL;
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, zero, 2, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "row 1");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, repeated, 3, 2, &basis), OFDM_ERR_INVALID_ARGUMENT, "row 2");
    EXPECT_FAILURE(ofdm_basis_create_from_indices(2, negative, 2, 2, &basis), OFDM_ERR_INVALID_ARGUMENT,
                   "indices[1][0]");
    assert_null(basis);
}

/* Σ_s C(10⁵, s)·C(10, s) ≈ 3·10⁴³ functions: must be refused from the count alone. One second is
 * orders of magnitude above the arithmetic it needs (even under valgrind) and far below any
 * attempt to enumerate or allocate. */
static void test_huge_basis_is_refused_before_allocating(void **state) {
    ofdm_basis *basis = NULL;
    double start = seconds_now();
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(100000, 10, 0, &basis), OFDM_ERR_TOO_LARGE, NULL);
    EXPECT_FAILURE(ofdm_basis_create_total_degree(1000000, 3, 0, &basis), OFDM_ERR_TOO_LARGE, NULL); /* ~1.7e17 */
    EXPECT_FAILURE(ofdm_basis_create_graph(INT64_C(1) << 40, 1, NULL, 0, &basis), OFDM_ERR_TOO_LARGE, "dim");
    assert_true(seconds_now() - start < 1.0);
    assert_null(basis);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_degrees_are_checked_for_every_basis_kind),
        cmocka_unit_test(test_graph_basis_names_the_bad_edge),
        cmocka_unit_test(test_index_basis_names_the_bad_row),
        cmocka_unit_test(test_huge_basis_is_refused_before_allocating),
    };
    return cmocka_run_group_tests_name("test_bad_input_basis", tests, NULL, NULL);
}

/*
 * test_api_basis.c — the three kinds of basis as a C99 caller builds them, and the documented
 * order and content of their multi-indices (ofdm.h, "Basis").
 */
#include "capi/support/capi_support.h"

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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_total_degree_basis_has_the_documented_order),
        cmocka_unit_test(test_graph_chain_basis_has_the_documented_terms),
        cmocka_unit_test(test_index_basis_keeps_the_given_order),
    };
    return cmocka_run_group_tests_name("test_api_basis", tests, NULL, NULL);
}

/*
 * test_subset.c — seeded permutations and row subsets (examples/demo/subset.h). The expected
 * permutations were computed by an independent Python transcription of splitmix64 and
 * Fisher–Yates with the same rejection rule; they pin the digits' training/held-out split.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "subset.h"

static void test_permutation_matches_the_reference_draws(void **state) {
    static const int64_t seed_1[10] = {4, 2, 8, 1, 9, 3, 0, 6, 7, 5};
    static const int64_t seed_split[10] = {6, 1, 8, 2, 3, 5, 9, 7, 0, 4};
    int64_t *order;
    (void)state;
    order = subset_permutation(10, 1);
    assert_non_null(order);
    assert_memory_equal(order, seed_1, sizeof seed_1);
    free(order);
    order = subset_permutation(10, 20240601u);
    assert_non_null(order);
    assert_memory_equal(order, seed_split, sizeof seed_split);
    free(order);
}

static void test_permutation_holds_every_index_once(void **state) {
    enum { N = 1797 };
    int64_t *order = subset_permutation(N, 7);
    char seen[N] = {0};
    int64_t i, moved = 0;
    (void)state;
    assert_non_null(order);
    for (i = 0; i < N; ++i) {
        assert_true(order[i] >= 0 && order[i] < N);
        assert_int_equal(seen[order[i]]++, 0);
        moved += order[i] != i;
    }
    assert_true(moved > N / 2); /* shuffled, not the identity */
    free(order);
    order = subset_permutation(0, 7); /* an empty permutation is valid */
    assert_non_null(order);
    free(order);
    assert_null(subset_permutation(-1, 7));
}

static void test_rows_are_copied_in_the_given_order(void **state) {
    static const double x[4 * 3] = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};
    static const int64_t index[3] = {3, 0, 3};
    static const double expected[3 * 3] = {30, 31, 32, 0, 1, 2, 30, 31, 32};
    double *rows = subset_rows(x, 3, index, 3);
    (void)state;
    assert_non_null(rows);
    assert_memory_equal(rows, expected, sizeof expected);
    free(rows);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_permutation_matches_the_reference_draws),
        cmocka_unit_test(test_permutation_holds_every_index_once),
        cmocka_unit_test(test_rows_are_copied_in_the_given_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_api_errors.c — the version and the error reporting of the public C API, as a C99 caller
 * sees them: version macros against the linked library, status strings, and the thread-local
 * last-error message (empty before any failure, unchanged by success).
 */
#include "capi/support/capi_support.h"

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

static void test_status_strings_are_distinct_and_unknown_is_named(void **state) {
    int a, b;
    (void)state;
    for (a = 0; a <= OFDM_ERR_CANCELLED; ++a) { /* the last status in ofdm.h */
        const char *s = ofdm_status_string((ofdm_status)a);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        assert_string_not_equal(s, "unknown status");
        for (b = 0; b < a; ++b) assert_string_not_equal(s, ofdm_status_string((ofdm_status)b));
    }
    assert_string_equal(ofdm_status_string((ofdm_status)999), "unknown status");
    assert_string_equal(ofdm_status_string((ofdm_status)-1), "unknown status");
}

static void test_success_leaves_the_last_error_unchanged(void **state) {
    ofdm_basis *basis = NULL;
    char saved[512];
    (void)state;
    EXPECT_FAILURE(ofdm_basis_create_total_degree(0, 2, 0, &basis), OFDM_ERR_INVALID_ARGUMENT, "dim");
    snprintf(saved, sizeof saved, "%s", ofdm_last_error());
    assert_int_equal(ofdm_basis_create_total_degree(2, 2, 0, &basis), OFDM_OK);
    assert_string_equal(ofdm_last_error(), saved);
    ofdm_basis_free(basis);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_error_is_empty_before_any_failure), /* must stay first */
        cmocka_unit_test(test_version_macros_match_the_linked_library),
        cmocka_unit_test(test_status_strings_are_distinct_and_unknown_is_named),
        cmocka_unit_test(test_success_leaves_the_last_error_unchanged),
    };
    return cmocka_run_group_tests_name("test_api_errors", tests, NULL, NULL);
}

/*
 * test_bad_input_files.c — model files and buffers that are missing, foreign, truncated, of a newer
 * format, corrupted or forged, longer than they announce or endless, and buffers too small to save
 * into.
 *
 * Every bad input must get its named status (ofdm.h, "Status and errors"), a message from
 * ofdm_last_error() that names the offending argument, row, column, edge or byte offset, and no
 * write through out-pointers: handle out-pointers are set to NULL before each call and must still
 * be NULL afterwards; caller arrays are filled with a sentinel and must keep it.
 */
#include "capi/support/capi_support.h"

#include <sys/stat.h> /* mkdir */

static void test_file_paths_that_fail_are_io_errors_naming_the_path(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0), *loaded = NULL;
    char dir[512], path[1024];
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/missing.ofdm", dir);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_IO, NULL);
    assert_non_null(strstr(ofdm_last_error(), path));
    snprintf(path, sizeof path, "%s/no_such_dir/model.ofdm", dir);
    EXPECT_FAILURE(ofdm_model_save(model, path), OFDM_ERR_IO, NULL);
    assert_non_null(strstr(ofdm_last_error(), path));
    snprintf(path, sizeof path, "%s/a_directory", dir); /* a directory is not a model file */
    assert_int_equal(mkdir(path, 0700), 0);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_IO, NULL);
    EXPECT_FAILURE(ofdm_model_save(model, path), OFDM_ERR_IO, NULL);
    assert_non_null(strstr(ofdm_last_error(), path));
    assert_int_equal(count_entries(dir), 1); /* only a_directory: no temporary file left behind */
    assert_null(loaded);
    remove_dir(dir, NULL);
    ofdm_model_free(model);
}

static void test_foreign_and_empty_files_are_refused(void **state) {
    static const char phrase[] = "plain text, not an ofdm model. ";
    char text[100];
    ofdm_model *loaded = NULL;
    char dir[512], path[1024];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof text; ++i) text[i] = phrase[i % (sizeof phrase - 1)];
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/foreign.txt", dir);
    write_file(path, text, 100);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_FORMAT, "OFDMMODL");
    EXPECT_FAILURE(ofdm_model_load_buffer(text, 5, &loaded), OFDM_ERR_FORMAT, "OFDMMODL"); /* short, wrong */
    write_file(path, text, 0);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_TRUNCATED, NULL);
    EXPECT_FAILURE(ofdm_model_load_buffer(NULL, 0, &loaded), OFDM_ERR_TRUNCATED, NULL);
    assert_null(loaded);
    remove_dir(dir, NULL);
}

/* Every proper prefix of a valid model still starts like one, so each must be TRUNCATED (never
 * CORRUPT or FORMAT), and the message must name the byte count or offset where it ends. */
static void test_every_truncation_is_reported_as_truncated(void **state) {
    size_t size = 0, length;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    char dir[512], path[1024];
    (void)state;
    for (length = 0; length < size; ++length) {
        EXPECT_FAILURE(ofdm_model_load_buffer(bytes, length, &loaded), OFDM_ERR_TRUNCATED, NULL);
        assert_non_null(strstr(ofdm_last_error(), "byte"));
        assert_null(loaded);
    }
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/truncated.ofdm", dir);
    write_file(path, bytes, size / 2);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_TRUNCATED, NULL);
    assert_null(loaded);
    remove_dir(dir, NULL);
    free(bytes);
}

static void test_newer_format_major_is_a_version_error_naming_both(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    const unsigned major = bytes[8] | bytes[9] << 8 | (unsigned)bytes[10] << 16 | (unsigned)bytes[11] << 24;
    const unsigned minor = bytes[12] | bytes[13] << 8 | (unsigned)bytes[14] << 16 | (unsigned)bytes[15] << 24;
    char theirs[32], ours[32];
    (void)state;
    assert_int_equal(major, 1); /* so the file below has major 2, as the brief's example */
    bytes[8] = (unsigned char)(major + 1);
    forge_checksum(bytes, size); /* an intact newer file: a damaged one is CORRUPT (test below) */
    snprintf(theirs, sizeof theirs, "%u.%u", major + 1, minor);
    /* The newest format the library reads; models without whitening or PCA are still written as
     * 1.0, so that readers of 1.0 keep reading them. */
    snprintf(ours, sizeof ours, "reads format 1.1");
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_ERR_VERSION, theirs);
    assert_true(mentions(ofdm_last_error(), ours));
    assert_null(loaded);
    free(bytes);
}

/* FNV-1a maps a single changed byte to a different hash (each step is a bijection of the state),
 * so every one-bit flip in the payload or in the checksum itself must be caught. */
static void test_every_flipped_bit_is_corrupt(void **state) {
    size_t size = 0, at;
    int bit;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    (void)state;
    for (at = 24; at < size; ++at)
        for (bit = 0; bit < 8; ++bit) {
            bytes[at] ^= (unsigned char)(1u << bit);
            EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_ERR_CORRUPT, NULL);
            assert_non_null(strstr(ofdm_last_error(), "byte offset"));
            bytes[at] ^= (unsigned char)(1u << bit);
        }
    assert_null(loaded);
    assert_int_equal(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_OK); /* restored: loads */
    ofdm_model_free(loaded);
    free(bytes);
}

static void test_trailing_bytes_are_corrupt(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size); /* allocated with 16 spare bytes */
    ofdm_model *loaded = NULL;
    (void)state;
    memset(bytes + size, 0, 16);
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size + 1, &loaded), OFDM_ERR_CORRUPT, NULL);
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size + 16, &loaded), OFDM_ERR_CORRUPT, NULL);
    assert_null(loaded);
    free(bytes);
}

static void test_save_buffer_refuses_a_small_buffer(void **state) {
    ofdm_model *model = small_model(OFDM_COORDINATES_STANDARDIZE, 1.0);
    size_t size = 0, written = 777, i;
    unsigned char *buffer;
    (void)state;
    assert_int_equal(ofdm_model_serialized_size(model, &size), OFDM_OK);
    buffer = malloc(size);
    assert_non_null(buffer);
    memset(buffer, 0xAB, size);
    EXPECT_FAILURE(ofdm_model_save_buffer(model, buffer, size - 1, &written), OFDM_ERR_BUFFER_TOO_SMALL,
                   "capacity");
    EXPECT_FAILURE(ofdm_model_save_buffer(model, buffer, 0, &written), OFDM_ERR_BUFFER_TOO_SMALL, "capacity");
    assert_int_equal(written, 777);
    for (i = 0; i < size; ++i) assert_int_equal(buffer[i], 0xAB);
    free(buffer);
    ofdm_model_free(model);
}

/* Every header and payload byte set to 0x00, 0x01, 0x7f, 0x80, 0xff with a valid checksum: the
 * load must end in a documented status (OK when the change is harmless, e.g. a moment value),
 * never crash (valgrind checks memory safety under make memcheck), and never write *out on failure. */
static void test_forged_files_never_crash_or_half_build(void **state) {
    static const unsigned char values[5] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    size_t size = 0, at;
    int v;
    unsigned char *bytes = serialized_model(&size), *copy = malloc(size);
    (void)state;
    assert_non_null(copy);
    for (at = 8; at + 8 < size; ++at)
        for (v = 0; v < 5; ++v) {
            ofdm_model *loaded = NULL;
            ofdm_status status;
            memcpy(copy, bytes, size);
            copy[at] = values[v];
            forge_checksum(copy, size);
            status = ofdm_model_load_buffer(copy, size, &loaded);
            if (status == OFDM_OK) {
                assert_non_null(loaded);
                ofdm_model_free(loaded);
                continue;
            }
            assert_null(loaded);
            assert_true(status == OFDM_ERR_VERSION || status == OFDM_ERR_TRUNCATED || status == OFDM_ERR_CORRUPT ||
                        status == OFDM_ERR_TOO_LARGE);
        }
    free(copy);
    free(bytes);
}

/* A forged moment of 1e308 makes the rebuilt Galerkin system overflow. ofdm_fit can never write
 * such a file (it refuses overflowing moments), so it is inconsistent content: OFDM_ERR_CORRUPT.
 * The moment means are the last doubles before the 8-byte checksum. */
static void test_forged_overflowing_moment_is_corrupt(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size);
    const double huge = 1e308;
    ofdm_model *loaded = NULL;
    ofdm_status status;
    int wrote;
    (void)state;
    memcpy(bytes + size - 16, &huge, sizeof huge); /* little-endian host, as the file */
    forge_checksum(bytes, size);
    status = ofdm_model_load_buffer(bytes, size, &loaded);
    wrote = loaded != NULL;
    ofdm_model_free(loaded); /* free before asserting: no leak while the bug stands */
    free(bytes);
    check_failure(status, OFDM_ERR_CORRUPT, NULL, "ofdm_model_load_buffer(file with a forged moment 1e308)", __FILE__,
                  __LINE__);
    assert_false(wrote);
}

/* A forged file whose coordinate scale is 1e-310 (subnormal) would give ±inf scores at ordinary
 * points. ofdm_fit refuses any column spread below 1e-300 ("cannot be standardized"), so such a
 * scale is inconsistent content: OFDM_ERR_CORRUPT. The offset of scale[0] is
 * from the format 1.0 layout: 24-byte header, dim, K, beta, ridge (8 bytes each), coordinates,
 * time mode (4 each), training size (8), shift[d], then scale[d]. */
static void test_forged_file_with_unusable_scale_is_corrupt(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size);
    const size_t scale_at = 24 + 4 * 8 + 2 * 4 + 8 + 2 * 8;
    const double tiny = 1e-310;
    double scale;
    ofdm_model *loaded = NULL;
    ofdm_status status;
    (void)state;
    memcpy(&scale, bytes + scale_at, sizeof scale); /* the test runs on a little-endian host */
    assert_true(scale > 0.5 && scale < 2.0);       /* layout check: the std of standard normal data */
    memcpy(bytes + scale_at, &tiny, sizeof tiny);
    forge_checksum(bytes, size);
    status = ofdm_model_load_buffer(bytes, size, &loaded);
    if (loaded) {
        const double x[2] = {0.1, 0.2};
        double score[2];
        assert_int_equal(ofdm_model_score(loaded, 0.5, x, 1, 2, score, 2), OFDM_OK);
        print_error("loaded with status %d; score at (0.1, 0.2) = (%g, %g)\n", (int)status, score[0], score[1]);
        ofdm_model_free(loaded);
    }
    free(bytes);
    assert_int_equal(status, OFDM_ERR_CORRUPT);
}

/* The checksum is verified before the version: a bit flipped in the version words is damage
 * (OFDM_ERR_CORRUPT), not a newer format, and the message of a newer major whose checksum fails
 * names both readings. */
static void test_flipped_version_bit_is_corrupt_not_newer(void **state) {
    size_t size = 0, at;
    int bit;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    (void)state;
    for (at = 8; at < 16; ++at)
        for (bit = 0; bit < 8; ++bit) {
            bytes[at] ^= (unsigned char)(1u << bit);
            EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_ERR_CORRUPT, "checksum");
            bytes[at] ^= (unsigned char)(1u << bit);
        }
    bytes[9] ^= 1; /* major 257 */
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_ERR_CORRUPT, "damaged");
    assert_non_null(strstr(ofdm_last_error(), "257.0"));
    forge_checksum(bytes, size); /* the same file from an intact newer writer */
    EXPECT_FAILURE(ofdm_model_load_buffer(bytes, size, &loaded), OFDM_ERR_VERSION, "257.0");
    assert_null(loaded);
    free(bytes);
}

/* Loading reads the 24-byte header, then no more than it announces: a file with 2 GiB of holes
 * after the model is refused by its size, without reading them (the message compares the sizes).
 * Streams (/dev/zero, FIFOs) are tested in tests/model/test_model_file.cpp and by the CLI
 * suites, under a bound or a timeout. */
static void test_load_reads_no_further_than_the_header_announces(void **state) {
    size_t size = 0;
    unsigned char *bytes = serialized_model(&size);
    ofdm_model *loaded = NULL;
    char dir[512], path[1024];
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/long.ofdm", dir);
    write_file(path, bytes, size);
    assert_int_equal(truncate(path, (off_t)1 << 31), 0);
    EXPECT_FAILURE(ofdm_model_load(path, &loaded), OFDM_ERR_CORRUPT, "trailing");
    assert_non_null(strstr(ofdm_last_error(), "has 2147483648"));
    assert_null(loaded);
    remove_dir(dir, NULL);
    free(bytes);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_paths_that_fail_are_io_errors_naming_the_path),
        cmocka_unit_test(test_foreign_and_empty_files_are_refused),
        cmocka_unit_test(test_every_truncation_is_reported_as_truncated),
        cmocka_unit_test(test_newer_format_major_is_a_version_error_naming_both),
        cmocka_unit_test(test_every_flipped_bit_is_corrupt),
        cmocka_unit_test(test_trailing_bytes_are_corrupt),
        cmocka_unit_test(test_flipped_version_bit_is_corrupt_not_newer),
        cmocka_unit_test(test_load_reads_no_further_than_the_header_announces),
        cmocka_unit_test(test_save_buffer_refuses_a_small_buffer),
        cmocka_unit_test(test_forged_files_never_crash_or_half_build),
        cmocka_unit_test(test_forged_overflowing_moment_is_corrupt),
        cmocka_unit_test(test_forged_file_with_unusable_scale_is_corrupt),
    };
    return cmocka_run_group_tests_name("test_bad_input_files", tests, NULL, NULL);
}

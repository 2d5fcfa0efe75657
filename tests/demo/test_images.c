/*
 * test_images.c — the demo's image readers (examples/demo/images.h) on files written here: an idx
 * pair and a digits csv read back exactly, and every documented refusal (bad magic, truncation of
 * the data or of the gzip stream, trailing bytes, bad dimensions, bad csv lines) with the output
 * left untouched.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "images.h"

/* Three 2 × 3 images whose bytes cover both ends of the range, and their labels. */
static const unsigned char kPixels[3 * 6] = {0, 1, 2, 127, 128, 255, 255, 254, 3, 4, 5, 6, 9, 8, 7, 200, 100, 50};
static const unsigned char kLabels[3] = {7, 0, 255};

typedef struct {
    char directory[64];
    char images[128];
    char labels[128];
    char message[512];
} files;

static int make_directory(void **state) {
    files *f = calloc(1, sizeof *f);
    assert_non_null(f);
    strcpy(f->directory, "/tmp/ofdm_demo_images_XXXXXX");
    assert_non_null(mkdtemp(f->directory));
    snprintf(f->images, sizeof f->images, "%s/images.gz", f->directory);
    snprintf(f->labels, sizeof f->labels, "%s/labels.gz", f->directory);
    *state = f;
    return 0;
}

static int remove_directory(void **state) {
    files *f = *state;
    unlink(f->images);
    unlink(f->labels);
    rmdir(f->directory);
    free(f);
    return 0;
}

static void write_gz(const char *path, const unsigned char *bytes, size_t length) {
    gzFile file = gzopen(path, "wb");
    assert_non_null(file);
    if (length > 0) assert_int_equal(gzwrite(file, bytes, (unsigned)length), (int)length);
    assert_int_equal(gzclose(file), Z_OK);
}

static void put32(unsigned char *bytes, uint32_t value) {
    bytes[0] = (unsigned char)(value >> 24), bytes[1] = (unsigned char)(value >> 16);
    bytes[2] = (unsigned char)(value >> 8), bytes[3] = (unsigned char)value;
}

/* An idx image file: header (magic, count, rows, cols), then `pixel_bytes` bytes of kPixels
 * (padded with 0x11 when more are asked for). */
static void write_idx_images(const char *path, uint32_t magic, uint32_t count, uint32_t rows, uint32_t cols,
                             size_t pixel_bytes) {
    unsigned char bytes[16 + 64];
    size_t i;
    assert_true(pixel_bytes <= 64);
    put32(bytes, magic), put32(bytes + 4, count), put32(bytes + 8, rows), put32(bytes + 12, cols);
    for (i = 0; i < pixel_bytes; ++i) bytes[16 + i] = i < sizeof kPixels ? kPixels[i] : 0x11;
    write_gz(path, bytes, 16 + pixel_bytes);
}

static void write_idx_labels(const char *path, uint32_t magic, uint32_t count, size_t label_bytes) {
    unsigned char bytes[8 + 16];
    size_t i;
    put32(bytes, magic), put32(bytes + 4, count);
    for (i = 0; i < label_bytes; ++i) bytes[8 + i] = i < sizeof kLabels ? kLabels[i] : 0x22;
    write_gz(path, bytes, 8 + label_bytes);
}

/* A refused read returns `expected` and leaves the output as it was. */
static void assert_refused(files *f, images_status expected) {
    image_set set = {-1, -1, -1, NULL, NULL};
    f->message[0] = '\0';
    assert_int_equal(images_read_idx(f->images, f->labels, &set, f->message, sizeof f->message), expected);
    assert_int_equal(set.count, -1);
    assert_null(set.pixels);
    assert_null(set.labels);
    assert_true(strlen(f->message) > 0);
}

static void test_idx_pair_reads_back_exactly(void **state) {
    files *f = *state;
    image_set set;
    int i;
    write_idx_images(f->images, 0x803, 3, 2, 3, 18);
    write_idx_labels(f->labels, 0x801, 3, 3);
    assert_int_equal(images_read_idx(f->images, f->labels, &set, f->message, sizeof f->message), IMAGES_OK);
    assert_int_equal(set.count, 3);
    assert_int_equal(set.rows, 2);
    assert_int_equal(set.cols, 3);
    for (i = 0; i < 18; ++i) assert_true(set.pixels[i] == kPixels[i] / 255.0); /* the same division: exact */
    assert_true(set.pixels[0] == 0.0 && set.pixels[5] == 1.0);
    for (i = 0; i < 3; ++i) assert_int_equal(set.labels[i], kLabels[i]);
    image_set_free(&set);
    assert_null(set.pixels);
}

/* gzopen reads an uncompressed file as it is: the same reader serves plain idx files. */
static void test_plain_idx_file_reads_too(void **state) {
    files *f = *state;
    unsigned char bytes[16 + 18];
    FILE *plain;
    image_set set;
    put32(bytes, 0x803), put32(bytes + 4, 3), put32(bytes + 8, 2), put32(bytes + 12, 3);
    memcpy(bytes + 16, kPixels, 18);
    plain = fopen(f->images, "wb");
    assert_non_null(plain);
    assert_int_equal(fwrite(bytes, 1, sizeof bytes, plain), sizeof bytes);
    assert_int_equal(fclose(plain), 0);
    write_idx_labels(f->labels, 0x801, 3, 3);
    assert_int_equal(images_read_idx(f->images, f->labels, &set, NULL, 0), IMAGES_OK);
    assert_true(set.pixels[17] == 50 / 255.0);
    image_set_free(&set);
}

static void test_wrong_magic_is_refused(void **state) {
    files *f = *state;
    write_idx_labels(f->labels, 0x801, 3, 3);
    write_idx_images(f->images, 0x802, 3, 2, 3, 18); /* signed bytes: another element type */
    assert_refused(f, IMAGES_ERR_MAGIC);
    assert_non_null(strstr(f->message, "0x00000802"));
    write_idx_images(f->images, 0x803, 3, 2, 3, 18);
    write_idx_images(f->labels, 0x803, 3, 2, 3, 18); /* images where labels belong */
    assert_refused(f, IMAGES_ERR_MAGIC);
    assert_non_null(strstr(f->message, f->labels));
}

static void test_truncated_files_are_refused(void **state) {
    files *f = *state;
    unsigned char compressed[4096];
    size_t length;
    FILE *file;
    write_idx_labels(f->labels, 0x801, 3, 3);
    write_idx_images(f->images, 0x803, 3, 2, 3, 17); /* one pixel short */
    assert_refused(f, IMAGES_ERR_TRUNCATED);
    assert_non_null(strstr(f->message, f->images));
    write_idx_images(f->images, 0x803, 3, 2, 3, 0); /* header only */
    assert_refused(f, IMAGES_ERR_TRUNCATED);
    write_gz(f->images, (const unsigned char *)"\0\0\x08", 3); /* inside the header */
    assert_refused(f, IMAGES_ERR_TRUNCATED);
    write_idx_images(f->images, 0x803, 3, 2, 3, 18);
    write_idx_labels(f->labels, 0x801, 3, 2); /* one label short */
    assert_refused(f, IMAGES_ERR_TRUNCATED);
    /* A complete idx file whose gzip stream is cut: the last 12 bytes (the end of the deflate
     * data, the CRC and the length) are dropped. */
    write_idx_labels(f->labels, 0x801, 3, 3);
    file = fopen(f->images, "rb");
    assert_non_null(file);
    length = fread(compressed, 1, sizeof compressed, file);
    fclose(file);
    assert_true(length > 12 && length < sizeof compressed);
    file = fopen(f->images, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(compressed, 1, length - 12, file), length - 12);
    fclose(file);
    assert_refused(f, IMAGES_ERR_TRUNCATED);
}

static void test_bytes_after_the_data_are_refused(void **state) {
    files *f = *state;
    write_idx_labels(f->labels, 0x801, 3, 3);
    write_idx_images(f->images, 0x803, 3, 2, 3, 19);
    assert_refused(f, IMAGES_ERR_TRAILING);
    write_idx_images(f->images, 0x803, 3, 2, 3, 18);
    write_idx_labels(f->labels, 0x801, 3, 4);
    assert_refused(f, IMAGES_ERR_TRAILING);
}

static void test_bad_dimensions_are_refused(void **state) {
    files *f = *state;
    write_idx_labels(f->labels, 0x801, 3, 3);
    write_idx_images(f->images, 0x803, 0, 2, 3, 0);
    assert_refused(f, IMAGES_ERR_DIMENSIONS);
    write_idx_images(f->images, 0x803, 3, 0, 3, 0);
    assert_refused(f, IMAGES_ERR_DIMENSIONS);
    write_idx_images(f->images, 0x803, 1, 1, IMAGES_MAX_SIDE + 1, 0);
    assert_refused(f, IMAGES_ERR_DIMENSIONS);
    write_idx_images(f->images, 0x803, 3, 2, 3, 18);
    write_idx_labels(f->labels, 0x801, 2, 2); /* two labels for three images */
    assert_refused(f, IMAGES_ERR_DIMENSIONS);
}

static void test_missing_file_is_refused(void **state) {
    files *f = *state;
    write_idx_labels(f->labels, 0x801, 3, 3);
    unlink(f->images);
    assert_refused(f, IMAGES_ERR_OPEN);
}

static void test_digits_csv_reads_back_exactly(void **state) {
    files *f = *state;
    char text[2 * 256];
    image_set set;
    int i, line;
    size_t used = 0;
    for (line = 0; line < 2; ++line) { /* line 0: pixels i % 17, label 3; line 1: 16 − i % 17, label 9, CRLF */
        for (i = 0; i < 64; ++i) used += (size_t)sprintf(text + used, "%d,", line == 0 ? i % 17 : 16 - i % 17);
        used += (size_t)sprintf(text + used, line == 0 ? "3\n" : "9\r\n");
    }
    write_gz(f->images, (const unsigned char *)text, used);
    assert_int_equal(images_read_digits_csv(f->images, &set, f->message, sizeof f->message), IMAGES_OK);
    assert_int_equal(set.count, 2);
    assert_int_equal(set.rows, 8);
    assert_int_equal(set.cols, 8);
    for (i = 0; i < 64; ++i) {
        assert_true(set.pixels[i] == (i % 17) / 16.0);
        assert_true(set.pixels[64 + i] == (16 - i % 17) / 16.0);
    }
    assert_int_equal(set.labels[0], 3);
    assert_int_equal(set.labels[1], 9);
    image_set_free(&set);
}

static void assert_csv_refused(files *f, const char *text, images_status expected) {
    image_set set = {-1, -1, -1, NULL, NULL};
    write_gz(f->images, (const unsigned char *)text, strlen(text));
    assert_int_equal(images_read_digits_csv(f->images, &set, f->message, sizeof f->message), expected);
    assert_int_equal(set.count, -1);
    assert_null(set.pixels);
}

static void test_bad_digits_lines_are_refused(void **state) {
    files *f = *state;
    char line[512];
    size_t used = 0;
    int i;
    for (i = 0; i < 64; ++i) used += (size_t)sprintf(line + used, "%d,", i == 5 ? 17 : 0); /* pixel 17 > 16 */
    strcpy(line + used, "1\n");
    assert_csv_refused(f, line, IMAGES_ERR_FORMAT);
    assert_non_null(strstr(f->message, "line 1"));
    used = 0;
    for (i = 0; i < 63; ++i) used += (size_t)sprintf(line + used, "0,"); /* 63 pixels and a label */
    strcpy(line + used, "1\n");
    assert_csv_refused(f, line, IMAGES_ERR_FORMAT);
    used = 0;
    for (i = 0; i < 64; ++i) used += (size_t)sprintf(line + used, "0,");
    strcpy(line + used, "10\n"); /* label 10 */
    assert_csv_refused(f, line, IMAGES_ERR_FORMAT);
    strcpy(line + used, "1 \n"); /* a stray space */
    assert_csv_refused(f, line, IMAGES_ERR_FORMAT);
    assert_csv_refused(f, "", IMAGES_ERR_FORMAT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_idx_pair_reads_back_exactly, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_plain_idx_file_reads_too, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_wrong_magic_is_refused, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_truncated_files_are_refused, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_bytes_after_the_data_are_refused, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_bad_dimensions_are_refused, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_missing_file_is_refused, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_digits_csv_reads_back_exactly, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_bad_digits_lines_are_refused, make_directory, remove_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

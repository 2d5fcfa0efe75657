/*
 * test_png.c — the demo's PNG writer (examples/demo/png.h), checked by reading the file back
 * with a decoder written here from the specification: the signature, the chunk sequence
 * IHDR, IDAT, IEND and nothing after, every chunk's CRC-32 (zlib crc32 over type and data), the
 * header fields, and the IDAT stream inflated with zlib uncompress to exactly the rows given,
 * each behind filter byte 0.
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

#include "png.h"

typedef struct {
    char directory[64];
    char path[128];
} files;

static int make_directory(void **state) {
    files *f = calloc(1, sizeof *f);
    assert_non_null(f);
    strcpy(f->directory, "/tmp/ofdm_demo_png_XXXXXX");
    assert_non_null(mkdtemp(f->directory));
    snprintf(f->path, sizeof f->path, "%s/image.png", f->directory);
    *state = f;
    return 0;
}

static int remove_directory(void **state) {
    files *f = *state;
    unlink(f->path);
    rmdir(f->directory);
    free(f);
    return 0;
}

static uint32_t get32(const unsigned char *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | (uint32_t)bytes[3];
}

static unsigned char *read_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    unsigned char *bytes;
    long size;
    assert_non_null(file);
    assert_int_equal(fseek(file, 0, SEEK_END), 0);
    size = ftell(file);
    assert_true(size > 0);
    rewind(file);
    bytes = malloc((size_t)size);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)size, file), (size_t)size);
    fclose(file);
    *length = (size_t)size;
    return bytes;
}

/* Checks one chunk at *offset: its type, that it lies inside the file and that its CRC-32
 * matches; returns its data and length and moves *offset past it. */
static const unsigned char *expect_chunk(const unsigned char *file, size_t file_length, size_t *offset,
                                         const char *type, uint32_t *length) {
    uLong crc;
    assert_true(*offset + 12 <= file_length);
    *length = get32(file + *offset);
    assert_true(*offset + 12 + *length <= file_length);
    assert_memory_equal(file + *offset + 4, type, 4);
    crc = crc32(crc32(0L, Z_NULL, 0), file + *offset + 4, 4 + *length);
    assert_int_equal(get32(file + *offset + 8 + *length), (uint32_t)crc);
    *offset += 12 + *length;
    return file + *offset - 4 - *length;
}

/* Writes pixels, reads the file back and checks every byte that the format fixes. */
static void assert_round_trip(const char *path, int64_t width, int64_t height, const unsigned char *pixels) {
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    char message[256] = "";
    size_t file_length, offset = 8;
    uint32_t length;
    uLongf raw_length = (uLongf)((width + 1) * height);
    unsigned char *file, *raw = malloc((size_t)raw_length + 1);
    const unsigned char *header, *data;
    int64_t row;
    assert_non_null(raw);
    assert_int_equal(png_write_gray(path, width, height, pixels, message, sizeof message), 0);
    file = read_file(path, &file_length);
    assert_memory_equal(file, signature, 8);
    header = expect_chunk(file, file_length, &offset, "IHDR", &length);
    assert_int_equal(length, 13);
    assert_int_equal(get32(header), width);
    assert_int_equal(get32(header + 4), height);
    assert_int_equal(header[8], 8);  /* bit depth */
    assert_int_equal(header[9], 0);  /* grayscale */
    assert_int_equal(header[10], 0); /* deflate */
    assert_int_equal(header[11], 0); /* adaptive filtering, method 0 */
    assert_int_equal(header[12], 0); /* not interlaced */
    data = expect_chunk(file, file_length, &offset, "IDAT", &length);
    /* One spare byte in the buffer: a stream longer than the rows would show as a larger size. */
    raw_length += 1;
    assert_int_equal(uncompress(raw, &raw_length, data, length), Z_OK);
    assert_int_equal(raw_length, (uLongf)((width + 1) * height));
    for (row = 0; row < height; ++row) {
        assert_int_equal(raw[row * (width + 1)], 0);
        assert_memory_equal(raw + row * (width + 1) + 1, pixels + row * width, (size_t)width);
    }
    expect_chunk(file, file_length, &offset, "IEND", &length);
    assert_int_equal(length, 0);
    assert_int_equal(offset, file_length);
    free(file);
    free(raw);
}

static void test_small_image_reads_back_exactly(void **state) {
    const files *f = *state;
    static const unsigned char pixels[3 * 5] = {0, 1, 2, 3, 4, 255, 254, 253, 252, 251, 128, 0, 255, 0, 128};
    assert_round_trip(f->path, 5, 3, pixels);
}

static void test_one_pixel_and_large_images_read_back_exactly(void **state) {
    const files *f = *state;
    static const unsigned char one = 77;
    const int64_t width = 333, height = 211;
    unsigned char *pixels = malloc((size_t)(width * height));
    uint64_t state64 = 12345;
    int64_t i;
    assert_non_null(pixels);
    assert_round_trip(f->path, 1, 1, &one);
    for (i = 0; i < width * height; ++i) { /* incompressible bytes: the bound of compress2 is what holds them */
        state64 = state64 * 6364136223846793005ull + 1442695040888963407ull;
        pixels[i] = (unsigned char)(state64 >> 56);
    }
    assert_round_trip(f->path, width, height, pixels);
    free(pixels);
}

static void test_bad_sizes_and_paths_are_refused(void **state) {
    const files *f = *state;
    static const unsigned char pixels[4] = {0};
    char message[256] = "", missing[160];
    assert_int_equal(png_write_gray(f->path, 0, 1, pixels, message, sizeof message), -1);
    assert_true(strlen(message) > 0);
    assert_int_equal(access(f->path, F_OK), -1); /* nothing written */
    assert_int_equal(png_write_gray(f->path, 1, PNG_MAX_SIDE + 1, pixels, message, sizeof message), -1);
    assert_int_equal(access(f->path, F_OK), -1);
    snprintf(missing, sizeof missing, "%s/no/such/dir.png", f->directory);
    message[0] = '\0';
    assert_int_equal(png_write_gray(missing, 2, 2, pixels, message, sizeof message), -1);
    assert_non_null(strstr(message, missing));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_small_image_reads_back_exactly, make_directory, remove_directory),
        cmocka_unit_test_setup_teardown(test_one_pixel_and_large_images_read_back_exactly, make_directory,
                                        remove_directory),
        cmocka_unit_test_setup_teardown(test_bad_sizes_and_paths_are_refused, make_directory, remove_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

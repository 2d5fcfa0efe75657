/* png.c — the grayscale PNG writer (png.h). */
#include "png.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "allocation.h"

static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static int fail(char *message, size_t message_size, const char *format, ...) {
    if (message != NULL && message_size > 0) {
        va_list arguments;
        va_start(arguments, format);
        vsnprintf(message, message_size, format, arguments);
        va_end(arguments);
    }
    return -1;
}

static void put_big_endian32(unsigned char *bytes, uint32_t value) {
    bytes[0] = (unsigned char)(value >> 24);
    bytes[1] = (unsigned char)(value >> 16);
    bytes[2] = (unsigned char)(value >> 8);
    bytes[3] = (unsigned char)value;
}

/* One chunk: length, type, data, and the CRC-32 of type and data (§5.3). Returns 1 on success. */
static int write_chunk(FILE *file, const char type[4], const unsigned char *data, uint32_t length) {
    unsigned char word[4];
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, (const Bytef *)type, 4);
    if (length > 0) crc = crc32(crc, data, length);
    put_big_endian32(word, length);
    if (fwrite(word, 1, 4, file) != 4 || fwrite(type, 1, 4, file) != 4) return 0;
    if (length > 0 && fwrite(data, 1, length, file) != length) return 0;
    put_big_endian32(word, (uint32_t)crc);
    return fwrite(word, 1, 4, file) == 4;
}

int png_write_gray(const char *path, int64_t width, int64_t height, const unsigned char *pixels, char *message,
                   size_t message_size) {
    unsigned char header[13];
    const int64_t stride = width + 1; /* each scanline starts with its filter type */
    int64_t raw_size, row;
    unsigned char *raw, *packed;
    uLongf packed_size;
    FILE *file;
    int written;
    if (width < 1 || height < 1 || width > PNG_MAX_SIDE || height > PNG_MAX_SIDE)
        return fail(message, message_size, "%s: image of %lld × %lld pixels: each side must be 1..%d", path,
                    (long long)width, (long long)height, PNG_MAX_SIDE);
    raw_size = stride * height; /* <= 16385·16384: no overflow */
    raw = demo_array(raw_size, 1);
    packed_size = compressBound((uLong)raw_size);
    packed = raw == NULL ? NULL : demo_array((int64_t)packed_size, 1);
    if (packed == NULL) {
        free(raw);
        return fail(message, message_size, "%s: no memory for a %lld × %lld image", path, (long long)width, (long long)height);
    }
    for (row = 0; row < height; ++row) {
        raw[row * stride] = 0; /* filter "None": the image is small, the gain of filtering is not worth code */
        memcpy(raw + row * stride + 1, pixels + row * width, (size_t)width);
    }
    if (compress2(packed, &packed_size, raw, (uLong)raw_size, Z_BEST_COMPRESSION) != Z_OK) {
        free(raw);
        free(packed);
        return fail(message, message_size, "%s: zlib compression failed", path);
    }
    free(raw);
    /* IHDR (§11.2.2): width, height, bit depth 8, colour type 0 (grayscale), compression 0,
     * filter method 0, no interlace. */
    put_big_endian32(header, (uint32_t)width);
    put_big_endian32(header + 4, (uint32_t)height);
    header[8] = 8;
    header[9] = 0;
    header[10] = header[11] = header[12] = 0;
    file = fopen(path, "wb");
    if (file == NULL) {
        free(packed);
        return fail(message, message_size, "%s: cannot create: %s", path, strerror(errno));
    }
    written = fwrite(kSignature, 1, sizeof kSignature, file) == sizeof kSignature &&
              write_chunk(file, "IHDR", header, sizeof header) &&
              write_chunk(file, "IDAT", packed, (uint32_t)packed_size) && write_chunk(file, "IEND", NULL, 0);
    free(packed);
    if (fclose(file) != 0 || !written) return fail(message, message_size, "%s: write failed: %s", path, strerror(errno));
    return 0;
}

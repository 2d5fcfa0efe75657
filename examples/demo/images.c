/* images.c — idx and digits-csv readers (images.h). */
#include "images.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "allocation.h"

#define IDX_IMAGES_MAGIC 0x00000803u /* unsigned bytes (0x08), three dimensions */
#define IDX_LABELS_MAGIC 0x00000801u /* unsigned bytes, one dimension */
#define DIGITS_SIDE 8
#define DIGITS_PIXELS (DIGITS_SIDE * DIGITS_SIDE)
/* A digits line is 65 numbers of at most two digits and their commas: 256 bytes leave room for
 * a CR and show an overlong line as such rather than as two short ones. */
#define DIGITS_LINE_BYTES 256

static images_status fail(images_status status, char *message, size_t message_size, const char *format, ...) {
    if (message != NULL && message_size > 0) {
        va_list arguments;
        va_start(arguments, format);
        vsnprintf(message, message_size, format, arguments);
        va_end(arguments);
    }
    return status;
}

/* What a short or failed gzread means: zlib reports a stream cut short as Z_BUF_ERROR, and a
 * plain file that simply ends as no error at all; anything else is damage or an I/O failure. */
static images_status read_failure(gzFile file) {
    int code = Z_OK;
    gzerror(file, &code);
    return code == Z_OK || code == Z_BUF_ERROR ? IMAGES_ERR_TRUNCATED : IMAGES_ERR_READ;
}

/* Reads exactly length bytes (gzread takes an unsigned count, so long reads go in pieces). */
static images_status read_exactly(gzFile file, unsigned char *buffer, size_t length) {
    size_t done = 0;
    while (done < length) {
        const size_t piece = length - done < (1u << 30) ? length - done : (1u << 30);
        const int got = gzread(file, buffer + done, (unsigned)piece);
        if (got <= 0) return read_failure(file);
        done += (size_t)got;
    }
    return IMAGES_OK;
}

/* IMAGES_OK at the stream's clean end, IMAGES_ERR_TRAILING when more bytes follow, and a damaged
 * end as such. */
static images_status check_end(gzFile file) {
    unsigned char extra;
    const int got = gzread(file, &extra, 1);
    if (got == 1) return IMAGES_ERR_TRAILING;
    if (got < 0) return read_failure(file);
    {
        int code = Z_OK;
        gzerror(file, &code);
        return code == Z_OK ? IMAGES_OK : read_failure(file);
    }
}

static uint32_t big_endian32(const unsigned char *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | (uint32_t)bytes[3];
}

/* Opens an idx file and checks its header: magic, then `rank` dimensions, each >= 1 (and the
 * image sides <= IMAGES_MAX_SIDE). */
static images_status open_idx(const char *path, uint32_t magic, int rank, gzFile *file, uint32_t *dims,
                              char *message, size_t message_size) {
    unsigned char header[16];
    images_status status;
    int i;
    *file = gzopen(path, "rb");
    if (*file == NULL) return fail(IMAGES_ERR_OPEN, message, message_size, "%s: cannot open: %s", path, strerror(errno));
    status = read_exactly(*file, header, (size_t)(4 + 4 * rank));
    if (status != IMAGES_OK) {
        fail(status, message, message_size, "%s: the %d-byte idx header is %s", path, 4 + 4 * rank,
             status == IMAGES_ERR_TRUNCATED ? "incomplete" : "unreadable");
    } else if (big_endian32(header) != magic) {
        status = fail(IMAGES_ERR_MAGIC, message, message_size, "%s: magic 0x%08x at byte 0, expected 0x%08x (idx %s)",
                      path, (unsigned)big_endian32(header), (unsigned)magic, rank == 3 ? "images" : "labels");
    } else {
        for (i = 0; i < rank && status == IMAGES_OK; ++i) {
            dims[i] = big_endian32(header + 4 + 4 * i);
            if (dims[i] == 0 || (i > 0 && dims[i] > IMAGES_MAX_SIDE))
                status = fail(IMAGES_ERR_DIMENSIONS, message, message_size, "%s: dimension %d is %u (byte %d)", path, i,
                              (unsigned)dims[i], 4 + 4 * i);
        }
    }
    if (status != IMAGES_OK) {
        gzclose(*file);
        *file = NULL;
    }
    return status;
}

static images_status describe_data_failure(images_status status, const char *path, const char *what, long offset,
                                           char *message, size_t message_size) {
    return fail(status, message, message_size, "%s: %s %s (the data start at byte %ld)", path, what,
                status == IMAGES_ERR_TRUNCATED ? "end early" : "cannot be read", offset);
}

/* The pixels of an open idx image file, converted block by block so that the byte copy of a
 * large file never has to sit in memory beside its doubles. */
static images_status read_pixels(gzFile file, const char *path, int64_t count, double *pixels, char *message,
                                 size_t message_size) {
    unsigned char block[1 << 16];
    int64_t done = 0;
    while (done < count) {
        const int64_t piece = count - done < (int64_t)sizeof block ? count - done : (int64_t)sizeof block;
        const images_status status = read_exactly(file, block, (size_t)piece);
        int64_t i;
        if (status != IMAGES_OK) return describe_data_failure(status, path, "the pixels", 16, message, message_size);
        for (i = 0; i < piece; ++i) pixels[done + i] = block[i] / 255.0;
        done += piece;
    }
    return IMAGES_OK;
}

static images_status read_labels(const char *path, int64_t count, int32_t *labels, char *message,
                                 size_t message_size) {
    gzFile file;
    uint32_t dims[1];
    unsigned char *bytes;
    images_status status = open_idx(path, IDX_LABELS_MAGIC, 1, &file, dims, message, message_size);
    if (status != IMAGES_OK) return status;
    if ((int64_t)dims[0] != count) {
        gzclose(file);
        return fail(IMAGES_ERR_DIMENSIONS, message, message_size, "%s: %u labels for %lld images", path,
                    (unsigned)dims[0], (long long)count);
    }
    bytes = demo_array(count, 1);
    if (bytes == NULL) {
        gzclose(file);
        return fail(IMAGES_ERR_MEMORY, message, message_size, "%s: no memory for %lld labels", path, (long long)count);
    }
    status = read_exactly(file, bytes, (size_t)count);
    if (status != IMAGES_OK) {
        describe_data_failure(status, path, "the labels", 8, message, message_size);
    } else {
        int64_t i;
        for (i = 0; i < count; ++i) labels[i] = bytes[i];
        status = check_end(file);
        if (status != IMAGES_OK) fail(status, message, message_size, "%s: bytes after the %lld labels", path, (long long)count);
    }
    free(bytes);
    gzclose(file);
    return status;
}

images_status images_read_idx(const char *images_path, const char *labels_path, image_set *out, char *message,
                              size_t message_size) {
    gzFile file;
    uint32_t dims[3];
    image_set set = {0, 0, 0, NULL, NULL};
    int64_t pixel_count;
    images_status status = open_idx(images_path, IDX_IMAGES_MAGIC, 3, &file, dims, message, message_size);
    if (status != IMAGES_OK) return status;
    set.count = dims[0];
    set.rows = dims[1];
    set.cols = dims[2];
    if (!demo_checked_product(set.count, set.rows * set.cols, &pixel_count) ||
        (set.pixels = demo_array(pixel_count, sizeof *set.pixels)) == NULL ||
        (set.labels = demo_array(set.count, sizeof *set.labels)) == NULL) {
        status = fail(IMAGES_ERR_MEMORY, message, message_size, "%s: no memory for %lld images of %lld × %lld pixels",
                      images_path, (long long)set.count, (long long)set.rows, (long long)set.cols);
    } else {
        status = read_pixels(file, images_path, pixel_count, set.pixels, message, message_size);
        if (status == IMAGES_OK) {
            status = check_end(file);
            if (status != IMAGES_OK)
                fail(status, message, message_size, "%s: bytes after the %lld images the header declares", images_path,
                     (long long)set.count);
        }
    }
    gzclose(file);
    if (status == IMAGES_OK) status = read_labels(labels_path, set.count, set.labels, message, message_size);
    if (status != IMAGES_OK) {
        image_set_free(&set);
        return status;
    }
    *out = set;
    return IMAGES_OK;
}

/* Parses one digits line: DIGITS_PIXELS pixel values in 0..16 and a label in 0..9, each a plain
 * decimal integer, comma-separated, optionally ending in CR. Returns 1 when the line is valid. */
static int parse_digits_line(const char *line, double *pixels, int32_t *label) {
    const char *p = line;
    int field;
    for (field = 0; field <= DIGITS_PIXELS; ++field) {
        const int limit = field < DIGITS_PIXELS ? 16 : 9;
        int value = 0, digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 3) value = 10 * value + (*p++ - '0'), ++digits;
        if (digits == 0 || value > limit) return 0;
        if (field < DIGITS_PIXELS) {
            if (*p++ != ',') return 0;
            pixels[field] = value / 16.0;
        } else {
            *label = value;
        }
    }
    if (*p == '\r') ++p;
    return *p == '\n' || *p == '\0';
}

images_status images_read_digits_csv(const char *path, image_set *out, char *message, size_t message_size) {
    char line[DIGITS_LINE_BYTES];
    image_set set = {0, DIGITS_SIDE, DIGITS_SIDE, NULL, NULL};
    int64_t capacity = 0;
    images_status status = IMAGES_OK;
    gzFile file = gzopen(path, "rb");
    if (file == NULL) return fail(IMAGES_ERR_OPEN, message, message_size, "%s: cannot open: %s", path, strerror(errno));
    while (status == IMAGES_OK && gzgets(file, line, sizeof line) != NULL) {
        const size_t length = strlen(line);
        if (length + 1 == sizeof line && line[length - 1] != '\n') {
            status = fail(IMAGES_ERR_FORMAT, message, message_size, "%s: line %lld is longer than %d bytes", path,
                          (long long)set.count + 1, DIGITS_LINE_BYTES - 2);
            break;
        }
        if (set.count == capacity) {
            /* Doubling keeps the number of copies logarithmic; the two arrays grow together. */
            const int64_t grown = capacity == 0 ? 1024 : 2 * capacity;
            int64_t pixel_count;
            double *pixels = demo_checked_product(grown, DIGITS_PIXELS, &pixel_count)
                                 ? demo_array_resize(set.pixels, pixel_count, sizeof *set.pixels)
                                 : NULL;
            int32_t *labels;
            if (pixels != NULL) set.pixels = pixels;
            labels = pixels == NULL ? NULL : demo_array_resize(set.labels, grown, sizeof *set.labels);
            if (labels == NULL) {
                status = fail(IMAGES_ERR_MEMORY, message, message_size, "%s: no memory for %lld images", path, (long long)grown);
                break;
            }
            set.labels = labels;
            capacity = grown;
        }
        if (!parse_digits_line(line, set.pixels + set.count * DIGITS_PIXELS, set.labels + set.count))
            status = fail(IMAGES_ERR_FORMAT, message, message_size,
                          "%s: line %lld is not %d integers 0..16 and a label 0..9, comma-separated", path,
                          (long long)set.count + 1, DIGITS_PIXELS);
        else
            ++set.count;
    }
    if (status == IMAGES_OK) {
        int code = Z_OK;
        gzerror(file, &code);
        if (code != Z_OK)
            status = fail(code == Z_BUF_ERROR ? IMAGES_ERR_TRUNCATED : IMAGES_ERR_READ, message, message_size,
                          "%s: the gzip stream %s after line %lld", path, code == Z_BUF_ERROR ? "ends early" : "is damaged",
                          (long long)set.count);
        else if (set.count == 0)
            status = fail(IMAGES_ERR_FORMAT, message, message_size, "%s: no images", path);
    }
    gzclose(file);
    if (status != IMAGES_OK) {
        image_set_free(&set);
        return status;
    }
    *out = set;
    return IMAGES_OK;
}

const char *images_status_string(images_status status) {
    switch (status) {
    case IMAGES_OK: return "success";
    case IMAGES_ERR_OPEN: return "cannot open file";
    case IMAGES_ERR_READ: return "read error";
    case IMAGES_ERR_MAGIC: return "wrong magic number";
    case IMAGES_ERR_DIMENSIONS: return "bad dimensions";
    case IMAGES_ERR_TRUNCATED: return "truncated file";
    case IMAGES_ERR_TRAILING: return "trailing bytes";
    case IMAGES_ERR_FORMAT: return "bad format";
    case IMAGES_ERR_MEMORY: return "out of memory";
    }
    return "unknown status";
}

void image_set_free(image_set *set) {
    if (set == NULL) return;
    free(set->pixels);
    free(set->labels);
    set->pixels = NULL;
    set->labels = NULL;
    set->count = set->rows = set->cols = 0;
}

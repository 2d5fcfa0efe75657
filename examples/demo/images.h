/*
 * images.h — the demo's image files, read into doubles in [0, 1]:
 *  - idx files (the MNIST and Fashion-MNIST format, gzip-compressed or plain): a big-endian
 *    header, magic 0x00000803 and three dimensions (count, rows, columns) for images,
 *    0x00000801 and one dimension (count) for labels, then one unsigned byte per pixel or label;
 *  - the 8×8 UCI digits as python3-sklearn ships them (digits.csv.gz): one image per line,
 *    64 pixel values 0..16 then the label 0..9, comma-separated.
 * A file is accepted only when it holds exactly what its header or format says: nothing missing,
 * nothing after.
 */
#ifndef DEMO_IMAGES_H
#define DEMO_IMAGES_H

#include <stddef.h>
#include <stdint.h>

typedef struct image_set {
    int64_t count;    /* number of images */
    int64_t rows;     /* image height in pixels */
    int64_t cols;     /* image width in pixels */
    double *pixels;   /* count × (rows·cols), row-major, image after image, values in [0, 1] */
    int32_t *labels;  /* count class labels */
} image_set;

/* Why a file was refused. The message that comes with it names the file and, where it applies,
 * the byte offset or line. */
typedef enum images_status {
    IMAGES_OK = 0,
    IMAGES_ERR_OPEN = 1,        /* the file cannot be opened */
    IMAGES_ERR_READ = 2,        /* the gzip stream is corrupt, or reading failed */
    IMAGES_ERR_MAGIC = 3,       /* not an idx file of the kind expected (images or labels) */
    IMAGES_ERR_DIMENSIONS = 4,  /* a zero or oversized dimension, or image and label counts differ */
    IMAGES_ERR_TRUNCATED = 5,   /* the file ends before its header's dimensions are filled */
    IMAGES_ERR_TRAILING = 6,    /* bytes follow the data the header declares */
    IMAGES_ERR_FORMAT = 7,      /* a csv line is not 64 pixels in 0..16 and a label in 0..9 */
    IMAGES_ERR_MEMORY = 8       /* an allocation failed */
} images_status;

/* The largest image side an idx header may declare: far beyond any image set the demo reads, so a
 * larger value is a corrupt header rather than a request for gigabytes. */
#define IMAGES_MAX_SIDE 4096

/* Reads an idx image file and its idx label file; pixels are divided by 255.
 * @param images_path  idx3 file of unsigned bytes (magic 0x00000803), gzip or plain
 * @param labels_path  idx1 file of unsigned bytes (magic 0x00000801) with as many entries
 * @param out          filled on success only; release with image_set_free
 * @param message      on failure, a one-line reason (may be NULL); message_size bytes
 * @return IMAGES_OK or the first problem found: OPEN, READ, MAGIC, DIMENSIONS (count 0, a side
 *         0 or above IMAGES_MAX_SIDE, or the two counts differ), TRUNCATED, TRAILING, MEMORY. */
images_status images_read_idx(const char *images_path, const char *labels_path, image_set *out, char *message,
                              size_t message_size);

/* Reads the digits csv (gzip or plain): 8 × 8 images, pixels divided by 16.
 * @return IMAGES_OK, OPEN, READ, TRUNCATED (the gzip stream ends early), FORMAT (the message
 *         gives the line; an empty file is one too), MEMORY. out is filled on success only. */
images_status images_read_digits_csv(const char *path, image_set *out, char *message, size_t message_size);

/* A static English name of a status, e.g. "truncated file". */
const char *images_status_string(images_status status);

/* Releases the arrays of a set and zeroes it. NULL is a no-op. */
void image_set_free(image_set *set);

#endif

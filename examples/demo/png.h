/*
 * png.h — writes an 8-bit grayscale PNG: the signature, one IHDR, one IDAT (the zlib stream of
 * the rows, each behind filter byte 0), IEND; every chunk with its CRC-32 (PNG specification,
 * ISO/IEC 15948, §5 and §11).
 */
#ifndef DEMO_PNG_H
#define DEMO_PNG_H

#include <stddef.h>
#include <stdint.h>

/* The largest width or height written: the format allows 2^31 − 1, but the whole image is
 * compressed in memory, so the demo keeps to sizes that cannot be an arithmetic slip. */
#define PNG_MAX_SIDE 16384

/* Writes pixels (height rows of width bytes, row-major; 0 black, 255 white) to path, replacing
 * any file there.
 * @param message  on failure, a one-line reason (may be NULL); message_size bytes
 * @return 0, or -1 when a side is outside 1..PNG_MAX_SIDE, memory runs out, compression fails or
 *         the file cannot be written (the message says which). */
int png_write_gray(const char *path, int64_t width, int64_t height, const unsigned char *pixels, char *message,
                   size_t message_size);

#endif

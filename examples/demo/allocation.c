/* allocation.c — checked array sizes (allocation.h). */
#include "allocation.h"

#include <stdlib.h>

int demo_checked_product(int64_t a, int64_t b, int64_t *product) {
    if (a < 0 || b < 0) return 0;
    if (a != 0 && b > INT64_MAX / a) return 0;
    *product = a * b;
    return 1;
}

/* The byte count of count elements of size bytes, or 0 when it cannot be allocated. An empty
 * array still takes one byte, so that malloc's NULL always means failure. */
static size_t array_bytes(int64_t count, size_t size) {
    int64_t bytes;
    if (size == 0 || size > (size_t)INT64_MAX || !demo_checked_product(count, (int64_t)size, &bytes)) return 0;
    if ((uint64_t)bytes > (uint64_t)SIZE_MAX) return 0;
    return bytes == 0 ? 1 : (size_t)bytes;
}

void *demo_array(int64_t count, size_t size) {
    const size_t bytes = array_bytes(count, size);
    return bytes == 0 ? NULL : malloc(bytes);
}

void *demo_array_resize(void *array, int64_t count, size_t size) {
    const size_t bytes = array_bytes(count, size);
    return bytes == 0 ? NULL : realloc(array, bytes);
}

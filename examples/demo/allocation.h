/*
 * allocation.h — the demo's one way to allocate an array: every size is a checked product of an
 * element count and an element size, so that a corrupt header or a huge data set gives NULL
 * rather than a short buffer.
 */
#ifndef DEMO_ALLOCATION_H
#define DEMO_ALLOCATION_H

#include <stddef.h>
#include <stdint.h>

/* a·b into *product for counts a, b >= 0. Returns 1, or 0 (product untouched) when a or b is
 * negative or the product exceeds INT64_MAX. */
int demo_checked_product(int64_t a, int64_t b, int64_t *product);

/* An uninitialised array of count elements of size bytes, to be released with free(). NULL when
 * count < 0, when count·size does not fit in memory's address range, or when malloc fails.
 * count == 0 gives a valid pointer to an empty array. */
void *demo_array(int64_t count, size_t size);

/* realloc of an array to count elements of size bytes, with the same checks as demo_array. On
 * failure the old array is left as it was and NULL is returned. */
void *demo_array_resize(void *array, int64_t count, size_t size);

#endif

/*
 * grid.h — lays out panels of images side by side on an 8-bit grayscale canvas: each panel a
 * square of tiles × tiles images with a thin gap between them, a wider gap between panels.
 */
#ifndef DEMO_GRID_H
#define DEMO_GRID_H

#include <stdint.h>

typedef struct grid_layout {
    int64_t image_rows;  /* height of one image in pixels */
    int64_t image_cols;  /* width of one image in pixels */
    int64_t scale;       /* each image pixel is drawn as scale × scale canvas pixels, >= 1 */
    int64_t tiles;       /* a panel is tiles × tiles images, >= 1 */
    int64_t gap;         /* canvas pixels between two tiles of a panel, and around each panel */
    int64_t panel_gap;   /* canvas pixels between two panels */
} grid_layout;

/* Draws panel_count panels left to right. Panel p is panels[p]: tiles² images of
 * image_rows·image_cols values each, row-major, image after image, tile (i, j) = image i·tiles + j.
 * Values are clipped to [0, 1] (for display only: the caller's arrays are only read) and mapped
 * to 0..255; gaps are mid-gray so that tiles stand apart on dark or light backgrounds.
 * @param width, height  receive the canvas size
 * @return the canvas, height rows of width bytes, to be released with free(); NULL when a
 *         layout field is out of range or memory runs out. */
unsigned char *grid_draw(const grid_layout *layout, const double *const *panels, int64_t panel_count, int64_t *width,
                         int64_t *height);

#endif

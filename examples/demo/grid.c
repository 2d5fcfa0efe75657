/* grid.c — panels of image tiles on a canvas (grid.h). */
#include "grid.h"

#include <math.h>
#include <string.h>

#include "allocation.h"

#define GAP_GRAY 128
/* Layouts beyond this many canvas pixels a side are a caller's slip, not a picture. */
#define GRID_MAX_SIDE 16384

static unsigned char gray_level(double value) {
    if (!(value > 0.0)) return 0; /* NaN too: a broken sample shows black rather than stopping the picture */
    if (value >= 1.0) return 255;
    return (unsigned char)lround(255.0 * value);
}

unsigned char *grid_draw(const grid_layout *layout, const double *const *panels, int64_t panel_count, int64_t *width,
                         int64_t *height) {
    const grid_layout *g = layout;
    int64_t tile_w, tile_h, panel_w, panel_h, canvas_w, canvas_h, canvas_size, p;
    unsigned char *canvas;
    if (g->image_rows < 1 || g->image_cols < 1 || g->scale < 1 || g->tiles < 1 || g->gap < 0 || g->panel_gap < 0 ||
        panel_count < 1 || g->image_rows > GRID_MAX_SIDE || g->image_cols > GRID_MAX_SIDE ||
        g->scale > GRID_MAX_SIDE || g->tiles > GRID_MAX_SIDE || g->gap > GRID_MAX_SIDE ||
        g->panel_gap > GRID_MAX_SIDE || panel_count > GRID_MAX_SIDE)
        return NULL;
    tile_w = g->image_cols * g->scale;
    tile_h = g->image_rows * g->scale;
    panel_w = g->tiles * (tile_w + g->gap) + g->gap;
    panel_h = g->tiles * (tile_h + g->gap) + g->gap;
    canvas_w = panel_count * panel_w + (panel_count - 1) * g->panel_gap;
    canvas_h = panel_h;
    if (canvas_w > GRID_MAX_SIDE || canvas_h > GRID_MAX_SIDE || !demo_checked_product(canvas_w, canvas_h, &canvas_size))
        return NULL;
    canvas = demo_array(canvas_size, 1);
    if (canvas == NULL) return NULL;
    memset(canvas, GAP_GRAY, (size_t)canvas_size);
    for (p = 0; p < panel_count; ++p) {
        const int64_t image_size = g->image_rows * g->image_cols;
        int64_t tile;
        for (tile = 0; tile < g->tiles * g->tiles; ++tile) {
            const double *image = panels[p] + tile * image_size;
            const int64_t left = p * (panel_w + g->panel_gap) + g->gap + (tile % g->tiles) * (tile_w + g->gap);
            const int64_t top = g->gap + (tile / g->tiles) * (tile_h + g->gap);
            int64_t y, x;
            for (y = 0; y < tile_h; ++y)
                for (x = 0; x < tile_w; ++x)
                    canvas[(top + y) * canvas_w + left + x] = gray_level(image[(y / g->scale) * g->image_cols + x / g->scale]);
        }
    }
    *width = canvas_w;
    *height = canvas_h;
    return canvas;
}

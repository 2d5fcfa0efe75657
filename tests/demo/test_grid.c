/*
 * test_grid.c — the layout of image tiles on the canvas (examples/demo/grid.h): the canvas size,
 * where each tile's scaled pixels land, the mid-gray gaps, and the display clipping of values
 * outside [0, 1].
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "grid.h"

/* Two panels of 2 × 2 tiles of 2 × 2 images, each pixel drawn 2 × 2, 1-pixel gaps, 3 between the
 * panels: a tile is 4 pixels wide, a panel 2·(4 + 1) + 1 = 11, the canvas 11 + 3 + 11 = 25 wide and
 * 11 high. Tile t of panel p starts at column 14p + 1 + 5 (t % 2), row 1 + 5 (t / 2). */
static void test_tiles_land_where_the_layout_says(void **state) {
    const grid_layout layout = {2, 2, 2, 2, 1, 3};
    double left[4 * 4], right[4 * 4];
    const double *panels[2];
    int64_t width = 0, height = 0, i, gray = 0;
    unsigned char *canvas;
    (void)state;
    for (i = 0; i < 16; ++i) left[i] = 0.0, right[i] = 1.0;
    left[0] = 0.25;             /* panel 0, tile 0, pixel (0, 0): 63.75 rounds to 64 */
    right[3 * 4 + 3] = 1.5;     /* panel 1, tile 3, pixel (1, 1): clipped to 255 */
    right[3 * 4 + 2] = -0.5;    /* panel 1, tile 3, pixel (1, 0): clipped to 0 */
    right[1 * 4 + 1] = NAN;     /* panel 1, tile 1, pixel (0, 1): shown black */
    panels[0] = left;
    panels[1] = right;
    canvas = grid_draw(&layout, panels, 2, &width, &height);
    assert_non_null(canvas);
    assert_int_equal(width, 25);
    assert_int_equal(height, 11);
#define AT(row, col) canvas[(row) * 25 + (col)]
    assert_int_equal(AT(0, 0), 128);
    assert_int_equal(AT(1, 1), 64), assert_int_equal(AT(2, 2), 64), assert_int_equal(AT(1, 3), 0);
    assert_int_equal(AT(8, 22), 255), assert_int_equal(AT(9, 23), 255);  /* rows 6 + 2.., columns 20 + 2.. */
    assert_int_equal(AT(8, 20), 0), assert_int_equal(AT(9, 21), 0);
    assert_int_equal(AT(1, 22), 0), assert_int_equal(AT(2, 23), 0);      /* tile 1: columns 14 + 1 + 5 = 20.. */
    assert_int_equal(AT(1, 20), 255);
    for (i = 0; i < 11; ++i) { /* the gap between the panels and the canvas's last column */
        assert_int_equal(AT(i, 11), 128), assert_int_equal(AT(i, 12), 128), assert_int_equal(AT(i, 13), 128);
        assert_int_equal(AT(i, 24), 128), assert_int_equal(AT(10, i), 128);
    }
#undef AT
    for (i = 0; i < width * height; ++i) gray += canvas[i] == 128;
    assert_int_equal(gray, 25 * 11 - 8 * 16); /* every pixel outside the 8 tiles, and none inside */
    free(canvas);
}

static void test_bad_layouts_are_refused(void **state) {
    const double image[1] = {0.5};
    const double *panels[1];
    grid_layout layout = {1, 1, 1, 1, 0, 0};
    int64_t width = -1, height = -1;
    unsigned char *canvas;
    (void)state;
    panels[0] = image;
    canvas = grid_draw(&layout, panels, 1, &width, &height);
    assert_non_null(canvas);
    assert_int_equal(width, 1);
    assert_int_equal(canvas[0], 128); /* lround(127.5) */
    free(canvas);
    width = height = -1;
    layout.scale = 0;
    assert_null(grid_draw(&layout, panels, 1, &width, &height));
    layout.scale = 1, layout.gap = -1;
    assert_null(grid_draw(&layout, panels, 1, &width, &height));
    layout.gap = 0;
    assert_null(grid_draw(&layout, panels, 0, &width, &height));
    layout.gap = 1, layout.tiles = 9000; /* each field in range, the canvas 18 001 wide: beyond 16 384 */
    assert_null(grid_draw(&layout, panels, 1, &width, &height));
    assert_int_equal(width, -1);
    assert_int_equal(height, -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiles_land_where_the_layout_says),
        cmocka_unit_test(test_bad_layouts_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

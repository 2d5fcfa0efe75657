/*
 * main.c — `make demo`: fit an image data set with ofdm, draw samples, and report how long it
 * took and how close the samples are to real images.
 *
 * Fashion-MNIST (or the 8×8 digits when it is absent) is fitted in PCA coordinates, r leading
 * components at unit variance, with Hermite products that involve at most two components; the
 * total degree and the ridge are chosen by ofdm_fit_select on held-out rows. 2 000 samples are
 * drawn by the reverse SDE with the library's defaults. Each quality figure, computed in pixel
 * space, is printed beside the same figure for real data measured in this run (a training subset
 * in place of the samples, as it is and projected onto the model's components), so that the
 * ratios, not the digits, are what to read. A PNG puts 64 held-out images (left) beside 64
 * samples (right).
 *
 *   demo [--digits] [output-directory]     (default output directory: build/demo)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, mkdir */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ofdm.h"

#include "allocation.h"
#include "dataset.h"
#include "grid.h"
#include "png.h"
#include "quality.h"
#include "subset.h"

#define SAMPLES 2000          /* drawn from the model */
#define COMPARE_POINTS 2000   /* per set in the Fréchet and energy distances, at most */
#define MAX_DEGREE 6          /* total degrees 1..6 are tried */
#define MAX_INTERACTION 2     /* terms couple at most two components (limits 1 and 2 are tried) */
#define SAMPLE_SEED 1
#define SUBSET_SEED 7
#define GRID_TILES 8          /* 8 × 8 images per panel */
#define GRID_TILE_PIXELS 56   /* images are scaled up by whole factors to about this size */
#define VARIANCE_BLOCK 4096   /* rows per block of the variance-kept pass */

static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + 1e-9 * (double)(now.tv_nsec - start->tv_nsec);
}

static int check(ofdm_status status, const char *call) {
    if (status == OFDM_OK) return 0;
    fprintf(stderr, "demo: %s: %s: %s\n", call, ofdm_status_string(status), ofdm_last_error());
    return 1;
}

/* mkdir -p: the output directory may be nested in a build tree that does not exist yet. */
static int make_directories(const char *path) {
    char partial[4096];
    size_t i;
    const size_t length = strlen(path);
    if (length == 0 || length >= sizeof partial) return -1;
    for (i = 1; i <= length; ++i) {
        if (path[i] != '/' && path[i] != '\0') continue;
        memcpy(partial, path, i);
        partial[i] = '\0';
        if (mkdir(partial, 0777) != 0 && errno != EEXIST) return -1;
    }
    return 0;
}

/* The fraction of the pixel variance the r principal components hold, Σ_{k<=r} λ_k / tr C: the
 * PCA residual |x − x̂|² of x̂ = m + W⁺ W (x − m) (the model's own map, so no second
 * eigendecomposition) summed over the rows is n (tr C − Σ_{k<=r} λ_k). */
static int variance_kept(const ofdm_model *model, const double *x, int64_t n, int64_t d, double *kept) {
    const int64_t r = ofdm_model_latent_dim(model);
    double *mean = demo_array(d, sizeof *mean), *latent = demo_array((int64_t)VARIANCE_BLOCK * r, sizeof *latent);
    double *projected = demo_array((int64_t)VARIANCE_BLOCK * d, sizeof *projected);
    double total = 0.0, residual = 0.0;
    int64_t i, j, start;
    int failed = mean == NULL || latent == NULL || projected == NULL;
    if (failed) fprintf(stderr, "demo: out of memory for the variance kept\n");
    for (j = 0; j < d && !failed; ++j) mean[j] = 0.0;
    for (i = 0; i < n && !failed; ++i)
        for (j = 0; j < d; ++j) mean[j] += x[i * d + j] / (double)n;
    for (i = 0; i < n && !failed; ++i)
        for (j = 0; j < d; ++j) total += (x[i * d + j] - mean[j]) * (x[i * d + j] - mean[j]);
    for (start = 0; start < n && !failed; start += VARIANCE_BLOCK) {
        const int64_t rows = n - start < VARIANCE_BLOCK ? n - start : VARIANCE_BLOCK;
        failed = check(ofdm_model_to_latent(model, x + start * d, rows, d, latent, r), "ofdm_model_to_latent") ||
                 check(ofdm_model_from_latent(model, latent, rows, r, projected, d), "ofdm_model_from_latent");
        for (i = 0; i < rows * d && !failed; ++i)
            residual += (x[start * d + i] - projected[i]) * (x[start * d + i] - projected[i]);
    }
    if (!failed) *kept = 1.0 - residual / total;
    free(mean);
    free(latent);
    free(projected);
    return failed;
}

/* The three quality figures, each beside its floor: the same figure for real data. */
typedef struct quality_report {
    int64_t compared;          /* samples and training images in the two distances */
    int64_t heldout;           /* held-out images they are compared with */
    double frechet, frechet_floor, frechet_projected;
    double energy, energy_floor, energy_projected;
    double nearest_samples, nearest_heldout; /* medians of the nearest-training-image distance */
} quality_report;

static int measure_quality(const ofdm_model *model, const demo_dataset *data, const double *samples,
                           const double *heldout, int64_t heldout_count, const double *train_subset,
                           int64_t compared, quality_report *report) {
    /* In pixel space, not in the model's own coordinates: the figures then compare models with
     * any number of components, and charge a PCA model for the variance it drops. */
    const int64_t d = ofdm_model_dim(model), r = ofdm_model_latent_dim(model);
    double *nearest_samples = demo_array(SAMPLES, sizeof(double)), *nearest_heldout = demo_array(heldout_count, sizeof(double));
    /* The training subset mapped onto the model's principal subspace (to latent and back): what a
     * perfect model in r components would sample, the floor that leaves out the dropped variance. */
    double *latent = demo_array(compared * r, sizeof(double)), *projected = demo_array(compared * d, sizeof(double));
    int failed = 0;
    if (nearest_samples == NULL || nearest_heldout == NULL || latent == NULL || projected == NULL) {
        fprintf(stderr, "demo: out of memory for the quality figures\n");
        failed = 1;
    }
    if (!failed)
        failed = check(ofdm_model_to_latent(model, train_subset, compared, d, latent, r), "ofdm_model_to_latent") ||
                 check(ofdm_model_from_latent(model, latent, compared, r, projected, d), "ofdm_model_from_latent");
    if (!failed &&
        (quality_frechet_distance(samples, compared, heldout, heldout_count, d, &report->frechet) != 0 ||
         quality_frechet_distance(train_subset, compared, heldout, heldout_count, d, &report->frechet_floor) != 0 ||
         quality_frechet_distance(projected, compared, heldout, heldout_count, d, &report->frechet_projected) != 0 ||
         quality_energy_distance(samples, compared, heldout, heldout_count, d, &report->energy) != 0 ||
         quality_energy_distance(train_subset, compared, heldout, heldout_count, d, &report->energy_floor) != 0 ||
         quality_energy_distance(projected, compared, heldout, heldout_count, d, &report->energy_projected) != 0 ||
         quality_nearest_distances(samples, SAMPLES, data->train.pixels, data->train.count, d, nearest_samples) != 0 ||
         quality_nearest_distances(heldout, heldout_count, data->train.pixels, data->train.count, d, nearest_heldout) != 0 ||
         quality_median(nearest_samples, SAMPLES, &report->nearest_samples) != 0 ||
         quality_median(nearest_heldout, heldout_count, &report->nearest_heldout) != 0)) {
        fprintf(stderr, "demo: a quality figure failed (out of memory, or LAPACK did not converge)\n");
        failed = 1;
    }
    report->compared = compared;
    report->heldout = heldout_count;
    free(latent);
    free(projected);
    free(nearest_samples);
    free(nearest_heldout);
    return failed;
}

static int write_grid(const char *path, const demo_dataset *data, const double *heldout, const double *samples) {
    const double *panels[2];
    grid_layout layout;
    char message[512];
    int64_t width = 0, height = 0;
    unsigned char *canvas;
    int failed;
    panels[0] = heldout;
    panels[1] = samples;
    layout.image_rows = data->train.rows;
    layout.image_cols = data->train.cols;
    layout.scale = data->train.rows < GRID_TILE_PIXELS ? GRID_TILE_PIXELS / data->train.rows : 1;
    layout.tiles = GRID_TILES;
    layout.gap = 2;
    layout.panel_gap = 16;
    canvas = grid_draw(&layout, panels, 2, &width, &height);
    if (canvas == NULL) {
        fprintf(stderr, "demo: out of memory for the image grid\n");
        return 1;
    }
    failed = png_write_gray(path, width, height, canvas, message, sizeof message) != 0;
    if (failed) fprintf(stderr, "demo: %s\n", message);
    free(canvas);
    return failed;
}

int main(int argc, char **argv) {
    const char *output_directory = "build/demo";
    int digits_only = 0, failed = 0, i;
    demo_dataset data;
    ofdm_model *model = NULL;
    ofdm_fit_options fit_options;
    ofdm_select_options select_options;
    ofdm_select_report choice;
    ofdm_sample_options sample_options;
    ofdm_sample_stats stats;
    int64_t d, sample_count, *heldout_order = NULL, *train_order = NULL, heldout_count, compared;
    double *samples = NULL, *heldout = NULL, *train_subset = NULL, kept = 0;
    double load_seconds, fit_seconds = 0, sample_seconds = 0, quality_seconds = 0;
    quality_report report;
    char png_path[4096];
    struct timespec demo_start, start;

    for (i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--digits") == 0) {
            digits_only = 1;
        } else if (argv[i][0] == '-' || i != argc - 1) {
            fprintf(stderr, "usage: %s [--digits] [output-directory]\n", argv[0]);
            return 2;
        } else {
            output_directory = argv[i];
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &demo_start);
    if (demo_dataset_load(digits_only, &data) != 0) return 1;
    load_seconds = seconds_since(&demo_start);
    d = data.train.rows * data.train.cols;
    printf("ofdm %s demo: %s, from %s\n", ofdm_version_string(), data.title, data.source);
    printf("data      %lld training images, %lld held-out, %lld pixels each (read in %.1f s)\n",
           (long long)data.train.count, (long long)data.heldout.count, (long long)d, load_seconds);
    fflush(stdout);

    ofdm_fit_options_init(&fit_options);
    fit_options.coordinates = OFDM_COORDINATES_PCA;
    fit_options.data_dim = d;
    ofdm_select_options_init(&select_options);
    select_options.latent_dim = data.components;
    select_options.max_degree = MAX_DEGREE;
    select_options.max_interaction = MAX_INTERACTION;
    ofdm_select_report_init(&choice);
    clock_gettime(CLOCK_MONOTONIC, &start);
    failed = check(ofdm_fit_select(data.train.pixels, data.train.count, d, d, &fit_options, &select_options, &model,
                                   &choice),
                   "ofdm_fit_select");
    fit_seconds = seconds_since(&start);
    if (!failed) failed = variance_kept(model, data.train.pixels, data.train.count, d, &kept);
    if (!failed) {
        printf("model     PCA to r = %lld components (%.1f %% of the pixel variance); Hermite products in at\n"
               "          most %d components, chosen on held-out rows among total degrees 1..%d and 5 ridges\n"
               "          (%lld candidates): degree %d, ridge %g, K = %lld basis functions\n",
               (long long)data.components, 100.0 * kept, MAX_INTERACTION, MAX_DEGREE, (long long)choice.candidates,
               (int)choice.degree, choice.ridge, (long long)choice.basis_size);
        printf("fit       %.2f s, the choice included\n", fit_seconds);
        fflush(stdout);
        samples = demo_array((int64_t)SAMPLES * d, sizeof *samples);
        if (samples == NULL) fprintf(stderr, "demo: out of memory for %d samples\n", SAMPLES);
        failed = samples == NULL;
    }
    if (!failed) {
        ofdm_sample_options_init(&sample_options);
        ofdm_sample_stats_init(&stats);
        sample_options.seed = SAMPLE_SEED;
        sample_options.stats = &stats;
        clock_gettime(CLOCK_MONOTONIC, &start);
        failed = check(ofdm_model_sample(model, SAMPLES, &sample_options, samples, d), "ofdm_model_sample");
        sample_seconds = seconds_since(&start);
    }
    if (!failed) {
        printf("sampling  %d samples by the reverse SDE, %d steps: %.2f s (%.2f s per 1 000 samples)\n", SAMPLES,
               sample_options.steps, sample_seconds, 1000.0 * sample_seconds / SAMPLES);
        if (stats.coefficient_nodes > 0)
            printf("          alpha(t) interpolated on %lld Chebyshev nodes (relative error %.1e); %lld samples guarded\n",
                   (long long)stats.coefficient_nodes, stats.coefficient_error, (long long)stats.guarded_samples);
        else
            printf("          alpha(t) solved at every step; %lld samples guarded\n", (long long)stats.guarded_samples);
        fflush(stdout);
        for (sample_count = 0; sample_count < (int64_t)SAMPLES * d && isfinite(samples[sample_count]); ++sample_count)
            continue;
        if (sample_count != (int64_t)SAMPLES * d) {
            fprintf(stderr, "demo: sample %lld is not finite\n", (long long)(sample_count / d));
            failed = 1;
        }
    }
    /* Random subsets, so that the held-out images shown and compared are not the file's first
     * ones; the training subset stands in for the samples in every floor. */
    heldout_count = data.heldout.count < COMPARE_POINTS ? data.heldout.count : COMPARE_POINTS;
    compared = data.train.count < SAMPLES ? data.train.count : SAMPLES;
    if (!failed) {
        heldout_order = subset_permutation(data.heldout.count, SUBSET_SEED);
        train_order = subset_permutation(data.train.count, SUBSET_SEED + 1);
        heldout = heldout_order == NULL ? NULL : subset_rows(data.heldout.pixels, d, heldout_order, heldout_count);
        train_subset = train_order == NULL ? NULL : subset_rows(data.train.pixels, d, train_order, compared);
        failed = heldout == NULL || train_subset == NULL;
        if (failed) fprintf(stderr, "demo: out of memory for the comparison subsets\n");
    }
    if (!failed) {
        clock_gettime(CLOCK_MONOTONIC, &start);
        failed = measure_quality(model, &data, samples, heldout, heldout_count, train_subset, compared, &report);
        quality_seconds = seconds_since(&start);
    }
    if (!failed) {
        printf("quality   %lld samples against %lld held-out images, in pixel space (%.1f s). Floors: %lld\n"
               "          training images in place of the samples (real), and the same images mapped onto\n"
               "          the model's %lld components (projected: the best a model in them can do)\n",
               (long long)report.compared, (long long)report.heldout, quality_seconds, (long long)report.compared,
               (long long)ofdm_model_latent_dim(model));
        printf("                        samples   floor: real  ratio   projected  ratio\n");
        printf("  Fréchet distance   %10.4f   %10.4f %6.2f   %9.4f %6.2f\n", report.frechet, report.frechet_floor,
               report.frechet / report.frechet_floor, report.frechet_projected,
               report.frechet / report.frechet_projected);
        printf("  energy distance    %10.4f   %10.4f %6.2f   %9.4f %6.2f\n", report.energy, report.energy_floor,
               report.energy / report.energy_floor, report.energy_projected, report.energy / report.energy_projected);
        printf("  memorization: median distance to the nearest of the %lld training images, pixel space:\n"
               "    %d samples %.3f, %lld held-out images %.3f   ratio %6.2f (< 1: copying)\n",
               (long long)data.train.count, SAMPLES, report.nearest_samples, (long long)report.heldout,
               report.nearest_heldout, report.nearest_samples / report.nearest_heldout);
        snprintf(png_path, sizeof png_path, "%s/%s.png", output_directory, data.name);
        if (make_directories(output_directory) != 0) {
            fprintf(stderr, "demo: cannot create %s: %s\n", output_directory, strerror(errno));
            failed = 1;
        }
    }
    if (!failed) failed = write_grid(png_path, &data, heldout, samples);
    if (!failed) {
        printf("grid      %s: %d held-out images (left), %d samples (right)\n", png_path, GRID_TILES * GRID_TILES,
               GRID_TILES * GRID_TILES);
        printf("total     %.1f s\n", seconds_since(&demo_start));
    }
    free(heldout_order);
    free(train_order);
    free(heldout);
    free(train_subset);
    free(samples);
    ofdm_model_free(model);
    demo_dataset_free(&data);
    return failed;
}

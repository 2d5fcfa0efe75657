/*
 * check_results.c — checks the output of examples/mpi/fit_and_sample (tests/mpi/run_tests.sh).
 *
 *     check_results DIR RANKS SAMPLES SEED STEPS [REFERENCE_DIR]
 *
 * DIR holds one run on RANKS processes. Checks, one line each ("[       OK ] name" or
 * "[  FAILED  ] name: why"); the exit status is the number of failures:
 *   - every rank fitted the same model: its coefficients are rank 0's, bit for bit;
 *   - the ranks' samples, in rank order, are bit for bit the SAMPLES samples that one process
 *     draws from the same model (DIR/model.ofdm) with the same seed and steps;
 *   - with REFERENCE_DIR (a one-process run): the coefficients equal its coefficients to 1e-12
 *     relative. The shards' moments are the one-process sums added in another grouping (a few
 *     ulps of Σ|φ|), and the statistics are merged by Chan's update instead of one pass over all
 *     rows (a few ulps of the spread); the degree-6 system amplifies that to ~1e-13 at most.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofdm.h"

static int failures = 0;

static void report(int ok, const char *name, const char *why) {
    if (ok)
        printf("[       OK ] %s\n", name);
    else
        printf("[  FAILED  ] %s: %s\n", name, why), ++failures;
}

/* Reads a whole file of doubles; *count receives how many. NULL when it cannot be read. */
static double *read_doubles(const char *dir, const char *name, int rank, long *count) {
    char path[4096];
    FILE *f;
    double *values;
    long bytes;
    snprintf(path, sizeof path, "%s/%s.%d.bin", dir, name, rank);
    f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    values = malloc((size_t)bytes + 8);
    if (!values || fread(values, 1, (size_t)bytes, f) != (size_t)bytes) {
        fclose(f), free(values);
        return NULL;
    }
    fclose(f);
    *count = bytes / (long)sizeof(double);
    return values;
}

int main(int argc, char **argv) {
    const char *dir, *reference_dir;
    int ranks, r;
    long K = 0, count = 0, total = 0;
    int64_t samples;
    double *alpha, *all, *drawn;
    char path[4096], why[512];
    ofdm_model *model = NULL;
    ofdm_sample_options options;
    if (argc < 6) {
        fprintf(stderr, "usage: %s DIR RANKS SAMPLES SEED STEPS [REFERENCE_DIR]\n", argv[0]);
        return 100;
    }
    dir = argv[1], ranks = atoi(argv[2]), samples = atoll(argv[3]);
    reference_dir = argc > 6 ? argv[6] : NULL;

    alpha = read_doubles(dir, "coefficients", 0, &K);
    if (!alpha) {
        report(0, "coefficients", "cannot read coefficients.0.bin");
        return failures;
    }
    {
        int same = 1;
        for (r = 1; r < ranks; ++r) {
            double *other = read_doubles(dir, "coefficients", r, &count);
            same &= other && count == K && memcmp(other, alpha, (size_t)K * sizeof *alpha) == 0;
            free(other);
        }
        snprintf(why, sizeof why, "the %d ranks fitted different models", ranks);
        report(same, "every rank fits the same model, bit for bit", why);
    }

    all = malloc((size_t)(2 * samples) * sizeof *all + 8);
    for (r = 0; r < ranks && all; ++r) {
        double *part = read_doubles(dir, "samples", r, &count);
        if (!part || total + count > 2 * samples) {
            free(part);
            total = -1;
            break;
        }
        memcpy(all + total, part, (size_t)count * sizeof *part);
        total += count;
        free(part);
    }
    snprintf(path, sizeof path, "%s/model.ofdm", dir);
    drawn = malloc((size_t)(2 * samples) * sizeof *drawn + 8);
    ofdm_sample_options_init(&options);
    options.seed = strtoull(argv[4], NULL, 10);
    options.steps = atoi(argv[5]);
    if (ofdm_model_load(path, &model) != OFDM_OK || ofdm_model_sample(model, samples, &options, drawn, 2) != OFDM_OK) {
        snprintf(why, sizeof why, "%s", ofdm_last_error());
        report(0, "the ranks' samples are one process's samples", why);
    } else {
        snprintf(why, sizeof why, "%ld values from the ranks, %lld expected, or different bits", total,
                 (long long)(2 * samples));
        report(total == 2 * samples && memcmp(all, drawn, (size_t)total * sizeof *all) == 0,
               "the ranks' samples are one process's samples, bit for bit", why);
    }

    if (reference_dir) {
        double *reference = read_doubles(reference_dir, "coefficients", 0, &count), diff = 0.0, norm = 0.0;
        long k;
        if (reference && count == K)
            for (k = 0; k < K; ++k) diff += (alpha[k] - reference[k]) * (alpha[k] - reference[k]), norm += reference[k] * reference[k];
        snprintf(why, sizeof why, "relative difference %.3g (tolerance 1e-12)", reference ? sqrt(diff / norm) : NAN);
        report(reference && count == K && sqrt(diff / norm) <= 1e-12, "the coefficients are the one-process fit's", why);
        printf("    coefficients: %d ranks vs 1 process, relative difference %.3g\n", ranks, sqrt(diff / norm));
        free(reference);
    }
    ofdm_model_free(model);
    free(alpha), free(all), free(drawn);
    return failures;
}

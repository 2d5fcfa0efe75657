/* The example job, the same in every language: fit a 2-D three-mode Gaussian mixture, print the
 * score at three points for t = 0.1 and t = 1, draw 1 000 samples and save them (CSV) together
 * with the model.
 *
 *   cc example.c $(pkg-config --cflags --libs ofdm) -o example && ./example [output-directory]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ofdm.h"

/* splitmix64 and Box–Muller: reproducible data without files. */
static uint64_t state = 42;
static double uniform01(void) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return ((double)((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0;
}
static double normal01(void) {
    const double radius = sqrt(-2.0 * log(uniform01())); /* drawn first: C leaves operand order open */
    return radius * cos(6.283185307179586 * uniform01());
}

static int fail(const char *what, ofdm_status status) {
    fprintf(stderr, "%s: %s: %s\n", what, ofdm_status_string(status), ofdm_last_error());
    return 1;
}

int main(int argc, char **argv) {
    enum { N = 5000, D = 2, SAMPLES = 1000 };
    static const double centre[3][D] = {{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}};
    static const double points[3][D] = {{-1.2, 0.0}, {0.0, 0.5}, {2.0, 2.0}};
    static double x[N * D], score[3 * D], samples[SAMPLES * D];
    const char *directory = argc > 1 ? argv[1] : ".";
    char path[4096];
    ofdm_basis *basis = NULL;
    ofdm_model *model = NULL;
    ofdm_sample_options sampling;
    ofdm_status status;
    double times[2] = {0.1, 1.0};
    FILE *csv;
    int i, k;

    for (i = 0; i < N; ++i) {
        const int mode = (int)(uniform01() * 3);
        for (k = 0; k < D; ++k) x[i * D + k] = centre[mode][k] + 0.45 * normal01();
    }
    if ((status = ofdm_basis_create_total_degree(D, 8, 0, &basis)) != OFDM_OK) return fail("basis", status);
    status = ofdm_fit(basis, x, N, D, NULL, &model); /* defaults: β = 1, standardized, Galerkin */
    ofdm_basis_free(basis);                        /* the model keeps its own copy */
    if (status != OFDM_OK) return fail("fit", status);

    for (i = 0; i < 2; ++i) {
        if ((status = ofdm_model_score(model, times[i], &points[0][0], 3, D, score, D)) != OFDM_OK)
            return fail("score", status);
        for (k = 0; k < 3; ++k)
            printf("score at t = %.1f, x = (%5.2f, %5.2f): (%8.4f, %8.4f)\n", times[i], points[k][0], points[k][1],
                   score[k * D], score[k * D + 1]);
    }

    ofdm_sample_options_init(&sampling);
    sampling.seed = 7;
    if ((status = ofdm_model_sample(model, SAMPLES, &sampling, samples, D)) != OFDM_OK) return fail("sample", status);
    snprintf(path, sizeof path, "%s/samples.csv", directory);
    if (!(csv = fopen(path, "w"))) return perror(path), 1;
    fprintf(csv, "x0,x1\n");
    for (i = 0; i < SAMPLES; ++i) fprintf(csv, "%.17g,%.17g\n", samples[i * D], samples[i * D + 1]);
    if (fclose(csv) != 0) return perror(path), 1;
    snprintf(path, sizeof path, "%s/mixture.ofdm", directory);
    if ((status = ofdm_model_save(model, path)) != OFDM_OK) return fail("save", status);
    printf("wrote %d samples to %s/samples.csv and the model to %s\n", SAMPLES, directory, path);
    ofdm_model_free(model);
    return 0;
}

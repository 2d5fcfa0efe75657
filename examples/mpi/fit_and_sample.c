/*
 * fit_and_sample.c — a distributed fit and a distributed sample with MPI (ofdm.h, "Moments").
 *
 * Every rank holds a shard of the data (here: a contiguous block of rows of a data set generated
 * from a seed, standing in for the rank's own file). The ranks
 *   1. run the statistics pass on their shard and combine the statistics: MPI_Allgather of the
 *      exported arrays, then every rank merges them in rank order (so every rank gets the same
 *      coordinate map, bit for bit);
 *   2. run the moment pass on their shard and combine the moments: MPI_Allreduce with MPI_SUM
 *      over the first M + 1 entries and MPI_MIN over the rest;
 *   3. fit the same model from the same combined array, and draw their share of the samples by
 *      global sample index: sample i depends only on (seed, i).
 * Each rank writes its coefficients α(0) and its samples to OUTDIR/coefficients.<rank>.bin and
 * OUTDIR/samples.<rank>.bin (raw little-endian doubles); rank 0 also saves the model to
 * OUTDIR/model.ofdm, so that a check can draw all samples from it in one process.
 *
 * The library does not link MPI: only this program does.
 *     mpicc -std=c99 -Iinclude examples/mpi/fit_and_sample.c -Lbuild/lib -lofdm \
 *           -Wl,-rpath,$PWD/build/lib -lm -o fit_and_sample
 *     mpirun -np 4 ./fit_and_sample OUTDIR [rows [samples [seed [steps]]]]
 */
#include <mpi.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofdm.h"

#define DIM 2

/* Stops every rank on a failed ofdm call, with the library's message. */
#define CHECK(call)                                                                                  \
    do {                                                                                             \
        const ofdm_status status_ = (call);                                                          \
        if (status_ != OFDM_OK) {                                                                    \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call, ofdm_last_error());       \
            MPI_Abort(MPI_COMM_WORLD, 1);                                                            \
        }                                                                                            \
    } while (0)

static void *allocate(size_t count, size_t size) {
    void *p = malloc(count * size + 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return p;
}

/* splitmix64: the data set is a function of the seed only, whatever the number of ranks. */
static double uniform01(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

/* Rows [first, last) of an n-row three-mode 2-D Gaussian mixture (σ = 0.45). Row i uses the
 * random numbers of row i only, so a shard is generated without the rest of the data set. */
static double *shard_of_data_set(int64_t first, int64_t last, uint64_t seed) {
    static const double centres[3][2] = {{-1.2, -0.6}, {1.2, -0.6}, {0.0, 1.2}};
    double *x = allocate((size_t)(last - first) * DIM, sizeof *x);
    int64_t i;
    for (i = first; i < last; ++i) {
        uint64_t state = seed ^ (0x5851f42d4c957f2dull * (uint64_t)(i + 1));
        const int mode = (int)(3.0 * uniform01(&state));
        const double u1 = uniform01(&state), u2 = uniform01(&state);
        const double r = sqrt(-2.0 * log(u1)), angle = 6.283185307179586 * u2;
        x[(i - first) * DIM] = centres[mode][0] + 0.45 * r * cos(angle);
        x[(i - first) * DIM + 1] = centres[mode][1] + 0.45 * r * sin(angle);
    }
    return x;
}

static void write_doubles(const char *dir, const char *name, int rank, const double *values, int64_t count) {
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s.%d.bin", dir, name, rank);
    f = fopen(path, "wb");
    if (!f || fwrite(values, sizeof *values, (size_t)count, f) != (size_t)count || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

int main(int argc, char **argv) {
    int rank, size, r;
    int64_t rows = 20000, samples = 1000, length, M, first, last;
    uint64_t seed = 12345;
    int32_t steps = 100;
    const char *dir;
    double *x, *mine, *gathered, *alpha, *out;
    ofdm_basis *basis = NULL;
    ofdm_moments *moments = NULL, *scratch = NULL;
    ofdm_model *model = NULL;
    ofdm_sample_options options;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc < 2) {
        if (rank == 0) fprintf(stderr, "usage: %s OUTDIR [rows [samples [seed [steps]]]]\n", argv[0]);
        MPI_Finalize();
        return 2;
    }
    dir = argv[1];
    if (argc > 2) rows = atoll(argv[2]);
    if (argc > 3) samples = atoll(argv[3]);
    if (argc > 4) seed = strtoull(argv[4], NULL, 10);
    if (argc > 5) steps = atoi(argv[5]);

    first = rows * rank / size, last = rows * (rank + 1) / size;
    x = shard_of_data_set(first, last, seed);
    CHECK(ofdm_basis_create_total_degree(DIM, 6, 0, &basis));
    CHECK(ofdm_moments_create(basis, NULL, &moments)); /* standardized: two passes */
    CHECK(ofdm_moments_create(basis, NULL, &scratch));

    /* 1. Statistics: gather every rank's array, merge them in rank order on every rank. */
    CHECK(ofdm_moments_add(moments, x, last - first, DIM));
    CHECK(ofdm_moments_export_length(moments, &length));
    mine = allocate((size_t)length, sizeof *mine);
    gathered = allocate((size_t)(length * size), sizeof *gathered);
    CHECK(ofdm_moments_export(moments, mine));
    MPI_Allgather(mine, (int)length, MPI_DOUBLE, gathered, (int)length, MPI_DOUBLE, MPI_COMM_WORLD);
    CHECK(ofdm_moments_import(moments, gathered, length));
    for (r = 1; r < size; ++r) {
        CHECK(ofdm_moments_import(scratch, gathered + r * length, length));
        CHECK(ofdm_moments_merge(moments, scratch));
    }
    CHECK(ofdm_moments_begin_moments(moments));
    free(mine), free(gathered);

    /* 2. Moments: SUM over [0, M + 1), MIN over the rest (the box; its upper corner is negated). */
    CHECK(ofdm_moments_add(moments, x, last - first, DIM));
    CHECK(ofdm_moments_export_length(moments, &length));
    M = length - 4 - 2 * DIM;
    mine = allocate((size_t)length, sizeof *mine);
    CHECK(ofdm_moments_export(moments, mine));
    MPI_Allreduce(MPI_IN_PLACE, mine, (int)(M + 1), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, mine + M + 1, (int)(length - M - 1), MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    /* MPI does not promise that a floating-point SUM rounds the same on every rank (with more
     * than two ranks some algorithms add in different orders): rank 0's result, for everyone,
     * makes the ranks' models identical bit for bit. */
    MPI_Bcast(mine, (int)length, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    CHECK(ofdm_moments_import(moments, mine, length));
    free(mine);

    /* 3. The same model everywhere; this rank's coefficients and its share of the samples. */
    CHECK(ofdm_fit_moments(moments, NULL, &model));
    alpha = allocate((size_t)ofdm_basis_size(basis), sizeof *alpha);
    CHECK(ofdm_model_coefficients(model, 0.0, alpha));
    write_doubles(dir, "coefficients", rank, alpha, ofdm_basis_size(basis));
    if (rank == 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/model.ofdm", dir);
        CHECK(ofdm_model_save(model, path));
    }

    /* Global samples [first, last) of this rank. ofdm_model_sample draws samples 0..n−1 of the
     * seed, and a run of n is a prefix of a run of more: draw `last` and keep the tail. (The
     * ranks thus draw first samples they discard: the API has no "first index" option yet.) */
    first = samples * rank / size, last = samples * (rank + 1) / size;
    ofdm_sample_options_init(&options);
    options.seed = seed;
    options.steps = steps;
    out = allocate((size_t)(last * DIM), sizeof *out);
    CHECK(ofdm_model_sample(model, last, &options, out, DIM));
    write_doubles(dir, "samples", rank, out + first * DIM, (last - first) * DIM);
    if (rank == 0)
        printf("%d ranks: %lld rows, K = %lld, %lld moments; samples [%lld, %lld) on rank 0\n", size, (long long)rows,
               (long long)ofdm_basis_size(basis), (long long)M, (long long)first, (long long)last);

    free(out), free(alpha), free(x);
    ofdm_model_free(model);
    ofdm_moments_free(scratch), ofdm_moments_free(moments);
    ofdm_basis_free(basis);
    MPI_Finalize();
    return 0;
}

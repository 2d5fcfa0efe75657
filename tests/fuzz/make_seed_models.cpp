// Writes the fuzzers' seed corpus: small valid model files covering each basis kind (total
// degree, graph, explicit indices), every coordinate map and both time modes, fitted on
// reproducible data. Run at fuzz-build time (mk/fuzz.mk), so no binary corpus is committed.
// Usage: make_seed_models DIRECTORY
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ofdm.h"
#include "support/splitmix.h"

namespace {

// n samples of a two-mode mixture in d dimensions, modes at ±1.5 on every axis.
std::vector<double> mixture(int64_t n, int64_t d, uint64_t seed) {
    ofdm::testing::SplitMix64 random{seed};  // the same data on every run
    std::vector<double> x(size_t(n * d));
    for (int64_t i = 0; i < n; ++i) {
        const double centre = random.uniform() < 0.4 ? -1.5 : 1.5;
        for (int64_t j = 0; j < d; ++j) x[size_t(i * d + j)] = centre + 0.6 * random.normal() + 0.3 * j;
    }
    return x;
}

void check(ofdm_status status, const char *what) {
    if (status == OFDM_OK) return;
    std::fprintf(stderr, "make_seed_models: %s: %s (%s)\n", what, ofdm_status_string(status), ofdm_last_error());
    std::exit(1);
}

struct Seed {
    const char *name;
    ofdm_basis *basis;
    double beta;
    int32_t coordinates;
    int32_t time_mode;
    double ridge;
    int64_t data_dim = 0;  // PCA: the data's columns (0: the basis dimension)
};

void write_seed(const std::string &directory, const Seed &seed) {
    const int64_t d = seed.data_dim ? seed.data_dim : ofdm_basis_dim(seed.basis), n = 120;
    const std::vector<double> x = mixture(n, d, 0x5eed + uint64_t(d));
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.beta = seed.beta;
    options.coordinates = seed.coordinates;
    options.time_mode = seed.time_mode;
    options.ridge = seed.ridge;
    options.data_dim = seed.data_dim;
    ofdm_model *model = nullptr;
    check(ofdm_fit(seed.basis, x.data(), n, d, &options, &model), seed.name);
    check(ofdm_model_save(model, (directory + "/" + seed.name).c_str()), seed.name);
    ofdm_model_free(model);
    ofdm_basis_free(seed.basis);
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIRECTORY\n", argv[0]);
        return 2;
    }
    const std::string directory = argv[1];
    ofdm_basis *basis = nullptr;

    check(ofdm_basis_create_total_degree(1, 5, 0, &basis), "1-D total degree");
    write_seed(directory, {"total_degree_1d_standardize_galerkin.ofdm", basis, 1.0, OFDM_COORDINATES_STANDARDIZE,
                           OFDM_TIME_GALERKIN, 0.0});
    check(ofdm_basis_create_total_degree(2, 3, 0, &basis), "2-D total degree");
    write_seed(directory, {"total_degree_2d_standardize_galerkin.ofdm", basis, 1.0, OFDM_COORDINATES_STANDARDIZE,
                           OFDM_TIME_GALERKIN, 0.0});
    check(ofdm_basis_create_total_degree(2, 2, 1, &basis), "2-D additive");
    write_seed(directory, {"additive_2d_none_perturbation.ofdm", basis, 0.5, OFDM_COORDINATES_NONE,
                           OFDM_TIME_PERTURBATION, 1e-8});
    const int64_t chain[] = {0, 1, 1, 2};
    check(ofdm_basis_create_graph(3, 3, chain, 2, &basis), "3-D chain graph");
    write_seed(directory, {"graph_3d_standardize_perturbation.ofdm", basis, 2.0, OFDM_COORDINATES_STANDARDIZE,
                           OFDM_TIME_PERTURBATION, 0.0});
    const int32_t rows[] = {1, 0, 0,  0, 2, 0,  0, 0, 1,  1, 1, 0,  0, 1, 2};
    check(ofdm_basis_create_from_indices(3, rows, 5, 3, &basis), "3-D from indices");
    write_seed(directory, {"indices_3d_none_galerkin_ridge.ofdm", basis, 1.5, OFDM_COORDINATES_NONE,
                           OFDM_TIME_GALERKIN, 1e-6});
    // Format 1.1: the linear maps, stored as mean, eigenvalues and eigenvectors.
    check(ofdm_basis_create_total_degree(2, 3, 0, &basis), "2-D total degree for PCA");
    write_seed(directory, {"total_degree_2d_pca_of_4_galerkin.ofdm", basis, 1.0, OFDM_COORDINATES_PCA,
                           OFDM_TIME_GALERKIN, 0.0, 4});
    check(ofdm_basis_create_total_degree(3, 2, 0, &basis), "3-D total degree for whitening");
    write_seed(directory, {"total_degree_3d_whiten_galerkin.ofdm", basis, 1.0, OFDM_COORDINATES_WHITEN,
                           OFDM_TIME_GALERKIN, 0.0});
    return 0;
}

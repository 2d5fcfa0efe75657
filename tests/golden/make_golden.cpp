// Writes the golden model files of tests/golden/ and the table of values they must give
// (expected_values.txt, every number in %.17g so that it reads back to the same double).
// tests/model/test_golden_files.cpp loads the files on every run and compares. Run it only when
// the model-file format version changes (see README.md): the files pin the format, so files
// written by a later library must never replace them silently.
// Usage: make_golden DIRECTORY
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ofdm.h"

namespace {

// splitmix64 and Box–Muller: the same training data on every run.
struct Random {
    uint64_t state;
    double uniform() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return (double((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0;
    }
    double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }
};

// n samples of a two-mode mixture in d dimensions with correlated coordinates, offset and
// stretched so that standardization has work to do.
std::vector<double> training_data(int64_t n, int64_t d, uint64_t seed) {
    Random random{seed};
    std::vector<double> x(size_t(n * d));
    for (int64_t i = 0; i < n; ++i) {
        const double centre = random.uniform() < 0.35 ? -1.2 : 1.0;
        double previous = 0.0;
        for (int64_t j = 0; j < d; ++j) {
            previous = centre + 0.5 * previous + 0.7 * random.normal();
            x[size_t(i * d + j)] = 2.0 + (1.0 + 0.5 * j) * previous;
        }
    }
    return x;
}

void check(ofdm_status status, const std::string &what) {
    if (status == OFDM_OK) return;
    std::fprintf(stderr, "make_golden: %s: %s (%s)\n", what.c_str(), ofdm_status_string(status), ofdm_last_error());
    std::exit(1);
}

struct Golden {
    std::string file;
    ofdm_basis *basis;
    ofdm_fit_options options;
    int64_t n;
    uint64_t seed;
};

// The points and times every model is evaluated at: in and around the data, and in the tails.
const double kTimes[] = {0.0, 0.05, 0.5, 2.0, INFINITY};
const double kPoints[4][3] = {{2.0, 2.0, 2.0}, {3.1, 0.4, 2.6}, {-0.5, 4.0, -1.0}, {6.0, -3.0, 7.5}};

void print_values(FILE *table, const char *label, const double *values, int64_t count) {
    std::fprintf(table, " %s", label);
    for (int64_t i = 0; i < count; ++i) std::fprintf(table, " %.17g", values[i]);
}

// Evaluates the model as loaded back from its file, so that the table holds what a reader gets.
void write_golden(const std::string &directory, const Golden &golden, FILE *table) {
    const int64_t d = ofdm_basis_dim(golden.basis), K = ofdm_basis_size(golden.basis);
    const std::vector<double> x = training_data(golden.n, d, golden.seed);
    ofdm_model *fitted = nullptr, *model = nullptr;
    check(ofdm_fit(golden.basis, x.data(), golden.n, d, &golden.options, &fitted), golden.file);
    const std::string path = directory + "/" + golden.file;
    check(ofdm_model_save(fitted, path.c_str()), path);
    check(ofdm_model_load(path.c_str(), &model), path);

    std::fprintf(table, "model %s dim %lld size %lld beta %.17g ridge %.17g coordinates %d time_mode %d training_size %lld\n",
                 golden.file.c_str(), (long long)d, (long long)K, golden.options.beta, golden.options.ridge,
                 golden.options.coordinates, golden.options.time_mode, (long long)golden.n);
    for (double t : kTimes) {
        std::vector<double> alpha(static_cast<size_t>(K)), fitted_alpha(static_cast<size_t>(K));
        check(ofdm_model_coefficients(model, t, alpha.data()), "coefficients");
        check(ofdm_model_coefficients(fitted, t, fitted_alpha.data()), "coefficients");
        if (std::memcmp(alpha.data(), fitted_alpha.data(), alpha.size() * sizeof(double)) != 0)
            check(OFDM_ERR_INTERNAL, golden.file + ": the loaded model differs from the fitted one");
        std::fprintf(table, "coefficients t %.17g", t);
        print_values(table, "alpha", alpha.data(), K);
        std::fprintf(table, "\n");
        for (const double *point : kPoints) {
            std::vector<double> score(static_cast<size_t>(d));
            double log_density = 0.0;
            check(ofdm_model_score(model, t, point, 1, d, score.data(), d), "score");
            check(ofdm_model_log_density(model, t, point, 1, d, &log_density), "log-density");
            std::fprintf(table, "value t %.17g", t);
            print_values(table, "x", point, d);
            print_values(table, "score", score.data(), d);
            print_values(table, "log_density", &log_density, 1);
            std::fprintf(table, "\n");
        }
    }
    ofdm_model_free(model);
    ofdm_model_free(fitted);
    ofdm_basis_free(golden.basis);
}

ofdm_fit_options options_with(double beta, int32_t coordinates, int32_t time_mode, double ridge) {
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.beta = beta;
    options.coordinates = coordinates;
    options.time_mode = time_mode;
    options.ridge = ridge;
    return options;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIRECTORY\n", argv[0]);
        return 2;
    }
    const std::string directory = argv[1];
    const std::string table_path = directory + "/expected_values.txt";
    FILE *table = std::fopen(table_path.c_str(), "w");
    if (!table) {
        std::perror(table_path.c_str());
        return 1;
    }
    std::fprintf(table,
                 "# Expected values of the golden model files, written by make_golden.cpp with ofdm %s (model\n"
                 "# format 1.0); see README.md. Lines: 'model FILE ...' starts a model and gives its settings;\n"
                 "# 'coefficients t T alpha A...' gives alpha(t); 'value t T x X... score S... log_density L'\n"
                 "# gives the score and log-density at data point X. Numbers are %%.17g: they read back exactly.\n",
                 ofdm_version_string());

    ofdm_basis *basis = nullptr;
    check(ofdm_basis_create_total_degree(2, 4, 0, &basis), "2-D total degree 4");
    write_golden(directory, {"total_degree_2d.ofdm", basis,
                             options_with(1.0, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN, 0.0), 400, 1},
                 table);

    const int64_t chain[] = {0, 1, 1, 2};
    check(ofdm_basis_create_graph(3, 4, chain, 2, &basis), "3-D chain graph of degree 4");
    write_golden(directory, {"graph_3d_perturbation.ofdm", basis,
                             options_with(0.5, OFDM_COORDINATES_NONE, OFDM_TIME_PERTURBATION, 0.0), 400, 2},
                 table);

    const int32_t rows[] = {1, 0, 0,  0, 1, 0,  2, 0, 0,  1, 0, 1,  0, 3, 0,  1, 1, 1,  0, 0, 2};
    check(ofdm_basis_create_from_indices(3, rows, 7, 3, &basis), "3-D explicit indices");
    write_golden(directory, {"indices_3d_ridge.ofdm", basis,
                             options_with(1.5, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN, 1e-3), 300, 3},
                 table);

    if (std::fclose(table) != 0) {
        std::perror(table_path.c_str());
        return 1;
    }
    return 0;
}

// Writes the golden model files of tests/golden/ and records the values they give in
// expected_values.txt (every number in %.17g, so that it reads back to the same double);
// tests/model/test_golden_files.cpp loads the files on every run and compares. See README.md for
// when to run it: the model files are rewritten only when the model-file format version changes,
// since they pin the format and files written by a later library must not replace them silently.
// Usage: make_golden DIRECTORY               fit, save and record (a format version change)
//        make_golden --table-only DIRECTORY  record the table again from the existing files
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ofdm.h"
#include "support/splitmix.h"

// OpenBLAS names the kernel set it picked for this CPU; the test compares bit for bit only under
// the same one (README.md).
extern "C" char *openblas_get_corename(void);

namespace {

// n samples of a two-mode mixture in d dimensions with correlated coordinates, offset and
// stretched so that standardization has work to do.
std::vector<double> training_data(int64_t n, int64_t d, uint64_t seed) {
    ofdm::testing::SplitMix64 random{seed};  // the same data on every run
    std::vector<double> x(static_cast<size_t>(n * d));
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

ofdm_fit_options options_with(double beta, int32_t coordinates, int32_t time_mode, double ridge) {
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.beta = beta;
    options.coordinates = coordinates;
    options.time_mode = time_mode;
    options.ridge = ridge;
    return options;
}

const char *const kFiles[] = {"total_degree_2d.ofdm", "graph_3d_perturbation.ofdm", "indices_3d_ridge.ofdm"};

// Fits the model of kFiles[which] and saves it.
void write_model(const std::string &directory, int which) {
    ofdm_basis *basis = nullptr;
    ofdm_fit_options options;
    int64_t n = 0;
    if (which == 0) {  // total degree 4 in 2-D, standardized, Galerkin at every t
        check(ofdm_basis_create_total_degree(2, 4, 0, &basis), "2-D total degree 4");
        options = options_with(1.0, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN, 0.0);
        n = 400;
    } else if (which == 1) {  // a 3-D chain graph, raw coordinates, first-order time, β = 0.5
        const int64_t chain[] = {0, 1, 1, 2};
        check(ofdm_basis_create_graph(3, 4, chain, 2, &basis), "3-D chain graph of degree 4");
        options = options_with(0.5, OFDM_COORDINATES_NONE, OFDM_TIME_PERTURBATION, 0.0);
        n = 400;
    } else {  // explicit multi-indices with a ridge
        const int32_t rows[] = {1, 0, 0, 0, 1, 0, 2, 0, 0, 1, 0, 1, 0, 3, 0, 1, 1, 1, 0, 0, 2};
        check(ofdm_basis_create_from_indices(3, rows, 7, 3, &basis), "3-D explicit indices");
        options = options_with(1.5, OFDM_COORDINATES_STANDARDIZE, OFDM_TIME_GALERKIN, 1e-3);
        n = 300;
    }
    const int64_t d = ofdm_basis_dim(basis);
    const std::vector<double> x = training_data(n, d, uint64_t(which + 1));
    ofdm_model *model = nullptr;
    const std::string path = directory + "/" + kFiles[which];
    check(ofdm_fit(basis, x.data(), n, d, &options, &model), path);
    check(ofdm_model_save(model, path.c_str()), path);
    ofdm_model_free(model);
    ofdm_basis_free(basis);
}

// The points and times every model is evaluated at: in and around the data, and in the tails.
const double kTimes[] = {0.0, 0.05, 0.5, 2.0, INFINITY};
const double kPoints[4][3] = {{2.0, 2.0, 2.0}, {3.1, 0.4, 2.6}, {-0.5, 4.0, -1.0}, {6.0, -3.0, 7.5}};

void print_values(FILE *table, const char *label, const double *values, int64_t count) {
    std::fprintf(table, " %s", label);
    for (int64_t i = 0; i < count; ++i) std::fprintf(table, " %.17g", values[i]);
}

// Records what a reader of the file gets: its settings, α(t), and the score and log-density at
// every point and time.
void record_model(const std::string &directory, const char *file, FILE *table) {
    const std::string path = directory + "/" + file;
    ofdm_model *model = nullptr;
    check(ofdm_model_load(path.c_str(), &model), path);
    const int64_t d = ofdm_model_dim(model), K = ofdm_basis_size(ofdm_model_basis(model));
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    check(ofdm_model_options(model, &options), path);
    std::fprintf(table,
                 "model %s dim %lld size %lld beta %.17g ridge %.17g coordinates %d time_mode %d training_size %lld\n",
                 file, (long long)d, (long long)K, options.beta, options.ridge, options.coordinates, options.time_mode,
                 (long long)ofdm_model_training_size(model));
    for (double t : kTimes) {
        std::vector<double> alpha(static_cast<size_t>(K));
        check(ofdm_model_coefficients(model, t, alpha.data()), path + ": coefficients");
        std::fprintf(table, "coefficients t %.17g", t);
        print_values(table, "alpha", alpha.data(), K);
        std::fprintf(table, "\n");
        for (const double *point : kPoints) {
            std::vector<double> score(static_cast<size_t>(d));
            double log_density = 0.0;
            check(ofdm_model_score(model, t, point, 1, d, score.data(), d), path + ": score");
            check(ofdm_model_log_density(model, t, point, 1, d, &log_density), path + ": log-density");
            std::fprintf(table, "value t %.17g", t);
            print_values(table, "x", point, d);
            print_values(table, "score", score.data(), d);
            print_values(table, "log_density", &log_density, 1);
            std::fprintf(table, "\n");
        }
    }
    ofdm_model_free(model);
}

// "MAJOR.MINOR" from bytes 8..15 of a model file (two little-endian u32).
std::string format_version(const std::string &path) {
    std::ifstream stream(path, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(stream)), {});
    if (bytes.size() < 16) check(OFDM_ERR_TRUNCATED, path);
    auto u32 = [&](size_t at) {
        return uint32_t(bytes[at]) | uint32_t(bytes[at + 1]) << 8 | uint32_t(bytes[at + 2]) << 16 |
               uint32_t(bytes[at + 3]) << 24;
    };
    return std::to_string(u32(8)) + "." + std::to_string(u32(12));
}

}  // namespace

int main(int argc, char **argv) {
    const bool table_only = argc == 3 && std::strcmp(argv[1], "--table-only") == 0;
    if (argc != 2 && !table_only) {
        std::fprintf(stderr, "usage: %s [--table-only] DIRECTORY\n", argv[0]);
        return 2;
    }
    const std::string directory = argv[argc - 1];
    if (!table_only)
        for (int which = 0; which < 3; ++which) write_model(directory, which);

    const std::string table_path = directory + "/expected_values.txt";
    FILE *table = std::fopen(table_path.c_str(), "w");
    if (!table) {
        std::perror(table_path.c_str());
        return 1;
    }
    std::fprintf(table,
                 "# Expected values of the golden model files (model format %s), recorded by make_golden.cpp\n"
                 "# with ofdm %s; see README.md. Lines: 'model FILE ...' starts a model and gives its\n"
                 "# settings; 'coefficients t T alpha A...' gives alpha(t); 'value t T x X... score S...\n"
                 "# log_density L' gives the score and log-density at data point X. Numbers are %%.17g: they\n"
                 "# read back exactly. 'blas_core' is the OpenBLAS kernel set they were computed with.\n"
                 "blas_core %s\n",
                 format_version(directory + "/" + kFiles[0]).c_str(), ofdm_version_string(), openblas_get_corename());
    for (const char *file : kFiles) record_model(directory, file, table);
    if (std::fclose(table) != 0) {
        std::perror(table_path.c_str());
        return 1;
    }
    return 0;
}

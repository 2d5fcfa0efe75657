// `ofdm fit DATA -o MODEL`: read samples, build a basis, fit, save.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "cli/arguments.h"
#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "cli/data_file.h"
#include "cli/progress_bar.h"

namespace ofdm_cli {

namespace {

const char kUsage[] =
    "usage: ofdm fit DATA -o MODEL [options]\n"
    "\n"
    "Fits a model to the samples in DATA (n rows of d numbers: a .npy float64/float32 array, or\n"
    "CSV text) and saves it to MODEL. Prints n, d, K and the fit time to stderr.\n"
    "\n"
    "Basis (default: total degree 4, any number of interacting coordinates):\n"
    "  --degree P              largest total degree of a basis function, 1..64 (default 4)\n"
    "  --interactions Q        at most Q coordinates per basis function; 0 = no limit (default 0)\n"
    "  --graph EDGES           univariate terms plus pair terms only along the edges in EDGES: one\n"
    "                          pair of 0-based coordinate indices per line, or a 2-column integer\n"
    "                          .npy/CSV array\n"
    "  --lattice RxC[,periodic]\n"
    "                          as --graph, with the nearest-neighbour edges of an R x C grid whose\n"
    "                          site (r, c) is coordinate r*C + c (d must equal R*C)\n"
    "Fit:\n"
    "  --coordinates none|standardize\n"
    "                          map from data to latent coordinates (default standardize)\n"
    "  --beta B                inverse temperature of the noising process, > 0 (default 1)\n"
    "  --ridge E               ridge E >= 0: E*tr(G)/K is added to the diagonal (default 0;\n"
    "                          try 1e-8 when the fit reports a singular system)\n"
    "  --time-mode galerkin|perturbation\n"
    "                          exact system at each t, or first-order in t (default galerkin)\n"
    "  -o, --output MODEL      the model file to write (atomically; required)\n"
    "  -h, --help              this text\n";

const std::vector<OptionSpec> kOptions = {
    {"--output", "-o", true},    {"--degree", nullptr, true}, {"--interactions", nullptr, true},
    {"--graph", nullptr, true},  {"--lattice", nullptr, true}, {"--coordinates", nullptr, true},
    {"--beta", nullptr, true},   {"--ridge", nullptr, true},  {"--time-mode", nullptr, true},
};

// "RxC" or "RxC,periodic": the nearest-neighbour edges of the grid, site (r, c) = r*C + c.
std::vector<int64_t> lattice_edges(const std::string &spec, int64_t *sites) {
    std::string shape = spec;
    bool periodic = false;
    const size_t comma = spec.find(',');
    if (comma != std::string::npos) {
        if (spec.substr(comma + 1) != "periodic")
            throw UsageError("option --lattice: '" + spec + "' is not RxC or RxC,periodic");
        periodic = true;
        shape = spec.substr(0, comma);
    }
    long long rows = 0, cols = 0;
    int consumed = 0;
    if (std::sscanf(shape.c_str(), "%lldx%lld%n", &rows, &cols, &consumed) != 2 || size_t(consumed) != shape.size() ||
        shape[0] < '0' || shape[0] > '9' || shape.find_first_of("+- ") != std::string::npos)
        throw UsageError("option --lattice: '" + spec + "' is not RxC or RxC,periodic (e.g. 8x8)");
    if (rows < 1 || cols < 1 || rows > (int64_t(1) << 24) || cols > (int64_t(1) << 24))
        throw UsageError("option --lattice: " + spec + " is out of range (1 to 16777216 sites per side)");
    std::vector<int64_t> edges;
    auto add = [&edges](int64_t i, int64_t j) {
        edges.push_back(i);
        edges.push_back(j);
    };
    for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c) {
            const int64_t site = r * cols + c;
            if (c + 1 < cols) add(site, site + 1);
            else if (periodic && cols > 2) add(site, r * cols);  // wrap; with 2 columns it would repeat an edge
            if (r + 1 < rows) add(site, site + cols);
            else if (periodic && rows > 2) add(site, c);
        }
    }
    *sites = rows * cols;
    return edges;
}

// An edge file: k × 2 integers in [0, d).
std::vector<int64_t> file_edges(const std::string &path, int64_t dim) {
    const Matrix table = read_matrix_file(path, ElementTypes::floating_or_integer);
    if (table.cols != 2)
        throw Failure(path + ": " + std::to_string(table.cols) +
                      " columns (2 expected: one pair of coordinate indices per row)");
    std::vector<int64_t> edges(table.values.size());
    for (size_t i = 0; i < table.values.size(); ++i) {
        const double value = table.values[i];
        if (!(value >= 0 && value < double(dim)) || value != std::floor(value)) {
            char shown[32];
            std::snprintf(shown, sizeof shown, "%.17g", value);
            throw Failure(path + ": edge " + std::to_string(i / 2) + " (row " + std::to_string(i / 2 + 1) + "): " +
                          shown + " is not a coordinate index (an integer from 0 to " + std::to_string(dim - 1) +
                          ")");
        }
        edges[i] = int64_t(value);
    }
    return edges;
}

}  // namespace

int run_fit(const std::vector<std::string> &args) {
    if (asks_for_help(args)) return print_usage(kUsage);
    const Arguments arguments(args, kOptions, "fit");
    arguments.require_positional({"DATA"});
    const std::string data_path = arguments.positional()[0];
    const std::string model_path = arguments.required("--output", "-o MODEL");
    const int32_t degree = int32_t(arguments.integer("--degree", 1, OFDM_MAX_DEGREE).value_or(4));
    const int32_t interactions = int32_t(arguments.integer("--interactions", 0, INT32_MAX).value_or(0));
    if (arguments.has("--graph") && arguments.has("--lattice"))
        throw UsageError("--graph and --lattice cannot be used together");
    const bool graph = arguments.has("--graph") || arguments.has("--lattice");
    if (graph && arguments.has("--interactions"))
        throw UsageError("--interactions applies to total-degree bases, not to --graph or --lattice");

    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.coordinates = arguments.choice("--coordinates", {"none", "standardize"}).value_or(options.coordinates);
    options.beta = arguments.real("--beta", 1e-100, 1e100).value_or(options.beta);
    options.ridge = arguments.real("--ridge", 0.0, 1e100).value_or(options.ridge);
    options.time_mode = arguments.choice("--time-mode", {"galerkin", "perturbation"}).value_or(options.time_mode);
    std::vector<int64_t> edges;
    int64_t lattice_sites = 0;
    if (arguments.has("--lattice")) edges = lattice_edges(*arguments.text("--lattice"), &lattice_sites);

    const Matrix data = read_matrix_file(data_path);
    if (arguments.has("--lattice") && lattice_sites != data.cols)
        throw Failure("--lattice " + *arguments.text("--lattice") + " has " + std::to_string(lattice_sites) +
                      " sites, but " + data_path + " has " + std::to_string(data.cols) + " columns");
    if (arguments.has("--graph")) edges = file_edges(*arguments.text("--graph"), data.cols);

    ofdm_basis *raw_basis = nullptr;
    if (graph) {
        check_status(ofdm_basis_create_graph(data.cols, degree, edges.data(), int64_t(edges.size() / 2), &raw_basis),
                     "basis");
    } else {
        check_status(ofdm_basis_create_total_degree(data.cols, degree, interactions, &raw_basis), "basis");
    }
    const BasisHandle basis(raw_basis);

    ProgressBar progress("fit");
    options.progress = progress.callback();
    options.progress_data = progress.data();
    const auto start = std::chrono::steady_clock::now();
    ofdm_model *raw_model = nullptr;
    check_status(ofdm_fit(basis.get(), data.values.data(), data.rows, data.cols, &options, &raw_model), data_path);
    const ModelHandle model(raw_model);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    check_status(ofdm_model_save(model.get(), model_path.c_str()), model_path);
    std::fprintf(stderr, "fit: n = %lld, d = %lld, K = %lld, %.3f s -> %s\n", (long long)data.rows,
                 (long long)data.cols, (long long)ofdm_basis_size(basis.get()), seconds, model_path.c_str());
    return 0;
}

}  // namespace ofdm_cli

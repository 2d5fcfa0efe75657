// `ofdm fit DATA -o MODEL`: read samples, build a basis (or choose one on held-out rows with
// --degree auto), fit, save.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/arguments.h"
#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "cli/data_file.h"
#include "cli/progress_bar.h"
#include "cli/same_file.h"

namespace ofdm_cli {

namespace {

const char kUsage[] =
    "usage: ofdm fit DATA -o MODEL [options]\n"
    "\n"
    "Fits a model to the samples in DATA (n rows of d numbers: a .npy float64/float32 array, or\n"
    "CSV text) and saves it to MODEL. Prints n, d, K and the fit time to stderr.\n"
    "\n"
    "Basis (default: total degree 4, any number of interacting coordinates):\n"
    "  --basis total|adaptive  total: the total-degree basis of --degree (default); adaptive: grow\n"
    "                          the set of functions from the data, scored on held-out rows (see\n"
    "                          \"Adaptive basis\" below)\n"
    "  --degree P|auto         largest total degree of a basis function, 1..64 (default 4);\n"
    "                          auto: choose degree, interaction limit and ridge by the loss on\n"
    "                          held-out rows (see \"Automatic choice\" below)\n"
    "  --interactions Q        at most Q coordinates per basis function; 0 = no limit (default 0).\n"
    "                          With --degree auto, the largest limit tried: limits 1..Q (default\n"
    "                          2; 0 tries only no limit)\n"
    "  --graph EDGES           univariate terms plus pair terms only along the edges in EDGES: one\n"
    "                          pair of 0-based coordinate indices per line, or a 2-column integer\n"
    "                          .npy/CSV array\n"
    "  --lattice RxC[,periodic]\n"
    "                          as --graph, with the nearest-neighbour edges of an R x C grid whose\n"
    "                          site (r, c) is coordinate r*C + c (d must equal R*C)\n"
    "Coordinates:\n"
    "  --coordinates none|standardize|whiten|pca|auto\n"
    "                          map from data to the latent coordinates of the basis (default\n"
    "                          standardize): none; each column to mean 0, variance 1; symmetric\n"
    "                          whitening of the covariance (coordinate j stays tied to column j);\n"
    "                          or the R leading principal components at unit variance; auto\n"
    "                          (--basis adaptive only): grow in standardize and in pca of all d\n"
    "                          components and keep the map whose samples are closer to the\n"
    "                          held-out rows (about twice the time; the choice goes to stderr)\n"
    "  --components R          with pca (required there, refused otherwise): keep R components,\n"
    "                          1..d. The basis is built in R dimensions (--degree, --interactions\n"
    "                          count in R); the model still reads and writes d columns, and its\n"
    "                          samples lie on the principal subspace\n"
    "Fit:\n"
    "  --beta B                inverse temperature of the noising process, > 0 (default 1)\n"
    "  --ridge E               ridge E >= 0: E*tr(G)/K is added to the diagonal (default 0;\n"
    "                          try 1e-8 when the fit reports a singular system). Not with\n"
    "                          --degree auto, which chooses it\n"
    "  --time-mode galerkin|perturbation\n"
    "                          exact system at each t, or first-order in t (default galerkin)\n"
    "  --memory-limit BYTES    refuse, before allocating, a fit estimated to need more than BYTES\n"
    "                          (suffix K, M or G: powers of 1024, e.g. 512M); 0 = physical\n"
    "                          memory only (default 0)\n"
    "Automatic choice (--degree auto; one line on stderr names the choice):\n"
    "  Every total-degree basis of degree 1..P and interaction limit 1..Q, of at most the given\n"
    "  size, with each ridge 0, 1e-8, 1e-6, 1e-4, 1e-2, is fitted on the training rows and scored\n"
    "  on the held-out rows; the best is refitted on all rows (outliers aside, see below).\n"
    "  --max-degree P          largest total degree tried, 1..64 (default 8)\n"
    "  --validation-fraction F share of the rows held out, 0 < F < 1 (default 0.2)\n"
    "  --split-seed S          which rows are held out, 0..2^64-1 (default 0)\n"
    "  --max-basis-size K      skip candidate bases of more than K functions, >= 1 (default 4000)\n"
    "  --keep-outliers         use the outlier rows too (see \"Outliers\"; default: left out)\n"
    "Adaptive basis (--basis adaptive; two lines on stderr name the choice):\n"
    "  From x_j and x_j^2 on every coordinate, functions join in rounds while they lower the loss on\n"
    "  the held-out rows (--validation-fraction, --split-seed as above); the ridge is chosen. Every\n"
    "  row is used (outliers are only warned about).\n"
    "  --max-basis-size K      stop growing at K functions (default 1000)\n"
    "  --interactions Q        at most Q coordinates per function; 0 = no limit (default 0)\n"
    "  --max-rounds N          at most N rounds, >= 0 (default 60)\n"
    "  --max-seconds S         stop growing after S seconds, >= 0; 0 = no limit (default 0)\n"
    "Outliers:\n"
    "  A row is an outlier when, in some column, it lies more than 20 robust units from the\n"
    "  column's median (a unit is 1.4826 times the median absolute deviation: the standard\n"
    "  deviation for Gaussian data, which are never that far out). A warning on stderr names how\n"
    "  many there are and the first (row and column counted from 0). --degree auto leaves them\n"
    "  out of the choice and the fit; a fixed degree uses every row, and such a row sets the\n"
    "  coordinate scale and the high moments. Outliers are rare: a column with more than 1 % of\n"
    "  its values that far out (or more than 1 % of the rows in all; at least 10) flags none.\n"
    "\n"
    "  -o, --output MODEL      the model file to write (atomically, or through to a device or\n"
    "                          FIFO; required; not DATA or EDGES)\n"
    "  -h, --help              this text\n";

const std::vector<OptionSpec> kOptions = {
    {"--output", "-o", true},          {"--degree", nullptr, true},        {"--interactions", nullptr, true},
    {"--graph", nullptr, true},        {"--lattice", nullptr, true},       {"--coordinates", nullptr, true},
    {"--components", nullptr, true},   {"--beta", nullptr, true},          {"--ridge", nullptr, true},
    {"--time-mode", nullptr, true},    {"--memory-limit", nullptr, true},  {"--max-degree", nullptr, true},
    {"--validation-fraction", nullptr, true}, {"--split-seed", nullptr, true}, {"--max-basis-size", nullptr, true},
    {"--keep-outliers", nullptr, false}, {"--basis", nullptr, true},   {"--max-rounds", nullptr, true},
    {"--max-seconds", nullptr, true},
};

// The options that only the adaptive basis reads.
const char *const kAdaptiveOptions[] = {"--max-rounds", "--max-seconds"};

// The options that only the automatic choice reads.
const char *const kSelectionOptions[] = {"--max-degree", "--validation-fraction", "--split-seed", "--max-basis-size",
                                         "--keep-outliers"};

// Indices of the --coordinates choices, in the order of ofdm_coordinates.
const std::vector<const char *> kCoordinates = {"none", "standardize", "whiten", "pca", "auto"};

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

// The fit options of the command line (ridge: only without --degree auto). data_dim is set
// once the data are read.
ofdm_fit_options fit_options(const Arguments &arguments) {
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    options.coordinates = arguments.choice("--coordinates", kCoordinates).value_or(options.coordinates);
    options.beta = arguments.real("--beta", 1e-100, 1e100).value_or(options.beta);
    options.ridge = arguments.real("--ridge", 0.0, 1e100).value_or(options.ridge);
    options.time_mode = arguments.choice("--time-mode", {"galerkin", "perturbation"}).value_or(options.time_mode);
    options.memory_limit = arguments.byte_count("--memory-limit").value_or(options.memory_limit);
    return options;
}

// Options that make no sense together are refused before any file is read.
void check_combinations(const Arguments &arguments, bool automatic, bool adaptive, bool pca, bool choose) {
    if (choose && !adaptive)
        throw UsageError("--coordinates auto applies only to --basis adaptive (it grows a basis in each map it "
                         "compares)");
    if (adaptive) {
        for (const char *option : {"--degree", "--graph", "--lattice", "--ridge", "--max-degree", "--keep-outliers"})
            if (arguments.has(option))
                throw UsageError(std::string(option) + " does not apply to --basis adaptive (it grows its own set" +
                                 (std::string(option) == "--ridge" ? " and chooses the ridge)" : ")"));
    } else {
        for (const char *option : kAdaptiveOptions)
            if (arguments.has(option)) throw UsageError(std::string(option) + " applies only to --basis adaptive");
    }
    if (arguments.has("--graph") && arguments.has("--lattice"))
        throw UsageError("--graph and --lattice cannot be used together");
    const char *graph = arguments.has("--graph") ? "--graph" : arguments.has("--lattice") ? "--lattice" : nullptr;
    if (graph && arguments.has("--interactions"))
        throw UsageError("--interactions applies to total-degree bases, not to --graph or --lattice");
    if (pca && !arguments.has("--components"))
        throw UsageError("--coordinates pca needs --components R (how many principal components to keep, 1 to d)");
    if (!pca && arguments.has("--components"))
        throw UsageError("--components applies only to --coordinates pca");
    if (pca && graph)
        throw UsageError(std::string(graph) + " does not apply to --coordinates pca (principal components are not the "
                         "graph's coordinates; --coordinates whiten keeps coordinate j tied to column j)");
    if (automatic) {
        if (graph)
            throw UsageError("--degree auto chooses a total-degree basis; it does not apply to " + std::string(graph));
        if (arguments.has("--ridge")) throw UsageError("--ridge does not apply to --degree auto (the ridge is chosen)");
    } else if (!adaptive) {
        for (const char *option : kSelectionOptions)
            if (arguments.has(option))
                throw UsageError(std::string(option) + " applies only to --degree auto or --basis adaptive");
    }
    if (adaptive)
        for (const char *option : {"--keep-outliers"})
            if (arguments.has(option)) throw UsageError(std::string(option) + " applies only to --degree auto");
}

ofdm_adaptive_options adaptive_options(const Arguments &arguments) {
    ofdm_adaptive_options options;
    ofdm_adaptive_options_init(&options);
    options.max_basis_size = arguments.integer("--max-basis-size", 1, INT64_MAX).value_or(options.max_basis_size);
    options.max_interaction = int32_t(arguments.integer("--interactions", 0, INT32_MAX).value_or(options.max_interaction));
    options.max_rounds = int32_t(arguments.integer("--max-rounds", 0, INT32_MAX).value_or(options.max_rounds));
    options.max_seconds = arguments.real("--max-seconds", 0.0, 1e100).value_or(options.max_seconds);
    options.validation_fraction = arguments.real("--validation-fraction", 0.0, 1.0).value_or(options.validation_fraction);
    if (!(options.validation_fraction > 0.0 && options.validation_fraction < 1.0))
        throw UsageError("option --validation-fraction: " + *arguments.text("--validation-fraction") +
                         " is out of range (strictly between 0 and 1)");
    options.seed = arguments.unsigned_integer("--split-seed").value_or(options.seed);
    return options;
}

ofdm_select_options select_options(const Arguments &arguments) {
    ofdm_select_options options;
    ofdm_select_options_init(&options);
    options.max_degree = int32_t(arguments.integer("--max-degree", 1, OFDM_MAX_DEGREE).value_or(options.max_degree));
    options.max_interaction = int32_t(arguments.integer("--interactions", 0, INT32_MAX).value_or(options.max_interaction));
    options.validation_fraction = arguments.real("--validation-fraction", 0.0, 1.0).value_or(options.validation_fraction);
    if (!(options.validation_fraction > 0.0 && options.validation_fraction < 1.0))
        throw UsageError("option --validation-fraction: " + *arguments.text("--validation-fraction") +
                         " is out of range (strictly between 0 and 1)");
    options.seed = arguments.unsigned_integer("--split-seed").value_or(options.seed);
    options.max_basis_size = arguments.integer("--max-basis-size", 1, INT64_MAX).value_or(options.max_basis_size);
    options.keep_outliers = arguments.has("--keep-outliers") ? 1 : 0;
    return options;
}

// One stderr line when rows lie far outside the bulk (ofdm_find_outliers; the report of
// --degree auto): how many, the first, how far, and what the fit did with them, in flags.
void warn_about_outliers(int64_t count, int64_t row, int64_t column, double distance, bool automatic,
                         bool kept) {
    if (count == 0) return;
    const char *what = !automatic ? "the fit uses every row, so they set the coordinate scale and the high moments: "
                                    "check them, or use --degree auto, which leaves them out"
                       : kept     ? "used by the automatic choice and the fit (--keep-outliers)"
                                  : "left out of the automatic choice and of the fit (--keep-outliers uses them)";
    std::fprintf(stderr,
                 "fit: warning: %lld row%s more than 20 robust units from the median of a column (outliers; the "
                 "first is row %lld, %.3g units out in column %lld); %s\n",
                 (long long)count, count == 1 ? " lies" : "s lie", (long long)row, distance, (long long)column, what);
}

}  // namespace

int run_fit(const std::vector<std::string> &args) {
    if (asks_for_help(args)) return print_usage(kUsage);
    const Arguments arguments(args, kOptions, "fit");
    arguments.require_positional({"DATA"});
    const std::string data_path = arguments.positional()[0];
    const std::string model_path = arguments.required("--output", "-o MODEL");
    const bool automatic = arguments.text("--degree").value_or("") == "auto";
    const bool adaptive = arguments.choice("--basis", {"total", "adaptive"}).value_or(0) == 1;
    ofdm_fit_options options = fit_options(arguments);
    const bool pca = options.coordinates == OFDM_COORDINATES_PCA;
    check_combinations(arguments, automatic, adaptive, pca, options.coordinates == OFDM_COORDINATES_AUTO);
    // Every option value is checked before the data are read.
    const int64_t components = arguments.integer("--components", 1, INT64_MAX).value_or(0);
    ofdm_select_options selection{};
    if (automatic) selection = select_options(arguments);
    ofdm_adaptive_options growth{};
    if (adaptive) growth = adaptive_options(arguments);
    const bool fixed = !automatic && !adaptive;
    const int32_t degree = !fixed ? 0 : int32_t(arguments.integer("--degree", 1, OFDM_MAX_DEGREE).value_or(4));
    const int32_t interactions = !fixed ? 0 : int32_t(arguments.integer("--interactions", 0, INT32_MAX).value_or(0));
    const bool graph = arguments.has("--graph") || arguments.has("--lattice");
    std::vector<int64_t> edges;
    int64_t lattice_sites = 0;
    if (arguments.has("--lattice")) edges = lattice_edges(*arguments.text("--lattice"), &lattice_sites);
    std::vector<NamedFile> inputs = {{"DATA", data_path}};
    if (arguments.has("--graph")) inputs.push_back({"--graph", *arguments.text("--graph")});
    refuse_output_over_input(inputs, {{"-o", model_path}});

    const Matrix data = read_matrix_file(data_path);
    if (pca && components > data.cols)
        throw Failure("--components " + std::to_string(components) + " is more than the " + std::to_string(data.cols) +
                      " columns of " + data_path);
    if (pca) options.data_dim = data.cols;
    // The basis lives in the latent coordinates: R principal components, or one per column.
    const int64_t latent_dim = pca ? components : data.cols;
    if (arguments.has("--lattice") && lattice_sites != data.cols)
        throw Failure("--lattice " + *arguments.text("--lattice") + " has " + std::to_string(lattice_sites) +
                      " sites, but " + data_path + " has " + std::to_string(data.cols) + " columns");
    if (arguments.has("--graph")) edges = file_edges(*arguments.text("--graph"), data.cols);
    BasisHandle basis;
    if (fixed) {
        ofdm_basis *raw_basis = nullptr;
        if (graph) {
            check_status(ofdm_basis_create_graph(latent_dim, degree, edges.data(), int64_t(edges.size() / 2), &raw_basis),
                         "basis");
        } else {
            check_status(ofdm_basis_create_total_degree(latent_dim, degree, interactions, &raw_basis), "basis");
        }
        basis.reset(raw_basis);
    }

    ProgressBar progress("fit");
    options.progress = progress.callback();
    options.progress_data = progress.data();
    const auto start = std::chrono::steady_clock::now();
    ofdm_model *raw_model = nullptr;
    ofdm_select_report report;
    ofdm_select_report_init(&report);
    if (automatic) {
        selection.latent_dim = pca ? components : 0;
        check_status(ofdm_fit_select(data.values.data(), data.rows, data.cols, data.cols, &options, &selection,
                                     &raw_model, &report),
                     data_path);
        warn_about_outliers(report.outlier_rows, report.first_outlier_row, report.first_outlier_column,
                            report.first_outlier_distance, true, selection.keep_outliers != 0);
    } else {
        if (adaptive) {
            ofdm_adaptive_report grown;
            ofdm_adaptive_report_init(&grown);
            growth.latent_dim = pca ? components : 0;
            check_status(ofdm_fit_adaptive(data.values.data(), data.rows, data.cols, data.cols, &options, &growth,
                                           &raw_model, &grown),
                         data_path);
            static const char *const kStops[] = {"no candidate lowered the held-out loss", "--max-basis-size reached",
                                                 "--max-rounds reached", "--max-seconds reached",
                                                 "--memory-limit reached"};
            std::fprintf(stderr,
                         "fit: adaptive basis of K = %lld after %d rounds (%s), ridge %g; held-out loss %.6g; "
                         "%lld candidates scored\nfit: largest power per coordinate: %s\n",
                         (long long)grown.basis_size, int(grown.rounds),
                         grown.stop >= 0 && grown.stop <= 4 ? kStops[grown.stop] : "?", grown.ridge,
                         grown.validation_loss, (long long)grown.candidates,
                         largest_powers(ofdm_model_basis(raw_model)).c_str());
            if (options.coordinates == OFDM_COORDINATES_AUTO) {
                // One entry per map grown (NaN: not grown; +Inf: its model could not be sampled).
                std::string compared;
                for (const auto &[name, distance] : {std::pair<const char *, double>{"standardize", grown.standardize_distance},
                                                     {"pca", grown.pca_distance}}) {
                    if (std::isnan(distance)) continue;
                    char number[32];
                    std::snprintf(number, sizeof number, "%.4g", distance);
                    compared += std::string(compared.empty() ? "" : ", ") + name + " " +
                                (std::isinf(distance) ? "(its model could not be sampled)" : number);
                }
                std::fprintf(stderr, "fit: coordinates %s chosen (energy distance of samples to held-out rows: %s)\n",
                             kCoordinates[size_t(grown.coordinates)], compared.c_str());
            }
        } else {
            check_status(ofdm_fit(basis.get(), data.values.data(), data.rows, data.cols, &options, &raw_model),
                         data_path);
        }
        // After the fit, which refuses what it cannot represent: a warning is about a model made.
        int64_t outliers = 0, row = -1, column = -1;
        double distance = 0.0;
        const ofdm_status found = ofdm_find_outliers(data.values.data(), data.rows, data.cols, data.cols, &outliers,
                                                     &row, &column, &distance);
        if (found != OFDM_OK) ofdm_model_free(raw_model);
        check_status(found, data_path);
        warn_about_outliers(outliers, row, column, distance, false, true);
    }
    const ModelHandle model(raw_model);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    check_status(ofdm_model_save(model.get(), model_path.c_str()), model_path);
    if (automatic)
        std::fprintf(stderr,
                     "fit: chose degree %d, interaction limit %s, ridge %g, K = %lld; held-out loss %.6g; "
                     "%lld candidates tried, %lld failed\n",
                     int(report.degree), report.interaction == 0 ? "none" : std::to_string(report.interaction).c_str(),
                     report.ridge, (long long)report.basis_size, report.validation_loss, (long long)report.candidates,
                     (long long)report.failed);
    const std::string latent = latent_dim == data.cols ? "" : ", r = " + std::to_string(latent_dim);
    const int64_t fitted = ofdm_model_training_size(model.get());  // fewer when outliers were left out
    const std::string used = fitted == data.rows ? "" : " (" + std::to_string(fitted) + " fitted)";
    std::fprintf(stderr, "fit: n = %lld%s, d = %lld%s, K = %lld, %.3f s -> %s\n", (long long)data.rows, used.c_str(),
                 (long long)data.cols, latent.c_str(), (long long)ofdm_basis_size(ofdm_model_basis(model.get())),
                 seconds, model_path.c_str());
    return 0;
}

}  // namespace ofdm_cli

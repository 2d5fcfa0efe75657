// `ofdm info MODEL [--validate DATA]`: what a model file holds, one item per line, and its
// held-out loss on DATA.
#include <cstdio>
#include <map>
#include <vector>

#include "cli/arguments.h"
#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "cli/data_file.h"

namespace ofdm_cli {

namespace {

const char kUsage[] =
    "usage: ofdm info MODEL [--validate DATA]\n"
    "\n"
    "Prints what the model file holds, one item per line: dimension d of the data, latent\n"
    "dimension r of the basis (d, except r principal components for --coordinates pca), basis\n"
    "size K, the functions it uses (the rank of G(0), docs/DESIGN.md §5) and degrees, beta,\n"
    "coordinates, time mode, ridge, training size, file size, library version.\n"
    "\n"
    "  --validate DATA         also print the model's validation loss on DATA (.npy or CSV, d\n"
    "                          columns): the score-matching loss on held-out rows, integrated\n"
    "                          over noise levels, the criterion of fit --degree auto. Smaller is\n"
    "                          better; it compares models only on the same held-out data (it can\n"
    "                          be negative), and rows the model was fitted on make it optimistic\n"
    "  -h, --help              this text\n";

const std::vector<OptionSpec> kOptions = {{"--validate", nullptr, true}};

const char *coordinates_name(int32_t coordinates) {
    switch (coordinates) {
    case OFDM_COORDINATES_NONE: return "none";
    case OFDM_COORDINATES_STANDARDIZE: return "standardize";
    case OFDM_COORDINATES_WHITEN: return "whiten";
    case OFDM_COORDINATES_PCA: return "pca";
    default: return "unknown";
    }
}

}  // namespace

int run_info(const std::vector<std::string> &args) {
    if (asks_for_help(args)) return print_usage(kUsage);
    const Arguments arguments(args, kOptions, "info");
    arguments.require_positional({"MODEL"});
    const std::string path = arguments.positional()[0];
    const ModelHandle model = load_model(path);
    // The held-out data are read and scored before anything is printed, so a bad file gives
    // one line on stderr and no half listing.
    double validation_loss = 0.0;
    int64_t validation_rows = 0;
    if (arguments.has("--validate")) {
        const std::string data_path = arguments.required("--validate", "--validate DATA");
        const Matrix data = read_matrix_file(data_path);
        require_dimension(data, data_path, ofdm_model_dim(model.get()));
        check_status(ofdm_model_validation_loss(model.get(), data.values.data(), data.rows, data.cols, &validation_loss),
                     data_path);
        validation_rows = data.rows;
    }
    const int64_t bytes = file_size(path);
    const ofdm_basis *basis = ofdm_model_basis(model.get());
    const int64_t dim = ofdm_basis_dim(basis), size = ofdm_basis_size(basis);
    std::vector<int32_t> indices(size_t(dim) * size_t(size));
    check_status(ofdm_basis_indices(basis, indices.data(), dim), path);
    std::map<int64_t, int64_t> per_degree;       // total degree -> count
    std::map<int64_t, int64_t> per_interaction;  // number of coordinates involved -> count
    for (int64_t k = 0; k < size; ++k) {
        int64_t degree = 0, involved = 0;
        for (int64_t j = 0; j < dim; ++j) {
            degree += indices[size_t(k * dim + j)];
            involved += indices[size_t(k * dim + j)] != 0;
        }
        ++per_degree[degree];
        ++per_interaction[involved];
    }
    auto listing = [](const std::map<int64_t, int64_t> &counts) {
        std::string text;
        for (const auto &[key, count] : counts)
            text += (text.empty() ? "" : ", ") + std::to_string(key) + ": " + std::to_string(count);
        return text;
    };
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    check_status(ofdm_model_options(model.get(), &options), path);

    std::printf("file:                   %s\n", path.c_str());
    std::printf("file size:              %lld bytes\n", (long long)bytes);
    std::printf("dimension:              %lld\n", (long long)ofdm_model_dim(model.get()));
    std::printf("latent dimension:       %lld\n", (long long)ofdm_model_latent_dim(model.get()));
    std::printf("basis functions (K):    %lld\n", (long long)size);
    std::printf("functions used (rank):  %lld\n", (long long)ofdm_model_rank(model.get()));
    std::printf("max total degree:       %d\n", int(ofdm_basis_max_degree(basis)));
    std::printf("functions per degree:   %s\n", listing(per_degree).c_str());
    std::printf("functions per coupling: %s (coordinates involved: count)\n", listing(per_interaction).c_str());
    std::printf("largest power:          %s\n", largest_powers(basis).c_str());
    std::printf("beta:                   %.17g\n", ofdm_model_beta(model.get()));
    std::printf("coordinates:            %s\n", coordinates_name(options.coordinates));
    std::printf("time mode:              %s\n",
                options.time_mode == OFDM_TIME_GALERKIN       ? "galerkin"
                : options.time_mode == OFDM_TIME_PERTURBATION ? "perturbation"
                                                              : "unknown");
    std::printf("ridge:                  %.17g\n", options.ridge);
    std::printf("training size:          %lld\n", (long long)ofdm_model_training_size(model.get()));
    std::printf("library version:        %s\n", ofdm_version_string());
    if (arguments.has("--validate"))
        std::printf("validation loss:        %.17g (on %lld held-out rows of %s; smaller is better, comparable "
                    "only between models scored on the same held-out data)\n",
                    validation_loss, (long long)validation_rows, arguments.text("--validate")->c_str());
    return 0;
}

}  // namespace ofdm_cli

// `ofdm loglik MODEL DATA -o OUT.npy`: the model's normalized log-density at every row of DATA,
// carried along the probability-flow ODE.
#include <chrono>
#include <cstdio>

#include "cli/arguments.h"
#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "cli/data_file.h"
#include "cli/progress_bar.h"
#include "cli/same_file.h"
#include "cli/sample_options.h"

namespace ofdm_cli {

namespace {

const char kUsage[] =
    "usage: ofdm loglik MODEL DATA -o OUT.npy [options]\n"
    "\n"
    "Writes the normalized log-density log q(x) of MODEL at each of the n points of DATA (.npy\n"
    "or CSV, d columns) as n float64 values, through the probability-flow ODE (exact up to the\n"
    "integrator's tolerance). Prints their mean to stderr.\n"
    "\n"
    "  -o, --output OUT.npy    the log-densities (written atomically, or through to a device or\n"
    "                          FIFO; required; not MODEL or DATA)\n"
    "  --steps S               initial steps of the adaptive integrator (default 64)\n"
    "  --t-max T               where the flow starts from N(0, 1/beta) (default 8)\n"
    "  --t-min T               the time whose density is wanted (default 0)\n"
    "  --grid geometric|uniform|exponential\n"
    "                          variable of the step control (default exponential)\n"
    "  --tolerance E           local error tolerance, 1e-13..0.1 (default 1e-6)\n"
    "  --no-guard              switch the tail guard off\n"
    "  --seed S                seed (default 0)\n"
    "  --threads T             worker threads; 0 = all cores (default 0)\n"
    "  -h, --help              this text\n";

const std::vector<OptionSpec> kOptions = {
    {"--output", "-o", true},   {"--steps", nullptr, true},     {"--t-max", nullptr, true},
    {"--t-min", nullptr, true}, {"--grid", nullptr, true},      {"--tolerance", nullptr, true},
    {"--no-guard", nullptr, false}, {"--seed", nullptr, true}, {"--threads", nullptr, true},
};

}  // namespace

int run_loglik(const std::vector<std::string> &args) {
    if (asks_for_help(args)) return print_usage(kUsage);
    const Arguments arguments(args, kOptions, "loglik");
    arguments.require_positional({"MODEL", "DATA"});
    const std::string model_path = arguments.positional()[0], data_path = arguments.positional()[1];
    const std::string out_path = arguments.required("--output", "-o OUT.npy");
    ofdm_sample_options options;
    ofdm_flow_options_init(&options);
    apply_common_sample_options(arguments, &options);

    refuse_output_over_input({{"MODEL", model_path}, {"DATA", data_path}}, {{"-o", out_path}});

    const ModelHandle model = load_model(model_path);
    const Matrix data = read_matrix_file(data_path);
    require_dimension(data, data_path, ofdm_model_dim(model.get()));
    Matrix log_q;
    log_q.rows = data.rows;
    log_q.cols = 1;
    log_q.one_dimensional = true;
    log_q.values.resize(size_t(data.rows));
    log_q.values.reserve(1);

    ProgressBar progress("loglik");
    options.progress = progress.callback();
    options.progress_data = progress.data();
    const auto start = std::chrono::steady_clock::now();
    check_status(ofdm_model_log_likelihood(model.get(), data.values.data(), data.rows, data.cols, &options,
                                           log_q.values.data()),
                 data_path);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    write_npy_file(out_path, log_q);
    double sum = 0.0;
    for (const double value : log_q.values) sum += value;
    if (data.rows > 0)
        std::fprintf(stderr, "loglik: mean log-likelihood %.6f over n = %lld points, %.3f s -> %s\n",
                     sum / double(data.rows), (long long)data.rows, seconds, out_path.c_str());
    else
        std::fprintf(stderr, "loglik: no points -> %s\n", out_path.c_str());
    return 0;
}

}  // namespace ofdm_cli

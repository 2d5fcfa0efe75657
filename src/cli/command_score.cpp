// `ofdm score MODEL DATA -o OUT.npy [--t T]`: the score ∇log p_t at every row of DATA.
#include <cmath>

#include "cli/arguments.h"
#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "cli/data_file.h"
#include "cli/same_file.h"

namespace ofdm_cli {

namespace {

const char kUsage[] =
    "usage: ofdm score MODEL DATA -o OUT.npy [--t T]\n"
    "\n"
    "Writes the score (the gradient of log p_t) of MODEL at each of the n points of DATA (.npy or\n"
    "CSV, d columns) as an n x d float64 .npy array, in data coordinates.\n"
    "\n"
    "  --t T                   noise level t >= 0, or inf for the stationary law (default 0)\n"
    "  -o, --output OUT.npy    the scores (written atomically, or through to a device or FIFO;\n"
    "                          required; not MODEL or DATA)\n"
    "  -h, --help              this text\n";

const std::vector<OptionSpec> kOptions = {{"--output", "-o", true}, {"--t", nullptr, true}};

}  // namespace

int run_score(const std::vector<std::string> &args) {
    if (asks_for_help(args)) return print_usage(kUsage);
    const Arguments arguments(args, kOptions, "score");
    arguments.require_positional({"MODEL", "DATA"});
    const std::string model_path = arguments.positional()[0], data_path = arguments.positional()[1];
    const std::string out_path = arguments.required("--output", "-o OUT.npy");
    const double t = arguments.real("--t", 0.0, HUGE_VAL, true).value_or(0.0);

    refuse_output_over_input({{"MODEL", model_path}, {"DATA", data_path}}, {{"-o", out_path}});

    const ModelHandle model = load_model(model_path);
    const Matrix data = read_matrix_file(data_path);
    require_dimension(data, data_path, ofdm_model_dim(model.get()));
    Matrix score;
    score.rows = data.rows;
    score.cols = data.cols;
    score.values.resize(data.values.size());
    score.values.reserve(1);
    check_status(ofdm_model_score(model.get(), t, data.values.data(), data.rows, data.cols, score.values.data(),
                                  score.cols),
                 data_path);
    write_npy_file(out_path, score);
    return 0;
}

}  // namespace ofdm_cli

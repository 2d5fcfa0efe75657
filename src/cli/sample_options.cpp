// Options shared by `ofdm sample` and `ofdm loglik` (sample_options.h).
#include "cli/sample_options.h"

#include <thread>

namespace ofdm_cli {

void apply_common_sample_options(const Arguments &arguments, ofdm_sample_options *options) {
    options->steps = int32_t(arguments.integer("--steps", 1, 10000000).value_or(options->steps));
    options->t_max = arguments.real("--t-max", 0.0, 1e300).value_or(options->t_max);
    options->t_min = arguments.real("--t-min", 0.0, 1e300).value_or(options->t_min);
    options->grid = arguments.choice("--grid", {"geometric", "uniform", "exponential"}).value_or(options->grid);
    if (arguments.has("--no-guard")) options->guard = 0;
    options->seed = arguments.unsigned_integer("--seed").value_or(options->seed);
    options->threads = int32_t(arguments.integer("--threads", 0, 4096).value_or(options->threads));
    options->tolerance = arguments.real("--tolerance", 1e-13, 0.1).value_or(options->tolerance);
}

}  // namespace ofdm_cli

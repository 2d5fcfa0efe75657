// The options that `ofdm sample` and `ofdm loglik` share (time grid, guard, seed, threads, the
// flow's tolerance), applied over defaults already in an ofdm_sample_options.
#pragma once

#include "cli/arguments.h"
#include "ofdm.h"

namespace ofdm_cli {

// Reads --steps, --t-max, --t-min, --grid, --no-guard, --seed, --threads and --tolerance when
// given and overwrites the matching fields; leaves the others as they are.
void apply_common_sample_options(const Arguments &arguments, ofdm_sample_options *options);

}  // namespace ofdm_cli

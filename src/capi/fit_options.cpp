#include "capi/fit_options.h"

#include <cstddef>

#include "capi/firewall.h"

namespace ofdm::capi {

namespace {

// ofdm_fit_options as it was before memory_limit was appended (ofdm 0.1.0): callers built
// against that header pass this size, and keep working (ofdm.h, "Options structs").
constexpr size_t kSizeWithoutMemoryLimit = offsetof(ofdm_fit_options, memory_limit);

bool has_memory_limit(const ofdm_fit_options *options) {
    if (options->struct_size == kSizeWithoutMemoryLimit) return false;
    require_struct_size(options->struct_size, sizeof(ofdm_fit_options), "options", "ofdm_fit_options_init");
    return true;
}

}  // namespace

FitSettings fit_settings_from(const ofdm_fit_options *options, const FitSettings &defaults) {
    FitSettings s = defaults;
    if (!options) return s;
    const bool limited = has_memory_limit(options);
    s.beta = options->beta;
    s.coordinates = options->coordinates;
    s.time_mode = options->time_mode;
    s.ridge = options->ridge;
    s.progress = {options->progress, options->progress_data};
    s.memory_limit = limited ? options->memory_limit : 0;
    return s;
}

void write_fit_options(const FitSettings &settings, ofdm_fit_options *options) {
    const bool limited = has_memory_limit(options);
    options->beta = settings.beta;
    options->coordinates = settings.coordinates;
    options->time_mode = settings.time_mode;
    options->ridge = settings.ridge;
    if (limited) options->memory_limit = settings.memory_limit;
}

}  // namespace ofdm::capi

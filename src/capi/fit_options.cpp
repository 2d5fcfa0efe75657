#include "capi/fit_options.h"

#include <cstddef>

#include "capi/firewall.h"

namespace ofdm::capi {

namespace {

// ofdm_fit_options grew by appending fields: before memory_limit (ofdm 0.1.0), before data_dim,
// and the current layout. Callers built against an older header pass its size and keep working
// (ofdm.h, "Options structs"); the fields they lack take their defaults.
constexpr size_t kSizeWithoutMemoryLimit = offsetof(ofdm_fit_options, memory_limit);
constexpr size_t kSizeWithoutDataDim = offsetof(ofdm_fit_options, data_dim);

// The size of the caller's layout, after checking that it is one of the three.
size_t layout_size(const ofdm_fit_options *options) {
    if (options->struct_size == kSizeWithoutMemoryLimit || options->struct_size == kSizeWithoutDataDim)
        return options->struct_size;
    require_struct_size(options->struct_size, sizeof(ofdm_fit_options), "options", "ofdm_fit_options_init");
    return sizeof(ofdm_fit_options);
}

}  // namespace

FitSettings fit_settings_from(const ofdm_fit_options *options, const FitSettings &defaults) {
    FitSettings s = defaults;
    if (!options) return s;
    const size_t size = layout_size(options);
    s.beta = options->beta;
    s.coordinates = options->coordinates;
    s.time_mode = options->time_mode;
    s.ridge = options->ridge;
    s.progress = {options->progress, options->progress_data};
    s.memory_limit = size > kSizeWithoutMemoryLimit ? options->memory_limit : 0;
    s.data_dim = size > kSizeWithoutDataDim ? options->data_dim : 0;
    return s;
}

void write_fit_options(const FitSettings &settings, ofdm_fit_options *options) {
    const size_t size = layout_size(options);
    options->beta = settings.beta;
    options->coordinates = settings.coordinates;
    options->time_mode = settings.time_mode;
    options->ridge = settings.ridge;
    if (size > kSizeWithoutMemoryLimit) options->memory_limit = settings.memory_limit;
    if (size > kSizeWithoutDataDim) options->data_dim = settings.data_dim;
}

}  // namespace ofdm::capi

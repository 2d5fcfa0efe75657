#include "capi/fit_options.h"

#include <cstddef>

#include "capi/caller_struct.h"

namespace ofdm::capi {

namespace {

// ofdm_fit_options grew by appending fields: the 0.1 layout ends before memory_limit, a 0.2
// development layout before data_dim. Callers built against an older header keep working; the
// fields they lack take their defaults.
constexpr Layouts kFitOptionsLayouts = {offsetof(ofdm_fit_options, memory_limit),
                                        offsetof(ofdm_fit_options, data_dim), sizeof(ofdm_fit_options)};
constexpr const char *kInit = "ofdm_fit_options_init";

// The defaults of every field, as C sees them.
ofdm_fit_options default_fit_options() {
    ofdm_fit_options options{};
    options.struct_size = sizeof options;
    const FitSettings s;
    options.beta = s.beta;
    options.coordinates = s.coordinates;
    options.time_mode = s.time_mode;
    options.ridge = s.ridge;
    options.memory_limit = s.memory_limit;
    options.data_dim = s.data_dim;
    return options;
}

}  // namespace

FitSettings fit_settings_from(const ofdm_fit_options *options, const FitSettings &defaults) {
    FitSettings s = defaults;
    if (!options) return s;
    const ofdm_fit_options o = read_caller_struct(*options, default_fit_options(), kFitOptionsLayouts, "options", kInit);
    s.beta = o.beta;
    s.coordinates = o.coordinates;
    s.time_mode = o.time_mode;
    s.ridge = o.ridge;
    s.progress = {o.progress, o.progress_data};
    s.memory_limit = o.memory_limit;
    s.data_dim = o.data_dim;
    return s;
}

void write_fit_options(const FitSettings &settings, ofdm_fit_options *options) {
    ofdm_fit_options values = default_fit_options();
    values.beta = settings.beta;
    values.coordinates = settings.coordinates;
    values.time_mode = settings.time_mode;
    values.ridge = settings.ridge;
    values.progress = options->progress;  // the caller's callback is left as it is
    values.progress_data = options->progress_data;
    values.memory_limit = settings.memory_limit;
    values.data_dim = settings.data_dim;
    write_caller_struct(*options, values, kFitOptionsLayouts, "options", kInit);
}

}  // namespace ofdm::capi

extern "C" {

OFDM_API ofdm_status ofdm_fit_options_init_sized(ofdm_fit_options *options, size_t size) {
    using namespace ofdm::capi;
    return init_caller_struct(__func__, "options", options, size, default_fit_options(), kFitOptionsLayouts);
}

OFDM_API void(ofdm_fit_options_init)(ofdm_fit_options *options) {
    using namespace ofdm::capi;
    if (options) (void)ofdm_fit_options_init_sized(options, *kFitOptionsLayouts.begin());
}

}  // extern "C"

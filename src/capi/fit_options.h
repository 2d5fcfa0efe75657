// The translation of ofdm_fit_options to the fit's settings and back, shared by the fit, model
// and moments entry points.
#pragma once

#include "model/model.h"
#include "ofdm.h"

namespace ofdm::capi {

// The settings of options, or `defaults` for NULL options. Checks struct_size (caller_struct.h):
// a caller's layout without memory_limit or data_dim gets the defaults of ofdm_fit_options_init.
FitSettings fit_settings_from(const ofdm_fit_options *options, const FitSettings &defaults);

// Writes `settings` into options, whose struct_size is checked first (ofdm_model_options): only
// the fields of the caller's layout. Leaves the progress callback alone.
void write_fit_options(const FitSettings &settings, ofdm_fit_options *options);

}  // namespace ofdm::capi

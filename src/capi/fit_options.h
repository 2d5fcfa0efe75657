// The translation of ofdm_fit_options to the fit's settings and back, shared by the fit, model
// and moments entry points.
#pragma once

#include "model/model.h"
#include "ofdm.h"

namespace ofdm::capi {

// The settings of options, or `defaults` for NULL options. Checks struct_size: the current
// layout, or one before memory_limit or data_dim was appended (its callers get the defaults).
FitSettings fit_settings_from(const ofdm_fit_options *options, const FitSettings &defaults);

// Writes `settings` into options, whose struct_size is checked first (ofdm_model_options);
// memory_limit and data_dim only when the caller's layout has them. Leaves the progress callback alone.
void write_fit_options(const FitSettings &settings, ofdm_fit_options *options);

}  // namespace ofdm::capi

// The translation of ofdm_sample_options to the samplers' settings and of their statistics back
// to ofdm_sample_stats, shared by the sampling and likelihood entry points.
#pragma once

#include "model/flow.h"
#include "model/sampler.h"
#include "ofdm.h"

namespace ofdm::capi {

// The settings of options, or `defaults` for NULL options. Checks struct_size.
SampleSettings sample_settings_from(const ofdm_sample_options *options, const SampleSettings &defaults);

// Writes `settings` into options (the *_options_init functions).
void write_sample_options(const SampleSettings &settings, ofdm_sample_options *options);

// The caller's stats struct, if any, with its struct_size checked (before any work is done).
ofdm_sample_stats *requested_stats(const ofdm_sample_options *options);

void write_flow_stats(const FlowStats &stats, ofdm_sample_stats *report);

}  // namespace ofdm::capi

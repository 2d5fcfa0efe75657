// The translation of ofdm_sample_options to the samplers' settings and of their statistics back
// to ofdm_sample_stats, shared by the sampling and likelihood entry points.
#pragma once

#include "capi/caller_struct.h"
#include "model/flow.h"
#include "model/sampler.h"
#include "ofdm.h"

namespace ofdm::capi {

// Both structs have had one layout since 0.1.
inline constexpr Layouts kSampleOptionsLayouts = {sizeof(ofdm_sample_options)};
inline constexpr Layouts kSampleStatsLayouts = {sizeof(ofdm_sample_stats)};

// The settings of options, or `defaults` for NULL options (and for the fields an older caller's
// layout lacks). Checks struct_size.
SampleSettings sample_settings_from(const ofdm_sample_options *options, const SampleSettings &defaults);

// `settings` as a complete C struct (the *_options_init functions' defaults).
ofdm_sample_options sample_options_struct(const SampleSettings &settings);

// The caller's stats struct, if any, with its struct_size checked (before any work is done).
ofdm_sample_stats *requested_stats(const ofdm_sample_options *options);

// Writes `stats` into the caller's layout of `report` (no-op for NULL).
void write_sample_stats(const ofdm_sample_stats &stats, ofdm_sample_stats *report);
void write_flow_stats(const FlowStats &stats, ofdm_sample_stats *report);

}  // namespace ofdm::capi

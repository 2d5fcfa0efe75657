// Fitting a model (DESIGN §1): the coordinate map, one streaming pass for the moments
// (MomentAccumulator), then the Galerkin system. A fit from an in-memory array is a thin call
// over the accumulator; a fit from out-of-core or distributed data fills an accumulator chunk by
// chunk (and merges or imports shards) and fits from it.
#pragma once

#include <cstdint>
#include <memory>

#include "model/model.h"
#include "model/moment_accumulator.h"

namespace ofdm {

// Checks the inputs (finite samples, enough of them, valid settings, memory) before allocating
// anything large, then builds the model. x: n × dim row-major with leading dimension ldx.
Model fit_model(std::shared_ptr<const Basis> basis, const double *x, int64_t n, int64_t ldx,
                const FitSettings &settings);

// The model of the samples accumulated so far. settings.beta and settings.coordinates must be
// those of the accumulator (OFDM_ERR_INVALID_ARGUMENT otherwise); its count must pass the same
// checks as n above (OFDM_ERR_TOO_FEW_SAMPLES). settings.progress is not used.
Model fit_model(const MomentAccumulator &moments, const FitSettings &settings);

}  // namespace ofdm

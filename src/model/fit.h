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

// The data dimension of settings for a basis of dimension latent_dim (settings.data_dim, 0 for
// latent_dim); OFDM_ERR_INVALID_ARGUMENT unless it equals latent_dim, or is >= it under PCA.
int64_t data_dimension(const FitSettings &settings, int64_t latent_dim);

// The coordinate map settings.coordinates asks for, of the n rows of x (data_dimension columns).
CoordinateMap coordinate_map(const FitSettings &settings, const double *x, int64_t n, int64_t ldx, int64_t latent_dim);

// Checks the inputs (finite samples, enough of them, valid settings, memory) before allocating
// anything large, then builds the model. x: n × d row-major (d = data_dimension) with leading
// dimension ldx.
Model fit_model(std::shared_ptr<const Basis> basis, const double *x, int64_t n, int64_t ldx,
                const FitSettings &settings);

// The model of the samples accumulated so far. settings.beta and settings.coordinates must be
// those of the accumulator (OFDM_ERR_INVALID_ARGUMENT otherwise); its count must pass the same
// checks as n above (OFDM_ERR_TOO_FEW_SAMPLES). settings.progress is not used.
Model fit_model(const MomentAccumulator &moments, const FitSettings &settings);

}  // namespace ofdm

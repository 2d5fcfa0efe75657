// Fitting a model from an in-memory sample array (DESIGN §1): coordinates, one streaming pass
// for the moments, then the Galerkin system.
#pragma once

#include <cstdint>
#include <memory>

#include "model/model.h"

namespace ofdm {

// Checks the inputs (finite samples, enough of them, valid settings, memory) before allocating
// anything large, then builds the model. x: n × dim row-major with leading dimension ldx.
Model fit_model(std::shared_ptr<const Basis> basis, const double *x, int64_t n, int64_t ldx,
                const FitSettings &settings);

}  // namespace ofdm

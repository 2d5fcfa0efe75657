// The structs behind the opaque handles of ofdm.h. A handle owns (or shares) an immutable C++
// object; nothing else lives here.
#pragma once

#include <memory>

#include "math/basis.h"
#include "model/model.h"
#include "model/moment_stream.h"
#include "ofdm.h"

struct ofdm_basis {
    std::shared_ptr<const ofdm::Basis> basis;
};

struct ofdm_model {
    std::unique_ptr<const ofdm::Model> model;
    ofdm_basis basis_view;  // shares the model's basis, handed out by ofdm_model_basis
};

// Unlike the others, this handle is mutable: chunks are added to it (not thread-safe on one
// handle, as the header says).
struct ofdm_moments {
    std::unique_ptr<ofdm::MomentStream> stream;
};

namespace ofdm::capi {

// Moves a model into a new handle (fit and load both end here).
ofdm_model *new_model_handle(ofdm::Model &&model);

}  // namespace ofdm::capi

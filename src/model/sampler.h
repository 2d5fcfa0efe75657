// Drawing new samples from a fitted model (DESIGN §1 "Sampling"): start from π at t_max and
// integrate back to t_min on a geometric (default) or uniform grid, with the reverse SDE or the
// probability-flow ODE, optional Langevin / MALA correctors, a final Tweedie denoising step and
// the tail guard. Each sample draws its randomness from (seed, sample index) only.
#pragma once

#include <cstdint>

#include "model/model.h"
#include "model/parallel_batches.h"

namespace ofdm {

struct SampleSettings {
    int32_t method = OFDM_SAMPLER_SDE;
    int32_t steps = 400;
    double t_max = 5.0;
    double t_min = 1e-3;
    int32_t grid = OFDM_GRID_GEOMETRIC;
    int32_t corrector = OFDM_CORRECTOR_NONE;
    int32_t corrector_steps = 1;
    double corrector_snr = 0.1;
    bool denoise = true;
    bool guard = true;
    uint64_t seed = 0;
    int32_t threads = 0;
    double tolerance = 1e-6;  // the flow functions' local error tolerance (flow.h)
    ProgressReporter progress;
};

struct SampleStats {
    int64_t guarded_steps = 0;    // sample-steps whose drift the guard changed
    int64_t guarded_samples = 0;  // samples guarded at least once
    int64_t corrector_proposals = 0;
    int64_t corrector_accepted = 0;
    int64_t coefficient_nodes = 0;    // Chebyshev nodes for α(t); 0 when solved at every step
    double coefficient_error = 0.0;   // measured relative error of that interpolation
};

// Throws OFDM_ERR_INVALID_ARGUMENT naming the first invalid setting.
void validate_sample_settings(const SampleSettings &settings);

// Writes n samples (data coordinates) to out (leading dimension ldout) and returns the stats.
// Throws OFDM_ERR_CANCELLED, leaving out untouched, when the progress callback asks to stop.
SampleStats sample_model(const Model &model, int64_t n, const SampleSettings &settings, double *out, int64_t ldout);

// The α(t) set-up sample_model makes first for these settings' time grid (solves on the grid, or
// the Chebyshev nodes of its interpolation), kept in the model's cache so that the next call
// with the same grid does not repeat it. Throws the solves' OFDM_ERR_SINGULAR.
void prepare_sampling(const Model &model, const SampleSettings &settings);

}  // namespace ofdm

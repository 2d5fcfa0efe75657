// The probability-flow ODE as a normalizing flow (DESIGN §4, "Likelihood"). In latent
// coordinates the flow dz/dt = v_t(z) = −z − s_t(z)/β = −∇h_t(z)/β carries the log-density by
// d/dt log q_t(z_t) = −div v_t(z_t), div v_t = −Δh_t/β in closed form, so
//   log q_{t0}(z_{t0}) = log π(z_T) + ∫_{t0}^{T} div v_t(z_t) dt,
// where q_T = π and the flow (with the guard of flow_guard.h) maps π at T to the model q_{t0} at
// t0 = t_min. The likelihood integrates a point forward from t0 to T; sampling draws z_T ~ π and
// integrates backward. Each trajectory is integrated on its own with the Dormand–Prince 5(4)
// embedded pair and step-size control in the variable of the settings' grid (default uniform in
// 1 − e^{−t}): steps start at, and never exceed, the grid spacing, and shrink where the error
// estimate demands — most trajectories stay cheap, the few that cross the guard's transition
// zone take small steps.
#pragma once

#include <cstdint>

#include "model/model.h"
#include "model/sampler.h"

namespace ofdm {

// The defaults of the flow functions (ofdm_flow_options_init): T = 8, t_min = 0, 64 initial steps
// on the grid uniform in 1 − e^{−t}, tolerance 1e-6.
SampleSettings flow_default_settings();

// Throws OFDM_ERR_INVALID_ARGUMENT naming the first setting the flow cannot use.
void validate_flow_settings(const SampleSettings &settings);

struct FlowStats {
    int64_t trajectories = 0;
    int64_t accepted_steps = 0;  // summed over trajectories
    int64_t max_steps = 0;       // the most any one trajectory took
    int64_t rejected_steps = 0;
    int64_t guarded_trajectories = 0;  // trajectories the guard's weight touched (w < 1)
    int64_t coefficient_nodes = 0;
    double coefficient_error = 0.0;
};

// out[i] = log q_{t_min}(x_i) in data coordinates (log q of the latent point + log|det W|) for
// the n rows of x. out is written only on success.
FlowStats flow_log_likelihood(const Model &model, const double *x, int64_t n, int64_t ldx,
                              const SampleSettings &settings, double *out);

// n flow samples of q_{t_min} in data coordinates (out, leading dimension ldout) with their
// log-density log_q (data coordinates; may be null). Sample i depends on (seed, i) only.
FlowStats flow_sample(const Model &model, int64_t n, const SampleSettings &settings, double *out, int64_t ldout,
                      double *log_q);

}  // namespace ofdm

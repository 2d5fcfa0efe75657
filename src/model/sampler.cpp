// The samplers (sampler.h, DESIGN §1 "Sampling"). Every move of a point, predictor step, corrector
// proposal and Tweedie step alike, is a base move that is exact for the OU process (z unchanged
// for the flow) plus a learned drift weighted by the tail guard (tail_guard.h) at its start, plus
// noise. The guard also judges the move where it ends (confine): where the noise-free end lies
// beyond the fade zone of the box at the move's end time, the learned drift is dropped and the
// point takes the base move. So the learned drift never carries a point beyond 1.3 box
// half-widths, whatever the step size (DESIGN §4 "Tail guard"; the move's noise comes on top),
// and runs whose moves end inside the fade zone are bit for bit what they were without the check.
#include "sampler.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <sstream>
#include <vector>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/expansion.h"
#include "math/random.h"
#include "model/coefficient_path.h"
#include "model/tail_guard.h"

namespace ofdm {

namespace {

constexpr int64_t kBatch = 64;  // samples advanced together; keeps α(t) and the tables in cache

std::vector<double> time_grid(const SampleSettings &s) {
    const int32_t steps = s.steps;
    std::vector<double> times(size_t(steps) + 1);
    // Uniform in u = 1 − e^{−t} for the exponential grid.
    const double u_max = -std::expm1(-s.t_max), u_min = -std::expm1(-s.t_min);
    for (int32_t i = 0; i <= steps; ++i) {
        const double fraction = double(i) / double(steps);
        if (s.grid == OFDM_GRID_GEOMETRIC)
            times[size_t(i)] = s.t_max * std::pow(s.t_min / s.t_max, fraction);
        else if (s.grid == OFDM_GRID_UNIFORM)
            times[size_t(i)] = s.t_max - fraction * (s.t_max - s.t_min);
        else
            times[size_t(i)] = -std::log1p(-(u_max - fraction * (u_max - u_min)));
    }
    times.front() = s.t_max;  // exactly, whatever the maps round to
    times.back() = s.t_min;
    return times;
}

bool all_finite(const double *v, int64_t count) {
    for (int64_t i = 0; i < count; ++i)
        if (!std::isfinite(v[i])) return false;
    return true;
}

struct Counters {
    std::atomic<int64_t> guarded_steps{0}, guarded_samples{0}, proposals{0}, accepted{0};
};

// Advances one batch of latent samples from t_max to t_min.
class BatchIntegrator {
public:
    BatchIntegrator(const Model &model, const CoefficientPath &path, const std::vector<double> &times,
                    const SampleSettings &settings)
        : model_(model), path_(path), times_(times), s_(settings), d_(model.latent_dim()), beta_(model.settings().beta),
          guard_(model.latent_box(), beta_, settings.guard) {
        const size_t cells = size_t(kBatch * d_);
        g_.resize(cells), g2_.resize(cells), trial_.resize(cells), ends_.resize(cells), noise_.resize(size_t(d_));
        h_.resize(size_t(kBatch)), h2_.resize(size_t(kBatch));
        guarded_.resize(size_t(kBatch));
    }

    // z: count × d latent rows of samples first..first+count−1. Returns false when cancelled.
    bool run(int64_t first, int64_t count, double *z, Counters &counters,
             const std::function<bool(int64_t)> &advance) {
        std::vector<SampleRandom> random;
        for (int64_t i = 0; i < count; ++i) random.emplace_back(s_.seed, uint64_t(first + i));
        std::fill(guarded_.begin(), guarded_.end(), false);
        for (int64_t i = 0; i < count; ++i) {  // Z_T ~ π = N(0, β⁻¹ I)
            random[size_t(i)].normals(z + i * d_, d_);
            for (int64_t j = 0; j < d_; ++j) z[i * d_ + j] /= std::sqrt(beta_);
        }
        const size_t steps = times_.size() - 1;
        for (size_t step = 0; step < steps; ++step) {
            predictor(step, z, count, random, counters);
            for (int32_t c = 0; c < s_.corrector_steps && s_.corrector != OFDM_CORRECTOR_NONE; ++c)
                corrector(step + 1, z, count, random, counters);
            if (!advance(count)) return false;
        }
        if (s_.denoise) denoise(steps, z, count);
        for (int64_t i = 0; i < count; ++i) counters.guarded_samples += guarded_[size_t(i)];
        return true;
    }

private:
    // g = w ∇h_t(z) row by row (h = w h_t when h is not null); true per row where w < 1.
    int64_t guarded_gradient(size_t time_index, const double *z, int64_t count, double *g, double *h,
                             std::vector<bool> *hit) {
        guard_.set_time(times_[time_index]);
        evaluate_expansion(model_.basis(), path_.at(time_index), beta_, z, count, d_, h, g, d_);
        int64_t changed = 0;
        for (int64_t i = 0; i < count; ++i) {
            double w = guard_.weight(z + i * d_);
            // A gradient that overflowed cannot steer: treat the point as outside the box.
            if (w > 0.0 && (!all_finite(g + i * d_, d_) || (h && !std::isfinite(h[i])))) w = 0.0;
            for (int64_t j = 0; j < d_; ++j) g[i * d_ + j] = w > 0.0 ? w * g[i * d_ + j] : 0.0;
            if (h) h[i] = w > 0.0 ? w * h[i] : 0.0;
            if (w < 1.0) {
                ++changed;
                if (hit) (*hit)[size_t(i)] = true;
            }
        }
        return changed;
    }

    // DESIGN §4 "Tail guard", judged where a move ends: end(x, g, e) writes the noise-free end e of
    // the move from row x with learned drift g. Where e is not within reach of the box the guard
    // is set to (the move's end time), the row's drift is dropped (g = 0) and e recomputed: the
    // base move, exact for the OU process. So the learned drift never carries a point beyond the
    // fade zone, whatever the step; points whose moves end inside it are not touched.
    template <class End>
    void confine(const double *z, int64_t count, double *g, double *ends, std::vector<bool> *hit, const End &end) {
        for (int64_t i = 0; i < count; ++i) {
            const double *x = z + i * d_;
            double *drift = g + i * d_, *e = ends + i * d_;
            end(x, drift, e);
            if (guard_.within_reach(e) || std::all_of(drift, drift + d_, [](double v) { return v == 0.0; })) continue;
            std::fill(drift, drift + d_, 0.0);
            end(x, drift, e);
            if (hit) (*hit)[size_t(i)] = true;
        }
    }

    void predictor(size_t step, double *z, int64_t count, std::vector<SampleRandom> &random, Counters &counters) {
        const double delta = times_[step] - times_[step + 1];
        std::vector<bool> hit(size_t(count), false);
        guarded_gradient(step, z, count, g_.data(), nullptr, &hit);
        if (s_.method == OFDM_SAMPLER_ODE_HEUN) {
            // Heun's drift is the mean of those at z and at the Euler end; that end is a move of
            // its own, and where it leaves the fade zone the step is the base step.
            for (int64_t c = 0; c < count * d_; ++c) trial_[size_t(c)] = z[c] + delta * g_[size_t(c)] / beta_;
            guarded_gradient(step + 1, trial_.data(), count, g2_.data(), nullptr, &hit);
            for (int64_t i = 0; i < count; ++i) {
                const bool reached = guard_.within_reach(trial_.data() + i * d_);
                for (int64_t j = 0; j < d_; ++j) {
                    const size_t c = size_t(i * d_ + j);
                    g_[c] = reached ? 0.5 * (g_[c] + g2_[c]) : 0.0;
                }
                if (!reached) hit[size_t(i)] = true;
            }
        }
        // z ← decay z + scale g (+ noise): the exponential integrator of the reverse SDE
        // dZ = [−Z + (2/β) w∇h] dτ + sqrt(2/β) dW̄ with the drift frozen over the step, or the
        // Euler (Heun) step of the flow dZ/dτ = β⁻¹ w∇h, which has no linear part.
        const bool sde = s_.method == OFDM_SAMPLER_SDE;
        const double decay = sde ? std::exp(-delta) : 1.0, scale = sde ? (1.0 - decay) * (2.0 / beta_) : delta / beta_;
        const double spread = std::sqrt((1.0 - decay * decay) / beta_);
        guard_.set_time(times_[step + 1]);
        confine(z, count, g_.data(), trial_.data(), &hit, [&](const double *x, const double *g, double *end) {
            for (int64_t j = 0; j < d_; ++j) end[j] = decay * x[j] + scale * g[j];
        });
        for (int64_t i = 0; i < count; ++i) {
            double *row = z + i * d_;
            const double *next = trial_.data() + i * d_;
            if (sde) random[size_t(i)].normals(noise_.data(), d_);
            for (int64_t j = 0; j < d_; ++j) row[j] = sde ? next[j] + spread * noise_[size_t(j)] : next[j];
            if (hit[size_t(i)]) {
                ++counters.guarded_steps;
                guarded_[size_t(i)] = true;
            }
        }
    }

    // Step size of the corrector at time t: ε = 2 (snr)² σ_t², σ_t² = (1 − e^{−2t})/β. p_t is p_0
    // smoothed by noise of variance σ_t², so no feature of p_t is narrower than σ_t and the move
    // stays local. ε must not depend on the point: an unadjusted Langevin move with a
    // point-dependent step ε(z) samples p/ε, not p (the signal-to-noise rule ε ∝ 1/|s(z)|² would
    // fatten the tails).
    double step_size(double t) const {
        return 2.0 * s_.corrector_snr * s_.corrector_snr * (1.0 - std::exp(-2.0 * t)) / beta_;
    }

    // The Langevin move with step ε for the score −βz + g, integrating the linear part exactly
    // (as the predictor does): mean = a z + (1 − a) g / β, variance (1 − a²)/β, a = e^{−βε}. Its
    // only bias comes from g, so it adds none for the base law; the plain Euler move
    // z + ε s + sqrt(2ε) ξ inflates even a Gaussian's variance by ε²/v per move, which the
    // deterministic ODE path never contracts.
    struct Move {
        double decay, variance;
    };
    Move move(double epsilon) const {
        const double a = std::exp(-beta_ * epsilon);
        return {a, (1.0 - a * a) / beta_};
    }

    // One Langevin (or MALA) move per sample at time index `level`, targeting
    // exp(−β|z|²/2 + w h_t(z)) with the guarded score −βz + w∇h_t as drift.
    void corrector(size_t level, double *z, int64_t count, std::vector<SampleRandom> &random, Counters &counters) {
        const double t = times_[level];
        const bool mala = s_.corrector == OFDM_CORRECTOR_MALA;
        guarded_gradient(level, z, count, g_.data(), mala ? h_.data() : nullptr, nullptr);
        const Move m = move(step_size(t));
        const double scale = (1.0 - m.decay) / beta_;
        const auto mean = [&](const double *x, const double *g, double *end) {
            for (int64_t j = 0; j < d_; ++j) end[j] = m.decay * x[j] + scale * g[j];
        };
        confine(z, count, g_.data(), trial_.data(), nullptr, mean);
        for (int64_t i = 0; i < count; ++i) {
            random[size_t(i)].normals(noise_.data(), d_);
            for (int64_t j = 0; j < d_; ++j) trial_[size_t(i * d_ + j)] += std::sqrt(m.variance) * noise_[size_t(j)];
        }
        if (!mala) {
            for (int64_t i = 0; i < count; ++i)
                if (all_finite(trial_.data() + i * d_, d_))
                    for (int64_t j = 0; j < d_; ++j) z[i * d_ + j] = trial_[size_t(i * d_ + j)];
            return;
        }
        guarded_gradient(level, trial_.data(), count, g2_.data(), h2_.data(), nullptr);
        // The reverse proposal's drift, confined as the forward one is: the kernel is the same
        // function of the point both ways, so the acceptance ratio stays exact.
        confine(trial_.data(), count, g2_.data(), ends_.data(), nullptr, mean);
        for (int64_t i = 0; i < count; ++i) {
            const double *x = z + i * d_, *y = trial_.data() + i * d_, *gx = g_.data() + i * d_, *gy = g2_.data() + i * d_;
            double log_target = h2_[size_t(i)] - h_[size_t(i)], forward = 0.0, backward = 0.0;
            for (int64_t j = 0; j < d_; ++j) {
                log_target -= 0.5 * beta_ * (y[j] * y[j] - x[j] * x[j]);
                const double f = y[j] - m.decay * x[j] - (1.0 - m.decay) / beta_ * gx[j];
                const double b = x[j] - m.decay * y[j] - (1.0 - m.decay) / beta_ * gy[j];
                forward += f * f;
                backward += b * b;
            }
            // log q(x|y) − log q(y|x) for the Gaussian proposals above (equal variances).
            const double log_proposal = (forward - backward) / (2.0 * m.variance);
            const double log_ratio = log_target + log_proposal;
            const double u = random[size_t(i)].uniform();
            ++counters.proposals;
            if (std::isfinite(log_ratio) && all_finite(y, d_) && std::log(u) < log_ratio) {
                ++counters.accepted;
                for (int64_t j = 0; j < d_; ++j) z[i * d_ + j] = y[j];
            }
        }
    }

    // Tweedie: E[z_0 | z_t] = e^{t} (z_t + σ_t² s_t(z_t)), σ_t² = (1 − e^{−2t})/β.
    void denoise(size_t level, double *z, int64_t count) {
        const double t = times_[level], variance = (1.0 - std::exp(-2.0 * t)) / beta_;
        guarded_gradient(level, z, count, g_.data(), nullptr, nullptr);
        const double growth = std::exp(t);
        // Judged against the box at t, as the last step's end was; the base move is e^{−t} z.
        confine(z, count, g_.data(), trial_.data(), nullptr, [&](const double *x, const double *g, double *end) {
            for (int64_t j = 0; j < d_; ++j) end[j] = growth * (x[j] + variance * (g[j] - beta_ * x[j]));
        });
        for (int64_t i = 0; i < count; ++i) {
            double *row = z + i * d_;
            const double *next = trial_.data() + i * d_;
            if (all_finite(next, d_))  // β z can overflow for a point far out
                for (int64_t j = 0; j < d_; ++j) row[j] = next[j];
        }
    }

    const Model &model_;
    const CoefficientPath &path_;
    const std::vector<double> &times_;
    const SampleSettings &s_;
    const int64_t d_;
    const double beta_;
    TailGuard guard_;
    std::vector<double> g_, g2_, trial_, ends_, noise_, h_, h2_;
    std::vector<bool> guarded_;
};

}  // namespace

void validate_sample_settings(const SampleSettings &s) {
    std::ostringstream m;
    if (s.method != OFDM_SAMPLER_SDE && s.method != OFDM_SAMPLER_ODE_HEUN && s.method != OFDM_SAMPLER_ODE_EULER)
        m << "options.method = " << s.method << " is not an ofdm_sampler value";
    else if (s.steps < 1 || s.steps > 10000000)
        m << "options.steps = " << s.steps << " is outside [1, 10^7]";
    else if (!std::isfinite(s.t_max) || !std::isfinite(s.t_min) || !(s.t_min >= 0.0) || !(s.t_max > s.t_min))
        m << "options.t_min = " << s.t_min << ", t_max = " << s.t_max << " must satisfy 0 <= t_min < t_max < inf";
    else if (s.grid != OFDM_GRID_GEOMETRIC && s.grid != OFDM_GRID_UNIFORM && s.grid != OFDM_GRID_EXPONENTIAL)
        m << "options.grid = " << s.grid << " is not an ofdm_time_grid value";
    else if (s.grid == OFDM_GRID_EXPONENTIAL && s.t_max > 30.0)
        m << "options.t_max = " << s.t_max << " exceeds 30, beyond which a grid uniform in 1 - exp(-t) "
          << "cannot resolve t";
    else if (s.grid == OFDM_GRID_GEOMETRIC && !(s.t_min > 0.0))
        m << "options.t_min must be > 0 on a geometric grid";
    else if (s.corrector != OFDM_CORRECTOR_NONE && s.corrector != OFDM_CORRECTOR_LANGEVIN &&
             s.corrector != OFDM_CORRECTOR_MALA)
        m << "options.corrector = " << s.corrector << " is not an ofdm_corrector value";
    else if (s.corrector_steps < 0 || s.corrector_steps > 1000)
        m << "options.corrector_steps = " << s.corrector_steps << " is outside [0, 1000]";
    else if (!(s.corrector_snr > 0.0) || !std::isfinite(s.corrector_snr))
        m << "options.corrector_snr = " << s.corrector_snr << " must be finite and > 0";
    else if (s.threads < 0)
        m << "options.threads = " << s.threads << " is negative (0: all cores)";
    else
        return;
    fail(OFDM_ERR_INVALID_ARGUMENT, m.str());
}

void prepare_sampling(const Model &model, const SampleSettings &settings) {
    validate_sample_settings(settings);
    const std::vector<double> times = time_grid(settings);
    (void)model.coefficient_path(times, [&] { return std::make_shared<const CoefficientPath>(model, times); });
}

SampleStats sample_model(const Model &model, int64_t n, const SampleSettings &settings, double *out, int64_t ldout) {
    validate_sample_settings(settings);
    const int64_t d = model.latent_dim();
    const int64_t cells = checked_mul(n, d, "sample buffer");
    require_memory(checked_mul(cells, 8, "sample buffer"), "the working copy of " + std::to_string(n) + " samples");
    std::vector<double> z(static_cast<size_t>(cells));
    const std::vector<double> times = time_grid(settings);
    const std::shared_ptr<const CoefficientPath> cached =
        model.coefficient_path(times, [&] { return std::make_shared<const CoefficientPath>(model, times); });
    const CoefficientPath &path = *cached;
    Counters counters;
    const int64_t batches = (n + kBatch - 1) / kBatch;
    const int64_t total = checked_mul(n, int64_t(times.size() - 1), "progress units");
    const bool finished = run_batches(
        batches, resolve_threads(settings.threads, batches), total, settings.progress,
        [&](int64_t batch, const std::function<bool(int64_t)> &advance) {
            BatchIntegrator integrator(model, path, times, settings);
            const int64_t first = batch * kBatch, count = std::min(kBatch, n - first);
            integrator.run(first, count, z.data() + first * d, counters, advance);
        });
    if (!finished) fail(OFDM_ERR_CANCELLED, "sampling was cancelled by the progress callback; no sample was written");
    model.coordinates().from_latent(z.data(), n, d, out, ldout);
    SampleStats stats;
    stats.guarded_steps = counters.guarded_steps;
    stats.guarded_samples = counters.guarded_samples;
    stats.corrector_proposals = counters.proposals;
    stats.corrector_accepted = counters.accepted;
    stats.coefficient_nodes = path.nodes();
    stats.coefficient_error = path.measured_error();
    return stats;
}

}  // namespace ofdm

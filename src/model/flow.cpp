#include "flow.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <sstream>
#include <vector>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/expansion.h"
#include "math/random.h"
#include "model/coefficient_curve.h"
#include "model/flow_guard.h"

namespace ofdm {

namespace {

constexpr int64_t kBatch = 64;               // trajectories handed to a worker at a time
constexpr int64_t kMaxSteps = 1000000;       // per trajectory, accepted and rejected
constexpr double kLargestExponentialTime = 30.0;  // 1 − e^{−t} still resolves t below this

// The integration variable s of a time grid, t = time(s), and dt/ds.
struct TimeVariable {
    int32_t grid;
    double from_time(double t) const {
        if (grid == OFDM_GRID_GEOMETRIC) return std::log(t);
        if (grid == OFDM_GRID_UNIFORM) return t;
        return -std::expm1(-t);  // OFDM_GRID_EXPONENTIAL: s = 1 − e^{−t}
    }
    double time(double s) const {
        if (grid == OFDM_GRID_GEOMETRIC) return std::exp(s);
        if (grid == OFDM_GRID_UNIFORM) return s;
        return -std::log1p(-s);
    }
    double rate(double s) const {
        if (grid == OFDM_GRID_GEOMETRIC) return std::exp(s);
        if (grid == OFDM_GRID_UNIFORM) return 1.0;
        return 1.0 / (1.0 - s);
    }
};

// The Dormand–Prince 5(4) pair (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I,
// Table 5.2): seven stages, the last of which is the first of the next step (FSAL).
constexpr double kC[7] = {0.0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0};
constexpr double kA[7][6] = {
    {},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
};
// Fifth-order weights minus the embedded fourth-order ones: the local error estimate.
constexpr double kE[7] = {71.0 / 57600, 0.0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40};

// The right-hand side of the augmented system in the variable s, for y = (z, A):
// dz/ds = (dt/ds) v_t(z), dA/ds = (dt/ds) div v_t(z). One per worker thread.
class FlowField {
public:
    FlowField(const Model &model, const CoefficientCurve &curve, const FlowGuard &guard, TimeVariable variable)
        : model_(model), curve_(curve), guard_(guard), variable_(variable), d_(model.latent_dim()),
          beta_(model.settings().beta), workspace_(model.basis(), beta_) {
        alpha_.resize(size_t(model.basis().size()));
        grad_low_.resize(size_t(d_)), grad_high_.resize(size_t(d_)), guard_gradient_.resize(size_t(d_));
        for (int64_t k = 0; k < model.basis().size(); ++k)
            has_high_ = has_high_ || model.basis()[k].total_degree() > kUnguardedDegree;
    }

    // Returns true when the guard's weight was below 1 where the model has a high-degree part.
    bool evaluate(double s, const double *y, double *dy) {
        const double t = variable_.time(s), scale = -variable_.rate(s) / beta_;
        curve_.at(t, alpha_.data());
        double laplacian[2];
        evaluate_split_derivatives(model_.basis(), alpha_.data(), beta_, y, kUnguardedDegree, grad_low_.data(),
                                   grad_high_.data(), laplacian, workspace_);
        double w = 1.0;
        if (has_high_ && guard_.enabled()) w = guard_.weight(y, t, guard_gradient_.data());
        double divergence = laplacian[0];
        if (w > 0.0) {  // where w = 0 the high part may have overflowed: it must not be touched
            divergence += w * laplacian[1];
            for (int64_t j = 0; j < d_; ++j) divergence += guard_gradient_[size_t(j)] * grad_high_[size_t(j)];
        }
        for (int64_t j = 0; j < d_; ++j)
            dy[j] = scale * (grad_low_[size_t(j)] + (w > 0.0 ? w * grad_high_[size_t(j)] : 0.0));
        dy[d_] = scale * divergence;
        return has_high_ && w < 1.0;
    }

private:
    const Model &model_;
    const CoefficientCurve &curve_;
    const FlowGuard &guard_;
    const TimeVariable variable_;
    const int64_t d_;
    const double beta_;
    ExpansionWorkspace workspace_;
    std::vector<double> alpha_, grad_low_, grad_high_, guard_gradient_;
    bool has_high_ = false;
};

struct Trajectory {
    int64_t accepted = 0, rejected = 0;
    bool guarded = false;
};

// Integrates y (d + 1 values) from s0 to s1, either direction, with steps of at most h_max.
class AdaptiveIntegrator {
public:
    AdaptiveIntegrator(FlowField &field, int64_t size, double tolerance)
        : field_(field), size_(size), tolerance_(tolerance), stages_(size_t(7 * size)), trial_(size_t(size)) {}

    Trajectory run(double s0, double s1, double h_max, double *y, int64_t row) {
        Trajectory result;
        const double direction = s1 > s0 ? 1.0 : -1.0, span = std::fabs(s1 - s0);
        double s = s0, h = h_max;
        double *k = stages_.data();
        result.guarded |= field_.evaluate(s, y, k);
        while (s != s1) {
            const bool last = h >= std::fabs(s1 - s);
            const double step = last ? s1 - s : direction * h;
            for (int stage = 1; stage < 7; ++stage) {
                for (int64_t i = 0; i < size_; ++i) {
                    double sum = 0.0;
                    for (int j = 0; j < stage; ++j) sum += kA[stage][j] * k[j * size_ + i];
                    trial_[size_t(i)] = y[i] + step * sum;
                }
                result.guarded |= field_.evaluate(s + kC[stage] * step, trial_.data(), k + stage * size_);
            }
            // trial_ now holds the fifth-order solution (the last stage's argument).
            double norm = 0.0;
            for (int64_t i = 0; i < size_; ++i) {
                double error = 0.0;
                for (int j = 0; j < 7; ++j) error += kE[j] * k[j * size_ + i];
                const double scale = tolerance_ * (1.0 + std::max(std::fabs(y[i]), std::fabs(trial_[size_t(i)])));
                norm += (step * error / scale) * (step * error / scale);
            }
            norm = std::sqrt(norm / double(size_));
            const bool accept = std::isfinite(norm) && norm <= 1.0;
            if (accept) {
                std::copy(trial_.begin(), trial_.end(), y);
                s = last ? s1 : s + step;
                std::copy(k + 6 * size_, k + 7 * size_, k);  // FSAL
                ++result.accepted;
            } else {
                ++result.rejected;
            }
            double factor = std::isfinite(norm) ? 0.9 * std::pow(std::max(norm, 1e-10), -0.2) : 0.2;
            factor = std::clamp(factor, 0.2, accept ? 5.0 : 1.0);
            h = std::min(std::fabs(step) * factor, h_max);
            if (s != s1 && (h < 1e-12 * span || result.accepted + result.rejected >= kMaxSteps)) {
                std::ostringstream m;
                m << "the flow of row " << row << " did not converge (" << result.accepted << " steps, "
                  << result.rejected << " rejected, step " << h << " at t = " << s
                  << "); raise options.tolerance, or keep options.guard on";
                fail(OFDM_ERR_OVERFLOW, m.str());
            }
        }
        return result;
    }

private:
    FlowField &field_;
    const int64_t size_;
    const double tolerance_;
    std::vector<double> stages_, trial_;
};

struct Counters {
    std::atomic<int64_t> accepted{0}, rejected{0}, max_steps{0}, guarded{0};
    void add(const Trajectory &t) {
        accepted += t.accepted;
        rejected += t.rejected;
        guarded += t.guarded;
        int64_t seen = max_steps.load();
        while (t.accepted > seen && !max_steps.compare_exchange_weak(seen, t.accepted)) {}
    }
};

double log_base_density(const double *z, int64_t d, double beta) {  // log π(z), π = N(0, β⁻¹ I)
    double squared = 0.0;
    for (int64_t j = 0; j < d; ++j) squared += z[j] * z[j];
    return 0.5 * double(d) * std::log(beta / (2.0 * M_PI)) - 0.5 * beta * squared;
}

// Runs `trajectory(index, y)` for every index in batches on the settings' threads, each with its
// own field and integrator, and returns the stats. Throws OFDM_ERR_CANCELLED when asked to stop.
template <class Trajectory_>
FlowStats run_flow(const Model &model, int64_t n, const SampleSettings &settings, Trajectory_ &&trajectory) {
    const TimeVariable variable{settings.grid};
    const std::shared_ptr<const CoefficientCurve> cached = model.coefficient_curve(
        settings.t_min, settings.t_max,
        [&] { return std::make_shared<const CoefficientCurve>(model, settings.t_min, settings.t_max); });
    const CoefficientCurve &curve = *cached;
    const FlowGuard guard(model.latent_box(), model.settings().beta, settings.guard);
    const double s_min = variable.from_time(settings.t_min), s_max = variable.from_time(settings.t_max);
    const double h_max = (s_max - s_min) / double(settings.steps);
    Counters counters;
    const int64_t batches = (n + kBatch - 1) / kBatch;
    const bool finished = run_batches(
        batches, resolve_threads(settings.threads, batches), n, settings.progress,
        [&](int64_t batch, const std::function<bool(int64_t)> &advance) {
            FlowField field(model, curve, guard, variable);
            AdaptiveIntegrator integrator(field, model.latent_dim() + 1, settings.tolerance);
            const int64_t first = batch * kBatch, count = std::min(kBatch, n - first);
            for (int64_t i = first; i < first + count; ++i) {
                counters.add(trajectory(i, integrator, s_min, s_max, h_max));
                if (!advance(1)) return;
            }
        });
    if (!finished) fail(OFDM_ERR_CANCELLED, "the flow was cancelled by the progress callback; nothing was written");
    FlowStats stats;
    stats.trajectories = n;
    stats.accepted_steps = counters.accepted;
    stats.rejected_steps = counters.rejected;
    stats.max_steps = counters.max_steps;
    stats.guarded_trajectories = counters.guarded;
    stats.coefficient_nodes = curve.nodes();
    stats.coefficient_error = curve.measured_error();
    return stats;
}

}  // namespace

SampleSettings flow_default_settings() {
    SampleSettings s;
    s.steps = 64;
    s.t_max = 8.0;
    s.t_min = 0.0;
    s.grid = OFDM_GRID_EXPONENTIAL;
    s.tolerance = 1e-6;
    return s;
}

void validate_flow_settings(const SampleSettings &s) {
    std::ostringstream m;
    if (s.steps < 1 || s.steps > 10000000)
        m << "options.steps = " << s.steps << " is outside [1, 10^7]";
    else if (!std::isfinite(s.t_max) || !std::isfinite(s.t_min) || !(s.t_min >= 0.0) || !(s.t_max > s.t_min))
        m << "options.t_min = " << s.t_min << ", t_max = " << s.t_max << " must satisfy 0 <= t_min < t_max < inf";
    else if (s.grid != OFDM_GRID_GEOMETRIC && s.grid != OFDM_GRID_UNIFORM && s.grid != OFDM_GRID_EXPONENTIAL)
        m << "options.grid = " << s.grid << " is not an ofdm_time_grid value";
    else if (s.grid == OFDM_GRID_GEOMETRIC && !(s.t_min > 0.0))
        m << "options.t_min must be > 0 on a geometric grid";
    else if (s.grid == OFDM_GRID_EXPONENTIAL && s.t_max > kLargestExponentialTime)
        m << "options.t_max = " << s.t_max << " exceeds " << kLargestExponentialTime
          << ", beyond which a grid uniform in 1 - exp(-t) cannot resolve t";
    else if (!(s.tolerance >= 1e-13 && s.tolerance <= 0.1))
        m << "options.tolerance = " << s.tolerance << " is outside [1e-13, 0.1]";
    else if (s.threads < 0)
        m << "options.threads = " << s.threads << " is negative (0: all cores)";
    else
        return;
    fail(OFDM_ERR_INVALID_ARGUMENT, m.str());
}

FlowStats flow_log_likelihood(const Model &model, const double *x, int64_t n, int64_t ldx,
                              const SampleSettings &settings, double *out) {
    validate_flow_settings(settings);
    const int64_t d = model.latent_dim();
    require_finite(x, n, ldx, model.data_dim(), "x");
    const double beta = model.settings().beta, log_det = model.coordinates().log_abs_det();
    std::vector<double> result(static_cast<size_t>(n));
    const FlowStats stats = run_flow(model, n, settings, [&](int64_t i, AdaptiveIntegrator &integrator, double s_min,
                                                              double s_max, double h_max) {
        std::vector<double> y(size_t(d + 1), 0.0);
        model.coordinates().to_latent(x + i * ldx, 1, ldx, y.data(), d);
        const Trajectory t = integrator.run(s_min, s_max, h_max, y.data(), i);
        result[size_t(i)] = log_base_density(y.data(), d, beta) + y[size_t(d)] + log_det;
        return t;
    });
    std::copy(result.begin(), result.end(), out);
    return stats;
}

FlowStats flow_sample(const Model &model, int64_t n, const SampleSettings &settings, double *out, int64_t ldout,
                      double *log_q) {
    validate_flow_settings(settings);
    const int64_t d = model.latent_dim();
    const double beta = model.settings().beta, log_det = model.coordinates().log_abs_det();
    const int64_t cells = checked_mul(n, d, "sample buffer");
    require_memory(checked_mul(cells + n, 8, "sample buffer"), "the working copy of " + std::to_string(n) + " samples");
    std::vector<double> z(static_cast<size_t>(cells)), density(static_cast<size_t>(n));
    const FlowStats stats = run_flow(model, n, settings, [&](int64_t i, AdaptiveIntegrator &integrator, double s_min,
                                                              double s_max, double h_max) {
        std::vector<double> y(size_t(d + 1), 0.0);
        SampleRandom(settings.seed, uint64_t(i)).normals(y.data(), d);  // z_T ~ π = N(0, β⁻¹ I)
        for (int64_t j = 0; j < d; ++j) y[size_t(j)] /= std::sqrt(beta);
        const double log_start = log_base_density(y.data(), d, beta);
        const Trajectory t = integrator.run(s_max, s_min, h_max, y.data(), i);
        // Backwards, A accumulated −∫_{t_min}^{T} div v dt.
        density[size_t(i)] = log_start - y[size_t(d)] + log_det;
        std::copy(y.begin(), y.begin() + d, z.begin() + i * d);
        return t;
    });
    model.coordinates().from_latent(z.data(), n, d, out, ldout);
    if (log_q) std::copy(density.begin(), density.end(), log_q);
    return stats;
}

}  // namespace ofdm

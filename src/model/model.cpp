#include "model.h"

#include <cmath>
#include <sstream>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/expansion.h"

namespace ofdm {

namespace {

void require_time(double t) {
    if (!(t >= 0.0)) {  // also catches NaN
        std::ostringstream message;
        message << "t = " << t << " is not a time in [0, inf]";
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
}

// Rows are processed in chunks so the latent copy of the points stays small.
constexpr int64_t kChunkRows = 1024;

}  // namespace

void validate_settings(const FitSettings &s) {
    std::ostringstream message;
    // 1/β scales every variance of the samplers: outside this range it overflows or underflows.
    if (!(s.beta >= 1e-100 && s.beta <= 1e100))
        message << "options.beta = " << s.beta << " must lie in [1e-100, 1e100]";
    else if (s.coordinates == OFDM_COORDINATES_AUTO)
        message << "OFDM_COORDINATES_AUTO (options.coordinates) chooses the map by growing an adaptive basis in "
                   "each map: only ofdm_fit_adaptive takes it";
    else if (s.coordinates < OFDM_COORDINATES_NONE || s.coordinates > OFDM_COORDINATES_PCA)
        message << "options.coordinates = " << s.coordinates << " is not an ofdm_coordinates value";
    else if (s.time_mode != OFDM_TIME_GALERKIN && s.time_mode != OFDM_TIME_PERTURBATION)
        message << "options.time_mode = " << s.time_mode << " is not an ofdm_time_mode value";
    else if (!(s.ridge >= 0.0) || !std::isfinite(s.ridge))
        message << "options.ridge = " << s.ridge << " must be finite and >= 0";
    else if (s.data_dim < 0)
        message << "options.data_dim = " << s.data_dim << " is negative (0: the basis dimension)";
    else if (s.memory_limit < 0)
        message << "options.memory_limit = " << s.memory_limit << " is negative (0: physical memory)";
    else
        return;
    fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
}

void require_finite(const double *x, int64_t n, int64_t ldx, int64_t dim, const char *name) {
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < dim; ++j)
            if (!std::isfinite(x[i * ldx + j])) {
                std::ostringstream message;
                const double v = x[i * ldx + j];
                message << name << "[" << i << "][" << j << "] is " << (std::isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf")
                        << " (row " << i << ", column " << j << ")";
                fail(OFDM_ERR_NONFINITE_INPUT, message.str());
            }
}

Model::Model(std::shared_ptr<const Basis> basis, CoordinateMap coordinates, FitSettings settings,
             int64_t training_size, LatentBox box, MultiIndexSet moments, std::vector<double> moment_means)
    : basis_(std::move(basis)),
      coordinates_(std::move(coordinates)),
      settings_(settings),
      training_size_(training_size),
      box_(std::move(box)),
      moments_(std::move(moments)),
      moment_means_(std::move(moment_means)) {
    settings_.data_dim = coordinates_.data_dim();
    validate_settings(settings_);
    require_galerkin_memory(*basis_);
    system_ = std::make_unique<const GalerkinSystem>(*basis_, moments_, moment_means_, settings_.beta);
    // DESIGN §5: the functions kept are fixed at t = 0, where the system is closest to singular,
    // so that α(t) is one smooth curve on one subspace.
    active_ = system_->active_set(0.0, settings_.ridge);
    coefficients_at_zero_ = system_->solve(0.0, settings_.ridge, active_);
}

std::vector<double> Model::coefficients_at(double t) const {
    require_time(t);
    if (settings_.time_mode == OFDM_TIME_GALERKIN) return system_->solve(t, settings_.ridge, active_);
    // DESIGN §1, first-order perturbation: α_k(t) = e^{−|k| t} α_k(0).
    std::vector<double> alpha(coefficients_at_zero_);
    for (int64_t k = 0; k < basis_->size(); ++k) alpha[size_t(k)] *= std::exp(-double((*basis_)[k].total_degree()) * t);
    return alpha;
}

void Model::score(double t, const double *x, int64_t n, int64_t ldx, double *out, int64_t ldout) const {
    require_time(t);
    const int64_t d = data_dim(), r = latent_dim();
    require_finite(x, n, ldx, d, "x");
    // Every allocation happens here, before out is touched: a failure leaves it as it was.
    const std::vector<double> alpha = coefficients_at(t);
    const size_t chunk = size_t(std::min(n, kChunkRows) * r);
    std::vector<double> z(chunk), s(chunk), scratch(coordinates_.scratch_size());
    ExpansionWorkspace workspace(*basis_, settings_.beta);
    for (int64_t first = 0; first < n; first += kChunkRows) {
        const int64_t rows = std::min(kChunkRows, n - first);
        coordinates_.to_latent(x + first * ldx, rows, ldx, z.data(), r, &scratch);
        evaluate_expansion(*basis_, alpha.data(), settings_.beta, z.data(), rows, r, nullptr, s.data(), r, &workspace);
        for (int64_t i = 0; i < rows * r; ++i)  // s_z = −β z + ∇h_t
            s[size_t(i)] -= settings_.beta * z[size_t(i)];
        coordinates_.pull_back_gradient(s.data(), rows, r, out + first * ldout, ldout, &scratch);
    }
}

std::shared_ptr<const CoefficientPath> Model::coefficient_path(
    const std::vector<double> &times, const std::function<std::shared_ptr<const CoefficientPath>()> &build) const {
    PathCache &cache = *path_cache_;
    {
        std::lock_guard<std::mutex> lock(cache.mutex);
        if (cache.path && cache.times == times) return cache.path;
    }
    // Built outside the lock: two threads may build the same path once each, but neither waits
    // for the other's solves, and the result is the same.
    std::shared_ptr<const CoefficientPath> path = build();
    std::lock_guard<std::mutex> lock(cache.mutex);
    cache.times = times;
    cache.path = path;
    return path;
}

std::shared_ptr<const CoefficientCurve> Model::coefficient_curve(
    double t_lo, double t_hi, const std::function<std::shared_ptr<const CoefficientCurve>()> &build) const {
    PathCache &cache = *path_cache_;
    {
        std::lock_guard<std::mutex> lock(cache.mutex);
        if (cache.curve && cache.curve_lo == t_lo && cache.curve_hi == t_hi) return cache.curve;
    }
    std::shared_ptr<const CoefficientCurve> curve = build();  // outside the lock, as for paths
    std::lock_guard<std::mutex> lock(cache.mutex);
    cache.curve_lo = t_lo, cache.curve_hi = t_hi;
    cache.curve = curve;
    return curve;
}

void Model::log_density(double t, const double *x, int64_t n, int64_t ldx, double *out) const {
    require_time(t);
    const int64_t d = data_dim(), r = latent_dim();
    require_finite(x, n, ldx, d, "x");
    const std::vector<double> alpha = coefficients_at(t);
    const double beta = settings_.beta;
    // log π(z) = −β|z|²/2 + (r/2) log(β / 2π), then the Jacobian of z = W (x − m).
    const double constant = 0.5 * double(r) * std::log(beta / (2.0 * M_PI)) + coordinates_.log_abs_det();
    std::vector<double> z(size_t(std::min(n, kChunkRows) * r)), scratch(coordinates_.scratch_size());
    ExpansionWorkspace workspace(*basis_, beta);  // allocated before out is touched
    for (int64_t first = 0; first < n; first += kChunkRows) {
        const int64_t rows = std::min(kChunkRows, n - first);
        coordinates_.to_latent(x + first * ldx, rows, ldx, z.data(), r, &scratch);
        evaluate_expansion(*basis_, alpha.data(), beta, z.data(), rows, r, out + first, nullptr, 0, &workspace);
        for (int64_t i = 0; i < rows; ++i) {
            double squared = 0.0;
            for (int64_t j = 0; j < r; ++j) squared += z[size_t(i * r + j)] * z[size_t(i * r + j)];
            out[first + i] += constant - 0.5 * beta * squared;
        }
    }
}

}  // namespace ofdm

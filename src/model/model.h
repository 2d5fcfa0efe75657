// A fitted model (DESIGN §1): basis, coordinate map, β, the data moments and the Galerkin system
// built from them. Immutable once constructed, so every const member is safe to call from many
// threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "math/basis.h"
#include "math/galerkin.h"
#include "math/multi_index.h"
#include "model/coordinates.h"
#include "model/parallel_batches.h"
#include "ofdm.h"

namespace ofdm {

class CoefficientCurve;
class CoefficientPath;

struct FitSettings {
    double beta = 1.0;
    int32_t coordinates = OFDM_COORDINATES_STANDARDIZE;
    int32_t time_mode = OFDM_TIME_GALERKIN;
    double ridge = 0.0;
    int64_t data_dim = 0;       // columns of the data; 0: the basis dimension (PCA: d >= r)
    int64_t memory_limit = 0;   // bytes a fit may take (0: physical memory); not part of the model
    ProgressReporter progress;  // used while fitting only; not part of the model
};

// The smallest axis-aligned box holding the training data in latent coordinates; the samplers'
// tail guard widens it with t (DESIGN §4).
struct LatentBox {
    std::vector<double> lower, upper;
};

// Throws OFDM_ERR_INVALID_ARGUMENT naming the first invalid setting.
void validate_settings(const FitSettings &settings);

class Model {
public:
    // moments must be galerkin_moment_set(*basis) and moment_means its means μ_m, in its order.
    // Builds the Galerkin system, fixes the functions it keeps (its numerical range at t = 0) and
    // solves it at t = 0, so a model that exists can be evaluated (throws OFDM_ERR_SINGULAR
    // when nothing is left to fit, OFDM_ERR_OVERFLOW for a system beyond double range).
    Model(std::shared_ptr<const Basis> basis, CoordinateMap coordinates, FitSettings settings,
          int64_t training_size, LatentBox box, MultiIndexSet moments, std::vector<double> moment_means);

    const Basis &basis() const { return *basis_; }
    const std::shared_ptr<const Basis> &shared_basis() const { return basis_; }
    const CoordinateMap &coordinates() const { return coordinates_; }
    const FitSettings &settings() const { return settings_; }
    int64_t latent_dim() const { return basis_->dim(); }          // r, the basis dimension
    int64_t data_dim() const { return coordinates_.data_dim(); }  // d, the columns of the data
    int64_t training_size() const { return training_size_; }
    const LatentBox &latent_box() const { return box_; }
    const std::vector<double> &moment_means() const { return moment_means_; }
    // The basis functions the model uses, ascending (DESIGN §5), and their number: the
    // numerical rank of G(0). The others have coefficient 0 at every t.
    const std::vector<int64_t> &active_functions() const { return active_; }
    int64_t rank() const { return int64_t(active_.size()); }

    // α(t) for t in [0, ∞]; throws OFDM_ERR_INVALID_ARGUMENT for t < 0 or NaN.
    std::vector<double> coefficients_at(double t) const;

    // ∇_x log p_t at n data points (row-major, leading dimensions ldx, ldout). out is written
    // only after every check has passed.
    void score(double t, const double *x, int64_t n, int64_t ldx, double *out, int64_t ldout) const;

    // log π(z) + h_t(z) + log|det W| at n data points.
    void log_density(double t, const double *x, int64_t n, int64_t ldx, double *out) const;

    // The coefficient path of a sampling grid, built by `build` the first time a grid is asked
    // for and kept for the next call with the same grid (the last one only): for large bases the
    // path costs many solves, and users often sample in several calls. Thread-safe.
    std::shared_ptr<const CoefficientPath> coefficient_path(
        const std::vector<double> &times, const std::function<std::shared_ptr<const CoefficientPath>()> &build) const;

    // The same for the flow's continuous α(t) on [t_lo, t_hi] (the last interval only).
    std::shared_ptr<const CoefficientCurve> coefficient_curve(
        double t_lo, double t_hi, const std::function<std::shared_ptr<const CoefficientCurve>()> &build) const;

private:
    std::shared_ptr<const Basis> basis_;
    CoordinateMap coordinates_;
    FitSettings settings_;
    int64_t training_size_;
    LatentBox box_;
    MultiIndexSet moments_;
    std::vector<double> moment_means_;
    std::unique_ptr<const GalerkinSystem> system_;
    std::vector<int64_t> active_;
    std::vector<double> coefficients_at_zero_;
    // A cache, not state: it never changes what any call returns. Held by pointer so that the
    // model stays movable.
    struct PathCache {
        std::mutex mutex;
        std::vector<double> times;
        std::shared_ptr<const CoefficientPath> path;
        double curve_lo = 0.0, curve_hi = 0.0;
        std::shared_ptr<const CoefficientCurve> curve;
    };
    std::unique_ptr<PathCache> path_cache_ = std::make_unique<PathCache>();
};

// Throws OFDM_ERR_NONFINITE_INPUT naming the first NaN or ±Inf entry of the n × dim array.
void require_finite(const double *x, int64_t n, int64_t ldx, int64_t dim, const char *name);

}  // namespace ofdm

#include "model_selection.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "math/basis.h"
#include "math/checked_size.h"
#include "math/error.h"
#include "math/galerkin.h"
#include "math/random.h"
#include "model/fit.h"
#include "model/moment_accumulator.h"

namespace ofdm {

namespace {


// The held-out Galerkin system: the model's moment set, averaged over the held-out rows.
GalerkinSystem validation_system(const Model &model, const double *x, int64_t n, int64_t ldx) {
    if (n < 1) fail(OFDM_ERR_TOO_FEW_SAMPLES, "the validation set is empty");
    MomentAccumulator held_out(model.shared_basis(), model.coordinates(), model.settings().beta);
    held_out.add(x, n, ldx);
    std::vector<double> means(held_out.sums());
    for (double &m : means) m /= double(n);
    return GalerkinSystem(model.basis(), held_out.moments(), means, model.settings().beta);
}

double loss_at(const Model &model, const GalerkinSystem &system, double t) {
    const int64_t K = system.size();
    std::vector<double> matrix, rhs, product(static_cast<size_t>(K));
    system.assemble_at(t, matrix, rhs);
    const std::vector<double> alpha = model.coefficients_at(t);
    // αᵀ G α from the upper triangle (column-major), then − 2 αᵀ b.
    cblas_dsymv(CblasColMajor, CblasUpper, int(K), 1.0, matrix.data(), int(K), alpha.data(), 1, 0.0, product.data(), 1);
    return cblas_ddot(int(K), alpha.data(), 1, product.data(), 1) - 2.0 * cblas_ddot(int(K), alpha.data(), 1, rhs.data(), 1);
}

}  // namespace

void require_solvable_along_t(const Model &model) {
    constexpr int kChecks = 40;
    const double v_lo = std::log(1e-6), v_hi = std::log(8.0);
    for (int i = 0; i < kChecks; ++i) (void)model.coefficients_at(std::exp(v_lo + (v_hi - v_lo) * i / (kChecks - 1)));
}

LossQuadrature loss_quadrature(int points) {
    LossQuadrature q;
    const double v_lo = std::log(1e-3), step = (std::log(3.0) - v_lo) / (points - 1);
    for (int i = 0; i < points; ++i) {
        const double t = std::exp(v_lo + step * i);
        q.times.push_back(t);
        q.weights.push_back((i == 0 || i == points - 1 ? 0.5 : 1.0) * step * t * -std::expm1(-2.0 * t));
    }
    return q;
}

void split_rows(const double *x, int64_t n, int64_t d, int64_t ldx, double fraction, uint64_t seed,
                std::vector<double> &train, std::vector<double> &held) {
    train.clear();
    held.clear();
    for (int64_t i = 0; i < n; ++i) {
        std::vector<double> &to = SampleRandom(seed, uint64_t(i)).uniform() < fraction ? held : train;
        to.insert(to.end(), x + i * ldx, x + i * ldx + d);
    }
}

double validation_loss_at(const Model &model, const double *x, int64_t n, int64_t ldx, double t) {
    return loss_at(model, validation_system(model, x, n, ldx), t);
}

double validation_loss(const Model &model, const double *x, int64_t n, int64_t ldx) {
    const GalerkinSystem system = validation_system(model, x, n, ldx);
    const LossQuadrature q = loss_quadrature();
    double total = 0.0;
    for (size_t i = 0; i < q.times.size(); ++i) total += q.weights[i] * loss_at(model, system, q.times[i]);
    return total;
}

const std::vector<double> &selection_ridges() {
    static const std::vector<double> ridges{0.0, 1e-8, 1e-6, 1e-4, 1e-2};
    return ridges;
}

Selection select_model(const double *x, int64_t n, int64_t d, int64_t ldx, const FitSettings &settings,
                       const SelectionSettings &s) {
    validate_settings(settings);
    std::ostringstream bad;
    if (s.max_degree < 1 || s.max_degree > OFDM_MAX_DEGREE)
        bad << "options.max_degree = " << s.max_degree << " is outside [1, " << OFDM_MAX_DEGREE << "]";
    else if (s.max_interaction < 0)
        bad << "options.max_interaction = " << s.max_interaction << " is negative";
    else if (!(s.validation_fraction > 0.0 && s.validation_fraction < 1.0))
        bad << "options.validation_fraction = " << s.validation_fraction << " is outside (0, 1)";
    else if (s.max_basis_size < 1)
        bad << "options.max_basis_size = " << s.max_basis_size << " must be >= 1";
    else if (d < 1)
        bad << "d = " << d << " must be >= 1";
    else if (s.latent_dim < 0 || s.latent_dim > d)
        bad << "options.latent_dim = " << s.latent_dim << " is outside [0, d = " << d << "]";
    else if (s.latent_dim != 0 && s.latent_dim != d && settings.coordinates != OFDM_COORDINATES_PCA)
        bad << "options.latent_dim = " << s.latent_dim << " differs from d = " << d
            << ": only PCA coordinates (OFDM_COORDINATES_PCA) reduce the dimension";
    else if (settings.data_dim != 0 && settings.data_dim != d)
        bad << "fit options.data_dim = " << settings.data_dim << " differs from d = " << d << " (0 means d)";
    else if (ldx < d)
        bad << "ldx = " << ldx << " is less than d = " << d;
    if (!bad.str().empty()) fail(OFDM_ERR_INVALID_ARGUMENT, bad.str());
    const int64_t r = s.latent_dim == 0 ? d : s.latent_dim;
    FitSettings fit = settings;
    fit.data_dim = d;
    data_dimension(fit, r);  // only PCA may reduce the dimension
    require_finite(x, n, ldx, d, "x");

    // Row i is held out when its own uniform (seed, i) falls below the fraction: the split does
    // not depend on n, on the order of evaluation or on the thread count.
    std::vector<double> train, held;
    split_rows(x, n, d, ldx, s.validation_fraction, s.seed, train, held);
    const int64_t n_train = int64_t(train.size()) / d, n_held = int64_t(held.size()) / d;
    if (n_train < 2 || n_held < 1)
        fail(OFDM_ERR_TOO_FEW_SAMPLES, "n = " + std::to_string(n) + " leaves " + std::to_string(n_train) +
                                           " training and " + std::to_string(n_held) + " held-out samples");
    const CoordinateMap coordinates = coordinate_map(fit, train.data(), n_train, d, r);
    Selection result;
    result.best = SIZE_MAX;
    result.skipped = 0;
    std::set<std::vector<int32_t>> seen;  // an interaction limit >= the degree repeats a basis
    std::vector<int32_t> limits;
    for (int32_t q = 1; q <= s.max_interaction; ++q) limits.push_back(q);
    if (limits.empty()) limits.push_back(0);
    // Progress counts (basis, ridge) pairs, skipped ones included, so that it ends at its total.
    const int64_t ridges = int64_t(selection_ridges().size());
    const int64_t total = int64_t(limits.size()) * s.max_degree * ridges;
    int64_t done = 0;
    auto report = [&](int64_t more) {
        done += more;
        if (settings.progress.report(done, total)) fail(OFDM_ERR_CANCELLED, "model selection was cancelled by the progress callback");
    };
    for (int32_t q : limits)
        for (int32_t p = 1; p <= s.max_degree; ++p) {
            const int32_t effective = (q == 0 || q >= std::min<int64_t>(p, r)) ? 0 : q;
            if (!seen.insert({p, effective}).second) {
                report(ridges);
                continue;
            }
            std::shared_ptr<const Basis> basis;
            std::optional<MomentAccumulator> moments;
            try {
                basis = std::make_shared<const Basis>(make_total_degree_basis(r, p, effective));
                if (basis->size() <= s.max_basis_size) moments.emplace(basis, coordinates, fit.beta, fit.memory_limit);
            } catch (const Error &e) {
                if (e.status() != OFDM_ERR_TOO_LARGE) throw;
            }
            if (!moments) {  // too large for the options or for memory: so are the higher degrees
                report(ridges * (s.max_degree - p + 1));
                ++result.skipped;
                break;
            }
            moments->add(train.data(), n_train, d);
            for (double ridge : selection_ridges()) {
                SelectionCandidate c{p, effective, ridge, basis->size(), NAN, OFDM_OK};
                try {
                    FitSettings candidate = fit;
                    candidate.ridge = ridge;
                    candidate.progress = ProgressReporter{};
                    const Model model = fit_model(*moments, candidate);
                    // A semi-definite candidate (DESIGN §5) is skipped: its ridged twins are
                    // tried, and a rank cut by rounding must not decide the choice.
                    if (model.rank() < model.basis().size())
                        fail(OFDM_ERR_SINGULAR, "rank " + std::to_string(model.rank()) + " of " +
                                                    std::to_string(model.basis().size()));
                    c.loss = validation_loss(model, held.data(), n_held, d);
                } catch (const Error &e) {
                    c.failure = e.status();
                }
                if (std::isfinite(c.loss) && (result.best == SIZE_MAX || c.loss < result.candidates[result.best].loss))
                    result.best = result.candidates.size();
                result.candidates.push_back(c);
                report(1);
            }
        }
    result.latent_dim = r;
    if (result.best == SIZE_MAX && result.candidates.empty() && result.skipped > 0)
        fail(OFDM_ERR_TOO_LARGE, "every candidate basis was beyond options.max_basis_size, options.memory_limit or "
                                 "memory; the smallest has " + std::to_string(make_total_degree_basis(r, 1, 0).size()) +
                                 " functions");
    if (result.best == SIZE_MAX)
        fail(OFDM_ERR_TOO_FEW_SAMPLES, "no candidate basis could be fitted to " + std::to_string(n_train) +
                                           " training samples");
    return result;
}

Model fit_selected(const double *x, int64_t n, int64_t d, int64_t ldx, const FitSettings &settings,
                   const Selection &selection, size_t *chosen) {
    std::vector<size_t> order;
    for (size_t i = 0; i < selection.candidates.size(); ++i)
        if (std::isfinite(selection.candidates[i].loss)) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return selection.candidates[a].loss < selection.candidates[b].loss;
    });
    std::string last_failure = "no candidate was fitted";
    for (size_t i : order) {
        const SelectionCandidate &c = selection.candidates[i];
        FitSettings candidate = settings;
        candidate.ridge = c.ridge;
        candidate.data_dim = d;
        candidate.progress = ProgressReporter{};
        try {
            auto basis = std::make_shared<const Basis>(make_total_degree_basis(selection.latent_dim, c.degree, c.interaction));
            Model model = fit_model(std::move(basis), x, n, ldx, candidate);
            if (model.rank() < model.basis().size())
                fail(OFDM_ERR_SINGULAR, "the refit has rank " + std::to_string(model.rank()) + " of " +
                                            std::to_string(model.basis().size()));
            require_solvable_along_t(model);
            if (chosen) *chosen = i;
            return model;
        } catch (const Error &e) {
            if (e.status() != OFDM_ERR_SINGULAR && e.status() != OFDM_ERR_OVERFLOW) throw;
            last_failure = e.what();
        }
    }
    fail(OFDM_ERR_SINGULAR, "no selected candidate could be refitted on all the data: " + last_failure);
}

}  // namespace ofdm

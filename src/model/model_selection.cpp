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
#include "model/sampler.h"
#include "math/error.h"
#include "math/galerkin.h"
#include "math/random.h"
#include "math/serial_blas.h"
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
    // αᵀ G α from the upper triangle (column-major), then − 2 αᵀ b. OpenBLAS's threaded dsymv
    // rounds differently at every K, and the choice must not depend on its thread count.
    const SerialBlas serial_blas;
    cblas_dsymv(CblasColMajor, CblasUpper, int(K), 1.0, matrix.data(), int(K), alpha.data(), 1, 0.0, product.data(), 1);
    return cblas_ddot(int(K), alpha.data(), 1, product.data(), 1) - 2.0 * cblas_ddot(int(K), alpha.data(), 1, rhs.data(), 1);
}

// The estimated work of one candidate basis of select_model (K functions, M moments, total degree
// p), in units of one moment summed over one row (about 0.6 ns on the 2-core test machine, where
// the weights below were measured for K = 150..3 500, p = 2..24; within a factor of two).
//  - pass: the training moment pass, M·n_train, and the walk over the K² gradient pairs that
//    builds the moment set, about 5p per pair;
//  - fit, per ridge: the held-out moments, M·n_held, with their moment set; two Galerkin systems
//    (the fit's and the held-out one), about 30p per pair each; and 18 factorizations and solves
//    (the kept set, α(0) and the criterion's 16 times), K³/60 each plus 2p·K² for the assembly.
struct CandidateWork {
    double pass, fit;
};

CandidateWork candidate_work(int64_t K, int64_t M, int32_t p, int64_t n_train, int64_t n_held) {
    const double pairs = double(K) * double(K), moments = double(M);
    const double moment_set = 5.0 * p * pairs, system = 30.0 * p * pairs;
    const double solve = double(K) * pairs / 60.0 + 2.0 * p * pairs;
    return {moments * double(n_train) + moment_set,
            moments * double(n_held) + moment_set + 2.0 * system + 18.0 * solve};
}

}  // namespace

void require_solvable_along_t(const Model &model) {
    constexpr int kChecks = 40;
    const double v_lo = std::log(1e-6), v_hi = std::log(8.0);
    for (int i = 0; i < kChecks; ++i) (void)model.coefficients_at(std::exp(v_lo + (v_hi - v_lo) * i / (kChecks - 1)));
    // The default sampler's own times: G(t) can be indefinite in windows narrower than the grid
    // above (DESIGN §5, "Between the check points"). The path is kept for the first sample.
    prepare_sampling(model, SampleSettings{});
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
                std::vector<double> &train, std::vector<double> &held, const std::vector<int64_t> &left_out) {
    train.clear();
    held.clear();
    auto next_left_out = left_out.begin();
    for (int64_t i = 0; i < n; ++i) {
        if (next_left_out != left_out.end() && *next_left_out == i) {
            ++next_left_out;
            continue;
        }
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

    // DESIGN §4, "Outliers": rows far outside the bulk in robust units would set the coordinate
    // map's spread and the high moments; they are found on all rows and left out of both sets.
    OutlierRows outliers = find_outlier_rows(x, n, ldx, d);
    const bool leave_out = !s.keep_outliers && outliers.count() > 0;
    const std::vector<int64_t> none;
    // Row i is held out when its own uniform (seed, i) falls below the fraction: the split does
    // not depend on n, on the order of evaluation or on the thread count.
    std::vector<double> train, held;
    split_rows(x, n, d, ldx, s.validation_fraction, s.seed, train, held, leave_out ? outliers.rows : none);
    const int64_t n_train = int64_t(train.size()) / d, n_held = int64_t(held.size()) / d;
    if (n_train < 2 || n_held < 1)
        fail(OFDM_ERR_TOO_FEW_SAMPLES,
             "n = " + std::to_string(n) + " leaves " + std::to_string(n_train) + " training and " +
                 std::to_string(n_held) + " held-out samples" +
                 (leave_out ? " once the " + std::to_string(outliers.count()) +
                                  " outlier rows are left out (options.keep_outliers non-zero keeps them)"
                            : std::string()));
    const CoordinateMap coordinates = [&] {
        try {
            return coordinate_map(fit, train.data(), n_train, d, r);
        } catch (const Error &e) {
            // The training rows are a copy, so a statistic beyond double range would be named by
            // its row there. It is beyond range over all rows of x too (a subset's sum of squared
            // deviations is the smaller): that failure names the row as the caller numbers it.
            if (e.status() == OFDM_ERR_OVERFLOW) (void)coordinate_map(fit, x, n, ldx, r);
            throw;
        }
    }();
    Selection result;
    result.best = SIZE_MAX;
    result.skipped = 0;
    result.outliers = std::move(outliers);
    result.outliers_left_out = leave_out;
    // The sweep, planned before it starts: each distinct basis (an interaction limit >= the
    // degree repeats one) in the order tried, each limit's degrees ending at its first basis
    // beyond max_basis_size (a skipped sweep). Progress counts the plan's estimated work
    // (candidate_work), with the total fixed here: high degrees cost far more than low ones.
    struct PlannedBasis {
        int32_t degree, interaction;
        CandidateWork work;
    };
    std::vector<std::vector<PlannedBasis>> sweeps;
    {
        std::set<std::pair<int32_t, int32_t>> seen;
        std::vector<int32_t> limits;
        for (int32_t q = 1; q <= s.max_interaction; ++q) limits.push_back(q);
        if (limits.empty()) limits.push_back(0);
        for (int32_t q : limits) {
            sweeps.emplace_back();
            for (int32_t p = 1; p <= s.max_degree; ++p) {
                const int32_t effective = (q == 0 || q >= std::min<int64_t>(p, r)) ? 0 : q;
                if (!seen.insert({p, effective}).second) continue;
                const int64_t K = total_degree_basis_size(r, p, effective);
                if (K > s.max_basis_size) {  // so are the higher degrees
                    ++result.skipped;
                    break;
                }
                sweeps.back().push_back(
                    {p, effective, candidate_work(K, total_degree_moment_count(r, p, effective), p, n_train, n_held)});
            }
        }
    }
    // Units: the estimate scaled to at most ~2^40 in all, each step at least 1.
    const int64_t ridges = int64_t(selection_ridges().size());
    double planned = 0.0;
    for (const std::vector<PlannedBasis> &sweep : sweeps)
        for (const PlannedBasis &b : sweep) planned += b.work.pass + double(ridges) * b.work.fit;
    const double scale = std::max(1.0, planned / 0x1p40);
    auto units = [scale](double work) { return std::max<int64_t>(1, std::llround(work / scale)); };
    auto sweep_units = [&](const std::vector<PlannedBasis> &sweep, size_t from) {
        int64_t sum = 0;
        for (size_t i = from; i < sweep.size(); ++i) sum += units(sweep[i].work.pass) + ridges * units(sweep[i].work.fit);
        return sum;
    };
    int64_t total = 0;
    for (const std::vector<PlannedBasis> &sweep : sweeps) total += sweep_units(sweep, 0);
    int64_t done = 0;
    auto report = [&](int64_t more) {
        done += more;
        if (settings.progress.report(done, total)) fail(OFDM_ERR_CANCELLED, "model selection was cancelled by the progress callback");
    };
    for (const std::vector<PlannedBasis> &sweep : sweeps)
        for (size_t i = 0; i < sweep.size(); ++i) {
            const int32_t p = sweep[i].degree, effective = sweep[i].interaction;
            std::shared_ptr<const Basis> basis;
            std::optional<MomentAccumulator> moments;
            try {
                basis = std::make_shared<const Basis>(make_total_degree_basis(r, p, effective));
                moments.emplace(basis, coordinates, fit.beta, fit.memory_limit);
            } catch (const Error &e) {
                if (e.status() != OFDM_ERR_TOO_LARGE) throw;
            }
            if (!moments) {  // too large for memory: so are the higher degrees, whose work counts as done
                report(sweep_units(sweep, i));
                ++result.skipped;
                break;
            }
            moments->add(train.data(), n_train, d);
            report(units(sweep[i].work.pass));
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
                report(units(sweep[i].work.fit));
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
    // The refit uses the rows select_model used: all of them, or all but the outliers.
    std::vector<double> kept;
    const double *rows = x;
    int64_t rows_n = n, rows_ld = ldx;
    if (selection.outliers_left_out) {
        const std::vector<int64_t> &out = selection.outliers.rows;
        kept.reserve(size_t(checked_mul(n - int64_t(out.size()), d, "rows kept")));
        auto next = out.begin();
        for (int64_t i = 0; i < n; ++i) {
            if (next != out.end() && *next == i) {
                ++next;
                continue;
            }
            kept.insert(kept.end(), x + i * ldx, x + i * ldx + d);
        }
        rows = kept.data(), rows_n = n - int64_t(out.size()), rows_ld = d;
    }
    std::string last_failure = "no candidate was fitted";
    for (size_t i : order) {
        const SelectionCandidate &c = selection.candidates[i];
        FitSettings candidate = settings;
        candidate.ridge = c.ridge;
        candidate.data_dim = d;
        candidate.progress = ProgressReporter{};
        try {
            auto basis = std::make_shared<const Basis>(make_total_degree_basis(selection.latent_dim, c.degree, c.interaction));
            Model model = fit_model(std::move(basis), rows, rows_n, rows_ld, candidate);
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

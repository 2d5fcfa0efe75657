// Choosing the basis and the ridge without sampling (DESIGN §4, "Choosing the degree"). The
// score-matching loss of a fitted model on held-out data is a closed form in the held-out
// moments: with α(t) from the training fit and G_val(t), b_val(t) assembled from the held-out
// moments exactly as the fit assembles its own,
//     L_val(t) = αᵀ G_val(t) α − 2 αᵀ b_val(t) = E_val |∇h_t − ∇log(p_t/π)|² − C(t),
// where C(t) depends on the held-out data only, so losses compare models of any basis. The
// selection criterion integrates it over t with the weight 1 − e^{−2t} (the variance of the OU
// noise at t, which keeps t → 0, where every polynomial model is worst, from dominating).
#pragma once

#include <cstdint>
#include <vector>

#include "math/robust_statistics.h"
#include "model/model.h"

namespace ofdm {

// L_val(t) of `model` on the n held-out rows of x (data coordinates).
double validation_loss_at(const Model &model, const double *x, int64_t n, int64_t ldx, double t);

// ∫ (1 − e^{−2t}) L_val(t) dt over t in [1e-3, 3], by the trapezoid rule in log t on 16
// geometric points (DESIGN §4's grid).
double validation_loss(const Model &model, const double *x, int64_t n, int64_t ldx);

// The criterion's quadrature: `points` geometric times of [1e-3, 3] and the trapezoid weights in
// log t times 1 − e^{−2t}; validation_loss uses 16 points.
struct LossQuadrature {
    std::vector<double> times, weights;
};
LossQuadrature loss_quadrature(int points = 16);

// Row i of x goes to `held` when its own uniform (seed, i) falls below the fraction, else to
// `train` (both n_set × d, leading dimension d): the split does not depend on n, on the order of
// evaluation or on the thread count. The rows listed in `left_out` (ascending) go to neither.
void split_rows(const double *x, int64_t n, int64_t d, int64_t ldx, double fraction, uint64_t seed,
                std::vector<double> &train, std::vector<double> &held, const std::vector<int64_t> &left_out = {});

// A model at the edge of positive definiteness (ridge 0 at a high degree) may solve at t = 0
// and the loss's times, yet not at some t in between, where the flow or a sampler then fails:
// solves along a geometric grid over the times they use (40 points from the flow's 1e-6 to 8)
// and at every time the default SDE sampler solves at (prepare_sampling: its path is then kept
// for the first sample), and throws the solve's OFDM_ERR_SINGULAR.
void require_solvable_along_t(const Model &model);

struct SelectionSettings {
    int32_t max_degree = 8;         // total degrees 1..max_degree
    int32_t max_interaction = 2;    // interaction limits 1..max_interaction (0: no limit only)
    double validation_fraction = 0.2;
    uint64_t seed = 0;              // which rows are held out: row i by (seed, i) only
    int64_t max_basis_size = 4000;  // larger candidate bases are skipped
    int64_t latent_dim = 0;         // dimension of the candidate bases: 0 for d (PCA: 1..d)
    // false (default): the rows find_outlier_rows flags (math/robust_statistics.h) are left out
    // of the coordinate map, the training and held-out moments and the refit (DESIGN §4,
    // "Outliers"); true: every row is used. They are detected and reported either way.
    bool keep_outliers = false;
};

struct SelectionCandidate {
    int32_t degree, interaction;
    double ridge;
    int64_t basis_size;
    double loss;  // NaN when the fit failed (the status is then in `failure`)
    int32_t failure;
};

struct Selection {
    std::vector<SelectionCandidate> candidates;  // in the order tried
    size_t best;                                 // index of the smallest loss
    int64_t latent_dim;                          // of the candidate bases
    int64_t skipped;                             // degree sweeps ended by size or memory
    OutlierRows outliers;                        // of the n rows, whatever keep_outliers
    bool outliers_left_out = false;              // outliers non-empty and keep_outliers false
};

// The ridges every basis is tried with.
const std::vector<double> &selection_ridges();

// Fits every candidate (total degree, interaction limit, ridge) on the training rows, scores it on
// the held-out rows, and returns the table. settings.ridge is ignored (the ridge is chosen);
// settings.data_dim must be 0 or d. settings.progress is told after each basis's moment pass and
// after each candidate, in units of estimated work (about M·n for a basis of M moments plus K³
// for its solves; candidate_work in model_selection.cpp), with the total fixed before the first
// candidate, so that done/total follows the time spent: the last degrees cost far more than the
// first. Candidate bases beyond max_basis_size or the memory limit end their degree sweep; the
// work of a sweep ended by memory counts as done then (bases beyond max_basis_size are never in
// the total), and the last report has done == total. Outlier rows are found first and, unless selection.keep_outliers, left
// out of everything (the split of the other rows does not change). Throws
// OFDM_ERR_INVALID_ARGUMENT for bad settings, OFDM_ERR_NONFINITE_INPUT, OFDM_ERR_OVERFLOW (the
// rows used are beyond double range for a coordinate map; the message names the row as in x),
// OFDM_ERR_TOO_FEW_SAMPLES when a set is too small or no candidate could be fitted,
// OFDM_ERR_CANCELLED.
Selection select_model(const double *x, int64_t n, int64_t d, int64_t ldx, const FitSettings &settings,
                       const SelectionSettings &selection);

// The model of the chosen candidate refitted on all n rows, but for the outliers when
// selection.outliers_left_out (x must be select_model's). A candidate at the edge of positive
// definiteness (ridge 0 at a high degree) can fail on all of them, at t = 0 or at some t > 0
// (checked on a geometric grid from 1e-6 to 8); the next candidates in order of loss are tried
// then. *chosen (may be null) receives the index used.
Model fit_selected(const double *x, int64_t n, int64_t d, int64_t ldx, const FitSettings &settings,
                   const Selection &selection, size_t *chosen = nullptr);

}  // namespace ofdm

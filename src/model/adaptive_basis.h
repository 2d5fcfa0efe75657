// The adaptive basis (DESIGN §8): the sparse set of eigenfunctions grown from the data instead of
// chosen from a grid. The rows are split into training and held-out sets (as model selection
// does); the set starts from the univariate terms of degree <= 2 (e_j, 2e_j: the Gaussian part of
// each coordinate) and grows in rounds. A round's candidates are the admissible neighbours of the
// set (k + e_j whose lower neighbours k + e_j − e_i are all in it, for any coordinates, so the
// degree can grow in one direction only and any pair of coordinates can interact). Each is
// scored by the closed-form decrease of the training loss its addition gives (a Schur
// complement, no refit), integrated over t; the best are then scored by the change of the
// held-out loss (also closed form), those that lower it are accepted, best first, and the round
// is kept when the held-out criterion of DESIGN §4 improves. Moments are cached: a round sums
// only the moments no earlier round needed, in one pass over each set.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ofdm {

struct AdaptiveSettings {
    int64_t max_basis_size = 1000;  // the set stops growing at this many functions
    int32_t max_rounds = 60;
    int32_t max_per_round = 0;      // functions accepted per round; 0: a tenth of the set, >= 4
    int32_t max_interaction = 0;    // coordinates one function may involve; 0: no limit
    double validation_fraction = 0.2;
    uint64_t seed = 0;              // which rows are held out: row i by (seed, i) only
    double max_seconds = 0.0;       // wall-clock budget of the growth; 0: none
    int64_t latent_dim = 0;         // PCA components; 0: d
    int32_t threads = 0;            // worker threads of the moment passes (0: all cores)
};

enum class AdaptiveStop : int32_t {
    converged = 0,   // no candidate lowered the held-out criterion
    basis_size = 1,  // max_basis_size reached
    rounds = 2,      // max_rounds reached
    time = 3,        // max_seconds reached
    memory = 4,      // the next set would exceed the fit's memory_limit
};

struct AdaptiveResult {
    Model model;                        // refitted on all rows with the chosen set and ridge
    std::vector<double> round_losses;   // held-out criterion after each round (round 0: start set)
    int64_t candidates_scored = 0;      // candidates scored over all rounds
    double ridge = 0.0;                 // chosen by the held-out criterion
    double validation_loss = 0.0;       // of the chosen set and ridge
    AdaptiveStop stop = AdaptiveStop::converged;
    int32_t coordinates = OFDM_COORDINATES_STANDARDIZE;  // the map of the model
    // With OFDM_COORDINATES_AUTO, per ofdm_coordinates kind: the energy distance of the map's
    // samples to the held-out rows (+∞ when the sampler refused its model); NaN for a map not
    // grown (the other kinds, and PCA when it is the standardization up to order and signs).
    std::array<double, 5> coordinate_distances{NAN, NAN, NAN, NAN, NAN};
};

// Grows the basis on the n rows of x (d columns, row-major with leading dimension ldx) in the
// coordinates settings.coordinates asks for, computed from the training rows. With
// OFDM_COORDINATES_AUTO (DESIGN §8, "Coordinates"), in the standardized coordinates and in the
// PCA of all d components (unless that is the standardization up to the order and signs of the
// coordinates), each with an equal share of what is left of max_seconds, and keeps the map whose
// training-row model draws 1 000 samples (SDE sampler, default settings, seed a.seed) closest in
// energy distance to at most 2 000 held-out rows (PCA only when below 0.9 times the
// standardization's); progress then counts the rounds of both
// passes (total 2·max_rounds). latent_dim must then be 0 or d. settings.ridge is
// ignored (chosen among selection_ridges()); settings.progress is told of each round (units:
// rounds, total max_rounds) and can cancel. Deterministic for a seed: the same set on any thread
// count. Throws OFDM_ERR_INVALID_ARGUMENT (a bad setting, max_basis_size below the start set),
// OFDM_ERR_TOO_FEW_SAMPLES (a set too small to fit the start set), OFDM_ERR_TOO_LARGE (the start
// set beyond memory_limit), OFDM_ERR_CANCELLED, and the errors of a fit.
AdaptiveResult fit_adaptive(const double *x, int64_t n, int64_t d, int64_t ldx, const FitSettings &settings,
                            const AdaptiveSettings &adaptive);

}  // namespace ofdm

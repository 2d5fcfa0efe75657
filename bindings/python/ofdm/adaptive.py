"""The adaptive basis: Model.fit_adaptive grows a sparse set of eigenfunctions from the data
instead of choosing a total-degree grid (ofdm_fit_adaptive; ofdm.h, "Adaptive basis")."""
import ctypes

from ._capi import lib
from ._convert import address, points_in
from ._progress import Progress
from ._seed import resolve_seed
from .options import AdaptiveReport, adaptive_options_struct, fit_options_struct, new_adaptive_report_struct
from .selection import SPLIT_SEED_DEFAULT


class ModelAdaptive:
    """The adaptive-basis method of Model."""

    @classmethod
    def fit_adaptive(cls, x, *, max_basis_size=None, max_rounds=None, max_per_round=None, max_interaction=None,
                     validation_fraction=None, seed=None, max_seconds=None, latent_dim=None, threads=None,
                     beta=None, coordinates=None, time_mode=None, memory_limit=None, progress=None):
        """Grows a basis for the n × d samples x from the data, chooses the ridge by the held-out
        criterion, builds the model of the chosen set from all rows, and returns
        (Model, AdaptiveReport).

        The set starts from x_j and x_j² on every latent coordinate; each round adds the
        admissible neighbours (and steps of two along one coordinate) that lower the held-out
        criterion, a round that keeps none tries four more powers of the coordinates grown
        deepest, and the growth stops when nothing does or at a budget (report.stop says which).
        Adaptive options (AdaptiveOptions.defaults(): max_basis_size 1000, max_rounds 60,
        max_per_round 0 = a tenth of the set and at least 4, max_interaction 0 = no limit,
        validation_fraction 0.2, seed 0, max_seconds 0 = no budget, latent_dim 0 = d, threads 0 =
        all cores): max_basis_size must be at least the start set's 2r functions; seed fixes which
        rows are held out (an int, or a numpy.random.Generator to draw it from; None keeps the
        library's 0, as in fit_select); latent_dim is r (with coordinates=Coordinates.PCA or
        "pca", the components kept); the result does not depend on threads. The fit options
        (beta, coordinates, time_mode, memory_limit) apply as in fit_select; the ridge is chosen,
        not given, and a next set beyond memory_limit stops the growth (AdaptiveStop.MEMORY).
        Options left as None keep the library's defaults. A 1-D x is n samples of d = 1.
        progress(done, total) counts rounds (total max_rounds) and may return True to cancel
        between rounds (CancelledError)."""
        x, ldx, _ = points_in(x, "x", None, vector=True)
        seed = resolve_seed(seed, "seed", none=SPLIT_SEED_DEFAULT)
        reporter = Progress(progress)
        fit_options = fit_options_struct(reporter.function, beta=beta, coordinates=coordinates,
                                         time_mode=time_mode, memory_limit=memory_limit)
        adaptive_options = adaptive_options_struct(
            max_basis_size=max_basis_size, max_rounds=max_rounds, max_per_round=max_per_round,
            max_interaction=max_interaction, validation_fraction=validation_fraction, seed=seed,
            max_seconds=max_seconds, latent_dim=latent_dim, threads=threads)
        round_losses = (ctypes.c_double * _round_loss_capacity(adaptive_options))()
        report = new_adaptive_report_struct(round_losses)
        pointer = ctypes.c_void_p()
        status = lib.ofdm_fit_adaptive(address(x), x.shape[0], x.shape[1], ldx, ctypes.byref(fit_options),
                                       ctypes.byref(adaptive_options), ctypes.byref(pointer), ctypes.byref(report))
        reporter.check(status)
        return cls._adopt(pointer.value), AdaptiveReport.from_struct(report)


def _round_loss_capacity(options):
    """Room for every loss the report can hold: the start set's, then one per kept round. A kept
    round adds at least one function (its criterion is lower), so there are at most
    min(max_rounds, max_basis_size) of them; a negative option, which the library refuses by
    name, gets room for the start set's alone."""
    return max(0, min(options.max_rounds, options.max_basis_size)) + 1

"""Model selection without sampling: Model.fit_select chooses the basis and the ridge by the
held-out score-matching loss, and Model.validation_loss scores a model on held-out data
(ofdm_fit_select, ofdm_model_validation_loss; ofdm.h, "Model selection without sampling")."""
import ctypes

from ._capi import lib
from ._convert import address, points_in
from ._progress import Progress
from ._seed import resolve_seed
from .errors import check
from .options import SelectReport, fit_options_struct, new_select_report_struct, select_options_struct

# The held-out split's seed when seed=None: the library's default, so that a selection is
# reproducible unless asked otherwise (unlike a sampling seed, it is not a source of samples).
SPLIT_SEED_DEFAULT = 0


class ModelSelection:
    """The model-selection methods of Model."""

    @classmethod
    def fit_select(cls, x, *, max_degree=None, max_interaction=None, validation_fraction=None, seed=None,
                   max_basis_size=None, latent_dim=None, keep_outliers=None, beta=None, coordinates=None,
                   time_mode=None, memory_limit=None, progress=None):
        """Chooses a total-degree basis (degree and interaction limit) and the ridge for the n × d
        samples x by the held-out criterion, refits the choice on all rows, and returns
        (Model, SelectReport).

        Selection options (SelectOptions.defaults(): max_degree 8, max_interaction 2,
        validation_fraction 0.2, seed 0, max_basis_size 4000, latent_dim 0, keep_outliers False): degrees
        1..max_degree and interaction limits 1..max_interaction are tried; seed fixes which rows
        are held out (an int, or a numpy.random.Generator to draw it from; None keeps the
        library's 0, so that the same data give the same choice: the split is not a sampling
        seed); bases beyond max_basis_size functions are skipped; latent_dim is the basis
        dimension r (0: d; with coordinates=Coordinates.PCA or "pca", the components kept). Rows
        farther than 20 robust units from a column's median (find_outliers) are left out of the
        choice and of the refit, and counted in the report (outlier_rows, first_outlier_row,
        first_outlier_column, first_outlier_distance); keep_outliers=True uses them. The
        fit options (beta, coordinates, time_mode, memory_limit) apply to every candidate; the
        ridge is chosen, not given. Options left as None keep the library's defaults. A 1-D x is
        n samples of d = 1. progress(done, total) counts estimated work, its total fixed before
        the first candidate (ofdm.h, ofdm_fit_select), and may return True to cancel
        (CancelledError)."""
        x, ldx, _ = points_in(x, "x", None, vector=True)
        seed = resolve_seed(seed, "seed", none=SPLIT_SEED_DEFAULT)
        reporter = Progress(progress)
        fit_options = fit_options_struct(reporter.function, beta=beta, coordinates=coordinates,
                                         time_mode=time_mode, memory_limit=memory_limit)
        select_options = select_options_struct(
            max_degree=max_degree, max_interaction=max_interaction, validation_fraction=validation_fraction,
            seed=seed, max_basis_size=max_basis_size, latent_dim=latent_dim, keep_outliers=keep_outliers)
        report = new_select_report_struct()
        pointer = ctypes.c_void_p()
        status = lib.ofdm_fit_select(address(x), x.shape[0], x.shape[1], ldx, ctypes.byref(fit_options),
                                     ctypes.byref(select_options), ctypes.byref(pointer), ctypes.byref(report))
        reporter.check(status)
        return cls._adopt(pointer.value), SelectReport.from_struct(report)

    def validation_loss(self, x):
        """The held-out criterion of this model on the n × d rows x (smaller is better; it may be
        negative): losses of models with different bases on the same rows compare directly. Use
        rows the model was not fitted on, or the loss is optimistic. For d = 1, x may be 1-D."""
        x, ldx, _ = points_in(x, "x", self.dim)
        loss = ctypes.c_double()
        check(lib.ofdm_model_validation_loss(self._live, address(x), x.shape[0], ldx, ctypes.byref(loss)))
        return loss.value

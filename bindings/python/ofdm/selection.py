"""Model selection without sampling: Model.fit_select chooses the basis and the ridge by the
held-out score-matching loss, and Model.validation_loss scores a model on held-out data
(ofdm_fit_select, ofdm_model_validation_loss; ofdm.h, "Model selection without sampling")."""
import ctypes

from ._capi import SelectReportStruct, lib
from ._convert import FLOAT64, address, rows_in
from ._progress import Progress
from .errors import check
from .options import SelectReport, fit_options_struct, select_options_struct


class ModelSelection:
    """The model-selection methods of Model."""

    @classmethod
    def fit_select(cls, x, *, max_degree=None, max_interaction=None, validation_fraction=None, seed=None,
                   max_basis_size=None, latent_dim=None, beta=None, coordinates=None, time_mode=None,
                   memory_limit=None, progress=None):
        """Chooses a total-degree basis (degree and interaction limit) and the ridge for the n × d
        samples x by the held-out criterion, refits the choice on all rows, and returns
        (Model, SelectReport).

        Selection options (SelectOptions.defaults(): max_degree 8, max_interaction 2,
        validation_fraction 0.2, seed 0, max_basis_size 4000, latent_dim 0): degrees
        1..max_degree and interaction limits 1..max_interaction are tried; seed fixes which rows
        are held out; bases beyond max_basis_size functions are skipped; latent_dim is the basis
        dimension r (0: d; with coordinates=Coordinates.PCA, the components kept). The fit
        options (beta, coordinates, time_mode, memory_limit) apply to every candidate; the ridge
        is chosen, not given. Options left as None keep the library's defaults. progress(done,
        total) is called per candidate and may return True to cancel (CancelledError)."""
        x, ldx = rows_in(x, FLOAT64, "x")
        reporter = Progress(progress)
        fit_options = fit_options_struct(reporter.function, beta=beta, coordinates=coordinates,
                                         time_mode=time_mode, memory_limit=memory_limit)
        select_options = select_options_struct(
            max_degree=max_degree, max_interaction=max_interaction, validation_fraction=validation_fraction,
            seed=seed, max_basis_size=max_basis_size, latent_dim=latent_dim)
        report = SelectReportStruct()
        lib.ofdm_select_report_init(ctypes.byref(report))
        pointer = ctypes.c_void_p()
        status = lib.ofdm_fit_select(address(x), x.shape[0], x.shape[1], ldx, ctypes.byref(fit_options),
                                     ctypes.byref(select_options), ctypes.byref(pointer), ctypes.byref(report))
        reporter.check(status)
        return cls._adopt(pointer.value), SelectReport.from_struct(report)

    def validation_loss(self, x):
        """The held-out criterion of this model on the n × d rows x (smaller is better; it may be
        negative): losses of models with different bases on the same rows compare directly. Use
        rows the model was not fitted on, or the loss is optimistic."""
        x, ldx = rows_in(x, FLOAT64, "x", columns=self.dim)
        loss = ctypes.c_double()
        check(lib.ofdm_model_validation_loss(self._live, address(x), x.shape[0], ldx, ctypes.byref(loss)))
        return loss.value

"""ofdm_model: fitting, and the score, log-density, coefficients and latent maps at any time t
(ofdm.h, "Fit" and "Model"). Sampling, the probability flow, files and model selection are in
sampling.py, flow.py, files.py and selection.py."""
import ctypes

import numpy as np

from ._capi import FitOptionsStruct, lib
from ._convert import FLOAT64, address, c_integer, require_disjoint, rows_in, rows_out
from ._handle import Handle
from ._progress import Progress
from .basis import Basis
from .enums import Coordinates
from .errors import check
from .files import ModelFiles
from .flow import ModelFlow
from .options import FitOptions, fit_options_struct
from .sampling import ModelSampling
from .selection import ModelSelection


class Model(Handle, ModelSampling, ModelFlow, ModelFiles, ModelSelection):
    """A fitted model handle, immutable once built: any number of threads may use it at once
    (the C calls release the GIL). Create one with Model.fit, Model.fit_select, Model.load or
    Model.from_bytes; close it with close() or a `with` block, or let it be collected.

    Arrays are n × d, row-major (d = dim, the data dimension); latent arrays are n × r (r =
    latent_dim, the basis dimension: d except for Coordinates.PCA). Times t are floats >= 0 and
    may be math.inf."""

    @classmethod
    def _adopt(cls, pointer):
        return cls(pointer, free=lib.ofdm_model_free)

    @classmethod
    def fit(cls, basis, x, *, beta=None, coordinates=None, time_mode=None, ridge=None, memory_limit=None,
            data_dim=None, progress=None):
        """Fits a model to the n × d samples x (ofdm_fit). Options left as None keep the library's
        defaults (FitOptions.defaults()). memory_limit caps the fit's estimated peak in bytes (0,
        the default: physical memory only); a fit beyond it raises TooLargeError before allocating.
        x has d = basis.dim columns, except with coordinates=Coordinates.PCA, where the basis
        dimension r is the number of principal components kept and d >= r is taken from x's
        shape (data_dim, if given, must equal it). progress(done, total), in samples read, may
        return True to cancel (CancelledError); an exception it raises cancels the fit and is
        raised here."""
        if not isinstance(basis, Basis):
            raise TypeError(f"basis must be an ofdm.Basis, not {type(basis).__name__}")
        data_dim = None if data_dim is None else c_integer(data_dim, 64, "data_dim")
        if data_dim is not None and data_dim > 0:
            columns = data_dim
        elif data_dim is None and coordinates is not None and coordinates == Coordinates.PCA:
            columns = None  # any d: the library checks d >= r
        else:
            columns = basis.dim  # also for a negative data_dim, which the library refuses by name
        x, ldx = rows_in(x, FLOAT64, "x", columns=columns)
        if columns is None:
            data_dim = x.shape[1]
        reporter = Progress(progress)
        options = fit_options_struct(reporter.function, beta=beta, coordinates=coordinates,
                                     time_mode=time_mode, ridge=ridge, memory_limit=memory_limit,
                                     data_dim=data_dim)
        pointer = ctypes.c_void_p()
        status = lib.ofdm_fit(basis._live, address(x), x.shape[0], ldx, ctypes.byref(options),
                              ctypes.byref(pointer))
        reporter.check(status)
        return cls._adopt(pointer.value)

    def score(self, t, x, out=None):
        """∇_x log p_t(x) at the n × d points x, in data coordinates; an n × d array (out, if
        given: a writable row-major float64 array that does not overlap x)."""
        x, ldx = rows_in(x, FLOAT64, "x", columns=self.dim)
        out, ldout = rows_out(out, x.shape[0], x.shape[1])
        require_disjoint(x, out, same_allowed=False)
        check(lib.ofdm_model_score(self._live, float(t), address(x), x.shape[0], ldx, address(out), ldout))
        return out

    def log_density(self, t, x):
        """log p_t(x) at the n × d points x, up to an additive constant that depends on t only
        (exact and normalized at t = inf); a length-n array."""
        x, ldx = rows_in(x, FLOAT64, "x", columns=self.dim)
        out = np.empty(x.shape[0], dtype=FLOAT64)
        check(lib.ofdm_model_log_density(self._live, float(t), address(x), x.shape[0], ldx, address(out)))
        return out

    def coefficients(self, t):
        """The K coefficients α(t) of the basis functions, in basis order."""
        alpha = np.empty(lib.ofdm_basis_size(lib.ofdm_model_basis(self._live)), dtype=FLOAT64)
        check(lib.ofdm_model_coefficients(self._live, float(t), address(alpha)))
        return alpha

    def to_latent(self, x, out=None):
        """z = W (x − m) for n × d data points: an n × r array (out, if given: an n × r
        row-major float64 array; it may be x itself when r == d, or x[:, :r], in place)."""
        return self._map(lib.ofdm_model_to_latent, x, "x", self.dim, out, self.latent_dim)

    def from_latent(self, z, out=None):
        """x = m + W⁺ z for n × r latent points: an n × d array (W⁺ = W⁻¹ except for PCA, whose
        points land on the principal subspace). out may be z itself when r == d (in place)."""
        return self._map(lib.ofdm_model_from_latent, z, "z", self.latent_dim, out, self.dim)

    def _map(self, function, points, name, columns_in, out, columns_out):
        points, ld = rows_in(points, FLOAT64, name, columns=columns_in)
        out, ldout = rows_out(out, points.shape[0], columns_out)
        require_disjoint(points, out, same_allowed=True)
        check(function(self._live, address(points), points.shape[0], ld, address(out), ldout))
        return out

    @property
    def basis(self):
        """The model's own basis, borrowed: usable while the model is open; never freed by it."""
        return Basis(lib.ofdm_model_basis(self._live), owner=self)

    @property
    def dim(self):
        """Dimension d of the data (the columns of x in every call)."""
        return lib.ofdm_model_dim(self._live)

    @property
    def latent_dim(self):
        """Dimension r of the latent coordinates, the basis dimension: d except for PCA."""
        return lib.ofdm_model_latent_dim(self._live)

    @property
    def beta(self):
        """Inverse temperature β."""
        return lib.ofdm_model_beta(self._live)

    @property
    def training_size(self):
        """Number of samples the model was fitted on."""
        return lib.ofdm_model_training_size(self._live)

    @property
    def options(self):
        """The FitOptions the model was built with (ofdm_model_options)."""
        struct = FitOptionsStruct()
        lib.ofdm_fit_options_init(ctypes.byref(struct))  # sets struct_size, as the call requires
        check(lib.ofdm_model_options(self._live, ctypes.byref(struct)))
        return FitOptions.from_struct(struct)

    def __repr__(self):
        if self.closed:
            return "<ofdm.Model (closed)>"
        return f"<ofdm.Model dim={self.dim} size={lib.ofdm_basis_size(lib.ofdm_model_basis(self._live))} " \
               f"beta={self.beta} training_size={self.training_size}>"


fit = Model.fit
fit_select = Model.fit_select
load = Model.load
from_bytes = Model.from_bytes

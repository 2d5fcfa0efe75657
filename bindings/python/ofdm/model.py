"""ofdm_model: fitting, and the score, log-density, coefficients and latent maps at any time t
(ofdm.h, "Fit" and "Model"). Sampling, the probability flow, files, model selection and the
adaptive basis are in sampling.py, flow.py, files.py, selection.py and adaptive.py."""
import ctypes

import numpy as np

from ._capi import lib
from ._convert import FLOAT64, address, c_integer, c_real, points_in, require_disjoint, rows_out, vector_out
from ._handle import Handle
from ._progress import Progress
from .adaptive import ModelAdaptive
from .basis import Basis
from .enums import Coordinates, enum_value
from .errors import check
from .files import ModelFiles
from .flow import ModelFlow
from .options import FitOptions, fit_options_struct, new_fit_options_struct
from .sampling import ModelSampling
from .selection import ModelSelection


class Model(Handle, ModelSampling, ModelFlow, ModelFiles, ModelSelection, ModelAdaptive):
    """A fitted model handle, immutable once built: any number of threads may use it at once
    (the C calls release the GIL). Create one with Model.fit, Model.fit_select,
    Model.fit_adaptive, Model.load or Model.from_bytes; close it with close() or a `with` block, or let it be collected.

    Arrays are n × d, row-major (d = dim, the data dimension); latent arrays are n × r (r =
    latent_dim, the basis dimension: d except for Coordinates.PCA). Where that dimension is 1, a
    1-D array of n values is taken as n × 1, and a per-point result of a 1-D input is 1-D too
    (score of shape (n,) gives (n,)). Times t are real numbers >= 0 (int, float, NumPy real
    scalars) and may be math.inf; a str, complex, bool, None or array is a TypeError."""

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
        shape (data_dim, if given, must equal it); a 1-D x is n samples of d = 1. coordinates
        and time_mode take an enum member, its name ("pca", "standardize", "whiten", "none";
        "galerkin", "perturbation") or an int. progress(done, total), in samples read, may
        return True to cancel (CancelledError); an exception it raises cancels the fit and is
        raised here."""
        if not isinstance(basis, Basis):
            raise TypeError(f"basis must be an ofdm.Basis, not {type(basis).__name__}")
        data_dim = None if data_dim is None else c_integer(data_dim, 64, "data_dim")
        coordinates = None if coordinates is None else enum_value(Coordinates, coordinates, "coordinates")
        if data_dim is not None and data_dim > 0:
            columns = data_dim
        elif data_dim is None and coordinates == Coordinates.PCA:
            columns = None  # any d: the library checks d >= r
        else:
            columns = basis.dim  # also for a negative data_dim, which the library refuses by name
        x, ldx, _ = points_in(x, "x", columns, vector=basis.dim == 1)
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
        given: a writable row-major float64 array that does not overlap x). For d = 1 a 1-D x
        gives a 1-D result (and takes a 1-D out)."""
        t = c_real(t, "t")
        x, ldx, vector = points_in(x, "x", self.dim)
        given = out
        out, ldout = rows_out(vector_out(out, x.shape[0]) if vector else out, x.shape[0], x.shape[1])
        require_disjoint(x, out, same_allowed=False)
        check(lib.ofdm_model_score(self._live, t, address(x), x.shape[0], ldx, address(out), ldout))
        return _shaped(out, vector, given)

    def log_density(self, t, x):
        """log p_t(x) at the n × d points x, up to an additive constant that depends on t only
        (exact and normalized at t = inf); a length-n array."""
        t = c_real(t, "t")
        x, ldx, _ = points_in(x, "x", self.dim)
        out = np.empty(x.shape[0], dtype=FLOAT64)
        check(lib.ofdm_model_log_density(self._live, t, address(x), x.shape[0], ldx, address(out)))
        return out

    def coefficients(self, t):
        """The K coefficients α(t) of the basis functions, in basis order (0 for the functions
        beyond the model's rank)."""
        t = c_real(t, "t")
        alpha = np.empty(lib.ofdm_basis_size(lib.ofdm_model_basis(self._live)), dtype=FLOAT64)
        check(lib.ofdm_model_coefficients(self._live, t, address(alpha)))
        return alpha

    def to_latent(self, x, out=None):
        """z = W (x − m) for n × d data points: an n × r array (out, if given: an n × r
        row-major float64 array; it may be x itself when r == d, or x[:, :r], in place). For
        d = r = 1, a 1-D x gives a 1-D z."""
        return self._map(lib.ofdm_model_to_latent, x, "x", self.dim, out, self.latent_dim)

    def from_latent(self, z, out=None):
        """x = m + W⁺ z for n × r latent points: an n × d array (W⁺ = W⁻¹ except for PCA, whose
        points land on the principal subspace). out may be z itself when r == d (in place). For
        r = 1 a 1-D z is taken; the result is 1-D when d = 1 too."""
        return self._map(lib.ofdm_model_from_latent, z, "z", self.latent_dim, out, self.dim)

    def _map(self, function, points, name, columns_in, out, columns_out):
        points, ld, vector = points_in(points, name, columns_in)
        vector = vector and columns_out == 1
        given = out
        out, ldout = rows_out(vector_out(out, points.shape[0]) if vector else out, points.shape[0], columns_out)
        require_disjoint(points, out, same_allowed=True)
        check(function(self._live, address(points), points.shape[0], ld, address(out), ldout))
        return _shaped(out, vector, given)

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
    def rank(self):
        """The number of basis functions the model uses: the numerical rank of its Galerkin
        system G(0) (pivoted Cholesky, pivots above 1e-11 of the unit-diagonal scaling). The
        others are, to that precision, combinations of the kept ones on the data (data on a
        curve, too few samples, an outlier dominating the high degrees) and their coefficient is
        0 at every t. Equal to basis.size for a well-posed fit (ofdm_model_rank)."""
        return lib.ofdm_model_rank(self._live)

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
        struct = new_fit_options_struct()  # sets struct_size, as the call requires
        check(lib.ofdm_model_options(self._live, ctypes.byref(struct)))
        return FitOptions.from_struct(struct)

    def __repr__(self):
        if self.closed:
            return "<ofdm.Model (closed)>"
        return f"<ofdm.Model dim={self.dim} size={lib.ofdm_basis_size(lib.ofdm_model_basis(self._live))} " \
               f"beta={self.beta} training_size={self.training_size}>"


def _shaped(out, vector, given):
    """The caller's own out= if given, else the result, 1-D for a 1-D input of dimension 1."""
    if given is not None:
        return given
    return out.reshape(-1) if vector else out


fit = Model.fit
fit_select = Model.fit_select
fit_adaptive = Model.fit_adaptive
load = Model.load
from_bytes = Model.from_bytes

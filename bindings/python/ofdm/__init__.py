"""ofdm — optimization-free diffusion models: a thin ctypes binding of the libofdm C API.

    import numpy as np, ofdm
    with ofdm.Basis.total_degree(dim=2, max_degree=8) as basis:
        model = ofdm.Model.fit(basis, x)           # x: n × 2 float64 samples
    s = model.score(0.1, points)                   # ∇ log p_t at t = 0.1
    y = model.sample(1000)                         # fresh samples (seed=None); seed=7 repeats
    y, log_q = model.sample_flow(1000, seed=7)    # samples with their exact model log-density
    weights, summary = ofdm.importance(log_target, log_q)
    moments = ofdm.Moments(basis); moments.add(x); ...  # streamed fits (see ofdm.moments)
    model, report = ofdm.fit_select(x, max_degree=6)  # basis and ridge chosen on held-out rows
    model, report = ofdm.fit_adaptive(x)           # a sparse basis grown from the data
    ofdm.find_outliers(x)                          # rows far outside the bulk (fit_select drops them)
    from ofdm.sklearn import OFDMDensity           # the same as a scikit-learn density estimator

Enumerations are also taken by name (coordinates="pca", method="heun"), seeds as None (fresh),
an int (repeatable) or a numpy.random.Generator, and where the dimension is 1, 1-D arrays of
points. Times must be real numbers.

The library is found through $OFDM_LIBRARY, then next to this package, then the system loader;
its ABI major must be the one this binding is written for (ABI_MAJOR), else the import fails
with LibraryVersionError. Every failing C call raises the OfdmError subclass of its status, with
the library's message in the binding's terms (ridge= for options.ridge). ofdm.h is the manual of
every function wrapped here.
"""
from ._capi import ABI_MAJOR, LibraryVersionError, lib as _lib, library_path
from .basis import Basis
from .enums import AdaptiveStop, Coordinates, Corrector, Sampler, TimeGrid, TimeMode
from .errors import (BufferTooSmallError, CancelledError, CorruptError, DegreeTooLargeError, FormatError,
                     InternalError, InvalidArgumentError, IoError, NonfiniteInputError, NullArgumentError,
                     NumericOverflowError, OfdmError, OutOfMemoryError, SingularError, TooFewSamplesError,
                     TooLargeError, TruncatedError, VersionError, last_error, status_string)
from .importance import ImportanceSummary, importance, importance_estimate
from .model import Model, fit, fit_adaptive, fit_select, from_bytes, load
from .moments import Moments
from .options import (AdaptiveOptions, AdaptiveReport, FitOptions, SampleOptions, SampleStats, SelectOptions,
                      SelectReport)
from .outliers import Outliers, find_outliers

# OFDM_MAX_DEGREE: the largest degree of one coordinate in a multi-index.
MAX_DEGREE = 64


def version_number():
    """ofdm_version_number: MAJOR * 10000 + MINOR * 100 + PATCH of the loaded library."""
    return _lib.ofdm_version_number()


def version_string():
    """ofdm_version_string: "MAJOR.MINOR.PATCH" of the loaded library."""
    return _lib.ofdm_version_string().decode("ascii")


__version__ = version_string()  # the library's: the binding follows its ABI one to one

__all__ = [
    "ABI_MAJOR", "MAX_DEGREE", "AdaptiveOptions", "AdaptiveReport", "AdaptiveStop", "Basis", "BufferTooSmallError",
    "CancelledError", "Coordinates", "CorruptError",
    "Corrector", "DegreeTooLargeError", "FitOptions", "FormatError", "ImportanceSummary", "InternalError",
    "InvalidArgumentError", "IoError", "LibraryVersionError", "Model", "Moments", "NonfiniteInputError",
    "NullArgumentError", "NumericOverflowError", "OfdmError", "OutOfMemoryError", "Outliers", "SampleOptions",
    "SampleStats", "Sampler", "SelectOptions", "SelectReport",
    "SingularError", "TimeGrid", "TimeMode", "TooFewSamplesError", "TooLargeError", "TruncatedError",
    "VersionError", "find_outliers", "fit", "fit_adaptive", "fit_select", "from_bytes", "importance",
    "importance_estimate", "last_error", "library_path", "load", "status_string", "version_number", "version_string",
]

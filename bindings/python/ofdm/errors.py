"""One Python exception class per ofdm_status, all subclasses of OfdmError.

A failed call raises the class of its status carrying ofdm_status_string and the library's
ofdm_last_error() text, which `check` reads right after the call on the calling thread (the
message is thread-local and the next ofdm call may replace it).

The library's messages name C things: struct fields ("options.ridge = -1", "set a ridge
(ofdm_fit_options.ridge, e.g. 1e-8)"), enum constants (OFDM_COORDINATES_NONE) and enum types ("an
ofdm_sampler value"). python_message rewrites them, by the table PHRASES below, into what a
Python caller types: "ridge=-1", "ridge=1e-8", coordinates="none", "a Sampler value ('sde', ...)".
The error's `detail` is the rewritten message, `c_detail` the library's text as it was.
"""
import re

from ._capi import lib
from .enums import Coordinates, Corrector, Sampler, TimeGrid, TimeMode, names


class OfdmError(Exception):
    """A call into libofdm failed. `status` is the ofdm_status value, `status_string` its
    description and `detail` the library's message naming the offending argument."""

    status = None

    def __init__(self, status, status_string, detail, c_detail=None):
        super().__init__(f"{status_string}: {detail}" if detail else status_string)
        self.status, self.status_string, self.detail = status, status_string, detail
        self.c_detail = detail if c_detail is None else c_detail  # ofdm_last_error() verbatim


class NullArgumentError(OfdmError):
    status = 1


class InvalidArgumentError(OfdmError, ValueError):
    status = 2


class NonfiniteInputError(OfdmError, ValueError):
    status = 3


class TooFewSamplesError(OfdmError, ValueError):
    status = 4


class DegreeTooLargeError(OfdmError, ValueError):
    status = 5


class TooLargeError(OfdmError):
    status = 6


class OutOfMemoryError(OfdmError, MemoryError):
    status = 7


class SingularError(OfdmError):
    """The Galerkin system is not positive definite: fit again with a ridge, e.g. 1e-8."""
    status = 8


class IoError(OfdmError, OSError):
    status = 9


class FormatError(OfdmError):
    status = 10


class VersionError(OfdmError):
    """A model file of a newer, unsupported format version (not the library's own version: that
    is checked at import and refused with ofdm.LibraryVersionError)."""
    status = 11


class TruncatedError(OfdmError):
    status = 12


class CorruptError(OfdmError):
    status = 13


class BufferTooSmallError(OfdmError):
    status = 14


class InternalError(OfdmError):
    status = 15


class NumericOverflowError(OfdmError, ArithmeticError):
    """OFDM_ERR_OVERFLOW: moments beyond double range (standardize, or lower the degree)."""
    status = 16


class CancelledError(OfdmError):
    status = 17


ERROR_CLASSES = {cls.status: cls for cls in (
    NullArgumentError, InvalidArgumentError, NonfiniteInputError, TooFewSamplesError, DegreeTooLargeError,
    TooLargeError, OutOfMemoryError, SingularError, IoError, FormatError, VersionError, TruncatedError,
    CorruptError, BufferTooSmallError, InternalError, NumericOverflowError, CancelledError)}


# ---- the library's C names in Python terms -------------------------------------------------------

# The option fields the binding takes as keyword arguments of the same name (Model.fit, Moments,
# Model.sample, Model.log_likelihood, Model.sample_flow, Model.fit_select, Model.fit_adaptive), per C struct.
OPTION_KEYWORDS = {
    "ofdm_fit_options": ("beta", "coordinates", "time_mode", "ridge", "progress", "memory_limit", "data_dim"),
    "ofdm_sample_options": ("method", "steps", "t_max", "t_min", "grid", "corrector", "corrector_steps",
                            "corrector_snr", "denoise", "guard", "seed", "threads", "progress", "stats",
                            "tolerance"),
    "ofdm_select_options": ("max_degree", "max_interaction", "validation_fraction", "seed", "max_basis_size",
                            "latent_dim", "keep_outliers"),
    "ofdm_adaptive_options": ("max_basis_size", "max_rounds", "max_per_round", "max_interaction", "threads",
                              "validation_fraction", "seed", "max_seconds", "latent_dim"),
}
# The enumerations, by the prefix of their C constants and the keyword that takes them.
_ENUMS = ((Coordinates, "OFDM_COORDINATES_", "ofdm_coordinates", "coordinates"),
          (TimeMode, "OFDM_TIME_", "ofdm_time_mode", "time_mode"),
          (Sampler, "OFDM_SAMPLER_", "ofdm_sampler", "method"),
          (TimeGrid, "OFDM_GRID_", "ofdm_time_grid", "grid"),
          (Corrector, "OFDM_CORRECTOR_", "ofdm_corrector", "corrector"))


def _phrases():
    table = {
        # galerkin: "set a ridge (ofdm_fit_options.ridge, e.g. 1e-8) or use a smaller basis"
        "ofdm_fit_options.ridge, e.g. 1e-8": "ridge=1e-8, for example",
        "keep options.guard on": "keep guard=True",
        # selection: "... once the 3 outlier rows are left out (options.keep_outliers non-zero keeps them)"
        "options.keep_outliers non-zero keeps them": "keep_outliers=True keeps them",
        "OFDM_MAX_DEGREE": "ofdm.MAX_DEGREE",
    }
    for struct, keywords in OPTION_KEYWORDS.items():
        prefixes = (struct + ".", "options.", "options->") + (("fit options.",) if struct == "ofdm_fit_options" else ())
        for keyword in keywords:
            for prefix in prefixes:
                table[prefix + keyword] = keyword + "="  # "options.ridge = -1" -> "ridge=-1" (see below)
    for enum, constant, c_type, keyword in _ENUMS:
        for member in enum:
            table[constant + member.name] = f'{keyword}="{member.name.lower()}"'
        table[f"an {c_type} value"] = (f"a {enum.__name__} value (" + ", ".join(repr(n) for n in names(enum)) +
                                       ", or an ofdm." + enum.__name__ + ")")
    return table


PHRASES = _phrases()
# Longest first, so that "fit options.data_dim" wins over "options.data_dim". A phrase must end
# where the C name ends ("options.t_min", not "options.t_minimum"; not "options->stats->..."); a
# keyword= phrase swallows the " = " that follows it in the C message.
_PATTERN = re.compile("|".join(
    "(" + re.escape(phrase) + r")(?![\w.]|->)" + (r"(?:\s*=\s*)?" if PHRASES[phrase].endswith("=") else "")
    for phrase in sorted(PHRASES, key=len, reverse=True)))


def python_message(detail):
    """The library's message with its C names replaced by the binding's spelling (PHRASES)."""
    return _PATTERN.sub(lambda match: PHRASES[next(group for group in match.groups() if group is not None)], detail)


def status_string(status):
    """ofdm_status_string: the library's description of a status value."""
    return lib.ofdm_status_string(status).decode("utf-8", "replace")


def last_error():
    """ofdm_last_error: the message of the most recent failed ofdm call on this thread."""
    return lib.ofdm_last_error().decode("utf-8", "replace")


def error_for(status, detail):
    """The exception for a status, its detail in Python terms (python_message); a status newer
    than this binding gives a plain OfdmError."""
    return ERROR_CLASSES.get(status, OfdmError)(status, status_string(status), python_message(detail), detail)


def check(status):
    """Raises the error of a failed call; call it immediately after the C call."""
    if status != 0:
        raise error_for(status, last_error())

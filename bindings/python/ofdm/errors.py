"""One Python exception class per ofdm_status, all subclasses of OfdmError.

A failed call raises the class of its status carrying ofdm_status_string and the library's
ofdm_last_error() text, which `check` reads right after the call on the calling thread (the
message is thread-local and the next ofdm call may replace it).
"""
from ._capi import lib


class OfdmError(Exception):
    """A call into libofdm failed. `status` is the ofdm_status value, `status_string` its
    description and `detail` the library's message naming the offending argument."""

    status = None

    def __init__(self, status, status_string, detail):
        super().__init__(f"{status_string}: {detail}" if detail else status_string)
        self.status, self.status_string, self.detail = status, status_string, detail


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


def status_string(status):
    """ofdm_status_string: the library's description of a status value."""
    return lib.ofdm_status_string(status).decode("utf-8", "replace")


def last_error():
    """ofdm_last_error: the message of the most recent failed ofdm call on this thread."""
    return lib.ofdm_last_error().decode("utf-8", "replace")


def error_for(status, detail):
    """The exception for a status; a status newer than this binding gives a plain OfdmError."""
    return ERROR_CLASSES.get(status, OfdmError)(status, status_string(status), detail)


def check(status):
    """Raises the error of a failed call; call it immediately after the C call."""
    if status != 0:
        raise error_for(status, last_error())

"""A Python progress callable as an ofdm_progress_fn.

The callable receives (done, total) and returns a true value to cancel (None or False goes on).
An exception must not cross the C frames (ctypes would print and swallow it), so it is caught,
reported to the library as a cancel, and raised again once the C call has returned. The
library calls the callback on the thread that called into ofdm, so Ctrl-C during a long fit or
sampling run with a progress callable cancels it cleanly.
"""
from ._capi import PROGRESS_FN
from .errors import check


class Progress:
    """Owns the C function pointer for the duration of one call."""

    def __init__(self, callable_or_none):
        self._callable = callable_or_none
        self._raised = None
        self.function = PROGRESS_FN(self._report) if callable_or_none is not None else PROGRESS_FN()

    def _report(self, done, total, _user_data):
        try:
            return 1 if self._callable(done, total) else 0
        except BaseException as error:  # KeyboardInterrupt too: it cancels like any other
            self._raised = error
            return 1

    def check(self, status):
        """After the C call: the callback's own exception first, else the status's error."""
        if self._raised is not None:
            error, self._raised = self._raised, None
            raise error
        check(status)

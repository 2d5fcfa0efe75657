"""Finding and opening libofdm.so: the one place that decides which library the binding uses.

Order: the OFDM_LIBRARY environment variable (a path to the .so; when set, nothing else is
tried, so a wrong path is an error rather than a silent fallback to another copy), then a copy
next to this package (a wheel may bundle one), then the system loader.
"""
import ctypes
import ctypes.util
import os

# The SONAME of the ABI this binding is written for (ofdm.h: the SONAME carries the major).
SONAME = "libofdm.so.0"


def _candidates():
    explicit = os.environ.get("OFDM_LIBRARY")
    if explicit:
        return [explicit]
    here = os.path.dirname(os.path.abspath(__file__))
    bundled = [os.path.join(here, name) for name in (SONAME, "libofdm.so")]
    # The system: the SONAME first (it names the ABI we want), then whatever the linker would
    # pick for -lofdm; a copy of another major is then refused by the version check.
    return [path for path in bundled if os.path.exists(path)] + [SONAME, ctypes.util.find_library("ofdm")]


def open_library():
    """Returns (ctypes.CDLL, the name or path it was opened from); raises ImportError."""
    tried = []
    for candidate in _candidates():
        if not candidate or candidate in (name for name, _ in tried):
            continue
        try:
            return ctypes.CDLL(candidate), candidate
        except OSError as error:
            tried.append((candidate, str(error)))
    details = "; ".join(f"{name}: {error}" for name, error in tried)
    raise ImportError(
        f"ofdm: cannot load the ofdm C library ({details}). Build it with `make lib` and set "
        f"OFDM_LIBRARY to build/lib/libofdm.so, or install it (`make install`, then `ldconfig`).")

"""ofdm_moments: streamed, out-of-core and distributed fits (ofdm.h, "Moments").

    with ofdm.Moments(basis) as moments:          # standardized coordinates: two passes
        for chunk in chunks():  moments.add(chunk)
        moments.begin_moments()
        for chunk in chunks():  moments.add(chunk)
        model = moments.fit()

Shards combine with merge(), or through their exported arrays: export() gives a float64 array
that MPI (e.g. mpi4py) combines as the header describes — statistics by gathering and merging in
rank order, moments by SUM over [0, M + 1) and MIN over the rest — and import_() takes it back.
"""
import ctypes

import numpy as np

from ._capi import PROGRESS_FN, lib
from ._convert import FLOAT64, address, points_in, values_in
from ._handle import Handle
from .basis import Basis
from .errors import check
from .options import fit_options_struct


class Moments(Handle):
    """A moments accumulator for fitting `basis` with the fit options given as keywords (beta,
    coordinates, time_mode, ridge, memory_limit; None keeps the library's default; coordinates and
    time_mode also by name, e.g. "none"). Unlike a Model it changes
    as data are added: use one from one thread at a time (give each thread its own, and merge).
    Close it with close() or a `with` block, or let it be collected."""

    def __init__(self, basis, *, beta=None, coordinates=None, time_mode=None, ridge=None, memory_limit=None):
        if not isinstance(basis, Basis):
            raise TypeError(f"basis must be an ofdm.Basis, not {type(basis).__name__}")
        self._options = {"beta": beta, "coordinates": coordinates, "time_mode": time_mode, "ridge": ridge,
                         "memory_limit": memory_limit}
        self._dim = basis.dim
        options = fit_options_struct(PROGRESS_FN(), **self._options)
        pointer = ctypes.c_void_p()
        check(lib.ofdm_moments_create(basis._live, ctypes.byref(options), ctypes.byref(pointer)))
        super().__init__(pointer.value, free=lib.ofdm_moments_free)

    @classmethod
    def from_array(cls, basis, array, *, statistics=None, **options):
        """An accumulator holding an exported array. A moment-pass array of standardized
        coordinates needs the statistics-pass array it was accumulated after (statistics=),
        which fixes the same coordinate map; otherwise the array goes into the first pass."""
        moments = cls(basis, **options)
        try:
            if statistics is not None:
                moments.import_(statistics)
                moments.begin_moments()
            moments.import_(array)
        except BaseException:
            moments.close()
            raise
        return moments

    def add(self, x):
        """Adds the n × d samples x to the current pass (ofdm_moments_add); for d = 1, x may be
        a 1-D array of n samples."""
        x, ldx, _ = points_in(x, "x", self._dim)
        check(lib.ofdm_moments_add(self._live, address(x), x.shape[0], ldx))

    def begin_moments(self):
        """Ends the statistics pass: fixes the coordinate map; add the same data again next."""
        check(lib.ofdm_moments_begin_moments(self._live))

    @property
    def in_statistics_pass(self):
        return bool(lib.ofdm_moments_in_statistics_pass(self._live))

    @property
    def count(self):
        """Samples added in the current pass."""
        return lib.ofdm_moments_count(self._live)

    def merge(self, other):
        """Adds the samples of another accumulator of the same basis, options and pass."""
        if not isinstance(other, Moments):
            raise TypeError(f"other must be an ofdm.Moments, not {type(other).__name__}")
        check(lib.ofdm_moments_merge(self._live, other._live))

    def export(self):
        """The current pass's state as a new 1-D float64 array (layout: ofdm.h, Moments)."""
        length = ctypes.c_int64()
        check(lib.ofdm_moments_export_length(self._live, ctypes.byref(length)))
        out = np.empty(length.value, dtype=FLOAT64)
        check(lib.ofdm_moments_export(self._live, address(out)))
        return out

    def import_(self, array):
        """Replaces the current pass's state with an exported array (unchanged on failure)."""
        array = values_in(array, "array")
        check(lib.ofdm_moments_import(self._live, address(array), array.shape[0]))

    def fit(self, *, beta=None, coordinates=None, time_mode=None, ridge=None, memory_limit=None):
        """The model of the moment pass's sums (ofdm_fit_moments). Keywords left as None keep
        the accumulator's own options; ridge, time_mode and memory_limit may differ from them."""
        from .model import Model  # model.py does not import this module: no cycle, but keep it local
        given = {"beta": beta, "coordinates": coordinates, "time_mode": time_mode, "ridge": ridge,
                 "memory_limit": memory_limit}
        pointer = ctypes.c_void_p()
        if all(value is None for value in given.values()):
            check(lib.ofdm_fit_moments(self._live, None, ctypes.byref(pointer)))
        else:
            merged = {name: given[name] if given[name] is not None else self._options[name] for name in given}
            options = fit_options_struct(PROGRESS_FN(), **merged)
            check(lib.ofdm_fit_moments(self._live, ctypes.byref(options), ctypes.byref(pointer)))
        return Model._adopt(pointer.value)

    def __repr__(self):
        if self.closed:
            return "<ofdm.Moments (closed)>"
        stage = "statistics" if self.in_statistics_pass else "moment"
        return f"<ofdm.Moments dim={self._dim} {stage} pass, count={self.count}>"

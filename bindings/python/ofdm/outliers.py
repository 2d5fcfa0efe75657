"""Rows far outside the bulk of the data in robust units (ofdm_find_outliers; ofdm.h, "Fit"):
the rows fit_select leaves out, for a caller of Model.fit, which uses every row."""
import ctypes
from dataclasses import dataclass

from ._capi import lib
from ._convert import address, points_in
from .errors import check


@dataclass(frozen=True)
class Outliers:
    """What find_outliers found."""
    count: int             # rows farther than 20 robust units from the median in some column
    first_row: int         # the first of them (0-based), or -1
    first_column: int      # that row's column farthest out, or -1
    first_distance: float  # how far, in robust units; 0.0 when there is none


def find_outliers(x):
    """The rows of the n × d samples x that lie more than 20 robust units from the median of
    some column, a unit being 1.4826 times the column's median absolute deviation (its standard
    deviation for Gaussian data, which are never that far out; 1.2533 times the mean absolute
    deviation when the MAD is 0). fit_select leaves these rows out unless keep_outliers=True;
    Model.fit uses them, and one such row sets the coordinate scale and the high moments.
    A 1-D x is n samples of d = 1. Returns an Outliers."""
    x, ldx, _ = points_in(x, "x", None, vector=True)
    count, row, column = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64()
    distance = ctypes.c_double()
    check(lib.ofdm_find_outliers(address(x), x.shape[0], x.shape[1], ldx, ctypes.byref(count), ctypes.byref(row),
                                 ctypes.byref(column), ctypes.byref(distance)))
    return Outliers(count.value, row.value, column.value, distance.value)

"""Python arguments to what the C API reads: row-major arrays with a leading dimension, integers
that fit their C type, file paths.

Arrays: the C API reads element (i, j) at x[i*ld + j]. A NumPy array already laid out that way
(native dtype, aligned, unit column stride, non-negative row stride that is a multiple of the item
size) is passed as it is, with ld = row stride / item size: no copy for C-contiguous input, nor
for a column slice x[:, :d] of a wider array. Anything else is copied once into a C-contiguous
array. Output arrays given by the caller must already have that layout, since a copy would lose
what the library writes.

Points: where the data dimension is 1, a 1-D array of n values is taken as n × 1 (points_in),
and a per-point output of such an input keeps its 1-D shape (shaped_like). For d > 1 a 1-D
array stays an error, saying that only d = 1 takes one.

Scalars: integers must fit their C type (c_integer), reals must be real numbers (c_real: int,
float, NumPy real scalars, math.inf; not str, bytes, complex, bool, None or arrays).
"""
import numbers
import operator
import os

import numpy as np

FLOAT64 = np.dtype(np.float64)
INT32 = np.dtype(np.int32)
INT64 = np.dtype(np.int64)


def _is_row_major(array, dtype):
    rows, columns = array.shape
    item = dtype.itemsize
    return (array.dtype == dtype and array.flags.aligned
            and (columns <= 1 or array.strides[1] == item)
            and (rows <= 1 or (array.strides[0] % item == 0 and array.strides[0] >= columns * item)))


def leading_dimension(array):
    """Elements between the starts of consecutive rows (any value >= the column count when there
    is at most one row)."""
    if array.shape[0] > 1:
        return array.strides[0] // array.itemsize
    return max(array.shape[1], 1)


def _shape_error(name, array, columns):
    wanted = f"n × {columns}" if columns is not None else "2-D"
    hint = ""
    if array.ndim == 1 and columns is not None and columns > 1:
        hint = f" (a 1-D array of n points is taken only where the dimension is 1; here it is {columns})"
    return ValueError(f"{name} must be a {wanted} array, got shape {array.shape}{hint}")


def rows_in(values, dtype, name, columns=None):
    """(array, ld) for a read-only n × columns input of the given dtype (float64, int32 or int64).

    Reals are converted to float64; integer inputs must hold integers (no silent truncation of
    floats) within the C type's range."""
    array = np.asarray(values)
    if array.ndim == 1 and array.size == 0 and columns is not None:
        array = array.reshape(0, columns)  # [] as "no rows", e.g. a graph without edges
    if array.ndim != 2 or (columns is not None and array.shape[1] != columns):
        raise _shape_error(name, array, columns)
    if not _is_row_major(array, dtype):
        array = _converted(array, dtype, name)
    return array, leading_dimension(array)


def points_in(values, name, columns, vector=False):
    """(array, ld, was_vector) for n × columns float64 points; a 1-D array of n values is taken
    as n × 1 when columns == 1, or, with columns None (any number, e.g. fit_select's d), when
    vector is true. was_vector tells the caller to give per-point results as 1-D too."""
    array = np.asarray(values)
    was_vector = array.ndim == 1 and (columns == 1 or (columns is None and vector))
    if was_vector:
        array = array.reshape(-1, 1)
    array, ld = rows_in(array, FLOAT64, name, columns=columns)
    return array, ld, was_vector


def vector_out(out, rows, name="out"):
    """A caller's 1-D out= of n values for a 1-D input as the n × 1 array the library writes
    (the same memory); other outs are returned as they are, for rows_out to check."""
    if isinstance(out, np.ndarray) and out.ndim == 1:
        if out.shape != (rows,):
            raise ValueError(f"{name} must have shape ({rows},) like the input, got {out.shape}")
        return out[:, None]  # a view: what the library writes lands in out
    return out


def values_in(values, name, length=None):
    """A read-only length-n float64 input as a contiguous array (copied only when needed)."""
    array = np.asarray(values)
    if array.ndim != 1 or (length is not None and array.shape[0] != length):
        wanted = f"a 1-D array of {length} values" if length is not None else "a 1-D array"
        raise ValueError(f"{name} must be {wanted}, got shape {array.shape}")
    if array.dtype != FLOAT64 or not array.flags.c_contiguous or not array.flags.aligned:
        array = _converted(array, FLOAT64, name)
    return array


def _converted(array, dtype, name):
    if array.size == 0:  # nothing to convert, whatever NumPy guessed for [] (float64)
        return np.zeros(array.shape, dtype=dtype)
    if dtype.kind == "f":
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must hold real numbers, not {array.dtype}")
    else:
        if array.dtype.kind not in "iu":
            raise TypeError(f"{name} must hold integers, not {array.dtype}")
        limits = np.iinfo(dtype)
        if array.min() < limits.min or array.max() > limits.max:
            raise ValueError(f"{name} holds a value outside the range of {dtype}")
    return np.ascontiguousarray(array, dtype=dtype)


def rows_out(out, rows, columns, name="out"):
    """(array, ld) for an n × columns float64 output: a new C-contiguous array when out is None,
    otherwise out itself, which must be writable and row-major."""
    if out is None:
        return np.empty((rows, columns), dtype=FLOAT64), columns
    if not isinstance(out, np.ndarray) or out.ndim != 2 or out.shape != (rows, columns):
        raise ValueError(f"{name} must be a {rows} × {columns} float64 array, got "
                         f"{getattr(out, 'shape', type(out).__name__)}")
    if not out.flags.writeable or not _is_row_major(out, FLOAT64):
        raise ValueError(f"{name} must be a writable float64 array whose rows are evenly spaced "
                         f"with unit column stride (e.g. C-contiguous, or a column slice of one)")
    return out, leading_dimension(out)


def require_disjoint(source, out, same_allowed):
    """The C API forbids partly overlapping input and output; to_latent/from_latent allow the
    very same array (same address and leading dimension)."""
    if out.size == 0 or not np.may_share_memory(source, out):
        return
    same = source.ctypes.data == out.ctypes.data and leading_dimension(source) == leading_dimension(out)
    if not (same_allowed and same):
        raise ValueError("out overlaps the input" + (" (only the very same array is allowed)" if same_allowed else ""))


def address(array):
    return array.ctypes.data


def c_integer(value, bits, name, unsigned=False):
    """value as an integer that fits a C intN_t/uintN_t (ctypes would wrap it silently)."""
    number = operator.index(value)  # rejects floats: 2.5 steps is a mistake, not 2
    low, high = (0, 2 ** bits - 1) if unsigned else (-2 ** (bits - 1), 2 ** (bits - 1) - 1)
    if not low <= number <= high:
        raise ValueError(f"{name} = {number} is outside the range of {'u' if unsigned else ''}int{bits}_t")
    return number


def c_real(value, name):
    """value as a C double: a real number (int, float, NumPy real scalar, math.inf; NaN is
    passed on for the library to name). float() alone would take "0.1", True or a 1-element
    array."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number (int or float), not {type(value).__name__} ({value!r})")
    return float(value)


def c_path(path):
    """A file-system path as the bytes the C library opens."""
    encoded = os.fsencode(path)
    if b"\0" in encoded:
        raise ValueError("path contains a NUL byte")
    return encoded

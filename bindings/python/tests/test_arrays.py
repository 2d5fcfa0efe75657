"""NumPy arrays in and out: no copy for row-major float64 (C-contiguous, or rows evenly spaced
as in a column slice, passed with their leading dimension), one copy for anything else, and
Python-side checks for what the C API cannot see (shapes, dtypes, integer ranges)."""
import numpy as np
import pytest

import ofdm
from conftest import POINTS
from ofdm._convert import FLOAT64, INT32, rows_in

SENTINEL = 12345.0


def padded(points, columns=3, fill=np.nan):
    """points as the first columns of a wider array: rows are `columns` elements apart."""
    wide = np.full((len(points), columns), fill)
    wide[:, :points.shape[1]] = points
    return wide[:, :points.shape[1]]


def test_row_major_float64_is_passed_without_a_copy():
    x = POINTS.copy()
    passed, ld = rows_in(x, FLOAT64, "x", 2)
    assert passed is x and ld == 2
    view = padded(POINTS, 5)
    passed, ld = rows_in(view, FLOAT64, "x", 2)
    assert passed is view and ld == 5


def test_other_layouts_and_types_are_copied_once_into_c_order():
    for converted in (np.asfortranarray(POINTS), POINTS.astype(np.float32), POINTS[::-1], POINTS.astype(">f8")):
        array, ld = rows_in(converted, FLOAT64, "x", 2)
        assert array.flags.c_contiguous and array.dtype == np.float64 and ld == 2
        assert not np.shares_memory(array, converted)


def test_every_layout_gives_bit_identical_scores(small_model):
    reference = small_model.score(0.3, POINTS)
    for layout in (POINTS.tolist(), np.asfortranarray(POINTS), padded(POINTS), POINTS.astype(">f8"),
                   POINTS[::-1][::-1], np.repeat(POINTS, 2, axis=0)[::2]):
        assert (small_model.score(0.3, layout) == reference).all()


def test_padding_beyond_d_is_never_read():
    # The NaN padding would be refused as non-finite input if the library read it.
    x = np.random.default_rng(5).standard_normal((300, 2))
    with ofdm.Basis.total_degree(2, 3) as basis:
        dense, view = ofdm.Model.fit(basis, x), ofdm.Model.fit(basis, padded(x))
    with dense, view:
        assert dense.to_bytes() == view.to_bytes()
        assert (view.log_density(1.0, padded(POINTS)) == dense.log_density(1.0, POINTS)).all()


def test_outputs_are_written_in_place_with_their_leading_dimension(small_model):
    out = padded(np.zeros((len(POINTS), 2)), 4, fill=SENTINEL)
    assert small_model.score(0.3, POINTS, out=out) is out
    assert (out == small_model.score(0.3, POINTS)).all()
    assert (out.base[:, 2:] == SENTINEL).all()  # padding untouched
    samples = padded(np.zeros((7, 2)), 3, fill=SENTINEL)
    assert small_model.sample(7, seed=1, steps=10, out=samples) is samples
    assert (samples == small_model.sample(7, seed=1, steps=10)).all() and (samples.base[:, 2] == SENTINEL).all()


def test_bad_outputs_are_refused_before_the_call(small_model):
    good = np.empty((len(POINTS), 2))
    for bad in (np.empty((len(POINTS), 3)), np.empty((len(POINTS), 2), dtype=np.float32),
                np.asfortranarray(good), good.tolist()):
        with pytest.raises(ValueError, match="out must be"):
            small_model.score(0.3, POINTS, out=bad)
    good.flags.writeable = False
    with pytest.raises(ValueError, match="writable"):
        small_model.score(0.3, POINTS, out=good)


def test_overlapping_output_is_refused_except_the_same_array_for_latent_maps(small_model):
    x = POINTS.copy()
    with pytest.raises(ValueError, match="overlaps"):
        small_model.score(0.3, x, out=x)
    big = np.zeros((6, 2))
    with pytest.raises(ValueError, match="overlaps"):
        small_model.to_latent(big[:5], out=big[1:])
    assert small_model.from_latent(x, out=x) is x


def test_wrong_shapes_and_types_are_python_errors(small_model):
    with pytest.raises(ValueError, match=r"n × 2"):
        small_model.score(0.3, np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"n × 2"):
        small_model.score(0.3, np.zeros(2))
    with pytest.raises(TypeError, match="real numbers"):
        small_model.score(0.3, POINTS.astype(complex))
    with pytest.raises(TypeError, match="integers"):
        ofdm.Basis.from_indices([[1.0, 0.0]])
    with pytest.raises(ValueError, match="range of int32"):
        ofdm.Basis.from_indices(np.array([[2 ** 40, 0]]))
    assert rows_in(np.array([[1, 0]], dtype=np.int32), INT32, "indices")[1] == 2


def test_integers_must_fit_their_c_type(small_model):
    with pytest.raises(ValueError, match="steps"):
        small_model.sample(2, steps=2 ** 31)
    with pytest.raises(ValueError, match="seed"):
        small_model.sample(2, seed=-1)
    with pytest.raises(ValueError, match="dim"):
        ofdm.Basis.total_degree(2 ** 64, 2)
    with pytest.raises(TypeError):
        small_model.sample(2, steps=2.5)
    assert small_model.sample(2, steps=5, seed=2 ** 64 - 1).shape == (2, 2)


def test_empty_inputs_give_empty_outputs(small_model):
    assert small_model.score(0.3, np.empty((0, 2))).shape == (0, 2)
    assert small_model.log_density(0.3, np.empty((0, 2))).shape == (0,)
    assert small_model.sample(0).shape == (0, 2)

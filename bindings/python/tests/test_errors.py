"""Every failure reaches Python as the OfdmError subclass of its status, carrying the status
string and the library's message (read on the failing thread, right after the call). Each
reachable status is provoked with the input the C suite uses for it (tests/capi/test_bad_input_*)."""
import math
import re
import threading

import numpy as np
import pytest

import ofdm
from conftest import fit_total_degree
from ofdm._capi import PROGRESS_FN, lib
from ofdm.errors import ERROR_CLASSES, OPTION_KEYWORDS, PHRASES, check, error_for, python_message
from ofdm.options import _ADAPTIVE_FIELDS, _FIT_FIELDS, _SAMPLE_FIELDS, _SELECT_FIELDS, sample_options_struct


def expect_failure(error_class, word, call, *args, **kwargs):
    """Asserts that call raises exactly error_class, whose message comes from an ofdm_ function
    and names word as a whole token (skipped when word is None)."""
    with pytest.raises(ofdm.OfdmError) as raised:
        call(*args, **kwargs)
    error = raised.value
    assert type(error) is error_class, f"{type(error).__name__}: {error}"
    assert error.status == error_class.status
    assert error.status_string == ofdm.status_string(error.status)
    assert error.detail.startswith("ofdm_")
    assert str(error) == f"{error.status_string}: {error.detail}"
    if word is not None:
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", error.detail), error.detail
    return error


# ---- the mapping itself -------------------------------------------------------------------------

EXPECTED_CLASSES = [  # ofdm.h's status values, in order
    "NullArgumentError", "InvalidArgumentError", "NonfiniteInputError", "TooFewSamplesError",
    "DegreeTooLargeError", "TooLargeError", "OutOfMemoryError", "SingularError", "IoError", "FormatError",
    "VersionError", "TruncatedError", "CorruptError", "BufferTooSmallError", "InternalError",
    "NumericOverflowError", "CancelledError"]


@pytest.mark.parametrize("status", range(1, 18))
def test_each_status_has_its_own_error_class(status):
    error = error_for(status, "ofdm_x: detail")
    assert type(error).__name__ == EXPECTED_CLASSES[status - 1]
    assert type(error) is getattr(ofdm, EXPECTED_CLASSES[status - 1])
    assert isinstance(error, ofdm.OfdmError) and error.status == status
    assert str(error) == f"{ofdm.status_string(status)}: ofdm_x: detail"


def test_a_status_newer_than_the_binding_is_a_plain_OfdmError():
    error = error_for(99, "ofdm_x: new")
    assert type(error) is ofdm.OfdmError and error.status == 99
    assert set(ERROR_CLASSES) == set(range(1, 18))


def test_errors_are_also_the_matching_builtin_kinds():
    assert issubclass(ofdm.InvalidArgumentError, ValueError)
    assert issubclass(ofdm.IoError, OSError)
    assert issubclass(ofdm.OutOfMemoryError, MemoryError)
    assert issubclass(ofdm.NumericOverflowError, ArithmeticError)


# ---- each reachable status, provoked ---------------------------------------------------------------

def test_null_argument_through_the_raw_call():
    # Unreachable through the classes (a closed handle raises ValueError before any C call).
    expect_failure(ofdm.NullArgumentError, "basis", lambda: check(lib.ofdm_basis_indices(None, None, 1)))


def test_invalid_arguments_name_the_argument(small_model):
    expect_failure(ofdm.InvalidArgumentError, "dim", ofdm.Basis.total_degree, 0, 2)
    expect_failure(ofdm.InvalidArgumentError, "max_interaction", ofdm.Basis.total_degree, 2, 2, -1)
    expect_failure(ofdm.InvalidArgumentError, "edge 2", ofdm.Basis.graph, 4, 2, [[0, 1], [1, 2], [2, 4]])
    expect_failure(ofdm.InvalidArgumentError, "row 2", ofdm.Basis.from_indices, [[1, 0], [0, 1], [1, 0]])
    for t in (-1.0, math.nan, -math.inf):
        expect_failure(ofdm.InvalidArgumentError, "t", small_model.score, t, [[0.0, 0.0]])
    expect_failure(ofdm.InvalidArgumentError, "t", small_model.coefficients, -1e-300)
    expect_failure(ofdm.InvalidArgumentError, "steps", small_model.sample, 4, steps=0)
    expect_failure(ofdm.InvalidArgumentError, "corrector_steps", small_model.sample, 4, corrector_steps=1001)
    expect_failure(ofdm.InvalidArgumentError, "method", small_model.sample, 4, method=7)
    expect_failure(ofdm.InvalidArgumentError, "n", small_model.sample, -1)
    x = np.random.default_rng(3).standard_normal((30, 2))
    x[:, 1] = 2.5  # a constant column cannot be standardized
    expect_failure(ofdm.InvalidArgumentError, "column 1", fit_total_degree, x, 2)


def test_nonfinite_input_names_row_and_column(small_model):
    x = np.random.default_rng(11).standard_normal((20, 2))
    x[12, 1] = np.nan
    error = expect_failure(ofdm.NonfiniteInputError, "row 12", fit_total_degree, x, 2)
    assert "column 1" in error.detail
    expect_failure(ofdm.NonfiniteInputError, "row 1", small_model.log_density, 0.5, [[0, 0], [np.inf, 0]])


def test_too_few_samples():
    x = np.random.default_rng(12).standard_normal((4, 2))
    expect_failure(ofdm.TooFewSamplesError, "n", fit_total_degree, x[:1], 3)
    expect_failure(ofdm.TooFewSamplesError, "K", fit_total_degree, x, 3, coordinates=ofdm.Coordinates.NONE)
    fit_total_degree(x, 3, coordinates=ofdm.Coordinates.NONE, ridge=1e-6).close()  # a ridge lifts the rule


def test_degree_too_large():
    expect_failure(ofdm.DegreeTooLargeError, None, ofdm.Basis.total_degree, 2, ofdm.MAX_DEGREE + 1)
    expect_failure(ofdm.DegreeTooLargeError, None, ofdm.Basis.from_indices, [[ofdm.MAX_DEGREE + 1, 0]])
    ofdm.Basis.total_degree(1, ofdm.MAX_DEGREE).close()  # the limit itself


def test_too_large_is_refused_before_allocating(small_model):
    expect_failure(ofdm.TooLargeError, None, ofdm.Basis.total_degree, 100000, 10)  # ~3e43 functions
    # Model.sample(2**62) fails in NumPy allocating the output, so ask the library itself, with a
    # 4-row buffer it must not touch: 2^62 × 2 doubles exceed what a 64-bit size can count.
    out = np.full((4, 2), 12345.0)
    options = sample_options_struct(PROGRESS_FN(), None, steps=10)
    expect_failure(ofdm.TooLargeError, None, lambda: check(
        lib.ofdm_model_sample(small_model._live, 2 ** 62, options, out.ctypes.data, 2)))
    assert (out == 12345.0).all()


def test_a_fit_beyond_memory_limit_raises_too_large():
    # As tests/capi/test_bad_input_fit.c: d = 32, total degree 3 (K = 6 544, ~2 GB of Galerkin
    # matrices) against a 64 MiB cap, through Model.fit and both ends of a streamed fit.
    mib = 2 ** 20
    x = np.random.default_rng(17).standard_normal((10, 32))
    with ofdm.Basis.total_degree(32, 3) as big:
        assert big.size == 6544
        expect_failure(ofdm.TooLargeError, "memory_limit", ofdm.Model.fit, big, x, ridge=1e-6,
                       memory_limit=64 * mib)
        expect_failure(ofdm.TooLargeError, "memory_limit", ofdm.Moments, big, memory_limit=64 * mib)
        expect_failure(ofdm.InvalidArgumentError, "memory_limit", ofdm.Model.fit, big, x, memory_limit=-1)
    small = np.random.default_rng(18).standard_normal((200, 2))
    with ofdm.Basis.total_degree(2, 3) as basis, ofdm.Moments(basis) as moments:
        moments.add(small)
        moments.begin_moments()
        moments.add(small)
        expect_failure(ofdm.TooLargeError, "memory_limit", moments.fit, memory_limit=1)
        # Within the limit, the fit is the one without, bit for bit: the limit only decides
        # whether it runs.
        with moments.fit(memory_limit=64 * mib) as capped, moments.fit() as free:
            assert (capped.score(0.25, small) == free.score(0.25, small)).all()
        with ofdm.Model.fit(basis, small, memory_limit=64 * mib) as capped, ofdm.Model.fit(basis, small) as free:
            assert (capped.score(0.25, small) == free.score(0.25, small)).all()
        with pytest.raises(ValueError, match="memory_limit"):
            ofdm.Model.fit(basis, small, memory_limit=2 ** 63)  # beyond int64_t: refused before the call


def test_rank_deficient_data_keep_the_rank_the_data_support():
    # Since 0.2 a fit keeps the functions whose pivoted-Cholesky pivot in G(0) is above 1e-11
    # (ofdm_model_rank) instead of failing. Two distinct points (z = ±1): the Gram matrix of the
    # K = 4 gradient columns at 2 points has rank 2, and the 2 dropped functions get α = 0 at every
    # t, exactly, while the kept ones do not (4 rows at one point, 2 at the other, so that the
    # fit is not the stationary law). The ridge (1e-8 of the mean diagonal, far above 1e-11)
    # makes G(0) full rank.
    x = np.array([[0.0], [0.0], [1.0], [0.0], [0.0], [1.0]])
    with fit_total_degree(x, 4) as model:
        assert (model.rank, model.basis.size) == (2, 4)
        dropped = [np.flatnonzero(model.coefficients(t) == 0.0).tolist() for t in (0.0, 0.5)]
        assert len(dropped[0]) == 2 and dropped[0] == dropped[1]
    with fit_total_degree(x, 4, ridge=1e-8) as model:
        assert model.rank == 4


def test_singular_when_no_function_has_a_gradient_on_the_data():
    # ψ₂(z) = (z² − 1)/√2 has gradient √2 z, 0 at z = 0: on data all at 0 the system is 0.
    x = np.zeros((6, 1))
    with ofdm.Basis.from_indices([[2]]) as basis:
        expect_failure(ofdm.SingularError, "nothing to fit", ofdm.Model.fit, basis, x, coordinates="none")


def test_numeric_overflow_points_at_the_degree():
    huge = np.array([[1e200], [-1e200], [3e200]])
    expect_failure(ofdm.NumericOverflowError, "degree", fit_total_degree, huge, 2, coordinates=ofdm.Coordinates.NONE)


def test_io_errors_name_the_path(small_model, tmp_path):
    missing = tmp_path / "no-such-dir" / "model.ofdm"
    error = expect_failure(ofdm.IoError, None, ofdm.Model.load, missing)
    assert str(missing) in error.detail
    expect_failure(ofdm.IoError, None, small_model.save, missing)


def test_buffer_errors(small_model):
    data = small_model.to_bytes()
    expect_failure(ofdm.FormatError, "OFDMMODL", ofdm.Model.from_bytes, b"hello")
    expect_failure(ofdm.TruncatedError, None, ofdm.Model.from_bytes, data[: len(data) // 2])
    expect_failure(ofdm.TruncatedError, None, ofdm.Model.from_bytes, b"")
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x10
    assert "byte offset" in expect_failure(ofdm.CorruptError, None, ofdm.Model.from_bytes, flipped).detail
    expect_failure(ofdm.CorruptError, None, ofdm.Model.from_bytes, data + b"\0")  # trailing bytes
    error = expect_failure(ofdm.BufferTooSmallError, "capacity", small_model.save_buffer,
                           bytearray(len(data) - 1))
    assert error.status == 14


def fnv1a_checksum(body):
    """The 64-bit FNV-1a checksum that ends a model file (src/model/model_file.h)."""
    h = 1469598103934665603
    for byte in body:
        h = ((h ^ byte) * 1099511628211) & (2 ** 64 - 1)
    return h.to_bytes(8, "little")


def test_a_newer_format_major_is_a_version_error_naming_both(small_model):
    data = bytearray(small_model.to_bytes())
    major, minor = int.from_bytes(data[8:12], "little"), int.from_bytes(data[12:16], "little")
    data[8:12] = (major + 1).to_bytes(4, "little")
    data[-8:] = fnv1a_checksum(data[:-8])
    error = expect_failure(ofdm.VersionError, f"{major + 1}.{minor}", ofdm.Model.from_bytes, data)
    # The library's own format has the file's old major; its minor may be newer than the file's
    # (a library reads every minor up to its own and writes the oldest that holds the model).
    assert re.search(rf"(?<![\d.]){major}\.\d+", error.detail), error.detail


def test_cancelled_by_the_progress_callback(mixture_model):
    error = expect_failure(ofdm.CancelledError, None, mixture_model.sample, 100, steps=20,
                           progress=lambda done, total: True)
    assert "cancel" in error.detail


# ---- the probability flow and importance reweighting ----------------------------------------------

def test_flow_and_reweighting_errors_name_the_input(small_model):
    error = expect_failure(ofdm.NonfiniteInputError, "row 1", small_model.log_likelihood, [[0, 0], [0.5, np.nan]])
    assert "column 1" in error.detail and error.detail.startswith("ofdm_model_log_likelihood")
    # The library's "options.tolerance = 1" and "options.grid = 7", in the binding's spelling.
    expect_failure(ofdm.InvalidArgumentError, "tolerance=1", small_model.log_likelihood, [[0, 0]],
                   tolerance=1.0)
    expect_failure(ofdm.InvalidArgumentError, "grid=7", small_model.sample_flow, 4, grid=7)
    expect_failure(ofdm.InvalidArgumentError, "n", small_model.sample_flow, -1)
    error = expect_failure(ofdm.NonfiniteInputError, "log_target[1]", ofdm.importance, [0.0, np.nan], [0.0, 0.0])
    assert error.detail.startswith("ofdm_importance")
    expect_failure(ofdm.NonfiniteInputError, "log_target[0]", ofdm.importance, [np.inf, 0.0], [0.0, 0.0])
    expect_failure(ofdm.NonfiniteInputError, "log_q[1]", ofdm.importance, [0.0, 0.0], [0.0, -np.inf])
    expect_failure(ofdm.InvalidArgumentError, None, ofdm.importance, [-np.inf, -np.inf], [0.0, 0.0])
    expect_failure(ofdm.InvalidArgumentError, "n", ofdm.importance, [], [])
    expect_failure(ofdm.InvalidArgumentError, "weights[1]", ofdm.importance_estimate, [1.0, -1.0], [1.0, 2.0])
    expect_failure(ofdm.InvalidArgumentError, None, ofdm.importance_estimate, [0.0, 0.0], [1.0, 2.0])
    error = expect_failure(ofdm.NonfiniteInputError, "row 0", ofdm.importance_estimate, [1.0, 1.0],
                           [[1.0, np.nan], [2.0, 3.0]])
    assert "column 1" in error.detail
    with pytest.raises(ValueError, match="log_q"):  # lengths are checked in Python: C cannot see them
        ofdm.importance([0.0, 0.0], [0.0])
    with pytest.raises(ValueError, match="values"):
        ofdm.importance_estimate([1.0, 1.0], [[1.0], [2.0], [3.0]])


def test_a_cancelled_flow_writes_nothing(mixture_model):
    out = np.full((40, 2), 12345.0)
    error = expect_failure(ofdm.CancelledError, None, mixture_model.sample_flow, 40, out=out,
                           progress=lambda done, total: True)
    assert "cancel" in error.detail
    assert (out == 12345.0).all()


# ---- the message belongs to the failing call's thread --------------------------------------------

def test_a_successful_call_leaves_the_last_error_unchanged():
    with pytest.raises(ofdm.InvalidArgumentError):
        ofdm.Basis.total_degree(0, 2)
    saved = ofdm.last_error()
    ofdm.Basis.total_degree(2, 2).close()
    assert ofdm.last_error() == saved


def test_concurrent_failures_each_carry_their_own_message():
    # The C calls release the GIL, so the two threads' failures interleave; each message is read
    # on its own thread right after its call, so it must always name that call's argument.
    wrong = []

    def fail_repeatedly(args, word):
        for _ in range(300):
            try:
                ofdm.Basis.total_degree(*args)
            except ofdm.InvalidArgumentError as error:
                if word not in error.detail:
                    wrong.append(error.detail)

    threads = [threading.Thread(target=fail_repeatedly, args=((0, 2), "dim")),
               threading.Thread(target=fail_repeatedly, args=((2, 0), "max_degree"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


# ---- the library's C names in Python terms ---------------------------------------------------------

def test_a_bad_ridge_is_named_as_the_keyword():
    x = np.random.default_rng(21).standard_normal((50, 2))
    error = expect_failure(ofdm.InvalidArgumentError, "ridge=-1", fit_total_degree, x, 2, ridge=-1.0)
    assert error.detail == "ofdm_fit: ridge=-1 must be finite and >= 0"
    assert error.c_detail == "ofdm_fit: options.ridge = -1 must be finite and >= 0"  # ofdm_last_error()
    assert error.c_detail == ofdm.last_error()
    error = expect_failure(ofdm.InvalidArgumentError, "beta=0", fit_total_degree, x, 2, beta=0.0)
    assert "options." not in error.detail and "beta=0 must lie in [1e-100, 1e100]" in error.detail


def test_enum_constants_become_keyword_strings():
    x = np.random.default_rng(22).standard_normal((30, 2))
    x[:, 1] = 2.5
    error = expect_failure(ofdm.InvalidArgumentError, "column 1", fit_total_degree, x, 2)
    assert error.detail.endswith('drop it or use coordinates="none"'), error.detail
    assert "OFDM_COORDINATES_NONE" in error.c_detail


def test_sampling_and_selection_options_are_named_as_keywords(small_model):
    error = expect_failure(ofdm.InvalidArgumentError, "method=7", small_model.sample, 4, method=7)
    assert error.detail.endswith("method=7 is not a Sampler value ('sde', 'ode_heun', 'ode_euler', 'heun', "
                                 "'euler', or an ofdm.Sampler)"), error.detail
    expect_failure(ofdm.InvalidArgumentError, "corrector_steps=1001", small_model.sample, 4, corrector_steps=1001)
    x = np.random.default_rng(23).standard_normal((200, 2))
    error = expect_failure(ofdm.InvalidArgumentError, "max_degree=0", ofdm.fit_select, x, max_degree=0)
    assert "options.max_degree" in error.c_detail and "options." not in error.detail


def test_the_singular_message_suggests_the_ridge_keyword():
    # The library's text for a G(t) that is not positive definite (src/math/galerkin.cpp), which
    # the rank-revealing fit makes hard to provoke through a call.
    c_text = ("ofdm_model_score: the Galerkin system at t = 0.5 is not positive definite (leading minor 3 of 4, "
              "ridge = 0); set a ridge (ofdm_fit_options.ridge, e.g. 1e-8) or use a smaller basis")
    assert python_message(c_text) == (
        "ofdm_model_score: the Galerkin system at t = 0.5 is not positive definite (leading minor 3 of 4, "
        "ridge = 0); set a ridge (ridge=1e-8, for example) or use a smaller basis")
    error = error_for(8, c_text)
    assert type(error) is ofdm.SingularError and "ridge=1e-8" in str(error) and error.c_detail == c_text


@pytest.mark.parametrize("c_text, python_text", [
    ("options.t_min = 0, t_max = 5 must satisfy 0 <= t_min < t_max < inf",
     "t_min=0, t_max = 5 must satisfy 0 <= t_min < t_max < inf"),
    ("more than options.memory_limit = 64.0 MiB (67108864 bytes)", "more than memory_limit=64.0 MiB (67108864 bytes)"),
    ("fit options.data_dim = 3 differs from d = 2", "data_dim=3 differs from d = 2"),
    ("ofdm_select_options.max_degree = 0 is outside", "max_degree=0 is outside"),
    ("raise options.tolerance, or keep options.guard on", "raise tolerance=, or keep guard=True"),
    ("only PCA coordinates (OFDM_COORDINATES_PCA) reduce", 'only PCA coordinates (coordinates="pca") reduce'),
    ("degree 65 exceeds OFDM_MAX_DEGREE = 64", "degree 65 exceeds ofdm.MAX_DEGREE = 64"),
    ("options.grid = 9 is not an ofdm_time_grid value",
     "grid=9 is not a TimeGrid value ('geometric', 'uniform', 'exponential', or an ofdm.TimeGrid)"),
    # Only whole C names: not a longer word, not a struct's own struct_size.
    ("options.t_minimum and options->stats->struct_size = 0", "options.t_minimum and options->stats->struct_size = 0"),
    ("the ridge, options_ridge", "the ridge, options_ridge"),
])
def test_phrases_are_rewritten_whole(c_text, python_text):
    assert python_message(c_text) == python_text


def test_every_option_keyword_of_the_binding_has_its_phrases():
    assert set(_FIT_FIELDS) <= set(OPTION_KEYWORDS["ofdm_fit_options"])
    assert set(_SAMPLE_FIELDS) <= set(OPTION_KEYWORDS["ofdm_sample_options"])
    assert set(_SELECT_FIELDS) <= set(OPTION_KEYWORDS["ofdm_select_options"])
    assert set(_ADAPTIVE_FIELDS) <= set(OPTION_KEYWORDS["ofdm_adaptive_options"])
    for struct, keywords in OPTION_KEYWORDS.items():
        for keyword in keywords:
            for prefix in (struct + ".", "options."):
                assert PHRASES[prefix + keyword] == keyword + "="
    for enum, keyword in ((ofdm.Coordinates, "coordinates"), (ofdm.TimeMode, "time_mode"), (ofdm.Sampler, "method"),
                          (ofdm.TimeGrid, "grid"), (ofdm.Corrector, "corrector")):
        for member in enum:
            assert f'{keyword}="{member.name.lower()}"' in PHRASES.values()

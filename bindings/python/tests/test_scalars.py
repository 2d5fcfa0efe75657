"""Real-valued arguments must be real numbers: times t (score, log_density, coefficients) and
the real options (beta, ridge, t_max, t_min, corrector_snr, tolerance, validation_fraction).
float() alone would take "0.1", True or a one-element array."""
import fractions
import math

import numpy as np
import pytest

import ofdm
from conftest import POINTS

NOT_REAL = ["0.1", b"0.1", 0.1 + 0j, 1j, True, np.bool_(True), None, np.array([0.1]), np.array(0.1), [0.1]]


@pytest.mark.parametrize("method", ["score", "log_density"])
@pytest.mark.parametrize("bad", NOT_REAL, ids=repr)
def test_a_time_must_be_a_real_number(small_model, method, bad):
    with pytest.raises(TypeError, match=r"^t must be a real number"):
        getattr(small_model, method)(bad, POINTS)


@pytest.mark.parametrize("bad", NOT_REAL, ids=repr)
def test_coefficients_need_a_real_time(small_model, bad):
    with pytest.raises(TypeError, match=r"^t must be a real number"):
        small_model.coefficients(bad)


def test_every_real_number_type_is_the_same_time(small_model):
    reference = small_model.score(0.5, POINTS).tobytes()
    for t in (0.5, np.float64(0.5), np.float32(0.5), fractions.Fraction(1, 2)):
        assert small_model.score(t, POINTS).tobytes() == reference, type(t)
    assert small_model.score(1, POINTS).tobytes() == small_model.score(np.int64(1), POINTS).tobytes() == \
        small_model.score(1.0, POINTS).tobytes()
    assert small_model.log_density(math.inf, POINTS).tobytes() == small_model.log_density(np.inf, POINTS).tobytes()
    # NaN is a real number: the library refuses it by name.
    with pytest.raises(ofdm.InvalidArgumentError, match="t"):
        small_model.score(math.nan, POINTS)


def test_real_options_must_be_real_numbers(small_model):
    x = np.random.default_rng(2).standard_normal((100, 2))
    with ofdm.Basis.total_degree(2, 2) as basis:
        for keyword in ("beta", "ridge"):
            with pytest.raises(TypeError, match=f"^{keyword} must be a real number"):
                ofdm.Model.fit(basis, x, **{keyword: "1"})
    for keyword in ("t_max", "t_min", "corrector_snr"):
        with pytest.raises(TypeError, match=f"^{keyword} must be a real number"):
            small_model.sample(2, **{keyword: "0.5"})
    with pytest.raises(TypeError, match="^tolerance must be a real number"):
        small_model.log_likelihood(POINTS, tolerance=True)
    with pytest.raises(TypeError, match="^validation_fraction must be a real number"):
        ofdm.fit_select(x, validation_fraction="0.2")

"""Model selection without sampling: fit_select chooses the basis and ridge on held-out rows, and
validation_loss scores any model on held-out data (ofdm.h, "Model selection without sampling")."""
import math

import numpy as np
import pytest

import ofdm
from conftest import fit_total_degree

CENTRES = np.array([[-1.2, 0.0], [1.2, 0.0], [0.0, 1.2]])


def three_modes(n, seed):
    """An equal-weight three-mode 2-D Gaussian mixture, σ = 0.45."""
    rng = np.random.default_rng(seed)
    return CENTRES[rng.integers(0, 3, n)] + 0.45 * rng.standard_normal((n, 2))


@pytest.fixture(scope="module")
def selected():
    model, report = ofdm.fit_select(three_modes(4000, 41), max_degree=6)
    yield model, report
    model.close()


def test_the_report_describes_the_chosen_model(selected):
    model, report = selected
    assert isinstance(report, ofdm.SelectReport)
    assert 2 <= report.degree <= 6
    assert report.basis_size == model.basis.size
    assert model.basis.max_degree == report.degree
    assert report.interaction in (0, 1, 2)
    assert report.ridge in (0.0, 1e-8, 1e-6, 1e-4, 1e-2)
    assert 0 < report.candidates and 0 <= report.failed < report.candidates
    assert math.isfinite(report.validation_loss)
    assert (model.dim, model.training_size) == (2, 4000)  # refitted on all rows


def test_the_chosen_model_beats_a_gaussian_fit_on_fresh_data(selected):
    # Three modes are far from Gaussian, so the held-out loss of the degree-2 (Gaussian) model on
    # a fresh sample of the same mixture is the one to beat; 1e-9 allows for rounding only.
    model, _ = selected
    fresh = three_modes(4000, 42)
    chosen = model.validation_loss(fresh)
    with fit_total_degree(three_modes(4000, 41), 2) as gaussian:
        baseline = gaussian.validation_loss(fresh)
    assert math.isfinite(chosen) and math.isfinite(baseline)
    assert chosen <= baseline + 1e-9


def test_select_options_are_the_documented_defaults():
    assert ofdm.SelectOptions.defaults() == ofdm.SelectOptions(
        max_degree=8, max_interaction=2, validation_fraction=0.2, seed=0, max_basis_size=4000, latent_dim=0,
        keep_outliers=False)


def test_fit_select_is_reproducible_and_honours_its_bounds():
    x = three_modes(1500, 43)
    first, report = ofdm.fit_select(x, max_degree=3, max_interaction=1, seed=5)
    again, same = ofdm.fit_select(x, max_degree=3, max_interaction=1, seed=5)
    with first, again:
        assert report == same and first.to_bytes() == again.to_bytes()
        assert report.degree <= 3 and report.interaction in (0, 1)


def test_fit_select_with_pca_selects_in_the_latent_dimension():
    rng = np.random.default_rng(44)
    y = three_modes(2000, 45)
    mixing = np.array([[1.0, 0.3], [-0.5, 1.2], [0.8, -0.7], [0.2, 0.9]])
    x = y @ mixing.T + 0.02 * rng.standard_normal((2000, 4))
    model, report = ofdm.fit_select(x, max_degree=4, latent_dim=2, coordinates=ofdm.Coordinates.PCA)
    with model:
        assert (model.dim, model.latent_dim, model.basis.dim) == (4, 2, 2)
        assert report.basis_size == model.basis.size


def test_bad_selection_options_name_the_option():
    x = three_modes(200, 46)
    with pytest.raises(ofdm.InvalidArgumentError) as raised:
        ofdm.fit_select(x, max_degree=0)
    assert raised.value.status == 2 and "max_degree" in raised.value.detail
    with pytest.raises(ofdm.InvalidArgumentError) as raised:
        ofdm.fit_select(x, validation_fraction=1.0)
    assert "validation_fraction" in raised.value.detail


def test_validation_loss_refuses_wrong_columns_and_nonfinite_rows(selected):
    model, _ = selected
    with pytest.raises(ValueError, match="x must be a n × 2"):
        model.validation_loss(np.zeros((10, 3)))
    bad = three_modes(10, 47)
    bad[4, 1] = math.nan
    with pytest.raises(ofdm.NonfiniteInputError):
        model.validation_loss(bad)

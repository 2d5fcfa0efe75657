"""Dimension 1: a 1-D array of n values is taken as n × 1 wherever points are passed, and a
per-point result of a 1-D input keeps the 1-D shape — bit for bit what the n × 1 array gives.
For d > 1 a 1-D array stays an error that says why."""
import numpy as np
import pytest

import ofdm

N = 400


@pytest.fixture(scope="module")
def line():
    """1-D data (a skewed two-component mixture) and its model of total degree 4, fitted from
    the n × 1 array."""
    rng = np.random.default_rng(81)
    x = np.where(rng.random(N) < 0.3, -1.5 + 0.4 * rng.standard_normal(N), 0.8 + 0.6 * rng.standard_normal(N))
    with ofdm.Basis.total_degree(1, 4) as basis:
        model = ofdm.Model.fit(basis, x[:, None])
    yield x, model
    model.close()


POINTS = np.array([-2.0, -0.5, 0.0, 0.7, 3.0])


def test_fitting_a_vector_is_fitting_the_column(line):
    x, model = line
    with ofdm.Basis.total_degree(1, 4) as basis, ofdm.Model.fit(basis, x) as from_vector:
        assert from_vector.to_bytes() == model.to_bytes()
        assert from_vector.rank == from_vector.basis.size == 4  # well posed: every function used
    with ofdm.Basis.total_degree(1, 4) as basis, ofdm.Model.fit(basis, x.tolist()) as from_list:
        assert from_list.to_bytes() == model.to_bytes()
    with ofdm.Basis.total_degree(1, 4) as basis, ofdm.Model.fit(basis, x, coordinates="pca") as pca, \
            ofdm.Model.fit(basis, x[:, None], coordinates="pca") as pca_column:
        assert pca.to_bytes() == pca_column.to_bytes() and pca.dim == 1


def test_per_point_results_keep_the_vector_shape(line):
    _, model = line
    column = POINTS[:, None]
    score = model.score(0.2, POINTS)
    assert score.shape == (5,) and score.tobytes() == model.score(0.2, column).tobytes()
    assert model.score(0.2, column).shape == (5, 1)  # a column stays a column
    assert model.log_density(0.2, POINTS).tobytes() == model.log_density(0.2, column).tobytes()
    assert model.log_likelihood(POINTS).tobytes() == model.log_likelihood(column).tobytes()
    z = model.to_latent(POINTS)
    assert z.shape == (5,) and z.tobytes() == model.to_latent(column).tobytes()
    back = model.from_latent(z)
    assert back.shape == (5,) and back.tobytes() == model.from_latent(z[:, None]).tobytes()
    assert model.validation_loss(POINTS) == model.validation_loss(column)
    assert model.score(0.2, []).shape == (0,)


def test_a_vector_out_receives_the_result(line):
    _, model = line
    out = np.full(10, 12345.0)
    view = out[::2]  # strided: passed with its leading dimension, not copied
    assert model.score(0.2, POINTS, out=view) is view
    assert (out[::2] == model.score(0.2, POINTS)).all() and (out[1::2] == 12345.0).all()
    same = POINTS.copy()
    assert model.to_latent(same, out=same) is same and same.tobytes() == model.to_latent(POINTS).tobytes()
    with pytest.raises(ValueError, match=r"out must have shape \(5,\)"):
        model.score(0.2, POINTS, out=np.empty(4))


def test_moments_and_selection_take_vectors(line):
    x, model = line
    with ofdm.Basis.total_degree(1, 4) as basis, ofdm.Moments(basis) as moments:
        for half in (x[:200], x[200:]):
            moments.add(half)
        moments.begin_moments()
        moments.add(x)
        with moments.fit() as streamed:
            assert np.abs(streamed.score(0.2, POINTS) - model.score(0.2, POINTS)).max() <= 1e-10
    from_vector, report = ofdm.fit_select(x, max_degree=4)
    from_column, same = ofdm.fit_select(x[:, None], max_degree=4)
    with from_vector, from_column:
        assert from_vector.to_bytes() == from_column.to_bytes() and report == same
        assert from_vector.dim == 1


def test_pca_to_one_component_takes_vector_latents():
    # d = 3, r = 1: latent points may be 1-D (r = 1); data points may not (d = 3).
    rng = np.random.default_rng(82)
    x = rng.standard_normal((300, 1)) @ np.array([[1.0, -2.0, 0.5]]) + 0.01 * rng.standard_normal((300, 3))
    with ofdm.Basis.total_degree(1, 2) as basis, ofdm.Model.fit(basis, x, coordinates="pca") as model:
        z = model.to_latent(x[:4])
        assert z.shape == (4, 1)
        assert model.from_latent(z[:, 0]).tobytes() == model.from_latent(z).tobytes()
        assert model.from_latent(z[:, 0]).shape == (4, 3)
        with pytest.raises(ValueError, match="x must be a n × 3 array.*only where the dimension is 1; here it is 3"):
            model.score(0.1, x[0])


def test_a_vector_for_dimension_two_is_an_error_saying_why(small_model):
    with pytest.raises(ValueError, match=r"x must be a n × 2 array, got shape \(2,\) \(a 1-D array of n points "
                                         r"is taken only where the dimension is 1; here it is 2\)"):
        small_model.score(0.1, np.zeros(2))
    with pytest.raises(ValueError, match="here it is 2"):
        small_model.log_likelihood([0.0, 1.0])
    with ofdm.Basis.total_degree(2, 2) as basis:
        with pytest.raises(ValueError, match="here it is 2"):
            ofdm.Model.fit(basis, np.zeros(50))

"""The coordinate maps that need the data's covariance: symmetric whitening, and PCA, where the
data dimension d exceeds the latent (basis) dimension r and every shape follows ofdm.h:
fit, samples and scores n × d, to_latent n × d → n × r, from_latent n × r → n × d."""
import math

import numpy as np
import pytest

import ofdm
from conftest import correlated_sample

D, R, N = 5, 2, 3000
MEAN = np.array([1.0, -2.0, 0.5, 3.0, -1.0])


def near_plane_sample(n, seed):
    """x = m + A y + 0.02 ε in d = 5, y ~ N(0, I_2), ε ~ N(0, I_5): data near a 2-D subspace."""
    rng = np.random.default_rng(seed)
    mixing = np.array([[1.0, 0.3], [-0.5, 1.2], [0.8, -0.7], [0.2, 0.9], [-1.1, 0.4]])
    y = rng.standard_normal((n, R))
    return MEAN + y @ mixing.T + 0.02 * rng.standard_normal((n, D))


@pytest.fixture(scope="module")
def pca_model():
    x = near_plane_sample(N, 11)
    with ofdm.Basis.total_degree(R, 2) as basis:
        model = ofdm.Model.fit(basis, x, coordinates=ofdm.Coordinates.PCA)
    yield model, x
    model.close()


def test_pca_model_has_data_dim_d_and_latent_dim_r(pca_model):
    model, _ = pca_model
    assert (model.dim, model.latent_dim, model.basis.dim, model.training_size) == (D, R, R, N)
    options = model.options
    assert (options.coordinates, options.data_dim) == (ofdm.Coordinates.PCA, D)


def test_pca_whitens_the_training_data_exactly(pca_model):
    # z = Λ_r^{-1/2} U_rᵀ (x − m) with Λ, U from this very data's covariance (divisor n), so the
    # latent mean is 0 and the covariance I up to rounding: ~1e-14 for values of size ~3 summed
    # over 3000 rows, and 1e-10 leaves room for the eigensolver's residual.
    model, x = pca_model
    z = model.to_latent(x)
    assert z.shape == (N, R)
    mean = z.mean(axis=0)
    covariance = (z - mean).T @ (z - mean) / N
    assert np.abs(mean).max() <= 1e-10
    assert np.abs(covariance - np.eye(R)).max() <= 1e-10


def test_pca_samples_lie_on_the_principal_subspace(pca_model):
    # Samples are decoded by x = m + W⁺ z, and W W⁺ = I, so from_latent(to_latent(x)) gives x
    # back: two rounded products with entries of size ~5, far below the 1e-10 tolerance.
    model, _ = pca_model
    samples = model.sample(200, seed=3, steps=50)
    assert samples.shape == (200, D) and np.isfinite(samples).all()
    z = model.to_latent(samples)
    assert z.shape == (200, R)
    back = model.from_latent(z)
    assert back.shape == (200, D)
    assert np.abs(back - samples).max() <= 1e-10
    flow, log_q = model.sample_flow(20, seed=3)
    assert flow.shape == (20, D) and log_q.shape == (20,)
    # In place, as the header allows (one leading dimension): z into the first r columns of each
    # row, and back over all d; the same computation, bit for bit.
    in_place = samples.copy()
    assert model.to_latent(in_place, out=in_place[:, :R]).base is in_place
    assert (in_place[:, :R] == z).all()
    model.from_latent(in_place[:, :R], out=in_place)
    assert (in_place == back).all()


def test_pca_scores_and_densities_are_in_data_coordinates(pca_model):
    model, x = pca_model
    score = model.score(0.5, x[:10])
    assert score.shape == (10, D) and np.isfinite(score).all()
    assert model.log_density(0.5, x[:10]).shape == (10,)


def test_pca_shapes_are_checked_before_the_call(pca_model):
    model, x = pca_model
    with pytest.raises(ValueError, match="x must be a n × 5"):
        model.to_latent(x[:, :R])
    with pytest.raises(ValueError, match="z must be a n × 2"):
        model.from_latent(x[:4])
    with pytest.raises(ValueError, match="out must be a 4 × 2"):
        model.to_latent(x[:4], out=np.empty((4, D)))


def test_pca_data_dim_comes_from_x_or_is_checked_against_it():
    x = near_plane_sample(500, 12)
    with ofdm.Basis.total_degree(R, 2) as basis:
        implied = ofdm.Model.fit(basis, x, coordinates=ofdm.Coordinates.PCA)
        explicit = ofdm.Model.fit(basis, x, coordinates=ofdm.Coordinates.PCA, data_dim=D)
        assert implied.to_bytes() == explicit.to_bytes()
        with pytest.raises(ValueError, match="x must be a n × 4"):
            ofdm.Model.fit(basis, x, coordinates=ofdm.Coordinates.PCA, data_dim=4)
        with pytest.raises(ValueError, match="x must be a n × 2"):  # without PCA, d = r
            ofdm.Model.fit(basis, x)
        with pytest.raises(ofdm.InvalidArgumentError):  # the library: data_dim != r without PCA
            ofdm.Model.fit(basis, x, data_dim=D)
    implied.close()
    explicit.close()


def test_whitening_gives_unit_covariance_and_inverts_exactly():
    # z = U Λ^{-1/2} Uᵀ (x − m) on the data it was fitted to: mean 0 and covariance I up to
    # rounding (1e-10, as for PCA); from_latent is its exact inverse (r = d), to 1e-12·(|x| + 4).
    x = correlated_sample(707)
    with ofdm.Basis.total_degree(2, 2) as basis:
        model = ofdm.Model.fit(basis, x, coordinates=ofdm.Coordinates.WHITEN)
    with model:
        assert (model.dim, model.latent_dim, model.options.coordinates) == (2, 2, ofdm.Coordinates.WHITEN)
        z = model.to_latent(x)
        back = model.from_latent(z)
    mean = z.mean(axis=0)
    assert np.abs(mean).max() <= 1e-10
    assert np.abs((z - mean).T @ (z - mean) / len(z) - np.eye(2)).max() <= 1e-10
    assert (np.abs(back - x) <= 1e-12 * (np.abs(x) + 4)).all()
    assert math.isfinite(z[0, 0])

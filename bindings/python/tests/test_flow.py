"""Model.log_likelihood and Model.sample_flow: the probability-flow ODE as a normalizing flow
(ofdm.h, "Likelihood and reweighting"), against closed forms and against each other."""
import math

import numpy as np
import pytest

import ofdm
from conftest import POINTS, correlated_sample, fit_total_degree


def gaussian_log_density_at(x, beta, t, points):
    """The exact normalized log q_t of the degree-2 model of Gaussian data x, in data coordinates.

    In latent z = (x − mean)/std (divisor n) the model at t is N(e^{−t} μ_z, e^{−2t} C_z +
    (1 − e^{−2t})/β I) (DESIGN §1, §4); μ_z = 0 here since z is standardized. The data-space
    density adds log|det W| = −Σ_j log std_j. At t = 0 it is N(mean, cov) of the data."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / std
    mu = z.mean(axis=0)
    cov = (z - mu).T @ (z - mu) / len(z)
    decay = math.exp(-t)
    sigma = decay ** 2 * cov + (1.0 - decay ** 2) / beta * np.eye(2)
    r = (points - mean) / std - decay * mu
    quadratic = np.einsum("ij,ij->i", r, np.linalg.solve(sigma, r.T).T)
    return -0.5 * quadratic - 0.5 * math.log(np.linalg.det(2 * math.pi * sigma)) - np.log(std).sum()


# Points near and far from the correlated sample (mean (1, −3), std (2, 0.5)): the last two are
# 6 standard deviations out, where the flow's tail guard must leave a Gaussian model untouched.
FAR = np.array([[13.0, -3.0], [1.0, 0.0]])


def test_flow_options_have_the_documented_defaults():
    assert ofdm.SampleOptions.flow_defaults() == ofdm.SampleOptions(
        method=ofdm.Sampler.SDE, steps=64, t_max=8.0, t_min=0.0, grid=ofdm.TimeGrid.EXPONENTIAL,
        corrector=ofdm.Corrector.NONE, corrector_steps=1, corrector_snr=0.1, denoise=True, guard=True,
        seed=0, threads=0, tolerance=1e-6)


# Tolerance 1e-3 nats, the bound of DESIGN §4 ("Likelihood through the probability-flow ODE").
# The identity is exact in the library (the degree-2 model of Gaussian data is the data's
# Gaussian, and the flow of an affine drift keeps it Gaussian); what remains is the integrator's
# tolerance (1e-6) and starting from π instead of p_T at T = 8, an O(e^{−2T}) ≈ 1e-7 covariance
# error, together ≲ 1e-5 nats at 6 σ. A missing log|det W| (here −log(2 · 0.5) … ≈ 0.2 nats), a
# wrong β or a wrong t_min misses by far more.
@pytest.mark.parametrize("beta", [1.0, 2.5])
def test_log_likelihood_of_a_gaussian_model_is_the_data_gaussian(beta):
    x = correlated_sample(101)
    points = np.vstack([POINTS, FAR])
    with fit_total_degree(x, 2, beta=beta) as model:
        got = model.log_likelihood(points)
    want = gaussian_log_density_at(x, beta, 0.0, points)
    assert got.shape == (len(points),)
    assert np.abs(got - want).max() <= 1e-3, got - want


def test_t_min_selects_the_time_of_the_density():
    # The same closed form at t = 0.5: the keyword reaches the library (the t = 0 density differs
    # from it by tenths of a nat at these points). Tolerance as above.
    x, t = correlated_sample(101), 0.5
    with fit_total_degree(x, 2) as model:
        got = model.log_likelihood(POINTS, t_min=t)
    want = gaussian_log_density_at(x, 1.0, t, POINTS)
    assert np.abs(got - want).max() <= 1e-3
    assert np.abs(gaussian_log_density_at(x, 1.0, 0.0, POINTS) - want).max() > 0.05


def test_keywords_left_out_are_the_flow_defaults(mixture_model):
    d = ofdm.SampleOptions.flow_defaults()
    spelled_out = dict(t_min=d.t_min, t_max=d.t_max, steps=d.steps, grid=d.grid, tolerance=d.tolerance,
                       guard=d.guard, threads=d.threads)
    assert mixture_model.log_likelihood(POINTS * 0.3).tobytes() == \
        mixture_model.log_likelihood(POINTS * 0.3, **spelled_out).tobytes()
    # seed=None draws a fresh seed (not the C default 0), so it is spelled out on both sides.
    y, log_q = mixture_model.sample_flow(20, seed=0)
    y2, log_q2 = mixture_model.sample_flow(20, seed=d.seed, **spelled_out)
    assert y.tobytes() == y2.tobytes() and log_q.tobytes() == log_q2.tobytes()


def test_sample_flow_log_q_is_the_log_likelihood_of_its_samples(mixture_model):
    # The mixture model is far from Gaussian, so the flow is non-linear and the guard is active.
    # Sampling integrates from t_max down, the likelihood from the point up, each with tolerance
    # 1e-6: they agree to about that; 1e-4 nats is the round-trip bound of DESIGN §4 (stated there
    # for the mean gap; held here by every sample).
    y, log_q = mixture_model.sample_flow(200, seed=4)
    assert y.shape == (200, 2) and log_q.shape == (200,)
    assert np.isfinite(y).all() and np.isfinite(log_q).all()
    assert np.abs(mixture_model.log_likelihood(y) - log_q).max() <= 1e-4


def test_same_seed_gives_bit_identical_flow_samples_with_1_or_2_threads(mixture_model):
    one = mixture_model.sample_flow(150, seed=5, threads=1)
    two = mixture_model.sample_flow(150, seed=5, threads=2)
    assert one[0].tobytes() == two[0].tobytes() and one[1].tobytes() == two[1].tobytes()
    prefix = mixture_model.sample_flow(40, seed=5)
    assert prefix[0].tobytes() == one[0][:40].tobytes()  # a run is a prefix of a longer one
    assert not (mixture_model.sample_flow(150, seed=6)[0] == one[0]).all()


def test_flow_samples_of_a_gaussian_model_follow_the_data():
    # 2000 flow samples match the data's mean and std within 5 standard errors (plus 1 % for the
    # flow's O(e^{−2T}) start), and their log_q is the data Gaussian's log-density (as above).
    x = correlated_sample(707)
    with fit_total_degree(x, 2) as model:
        y, log_q = model.sample_flow(2000, seed=11)
    mean, std, n = x.mean(axis=0), x.std(axis=0), len(y)
    assert (np.abs(y.mean(axis=0) - mean) <= 5 * std / np.sqrt(n) + 0.01 * std).all()
    assert (np.abs(y.std(axis=0) - std) <= 5 * std / np.sqrt(2 * n) + 0.01 * std).all()
    assert np.abs(log_q - gaussian_log_density_at(x, 1.0, 0.0, y)).max() <= 1e-3


def test_flow_stats_count_the_adaptive_steps(mixture_model):
    values, stats = mixture_model.log_likelihood(POINTS * 0.3, steps=16, stats=True)
    assert values.shape == (len(POINTS),)
    # Steps start at and never exceed the grid spacing, so every trajectory takes >= 16.
    assert 16 <= stats.flow_mean_steps <= stats.flow_max_steps
    assert stats.flow_rejected_steps >= 0
    assert stats.corrector_proposals == 0
    samples, log_q, stats = mixture_model.sample_flow(10, seed=2, steps=24, stats=True)
    assert samples.shape == (10, 2) and log_q.shape == (10,)
    assert 24 <= stats.flow_mean_steps <= stats.flow_max_steps
    assert 0 <= stats.guarded_samples <= 10  # trajectories the guard touched


def test_progress_counts_trajectories(mixture_model):
    calls = []
    mixture_model.sample_flow(30, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (30, 30)


def test_out_receives_the_flow_samples(mixture_model):
    wide = np.zeros((12, 5))
    samples, log_q = mixture_model.sample_flow(12, seed=1, out=wide[:, 1:3])
    assert np.shares_memory(samples, wide)
    expected = mixture_model.sample_flow(12, seed=1)
    assert (wide[:, 1:3] == expected[0]).all() and (log_q == expected[1]).all()
    assert (wide[:, [0, 3, 4]] == 0).all()


def test_no_points_and_no_samples_are_empty_results(small_model):
    assert small_model.log_likelihood(np.empty((0, 2))).shape == (0,)
    samples, log_q = small_model.sample_flow(0)
    assert samples.shape == (0, 2) and log_q.shape == (0,)

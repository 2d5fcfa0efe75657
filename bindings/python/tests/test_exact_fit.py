"""Fits whose answer is known exactly (the C suite's tests/capi/test_api_model.c, through Python).

A degree-2 basis: G(t) and b(t) involve only moments of degree <= 2 of p_t, the OU evolution of
the empirical law; these equal the moments of the Gaussian q_t with the same mean and covariance,
whose score −Σ_t⁻¹(z − m_t) lies in the model class, so the projection returns it exactly
(DESIGN §1, §4). In latent z = (x − mean)/std (divisor n): m_t = e^{−t} μ_z,
Σ_t = e^{−2t} C_z + (1 − e^{−2t})/β I, and the data-space score is Wᵀ s_z with W = diag(1/std).
"""
import math

import numpy as np
import pytest

import ofdm
from conftest import POINTS, correlated_sample, fit_total_degree


def gaussian_truth(x, beta, t, points):
    """Exact data-space scores and log q_t (up to a t-only constant) at points."""
    mean, std = x.mean(axis=0), x.std(axis=0)  # divisor n, as the library standardizes
    z = (x - mean) / std
    mu = z.mean(axis=0)
    cov = (z - mu).T @ (z - mu) / len(z)
    decay = math.exp(-t)
    sigma = decay ** 2 * cov + (1.0 - decay ** 2) / beta * np.eye(2)
    r = (points - mean) / std - decay * mu
    s = -np.linalg.solve(sigma, r.T).T  # −Σ⁻¹ r per point
    return s / std, 0.5 * np.einsum("ij,ij->i", r, s)


# Tolerance 1e-8: the moments are means of 4000 double products (relative rounding ~ n·ε ≈
# 1e-12) and G(t) is a well-conditioned 5 × 5 system (ρ = 0.6), so the identity holds to ~1e-11;
# 1e-8 leaves a wide margin yet catches any wrong factor, sign or time dependence.
@pytest.mark.parametrize("beta", [1.0, 2.5])
@pytest.mark.parametrize("t", [0.0, 0.5, 2.0])
def test_degree2_fit_reproduces_the_exact_gaussian_score(beta, t):
    x = correlated_sample(101)
    with fit_total_degree(x, 2, beta=beta) as model:
        score, log_p = model.score(t, POINTS), model.log_density(t, POINTS)
    truth, log_q = gaussian_truth(x, beta, t, POINTS)
    error = np.hypot(*(score - truth).T)
    assert (error <= 1e-8 * (1.0 + np.hypot(*truth.T))).all()
    want = log_q[1:] - log_q[0]  # differences remove the t-only constant
    assert (np.abs((log_p[1:] - log_p[0]) - want) <= 1e-8 * (1.0 + np.abs(want))).all()


def test_log_density_at_infinity_is_the_normalized_stationary_law():
    # (d/2) log(β/2π) − β|z|²/2 − Σ_j log std_j; tolerance 1e-12: a few rounded operations.
    beta, x = 2.5, correlated_sample(101)
    mean, std = x.mean(axis=0), x.std(axis=0)
    z = (POINTS - mean) / std
    want = math.log(beta / (2 * math.pi)) - 0.5 * beta * (z ** 2).sum(axis=1) - np.log(std).sum()
    with fit_total_degree(x, 2, beta=beta) as model:
        got = model.log_density(math.inf, POINTS)
    assert (np.abs(got - want) <= 1e-12 * (1.0 + np.abs(want))).all()


def test_score_at_infinity_is_exactly_the_stationary_score():
    # α(∞) = 0, so with z = x the score is 0 − β·x: exact in floating point, compared with ==.
    beta = 2.5
    points = np.array([[0.3, -1.7], [2.0, 0.0], [-0.25, 4.5]])
    x = np.random.default_rng(7).standard_normal((200, 2))
    with fit_total_degree(x, 2, beta=beta, coordinates=ofdm.Coordinates.NONE) as model:
        assert (model.score(math.inf, points) == -beta * points).all()
        assert (model.coefficients(math.inf) == 0.0).all()


def test_perturbation_mode_decays_each_coefficient_by_its_degree():
    # α_k(t) = e^{−|k|t} α_k(0), and at t = 0 both modes make the same solve. Tolerance 1e-14
    # relative: a few rounding errors of one exp and one product.
    x, t = correlated_sample(202), 0.7
    with fit_total_degree(x, 2) as galerkin, fit_total_degree(x, 2, time_mode=ofdm.TimeMode.PERTURBATION) as first:
        alpha = galerkin.coefficients(0.0)
        alpha0, alpha_t = first.coefficients(0.0), first.coefficients(t)
        degrees = first.basis.indices.sum(axis=1)
    assert alpha.shape == (5,)
    assert (np.abs(alpha0 - alpha) <= 1e-14 * np.abs(alpha)).all()
    assert (np.abs(alpha_t - np.exp(-degrees * t) * alpha0) <= 1e-14 * np.abs(alpha0)).all()

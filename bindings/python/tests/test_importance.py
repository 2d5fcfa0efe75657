"""ofdm.importance and ofdm.importance_estimate: self-normalized importance weights and the
estimates they give, against hand-computed answers and a reweighted Gaussian model (ofdm.h,
"Likelihood and reweighting")."""
import math

import numpy as np

import ofdm
from conftest import correlated_sample, fit_total_degree


def test_a_target_proportional_to_q_gives_uniform_weights(mixture_model):
    # log_target = log_q + 3: every ratio is e³, so w = 1/n, ESS = n, log Z = 3 with zero error.
    # Tolerances: a sum of n rounded terms, ~n·ε relative.
    _, log_q = mixture_model.sample_flow(100, seed=8)
    weights, summary = ofdm.importance(log_q + 3.0, log_q)
    assert isinstance(summary, ofdm.ImportanceSummary)
    assert np.allclose(weights, 1.0 / 100, rtol=1e-12, atol=0)
    assert abs(summary.effective_sample_size - 100) <= 1e-10
    assert abs(summary.ess_per_sample - 1) <= 1e-12
    assert abs(summary.log_z - 3.0) <= 1e-12
    assert abs(summary.log_z_error) <= 1e-6
    assert abs(summary.max_weight - 0.01) <= 1e-14


def test_hand_computed_weights_and_summary():
    # Ratios r = (1, 3, 0) (the last log_target is −inf: weight 0), normalized w = (1/4, 3/4, 0).
    # ESS = 1/Σw² = 1/(1/16 + 9/16) = 1.6; log Z = log((1 + 3 + 0)/3); log Z's error
    # sqrt((n Σw² − 1)/(n − 1)) = sqrt((3 · 10/16 − 1)/2) = sqrt(7/16). Float rounding only.
    log_target = np.array([0.0, math.log(3.0) + 2.0, -np.inf])
    log_q = np.array([0.0, 2.0, 5.0])
    weights, summary = ofdm.importance(log_target, log_q)
    assert np.allclose(weights, [0.25, 0.75, 0.0], rtol=1e-14, atol=0)
    assert weights[2] == 0.0
    assert math.isclose(summary.effective_sample_size, 1.6, rel_tol=1e-14)
    assert math.isclose(summary.ess_per_sample, 1.6 / 3, rel_tol=1e-14)
    assert math.isclose(summary.log_z, math.log(4.0 / 3.0), rel_tol=1e-14)
    assert math.isclose(summary.log_z_error, math.sqrt(7.0 / 16.0), rel_tol=1e-14)
    assert math.isclose(summary.max_weight, 0.75, rel_tol=1e-14)


def test_weights_do_not_overflow():
    # Ratios e^{1000} and e^{1000 + log 3}: the same weights as (1, 3).
    weights, summary = ofdm.importance([1000.0, 1000.0 + math.log(3.0)], [0.0, 0.0])
    assert np.allclose(weights, [0.25, 0.75], rtol=1e-12, atol=0)
    assert math.isclose(summary.log_z, 1000.0 + math.log(2.0), rel_tol=1e-15)


def test_one_sample_has_no_log_z_error():
    weights, summary = ofdm.importance([1.5], [0.5])
    assert weights.tolist() == [1.0] and summary.effective_sample_size == 1.0
    assert math.isclose(summary.log_z, 1.0, rel_tol=1e-15) and math.isnan(summary.log_z_error)


def test_hand_computed_estimate_of_one_observable():
    # w = (1, 3) (not normalized), f = (2, 4): w̄ = (1/4, 3/4), mean = 1/2 + 3 = 3.5,
    # error = sqrt(w̄₁² (2 − 3.5)² + w̄₂² (4 − 3.5)²) = sqrt(9/64 + 9/64) = 3/(4√2).
    mean, error = ofdm.importance_estimate([1.0, 3.0], [2.0, 4.0])
    assert isinstance(mean, float) and isinstance(error, float)
    assert math.isclose(mean, 3.5, rel_tol=1e-15)
    assert math.isclose(error, 3.0 / (4.0 * math.sqrt(2.0)), rel_tol=1e-14)


def test_hand_computed_estimate_of_several_observables_from_a_column_slice():
    # Columns: f, a constant (error 0) and −f (the same error). values is a column slice of a
    # wider array, read with its leading dimension.
    wide = np.array([[9.0, 2.0, 7.0, -2.0], [9.0, 4.0, 7.0, -4.0]])
    mean, error = ofdm.importance_estimate(np.array([1, 3]), wide[:, 1:])
    assert mean.shape == error.shape == (3,)
    assert np.allclose(mean, [3.5, 7.0, -3.5], rtol=1e-15, atol=0)
    assert np.allclose(error, [3.0 / (4.0 * math.sqrt(2.0)), 0.0, 3.0 / (4.0 * math.sqrt(2.0))], rtol=1e-14, atol=0)


def test_reweighting_a_gaussian_model_to_a_shifted_gaussian():
    # q is the degree-2 model of Gaussian data, which is N(m, C) of the data exactly. The target
    # is e^{1.5} · N(m + δ, C), δ = (0.3, −0.1) (a fraction of a std), written here in closed form:
    # its normalizer relative to q is e^{1.5}, and its mean m + δ. The estimates must be within
    # 5 of their own standard errors (sampling error), plus 1e-3 for q's integration error.
    x = correlated_sample(303)
    m, c = x.mean(axis=0), np.cov(x.T, bias=True)
    delta = np.array([0.3, -0.1])
    with fit_total_degree(x, 2) as model:
        y, log_q = model.sample_flow(4000, seed=21)
    r = y - (m + delta)
    log_target = 1.5 - 0.5 * np.einsum("ij,ij->i", r, np.linalg.solve(c, r.T).T) \
        - 0.5 * math.log(np.linalg.det(2 * math.pi * c))
    weights, summary = ofdm.importance(log_target, log_q)
    assert abs(summary.log_z - 1.5) <= 5 * summary.log_z_error + 1e-3
    assert 0.5 < summary.ess_per_sample < 1.0  # a mild shift: most samples still count
    mean, error = ofdm.importance_estimate(weights, y)
    assert (np.abs(mean - (m + delta)) <= 5 * error + 1e-3).all()
    assert (error > 0).all()

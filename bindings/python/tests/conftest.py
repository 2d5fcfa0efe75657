"""Shared set-up of the binding's suite: the source tree's package on sys.path, the library of
the build tree unless OFDM_LIBRARY says otherwise, reproducible data and small fitted models.

Run from the repository root with the library built (`make lib`):
    /usr/bin/python3 -m pytest bindings/python/tests
"""
import os
import sys

import numpy as np
import pytest

BINDING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(os.path.dirname(BINDING_DIR))
BUILT_LIBRARY = os.path.join(REPO_ROOT, "build", "lib", "libofdm.so")

sys.path.insert(0, BINDING_DIR)  # the package under test is this tree's, not an installed copy
os.environ.setdefault("OFDM_LIBRARY", BUILT_LIBRARY)

import ofdm  # noqa: E402  (after the path and library are set)


def subprocess_env(**overrides):
    """The environment for a child interpreter that imports this tree's package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = BINDING_DIR + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(overrides)
    return env


# A correlated 2-D Gaussian sample, as in the C suite's correlated_sample:
# x = (1 + 2 g₁, −3 + 0.5 (ρ g₁ + sqrt(1 − ρ²) g₂)), ρ = 0.6, GN rows.
GN = 4000


def correlated_sample(seed):
    g = np.random.default_rng(seed).standard_normal((GN, 2))
    return np.column_stack([1.0 + 2.0 * g[:, 0], -3.0 + 0.5 * (0.6 * g[:, 0] + 0.8 * g[:, 1])])


def mixture_sample(n, seed):
    """An equal-weight three-mode 2-D Gaussian mixture, σ = 0.45 (the C suite's mixture)."""
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.2, -0.6], [1.2, -0.6], [0.0, 1.2]])
    return centres[rng.integers(0, 3, n)] + 0.45 * rng.standard_normal((n, 2))


def fit_total_degree(x, degree, **options):
    with ofdm.Basis.total_degree(x.shape[1], degree) as basis:
        return ofdm.Model.fit(basis, x, **options)


# Points near correlated_sample's data (mean (1, −3), std (2, 0.5)) and times including t = ∞.
POINTS = np.array([[1.0, -3.0], [3.1, -2.2], [-2.5, -3.6], [0.4, -1.9], [5.0, -3.1]])
TIMES = (0.0, 0.3, 2.0, np.inf)


@pytest.fixture
def small_model():
    """d = 2, total degree 2 (K = 5), 200 standard normal samples."""
    with fit_total_degree(np.random.default_rng(7).standard_normal((200, 2)), 2) as model:
        yield model


@pytest.fixture(scope="module")
def mixture_model():
    """Total degree 4 (K = 14) on 1000 mixture points: small, and non-Gaussian enough that the
    tail guard and the correctors have work."""
    model = fit_total_degree(mixture_sample(1000, 31), 4)
    yield model
    model.close()

"""The adaptive basis (ofdm.h, "Adaptive basis", ofdm_fit_adaptive): fit_adaptive recovers a
planted sparse log-density, its report agrees with the model, the choice does not depend on the
thread count, and bad options, too few rows, a memory limit and a cancelling progress callable
are refused with the binding's errors in keyword terms."""
import dataclasses
import math

import numpy as np
import pytest

import ofdm
from ofdm.adaptive import _round_loss_capacity
from ofdm.options import adaptive_options_struct

_MASK = 2 ** 64 - 1


class SplitMix:
    """splitmix64 + Box–Muller as tests/capi/support/capi_support.h (capi_uniform01,
    capi_normal01), so that the planted sample is the C suite's own, bit for bit."""

    def __init__(self, seed):
        self.state = seed

    def uniform01(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        z ^= z >> 31
        return ((z >> 11) + 0.5) / 9007199254740992.0  # in (0, 1)

    def normal01(self):
        u = self.uniform01()  # radius first, then angle: the order is part of the data
        return math.sqrt(-2.0 * math.log(u)) * math.cos(6.283185307179586 * self.uniform01())


def planted_sample(n, seed):
    """tests/capi/test_api_adaptive.c's planted sparse log-density in d = 3, sampled exactly:
    x0 ~ p0 ∝ exp(−x0⁴/4 + x0²/2) (by rejection from N(0, 1.5²)), x1 | x0 ~ N(0.8 x0, 0.6²),
    x2 ~ N(0, 1). Relative to π = N(0, I) the log-density is, up to a constant,
    h = −x0⁴/4 + x0² − (x1 − 0.8 x0)²/0.72 + x1²/2, whose only Hermite terms are the indices
    (4,0,0), (2,0,0), (1,1,0) and (0,2,0); x2 is π's own coordinate, with nothing to learn."""
    rng = SplitMix(seed)
    top_x2 = 1.0 + 1.0 / 2.25  # the bound of p0 / N(0, 1.5²) is largest at x² = 1 + 1/2.25
    log_bound = -top_x2 * top_x2 / 4.0 + top_x2 / 2.0 + top_x2 / 4.5
    x = np.empty((n, 3))
    i = 0
    while i < n:
        x0 = 1.5 * rng.normal01()
        log_ratio = -x0 * x0 * x0 * x0 / 4.0 + x0 * x0 / 2.0 + x0 * x0 / 4.5 - log_bound
        if math.log(rng.uniform01()) >= log_ratio:
            continue
        x[i, 0] = x0
        x[i, 1] = 0.8 * x0 + 0.6 * rng.normal01()
        x[i, 2] = rng.normal01()
        i += 1
    return x


@pytest.fixture(scope="module")
def planted():
    x = planted_sample(6000, 71)
    model, report = ofdm.fit_adaptive(x, coordinates="none")
    yield x, model, report
    model.close()


@pytest.fixture(scope="module")
def small():
    return planted_sample(1000, 73)


def test_a_planted_sparse_log_density_is_recovered(planted):
    _, model, _ = planted
    indices = {tuple(int(k) for k in row) for row in model.basis.indices}
    # Its terms are chosen...
    assert (4, 0, 0) in indices and (1, 1, 0) in indices, sorted(indices)
    # ...and nothing spurious: no function of x2 beyond the start set (x2, x2²) and no
    # interaction with x2, whose law is π's own at every t (the OU process acts coordinate-wise).
    # Higher powers of x0 and x0–x1 terms are not spurious (the criterion integrates over t, and
    # the noised laws p_t are not polynomial in x0), so their degree is not bounded here, as in
    # the C suite.
    for a, b, c in indices:
        assert not (c > 2 or (c > 0 and (a > 0 or b > 0))), (a, b, c)


def test_the_report_describes_the_chosen_model(planted):
    x, model, report = planted
    assert isinstance(report, ofdm.AdaptiveReport)
    assert report.basis_size == model.basis.size == len(model.basis.indices)
    assert (model.dim, model.latent_dim, model.training_size) == (3, 3, x.shape[0])  # built from all rows
    assert model.options.coordinates == ofdm.Coordinates.NONE
    assert report.ridge == model.options.ridge and report.ridge in (0.0, 1e-8, 1e-6, 1e-4, 1e-2)
    assert isinstance(report.stop, ofdm.AdaptiveStop) and report.stop != ofdm.AdaptiveStop.MEMORY
    assert 1 <= report.rounds <= 60 and report.candidates > 0
    assert math.isfinite(report.validation_loss) and report.seconds > 0.0
    # One criterion for the start set and one per kept round, each lower than the last (the
    # round is kept only then: a strict comparison in the library, so no tolerance).
    losses = report.round_losses
    assert isinstance(losses, tuple) and len(losses) == report.rounds + 1
    assert all(isinstance(loss, float) and math.isfinite(loss) for loss in losses)
    assert all(later < earlier for earlier, later in zip(losses, losses[1:])), losses


def test_adaptive_options_are_the_documented_defaults():
    assert ofdm.AdaptiveOptions.defaults() == ofdm.AdaptiveOptions(
        max_basis_size=1000, max_rounds=60, max_per_round=0, max_interaction=0, threads=0, validation_fraction=0.2,
        seed=0, max_seconds=0.0, latent_dim=0)


def test_the_same_choice_on_one_and_two_threads():
    # Deterministic for a seed on any thread count (ofdm.h): the same model, bit for bit, and
    # the same report but for the wall-clock time.
    x = planted_sample(3000, 72)
    one, first = ofdm.fit_adaptive(x, coordinates="none", threads=1)
    two, second = ofdm.fit_adaptive(x, coordinates="none", threads=2)
    with one, two:
        assert one.to_bytes() == two.to_bytes()
        assert dataclasses.replace(first, seconds=0.0) == dataclasses.replace(second, seconds=0.0)


def test_the_split_seed_follows_the_binding_seed_rules(small):
    # None keeps the library's 0 (the split is not a sampling seed); a Generator gives exactly
    # the model of the uint64 it draws.
    default, _ = ofdm.fit_adaptive(small, max_rounds=2)
    zero, _ = ofdm.fit_adaptive(small, max_rounds=2, seed=0)
    drawn = int(np.random.default_rng(5).integers(0, 2 ** 64, dtype=np.uint64))
    from_generator, _ = ofdm.fit_adaptive(small, max_rounds=2, seed=np.random.default_rng(5))
    from_int, _ = ofdm.fit_adaptive(small, max_rounds=2, seed=drawn)
    with default, zero, from_generator, from_int:
        assert default.to_bytes() == zero.to_bytes()
        assert from_generator.to_bytes() == from_int.to_bytes()


def test_the_round_budget_stops_the_growth_and_bounds_the_losses(small):
    model, report = ofdm.fit_adaptive(small, coordinates="none", max_rounds=0)
    with model:
        assert (report.rounds, report.stop, report.basis_size) == (0, ofdm.AdaptiveStop.ROUNDS, 6)
        assert len(report.round_losses) == 1 and model.basis.size == 6  # the start set: x_j, x_j² for j < 3
    model, report = ofdm.fit_adaptive(small, coordinates="none", max_rounds=1)
    with model:
        assert report.rounds <= 1 and len(report.round_losses) == report.rounds + 1
        assert report.stop in (ofdm.AdaptiveStop.ROUNDS, ofdm.AdaptiveStop.CONVERGED)


def test_the_loss_buffer_holds_every_round_the_options_allow():
    # max_rounds + 1 losses at most, and never more than one per function the set may gain.
    assert _round_loss_capacity(adaptive_options_struct()) == 61
    assert _round_loss_capacity(adaptive_options_struct(max_rounds=2 ** 31 - 1, max_basis_size=50)) == 51
    assert _round_loss_capacity(adaptive_options_struct(max_rounds=-1)) == 1


def test_pca_grows_the_basis_in_the_latent_dimension():
    rng = np.random.default_rng(44)
    y = planted_sample(2000, 74)[:, :2]
    mixing = np.array([[1.0, 0.3], [-0.5, 1.2], [0.8, -0.7], [0.2, 0.9]])
    x = y @ mixing.T + 0.02 * rng.standard_normal((2000, 4))
    model, report = ofdm.fit_adaptive(x, coordinates=ofdm.Coordinates.PCA, latent_dim=2, max_rounds=3)
    with model:
        assert (model.dim, model.latent_dim, model.basis.dim) == (4, 2, 2)
        assert report.basis_size == model.basis.size >= 4


def test_automatic_coordinates_report_the_maps_compared():
    """Two modes along the diagonal of R^4 (as the C suite's diagonal_modes): both maps are grown
    and sampled, the PCA's samples are clearly closer and its model is returned; a fixed map
    reports itself and no distances; a fixed fit refuses "auto" by name."""
    rng = np.random.default_rng(45)
    side = np.where(rng.random(2000) < 0.5, -1.0, 1.0)
    x = side[:, None] + 0.5 * rng.standard_normal((2000, 4))
    model, report = ofdm.fit_adaptive(x, coordinates="auto", max_rounds=8)
    with model:
        assert report.coordinates is ofdm.Coordinates.PCA
        assert model.options.coordinates is ofdm.Coordinates.PCA
    distances = report.coordinate_distances
    assert set(distances) == {ofdm.Coordinates.STANDARDIZE, ofdm.Coordinates.PCA}
    assert distances[ofdm.Coordinates.STANDARDIZE] > 1.5 * distances[ofdm.Coordinates.PCA] > 0
    model, report = ofdm.fit_adaptive(x, coordinates="standardize", max_rounds=2)
    with model:
        assert report.coordinates is ofdm.Coordinates.STANDARDIZE and report.coordinate_distances == {}
    with pytest.raises(ofdm.InvalidArgumentError, match='latent_dim=2 .*coordinates="auto"'):
        ofdm.fit_adaptive(x, coordinates="auto", latent_dim=2)
    with pytest.raises(ofdm.InvalidArgumentError, match='coordinates="auto" .*only ofdm_fit_adaptive'):
        ofdm.Model.fit(ofdm.Basis.total_degree(4, 2), x, coordinates="auto")


def test_bad_options_name_the_keyword(small):
    cases = [
        ({"max_basis_size": 5}, "max_basis_size=5"),  # the start set has 6
        ({"max_basis_size": 0}, "max_basis_size=0"),
        ({"validation_fraction": 0.0}, "validation_fraction=0"),
        ({"threads": -1}, "threads=-1"),
        ({"max_rounds": -1}, "max_rounds=-1"),
        ({"max_per_round": -2}, "max_per_round=-2"),
        ({"max_interaction": -1}, "max_interaction=-1"),
        ({"max_seconds": -1.0}, "max_seconds=-1"),
        ({"latent_dim": 4}, "latent_dim=4"),
        ({"latent_dim": 2}, 'coordinates="pca"'),  # only PCA reduces the dimension
    ]
    for options, phrase in cases:
        with pytest.raises(ofdm.InvalidArgumentError) as raised:
            ofdm.fit_adaptive(small, **options)
        error = raised.value
        assert error.status == 2 and phrase in error.detail, (options, error.detail)
        assert "options." not in error.detail and "options." in error.c_detail, error.detail
        assert error.detail.startswith("ofdm_fit_adaptive: "), error.detail


def test_arguments_are_checked_before_the_call(small):
    with pytest.raises(ValueError, match="max_rounds"):
        ofdm.fit_adaptive(small, max_rounds=2 ** 31)  # beyond int32_t: ctypes would wrap it
    with pytest.raises(TypeError, match="max_seconds"):
        ofdm.fit_adaptive(small, max_seconds="1")
    with pytest.raises(TypeError, match="seed"):
        ofdm.fit_adaptive(small, seed=1.0)


def test_too_few_rows_nonfinite_rows_and_a_memory_limit_are_refused(small):
    with pytest.raises(ofdm.TooFewSamplesError):
        ofdm.fit_adaptive(small[:2], coordinates="none")
    bad = small.copy()
    bad[17, 2] = math.inf
    with pytest.raises(ofdm.NonfiniteInputError):
        ofdm.fit_adaptive(bad)
    with pytest.raises(ofdm.TooLargeError) as raised:
        ofdm.fit_adaptive(small, coordinates="none", memory_limit=64)  # below the start set's system
    assert "memory_limit=" in raised.value.detail, raised.value.detail


def test_progress_counts_rounds_and_a_true_return_cancels(small):
    calls = []

    def cancel_at_round_two(done, total):
        calls.append((done, total))
        return done >= 2

    with pytest.raises(ofdm.CancelledError, match="cancelled"):
        ofdm.fit_adaptive(small, coordinates="none", progress=cancel_at_round_two)
    assert len(calls) >= 3 and calls[-1][0] == 2 and {total for _, total in calls} == {60}  # total: max_rounds

    seen = []
    model, report = ofdm.fit_adaptive(small, coordinates="none", max_rounds=4,
                                      progress=lambda done, total: seen.append((done, total)))
    with model:
        assert seen[-1] == (4, 4) and all(total == 4 for _, total in seen)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_an_exception_in_progress_cancels_and_is_raised_after_the_call(small):
    def fail(done, total):
        raise KeyError("from progress")

    with pytest.raises(KeyError, match="from progress"):
        ofdm.fit_adaptive(small, progress=fail)

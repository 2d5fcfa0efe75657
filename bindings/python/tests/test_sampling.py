"""Model.sample: every option as a keyword, reproducibility, the statistics, and samples that
follow the data (ofdm.h, "Sampling")."""
import numpy as np

import ofdm
from conftest import correlated_sample, fit_total_degree


def test_sample_options_have_the_documented_defaults():
    assert ofdm.SampleOptions.defaults() == ofdm.SampleOptions(
        method=ofdm.Sampler.SDE, steps=400, t_max=5.0, t_min=1e-3, grid=ofdm.TimeGrid.GEOMETRIC,
        corrector=ofdm.Corrector.NONE, corrector_steps=1, corrector_snr=0.1, denoise=True, guard=True,
        seed=0, threads=0, tolerance=1e-6)


def test_keywords_left_out_are_the_library_defaults(mixture_model):
    defaults = ofdm.SampleOptions.defaults()
    # tolerance is read by the probability-flow functions only, so Model.sample does not take it.
    # seed is the one keyword whose None is not the C default (0) but a fresh seed, so it is given.
    spelled_out = {name: getattr(defaults, name) for name in defaults.__dataclass_fields__ if name != "tolerance"}
    assert spelled_out["seed"] == 0
    assert (mixture_model.sample(16, seed=0) == mixture_model.sample(16, **spelled_out)).all()


def test_same_seed_gives_bit_identical_samples_with_1_or_2_threads(mixture_model):
    # 300 samples span several batches of the library's work split, so 2 threads share them.
    one = mixture_model.sample(300, seed=5, steps=40, threads=1)
    two = mixture_model.sample(300, seed=5, steps=40, threads=2)
    assert one.tobytes() == two.tobytes()
    assert one.tobytes() == mixture_model.sample(300, seed=5, steps=40).tobytes()  # all cores
    assert not (mixture_model.sample(300, seed=6, steps=40) == one).all()


def test_a_run_is_a_prefix_of_a_longer_run(mixture_model):
    short, long = mixture_model.sample(50, seed=9, steps=30), mixture_model.sample(120, seed=9, steps=30)
    assert short.tobytes() == long[:50].tobytes()


def test_every_sampler_grid_and_corrector_gives_finite_samples(mixture_model):
    for method in ofdm.Sampler:
        for corrector in ofdm.Corrector:
            samples = mixture_model.sample(64, seed=1, steps=20, method=method, corrector=corrector,
                                           grid=ofdm.TimeGrid.UNIFORM, t_min=0.0, t_max=4.0,
                                           corrector_steps=2, corrector_snr=0.05, denoise=False, guard=True)
            assert samples.shape == (64, 2) and np.isfinite(samples).all(), (method, corrector)
    assert (mixture_model.sample(8, seed=0, method=1, steps=10) ==
            mixture_model.sample(8, seed=0, method=ofdm.Sampler.ODE_HEUN, steps=10)).all()  # plain ints work too


def test_mala_stats_count_every_proposal(mixture_model):
    # One MALA proposal per sample, step and corrector move (ofdm_sample_stats).
    samples, stats = mixture_model.sample(100, seed=3, steps=20, corrector=ofdm.Corrector.MALA,
                                          corrector_steps=3, stats=True)
    assert samples.shape == (100, 2)
    assert stats.corrector_proposals == 100 * 20 * 3
    assert 0 < stats.corrector_accepted <= stats.corrector_proposals
    assert 0 <= stats.guarded_samples <= stats.guarded_steps <= 100 * 20 and stats.guarded_samples <= 100


def test_stats_without_mala_report_no_proposals_and_consistent_coefficients(mixture_model):
    _, stats = mixture_model.sample(8, seed=1, stats=True)
    assert stats.corrector_proposals == stats.corrector_accepted == 0
    assert stats.flow_mean_steps == stats.flow_max_steps == stats.flow_rejected_steps == 0  # flow only
    assert stats.coefficient_nodes >= 0
    if stats.coefficient_nodes > 0:
        assert 0.0 <= stats.coefficient_error <= 1e-9  # the documented bound
    else:
        assert stats.coefficient_error == 0.0


def test_samples_of_a_gaussian_model_follow_the_data():
    # The degree-2 model of Gaussian data scores exactly as N(mean, cov) of the data, so 2000
    # samples match its mean, stds and correlation within 5 standard errors plus the integrator's
    # bias (measured by the C suite as 0.3 % of a std and 0.004 in ρ; allowed as 1 % and 0.01).
    # Samples in latent coordinates or from a score of the wrong sign miss by tens of errors.
    x = correlated_sample(707)
    with fit_total_degree(x, 2) as model:
        y = model.sample(2000, seed=11)
    n = len(y)
    mean, std, rho = x.mean(axis=0), x.std(axis=0), np.corrcoef(x.T)[0, 1]
    assert (np.abs(y.mean(axis=0) - mean) <= 5 * std / np.sqrt(n) + 0.01 * std).all()
    assert (np.abs(y.std(axis=0) - std) <= 5 * std / np.sqrt(2 * n) + 0.01 * std).all()
    assert abs(np.corrcoef(y.T)[0, 1] - rho) <= 5 * (1 - rho ** 2) / np.sqrt(n) + 0.01

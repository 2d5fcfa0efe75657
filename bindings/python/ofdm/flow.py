"""Model.log_likelihood and Model.sample_flow: the probability-flow ODE as a normalizing flow,
ofdm_model_log_likelihood and ofdm_model_sample_flow (ofdm.h, "Likelihood and reweighting")."""
import numpy as np

from ._capi import lib
from ._convert import FLOAT64, address, c_integer, points_in, rows_out
from ._progress import Progress
from .options import SampleStats, new_stats_struct, sample_options_struct


def _flow_call(function, progress, stats, **overrides):
    """Runs function(options) with the flow defaults (ofdm_flow_options_init) overridden by every
    keyword that is not None; returns the SampleStats when stats is true, else None."""
    reporter = Progress(progress)
    stats_struct = new_stats_struct() if stats else None
    options = sample_options_struct(reporter.function, stats_struct, init=lib.ofdm_flow_options_init_sized,
                                    **overrides)
    reporter.check(function(options))
    return SampleStats.from_struct(stats_struct) if stats else None


class ModelFlow:
    """The probability-flow methods of Model.

    Options left as None keep the flow defaults (SampleOptions.flow_defaults(): t_max 8, t_min 0,
    64 initial steps on TimeGrid.EXPONENTIAL, tolerance 1e-6, guard on, all cores); grid takes a
    TimeGrid, its name ("geometric", "uniform", "exponential") or an int. steps is the
    number of initial steps (the step-size control never exceeds that spacing), tolerance the
    local error tolerance of the adaptive Runge–Kutta pair, in [1e-13, 0.1]. progress(done,
    total), in trajectories, may return True to cancel (CancelledError). With stats=True the
    SampleStats of the run (flow_mean_steps, flow_max_steps, flow_rejected_steps, ...) is
    returned as an extra, last element."""

    def log_likelihood(self, x, *, t_min=None, t_max=None, steps=None, grid=None, tolerance=None, guard=None,
                       threads=None, progress=None, stats=False):
        """The normalized log-density log q(x) of the model at time t_min (0 by default) at the
        n × d data points x: a length-n array, or (values, SampleStats) when stats is true.
        Finite for every finite x; NaN or ±Inf in x raises NonfiniteInputError. For d = 1, x may
        be a 1-D array of n points."""
        x, ldx, _ = points_in(x, "x", self.dim)
        out = np.empty(x.shape[0], dtype=FLOAT64)
        run = _flow_call(
            lambda options: lib.ofdm_model_log_likelihood(self._live, address(x), x.shape[0], ldx, options,
                                                          address(out)),
            progress, stats, t_min=t_min, t_max=t_max, steps=steps, grid=grid, tolerance=tolerance, guard=guard,
            threads=threads)
        return (out, run) if stats else out

    def sample_flow(self, n, *, seed=None, t_min=None, t_max=None, steps=None, grid=None, tolerance=None,
                    guard=None, threads=None, progress=None, stats=False, out=None):
        """Draws n samples through the probability-flow ODE, each with its exact model
        log-density: (samples, log_q), an n × d array and a length-n array, or (samples, log_q,
        SampleStats) when stats is true. log_q is what log_likelihood gives for the returned
        points, up to the integrator's tolerance. seed as for Model.sample: None (the default)
        draws a fresh one, an int repeats, a numpy.random.Generator gives one draw of it. Sample
        i depends only on (seed, i), whatever threads is. out, if given, is a writable row-major
        n × d float64 array for the samples."""
        n = c_integer(n, 64, "n")
        samples, ldout = rows_out(out, max(n, 0), self.dim)
        log_q = np.empty(max(n, 0), dtype=FLOAT64)
        run = _flow_call(
            lambda options: lib.ofdm_model_sample_flow(self._live, n, options, address(samples), ldout,
                                                       address(log_q)),
            progress, stats, seed=seed, t_min=t_min, t_max=t_max, steps=steps, grid=grid, tolerance=tolerance,
            guard=guard, threads=threads)
        return (samples, log_q, run) if stats else (samples, log_q)

"""Model.sample: ofdm_model_sample with every option as a keyword argument (ofdm.h, "Sampling")."""
from ._capi import lib
from ._convert import address, c_integer, rows_out
from ._progress import Progress
from .options import SampleStats, new_stats_struct, sample_options_struct


class ModelSampling:
    """The sampling method of Model."""

    def sample(self, n, *, seed=None, steps=None, method=None, t_max=None, t_min=None, grid=None,
               corrector=None, corrector_steps=None, corrector_snr=None, denoise=None, guard=None,
               threads=None, progress=None, stats=False, out=None):
        """Draws n new samples in data coordinates; returns an n × d array, or (samples,
        SampleStats) when stats is true.

        seed: None (the default) draws a fresh seed, so every call gives new samples; an int in
        [0, 2**64) gives the same samples every time (seed=0 is the C library's default); a
        numpy.random.Generator (or RandomState) gives one seed drawn from it, advancing it. Other
        options left as None keep the library's defaults (SampleOptions.defaults()): method a
        Sampler or its name ("sde", "ode_heun" or "heun", "ode_euler" or "euler"), grid a
        TimeGrid or name ("geometric", "uniform", "exponential"), corrector a Corrector or name
        ("none", "langevin", "mala"), denoise and guard booleans. Sample i depends only on
        (seed, i): the same seed gives bit-identical samples whatever threads is.
        progress(done, total), in sample-steps, may return True to cancel (CancelledError); an
        exception it raises cancels the run and is raised here. out, if given, is a writable
        row-major n × d float64 array that receives the samples."""
        n = c_integer(n, 64, "n")
        samples, ldout = rows_out(out, max(n, 0), self.dim)
        reporter = Progress(progress)
        stats_struct = new_stats_struct() if stats else None
        options = sample_options_struct(
            reporter.function, stats_struct, seed=seed, steps=steps, method=method, t_max=t_max, t_min=t_min,
            grid=grid, corrector=corrector, corrector_steps=corrector_steps, corrector_snr=corrector_snr,
            denoise=denoise, guard=guard, threads=threads)
        status = lib.ofdm_model_sample(self._live, n, options, address(samples), ldout)
        reporter.check(status)
        return (samples, SampleStats.from_struct(stats_struct)) if stats else samples

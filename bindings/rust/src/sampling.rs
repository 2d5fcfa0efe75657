//! Drawing new samples (`ofdm_model_sample`), its options (`ofdm_sample_options`, also read by the
//! probability-flow functions of `likelihood.rs`) and what a run reports (`ofdm_sample_stats`).

use std::mem::size_of;
use std::ops::ControlFlow;
use std::ptr;

use crate::error::{check, expect_defaults, Result};
use crate::ffi;
use crate::layout::{check_rows, to_i64};
use crate::model::Model;
use crate::progress::{with_progress, ProgressFn};

/// How the reverse process is integrated from t_max down to t_min (`ofdm_sampler`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampler {
    /// `OFDM_SAMPLER_SDE`: reverse SDE, exponential integrator (default).
    Sde = ffi::OFDM_SAMPLER_SDE as isize,
    /// `OFDM_SAMPLER_ODE_HEUN`: probability-flow ODE, Heun's second-order step.
    OdeHeun = ffi::OFDM_SAMPLER_ODE_HEUN as isize,
    /// `OFDM_SAMPLER_ODE_EULER`: probability-flow ODE, Euler step.
    OdeEuler = ffi::OFDM_SAMPLER_ODE_EULER as isize,
}

/// The time grid of the predictor steps (`ofdm_time_grid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeGrid {
    /// `OFDM_GRID_GEOMETRIC`: t_i = t_max (t_min/t_max)^{i/steps} (default).
    Geometric = ffi::OFDM_GRID_GEOMETRIC as isize,
    /// `OFDM_GRID_UNIFORM`: t_i = t_max − i (t_max − t_min)/steps.
    Uniform = ffi::OFDM_GRID_UNIFORM as isize,
    /// `OFDM_GRID_EXPONENTIAL`: uniform in 1 − e^{−t}; t_max <= 30 (the flow's default grid).
    Exponential = ffi::OFDM_GRID_EXPONENTIAL as isize,
}

/// An optional corrector after each predictor step (`ofdm_corrector`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrector {
    /// `OFDM_CORRECTOR_NONE` (default).
    None = ffi::OFDM_CORRECTOR_NONE as isize,
    /// `OFDM_CORRECTOR_LANGEVIN`: unadjusted Langevin move.
    Langevin = ffi::OFDM_CORRECTOR_LANGEVIN as isize,
    /// `OFDM_CORRECTOR_MALA`: Metropolis-adjusted Langevin on the unnormalized log-density.
    Mala = ffi::OFDM_CORRECTOR_MALA as isize,
}

/// The options of [`Model::sample`]: the library's defaults from
/// `ofdm_sample_options_init_sized`, changed through the public fields or the builder methods of
/// the same names. The probability-flow functions ([`Model::log_likelihood`],
/// [`Model::sample_flow`]) read the same struct; start them from [`SampleOptions::flow`], their
/// own defaults.
///
/// ```
/// use ofdm::{Corrector, SampleOptions, Sampler};
/// let options = SampleOptions::new().method(Sampler::OdeHeun).steps(50).seed(7).threads(2);
/// assert_eq!((options.steps, options.seed, options.corrector), (50, 7, Corrector::None));
/// ```
pub struct SampleOptions<'a> {
    /// The integrator; default [`Sampler::Sde`].
    pub method: Sampler,
    /// Predictor steps, 1..=10^7; default 400.
    pub steps: i32,
    /// Start time (finite, > t_min), where p_t ≈ π; default 5.
    pub t_max: f64,
    /// End time > 0 (>= 0 on a uniform grid); default 1e-3.
    pub t_min: f64,
    /// The time grid; default [`TimeGrid::Geometric`].
    pub grid: TimeGrid,
    /// The corrector; default [`Corrector::None`].
    pub corrector: Corrector,
    /// Corrector moves per level, 0..=1000; default 1.
    pub corrector_steps: i32,
    /// Corrector step ε = 2 snr² (1 − e^{−2t})/β at level t; default 0.1.
    pub corrector_snr: f64,
    /// A final Tweedie step E[z_0 | z_{t_min}]; default true.
    pub denoise: bool,
    /// The tail guard of DESIGN §4; default true.
    pub guard: bool,
    /// Sample i depends only on (seed, i); default 0.
    pub seed: u64,
    /// Worker threads; 0 (default) means all cores. The samples do not depend on it.
    pub threads: i32,
    /// Probability-flow functions only: the local error tolerance of the adaptive Runge–Kutta
    /// pair, in [1e-13, 0.1]; default 1e-6.
    pub tolerance: f64,
    progress: Option<ProgressFn<'a>>,
}

/// Builder methods that set the public field of the same name (also used by `SelectOptions`).
macro_rules! builder_setters {
    ($($(#[$doc:meta])* $field:ident: $type:ty;)*) => {
        $(
            $(#[$doc])*
            pub fn $field(mut self, $field: $type) -> Self {
                self.$field = $field;
                self
            }
        )*
    };
}
pub(crate) use builder_setters;

impl<'a> SampleOptions<'a> {
    /// The library's defaults (`ofdm_sample_options_init_sized`), with no progress callback.
    ///
    /// # Panics
    ///
    /// If the library refuses this binding's struct layout or gives an enum value this binding
    /// does not know: a library that breaks the header's compatibility rule.
    pub fn new() -> SampleOptions<'a> {
        SampleOptions::from_raw(&expect_defaults("ofdm_sample_options_init_sized", raw_defaults()))
    }

    /// The probability-flow functions' defaults (`ofdm_flow_options_init_sized`), the ones they
    /// use for `None` options: t_max 8, t_min 0, 64 initial steps on [`TimeGrid::Exponential`],
    /// tolerance 1e-6, guard on, seed 0, all cores.
    ///
    /// ```
    /// use ofdm::{SampleOptions, TimeGrid};
    /// let options = SampleOptions::flow().tolerance(1e-8);
    /// assert_eq!((options.t_max, options.t_min, options.grid), (8.0, 0.0, TimeGrid::Exponential));
    /// ```
    ///
    /// # Panics
    ///
    /// As [`SampleOptions::new`].
    pub fn flow() -> SampleOptions<'a> {
        SampleOptions::from_raw(&expect_defaults("ofdm_flow_options_init_sized", raw_flow_defaults()))
    }

    fn from_raw(raw: &ffi::ofdm_sample_options) -> SampleOptions<'a> {
        SampleOptions {
            method: match raw.method {
                ffi::OFDM_SAMPLER_SDE => Sampler::Sde,
                ffi::OFDM_SAMPLER_ODE_HEUN => Sampler::OdeHeun,
                ffi::OFDM_SAMPLER_ODE_EULER => Sampler::OdeEuler,
                _ => unknown_default("method"),
            },
            steps: raw.steps,
            t_max: raw.t_max,
            t_min: raw.t_min,
            grid: match raw.grid {
                ffi::OFDM_GRID_GEOMETRIC => TimeGrid::Geometric,
                ffi::OFDM_GRID_UNIFORM => TimeGrid::Uniform,
                ffi::OFDM_GRID_EXPONENTIAL => TimeGrid::Exponential,
                _ => unknown_default("grid"),
            },
            corrector: match raw.corrector {
                ffi::OFDM_CORRECTOR_NONE => Corrector::None,
                ffi::OFDM_CORRECTOR_LANGEVIN => Corrector::Langevin,
                ffi::OFDM_CORRECTOR_MALA => Corrector::Mala,
                _ => unknown_default("corrector"),
            },
            corrector_steps: raw.corrector_steps,
            corrector_snr: raw.corrector_snr,
            denoise: raw.denoise != 0,
            guard: raw.guard != 0,
            seed: raw.seed,
            threads: raw.threads,
            tolerance: raw.tolerance,
            progress: None,
        }
    }

    builder_setters! {
        /// Sets [`SampleOptions::method`].
        method: Sampler;
        /// Sets [`SampleOptions::steps`].
        steps: i32;
        /// Sets [`SampleOptions::t_max`].
        t_max: f64;
        /// Sets [`SampleOptions::t_min`].
        t_min: f64;
        /// Sets [`SampleOptions::grid`].
        grid: TimeGrid;
        /// Sets [`SampleOptions::corrector`].
        corrector: Corrector;
        /// Sets [`SampleOptions::corrector_steps`].
        corrector_steps: i32;
        /// Sets [`SampleOptions::corrector_snr`].
        corrector_snr: f64;
        /// Sets [`SampleOptions::denoise`].
        denoise: bool;
        /// Sets [`SampleOptions::guard`].
        guard: bool;
        /// Sets [`SampleOptions::seed`].
        seed: u64;
        /// Sets [`SampleOptions::threads`].
        threads: i32;
        /// Sets [`SampleOptions::tolerance`].
        tolerance: f64;
    }

    /// A progress callback; units are sample-steps, so the final call has
    /// done == total == n × steps (trajectories, done == total == n, for the flow functions). It runs on the calling thread, never on a worker. Returning
    /// `ControlFlow::Break(())`, or panicking, cancels the run and nothing is written.
    pub fn progress(mut self, callback: impl FnMut(i64, i64) -> ControlFlow<()> + 'a) -> Self {
        self.progress = Some(Box::new(callback));
        self
    }

    /// The options as the C struct, without a progress callback or stats.
    fn to_raw(&self) -> Result<ffi::ofdm_sample_options> {
        let mut raw = raw_defaults()?;
        raw.method = self.method as i32;
        raw.steps = self.steps;
        raw.t_max = self.t_max;
        raw.t_min = self.t_min;
        raw.grid = self.grid as i32;
        raw.corrector = self.corrector as i32;
        raw.corrector_steps = self.corrector_steps;
        raw.corrector_snr = self.corrector_snr;
        raw.denoise = self.denoise as i32;
        raw.guard = self.guard as i32;
        raw.seed = self.seed;
        raw.threads = self.threads;
        raw.tolerance = self.tolerance;
        Ok(raw)
    }
}

impl Default for SampleOptions<'_> {
    fn default() -> Self {
        SampleOptions::new()
    }
}

impl std::fmt::Debug for SampleOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SampleOptions")
            .field("method", &self.method)
            .field("steps", &self.steps)
            .field("t_max", &self.t_max)
            .field("t_min", &self.t_min)
            .field("grid", &self.grid)
            .field("corrector", &self.corrector)
            .field("corrector_steps", &self.corrector_steps)
            .field("corrector_snr", &self.corrector_snr)
            .field("denoise", &self.denoise)
            .field("guard", &self.guard)
            .field("seed", &self.seed)
            .field("threads", &self.threads)
            .field("tolerance", &self.tolerance)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// What a sampling run did (`ofdm_sample_stats`), from [`Model::sample_with_stats`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleStats {
    /// Sample-steps whose drift the tail guard changed.
    pub guarded_steps: i64,
    /// Samples that were guarded at least once.
    pub guarded_samples: i64,
    /// MALA proposals made.
    pub corrector_proposals: i64,
    /// MALA proposals accepted.
    pub corrector_accepted: i64,
    /// Chebyshev nodes that interpolate α(t) along the path; 0 when α is solved at every step.
    pub coefficient_nodes: i64,
    /// Measured relative error of that interpolation against direct solves (<= 1e-9 when used).
    pub coefficient_error: f64,
    /// Flow functions only: accepted adaptive steps per trajectory, on average.
    pub flow_mean_steps: f64,
    /// Flow functions only: the most accepted steps any trajectory took.
    pub flow_max_steps: i64,
    /// Flow functions only: steps the error control rejected, over all trajectories.
    pub flow_rejected_steps: i64,
}

impl SampleStats {
    pub(crate) fn from_raw(raw: &ffi::ofdm_sample_stats) -> SampleStats {
        SampleStats {
            guarded_steps: raw.guarded_steps,
            guarded_samples: raw.guarded_samples,
            corrector_proposals: raw.corrector_proposals,
            corrector_accepted: raw.corrector_accepted,
            coefficient_nodes: raw.coefficient_nodes,
            coefficient_error: raw.coefficient_error,
            flow_mean_steps: raw.flow_mean_steps,
            flow_max_steps: raw.flow_max_steps,
            flow_rejected_steps: raw.flow_rejected_steps,
        }
    }
}

/// The library's defaults are values of its own enums; anything else is a library bug.
fn unknown_default(field: &str) -> ! {
    panic!("ofdm_sample_options_init_sized gave {field} a value this binding does not know")
}

/// A C options struct filled by `ofdm_sample_options_init_sized` with this mirror's size (what
/// the header's `ofdm_sample_options_init` macro passes), which it writes into struct_size.
fn raw_defaults() -> Result<ffi::ofdm_sample_options> {
    let mut raw = raw_zeroed();
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_sample_options_init_sized(&mut raw, size_of::<ffi::ofdm_sample_options>()) })?;
    Ok(raw)
}

/// A C options struct filled by `ofdm_flow_options_init_sized`, as [`raw_defaults`].
pub(crate) fn raw_flow_defaults() -> Result<ffi::ofdm_sample_options> {
    let mut raw = raw_zeroed();
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_flow_options_init_sized(&mut raw, size_of::<ffi::ofdm_sample_options>()) })?;
    Ok(raw)
}

fn raw_zeroed() -> ffi::ofdm_sample_options {
    ffi::ofdm_sample_options {
        struct_size: 0,
        method: 0,
        steps: 0,
        t_max: 0.0,
        t_min: 0.0,
        grid: 0,
        corrector: 0,
        corrector_steps: 0,
        corrector_snr: 0.0,
        denoise: 0,
        guard: 0,
        seed: 0,
        threads: 0,
        progress: None,
        progress_data: ptr::null_mut(),
        stats: ptr::null_mut(),
        tolerance: 0.0,
    }
}

/// A C stats struct filled by `ofdm_sample_stats_init_sized` with this mirror's size (struct_size
/// set, counters zero).
pub(crate) fn raw_stats() -> Result<ffi::ofdm_sample_stats> {
    let mut raw = ffi::ofdm_sample_stats {
        struct_size: 0,
        guarded_steps: 0,
        guarded_samples: 0,
        corrector_proposals: 0,
        corrector_accepted: 0,
        coefficient_nodes: 0,
        coefficient_error: 0.0,
        flow_mean_steps: 0.0,
        flow_max_steps: 0,
        flow_rejected_steps: 0,
    };
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_sample_stats_init_sized(&mut raw, size_of::<ffi::ofdm_sample_stats>()) })?;
    Ok(raw)
}

impl Model {
    /// `ofdm_model_sample`: draws n new samples in data coordinates into the n × d row-major
    /// array `out` (leading dimension `ldout` >= d; the columns beyond d are left alone).
    /// `options` None means the defaults; it is `&mut` because a progress callback is a
    /// `FnMut`. Sample i depends only on (seed, i): not on `threads`, nor on n.
    pub fn sample(
        &self,
        n: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
        ldout: usize,
    ) -> Result<()> {
        self.sample_into(n, options, out, ldout, ptr::null_mut())
    }

    /// [`Model::sample`], also returning what the run did (`options.stats`).
    pub fn sample_with_stats(
        &self,
        n: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
        ldout: usize,
    ) -> Result<SampleStats> {
        let mut stats = raw_stats()?;
        self.sample_into(n, options, out, ldout, &mut stats)?;
        Ok(SampleStats::from_raw(&stats))
    }

    fn sample_into(
        &self,
        n: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
        ldout: usize,
        stats: *mut ffi::ofdm_sample_stats,
    ) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_sample";
        check_rows(FUNCTION, "out", out.len(), n, ldout, self.dim())?;
        let (n, ldout) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldout", ldout)?);
        let out = out.as_mut_ptr();
        let sample = |raw: *const ffi::ofdm_sample_options| {
            // SAFETY: out spans the n × d array just checked; raw is NULL or a valid options
            // struct whose callback and stats, if any, outlive the call.
            check(unsafe { ffi::ofdm_model_sample(self.as_ptr(), n, raw, out, ldout) })
        };
        with_raw_options(options, raw_defaults, stats, sample)
    }
}

/// Calls `call` with the C options for `options`: NULL when there are neither options nor stats
/// (the library's own defaults), else `defaults()` or the options' fields, with `stats` and the
/// progress bridge, which lives until `call` returns.
pub(crate) fn with_raw_options(
    options: Option<&mut SampleOptions<'_>>,
    defaults: fn() -> Result<ffi::ofdm_sample_options>,
    stats: *mut ffi::ofdm_sample_stats,
    call: impl FnOnce(*const ffi::ofdm_sample_options) -> Result<()>,
) -> Result<()> {
    let (mut raw, callback) = match options {
        None if stats.is_null() => return call(ptr::null()),
        None => (defaults()?, None),
        Some(options) => (options.to_raw()?, options.progress.as_mut()),
    };
    raw.stats = stats;
    with_progress(callback, |progress, progress_data| {
        raw.progress = progress;
        raw.progress_data = progress_data;
        call(&raw)
    })
}

//! Likelihood and reweighting: the probability-flow ODE as a normalizing flow
//! (`ofdm_model_log_likelihood`, `ofdm_model_sample_flow`) and self-normalized importance
//! weights of its samples (`ofdm_importance`, `ofdm_importance_estimate`).

use std::mem::size_of;
use std::ptr;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi;
use crate::layout::{check_len, check_rows, to_i64};
use crate::model::Model;
use crate::sampling::{raw_flow_defaults, raw_stats, with_raw_options, SampleOptions, SampleStats};

impl Model {
    /// `ofdm_model_log_likelihood`: the normalized log-density log q(x) of the model at time
    /// t_min (0 by default) at the n × d row-major points `x` (leading dimension `ldx` >= d), into
    /// `out` (n values). `options` None means the flow defaults ([`SampleOptions::flow`]); the
    /// flow reads steps, t_max, t_min, grid, tolerance, guard, threads and the progress callback
    /// (units: trajectories). Finite for every finite x; NaN or ±Inf in x is
    /// [`ErrorKind::NonfiniteInput`], naming the row and column.
    pub fn log_likelihood(
        &self,
        x: &[f64],
        n: usize,
        ldx: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
    ) -> Result<()> {
        self.log_likelihood_into(x, n, ldx, options, out, ptr::null_mut())
    }

    /// [`Model::log_likelihood`], also returning what the run did (`flow_mean_steps`, ...).
    pub fn log_likelihood_with_stats(
        &self,
        x: &[f64],
        n: usize,
        ldx: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
    ) -> Result<SampleStats> {
        let mut stats = raw_stats()?;
        self.log_likelihood_into(x, n, ldx, options, out, &mut stats)?;
        Ok(SampleStats::from_raw(&stats))
    }

    fn log_likelihood_into(
        &self,
        x: &[f64],
        n: usize,
        ldx: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
        stats: *mut ffi::ofdm_sample_stats,
    ) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_log_likelihood";
        check_rows(FUNCTION, "x", x.len(), n, ldx, self.dim())?;
        check_len(FUNCTION, "out", out.len(), n)?;
        let (n, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ldx)?);
        let (x, out) = (x.as_ptr(), out.as_mut_ptr());
        with_raw_options(options, raw_flow_defaults, stats, |raw| {
            // SAFETY: x spans the n × d array and out n values, as just checked; raw is NULL or a
            // valid options struct whose callback and stats, if any, outlive the call.
            check(unsafe { ffi::ofdm_model_log_likelihood(self.as_ptr(), x, n, ldx, raw, out) })
        })
    }

    /// `ofdm_model_sample_flow`: draws n samples through the probability-flow ODE into the n × d
    /// row-major array `out` (leading dimension `ldout` >= d), and, when `log_q` is given, each
    /// sample's exact model log-density (n values): what [`Model::log_likelihood`] gives for the
    /// returned point, up to the integrator's tolerance. `options` None means the flow defaults
    /// ([`SampleOptions::flow`]). Sample i depends only on (seed, i), not on `threads`.
    pub fn sample_flow(
        &self,
        n: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
        ldout: usize,
        log_q: Option<&mut [f64]>,
    ) -> Result<()> {
        self.sample_flow_into(n, options, out, ldout, log_q, ptr::null_mut())
    }

    /// [`Model::sample_flow`], also returning what the run did (`flow_mean_steps`, ...).
    pub fn sample_flow_with_stats(
        &self,
        n: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
        ldout: usize,
        log_q: Option<&mut [f64]>,
    ) -> Result<SampleStats> {
        let mut stats = raw_stats()?;
        self.sample_flow_into(n, options, out, ldout, log_q, &mut stats)?;
        Ok(SampleStats::from_raw(&stats))
    }

    fn sample_flow_into(
        &self,
        n: usize,
        options: Option<&mut SampleOptions<'_>>,
        out: &mut [f64],
        ldout: usize,
        log_q: Option<&mut [f64]>,
        stats: *mut ffi::ofdm_sample_stats,
    ) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_sample_flow";
        check_rows(FUNCTION, "out", out.len(), n, ldout, self.dim())?;
        let log_q = match log_q {
            Some(log_q) => {
                check_len(FUNCTION, "log_q", log_q.len(), n)?;
                log_q.as_mut_ptr()
            }
            None => ptr::null_mut(),
        };
        let (n, ldout) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldout", ldout)?);
        let out = out.as_mut_ptr();
        with_raw_options(options, raw_flow_defaults, stats, |raw| {
            // SAFETY: out spans the n × d array and log_q is NULL or n values, as just checked;
            // raw is NULL or a valid options struct whose callback and stats outlive the call.
            check(unsafe { ffi::ofdm_model_sample_flow(self.as_ptr(), n, raw, out, ldout, log_q) })
        })
    }
}

/// What self-normalized importance weights say about how well samples of q represent the target
/// (`ofdm_importance_summary`), from [`importance`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImportanceSummary {
    /// (Σ w)² / Σ w², in [1, n].
    pub effective_sample_size: f64,
    /// effective_sample_size / n.
    pub ess_per_sample: f64,
    /// log of (1/n) Σ exp(log_target − log_q): the log normalizer of the (unnormalized) target
    /// relative to the normalized q.
    pub log_z: f64,
    /// Its standard error (delta method); NaN when n == 1.
    pub log_z_error: f64,
    /// The largest normalized weight, in (0, 1].
    pub max_weight: f64,
}

/// `ofdm_importance`: self-normalized importance weights
/// w_i = exp(log_target_i − log_q_i) / Σ_j exp(log_target_j − log_q_j) of n samples drawn from q
/// (e.g. [`Model::sample_flow`]) for an unnormalized target density, computed without overflow.
/// n is `log_target.len()`; `log_q` must hold as many finite values. `weights`, when given,
/// receives the n normalized weights. log_target_i = −∞ is allowed (weight 0); NaN or +∞ there is
/// [`ErrorKind::NonfiniteInput`], naming the row.
///
/// ```
/// // Ratios 1 and 3: weights 1/4 and 3/4, ESS = 1/(1/16 + 9/16) = 1.6.
/// let mut weights = [0.0; 2];
/// let summary = ofdm::importance(&[0.0, 3f64.ln()], &[0.0, 0.0], Some(&mut weights))?;
/// assert!((weights[1] - 0.75).abs() < 1e-15 && (summary.effective_sample_size - 1.6).abs() < 1e-14);
/// # Ok::<(), ofdm::Error>(())
/// ```
pub fn importance(log_target: &[f64], log_q: &[f64], weights: Option<&mut [f64]>) -> Result<ImportanceSummary> {
    const FUNCTION: &str = "ofdm_importance";
    let n = log_target.len();
    if log_q.len() != n {
        return Err(Error::from_binding(
            ErrorKind::InvalidArgument,
            format!(
                "{FUNCTION}: log_q holds {} values but log_target {n}; they must be as many (checked by the \
                 Rust binding)",
                log_q.len()
            ),
        ));
    }
    let weights = match weights {
        Some(weights) => {
            check_len(FUNCTION, "weights", weights.len(), n)?;
            weights.as_mut_ptr()
        }
        None => ptr::null_mut(),
    };
    let mut raw = ffi::ofdm_importance_summary {
        struct_size: 0,
        effective_sample_size: 0.0,
        ess_per_sample: 0.0,
        log_z: 0.0,
        log_z_error: 0.0,
        max_weight: 0.0,
    };
    // SAFETY: a summary struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_importance_summary_init_sized(&mut raw, size_of::<ffi::ofdm_importance_summary>()) })?;
    let n = to_i64(FUNCTION, "n", n)?;
    // SAFETY: log_target and log_q hold n values and weights is NULL or n values, as just
    // checked; raw is a summary struct set up by its init function.
    check(unsafe { ffi::ofdm_importance(log_target.as_ptr(), log_q.as_ptr(), n, weights, &mut raw) })?;
    Ok(ImportanceSummary {
        effective_sample_size: raw.effective_sample_size,
        ess_per_sample: raw.ess_per_sample,
        log_z: raw.log_z,
        log_z_error: raw.log_z_error,
        max_weight: raw.max_weight,
    })
}

/// `ofdm_importance_estimate`: weighted means of m observables, mean_j = Σ_i w_i f_ij / Σ_i w_i,
/// into `mean` (m values), and, when given, their delta-method standard errors
/// sqrt(Σ_i w̄_i² (f_ij − mean_j)²), w̄ = w / Σ w, into `standard_error`. n is `weights.len()`
/// (non-negative, finite, not all zero; they need not be normalized); `values` is the n × m
/// row-major array f with leading dimension `ldv` >= m.
pub fn importance_estimate(
    weights: &[f64],
    values: &[f64],
    m: usize,
    ldv: usize,
    mean: &mut [f64],
    standard_error: Option<&mut [f64]>,
) -> Result<()> {
    const FUNCTION: &str = "ofdm_importance_estimate";
    let n = weights.len();
    check_rows(FUNCTION, "values", values.len(), n, ldv, m)?;
    check_len(FUNCTION, "mean", mean.len(), m)?;
    let standard_error = match standard_error {
        Some(errors) => {
            check_len(FUNCTION, "standard_error", errors.len(), m)?;
            errors.as_mut_ptr()
        }
        None => ptr::null_mut(),
    };
    let (n, m, ldv) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "m", m)?, to_i64(FUNCTION, "ldv", ldv)?);
    // SAFETY: values spans the n × m array, mean m values and standard_error NULL or m values.
    check(unsafe {
        ffi::ofdm_importance_estimate(weights.as_ptr(), n, values.as_ptr(), m, ldv, mean.as_mut_ptr(), standard_error)
    })
}

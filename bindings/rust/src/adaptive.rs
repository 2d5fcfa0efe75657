//! The adaptive basis (the header's section of that name): [`Model::fit_adaptive`] grows a
//! sparse set of eigenfunctions from the data instead of choosing a total-degree grid, and
//! reports what it chose in an [`AdaptiveReport`].

use std::mem::size_of;
use std::ptr;

use crate::error::{check, expect_defaults, Error, ErrorKind, Result};
use crate::ffi;
use crate::fit::{with_raw_fit_options, FitOptions};
use crate::layout::{check_rows, to_i64};
use crate::model::Model;
use crate::sampling::builder_setters;
use crate::version::check_library_version;

/// The options of [`Model::fit_adaptive`] (`ofdm_adaptive_options`): the library's defaults from
/// `ofdm_adaptive_options_init_sized`, changed through the public fields or the builder methods
/// of the same names.
///
/// ```
/// use ofdm::AdaptiveOptions;
/// let options = AdaptiveOptions::new().max_rounds(20).seed(3);
/// assert_eq!((options.max_basis_size, options.max_rounds, options.validation_fraction), (1000, 20, 0.2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaptiveOptions {
    /// The set stops growing at this many functions; at least the start set's 2r; default 1000.
    pub max_basis_size: i64,
    /// Rounds of growth, >= 0; default 60.
    pub max_rounds: i32,
    /// Functions accepted per round, >= 0; 0 (default): a tenth of the set, at least 4.
    pub max_per_round: i32,
    /// Coordinates one function may involve, >= 0; 0 (default): no limit.
    pub max_interaction: i32,
    /// Worker threads, >= 0; 0 (default): all cores. The result does not depend on it.
    pub threads: i32,
    /// Share of the rows held out, in (0, 1); default 0.2.
    pub validation_fraction: f64,
    /// Which rows are held out: row i by (seed, i) only; default 0.
    pub seed: u64,
    /// Wall-clock budget of the growth in seconds, >= 0; 0 (default): none.
    pub max_seconds: f64,
    /// Dimension r of the basis: 0 (default) for d; with
    /// [`Coordinates::Pca`](crate::Coordinates::Pca), the number of components, 1 <= r <= d.
    pub latent_dim: i64,
}

impl AdaptiveOptions {
    /// The library's defaults (`ofdm_adaptive_options_init_sized`).
    ///
    /// # Panics
    ///
    /// If the library refuses this binding's struct layout: a library that breaks the header's
    /// compatibility rule.
    pub fn new() -> AdaptiveOptions {
        let raw = expect_defaults("ofdm_adaptive_options_init_sized", raw_defaults());
        AdaptiveOptions {
            max_basis_size: raw.max_basis_size,
            max_rounds: raw.max_rounds,
            max_per_round: raw.max_per_round,
            max_interaction: raw.max_interaction,
            threads: raw.threads,
            validation_fraction: raw.validation_fraction,
            seed: raw.seed,
            max_seconds: raw.max_seconds,
            latent_dim: raw.latent_dim,
        }
    }

    builder_setters! {
        /// Sets [`AdaptiveOptions::max_basis_size`].
        max_basis_size: i64;
        /// Sets [`AdaptiveOptions::max_rounds`].
        max_rounds: i32;
        /// Sets [`AdaptiveOptions::max_per_round`].
        max_per_round: i32;
        /// Sets [`AdaptiveOptions::max_interaction`].
        max_interaction: i32;
        /// Sets [`AdaptiveOptions::threads`].
        threads: i32;
        /// Sets [`AdaptiveOptions::validation_fraction`].
        validation_fraction: f64;
        /// Sets [`AdaptiveOptions::seed`].
        seed: u64;
        /// Sets [`AdaptiveOptions::max_seconds`].
        max_seconds: f64;
        /// Sets [`AdaptiveOptions::latent_dim`].
        latent_dim: i64;
    }

    fn to_raw(self) -> Result<ffi::ofdm_adaptive_options> {
        let mut raw = raw_defaults()?;
        raw.max_basis_size = self.max_basis_size;
        raw.max_rounds = self.max_rounds;
        raw.max_per_round = self.max_per_round;
        raw.max_interaction = self.max_interaction;
        raw.threads = self.threads;
        raw.validation_fraction = self.validation_fraction;
        raw.seed = self.seed;
        raw.max_seconds = self.max_seconds;
        raw.latent_dim = self.latent_dim;
        Ok(raw)
    }
}

impl Default for AdaptiveOptions {
    fn default() -> Self {
        AdaptiveOptions::new()
    }
}

/// Why the growth stopped (`ofdm_adaptive_stop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdaptiveStop {
    /// `OFDM_ADAPTIVE_CONVERGED`: no candidate lowered the held-out criterion.
    Converged,
    /// `OFDM_ADAPTIVE_BASIS_SIZE`: [`AdaptiveOptions::max_basis_size`] reached.
    BasisSize,
    /// `OFDM_ADAPTIVE_ROUNDS`: [`AdaptiveOptions::max_rounds`] reached.
    Rounds,
    /// `OFDM_ADAPTIVE_TIME`: [`AdaptiveOptions::max_seconds`] reached.
    Time,
    /// `OFDM_ADAPTIVE_MEMORY`: the next set would exceed [`FitOptions::memory_limit`].
    Memory,
    /// A value this binding does not know, from a newer library.
    Unknown(i32),
}

impl AdaptiveStop {
    /// The reason a report's `stop` value stands for.
    pub fn from_raw(value: i32) -> AdaptiveStop {
        match value {
            ffi::OFDM_ADAPTIVE_CONVERGED => AdaptiveStop::Converged,
            ffi::OFDM_ADAPTIVE_BASIS_SIZE => AdaptiveStop::BasisSize,
            ffi::OFDM_ADAPTIVE_ROUNDS => AdaptiveStop::Rounds,
            ffi::OFDM_ADAPTIVE_TIME => AdaptiveStop::Time,
            ffi::OFDM_ADAPTIVE_MEMORY => AdaptiveStop::Memory,
            other => AdaptiveStop::Unknown(other),
        }
    }

    /// The `ofdm_adaptive_stop` value of this reason.
    pub fn value(self) -> i32 {
        match self {
            AdaptiveStop::Converged => ffi::OFDM_ADAPTIVE_CONVERGED,
            AdaptiveStop::BasisSize => ffi::OFDM_ADAPTIVE_BASIS_SIZE,
            AdaptiveStop::Rounds => ffi::OFDM_ADAPTIVE_ROUNDS,
            AdaptiveStop::Time => ffi::OFDM_ADAPTIVE_TIME,
            AdaptiveStop::Memory => ffi::OFDM_ADAPTIVE_MEMORY,
            AdaptiveStop::Unknown(value) => value,
        }
    }
}

/// What [`Model::fit_adaptive`] chose (`ofdm_adaptive_report`).
#[derive(Debug, Clone, PartialEq)]
pub struct AdaptiveReport {
    /// K of the chosen set: `model.basis().size()`.
    pub basis_size: i64,
    /// Rounds of growth kept.
    pub rounds: i32,
    /// Why the growth stopped.
    pub stop: AdaptiveStop,
    /// The chosen ridge, one of 0, 1e-8, 1e-6, 1e-4, 1e-2.
    pub ridge: f64,
    /// The held-out criterion of the chosen set and ridge.
    pub validation_loss: f64,
    /// Candidates scored over all rounds.
    pub candidates: i64,
    /// Wall-clock time of the call, in seconds.
    pub seconds: f64,
    /// The held-out criterion of the start set, then after each kept round (at the growth ridge
    /// 1e-8): `rounds + 1` values, each lower than the one before.
    pub round_losses: Vec<f64>,
    /// The model's map (an `ofdm_coordinates` value): the one asked for, or the one
    /// [`Coordinates::Auto`](crate::Coordinates::Auto) chose.
    pub coordinates: i32,
    /// With [`Coordinates::Auto`](crate::Coordinates::Auto): the energy distance of the
    /// standardized map's samples to held-out rows (infinite when its model could not be
    /// sampled); None with a fixed map (the C report's NaN).
    pub standardize_distance: Option<f64>,
    /// The same for the PCA of all d components; None also when it was skipped.
    pub pca_distance: Option<f64>,
}

/// A distance of the C report: NaN for a map that was not compared.
fn compared(distance: f64) -> Option<f64> {
    if distance.is_nan() {
        None
    } else {
        Some(distance)
    }
}

/// A C options struct filled by `ofdm_adaptive_options_init_sized` with this mirror's size.
fn raw_defaults() -> Result<ffi::ofdm_adaptive_options> {
    let mut raw = ffi::ofdm_adaptive_options {
        struct_size: 0,
        max_basis_size: 0,
        max_rounds: 0,
        max_per_round: 0,
        max_interaction: 0,
        threads: 0,
        validation_fraction: 0.0,
        seed: 0,
        max_seconds: 0.0,
        latent_dim: 0,
    };
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_adaptive_options_init_sized(&mut raw, size_of::<ffi::ofdm_adaptive_options>()) })?;
    Ok(raw)
}

/// A C report struct filled by `ofdm_adaptive_report_init_sized` with this mirror's size, whose
/// round_losses is `losses` (which must outlive the call that fills it).
fn raw_report(losses: &mut [f64]) -> Result<ffi::ofdm_adaptive_report> {
    let mut raw = ffi::ofdm_adaptive_report {
        struct_size: 0,
        basis_size: 0,
        rounds: 0,
        stop: 0,
        ridge: 0.0,
        validation_loss: 0.0,
        candidates: 0,
        seconds: 0.0,
        round_losses: ptr::null_mut(),
        round_loss_capacity: 0,
        coordinates: 0,
        standardize_distance: 0.0,
        pca_distance: 0.0,
    };
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_adaptive_report_init_sized(&mut raw, size_of::<ffi::ofdm_adaptive_report>()) })?;
    raw.round_losses = losses.as_mut_ptr();
    raw.round_loss_capacity = to_i64("ofdm_fit_adaptive", "report.round_loss_capacity", losses.len())?;
    Ok(raw)
}

/// Room for every loss a report can hold: the start set's, then one per kept round. A kept round
/// adds at least one function (its criterion is lower), so there are at most
/// min(max_rounds, max_basis_size) of them; a negative option, which the library refuses by
/// name, gets room for the start set's alone.
fn round_loss_capacity(options: &ffi::ofdm_adaptive_options) -> Result<usize> {
    let rounds = i64::from(options.max_rounds).min(options.max_basis_size).max(0);
    usize::try_from(rounds + 1).map_err(|_| {
        Error::from_binding(
            ErrorKind::TooLarge,
            format!("ofdm_fit_adaptive: room for {} round losses is beyond this platform's memory", rounds + 1),
        )
    })
}

impl Model {
    /// `ofdm_fit_adaptive`: grows a basis for the n × d row-major samples `x` (leading dimension
    /// `ldx` >= d) from the data, chooses the ridge by the held-out criterion, builds the model of
    /// the chosen set from all n rows, and returns it with the report. The set starts from x_j
    /// and x_j² on every latent coordinate; each round adds the admissible neighbours (and steps
    /// of two along one coordinate) that lower the held-out criterion, until none does or a
    /// budget of [`AdaptiveOptions`] is reached ([`AdaptiveReport::stop`]). `fit_options` (None:
    /// the defaults) give the coordinates, β, time mode and memory limit (a next set beyond it
    /// stops the growth; a start set beyond it is [`ErrorKind::TooLarge`]); the ridge is chosen
    /// and data_dim must be 0 or d. Its progress callback counts rounds, total
    /// [`AdaptiveOptions::max_rounds`], and can cancel between rounds. `options` None means
    /// [`AdaptiveOptions::new`]. Deterministic for a seed on any thread count.
    pub fn fit_adaptive(
        x: &[f64],
        n: usize,
        d: usize,
        ldx: usize,
        fit_options: Option<&mut FitOptions<'_>>,
        options: Option<&AdaptiveOptions>,
    ) -> Result<(Model, AdaptiveReport)> {
        const FUNCTION: &str = "ofdm_fit_adaptive";
        check_library_version()?;
        check_rows(FUNCTION, "x", x.len(), n, ldx, d)?;
        let (n, d, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "d", d)?, to_i64(FUNCTION, "ldx", ldx)?);
        let adaptive = options.map(|o| o.to_raw()).transpose()?;
        let adaptive_ptr = adaptive.as_ref().map_or(ptr::null(), |o| o as *const ffi::ofdm_adaptive_options);
        let capacity = match adaptive.as_ref() {
            Some(raw) => round_loss_capacity(raw)?,
            None => round_loss_capacity(&raw_defaults()?)?,
        };
        let mut losses = vec![0.0; capacity];
        let mut report = raw_report(&mut losses)?;
        let report_ptr: *mut ffi::ofdm_adaptive_report = &mut report;
        let run = |raw: *const ffi::ofdm_fit_options| {
            // SAFETY: x spans the n × d array just checked; raw and adaptive_ptr are NULL or valid
            // structs (a callback outlives the call); report is a valid struct set up by its init,
            // whose round_losses points at the `capacity` doubles of `losses`, alive until return.
            Model::create(|out| unsafe {
                ffi::ofdm_fit_adaptive(x.as_ptr(), n, d, ldx, raw, adaptive_ptr, out, report_ptr)
            })
        };
        let model = with_raw_fit_options(fit_options, |_| {}, run)?;
        // The criterion of the start set and of each kept round, as many as fit (all of them).
        let kept = usize::try_from(i64::from(report.rounds) + 1).unwrap_or(0).min(losses.len());
        losses.truncate(kept);
        let report = AdaptiveReport {
            basis_size: report.basis_size,
            rounds: report.rounds,
            stop: AdaptiveStop::from_raw(report.stop),
            ridge: report.ridge,
            validation_loss: report.validation_loss,
            candidates: report.candidates,
            seconds: report.seconds,
            round_losses: losses,
            coordinates: report.coordinates,
            standardize_distance: compared(report.standardize_distance),
            pca_distance: compared(report.pca_distance),
        };
        Ok((model, report))
    }
}

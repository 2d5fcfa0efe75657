//! Model selection without sampling (the header's section of that name): [`Model::fit_select`]
//! chooses the basis and the ridge by the held-out score-matching loss, and
//! [`Model::validation_loss`] scores any model on held-out rows.

use std::mem::size_of;
use std::ptr;

use crate::error::{check, expect_defaults, Result};
use crate::ffi;
use crate::fit::{with_raw_fit_options, FitOptions};
use crate::layout::{check_rows, to_i64};
use crate::model::Model;
use crate::sampling::builder_setters;
use crate::version::check_library_version;

/// The options of [`Model::fit_select`] (`ofdm_select_options`): the library's defaults from
/// `ofdm_select_options_init_sized`, changed through the public fields or the builder methods of the
/// same names.
///
/// ```
/// use ofdm::SelectOptions;
/// let options = SelectOptions::new().max_degree(6).seed(3);
/// assert_eq!((options.max_degree, options.max_interaction, options.validation_fraction), (6, 2, 0.2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelectOptions {
    /// Total degrees 1..=max_degree are tried, in [1, [`MAX_DEGREE`](crate::MAX_DEGREE)]; default 8.
    pub max_degree: i32,
    /// Interaction limits 1..=max_interaction are tried (a limit >= the degree is "no limit"),
    /// >= 0; 0: no limit only; default 2.
    pub max_interaction: i32,
    /// Share of the rows held out, in (0, 1); default 0.2.
    pub validation_fraction: f64,
    /// Which rows are held out: row i by (seed, i) only; default 0.
    pub seed: u64,
    /// Candidate bases with more functions are skipped, >= 1; default 4000.
    pub max_basis_size: i64,
    /// Dimension r of the candidate bases: 0 (default) for d; with
    /// [`Coordinates::Pca`](crate::Coordinates::Pca), the number of components, 1 <= r <= d.
    pub latent_dim: i64,
    /// false (default): the rows [`find_outliers`](crate::find_outliers) flags are left out of
    /// the choice and of the refit (and reported); true: every row is used.
    pub keep_outliers: bool,
}

impl SelectOptions {
    /// The library's defaults (`ofdm_select_options_init_sized`).
    ///
    /// # Panics
    ///
    /// If the library refuses this binding's struct layout: a library that breaks the header's
    /// compatibility rule.
    pub fn new() -> SelectOptions {
        let raw = expect_defaults("ofdm_select_options_init_sized", raw_defaults());
        SelectOptions {
            max_degree: raw.max_degree,
            max_interaction: raw.max_interaction,
            validation_fraction: raw.validation_fraction,
            seed: raw.seed,
            max_basis_size: raw.max_basis_size,
            latent_dim: raw.latent_dim,
            keep_outliers: raw.keep_outliers != 0,
        }
    }

    builder_setters! {
        /// Sets [`SelectOptions::max_degree`].
        max_degree: i32;
        /// Sets [`SelectOptions::max_interaction`].
        max_interaction: i32;
        /// Sets [`SelectOptions::validation_fraction`].
        validation_fraction: f64;
        /// Sets [`SelectOptions::seed`].
        seed: u64;
        /// Sets [`SelectOptions::max_basis_size`].
        max_basis_size: i64;
        /// Sets [`SelectOptions::latent_dim`].
        latent_dim: i64;
        /// Sets [`SelectOptions::keep_outliers`].
        keep_outliers: bool;
    }

    fn to_raw(self) -> Result<ffi::ofdm_select_options> {
        let mut raw = raw_defaults()?;
        raw.max_degree = self.max_degree;
        raw.max_interaction = self.max_interaction;
        raw.validation_fraction = self.validation_fraction;
        raw.seed = self.seed;
        raw.max_basis_size = self.max_basis_size;
        raw.latent_dim = self.latent_dim;
        raw.keep_outliers = i32::from(self.keep_outliers);
        Ok(raw)
    }
}

impl Default for SelectOptions {
    fn default() -> Self {
        SelectOptions::new()
    }
}

/// What [`Model::fit_select`] chose (`ofdm_select_report`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelectReport {
    /// Total degree of the chosen basis.
    pub degree: i32,
    /// Its interaction limit (0: none).
    pub interaction: i32,
    /// The chosen ridge, one of 0, 1e-8, 1e-6, 1e-4, 1e-2.
    pub ridge: f64,
    /// K of the chosen basis.
    pub basis_size: i64,
    /// Its held-out criterion, on the split of the selection run.
    pub validation_loss: f64,
    /// (basis, ridge) pairs tried.
    pub candidates: i64,
    /// Of which could not be fitted (singular, too few samples...).
    pub failed: i64,
    /// Rows [`find_outliers`](crate::find_outliers) flags among all n (left out unless
    /// [`SelectOptions::keep_outliers`]).
    pub outlier_rows: i64,
    /// The first of them (0-based), or -1.
    pub first_outlier_row: i64,
    /// That row's column farthest out, or -1.
    pub first_outlier_column: i64,
    /// How far, in robust units; 0 when there is none.
    pub first_outlier_distance: f64,
}

/// A C options struct filled by `ofdm_select_options_init_sized` with this mirror's size.
fn raw_defaults() -> Result<ffi::ofdm_select_options> {
    let mut raw = ffi::ofdm_select_options {
        struct_size: 0,
        max_degree: 0,
        max_interaction: 0,
        validation_fraction: 0.0,
        seed: 0,
        max_basis_size: 0,
        latent_dim: 0,
        keep_outliers: 0,
    };
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_select_options_init_sized(&mut raw, size_of::<ffi::ofdm_select_options>()) })?;
    Ok(raw)
}

/// A C report struct filled by `ofdm_select_report_init_sized` with this mirror's size.
fn raw_report() -> Result<ffi::ofdm_select_report> {
    let mut raw = ffi::ofdm_select_report {
        struct_size: 0,
        degree: 0,
        interaction: 0,
        ridge: 0.0,
        basis_size: 0,
        validation_loss: 0.0,
        candidates: 0,
        failed: 0,
        outlier_rows: 0,
        first_outlier_row: 0,
        first_outlier_column: 0,
        first_outlier_distance: 0.0,
    };
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_select_report_init_sized(&mut raw, size_of::<ffi::ofdm_select_report>()) })?;
    Ok(raw)
}

impl Model {
    /// `ofdm_fit_select`: chooses a total-degree basis (degree and interaction limit) and the
    /// ridge for the n × d row-major samples `x` (leading dimension `ldx` >= d) by the held-out
    /// criterion, refits the choice on all n rows, and returns the model with the report. Rows
    /// far outside the bulk ([`find_outliers`](crate::find_outliers)) are left out of the choice
    /// and the refit unless [`SelectOptions::keep_outliers`], and counted in the report.
    /// `fit_options` (None: the defaults) apply to every candidate, except the ridge, which is
    /// chosen; its data_dim must be 0 or d, and its progress callback counts estimated work, the
    /// total fixed before the first candidate (ofdm.h, `ofdm_fit_select`).
    /// `options` None means [`SelectOptions::new`].
    pub fn fit_select(
        x: &[f64],
        n: usize,
        d: usize,
        ldx: usize,
        fit_options: Option<&mut FitOptions<'_>>,
        options: Option<&SelectOptions>,
    ) -> Result<(Model, SelectReport)> {
        const FUNCTION: &str = "ofdm_fit_select";
        check_library_version()?;
        check_rows(FUNCTION, "x", x.len(), n, ldx, d)?;
        let (n, d, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "d", d)?, to_i64(FUNCTION, "ldx", ldx)?);
        let select = options.map(|o| o.to_raw()).transpose()?;
        let select_ptr = select.as_ref().map_or(ptr::null(), |o| o as *const ffi::ofdm_select_options);
        let mut report = raw_report()?;
        let report_ptr: *mut ffi::ofdm_select_report = &mut report;
        let run = |raw: *const ffi::ofdm_fit_options| {
            // SAFETY: x spans the n × d array just checked; raw and select_ptr are NULL or valid
            // structs (a callback outlives the call); report is a valid struct set up by its init.
            Model::create(|out| unsafe {
                ffi::ofdm_fit_select(x.as_ptr(), n, d, ldx, raw, select_ptr, out, report_ptr)
            })
        };
        let model = with_raw_fit_options(fit_options, |_| {}, run)?;
        let report = SelectReport {
            degree: report.degree,
            interaction: report.interaction,
            ridge: report.ridge,
            basis_size: report.basis_size,
            validation_loss: report.validation_loss,
            candidates: report.candidates,
            failed: report.failed,
            outlier_rows: report.outlier_rows,
            first_outlier_row: report.first_outlier_row,
            first_outlier_column: report.first_outlier_column,
            first_outlier_distance: report.first_outlier_distance,
        };
        Ok((model, report))
    }

    /// `ofdm_model_validation_loss`: the held-out criterion of this model on the n × d row-major
    /// rows `x` (leading dimension `ldx` >= d): smaller is better, and it may be negative; losses
    /// of models with different bases on the same rows compare directly. Use rows the model was
    /// not fitted on, or the loss is optimistic.
    pub fn validation_loss(&self, x: &[f64], n: usize, ldx: usize) -> Result<f64> {
        const FUNCTION: &str = "ofdm_model_validation_loss";
        check_rows(FUNCTION, "x", x.len(), n, ldx, self.dim())?;
        let (n, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ldx)?);
        let mut loss = 0.0;
        // SAFETY: x spans the array just checked; loss is a valid out-pointer.
        check(unsafe { ffi::ofdm_model_validation_loss(self.as_ptr(), x.as_ptr(), n, ldx, &mut loss) })?;
        Ok(loss)
    }
}

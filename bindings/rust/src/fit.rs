//! Fitting a model to samples (`ofdm_fit`) and its options (`ofdm_fit_options`).

use std::mem::size_of;
use std::ops::ControlFlow;
use std::ptr;

use crate::basis::BasisRef;
use crate::error::{check, expect_defaults, Error, ErrorKind, Result};
use crate::ffi;
use crate::layout::{check_rows, to_i64};
use crate::model::Model;
use crate::progress::{with_progress, ProgressFn};

/// How data x are mapped to latent coordinates z = W (x − m) (`ofdm_coordinates`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coordinates {
    /// `OFDM_COORDINATES_NONE`: z = x.
    None = ffi::OFDM_COORDINATES_NONE as isize,
    /// `OFDM_COORDINATES_STANDARDIZE`: z_j = (x_j − mean_j) / std_j, std with divisor n (default).
    Standardize = ffi::OFDM_COORDINATES_STANDARDIZE as isize,
    /// `OFDM_COORDINATES_WHITEN`: z = U Λ^{-1/2} Uᵀ (x − m), symmetric ("ZCA") whitening; z_j
    /// stays tied to x_j, so graph bases keep their meaning.
    Whiten = ffi::OFDM_COORDINATES_WHITEN as isize,
    /// `OFDM_COORDINATES_PCA`: z = Λ_r^{-1/2} U_rᵀ (x − m), the r leading principal components at
    /// unit variance; r is the basis dimension, d = [`FitOptions::data_dim`] >= r.
    Pca = ffi::OFDM_COORDINATES_PCA as isize,
    /// `OFDM_COORDINATES_AUTO`: [`Model::fit_adaptive`](crate::Model::fit_adaptive) only (other
    /// fits refuse it): standardization and the PCA of all d components are both grown and the
    /// map whose samples lie closer to held-out rows is kept.
    Auto = ffi::OFDM_COORDINATES_AUTO as isize,
}

/// How the coefficients α(t) are obtained at a time t (`ofdm_time_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeMode {
    /// `OFDM_TIME_GALERKIN`: the exact per-time system G(t) α = b(t) (default).
    Galerkin = ffi::OFDM_TIME_GALERKIN as isize,
    /// `OFDM_TIME_PERTURBATION`: first order, α_k(t) = e^{−|k| t} α_k(0).
    Perturbation = ffi::OFDM_TIME_PERTURBATION as isize,
}

/// The options of [`Model::fit`]: the library's defaults from `ofdm_fit_options_init_sized`,
/// changed through the public fields or the builder methods of the same names.
///
/// ```
/// use ofdm::{Coordinates, FitOptions};
/// let options = FitOptions::new().beta(2.0).coordinates(Coordinates::None).ridge(1e-8).memory_limit(1 << 30);
/// assert_eq!((options.beta, options.ridge, options.memory_limit), (2.0, 1e-8, 1 << 30));
/// let pca = FitOptions::new().coordinates(Coordinates::Pca).data_dim(5); // 5 columns, r = basis dim
/// assert_eq!(pca.data_dim, 5);
/// ```
pub struct FitOptions<'a> {
    /// Inverse temperature β > 0 of the OU process; default 1.
    pub beta: f64,
    /// The coordinate map; default [`Coordinates::Standardize`].
    pub coordinates: Coordinates,
    /// How α(t) is obtained; default [`TimeMode::Galerkin`].
    pub time_mode: TimeMode,
    /// ε >= 0: ε·tr(G)/K is added to the diagonal of every system; default 0.
    pub ridge: f64,
    /// Bytes the fit may take (its estimated peak), >= 0; 0 (default): physical memory only. A
    /// fit beyond it fails with [`ErrorKind::TooLarge`] before allocating. A limit on one fit,
    /// not part of the model: [`Model::options`] reports 0.
    pub memory_limit: i64,
    /// Columns d of the data, >= 0; 0 (default): the basis dimension r. Only [`Coordinates::Pca`]
    /// allows d != r (d >= r); with it and 0 here, [`Model::fit`] takes the rows of x as packed,
    /// d = ldx. [`Model::options`] reports the model's d.
    pub data_dim: i64,
    pub(crate) progress: Option<ProgressFn<'a>>,
}

impl<'a> FitOptions<'a> {
    /// The library's defaults (`ofdm_fit_options_init_sized`), with no progress callback.
    ///
    /// # Panics
    ///
    /// If the library refuses this binding's struct layout or gives an enum value this binding
    /// does not know: a library that breaks the header's compatibility rule.
    pub fn new() -> FitOptions<'a> {
        let raw = expect_defaults("ofdm_fit_options_init_sized", raw_defaults());
        FitOptions::from_raw(&raw).expect("ofdm_fit_options_init_sized gave an unknown enum value")
    }

    /// Sets [`FitOptions::beta`].
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }

    /// Sets [`FitOptions::coordinates`].
    pub fn coordinates(mut self, coordinates: Coordinates) -> Self {
        self.coordinates = coordinates;
        self
    }

    /// Sets [`FitOptions::time_mode`].
    pub fn time_mode(mut self, time_mode: TimeMode) -> Self {
        self.time_mode = time_mode;
        self
    }

    /// Sets [`FitOptions::ridge`].
    pub fn ridge(mut self, ridge: f64) -> Self {
        self.ridge = ridge;
        self
    }

    /// Sets [`FitOptions::memory_limit`].
    pub fn memory_limit(mut self, bytes: i64) -> Self {
        self.memory_limit = bytes;
        self
    }

    /// Sets [`FitOptions::data_dim`].
    pub fn data_dim(mut self, d: i64) -> Self {
        self.data_dim = d;
        self
    }

    /// A progress callback; units are samples read, so the final call has done == total == n.
    /// Returning `ControlFlow::Break(())`, or panicking, cancels the fit.
    pub fn progress(mut self, callback: impl FnMut(i64, i64) -> ControlFlow<()> + 'a) -> Self {
        self.progress = Some(Box::new(callback));
        self
    }

    /// The options as the C struct, without a progress callback.
    pub(crate) fn to_raw(&self) -> Result<ffi::ofdm_fit_options> {
        let mut raw = raw_defaults()?;
        raw.beta = self.beta;
        raw.coordinates = self.coordinates as i32;
        raw.time_mode = self.time_mode as i32;
        raw.ridge = self.ridge;
        raw.memory_limit = self.memory_limit;
        raw.data_dim = self.data_dim;
        Ok(raw)
    }

    /// The options a C struct holds (its callback is dropped); None for an enum value this
    /// binding does not know.
    pub(crate) fn from_raw(raw: &ffi::ofdm_fit_options) -> Option<FitOptions<'a>> {
        let coordinates = match raw.coordinates {
            ffi::OFDM_COORDINATES_NONE => Coordinates::None,
            ffi::OFDM_COORDINATES_STANDARDIZE => Coordinates::Standardize,
            ffi::OFDM_COORDINATES_WHITEN => Coordinates::Whiten,
            ffi::OFDM_COORDINATES_PCA => Coordinates::Pca,
            ffi::OFDM_COORDINATES_AUTO => Coordinates::Auto,
            _ => return None,
        };
        let time_mode = match raw.time_mode {
            ffi::OFDM_TIME_GALERKIN => TimeMode::Galerkin,
            ffi::OFDM_TIME_PERTURBATION => TimeMode::Perturbation,
            _ => return None,
        };
        Some(FitOptions {
            beta: raw.beta,
            coordinates,
            time_mode,
            ridge: raw.ridge,
            memory_limit: raw.memory_limit,
            data_dim: raw.data_dim,
            progress: None,
        })
    }
}

impl Default for FitOptions<'_> {
    fn default() -> Self {
        FitOptions::new()
    }
}

impl std::fmt::Debug for FitOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FitOptions")
            .field("beta", &self.beta)
            .field("coordinates", &self.coordinates)
            .field("time_mode", &self.time_mode)
            .field("ridge", &self.ridge)
            .field("memory_limit", &self.memory_limit)
            .field("data_dim", &self.data_dim)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// The columns d of the x that [`Model::fit`] reads: `data_dim` when set, the packed row length
/// `ldx` for PCA without it, else the basis dimension r. (A negative data_dim is the library's to
/// refuse; the slice is checked for r columns meanwhile.)
fn data_dimension(basis_dim: usize, options: Option<&FitOptions<'_>>, ldx: usize) -> usize {
    match options {
        Some(o) if o.data_dim > 0 => usize::try_from(o.data_dim).unwrap_or(usize::MAX),
        Some(o) if o.data_dim == 0 && o.coordinates == Coordinates::Pca => ldx,
        _ => basis_dim,
    }
}

/// A C options struct filled by `ofdm_fit_options_init_sized` with this mirror's size (what the
/// header's `ofdm_fit_options_init` macro passes), which it writes into struct_size.
pub(crate) fn raw_defaults() -> Result<ffi::ofdm_fit_options> {
    let mut raw = ffi::ofdm_fit_options {
        struct_size: 0,
        beta: 0.0,
        coordinates: 0,
        time_mode: 0,
        ridge: 0.0,
        progress: None,
        progress_data: ptr::null_mut(),
        memory_limit: 0,
        data_dim: 0,
    };
    // SAFETY: a valid struct of the header's layout, and its size.
    check(unsafe { ffi::ofdm_fit_options_init_sized(&mut raw, size_of::<ffi::ofdm_fit_options>()) })?;
    Ok(raw)
}

/// Runs `call` with the C fit options of `options`: NULL when there are none, else the raw struct,
/// changed by `adjust`, whose progress callback (if any) is bridged for the duration of the call.
/// The one place a `FitOptions` reaches a C function that fits.
pub(crate) fn with_raw_fit_options<T>(
    options: Option<&mut FitOptions<'_>>,
    adjust: impl FnOnce(&mut ffi::ofdm_fit_options),
    call: impl FnOnce(*const ffi::ofdm_fit_options) -> Result<T>,
) -> Result<T> {
    match options {
        None => call(ptr::null()),
        Some(options) => {
            let mut raw = options.to_raw()?;
            adjust(&mut raw);
            with_progress(options.progress.as_mut(), |progress, progress_data| {
                raw.progress = progress;
                raw.progress_data = progress_data;
                call(&raw)
            })
        }
    }
}

impl Model {
    /// `ofdm_fit`: fits a model to the n samples held row-major in `x` with leading dimension
    /// `ldx` (>= d). The data dimension d is the basis dimension, or [`FitOptions::data_dim`]
    /// when set; with [`Coordinates::Pca`] and data_dim 0 the rows are taken as packed, d = ldx
    /// (set data_dim for padded rows). `options` None means the defaults; it is `&mut` because a
    /// progress callback is a `FnMut`. The model keeps its own copy of the basis.
    pub fn fit(
        basis: &BasisRef,
        x: &[f64],
        n: usize,
        ldx: usize,
        options: Option<&mut FitOptions<'_>>,
    ) -> Result<Model> {
        const FUNCTION: &str = "ofdm_fit";
        let d = data_dimension(basis.dim(), options.as_deref(), ldx);
        check_rows(FUNCTION, "x", x.len(), n, ldx, d)?;
        let d = to_i64(FUNCTION, "data_dim", d)?;
        let (n, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ldx)?);
        let fit = |raw: *const ffi::ofdm_fit_options| {
            // SAFETY: x spans the n × d array just checked; raw is NULL or a valid options struct
            // whose callback, if any, outlives the call.
            Model::create(|out| unsafe { ffi::ofdm_fit(basis.as_ptr(), x.as_ptr(), n, ldx, raw, out) })
        };
        with_raw_fit_options(options, |raw| raw.data_dim = if raw.data_dim == 0 { d } else { raw.data_dim }, fit)
    }

    /// `ofdm_model_options`: the fit options the model was built with (without a callback).
    pub fn options(&self) -> Result<FitOptions<'static>> {
        let mut raw = raw_defaults()?;
        // SAFETY: a live handle and a struct whose struct_size the init set.
        check(unsafe { ffi::ofdm_model_options(self.as_ptr(), &mut raw) })?;
        FitOptions::from_raw(&raw).ok_or_else(|| {
            Error::from_binding(
                ErrorKind::Internal,
                format!(
                    "ofdm_model_options: coordinates = {} or time_mode = {} is not a value this binding knows",
                    raw.coordinates, raw.time_mode
                ),
            )
        })
    }
}

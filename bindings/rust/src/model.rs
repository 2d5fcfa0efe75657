//! The fitted model (`ofdm_model`): ownership, and score, log-density and coefficients at any
//! time t in [0, ∞], the latent maps and the accessors.
//!
//! Fitting is in `fit.rs`, sampling in `sampling.rs`, files and buffers in `files.rs`.

use std::ptr::{self, NonNull};

use crate::basis::BasisRef;
use crate::error::{check, Result};
use crate::ffi;
use crate::layout::{check_len, check_rows, to_i64, to_usize};

/// A fitted model; freed with `ofdm_model_free` when dropped.
///
/// A model is immutable, so `&Model` may be shared by any number of threads (it is `Sync`), for
/// scoring and for sampling alike.
pub struct Model {
    raw: NonNull<ffi::ofdm_model>,
}

// SAFETY: "a handle is immutable once created, so any number of threads may use the same basis or
// model at once. Functions that create or free a handle touch only that handle." (ofdm.h)
unsafe impl Send for Model {}
unsafe impl Sync for Model {}

impl Model {
    /// Runs a function that creates a model through an out-pointer (NULL before the call) and
    /// takes ownership of what it writes.
    pub(crate) fn create(call: impl FnOnce(*mut *mut ffi::ofdm_model) -> ffi::ofdm_status) -> Result<Model> {
        let mut raw = ptr::null_mut();
        check(call(&mut raw))?;
        let raw = NonNull::new(raw).expect("ofdm returned OFDM_OK without a model");
        Ok(Model { raw })
    }

    /// The handle, for passing to `ffi` functions; valid while self lives.
    pub fn as_ptr(&self) -> *const ffi::ofdm_model {
        self.raw.as_ptr()
    }

    /// `ofdm_model_score`: ∇_x log p_t(x) at the n points held row-major in `x` (leading
    /// dimension `ldx` >= d), in data coordinates, written to the n × d array `out` (leading
    /// dimension `ldout` >= d). `t` may be `f64::INFINITY` (the stationary law's score).
    pub fn score(&self, t: f64, x: &[f64], n: usize, ldx: usize, out: &mut [f64], ldout: usize) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_score";
        check_rows(FUNCTION, "x", x.len(), n, ldx, self.dim())?;
        check_rows(FUNCTION, "out", out.len(), n, ldout, self.dim())?;
        let (n, ldx, ldout) =
            (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ldx)?, to_i64(FUNCTION, "ldout", ldout)?);
        // SAFETY: x and out span the arrays just checked, and Rust's borrows keep them apart.
        check(unsafe { ffi::ofdm_model_score(self.as_ptr(), t, x.as_ptr(), n, ldx, out.as_mut_ptr(), ldout) })
    }

    /// `ofdm_model_log_density`: log p_t(x) at the n points of `x`, up to an additive constant
    /// that depends on t only (exact and normalized at t = ∞), written to `out[..n]`.
    pub fn log_density(&self, t: f64, x: &[f64], n: usize, ldx: usize, out: &mut [f64]) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_log_density";
        check_rows(FUNCTION, "x", x.len(), n, ldx, self.dim())?;
        check_len(FUNCTION, "out", out.len(), n)?;
        let (n, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ldx)?);
        // SAFETY: x spans the array just checked; out holds n values.
        check(unsafe { ffi::ofdm_model_log_density(self.as_ptr(), t, x.as_ptr(), n, ldx, out.as_mut_ptr()) })
    }

    /// `ofdm_model_coefficients`: the K coefficients α(t), in basis order, written to
    /// `alpha[..K]`.
    pub fn coefficients(&self, t: f64, alpha: &mut [f64]) -> Result<()> {
        check_len("ofdm_model_coefficients", "alpha", alpha.len(), self.basis().size())?;
        // SAFETY: alpha holds K values.
        check(unsafe { ffi::ofdm_model_coefficients(self.as_ptr(), t, alpha.as_mut_ptr()) })
    }

    /// `ofdm_model_to_latent`: maps the n data points of `x` (d columns) to latent coordinates
    /// z = W (x − m), written to the n × r array `z` (leading dimension `ldz` >= r, r =
    /// [`Model::latent_dim`]).
    pub fn to_latent(&self, x: &[f64], n: usize, ldx: usize, z: &mut [f64], ldz: usize) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_to_latent";
        check_rows(FUNCTION, "x", x.len(), n, ldx, self.dim())?;
        check_rows(FUNCTION, "z", z.len(), n, ldz, self.latent_dim())?;
        let (n, ldx, ldz) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ldx)?, to_i64(FUNCTION, "ldz", ldz)?);
        // SAFETY: x and z span the arrays just checked.
        check(unsafe { ffi::ofdm_model_to_latent(self.as_ptr(), x.as_ptr(), n, ldx, z.as_mut_ptr(), ldz) })
    }

    /// `ofdm_model_to_latent` in place (the header allows z == x with one leading dimension
    /// `ld` >= d): the first r columns of each row receive z.
    pub fn to_latent_in_place(&self, xz: &mut [f64], n: usize, ld: usize) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_to_latent";
        check_rows(FUNCTION, "x", xz.len(), n, ld, self.dim())?;
        let (n, ld) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ld)?);
        let data = xz.as_mut_ptr();
        // SAFETY: data spans the array just checked; the header allows x == z when ldz == ldx.
        check(unsafe { ffi::ofdm_model_to_latent(self.as_ptr(), data, n, ld, data, ld) })
    }

    /// `ofdm_model_from_latent`: maps the n latent points of `z` (r columns) back to data
    /// coordinates x = m + W⁺ z, written to the n × d array `x` (leading dimension `ldx`). W⁺ =
    /// W⁻¹ except for PCA, where x lands on the principal subspace.
    pub fn from_latent(&self, z: &[f64], n: usize, ldz: usize, x: &mut [f64], ldx: usize) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_from_latent";
        check_rows(FUNCTION, "z", z.len(), n, ldz, self.latent_dim())?;
        check_rows(FUNCTION, "x", x.len(), n, ldx, self.dim())?;
        let (n, ldz, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldz", ldz)?, to_i64(FUNCTION, "ldx", ldx)?);
        // SAFETY: z and x span the arrays just checked.
        check(unsafe { ffi::ofdm_model_from_latent(self.as_ptr(), z.as_ptr(), n, ldz, x.as_mut_ptr(), ldx) })
    }

    /// `ofdm_model_from_latent` in place (the header allows x == z with one leading dimension
    /// `ld` >= d): z is read from the first r columns of each row, x written over all d.
    pub fn from_latent_in_place(&self, zx: &mut [f64], n: usize, ld: usize) -> Result<()> {
        const FUNCTION: &str = "ofdm_model_from_latent";
        check_rows(FUNCTION, "z", zx.len(), n, ld, self.dim())?;
        let (n, ld) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldz", ld)?);
        let data = zx.as_mut_ptr();
        // SAFETY: data spans the array just checked; the header allows x == z when ldx == ldz.
        check(unsafe { ffi::ofdm_model_from_latent(self.as_ptr(), data, n, ld, data, ld) })
    }

    /// `ofdm_model_basis`: the model's own basis, borrowed for as long as the model lives (it is
    /// never freed through this reference).
    pub fn basis(&self) -> &BasisRef {
        // SAFETY: a live handle has a basis that lives as long as the model, i.e. as long as &self.
        unsafe { BasisRef::from_raw(ffi::ofdm_model_basis(self.as_ptr())) }
    }

    /// `ofdm_model_dim`: the dimension d of the data (the columns of x in every call).
    pub fn dim(&self) -> usize {
        // SAFETY: a live handle.
        to_usize(unsafe { ffi::ofdm_model_dim(self.as_ptr()) })
    }

    /// `ofdm_model_latent_dim`: the dimension r of the latent coordinates, the basis dimension:
    /// d except for [`Coordinates::Pca`](crate::Coordinates::Pca).
    pub fn latent_dim(&self) -> usize {
        // SAFETY: a live handle.
        to_usize(unsafe { ffi::ofdm_model_latent_dim(self.as_ptr()) })
    }

    /// `ofdm_model_rank`: the number of basis functions the model uses, the numerical rank of
    /// its Galerkin system at t = 0. Equal to `self.basis().size()` for a well-posed fit; smaller
    /// when some basis functions are, on the data, combinations of the others (data on a curve,
    /// too few samples, an outlier that dominates the high degrees): the fit keeps the others,
    /// and the coefficients of the dropped ones are 0 at every t.
    pub fn rank(&self) -> usize {
        // SAFETY: a live handle.
        to_usize(unsafe { ffi::ofdm_model_rank(self.as_ptr()) })
    }

    /// `ofdm_model_beta`: the inverse temperature β.
    pub fn beta(&self) -> f64 {
        // SAFETY: a live handle.
        unsafe { ffi::ofdm_model_beta(self.as_ptr()) }
    }

    /// `ofdm_model_training_size`: the number of samples the model was fitted on.
    pub fn training_size(&self) -> usize {
        // SAFETY: a live handle.
        to_usize(unsafe { ffi::ofdm_model_training_size(self.as_ptr()) })
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        // SAFETY: this Model is the handle's only owner, and drop runs once. Borrowed bases
        // (&BasisRef from Model::basis) cannot outlive it.
        unsafe { ffi::ofdm_model_free(self.raw.as_ptr()) }
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("dim", &self.dim())
            .field("latent_dim", &self.latent_dim())
            .field("rank", &self.rank())
            .field("beta", &self.beta())
            .field("training_size", &self.training_size())
            .field("basis", self.basis())
            .finish()
    }
}

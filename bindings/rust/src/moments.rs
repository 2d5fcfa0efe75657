//! Streamed, out-of-core and distributed fits (`ofdm_moments`, the header's "Moments" section).

use std::ptr::{self, NonNull};

use crate::basis::BasisRef;
use crate::error::{check, Result};
use crate::ffi;
use crate::fit::FitOptions;
use crate::layout::{check_rows, to_i64, to_usize};
use crate::model::Model;
use crate::version::check_library_version;

/// A moments accumulator; freed with `ofdm_moments_free` when dropped.
///
/// Data are added chunk by chunk ([`Moments::add`]); with standardized coordinates the stream
/// has two passes over the same data, separated by [`Moments::begin_moments`]. Accumulators of
/// shards combine with [`Moments::merge`] or through their exported arrays (MPI: statistics by
/// gathering and merging in rank order, moments by SUM over the first M + 1 entries and MIN over
/// the rest), and [`Moments::fit`] gives the same model as [`Model::fit`] on all the data.
///
/// ```
/// use ofdm::{Basis, Model, Moments};
/// // 400 × 2 row-major points from a 64-bit LCG: pseudo-random, so no polynomial of the basis
/// // vanishes on them (neither column is a function of the other) and the fit is well posed.
/// let mut state = 12345u64;
/// let x: Vec<f64> = (0..800)
///     .map(|_| {
///         state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
///         (state >> 11) as f64 / (1u64 << 53) as f64
///     })
///     .collect();
/// let basis = Basis::total_degree(2, 3, 0)?;
/// let mut moments = Moments::new(&basis, None)?;
/// for pass in 0..2 {
///     for chunk in x.chunks(2 * 100) {
///         moments.add(chunk, chunk.len() / 2, 2)?;
///     }
///     if pass == 0 {
///         moments.begin_moments()?;
///     }
/// }
/// let model = moments.fit(None)?;
/// assert_eq!(model.training_size(), 400);
/// assert_eq!(model.rank(), basis.size()); // every basis function is used
/// # Ok::<(), ofdm::Error>(())
/// ```
pub struct Moments {
    raw: NonNull<ffi::ofdm_moments>,
    dim: usize,
}

// SAFETY: the handle is owned, and the header's contract is "one thread at a time" for the calls
// that change it (`&mut self` here) while the others only read it (`&self`): Rust's borrows
// enforce exactly that across threads.
unsafe impl Send for Moments {}
unsafe impl Sync for Moments {}

impl Moments {
    /// `ofdm_moments_create`: an empty accumulator for fitting `basis` with `options` (None: the
    /// defaults, standardized coordinates, so two passes). Its β and coordinates are fixed from
    /// here on; its time mode and ridge are what [`Moments::fit`] uses with None. The progress
    /// callback of `options`, if any, is not used.
    pub fn new(basis: &BasisRef, options: Option<&FitOptions<'_>>) -> Result<Moments> {
        check_library_version()?;
        let raw_options = options.map(|o| o.to_raw()).transpose()?;
        let options_ptr = raw_options.as_ref().map_or(ptr::null(), |o| o as *const ffi::ofdm_fit_options);
        let mut raw = ptr::null_mut();
        // SAFETY: a live basis, NULL or a valid options struct (without a callback), an out-pointer.
        check(unsafe { ffi::ofdm_moments_create(basis.as_ptr(), options_ptr, &mut raw) })?;
        let raw = NonNull::new(raw).expect("ofdm returned OFDM_OK without an accumulator");
        Ok(Moments { raw, dim: basis.dim() })
    }

    /// An accumulator holding an exported array: `statistics` (a statistics-pass array) is
    /// imported first and its pass ended, as a moment-pass array of standardized coordinates
    /// needs; then `values` goes into the current pass.
    pub fn from_array(
        basis: &BasisRef,
        options: Option<&FitOptions<'_>>,
        statistics: Option<&[f64]>,
        values: &[f64],
    ) -> Result<Moments> {
        let mut moments = Moments::new(basis, options)?;
        if let Some(statistics) = statistics {
            moments.import(statistics)?;
            moments.begin_moments()?;
        }
        moments.import(values)?;
        Ok(moments)
    }

    /// The handle, for passing to `ffi` functions; valid while self lives.
    pub fn as_ptr(&self) -> *const ffi::ofdm_moments {
        self.raw.as_ptr()
    }

    /// `ofdm_moments_add`: adds the n samples held row-major in `x` (leading dimension `ldx` >=
    /// d) to the current pass. Nothing is added on failure.
    pub fn add(&mut self, x: &[f64], n: usize, ldx: usize) -> Result<()> {
        const FUNCTION: &str = "ofdm_moments_add";
        check_rows(FUNCTION, "x", x.len(), n, ldx, self.dim)?;
        let (n, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "ldx", ldx)?);
        // SAFETY: x spans the array just checked; the handle is borrowed mutably.
        check(unsafe { ffi::ofdm_moments_add(self.raw.as_ptr(), x.as_ptr(), n, ldx) })
    }

    /// `ofdm_moments_begin_moments`: ends the statistics pass (fixes the coordinate map); add
    /// the same data again next.
    pub fn begin_moments(&mut self) -> Result<()> {
        // SAFETY: a live handle, borrowed mutably.
        check(unsafe { ffi::ofdm_moments_begin_moments(self.raw.as_ptr()) })
    }

    /// `ofdm_moments_in_statistics_pass`.
    pub fn in_statistics_pass(&self) -> bool {
        // SAFETY: a live handle.
        unsafe { ffi::ofdm_moments_in_statistics_pass(self.as_ptr()) != 0 }
    }

    /// `ofdm_moments_count`: samples added in the current pass.
    pub fn count(&self) -> usize {
        // SAFETY: a live handle.
        to_usize(unsafe { ffi::ofdm_moments_count(self.as_ptr()) })
    }

    /// `ofdm_moments_merge`: adds the samples of `other` (same basis, options and pass).
    pub fn merge(&mut self, other: &Moments) -> Result<()> {
        // SAFETY: two live handles; other is only read.
        check(unsafe { ffi::ofdm_moments_merge(self.raw.as_ptr(), other.as_ptr()) })
    }

    /// `ofdm_moments_export_length`: the length of the current pass's exported array.
    pub fn export_length(&self) -> Result<usize> {
        let mut length = 0i64;
        // SAFETY: a live handle and an out-pointer.
        check(unsafe { ffi::ofdm_moments_export_length(self.as_ptr(), &mut length) })?;
        Ok(to_usize(length))
    }

    /// `ofdm_moments_export`: the current pass's state as a new array (layout: ofdm.h).
    pub fn export(&self) -> Result<Vec<f64>> {
        let mut out = vec![0.0; self.export_length()?];
        // SAFETY: out holds export_length values.
        check(unsafe { ffi::ofdm_moments_export(self.as_ptr(), out.as_mut_ptr()) })?;
        Ok(out)
    }

    /// `ofdm_moments_import`: replaces the current pass's state with an exported array; the
    /// accumulator is unchanged on failure.
    pub fn import(&mut self, values: &[f64]) -> Result<()> {
        let length = to_i64("ofdm_moments_import", "length", values.len())?;
        // SAFETY: values holds length values; the handle is borrowed mutably.
        check(unsafe { ffi::ofdm_moments_import(self.raw.as_ptr(), values.as_ptr(), length) })
    }

    /// `ofdm_fit_moments`: the model of the moment pass's sums. None uses the accumulator's own
    /// options; otherwise β and coordinates must be the accumulator's (ridge and time mode may
    /// differ). A progress callback in `options` is not used.
    pub fn fit(&self, options: Option<&FitOptions<'_>>) -> Result<Model> {
        let raw_options = options.map(|o| o.to_raw()).transpose()?;
        let options_ptr = raw_options.as_ref().map_or(ptr::null(), |o| o as *const ffi::ofdm_fit_options);
        // SAFETY: a live handle, NULL or a valid options struct, an out-pointer.
        Model::create(|out| unsafe { ffi::ofdm_fit_moments(self.as_ptr(), options_ptr, out) })
    }
}

impl Drop for Moments {
    fn drop(&mut self) {
        // SAFETY: the handle is owned and freed once.
        unsafe { ffi::ofdm_moments_free(self.raw.as_ptr()) }
    }
}

impl std::fmt::Debug for Moments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Moments")
            .field("dim", &self.dim)
            .field("in_statistics_pass", &self.in_statistics_pass())
            .field("count", &self.count())
            .finish()
    }
}

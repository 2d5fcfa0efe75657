//! Bases: sparse sets of Hermite products (`ofdm_basis`).
//!
//! [`Basis`] owns a handle and frees it on drop. [`BasisRef`] is what both an owned basis and a
//! model's borrowed basis (`ofdm_model_basis`) look like behind a reference: `&BasisRef` is the
//! `const ofdm_basis *` itself, so a borrowed basis cannot outlive its model and is never freed.

use std::ops::Deref;
use std::ptr::{self, NonNull};

use crate::error::{check, Result};
use crate::ffi;
use crate::layout::{check_rows, to_i64, to_usize};
use crate::version::check_library_version;

/// A basis seen through a reference: all the read-only functions of `ofdm_basis`.
///
/// Obtained by dereferencing a [`Basis`] or from [`Model::basis`](crate::Model::basis); it has
/// no owned form, so it is never freed through this type.
#[repr(transparent)]
pub struct BasisRef(ffi::ofdm_basis);

// SAFETY: a basis is immutable once created and the header declares its functions thread-safe.
unsafe impl Sync for BasisRef {}
unsafe impl Send for BasisRef {}

impl BasisRef {
    /// Views a live handle as a reference whose lifetime the caller chooses.
    ///
    /// # Safety
    /// `raw` must be a valid basis handle that stays alive and unfreed for the lifetime `'a`.
    pub(crate) unsafe fn from_raw<'a>(raw: *const ffi::ofdm_basis) -> &'a BasisRef {
        &*(raw as *const BasisRef)
    }

    /// The handle, for passing to `ffi` functions.
    pub fn as_ptr(&self) -> *const ffi::ofdm_basis {
        self as *const BasisRef as *const ffi::ofdm_basis
    }

    /// `ofdm_basis_size`: the number of basis functions K.
    pub fn size(&self) -> usize {
        // SAFETY: a live handle.
        to_usize(unsafe { ffi::ofdm_basis_size(self.as_ptr()) })
    }

    /// `ofdm_basis_dim`: the dimension d.
    pub fn dim(&self) -> usize {
        // SAFETY: a live handle.
        to_usize(unsafe { ffi::ofdm_basis_dim(self.as_ptr()) })
    }

    /// `ofdm_basis_max_degree`: the largest total degree |k| in the basis.
    pub fn max_degree(&self) -> i32 {
        // SAFETY: a live handle.
        unsafe { ffi::ofdm_basis_max_degree(self.as_ptr()) }
    }

    /// `ofdm_basis_indices`: writes the multi-indices as a K × d row-major array with leading
    /// dimension `ldout` (>= d) into `out`, which must hold (K − 1)·ldout + d elements. Elements
    /// between d and ldout in each row are left as they were.
    pub fn indices(&self, out: &mut [i32], ldout: usize) -> Result<()> {
        const FUNCTION: &str = "ofdm_basis_indices";
        check_rows(FUNCTION, "out", out.len(), self.size(), ldout, self.dim())?;
        let ldout = to_i64(FUNCTION, "ldout", ldout)?;
        // SAFETY: a live handle; out spans the K × d array just checked.
        check(unsafe { ffi::ofdm_basis_indices(self.as_ptr(), out.as_mut_ptr(), ldout) })
    }
}

impl std::fmt::Debug for BasisRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Basis")
            .field("dim", &self.dim())
            .field("size", &self.size())
            .field("max_degree", &self.max_degree())
            .finish()
    }
}

/// An owned basis; freed with `ofdm_basis_free` when dropped. Models fitted from it keep their own
/// copy, so it may be dropped as soon as the fits are done. All read-only functions are on
/// [`BasisRef`], which `Basis` dereferences to.
pub struct Basis {
    raw: NonNull<ffi::ofdm_basis>,
}

// SAFETY: as for BasisRef; dropping frees only this handle, which the header allows on any thread.
unsafe impl Send for Basis {}
unsafe impl Sync for Basis {}

impl Basis {
    /// `ofdm_basis_create_total_degree`: all multi-indices of total degree 1..=`max_degree` that
    /// involve at most `max_interaction` coordinates (0: no limit), ordered by total degree, then
    /// lexicographically (coordinate 0 first).
    pub fn total_degree(dim: usize, max_degree: i32, max_interaction: i32) -> Result<Basis> {
        check_library_version()?;
        let dim = to_i64("ofdm_basis_create_total_degree", "dim", dim)?;
        // SAFETY: plain values and a valid out-pointer.
        Basis::create(|out| unsafe { ffi::ofdm_basis_create_total_degree(dim, max_degree, max_interaction, out) })
    }

    /// `ofdm_basis_create_graph`: univariate terms n·e_j for every coordinate and pair terms
    /// a·e_i + b·e_j (a, b >= 1, a + b <= `max_degree`) for every edge (i, j); coordinates are
    /// 0-based. The edge list is the header's n_edges × 2 row-major array.
    pub fn graph(dim: usize, max_degree: i32, edges: &[[i64; 2]]) -> Result<Basis> {
        const FUNCTION: &str = "ofdm_basis_create_graph";
        check_library_version()?;
        let dim = to_i64(FUNCTION, "dim", dim)?;
        let n_edges = to_i64(FUNCTION, "n_edges", edges.len())?;
        let edges = edges.as_ptr() as *const i64; // [[i64; 2]] is the row-major n_edges × 2 array
                                                  // SAFETY: edges points at n_edges × 2 int64_t, read only during the call.
        Basis::create(|out| unsafe { ffi::ofdm_basis_create_graph(dim, max_degree, edges, n_edges, out) })
    }

    /// `ofdm_basis_create_from_indices`: the `count` multi-indices held as a count × `dim`
    /// row-major array with leading dimension `ld` (>= dim), kept in the given order.
    pub fn from_indices(dim: usize, indices: &[i32], count: usize, ld: usize) -> Result<Basis> {
        const FUNCTION: &str = "ofdm_basis_create_from_indices";
        check_library_version()?;
        check_rows(FUNCTION, "indices", indices.len(), count, ld, dim)?;
        let (dim, count, ld) =
            (to_i64(FUNCTION, "dim", dim)?, to_i64(FUNCTION, "count", count)?, to_i64(FUNCTION, "ld", ld)?);
        let indices = indices.as_ptr();
        // SAFETY: indices spans the count × dim array just checked, read only during the call.
        Basis::create(|out| unsafe { ffi::ofdm_basis_create_from_indices(dim, indices, count, ld, out) })
    }

    /// Runs a `create` function with a NULL out-pointer and takes ownership of what it writes.
    fn create(call: impl FnOnce(*mut *mut ffi::ofdm_basis) -> ffi::ofdm_status) -> Result<Basis> {
        let mut raw = ptr::null_mut();
        check(call(&mut raw))?;
        let raw = NonNull::new(raw).expect("ofdm returned OFDM_OK without a basis");
        Ok(Basis { raw })
    }
}

impl Deref for Basis {
    type Target = BasisRef;
    fn deref(&self) -> &BasisRef {
        // SAFETY: the handle lives as long as self.
        unsafe { BasisRef::from_raw(self.raw.as_ptr()) }
    }
}

impl Drop for Basis {
    fn drop(&mut self) {
        // SAFETY: this Basis is the handle's only owner, and drop runs once.
        unsafe { ffi::ofdm_basis_free(self.raw.as_ptr()) }
    }
}

impl std::fmt::Debug for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

//! Rows far outside the bulk of the data in robust units (`ofdm_find_outliers`, the header's
//! "Fit" section): the rows [`Model::fit_select`](crate::Model::fit_select) leaves out, for a
//! caller of [`Model::fit`](crate::Model::fit), which uses every row.

use crate::error::{check, Result};
use crate::ffi;
use crate::layout::{check_rows, to_i64};

/// What [`find_outliers`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outliers {
    /// Rows farther than 20 robust units from the median in some column.
    pub count: i64,
    /// The first of them (0-based), or -1.
    pub first_row: i64,
    /// That row's column farthest out, or -1.
    pub first_column: i64,
    /// How far, in robust units; 0 when there is none.
    pub first_distance: f64,
}

/// `ofdm_find_outliers`: the rows of the n × d row-major samples `x` (leading dimension `ldx`
/// >= d) that lie more than 20 robust units from the median of some column, a unit being 1.4826
/// times the column's median absolute deviation (its standard deviation for Gaussian data,
/// which are never that far out; 1.2533 times the mean absolute deviation when the MAD is 0).
///
/// ```
/// let mut x: Vec<f64> = (0..200).map(|i| ((i * 37) % 101) as f64 / 50.0).collect();
/// x[2 * 7 + 1] = 1e12; // row 7, column 1
/// let found = ofdm::find_outliers(&x, 100, 2, 2)?;
/// assert_eq!((found.count, found.first_row, found.first_column), (1, 7, 1));
/// # Ok::<(), ofdm::Error>(())
/// ```
pub fn find_outliers(x: &[f64], n: usize, d: usize, ldx: usize) -> Result<Outliers> {
    const FUNCTION: &str = "ofdm_find_outliers";
    check_rows(FUNCTION, "x", x.len(), n, ldx, d)?;
    let (n, d, ldx) = (to_i64(FUNCTION, "n", n)?, to_i64(FUNCTION, "d", d)?, to_i64(FUNCTION, "ldx", ldx)?);
    let mut found = Outliers { count: 0, first_row: -1, first_column: -1, first_distance: 0.0 };
    // SAFETY: x spans the n × d array just checked; the out-pointers are valid.
    check(unsafe {
        ffi::ofdm_find_outliers(
            x.as_ptr(),
            n,
            d,
            ldx,
            &mut found.count,
            &mut found.first_row,
            &mut found.first_column,
            &mut found.first_distance,
        )
    })?;
    Ok(found)
}

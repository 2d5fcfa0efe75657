//! The row-major arrays of the C API seen from safe Rust: a slice is passed with an explicit row
//! count n and leading dimension ld, and the library reads or writes elements (i, j) at
//! i·ld + j for i < n, j < d. The library trusts the pointer, so before each call the binding
//! checks that the slice really holds (n − 1)·ld + d elements; everything else (ld >= d, n >= 0,
//! values) is left to the library, whose messages name the offending argument.

use crate::error::{Error, ErrorKind, Result};

/// The number of elements an n × d row-major array with leading dimension ld spans: the last row
/// needs only its first d elements. None when that overflows usize.
fn span(n: usize, ld: usize, d: usize) -> Option<usize> {
    if n == 0 {
        return Some(0);
    }
    (n - 1).checked_mul(ld)?.checked_add(d)
}

/// Checks that `len` elements hold the n × d array with leading dimension ld that `function`
/// will access through the argument `name`.
pub(crate) fn check_rows(function: &str, name: &str, len: usize, n: usize, ld: usize, d: usize) -> Result<()> {
    match span(n, ld, d) {
        Some(needed) if needed <= len => Ok(()),
        Some(needed) => Err(Error::from_binding(
            ErrorKind::InvalidArgument,
            format!(
                "{function}: {name} holds {len} elements, but n = {n} rows of d = {d} with leading \
                 dimension {ld} need {needed} (checked by the Rust binding)"
            ),
        )),
        None => Err(Error::from_binding(
            ErrorKind::TooLarge,
            format!("{function}: n = {n} rows with leading dimension {ld} overflow the address space"),
        )),
    }
}

/// Checks that `len` elements hold `needed` values for `function`'s argument `name`.
pub(crate) fn check_len(function: &str, name: &str, len: usize, needed: usize) -> Result<()> {
    if len >= needed {
        return Ok(());
    }
    Err(Error::from_binding(
        ErrorKind::InvalidArgument,
        format!("{function}: {name} holds {len} elements, but {needed} are needed (checked by the Rust binding)"),
    ))
}

/// A Rust size as the library's int64_t.
pub(crate) fn to_i64(function: &str, name: &str, value: usize) -> Result<i64> {
    i64::try_from(value)
        .map_err(|_| Error::from_binding(ErrorKind::TooLarge, format!("{function}: {name} = {value} exceeds int64_t")))
}

/// A count or size the library returns as int64_t, as a Rust size. The library never returns a
/// negative one for a live handle; 0 stands in should it ever do so.
pub(crate) fn to_usize(value: i64) -> usize {
    usize::try_from(value).unwrap_or(0)
}

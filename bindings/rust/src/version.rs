//! The version of the linked library, and the check that it has the ABI this binding was written
//! for.
//!
//! Rust has no hook that runs when a shared library is loaded and could return an error, so the
//! check runs at the first step of everything that creates a handle (every basis constructor and
//! both loaders): nothing can reach a model or basis without passing it. It costs one call that
//! returns a constant.

use std::ffi::CStr;

use crate::error::{Error, ErrorKind, Result};
use crate::ffi;

/// The ABI major number this binding was written for (`OFDM_VERSION_MAJOR` of its `ofdm.h`). The
/// SONAME carries the major, and a new major may change any declaration in `ffi.rs`.
pub const ABI_MAJOR: u32 = ffi::OFDM_VERSION_MAJOR;

/// `ofdm_version_number`: the linked library's MAJOR·10000 + MINOR·100 + PATCH.
pub fn version_number() -> u32 {
    // SAFETY: no arguments, no preconditions.
    unsafe { ffi::ofdm_version_number() }
}

/// `ofdm_version_string`: the linked library's "MAJOR.MINOR.PATCH".
pub fn version_string() -> &'static str {
    // SAFETY: the header promises a static NUL-terminated string, never NULL.
    let text = unsafe { CStr::from_ptr(ffi::ofdm_version_string()) };
    text.to_str().unwrap_or("(version string is not UTF-8)")
}

/// Refuses a library whose ABI major differs from [`ABI_MAJOR`], naming both versions.
pub fn check_library_version() -> Result<()> {
    check_abi(version_number())
}

/// The rule behind [`check_library_version`], for a given `ofdm_version_number()` value: its
/// major (`number / 10000`) must equal [`ABI_MAJOR`].
pub fn check_abi(version_number: u32) -> Result<()> {
    let major = version_number / 10000;
    if major == ABI_MAJOR {
        return Ok(());
    }
    let found = format!("{}.{}.{}", major, version_number / 100 % 100, version_number % 100);
    Err(Error::from_binding(
        ErrorKind::IncompatibleLibrary,
        format!(
            "the loaded libofdm is version {found} (ABI major {major}), but this Rust binding was \
             written for ABI major {ABI_MAJOR} (header version {}.{}.{}); use a libofdm.so.{ABI_MAJOR} \
             or a binding made for major {major}",
            ffi::OFDM_VERSION_MAJOR,
            ffi::OFDM_VERSION_MINOR,
            ffi::OFDM_VERSION_PATCH
        ),
    ))
}

//! `ofdm::Error`: every failure of the library, as its status (an [`ErrorKind`]), the status's
//! description (`ofdm_status_string`) and the detail message (`ofdm_last_error`).
//!
//! The detail message is thread-local in the library and valid only until the next ofdm call on
//! the thread, so [`check`] copies it immediately after the failing call, before anything else
//! can call into ofdm.

use std::ffi::CStr;
use std::fmt;

use crate::ffi;

/// The result of every fallible call of the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong: one variant per `ofdm_status` of the header, plus the binding's own refusal
/// of an incompatible library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `OFDM_ERR_NULL_ARGUMENT`: a required pointer was NULL (the safe API never passes one).
    NullArgument,
    /// `OFDM_ERR_INVALID_ARGUMENT`: a size, leading dimension, time, option or index is invalid.
    /// Also used when the binding finds a slice too short for the rows it is said to hold.
    InvalidArgument,
    /// `OFDM_ERR_NONFINITE_INPUT`: an input holds NaN or ±Inf (the message names row and column).
    NonfiniteInput,
    /// `OFDM_ERR_TOO_FEW_SAMPLES`: n is too small for the basis or the coordinates.
    TooFewSamples,
    /// `OFDM_ERR_DEGREE_TOO_LARGE`: a degree beyond `OFDM_MAX_DEGREE`.
    DegreeTooLarge,
    /// `OFDM_ERR_TOO_LARGE`: the basis, its systems or an output would exceed memory.
    TooLarge,
    /// `OFDM_ERR_OUT_OF_MEMORY`: an allocation failed.
    OutOfMemory,
    /// `OFDM_ERR_SINGULAR`: the Galerkin system is not positive definite; set a ridge.
    Singular,
    /// `OFDM_ERR_IO`: a file could not be opened, read, written or renamed.
    Io,
    /// `OFDM_ERR_FORMAT`: not an ofdm model (wrong magic).
    Format,
    /// `OFDM_ERR_VERSION`: a model file of a newer, unsupported format version.
    Version,
    /// `OFDM_ERR_TRUNCATED`: a model file or buffer ends early.
    Truncated,
    /// `OFDM_ERR_CORRUPT`: a model file fails its checksum or holds inconsistent data.
    Corrupt,
    /// `OFDM_ERR_BUFFER_TOO_SMALL`: the caller's output buffer is too small.
    BufferTooSmall,
    /// `OFDM_ERR_INTERNAL`: a bug in ofdm; please report it with the message.
    Internal,
    /// `OFDM_ERR_OVERFLOW`: moments or systems overflow double range.
    Overflow,
    /// `OFDM_ERR_CANCELLED`: the progress callback asked to stop (or panicked); nothing written.
    Cancelled,
    /// A status this binding does not know, from a newer library (statuses are only appended).
    Unknown(i32),
    /// Not a library status: the loaded libofdm has a different ABI major than this binding.
    IncompatibleLibrary,
}

impl ErrorKind {
    /// The kind of a non-OK status.
    pub fn from_status(status: ffi::ofdm_status) -> ErrorKind {
        match status {
            ffi::OFDM_ERR_NULL_ARGUMENT => ErrorKind::NullArgument,
            ffi::OFDM_ERR_INVALID_ARGUMENT => ErrorKind::InvalidArgument,
            ffi::OFDM_ERR_NONFINITE_INPUT => ErrorKind::NonfiniteInput,
            ffi::OFDM_ERR_TOO_FEW_SAMPLES => ErrorKind::TooFewSamples,
            ffi::OFDM_ERR_DEGREE_TOO_LARGE => ErrorKind::DegreeTooLarge,
            ffi::OFDM_ERR_TOO_LARGE => ErrorKind::TooLarge,
            ffi::OFDM_ERR_OUT_OF_MEMORY => ErrorKind::OutOfMemory,
            ffi::OFDM_ERR_SINGULAR => ErrorKind::Singular,
            ffi::OFDM_ERR_IO => ErrorKind::Io,
            ffi::OFDM_ERR_FORMAT => ErrorKind::Format,
            ffi::OFDM_ERR_VERSION => ErrorKind::Version,
            ffi::OFDM_ERR_TRUNCATED => ErrorKind::Truncated,
            ffi::OFDM_ERR_CORRUPT => ErrorKind::Corrupt,
            ffi::OFDM_ERR_BUFFER_TOO_SMALL => ErrorKind::BufferTooSmall,
            ffi::OFDM_ERR_INTERNAL => ErrorKind::Internal,
            ffi::OFDM_ERR_OVERFLOW => ErrorKind::Overflow,
            ffi::OFDM_ERR_CANCELLED => ErrorKind::Cancelled,
            other => ErrorKind::Unknown(other),
        }
    }

    /// The `ofdm_status` value of this kind; None for [`ErrorKind::IncompatibleLibrary`], which
    /// the binding raises itself.
    pub fn status(self) -> Option<ffi::ofdm_status> {
        Some(match self {
            ErrorKind::NullArgument => ffi::OFDM_ERR_NULL_ARGUMENT,
            ErrorKind::InvalidArgument => ffi::OFDM_ERR_INVALID_ARGUMENT,
            ErrorKind::NonfiniteInput => ffi::OFDM_ERR_NONFINITE_INPUT,
            ErrorKind::TooFewSamples => ffi::OFDM_ERR_TOO_FEW_SAMPLES,
            ErrorKind::DegreeTooLarge => ffi::OFDM_ERR_DEGREE_TOO_LARGE,
            ErrorKind::TooLarge => ffi::OFDM_ERR_TOO_LARGE,
            ErrorKind::OutOfMemory => ffi::OFDM_ERR_OUT_OF_MEMORY,
            ErrorKind::Singular => ffi::OFDM_ERR_SINGULAR,
            ErrorKind::Io => ffi::OFDM_ERR_IO,
            ErrorKind::Format => ffi::OFDM_ERR_FORMAT,
            ErrorKind::Version => ffi::OFDM_ERR_VERSION,
            ErrorKind::Truncated => ffi::OFDM_ERR_TRUNCATED,
            ErrorKind::Corrupt => ffi::OFDM_ERR_CORRUPT,
            ErrorKind::BufferTooSmall => ffi::OFDM_ERR_BUFFER_TOO_SMALL,
            ErrorKind::Internal => ffi::OFDM_ERR_INTERNAL,
            ErrorKind::Overflow => ffi::OFDM_ERR_OVERFLOW,
            ErrorKind::Cancelled => ffi::OFDM_ERR_CANCELLED,
            ErrorKind::Unknown(status) => status,
            ErrorKind::IncompatibleLibrary => return None,
        })
    }
}

/// A failed ofdm call: its kind, the status description and the library's detail message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    description: String,
    message: String,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The status's English description, from `ofdm_status_string` (e.g. "singular system").
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The detail message, from `ofdm_last_error` (e.g. "ofdm_fit: x[12][3] is NaN ..."), or the
    /// binding's own message for checks it makes before calling the library.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// An error the binding raises for a library status without calling the failing function:
    /// a slice too short for the array it is said to hold, a path with a NUL byte, a size beyond
    /// int64_t. The message starts with the C function it guards, like the library's own.
    pub(crate) fn from_binding(kind: ErrorKind, message: String) -> Error {
        let description = match kind.status() {
            Some(status) => status_string(status).to_owned(),
            None => "incompatible library".to_owned(),
        };
        Error { kind, description, message }
    }

    /// Appends a note to the message (e.g. the text of a panic that cancelled the call).
    pub(crate) fn with_note(mut self, note: &str) -> Error {
        self.message.push_str(" (");
        self.message.push_str(note);
        self.message.push(')');
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.description, self.message)
    }
}

impl std::error::Error for Error {}

/// Turns the status a library call just returned into a Result. Must be called right after the
/// call, on the same thread, so that `ofdm_last_error` still describes it.
pub(crate) fn check(status: ffi::ofdm_status) -> Result<()> {
    if status == ffi::OFDM_OK {
        return Ok(());
    }
    let message = last_error();
    Err(Error { kind: ErrorKind::from_status(status), description: status_string(status).to_owned(), message })
}

/// The defaults an infallible builder starts from, from a `*_init_sized` call. That call refuses
/// only a size that is not a layout of the library's struct; this binding passes its mirror's
/// `size_of`, the current header's layout, which every library of the header's version or newer
/// accepts. A refusal is a library that breaks the header's compatibility rule: a bug to report
/// rather than an error to handle, so it panics with the library's message.
pub(crate) fn expect_defaults<T>(function: &str, result: Result<T>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("{function} refused this binding's struct layout: {error}"),
    }
}

/// `ofdm_status_string`: the static English description of a status; "unknown status" for values
/// the library does not know.
pub fn status_string(status: ffi::ofdm_status) -> &'static str {
    // SAFETY: the header promises a static, NUL-terminated string, never NULL.
    let text = unsafe { CStr::from_ptr(ffi::ofdm_status_string(status)) };
    text.to_str().unwrap_or("(status description is not UTF-8)")
}

/// `ofdm_last_error`: a copy of the detail message of the most recent failed ofdm call on this
/// thread ("" before any failure). Every [`Error`] already carries it; this is for completeness.
pub fn last_error() -> String {
    // SAFETY: never NULL; valid until the next ofdm call on this thread, and copied before that.
    unsafe { CStr::from_ptr(ffi::ofdm_last_error()) }.to_string_lossy().into_owned()
}

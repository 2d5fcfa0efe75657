//! Model files and buffers: `ofdm_model_save`, `_load`, `_serialized_size`, `_save_buffer` and
//! `_load_buffer`. The format (little-endian, checksummed, portable) is the library's; this file
//! only moves paths and bytes across the boundary.

use std::ffi::CString;
use std::os::raw::c_void;
use std::path::Path;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi;
use crate::model::Model;
use crate::version::check_library_version;

impl Model {
    /// `ofdm_model_save`: saves the model to `path` atomically (a temporary file in the same
    /// folder, renamed over `path`).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = c_path("ofdm_model_save", path.as_ref())?;
        // SAFETY: a live handle and a NUL-terminated path.
        check(unsafe { ffi::ofdm_model_save(self.as_ptr(), path.as_ptr()) })
    }

    /// `ofdm_model_load`: loads a model saved by [`Model::save`].
    pub fn load(path: impl AsRef<Path>) -> Result<Model> {
        check_library_version()?;
        let path = c_path("ofdm_model_load", path.as_ref())?;
        // SAFETY: a NUL-terminated path and a valid out-pointer.
        Model::create(|out| unsafe { ffi::ofdm_model_load(path.as_ptr(), out) })
    }

    /// `ofdm_model_serialized_size`: the exact size in bytes of the serialized model.
    pub fn serialized_size(&self) -> Result<usize> {
        let mut size = 0usize;
        // SAFETY: a live handle and a valid out-pointer.
        check(unsafe { ffi::ofdm_model_serialized_size(self.as_ptr(), &mut size) })?;
        Ok(size)
    }

    /// `ofdm_model_save_buffer`: serializes the model into `buffer` (the same bytes as a file)
    /// and returns how many bytes it wrote; [`ErrorKind::BufferTooSmall`] if `buffer` is
    /// shorter than [`Model::serialized_size`].
    pub fn save_buffer(&self, buffer: &mut [u8]) -> Result<usize> {
        let mut written = 0usize;
        let data = buffer.as_mut_ptr() as *mut c_void;
        // SAFETY: buffer holds buffer.len() writable bytes.
        check(unsafe { ffi::ofdm_model_save_buffer(self.as_ptr(), data, buffer.len(), &mut written) })?;
        Ok(written)
    }

    /// The serialized model as a new vector: [`Model::serialized_size`] then
    /// [`Model::save_buffer`].
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut bytes = vec![0u8; self.serialized_size()?];
        let written = self.save_buffer(&mut bytes)?;
        bytes.truncate(written);
        Ok(bytes)
    }

    /// `ofdm_model_load_buffer`: loads a model from bytes written by [`Model::save_buffer`] or
    /// [`Model::save`].
    pub fn load_buffer(bytes: &[u8]) -> Result<Model> {
        check_library_version()?;
        let data = bytes.as_ptr() as *const c_void;
        // SAFETY: bytes holds bytes.len() readable bytes, read only during the call.
        Model::create(|out| unsafe { ffi::ofdm_model_load_buffer(data, bytes.len(), out) })
    }
}

/// A path as the C string the library takes. On Unix any byte sequence without NUL is a path;
/// elsewhere the path must be valid Unicode.
fn c_path(function: &str, path: &Path) -> Result<CString> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = match path.to_str() {
        Some(text) => text.as_bytes().to_vec(),
        None => {
            return Err(Error::from_binding(
                ErrorKind::InvalidArgument,
                format!("{function}: path {path:?} is not valid Unicode"),
            ))
        }
    };
    CString::new(bytes).map_err(|_| {
        Error::from_binding(
            ErrorKind::InvalidArgument,
            format!("{function}: path {path:?} contains a NUL byte (checked by the Rust binding)"),
        )
    })
}

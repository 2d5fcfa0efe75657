//! Progress callbacks: a Rust closure behind the C `ofdm_progress_fn`.
//!
//! The library calls a plain C function with a `void *`; [`ProgressBridge`] is what that pointer
//! points at, and [`trampoline`] is the C function. A panic must not unwind into C++ (undefined
//! behaviour), so the trampoline catches it and asks the library to cancel; the call then fails
//! with [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) and the panic's text is appended
//! to the error message.

use std::any::Any;
use std::ops::ControlFlow;
use std::os::raw::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use crate::error::Result;
use crate::ffi;

/// A progress callback: `(done, total)` units of work are finished (samples read by a fit,
/// sample-steps by sampling). Return `ControlFlow::Continue(())` to go on and
/// `ControlFlow::Break(())` to cancel. It runs on the thread that called into ofdm.
pub type ProgressFn<'a> = Box<dyn FnMut(i64, i64) -> ControlFlow<()> + 'a>;

/// Runs `call` with the (progress, progress_data) pair for an options struct: NULLs without a
/// callback, else the trampoline and a bridge to `callback` that lives until `call` returns.
pub(crate) fn with_progress<T>(
    callback: Option<&mut ProgressFn<'_>>,
    call: impl FnOnce(ffi::ofdm_progress_fn, *mut c_void) -> Result<T>,
) -> Result<T> {
    match callback {
        None => call(None, ptr::null_mut()),
        Some(callback) => {
            let mut bridge = ProgressBridge::new(callback.as_mut());
            let (progress, progress_data) = bridge.c_callback();
            let result = call(progress, progress_data);
            bridge.finish(result)
        }
    }
}

/// What the C side's `user_data` points at during one call.
struct ProgressBridge<'c, 'a> {
    callback: &'c mut (dyn FnMut(i64, i64) -> ControlFlow<()> + 'a),
    panic: Option<String>,
}

impl<'c, 'a> ProgressBridge<'c, 'a> {
    fn new(callback: &'c mut (dyn FnMut(i64, i64) -> ControlFlow<()> + 'a)) -> Self {
        ProgressBridge { callback, panic: None }
    }

    /// The (progress, progress_data) pair for an options struct. The pointer is valid while self
    /// is neither moved nor dropped, i.e. for the library call made while it is borrowed.
    fn c_callback(&mut self) -> (ffi::ofdm_progress_fn, *mut c_void) {
        (Some(trampoline), self as *mut ProgressBridge as *mut c_void)
    }

    /// The call's result, with the text of a panic that cancelled it appended to the message.
    fn finish<T>(self, result: Result<T>) -> Result<T> {
        match (result, self.panic) {
            (Err(error), Some(panic)) => Err(error.with_note(&format!("the Rust progress callback panicked: {panic}"))),
            (result, _) => result,
        }
    }
}

/// The `ofdm_progress_fn` of every bridged call: runs the closure, turns its answer into the C
/// convention (0: go on, non-zero: cancel) and a panic into a cancellation.
unsafe extern "C" fn trampoline(done: i64, total: i64, user_data: *mut c_void) -> c_int {
    // SAFETY: user_data is the ProgressBridge that c_callback gave out, alive for the whole
    // library call, and the library calls back on the calling thread only, so nothing aliases it.
    let bridge = &mut *(user_data as *mut ProgressBridge);
    if bridge.panic.is_some() {
        return 1; // already cancelling: never run a closure that has panicked again
    }
    let callback = &mut bridge.callback;
    match catch_unwind(AssertUnwindSafe(|| callback(done, total))) {
        Ok(ControlFlow::Continue(())) => 0,
        Ok(ControlFlow::Break(())) => 1,
        Err(payload) => {
            bridge.panic = Some(panic_text(payload.as_ref()));
            1
        }
    }
}

/// The message of a panic payload (`panic!` gives a &str or a String).
fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "(a non-string panic payload)".to_owned()
    }
}

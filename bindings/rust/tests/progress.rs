//! Progress closures for fit and sampling: what they report, on which thread, cancellation by
//! ControlFlow::Break and by a panic (caught by the trampoline, never unwound into C++), and that
//! a cancelled call writes nothing.
//!
//! A callback is called "a few times per second at most, and once at the end", so a fast run may
//! see only the final call: these tests rely on that final call and on nothing in between.

mod common;

use std::ops::ControlFlow;
use std::thread::{self, ThreadId};

use common::{expect_error, mixture_model, mixture_sample, short_run, SENTINEL};
use ofdm::{Basis, ErrorKind, FitOptions, Model};

/// What a callback saw.
struct Recorder {
    calls: usize,
    first_total: i64,
    last: (i64, i64),
    totals_agree: bool,
    done_never_decreases: bool,
    on_calling_thread: bool,
    caller: ThreadId,
}

impl Recorder {
    fn new() -> Recorder {
        Recorder {
            calls: 0,
            first_total: -1,
            last: (-1, -1),
            totals_agree: true,
            done_never_decreases: true,
            on_calling_thread: true,
            caller: thread::current().id(),
        }
    }

    fn record(&mut self, done: i64, total: i64) {
        if self.calls == 0 {
            self.first_total = total;
        }
        self.calls += 1;
        self.totals_agree &= total == self.first_total;
        self.done_never_decreases &= done >= self.last.0;
        self.on_calling_thread &= thread::current().id() == self.caller;
        self.last = (done, total);
    }

    /// Consistent totals, done rising to total on the final call, every call on the caller's thread.
    fn assert_ends_at(&self, total: i64) {
        assert!(self.calls >= 1);
        assert!(self.totals_agree && self.done_never_decreases && self.on_calling_thread);
        assert_eq!(self.last, (total, total));
    }
}

/// Sampling units are sample-steps: total = n × steps; two worker threads, reports on the caller's.
#[test]
fn sampling_progress_ends_with_done_equal_to_total() {
    let model = mixture_model();
    let mut recorder = Recorder::new();
    let mut out = vec![0.0; 600];
    {
        let mut options = short_run(40, 1, 2).progress(|done, total| {
            recorder.record(done, total);
            ControlFlow::Continue(())
        });
        model.sample(300, Some(&mut options), &mut out, 2).unwrap();
    }
    recorder.assert_ends_at(300 * 40);
}

/// Fit units are samples read: total = n.
#[test]
fn fit_progress_ends_with_done_equal_to_total() {
    let n = 20000;
    let x = mixture_sample(n, 41);
    let basis = Basis::total_degree(2, 4, 0).unwrap();
    let mut recorder = Recorder::new();
    let mut options = FitOptions::new().progress(|done, total| {
        recorder.record(done, total);
        ControlFlow::Continue(())
    });
    Model::fit(&basis, &x, n, 2, Some(&mut options)).unwrap();
    drop(options);
    recorder.assert_ends_at(n as i64);
}

/// Breaking on the first call: Cancelled, no report after it, no sample written. 4096 samples at
/// 400 steps run long enough for a mid-run report on a slow machine; a fast one cancels at the
/// final report. Both must leave out alone.
#[test]
fn breaking_cancels_sampling_and_writes_nothing() {
    let model = mixture_model();
    let n = 4096;
    for threads in [1, 2] {
        let mut calls = 0;
        let mut out = vec![SENTINEL; 2 * n];
        let mut options = short_run(400, 1, threads).progress(|_, _| {
            calls += 1;
            ControlFlow::Break(())
        });
        let error = expect_error(model.sample(n, Some(&mut options), &mut out, 2), ErrorKind::Cancelled, None);
        drop(options);
        assert!(error.message().contains("cancel"), "{}", error.message());
        assert_eq!(calls, 1);
        assert!(out.iter().all(|&v| v == SENTINEL));
    }
}

#[test]
fn breaking_cancels_the_fit_and_creates_no_model() {
    let x = mixture_sample(5000, 42);
    let basis = Basis::total_degree(2, 4, 0).unwrap();
    let mut options = FitOptions::new().progress(|_, _| ControlFlow::Break(()));
    expect_error(Model::fit(&basis, &x, 5000, 2, Some(&mut options)), ErrorKind::Cancelled, None);
}

/// A panic in the closure must not unwind into the library: the trampoline catches it, cancels,
/// and the error message carries the panic's text. The closure is not called again, nothing is
/// written, and the same options work again afterwards once the closure stops panicking.
#[test]
fn a_panicking_callback_cancels_with_its_message() {
    let model = mixture_model();
    let mut out = vec![SENTINEL; 2 * 50];
    let mut calls = 0;
    let mut panic_now = true;
    let mut options = short_run(20, 1, 0).progress(|_, _| {
        calls += 1;
        if panic_now {
            panic!("deliberate panic in a progress callback");
        }
        ControlFlow::Continue(())
    });
    let error = expect_error(model.sample(50, Some(&mut options), &mut out, 2), ErrorKind::Cancelled, None);
    assert!(error.message().contains("the Rust progress callback panicked"), "{}", error.message());
    assert!(error.message().contains("deliberate panic in a progress callback"), "{}", error.message());
    assert!(out.iter().all(|&v| v == SENTINEL));
    drop(options);
    assert_eq!(calls, 1);

    panic_now = false;
    let mut options = short_run(20, 1, 0).progress(|_, _| {
        if panic_now {
            panic!("not reached");
        }
        ControlFlow::Continue(())
    });
    model.sample(50, Some(&mut options), &mut out, 2).unwrap();
    assert!(out.iter().all(|v| v.is_finite()));
}

#[test]
fn a_panicking_fit_callback_cancels_the_fit() {
    let x = mixture_sample(3000, 43);
    let basis = Basis::total_degree(2, 3, 0).unwrap();
    let mut options = FitOptions::new().progress(|_, _| panic!("{}", String::from("owned panic text")));
    let error = expect_error(Model::fit(&basis, &x, 3000, 2, Some(&mut options)), ErrorKind::Cancelled, None);
    assert!(error.message().contains("owned panic text"), "{}", error.message());
}

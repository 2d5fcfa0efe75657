//! Handles are freed when their owner goes away, and only then: dropping bases and models gives
//! their memory back, a model's borrowed basis is never freed, and a model outlives the basis it
//! was fitted from.
//!
//! "Freed" is observed from outside, as the process's resident memory (Linux /proc/self/statm),
//! against a reference measured in the same run: first `count` handles are kept alive at once
//! (what leaking them costs), then dropped; then `count` handles are created and dropped one by
//! one. Before each reading, glibc's malloc_trim(0) hands free heap pages back to the system, so
//! the resident size counts live allocations only: if drop frees, the second phase leaves it
//! flat; if drop leaked, it would grow by the full reference again.

mod common;

use std::sync::Mutex;

use common::{gaussian_data, TempDir};
use ofdm::{Basis, FitOptions, Model};

/// The tests of this binary run in parallel; memory is measured one test at a time.
static MEASURING: Mutex<()> = Mutex::new(());

extern "C" {
    /// glibc: releases free memory at the top and in the middle of every malloc arena.
    fn malloc_trim(pad: usize) -> std::os::raw::c_int;
}

/// Resident memory of this process in bytes, after returning free heap pages to the system.
fn resident_bytes() -> usize {
    // SAFETY: malloc_trim has no preconditions.
    unsafe { malloc_trim(0) };
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

/// The check described at the top. `at_least` is a lower bound on one handle's memory, so that a
/// reference measured too small (the measurement not working) fails instead of passing vacuously.
/// The bound on the second phase, a quarter of the reference, leaves room for allocator
/// fragmentation while a leak would give the whole reference.
fn assert_dropping_frees<T>(count: usize, at_least: usize, make: impl Fn() -> T) {
    let _serial = MEASURING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    drop(make()); // warm-up: lazily allocated library state is not a leak
    let start = resident_bytes();
    let kept: Vec<T> = (0..count).map(|_| make()).collect();
    let reference = resident_bytes().saturating_sub(start);
    drop(kept);
    let after_reference = resident_bytes();
    for _ in 0..count {
        drop(make());
    }
    let growth = resident_bytes().saturating_sub(after_reference);
    assert!(reference >= count * at_least, "keeping {count} handles grew the resident size by only {reference} bytes");
    assert!(
        growth < reference / 4,
        "{count} dropped handles grew the resident size by {growth} bytes (kept: {reference})"
    );
}

/// d = 2, total degree 12: K = C(14, 2) − 1 = 90 functions. A model holds at least its K × K
/// Galerkin matrix of doubles (DESIGN §1, G(t) = Σ_s e^{−st} G_s): 64 800 bytes.
#[test]
fn dropped_models_give_their_memory_back() {
    let n = 500;
    let x = gaussian_data(n, 2, 21);
    let basis = Basis::total_degree(2, 12, 0).unwrap();
    assert_eq!(basis.size(), 90);
    let bytes = Model::fit(&basis, &x, n, 2, Some(&mut FitOptions::new().ridge(1e-8))).unwrap().to_bytes().unwrap();
    assert_dropping_frees(60, 90 * 90 * 8, || Model::load_buffer(&bytes).unwrap());
}

/// Models loaded from a file, and models fitted directly, are freed the same way.
#[test]
fn dropped_loaded_and_fitted_models_give_their_memory_back() {
    let dir = TempDir::new("handles");
    let path = dir.join("model.ofdm");
    let x = gaussian_data(500, 2, 22);
    let basis = Basis::total_degree(2, 12, 0).unwrap();
    let mut options = FitOptions::new().ridge(1e-8);
    Model::fit(&basis, &x, 500, 2, Some(&mut options)).unwrap().save(&path).unwrap();
    assert_dropping_frees(40, 90 * 90 * 8, || Model::load(&path).unwrap());
    assert_dropping_frees(20, 90 * 90 * 8, || {
        Model::fit(&basis, &x, 500, 2, Some(&mut FitOptions::new().ridge(1e-8))).unwrap()
    });
}

/// d = 300, degree 2: K = 300 + C(300, 2) + 300 = 45 450 multi-indices, each at least one int32
/// however they are stored: 181 800 bytes.
#[test]
fn dropped_bases_give_their_memory_back() {
    assert_dropping_frees(50, 45_450 * 4, || {
        let basis = Basis::total_degree(300, 2, 0).unwrap();
        assert_eq!(basis.size(), 45_450);
        basis
    });
}

/// The borrowed basis is used after the original basis is gone and while the model lives; the
/// model's drop frees the model once, and the borrowed basis is not freed on its own (a double
/// free would abort this process).
#[test]
fn a_borrowed_basis_is_never_freed_and_a_model_outlives_its_basis() {
    let x = gaussian_data(300, 2, 23);
    let model = {
        let basis = Basis::total_degree(2, 3, 0).unwrap();
        Model::fit(&basis, &x, 300, 2, None).unwrap()
    }; // the caller's basis is freed here
    for _ in 0..1000 {
        let borrowed = model.basis();
        assert_eq!((borrowed.size(), borrowed.dim()), (9, 2));
    }
    let refit = Model::fit(model.basis(), &x, 300, 2, None).unwrap();
    drop(model);
    assert_eq!(refit.basis().size(), 9);
    let mut score = [0.0; 2];
    refit.score(0.1, &[0.0, 0.0], 1, 2, &mut score, 2).unwrap();
    assert!(score.iter().all(|v| v.is_finite()));
}

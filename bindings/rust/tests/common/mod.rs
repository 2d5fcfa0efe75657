//! Helpers shared by the integration tests: reproducible data (the same splitmix64 + Box–Muller
//! stream as tests/capi/support/capi_support.h, so the data sets are the C suites' own), the small
//! fitted models the suites share, failure checks, and temporary folders.
#![allow(dead_code)] // each test binary uses a different subset

use std::f64::consts::TAU;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ofdm::{Basis, Coordinates, Error, ErrorKind, FitOptions, Model, SampleOptions, TimeMode};

// ---- reproducible random data ------------------------------------------------------------------

/// splitmix64 with an explicit state; uniform01 is in (0, 1).
pub struct Rng(pub u64);

impl Rng {
    pub fn uniform01(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / 9007199254740992.0
    }

    /// Box–Muller: the radius's uniform first, then the angle's (the order is part of the data).
    pub fn normal01(&mut self) -> f64 {
        let radius = (-2.0 * self.uniform01().ln()).sqrt();
        radius * (TAU * self.uniform01()).cos() // TAU is 6.283185307179586, the C helpers' literal
    }
}

/// n × d standard normal samples, row-major, ld = d.
pub fn gaussian_data(n: usize, d: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng(seed);
    (0..n * d).map(|_| rng.normal01()).collect()
}

/// Rows of correlated_sample.
pub const GN: usize = 4000;

/// A correlated 2-D Gaussian sample of GN rows: x = (1 + 2 g₁, −3 + 0.5 (ρ g₁ + sqrt(1 − ρ²) g₂)),
/// ρ = 0.6; row-major GN × 2.
pub fn correlated_sample(seed: u64) -> Vec<f64> {
    let mut rng = Rng(seed);
    let mut x = Vec::with_capacity(2 * GN);
    for _ in 0..GN {
        let (g1, g2) = (rng.normal01(), rng.normal01());
        x.push(1.0 + 2.0 * g1);
        x.push(-3.0 + 0.5 * (0.6 * g1 + 0.8 * g2));
    }
    x
}

/// n points of an equal-weight three-mode 2-D Gaussian mixture, σ = 0.45, centres (−1.2, −0.6),
/// (1.2, −0.6) and (0, 1.2).
pub fn mixture_sample(n: usize, seed: u64) -> Vec<f64> {
    const CENTRES: [[f64; 2]; 3] = [[-1.2, -0.6], [1.2, -0.6], [0.0, 1.2]];
    let mut rng = Rng(seed);
    let mut x = Vec::with_capacity(2 * n);
    for _ in 0..n {
        let mode = (3.0 * rng.uniform01()) as usize; // uniform01 < 1, so mode <= 2
        let (g1, g2) = (rng.normal01(), rng.normal01());
        x.push(CENTRES[mode][0] + 0.45 * g1);
        x.push(CENTRES[mode][1] + 0.45 * g2);
    }
    x
}

// ---- fitted models -----------------------------------------------------------------------------

pub fn fit_with(basis: &Basis, x: &[f64], n: usize, beta: f64, coordinates: Coordinates, time_mode: TimeMode) -> Model {
    let mut options = FitOptions::new().beta(beta).coordinates(coordinates).time_mode(time_mode);
    Model::fit(basis, x, n, basis.dim(), Some(&mut options)).expect("fit")
}

/// The 2-D total-degree-2 model (K = 5) of correlated_sample(seed), standardized coordinates.
pub fn correlated_model(seed: u64, beta: f64, time_mode: TimeMode) -> Model {
    let basis = Basis::total_degree(2, 2, 0).expect("basis");
    fit_with(&basis, &correlated_sample(seed), GN, beta, Coordinates::Standardize, time_mode)
}

/// A small valid model: d = 2, total degree 2 (K = 5), 200 standard normal samples (seed 7).
pub fn small_model(coordinates: Coordinates, beta: f64) -> Model {
    let basis = Basis::total_degree(2, 2, 0).expect("basis");
    fit_with(&basis, &gaussian_data(200, 2, 7), 200, beta, coordinates, TimeMode::Galerkin)
}

/// The total-degree-4 model (K = 14) of 1000 points of mixture_sample (seed 31): small, and
/// non-Gaussian enough that the guard and correctors have work.
pub fn mixture_model() -> Model {
    let basis = Basis::total_degree(2, 4, 0).expect("basis");
    fit_with(&basis, &mixture_sample(1000, 31), 1000, 1.0, Coordinates::Standardize, TimeMode::Galerkin)
}

/// Five fixed points near correlated_sample's data (mean (1, −3), std (2, 0.5)) and four times
/// including t = ∞.
pub const NP: usize = 5;
pub const POINTS: [f64; 2 * NP] = [1.0, -3.0, 3.1, -2.2, -2.5, -3.6, 0.4, -1.9, 5.0, -3.1];
pub const TIMES: [f64; 4] = [0.0, 0.3, 2.0, f64::INFINITY];

/// Scores (2 NP values) then log-densities (NP values) at POINTS, for each of TIMES in turn.
pub fn scores_everywhere(model: &Model) -> Vec<f64> {
    let mut all = Vec::new();
    for &t in TIMES.iter() {
        let (mut score, mut log_p) = ([0.0; 2 * NP], [0.0; NP]);
        model.score(t, &POINTS, NP, 2, &mut score, 2).expect("score");
        model.log_density(t, &POINTS, NP, 2, &mut log_p).expect("log_density");
        all.extend_from_slice(&score);
        all.extend_from_slice(&log_p);
    }
    all
}

/// Options for short runs: `steps` predictor steps, a seed and a thread count.
pub fn short_run(steps: i32, seed: u64, threads: i32) -> SampleOptions<'static> {
    SampleOptions::new().steps(steps).seed(seed).threads(threads)
}

/// n samples with leading dimension ld; columns beyond d start as SENTINEL.
pub fn draw(model: &Model, n: usize, options: &mut SampleOptions<'_>, ld: usize) -> Vec<f64> {
    let mut out = vec![SENTINEL; n * ld];
    model.sample(n, Some(options), &mut out, ld).expect("sample");
    out
}

// ---- failures ----------------------------------------------------------------------------------

/// Caller arrays are filled with SENTINEL before a call that must not write them.
pub const SENTINEL: f64 = 12345.0;

/// True when `word` occurs in `text` as a whole token: "n" matches "n = -1" but not "ldx".
pub fn mentions(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let starts = before.map_or(true, |c| !is_word(c)) || !word.starts_with(is_word);
        let ends = after.map_or(true, |c| !is_word(c)) || !word.ends_with(is_word);
        starts && ends
    })
}

/// Asserts that `result` failed with `kind`, that the error carries the status string and a
/// message from an ofdm_ function, and that the message names `word` (when given). Returns the
/// error for further checks.
#[track_caller]
pub fn expect_error<T>(result: Result<T, Error>, kind: ErrorKind, word: Option<&str>) -> Error {
    let error = match result {
        Ok(_) => panic!("expected {kind:?}, got success"),
        Err(error) => error,
    };
    assert_eq!(error.kind(), kind, "wrong kind; message: {}", error.message());
    assert_eq!(error.description(), ofdm::status_string(kind.status().unwrap()));
    assert!(error.message().starts_with("ofdm_"), "message {:?} does not start with ofdm_", error.message());
    if let Some(word) = word {
        assert!(mentions(error.message(), word), "message {:?} does not name {word:?}", error.message());
    }
    assert_eq!(error.to_string(), format!("{}: {}", error.description(), error.message()));
    error
}

// ---- temporary folders -------------------------------------------------------------------------

/// A fresh folder under the system's temporary folder, removed with its content on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("ofdm_rust_{label}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).expect("create temporary folder");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository root (this crate lives in bindings/rust).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

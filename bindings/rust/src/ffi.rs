//! Raw declarations of `include/ofdm.h`, one to one: every function, struct, enum value and macro
//! constant of the header, in the header's order, with the header's names — except the
//! `ofdm_X_init` of each options and report struct, which in C is a macro passing `sizeof *p` to
//! `ofdm_X_init_sized`: call `ofdm_X_init_sized(p, size_of::<T>())` instead. (The header also
//! declares functions of those names, kept for programs built against older headers: they write
//! the older layout, so `ofdm_fit_options_init` would leave memory_limit and data_dim unset. They
//! are not declared here.)
//!
//! Nothing here is safe to call without reading the header's contract; the rest of the crate is
//! the safe wrapper. A checker parses the `extern "C"` block below and compares each declaration's
//! name, argument count and argument types with the header, so each declaration stays on one line
//! and uses only plain C types: `std::os::raw` for `int`/`unsigned`/`char`, `i32`/`i64`/`u64` for
//! the fixed-width integers, `usize` for `size_t`, `f64` for `double`, raw pointers, and the
//! header's own typedef names.
#![allow(non_camel_case_types)]

use std::marker::{PhantomData, PhantomPinned};
use std::os::raw::{c_char, c_int, c_uint, c_void};

// ---- Version -----------------------------------------------------------------------------------

pub const OFDM_VERSION_MAJOR: c_uint = 0;
pub const OFDM_VERSION_MINOR: c_uint = 2;
pub const OFDM_VERSION_PATCH: c_uint = 0;
pub const OFDM_VERSION_NUMBER: c_uint = OFDM_VERSION_MAJOR * 10000 + OFDM_VERSION_MINOR * 100 + OFDM_VERSION_PATCH;

// ---- Status and errors -------------------------------------------------------------------------

/// `enum ofdm_status`: a C enum is an `int`. Kept as an integer, not a Rust enum, because a
/// newer library may return a value this binding does not know (statuses are only appended).
pub type ofdm_status = c_int;
pub const OFDM_OK: ofdm_status = 0;
pub const OFDM_ERR_NULL_ARGUMENT: ofdm_status = 1;
pub const OFDM_ERR_INVALID_ARGUMENT: ofdm_status = 2;
pub const OFDM_ERR_NONFINITE_INPUT: ofdm_status = 3;
pub const OFDM_ERR_TOO_FEW_SAMPLES: ofdm_status = 4;
pub const OFDM_ERR_DEGREE_TOO_LARGE: ofdm_status = 5;
pub const OFDM_ERR_TOO_LARGE: ofdm_status = 6;
pub const OFDM_ERR_OUT_OF_MEMORY: ofdm_status = 7;
pub const OFDM_ERR_SINGULAR: ofdm_status = 8;
pub const OFDM_ERR_IO: ofdm_status = 9;
pub const OFDM_ERR_FORMAT: ofdm_status = 10;
pub const OFDM_ERR_VERSION: ofdm_status = 11;
pub const OFDM_ERR_TRUNCATED: ofdm_status = 12;
pub const OFDM_ERR_CORRUPT: ofdm_status = 13;
pub const OFDM_ERR_BUFFER_TOO_SMALL: ofdm_status = 14;
pub const OFDM_ERR_INTERNAL: ofdm_status = 15;
pub const OFDM_ERR_OVERFLOW: ofdm_status = 16;
pub const OFDM_ERR_CANCELLED: ofdm_status = 17;

// ---- Basis -------------------------------------------------------------------------------------

/// `typedef struct ofdm_basis ofdm_basis;` — opaque: only ever behind a pointer. The marker makes
/// it neither `Send`, `Sync` nor `Unpin`, as the Rustonomicon recommends for foreign opaque types.
#[repr(C)]
pub struct ofdm_basis {
    _opaque: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

pub const OFDM_MAX_DEGREE: i32 = 64;

// ---- Fit ---------------------------------------------------------------------------------------

/// `typedef struct ofdm_model ofdm_model;` — opaque, like `ofdm_basis`.
#[repr(C)]
pub struct ofdm_model {
    _opaque: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// `typedef int (*ofdm_progress_fn)(int64_t done, int64_t total, void *user_data);` — `Option`
/// because the field may be NULL (a Rust `fn` pointer may not).
pub type ofdm_progress_fn = Option<unsafe extern "C" fn(done: i64, total: i64, user_data: *mut c_void) -> c_int>;

pub const OFDM_COORDINATES_NONE: i32 = 0;
pub const OFDM_COORDINATES_STANDARDIZE: i32 = 1;
pub const OFDM_COORDINATES_WHITEN: i32 = 2;
pub const OFDM_COORDINATES_PCA: i32 = 3;
pub const OFDM_COORDINATES_AUTO: i32 = 4;

pub const OFDM_TIME_GALERKIN: i32 = 0;
pub const OFDM_TIME_PERTURBATION: i32 = 1;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_fit_options {
    pub struct_size: usize,
    pub beta: f64,
    pub coordinates: i32,
    pub time_mode: i32,
    pub ridge: f64,
    pub progress: ofdm_progress_fn,
    pub progress_data: *mut c_void,
    pub memory_limit: i64,
    pub data_dim: i64,
}

// ---- Sampling ----------------------------------------------------------------------------------

pub const OFDM_SAMPLER_SDE: i32 = 0;
pub const OFDM_SAMPLER_ODE_HEUN: i32 = 1;
pub const OFDM_SAMPLER_ODE_EULER: i32 = 2;

pub const OFDM_GRID_GEOMETRIC: i32 = 0;
pub const OFDM_GRID_UNIFORM: i32 = 1;
pub const OFDM_GRID_EXPONENTIAL: i32 = 2;

pub const OFDM_CORRECTOR_NONE: i32 = 0;
pub const OFDM_CORRECTOR_LANGEVIN: i32 = 1;
pub const OFDM_CORRECTOR_MALA: i32 = 2;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_sample_stats {
    pub struct_size: usize,
    pub guarded_steps: i64,
    pub guarded_samples: i64,
    pub corrector_proposals: i64,
    pub corrector_accepted: i64,
    pub coefficient_nodes: i64,
    pub coefficient_error: f64,
    pub flow_mean_steps: f64,
    pub flow_max_steps: i64,
    pub flow_rejected_steps: i64,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_sample_options {
    pub struct_size: usize,
    pub method: i32,
    pub steps: i32,
    pub t_max: f64,
    pub t_min: f64,
    pub grid: i32,
    pub corrector: i32,
    pub corrector_steps: i32,
    pub corrector_snr: f64,
    pub denoise: i32,
    pub guard: i32,
    pub seed: u64,
    pub threads: i32,
    pub progress: ofdm_progress_fn,
    pub progress_data: *mut c_void,
    pub stats: *mut ofdm_sample_stats,
    pub tolerance: f64,
}

// ---- Likelihood and reweighting ----------------------------------------------------------------

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_importance_summary {
    pub struct_size: usize,
    pub effective_sample_size: f64,
    pub ess_per_sample: f64,
    pub log_z: f64,
    pub log_z_error: f64,
    pub max_weight: f64,
}

// ---- Moments -----------------------------------------------------------------------------------

/// `typedef struct ofdm_moments ofdm_moments;` — opaque, like `ofdm_basis`.
#[repr(C)]
pub struct ofdm_moments {
    _opaque: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

// ---- Model selection without sampling ---------------------------------------------------------

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_select_options {
    pub struct_size: usize,
    pub max_degree: i32,
    pub max_interaction: i32,
    pub validation_fraction: f64,
    pub seed: u64,
    pub max_basis_size: i64,
    pub latent_dim: i64,
    pub keep_outliers: i32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_select_report {
    pub struct_size: usize,
    pub degree: i32,
    pub interaction: i32,
    pub ridge: f64,
    pub basis_size: i64,
    pub validation_loss: f64,
    pub candidates: i64,
    pub failed: i64,
    pub outlier_rows: i64,
    pub first_outlier_row: i64,
    pub first_outlier_column: i64,
    pub first_outlier_distance: f64,
}

// ---- Adaptive basis ---------------------------------------------------------------------------

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_adaptive_options {
    pub struct_size: usize,
    pub max_basis_size: i64,
    pub max_rounds: i32,
    pub max_per_round: i32,
    pub max_interaction: i32,
    pub threads: i32,
    pub validation_fraction: f64,
    pub seed: u64,
    pub max_seconds: f64,
    pub latent_dim: i64,
}

/// `enum ofdm_adaptive_stop`, the values of `ofdm_adaptive_report::stop`.
pub const OFDM_ADAPTIVE_CONVERGED: i32 = 0;
pub const OFDM_ADAPTIVE_BASIS_SIZE: i32 = 1;
pub const OFDM_ADAPTIVE_ROUNDS: i32 = 2;
pub const OFDM_ADAPTIVE_TIME: i32 = 3;
pub const OFDM_ADAPTIVE_MEMORY: i32 = 4;

/// `round_losses` is NULL or a caller-owned array of `round_loss_capacity` doubles, which the
/// call fills (ofdm.h).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ofdm_adaptive_report {
    pub struct_size: usize,
    pub basis_size: i64,
    pub rounds: i32,
    pub stop: i32,
    pub ridge: f64,
    pub validation_loss: f64,
    pub candidates: i64,
    pub seconds: f64,
    pub round_losses: *mut f64,
    pub round_loss_capacity: i64,
    pub coordinates: i32,
    pub standardize_distance: f64,
    pub pca_distance: f64,
}

// ---- Functions, in the header's order ----------------------------------------------------------

#[rustfmt::skip]
extern "C" {
    pub fn ofdm_version_number() -> c_uint;
    pub fn ofdm_version_string() -> *const c_char;

    pub fn ofdm_status_string(status: ofdm_status) -> *const c_char;
    pub fn ofdm_last_error() -> *const c_char;

    pub fn ofdm_basis_create_total_degree(dim: i64, max_degree: i32, max_interaction: i32, out: *mut *mut ofdm_basis) -> ofdm_status;
    pub fn ofdm_basis_create_graph(dim: i64, max_degree: i32, edges: *const i64, n_edges: i64, out: *mut *mut ofdm_basis) -> ofdm_status;
    pub fn ofdm_basis_create_from_indices(dim: i64, indices: *const i32, count: i64, ld: i64, out: *mut *mut ofdm_basis) -> ofdm_status;
    pub fn ofdm_basis_size(basis: *const ofdm_basis) -> i64;
    pub fn ofdm_basis_dim(basis: *const ofdm_basis) -> i64;
    pub fn ofdm_basis_max_degree(basis: *const ofdm_basis) -> i32;
    pub fn ofdm_basis_indices(basis: *const ofdm_basis, out: *mut i32, ldout: i64) -> ofdm_status;
    pub fn ofdm_basis_free(basis: *mut ofdm_basis);

    pub fn ofdm_fit_options_init_sized(options: *mut ofdm_fit_options, size: usize) -> ofdm_status;
    pub fn ofdm_fit(basis: *const ofdm_basis, x: *const f64, n: i64, ldx: i64, options: *const ofdm_fit_options, out: *mut *mut ofdm_model) -> ofdm_status;
    pub fn ofdm_find_outliers(x: *const f64, n: i64, d: i64, ldx: i64, count: *mut i64, first_row: *mut i64, first_column: *mut i64, distance: *mut f64) -> ofdm_status;

    pub fn ofdm_model_score(model: *const ofdm_model, t: f64, x: *const f64, n: i64, ldx: i64, out: *mut f64, ldout: i64) -> ofdm_status;
    pub fn ofdm_model_log_density(model: *const ofdm_model, t: f64, x: *const f64, n: i64, ldx: i64, out: *mut f64) -> ofdm_status;
    pub fn ofdm_model_coefficients(model: *const ofdm_model, t: f64, alpha: *mut f64) -> ofdm_status;
    pub fn ofdm_model_to_latent(model: *const ofdm_model, x: *const f64, n: i64, ldx: i64, z: *mut f64, ldz: i64) -> ofdm_status;
    pub fn ofdm_model_from_latent(model: *const ofdm_model, z: *const f64, n: i64, ldz: i64, x: *mut f64, ldx: i64) -> ofdm_status;
    pub fn ofdm_model_basis(model: *const ofdm_model) -> *const ofdm_basis;
    pub fn ofdm_model_dim(model: *const ofdm_model) -> i64;
    pub fn ofdm_model_latent_dim(model: *const ofdm_model) -> i64;
    pub fn ofdm_model_rank(model: *const ofdm_model) -> i64;
    pub fn ofdm_model_beta(model: *const ofdm_model) -> f64;
    pub fn ofdm_model_training_size(model: *const ofdm_model) -> i64;
    pub fn ofdm_model_options(model: *const ofdm_model, options: *mut ofdm_fit_options) -> ofdm_status;
    pub fn ofdm_model_free(model: *mut ofdm_model);

    pub fn ofdm_sample_stats_init_sized(stats: *mut ofdm_sample_stats, size: usize) -> ofdm_status;
    pub fn ofdm_sample_options_init_sized(options: *mut ofdm_sample_options, size: usize) -> ofdm_status;
    pub fn ofdm_model_sample(model: *const ofdm_model, n: i64, options: *const ofdm_sample_options, out: *mut f64, ldout: i64) -> ofdm_status;

    pub fn ofdm_flow_options_init_sized(options: *mut ofdm_sample_options, size: usize) -> ofdm_status;
    pub fn ofdm_model_log_likelihood(model: *const ofdm_model, x: *const f64, n: i64, ldx: i64, options: *const ofdm_sample_options, out: *mut f64) -> ofdm_status;
    pub fn ofdm_model_sample_flow(model: *const ofdm_model, n: i64, options: *const ofdm_sample_options, out: *mut f64, ldout: i64, log_q: *mut f64) -> ofdm_status;
    pub fn ofdm_importance_summary_init_sized(summary: *mut ofdm_importance_summary, size: usize) -> ofdm_status;
    pub fn ofdm_importance(log_target: *const f64, log_q: *const f64, n: i64, weights: *mut f64, summary: *mut ofdm_importance_summary) -> ofdm_status;
    pub fn ofdm_importance_estimate(weights: *const f64, n: i64, values: *const f64, m: i64, ldv: i64, mean: *mut f64, standard_error: *mut f64) -> ofdm_status;

    pub fn ofdm_moments_create(basis: *const ofdm_basis, options: *const ofdm_fit_options, out: *mut *mut ofdm_moments) -> ofdm_status;
    pub fn ofdm_moments_add(moments: *mut ofdm_moments, x: *const f64, n: i64, ldx: i64) -> ofdm_status;
    pub fn ofdm_moments_begin_moments(moments: *mut ofdm_moments) -> ofdm_status;
    pub fn ofdm_moments_in_statistics_pass(moments: *const ofdm_moments) -> c_int;
    pub fn ofdm_moments_count(moments: *const ofdm_moments) -> i64;
    pub fn ofdm_moments_merge(moments: *mut ofdm_moments, other: *const ofdm_moments) -> ofdm_status;
    pub fn ofdm_moments_export_length(moments: *const ofdm_moments, length: *mut i64) -> ofdm_status;
    pub fn ofdm_moments_export(moments: *const ofdm_moments, out: *mut f64) -> ofdm_status;
    pub fn ofdm_moments_import(moments: *mut ofdm_moments, values: *const f64, length: i64) -> ofdm_status;
    pub fn ofdm_fit_moments(moments: *const ofdm_moments, options: *const ofdm_fit_options, out: *mut *mut ofdm_model) -> ofdm_status;
    pub fn ofdm_moments_free(moments: *mut ofdm_moments);

    pub fn ofdm_select_options_init_sized(options: *mut ofdm_select_options, size: usize) -> ofdm_status;
    pub fn ofdm_select_report_init_sized(report: *mut ofdm_select_report, size: usize) -> ofdm_status;
    pub fn ofdm_fit_select(x: *const f64, n: i64, d: i64, ldx: i64, fit_options: *const ofdm_fit_options, options: *const ofdm_select_options, out: *mut *mut ofdm_model, report: *mut ofdm_select_report) -> ofdm_status;
    pub fn ofdm_model_validation_loss(model: *const ofdm_model, x: *const f64, n: i64, ldx: i64, loss: *mut f64) -> ofdm_status;

    pub fn ofdm_adaptive_options_init_sized(options: *mut ofdm_adaptive_options, size: usize) -> ofdm_status;
    pub fn ofdm_adaptive_report_init_sized(report: *mut ofdm_adaptive_report, size: usize) -> ofdm_status;
    pub fn ofdm_fit_adaptive(x: *const f64, n: i64, d: i64, ldx: i64, fit_options: *const ofdm_fit_options, options: *const ofdm_adaptive_options, out: *mut *mut ofdm_model, report: *mut ofdm_adaptive_report) -> ofdm_status;

    pub fn ofdm_model_save(model: *const ofdm_model, path: *const c_char) -> ofdm_status;
    pub fn ofdm_model_load(path: *const c_char, out: *mut *mut ofdm_model) -> ofdm_status;
    pub fn ofdm_model_serialized_size(model: *const ofdm_model, size: *mut usize) -> ofdm_status;
    pub fn ofdm_model_save_buffer(model: *const ofdm_model, buffer: *mut c_void, capacity: usize, written: *mut usize) -> ofdm_status;
    pub fn ofdm_model_load_buffer(buffer: *const c_void, size: usize, out: *mut *mut ofdm_model) -> ofdm_status;
}

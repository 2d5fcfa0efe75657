//! Safe Rust binding of **libofdm**, optimization-free diffusion models: the score of a
//! diffusion model fitted without a training loop, from moments of the data in a Hermite
//! eigenbasis of the Ornstein–Uhlenbeck operator (see `include/ofdm.h`, the library's manual).
//!
//! The binding is thin: one Rust call per C function, the same names and the same row-major
//! arrays with an explicit leading dimension. What Rust adds is ownership ([`Basis`] and
//! [`Model`] free their handles on drop), [`Result`] with an [`Error`] carrying the status and
//! the library's message, slice-length checks before each call, option builders, and progress
//! callbacks as closures. Streamed and distributed fits go through [`Moments`], model selection
//! by held-out loss through [`Model::fit_select`], a basis grown from the data through
//! [`Model::fit_adaptive`]. The raw declarations are in [`ffi`].
//!
//! ```
//! use ofdm::{Basis, Model, SampleOptions};
//!
//! // 400 points spread evenly over the unit square (an R2 sequence), row-major n × d, ld = d.
//! let (n, d) = (400, 2);
//! let mut x = Vec::with_capacity(n * d);
//! for i in 0..n {
//!     x.push((i as f64 * 0.7548776662466927).fract());
//!     x.push((i as f64 * 0.5698402909980532).fract());
//! }
//! let basis = Basis::total_degree(d, 4, 0)?;
//! let model = Model::fit(&basis, &x, n, d, None)?;
//! drop(basis); // the model keeps its own copy
//!
//! let mut score = vec![0.0; d];
//! model.score(0.5, &[0.0, 0.0], 1, d, &mut score, d)?;
//!
//! let mut samples = vec![0.0; 10 * d];
//! model.sample(10, Some(&mut SampleOptions::new().steps(50).seed(1)), &mut samples, d)?;
//! assert!(samples.iter().all(|v| v.is_finite()));
//! # Ok::<(), ofdm::Error>(())
//! ```
//!
//! The crate checks at run time that the loaded library has ABI major [`ABI_MAJOR`]: every
//! function that creates a handle refuses otherwise with [`ErrorKind::IncompatibleLibrary`].

pub mod ffi;

mod adaptive;
mod basis;
mod error;
mod files;
mod fit;
mod layout;
mod likelihood;
mod model;
mod moments;
mod outliers;
mod progress;
mod sampling;
mod selection;
mod version;

pub use adaptive::{AdaptiveOptions, AdaptiveReport, AdaptiveStop};
pub use basis::{Basis, BasisRef};
pub use error::{last_error, status_string, Error, ErrorKind, Result};
pub use fit::{Coordinates, FitOptions, TimeMode};
pub use likelihood::{importance, importance_estimate, ImportanceSummary};
pub use model::Model;
pub use moments::Moments;
pub use outliers::{find_outliers, Outliers};
pub use progress::ProgressFn;
pub use sampling::{Corrector, SampleOptions, SampleStats, Sampler, TimeGrid};
pub use selection::{SelectOptions, SelectReport};
pub use version::{check_abi, check_library_version, version_number, version_string, ABI_MAJOR};

/// `OFDM_MAX_DEGREE`: the largest degree of one coordinate in a multi-index.
pub const MAX_DEGREE: i32 = ffi::OFDM_MAX_DEGREE;

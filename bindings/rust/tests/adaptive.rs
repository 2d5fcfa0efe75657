//! The adaptive basis (ofdm.h, "Adaptive basis", `ofdm_fit_adaptive`): fit_adaptive recovers a
//! planted sparse log-density, its report agrees with the model, the choice does not depend on
//! the thread count, and bad options, too few rows, a memory limit and a cancelling progress
//! closure are refused with their kind and a message naming the option.

mod common;

use std::ops::ControlFlow;

use common::{expect_error, Rng};
use ofdm::{AdaptiveOptions, AdaptiveReport, AdaptiveStop, Coordinates, ErrorKind, FitOptions, Model};

/// tests/capi/test_api_adaptive.c's planted sparse log-density in d = 3, sampled exactly from the
/// C suites' splitmix64 + Box–Muller stream (so the rows are the C test's own):
/// x0 ~ p0 ∝ exp(−x0⁴/4 + x0²/2) (by rejection from N(0, 1.5²)), x1 | x0 ~ N(0.8 x0, 0.6²),
/// x2 ~ N(0, 1). Relative to π = N(0, I) the log-density is, up to a constant,
/// h = −x0⁴/4 + x0² − (x1 − 0.8 x0)²/0.72 + x1²/2, whose only Hermite terms are the indices
/// (4,0,0), (2,0,0), (1,1,0) and (0,2,0); x2 is π's own coordinate, with nothing to learn.
fn planted_sample(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng(seed);
    // The bound of p0 / N(0, 1.5²) up to constants: largest at x² = 1 + 1/2.25.
    let top_x2 = 1.0 + 1.0 / 2.25;
    let log_bound = -top_x2 * top_x2 / 4.0 + top_x2 / 2.0 + top_x2 / 4.5;
    let mut x = Vec::with_capacity(3 * n);
    while x.len() < 3 * n {
        let x0 = 1.5 * rng.normal01();
        let log_ratio = -x0 * x0 * x0 * x0 / 4.0 + x0 * x0 / 2.0 + x0 * x0 / 4.5 - log_bound;
        if rng.uniform01().ln() >= log_ratio {
            continue;
        }
        x.push(x0);
        x.push(0.8 * x0 + 0.6 * rng.normal01());
        x.push(rng.normal01());
    }
    x
}

fn identity_coordinates() -> FitOptions<'static> {
    FitOptions::new().coordinates(Coordinates::None)
}

/// The multi-indices of a model's basis, one [i32; 3] per function.
fn indices(model: &Model) -> Vec<[i32; 3]> {
    let basis = model.basis();
    let mut flat = vec![0; 3 * basis.size()];
    basis.indices(&mut flat, 3).unwrap();
    flat.chunks(3).map(|m| [m[0], m[1], m[2]]).collect()
}

/// The report without its wall-clock time, for comparing two runs.
fn timeless(report: &AdaptiveReport) -> AdaptiveReport {
    AdaptiveReport { seconds: 0.0, ..report.clone() }
}

#[test]
fn a_planted_sparse_log_density_is_recovered_and_reported() {
    let n = 6000;
    let x = planted_sample(n, 71);
    let (model, report) = Model::fit_adaptive(&x, n, 3, 3, Some(&mut identity_coordinates()), None).unwrap();
    let chosen = indices(&model);
    // Its terms are chosen...
    assert!(chosen.contains(&[4, 0, 0]) && chosen.contains(&[1, 1, 0]), "{chosen:?}");
    // ...and nothing spurious: no function of x2 beyond the start set (x2, x2²) and no
    // interaction with x2, whose law is π's own at every t (the OU process acts coordinate-wise).
    // Higher powers of x0 and x0–x1 terms are not spurious (the criterion integrates over t, and
    // the noised laws p_t are not polynomial in x0), so their degree is not bounded here, as in
    // the C suite.
    for m in &chosen {
        assert!(!(m[2] > 2 || (m[2] > 0 && (m[0] > 0 || m[1] > 0))), "{m:?}");
    }
    // The report: what the model has, one loss per kept round plus the start, each lower (the
    // library keeps a round only then, a strict comparison: no tolerance).
    assert_eq!(report.basis_size, model.basis().size() as i64);
    assert_eq!((model.dim(), model.latent_dim(), model.training_size()), (3, 3, n)); // built from all rows
    assert_eq!(report.ridge, model.options().unwrap().ridge);
    assert!([0.0, 1e-8, 1e-6, 1e-4, 1e-2].contains(&report.ridge), "{report:?}");
    assert!((1..=60).contains(&report.rounds) && report.candidates > 0, "{report:?}");
    assert_ne!(report.stop, AdaptiveStop::Memory);
    assert_eq!(report.round_losses.len(), report.rounds as usize + 1);
    assert!(report.round_losses.iter().all(|loss| loss.is_finite()));
    assert!(report.round_losses.windows(2).all(|pair| pair[1] < pair[0]), "{:?}", report.round_losses);
    assert!(report.validation_loss.is_finite() && report.seconds > 0.0);
}

#[test]
fn adaptive_options_are_the_documented_defaults() {
    let options = AdaptiveOptions::new();
    assert_eq!((options.max_basis_size, options.max_rounds, options.max_per_round), (1000, 60, 0));
    assert_eq!((options.max_interaction, options.threads, options.validation_fraction), (0, 0, 0.2));
    assert_eq!((options.seed, options.max_seconds, options.latent_dim), (0, 0.0, 0));
    assert_eq!(AdaptiveOptions::default(), options);
}

/// Deterministic for a seed on any thread count (ofdm.h): the same model, bit for bit, and the
/// same report but for the wall-clock time; None options are the defaults.
#[test]
fn the_same_choice_on_one_and_two_threads() {
    let n = 3000;
    let x = planted_sample(n, 72);
    let fit = |options: Option<&AdaptiveOptions>| {
        Model::fit_adaptive(&x, n, 3, 3, Some(&mut identity_coordinates()), options).unwrap()
    };
    let (one, first) = fit(Some(&AdaptiveOptions::new().threads(1)));
    let (two, second) = fit(Some(&AdaptiveOptions::new().threads(2)));
    let (defaults, third) = fit(None);
    assert_eq!(one.to_bytes().unwrap(), two.to_bytes().unwrap());
    assert_eq!(one.to_bytes().unwrap(), defaults.to_bytes().unwrap());
    assert_eq!(timeless(&first), timeless(&second));
    assert_eq!(timeless(&first), timeless(&third));
}

/// max_rounds bounds the rounds and the losses: 0 keeps the start set (x_j, x_j² for j < 3).
#[test]
fn the_round_budget_stops_the_growth_and_bounds_the_losses() {
    let n = 1000;
    let x = planted_sample(n, 73);
    let none = AdaptiveOptions::new().max_rounds(0);
    let (model, report) = Model::fit_adaptive(&x, n, 3, 3, Some(&mut identity_coordinates()), Some(&none)).unwrap();
    assert_eq!((report.rounds, report.stop, report.basis_size), (0, AdaptiveStop::Rounds, 6));
    assert_eq!((report.round_losses.len(), model.basis().size()), (1, 6));
    let one = AdaptiveOptions::new().max_rounds(1);
    let (_, report) = Model::fit_adaptive(&x, n, 3, 3, Some(&mut identity_coordinates()), Some(&one)).unwrap();
    assert!(report.rounds <= 1 && report.round_losses.len() == report.rounds as usize + 1, "{report:?}");
    assert!(matches!(report.stop, AdaptiveStop::Rounds | AdaptiveStop::Converged), "{report:?}");
}

#[test]
fn stop_values_map_to_their_reasons_and_back() {
    let reasons = [
        (0, AdaptiveStop::Converged),
        (1, AdaptiveStop::BasisSize),
        (2, AdaptiveStop::Rounds),
        (3, AdaptiveStop::Time),
        (4, AdaptiveStop::Memory),
        (9, AdaptiveStop::Unknown(9)), // a value from a newer library
    ];
    for (value, reason) in reasons {
        assert_eq!(AdaptiveStop::from_raw(value), reason);
        assert_eq!(reason.value(), value);
    }
}

/// With PCA the basis grows in r < d latent coordinates.
#[test]
fn pca_grows_the_basis_in_the_latent_dimension() {
    let n = 2000;
    let y = planted_sample(n, 74);
    let mut rng = Rng(44);
    const MIXING: [[f64; 2]; 4] = [[1.0, 0.3], [-0.5, 1.2], [0.8, -0.7], [0.2, 0.9]];
    let mut x = Vec::with_capacity(4 * n);
    for i in 0..n {
        for row in MIXING.iter() {
            x.push(row[0] * y[3 * i] + row[1] * y[3 * i + 1] + 0.02 * rng.normal01());
        }
    }
    let mut pca = FitOptions::new().coordinates(Coordinates::Pca);
    let options = AdaptiveOptions::new().latent_dim(2).max_rounds(3);
    let (model, report) = Model::fit_adaptive(&x, n, 4, 4, Some(&mut pca), Some(&options)).unwrap();
    assert_eq!((model.dim(), model.latent_dim(), model.basis().dim()), (4, 2, 2));
    assert_eq!(report.basis_size, model.basis().size() as i64);
}

#[test]
fn bad_options_are_refused_naming_the_option() {
    let n = 1000;
    let x = planted_sample(n, 73);
    let cases = [
        (AdaptiveOptions::new().max_basis_size(5), "max_basis_size"), // the start set has 6
        (AdaptiveOptions::new().max_basis_size(0), "max_basis_size"),
        (AdaptiveOptions::new().validation_fraction(0.0), "validation_fraction"),
        (AdaptiveOptions::new().threads(-1), "threads"),
        (AdaptiveOptions::new().max_rounds(-1), "max_rounds"),
        (AdaptiveOptions::new().max_per_round(-2), "max_per_round"),
        (AdaptiveOptions::new().max_interaction(-1), "max_interaction"),
        (AdaptiveOptions::new().max_seconds(-1.0), "max_seconds"),
        (AdaptiveOptions::new().latent_dim(4), "latent_dim"),
        (AdaptiveOptions::new().latent_dim(2), "OFDM_COORDINATES_PCA"), // only PCA reduces the dimension
    ];
    for (options, word) in cases {
        let error = expect_error(
            Model::fit_adaptive(&x, n, 3, 3, Some(&mut identity_coordinates()), Some(&options)),
            ErrorKind::InvalidArgument,
            Some(word),
        );
        assert!(error.message().starts_with("ofdm_fit_adaptive: "), "{}", error.message());
    }
    // The binding's own check: the slice must hold n rows of d.
    let short = Model::fit_adaptive(&x[..3 * n - 1], n, 3, 3, None, None);
    assert_eq!(short.unwrap_err().kind(), ErrorKind::InvalidArgument);
}

#[test]
fn too_few_rows_nonfinite_rows_and_a_memory_limit_are_refused() {
    let n = 1000;
    let mut x = planted_sample(n, 73);
    expect_error(
        Model::fit_adaptive(&x, 2, 3, 3, Some(&mut identity_coordinates()), None),
        ErrorKind::TooFewSamples,
        None,
    );
    let mut tiny = identity_coordinates().memory_limit(64); // below the start set's system
    expect_error(Model::fit_adaptive(&x, n, 3, 3, Some(&mut tiny), None), ErrorKind::TooLarge, Some("memory_limit"));
    x[3 * 17 + 2] = f64::INFINITY;
    expect_error(Model::fit_adaptive(&x, n, 3, 3, None, None), ErrorKind::NonfiniteInput, None);
}

/// The progress closure counts rounds (total max_rounds) on the caller's thread; Break cancels
/// between rounds, and so does a panic, whose text the error carries.
#[test]
fn progress_counts_rounds_and_break_or_a_panic_cancels() {
    let n = 1000;
    let x = planted_sample(n, 73);
    let mut calls = Vec::new();
    let mut cancelling = identity_coordinates().progress(|done, total| {
        calls.push((done, total));
        if done >= 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    expect_error(
        Model::fit_adaptive(&x, n, 3, 3, Some(&mut cancelling), None),
        ErrorKind::Cancelled,
        Some("cancelled"),
    );
    drop(cancelling);
    assert!(calls.len() >= 3 && calls.last().unwrap().0 == 2, "{calls:?}");
    assert!(calls.iter().all(|&(_, total)| total == 60), "{calls:?}");

    let caller = std::thread::current().id();
    let mut seen = Vec::new();
    let mut recording = identity_coordinates().progress(|done, total| {
        seen.push((done, total, std::thread::current().id() == caller));
        ControlFlow::Continue(())
    });
    let four = AdaptiveOptions::new().max_rounds(4);
    Model::fit_adaptive(&x, n, 3, 3, Some(&mut recording), Some(&four)).unwrap();
    drop(recording);
    assert_eq!(seen.last(), Some(&(4, 4, true)));
    assert!(seen.iter().all(|&(_, total, on_caller)| total == 4 && on_caller), "{seen:?}");
    assert!(seen.windows(2).all(|pair| pair[0].0 <= pair[1].0), "{seen:?}");

    let mut panicking = identity_coordinates().progress(|_, _| panic!("stop the growth"));
    let error = expect_error(Model::fit_adaptive(&x, n, 3, 3, Some(&mut panicking), None), ErrorKind::Cancelled, None);
    assert!(error.message().contains("stop the growth"), "{}", error.message());
}

/// Two modes along the diagonal of R^4 (as the C suite's diagonal_modes): with
/// Coordinates::Auto both maps are grown and sampled, the PCA's samples are clearly closer and
/// its model is returned; a fixed map reports itself and no distances.
#[test]
fn automatic_coordinates_report_the_maps_compared() {
    let n = 2000;
    let mut rng = Rng(74);
    let mut x = vec![0.0; n * 4];
    for i in 0..n {
        let side = if rng.uniform01() < 0.5 { -1.0 } else { 1.0 };
        for j in 0..4 {
            x[4 * i + j] = side + 0.5 * rng.normal01();
        }
    }
    let options = AdaptiveOptions::new().max_rounds(8);
    let mut auto = FitOptions::new().coordinates(Coordinates::Auto);
    let (_model, report) = Model::fit_adaptive(&x, n, 4, 4, Some(&mut auto), Some(&options)).unwrap();
    assert_eq!(report.coordinates, Coordinates::Pca as i32);
    let (standardize, pca) = (report.standardize_distance.unwrap(), report.pca_distance.unwrap());
    assert!(standardize.is_finite(), "{report:?}");
    assert!(standardize > 1.5 * pca, "{report:?}");
    let mut fixed = FitOptions::new().coordinates(Coordinates::Standardize);
    let (_model, report) = Model::fit_adaptive(&x, n, 4, 4, Some(&mut fixed), Some(&options)).unwrap();
    assert_eq!(report.coordinates, Coordinates::Standardize as i32);
    assert_eq!((report.standardize_distance, report.pca_distance), (None, None), "{report:?}");
}

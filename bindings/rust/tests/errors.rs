//! Each error path of the library reaches Rust as its own ErrorKind, with ofdm_last_error's
//! message naming the offending argument, row, column or edge, and with no output written. The
//! binding's own checks (slices too short for the rows they are said to hold) fail the same way
//! before any call.

mod common;

use common::{expect_error, gaussian_data, short_run, small_model, SENTINEL};
use ofdm::{Basis, Coordinates, ErrorKind, FitOptions, Model, Moments, TimeMode};

#[test]
fn basis_constructors_name_bad_degrees_dimensions_edges_and_rows() {
    let max = ofdm::MAX_DEGREE;
    expect_error(Basis::total_degree(2, max + 1, 0), ErrorKind::DegreeTooLarge, Some("max_degree"));
    expect_error(Basis::graph(2, max + 1, &[[0, 1]]), ErrorKind::DegreeTooLarge, Some("max_degree"));
    expect_error(Basis::from_indices(2, &[max + 1, 0], 1, 2), ErrorKind::DegreeTooLarge, Some("indices[0][0]"));
    expect_error(Basis::total_degree(0, 2, 0), ErrorKind::InvalidArgument, Some("dim"));
    expect_error(Basis::total_degree(2, 2, -1), ErrorKind::InvalidArgument, Some("max_interaction"));
    expect_error(Basis::graph(4, 2, &[[0, 1], [1, 2], [2, 4]]), ErrorKind::InvalidArgument, Some("edge 2"));
    expect_error(Basis::graph(4, 2, &[[0, 1], [3, 3]]), ErrorKind::InvalidArgument, Some("edge 1"));
    expect_error(Basis::graph(4, 2, &[[-1, 0]]), ErrorKind::InvalidArgument, Some("edge 0"));
    expect_error(Basis::from_indices(2, &[1, 0, 0, 0], 2, 2), ErrorKind::InvalidArgument, Some("row 1"));
    expect_error(Basis::from_indices(2, &[1, 0, 0, 1, 1, 0], 3, 2), ErrorKind::InvalidArgument, Some("row 2"));
    expect_error(Basis::from_indices(2, &[1, 0], 0, 2), ErrorKind::InvalidArgument, Some("count"));
    expect_error(Basis::from_indices(2, &[1, 0], 1, 1), ErrorKind::InvalidArgument, Some("ld"));
    // Σ_s C(10⁵, s)·C(10, s) ≈ 3·10⁴³ functions: refused from the count alone.
    expect_error(Basis::total_degree(100_000, 10, 0), ErrorKind::TooLarge, None);
}

#[test]
fn fit_names_row_and_column_of_nonfinite_input() {
    let mut x = gaussian_data(20, 3, 11); // read with d = 2, ldx = 3: column 2 is padding
    let basis = Basis::total_degree(2, 2, 0).unwrap();
    x[12 * 3 + 2] = f64::NAN; // padding beyond d is never read
    Model::fit(&basis, &x, 20, 3, None).unwrap();
    x[12 * 3 + 1] = f64::NAN;
    let error = expect_error(Model::fit(&basis, &x, 20, 3, None), ErrorKind::NonfiniteInput, Some("row 12"));
    assert!(common::mentions(error.message(), "column 1"), "{}", error.message());
    x[0] = f64::NEG_INFINITY; // the first non-finite value is the one reported
    expect_error(Model::fit(&basis, &x, 20, 3, None), ErrorKind::NonfiniteInput, Some("row 0"));
}

#[test]
fn fit_refuses_too_few_samples_bad_sizes_and_bad_options() {
    let x = gaussian_data(50, 2, 13);
    let basis = Basis::total_degree(2, 3, 0).unwrap(); // K = 9
    expect_error(Model::fit(&basis, &[], 0, 2, None), ErrorKind::TooFewSamples, Some("n"));
    expect_error(Model::fit(&basis, &x, 1, 2, None), ErrorKind::TooFewSamples, Some("n"));
    let mut raw = FitOptions::new().coordinates(Coordinates::None); // n·d = 8 < K = 9, no ridge
    expect_error(Model::fit(&basis, &x, 4, 2, Some(&mut raw)), ErrorKind::TooFewSamples, Some("K"));
    let mut ridged = FitOptions::new().coordinates(Coordinates::None).ridge(1e-6);
    Model::fit(&basis, &x, 4, 2, Some(&mut ridged)).unwrap(); // the count rule holds only without a ridge

    expect_error(Model::fit(&basis, &x, 50, 1, None), ErrorKind::InvalidArgument, Some("ldx"));
    for (options, word) in [
        (FitOptions::new().beta(0.0), "beta"),
        (FitOptions::new().beta(f64::NAN), "beta"),
        (FitOptions::new().beta(f64::INFINITY), "beta"),
        (FitOptions::new().ridge(-1e-8), "ridge"),
        (FitOptions::new().ridge(f64::NAN), "ridge"),
    ] {
        let mut options = options;
        expect_error(Model::fit(&basis, &x, 50, 2, Some(&mut options)), ErrorKind::InvalidArgument, Some(word));
    }
}

/// FitOptions::memory_limit caps a fit's estimated peak. d = 32, total degree 3: K = 6 544 and
/// ~2 GB of Galerkin matrices against 64 MiB, refused by Model::fit and Moments::new alike; a
/// negative limit is an invalid argument; within its limit a fit is the one without, bit for bit.
#[test]
fn fit_beyond_memory_limit_is_too_large() {
    const MIB: i64 = 1 << 20;
    let x = gaussian_data(10, 32, 17);
    let big = Basis::total_degree(32, 3, 0).unwrap();
    assert_eq!(big.size(), 6544);
    let mut capped = FitOptions::new().ridge(1e-6).memory_limit(64 * MIB);
    expect_error(Model::fit(&big, &x, 10, 32, Some(&mut capped)), ErrorKind::TooLarge, Some("memory_limit"));
    expect_error(Moments::new(&big, Some(&capped)), ErrorKind::TooLarge, Some("memory_limit"));
    let mut negative = FitOptions::new().ridge(1e-6).memory_limit(-1);
    expect_error(Model::fit(&big, &x, 10, 32, Some(&mut negative)), ErrorKind::InvalidArgument, Some("memory_limit"));

    let small = gaussian_data(200, 2, 18);
    let basis = Basis::total_degree(2, 3, 0).unwrap();
    let mut generous = FitOptions::new().memory_limit(64 * MIB);
    let within = Model::fit(&basis, &small, 200, 2, Some(&mut generous)).unwrap();
    let free = Model::fit(&basis, &small, 200, 2, None).unwrap();
    let (mut a, mut b) = (vec![0.0; 400], vec![0.0; 400]);
    within.score(0.25, &small, 200, 2, &mut a, 2).unwrap();
    free.score(0.25, &small, 200, 2, &mut b, 2).unwrap();
    assert_eq!(a, b);
    assert_eq!(within.options().unwrap().memory_limit, 0); // not part of the model
    let mut moments = Moments::new(&basis, Some(&FitOptions::new().coordinates(Coordinates::None))).unwrap();
    moments.add(&small, 200, 2).unwrap();
    let tiny = FitOptions::new().coordinates(Coordinates::None).memory_limit(1);
    expect_error(moments.fit(Some(&tiny)), ErrorKind::TooLarge, Some("memory_limit"));
}

#[test]
fn fit_names_a_constant_column_under_standardization() {
    let mut x = gaussian_data(30, 3, 14);
    for i in 0..30 {
        x[i * 3 + 1] = 2.5;
    }
    let basis = Basis::total_degree(3, 1, 0).unwrap();
    expect_error(Model::fit(&basis, &x, 30, 3, None), ErrorKind::InvalidArgument, Some("column 1"));
}

/// Six samples at two distinct points: G(0) has rank <= 2 < K = 4 (tests/capi derivation). Since
/// 0.2 the fit keeps the functions the data determine (ofdm.h, ofdm_model_rank: pivoted Cholesky
/// of G(0)): rank 2, and the dropped functions' coefficients are 0 at every t. A ridge makes
/// every function count again.
#[test]
fn fit_on_two_distinct_points_keeps_the_functions_the_data_determine() {
    let x = [0.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    let basis = Basis::total_degree(1, 4, 0).unwrap();
    let model = Model::fit(&basis, &x, 6, 1, None).unwrap();
    assert_eq!((model.rank(), basis.size()), (2, 4));
    for t in [0.0, 0.5, 3.0] {
        let mut alpha = [f64::NAN; 4];
        model.coefficients(t, &mut alpha).unwrap();
        assert!(alpha.iter().all(|a| a.is_finite()), "t = {t}: {alpha:?}");
        assert!(alpha.iter().filter(|&&a| a == 0.0).count() >= 2, "t = {t}: two dropped functions, {alpha:?}");
    }
    let ridged = Model::fit(&basis, &x, 6, 1, Some(&mut FitOptions::new().ridge(1e-8))).unwrap();
    assert_eq!(ridged.rank(), 4);
}

/// Samples on which no basis function has a gradient (the one function is ψ₂(z), whose derivative
/// vanishes at z = 0, and every sample is 0): G(0) = 0, there is nothing to fit, and the fit is
/// Singular whatever the ridge (ε·tr(G)/K = 0), with a message that says why.
#[test]
fn fit_reports_a_singular_system_when_the_data_leave_nothing_to_fit() {
    let basis = Basis::from_indices(1, &[2], 1, 1).unwrap();
    for ridge in [0.0, 1e-8] {
        let mut options = FitOptions::new().coordinates(Coordinates::None).ridge(ridge);
        expect_error(Model::fit(&basis, &[0.0; 5], 5, 1, Some(&mut options)), ErrorKind::Singular, Some("gradient"));
    }
}

/// ψ₂(1e200) ≈ 7e399 overflows a double: Overflow, with a message pointing at the degree.
#[test]
fn fit_refuses_data_whose_moments_overflow() {
    let huge = [1e200, -1e200, 3e200];
    let basis = Basis::total_degree(1, 2, 0).unwrap();
    let mut options = FitOptions::new().coordinates(Coordinates::None).time_mode(TimeMode::Galerkin);
    expect_error(Model::fit(&basis, &huge, 3, 1, Some(&mut options)), ErrorKind::Overflow, Some("degree"));
}

#[test]
fn model_functions_refuse_bad_times_and_sizes_and_write_nothing() {
    let model = small_model(Coordinates::Standardize, 1.0);
    let mut x = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    let mut out = [SENTINEL; 6];
    for t in [-1.0, f64::NAN, f64::NEG_INFINITY] {
        expect_error(model.score(t, &x, 3, 2, &mut out, 2), ErrorKind::InvalidArgument, Some("t"));
    }
    expect_error(model.log_density(-1e-300, &x, 3, 2, &mut out), ErrorKind::InvalidArgument, Some("t"));
    expect_error(model.coefficients(f64::NAN, &mut out), ErrorKind::InvalidArgument, Some("t"));
    expect_error(model.score(0.5, &x, 3, 2, &mut out, 1), ErrorKind::InvalidArgument, Some("ldout"));
    expect_error(model.score(0.5, &x, 3, 1, &mut out, 2), ErrorKind::InvalidArgument, Some("ldx"));
    expect_error(model.to_latent(&x, 3, 2, &mut out, 1), ErrorKind::InvalidArgument, Some("ldz"));
    expect_error(model.from_latent(&x, 3, 2, &mut out, 1), ErrorKind::InvalidArgument, Some("ldx"));
    x[2 * 2 + 1] = f64::NAN;
    let error = expect_error(model.score(0.5, &x, 3, 2, &mut out, 2), ErrorKind::NonfiniteInput, Some("row 2"));
    assert!(common::mentions(error.message(), "column 1"));
    expect_error(model.log_density(0.5, &x, 3, 2, &mut out), ErrorKind::NonfiniteInput, Some("row 2"));
    assert_eq!(out, [SENTINEL; 6]);
    // n = 0: nothing to do, empty slices allowed.
    model.score(0.5, &[], 0, 2, &mut [], 2).unwrap();
    model.log_density(0.5, &[], 0, 2, &mut []).unwrap();
}

/// Each invalid sampling option alone: InvalidArgument naming it, nothing written.
#[test]
fn sampling_names_each_invalid_option() {
    let model = small_model(Coordinates::Standardize, 1.0);
    let mut out = [SENTINEL; 8];
    let cases = [
        (short_run(0, 1, 0), "steps"),
        (short_run(-1, 1, 0), "steps"),
        (short_run(10, 1, 0).t_max(1e-3), "t_max"),
        (short_run(10, 1, 0).t_max(f64::NAN), "t_max"),
        (short_run(10, 1, 0).t_min(0.0), "t_min"), // the default grid is geometric
        (short_run(10, 1, 0).t_min(-0.5), "t_min"),
        (short_run(10, 1, 0).corrector_steps(1001), "corrector_steps"),
        (short_run(10, 1, 0).corrector_snr(0.0), "corrector_snr"),
        (short_run(10, 1, 0).threads(-1), "threads"),
    ];
    for (mut options, word) in cases {
        expect_error(model.sample(4, Some(&mut options), &mut out, 2), ErrorKind::InvalidArgument, Some(word));
        expect_error(
            model.sample_with_stats(4, Some(&mut options), &mut out, 2),
            ErrorKind::InvalidArgument,
            Some(word),
        );
    }
    expect_error(model.sample(4, None, &mut out, 1), ErrorKind::InvalidArgument, Some("ldout"));
    assert_eq!(out, [SENTINEL; 8]);
}

/// The library trusts its pointers, so the binding checks slice lengths first: a slice too short
/// for n rows with the given leading dimension is InvalidArgument naming the C function and the
/// argument, and the library is not called (its last error stays as it was).
#[test]
fn slices_too_short_for_their_rows_are_refused_before_calling() {
    let model = small_model(Coordinates::Standardize, 1.0);
    let basis = Basis::total_degree(2, 2, 0).unwrap();
    let _ = Basis::total_degree(0, 1, 0); // a known last error
    let before = ofdm::last_error();
    let x = [0.0; 5];
    let mut out = [SENTINEL; 6];
    expect_error(model.score(0.5, &x, 3, 2, &mut out, 2), ErrorKind::InvalidArgument, Some("x"));
    expect_error(model.score(0.5, &x[..4], 2, 2, &mut out[..3], 2), ErrorKind::InvalidArgument, Some("out"));
    expect_error(model.log_density(0.5, &x[..4], 2, 2, &mut out[..1]), ErrorKind::InvalidArgument, Some("out"));
    expect_error(model.coefficients(0.5, &mut out[..4]), ErrorKind::InvalidArgument, Some("alpha"));
    expect_error(model.to_latent(&x, 3, 2, &mut out, 2), ErrorKind::InvalidArgument, Some("x"));
    expect_error(model.from_latent_in_place(&mut out, 3, 3), ErrorKind::InvalidArgument, Some("z"));
    expect_error(model.sample(4, None, &mut out, 2), ErrorKind::InvalidArgument, Some("out"));
    expect_error(Model::fit(&basis, &x, 3, 2, None), ErrorKind::InvalidArgument, Some("x"));
    expect_error(Basis::from_indices(2, &[1, 0, 0], 2, 2), ErrorKind::InvalidArgument, Some("indices"));
    expect_error(basis.indices(&mut [0; 9], 2), ErrorKind::InvalidArgument, Some("out"));
    let error = expect_error(model.score(0.5, &x, 3, 2, &mut out, 2), ErrorKind::InvalidArgument, None);
    assert!(error.message().starts_with("ofdm_model_score: x holds 5 elements"), "{}", error.message());
    assert!(error.message().contains("need 6"), "{}", error.message());
    assert_eq!(ofdm::last_error(), before);
    assert_eq!(out, [SENTINEL; 6]);
}

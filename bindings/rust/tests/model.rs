//! A fit whose answer is known exactly, and the model it gives: scores and log-densities at every t
//! including ∞, coefficients in both time modes, the latent maps and the accessors (the same
//! derivations and tolerances as tests/capi/test_api_model.c).

mod common;

use common::{correlated_model, correlated_sample, fit_with, small_model, GN, NP, POINTS};
use ofdm::{Basis, Coordinates, FitOptions, Model, TimeMode};

/// The empirical mean and std of each column (divisor n), and the mean μ and covariance
/// C = (C_00, C_01, C_11) of the standardized data z = (x − mean)/std.
struct Empirical {
    mean: [f64; 2],
    std: [f64; 2],
    mu: [f64; 2],
    cov: [f64; 3],
}

fn empirical_moments(x: &[f64]) -> Empirical {
    let n = GN as f64;
    let (mut mean, mut std) = ([0.0; 2], [0.0; 2]);
    for j in 0..2 {
        mean[j] = (0..GN).map(|i| x[2 * i + j]).sum::<f64>() / n;
        std[j] = ((0..GN).map(|i| (x[2 * i + j] - mean[j]).powi(2)).sum::<f64>() / n).sqrt();
    }
    let (mut mu, mut cov) = ([0.0; 2], [0.0; 3]);
    for i in 0..GN {
        let z0 = (x[2 * i] - mean[0]) / std[0];
        let z1 = (x[2 * i + 1] - mean[1]) / std[1];
        mu[0] += z0 / n;
        mu[1] += z1 / n;
        cov[0] += z0 * z0 / n;
        cov[1] += z0 * z1 / n;
        cov[2] += z1 * z1 / n;
    }
    cov[0] -= mu[0] * mu[0];
    cov[1] -= mu[0] * mu[1];
    cov[2] -= mu[1] * mu[1];
    Empirical { mean, std, mu, cov }
}

/// The exact answer for a degree-2 basis. G(t) and b(t) involve only moments of degree <= 2 of
/// p_t, which equal those of the Gaussian q_t with the data's mean and covariance; its score
/// −Σ_t⁻¹(z − m_t) lies in the model class, so the projection returns it exactly (DESIGN §1, §4):
/// m_t = e^{−t} μ, Σ_t = e^{−2t} C + (1 − e^{−2t})/β I, and the data-space score is Wᵀ s_z with
/// W = diag(1/std). Returns the score and log q_t (up to a t-only constant) at x.
fn gaussian_truth(e: &Empirical, beta: f64, t: f64, x: &[f64]) -> ([f64; 2], f64) {
    let decay = (-t).exp();
    let noise = (1.0 - (-2.0 * t).exp()) / beta;
    let a = decay * decay * e.cov[0] + noise;
    let b = decay * decay * e.cov[1];
    let c = decay * decay * e.cov[2] + noise;
    let det = a * c - b * b;
    let r0 = (x[0] - e.mean[0]) / e.std[0] - decay * e.mu[0];
    let r1 = (x[1] - e.mean[1]) / e.std[1] - decay * e.mu[1];
    let (s0, s1) = (-(c * r0 - b * r1) / det, -(-b * r0 + a * r1) / det); // −Σ⁻¹ r
    ([s0 / e.std[0], s1 / e.std[1]], 0.5 * (r0 * s0 + r1 * s1))
}

/// Tolerance 1e-8: the moments are means of 4000 double products (relative rounding ~ n·ε ≈
/// 1e-12) and G(t) is a well-conditioned 5 × 5 system (ρ = 0.6), so the identity holds to ~1e-11;
/// 1e-8 leaves a wide margin yet catches any wrong factor, sign or time dependence.
#[test]
fn degree2_fit_reproduces_the_exact_gaussian_score_and_log_density() {
    let e = empirical_moments(&correlated_sample(101));
    for beta in [1.0, 2.5] {
        let model = correlated_model(101, beta, TimeMode::Galerkin);
        for t in [0.0, 0.5, 2.0] {
            let (mut got, mut log_p) = ([0.0; 2 * NP], [0.0; NP]);
            model.score(t, &POINTS, NP, 2, &mut got, 2).unwrap();
            model.log_density(t, &POINTS, NP, 2, &mut log_p).unwrap();
            let mut log_q = [0.0; NP];
            for p in 0..NP {
                let (truth, log) = gaussian_truth(&e, beta, t, &POINTS[2 * p..2 * p + 2]);
                log_q[p] = log;
                let error = (got[2 * p] - truth[0]).hypot(got[2 * p + 1] - truth[1]);
                assert!(error <= 1e-8 * (1.0 + truth[0].hypot(truth[1])), "β {beta}, t {t}, point {p}: {error}");
            }
            for p in 1..NP {
                // differences remove the t-only constant
                let want = log_q[p] - log_q[0];
                assert!(((log_p[p] - log_p[0]) - want).abs() <= 1e-8 * (1.0 + want.abs()));
            }
        }
    }
}

/// At t = ∞ the log-density is the normalized stationary law in data coordinates:
/// log(β/2π) − β|z|²/2 − Σ_j log std_j (d = 2). Tolerance 1e-12: a few rounded operations.
#[test]
fn log_density_at_infinity_is_the_normalized_stationary_law() {
    let beta = 2.5;
    let e = empirical_moments(&correlated_sample(101));
    let model = correlated_model(101, beta, TimeMode::Galerkin);
    let mut got = [0.0; NP];
    model.log_density(f64::INFINITY, &POINTS, NP, 2, &mut got).unwrap();
    for p in 0..NP {
        let z0 = (POINTS[2 * p] - e.mean[0]) / e.std[0];
        let z1 = (POINTS[2 * p + 1] - e.mean[1]) / e.std[1];
        let want = (beta / (2.0 * std::f64::consts::PI)).ln()
            - 0.5 * beta * (z0 * z0 + z1 * z1)
            - e.std[0].ln()
            - e.std[1].ln();
        assert!((got[p] - want).abs() <= 1e-12 * (1.0 + want.abs()), "point {p}: {} vs {want}", got[p]);
    }
}

/// At t = ∞ the coefficients vanish, so with z = x the score is 0 − β·x: exact in floating point.
#[test]
fn score_at_infinity_is_exactly_the_stationary_score() {
    let beta = 2.5;
    let x = [0.3, -1.7, 2.0, 0.0, -0.25, 4.5];
    let model = small_model(Coordinates::None, beta);
    let mut out = [0.0; 6];
    model.score(f64::INFINITY, &x, 3, 2, &mut out, 2).unwrap();
    for i in 0..6 {
        assert_eq!(out[i], -beta * x[i]);
    }
}

/// K coefficients are written (values after them survive); at t = ∞ they are all zero. Perturbation
/// mode at t = 0 is the same solve as Galerkin mode at t = 0, and α_k(t) = e^{−|k|t} α_k(0).
/// Tolerance 1e-14 relative: a few rounding errors of one exp and one product.
#[test]
fn coefficients_in_both_time_modes() {
    let galerkin = correlated_model(202, 1.0, TimeMode::Galerkin);
    let perturbation = correlated_model(202, 1.0, TimeMode::Perturbation);
    assert_eq!(galerkin.basis().size(), 5);
    let mut indices = [0; 10];
    perturbation.basis().indices(&mut indices, 2).unwrap();

    let mut alpha = [42.0; 7];
    galerkin.coefficients(f64::INFINITY, &mut alpha).unwrap();
    assert_eq!(alpha, [0.0, 0.0, 0.0, 0.0, 0.0, 42.0, 42.0]);

    let t = 0.7;
    let (mut alpha0, mut alpha_t) = ([0.0; 5], [0.0; 5]);
    galerkin.coefficients(0.0, &mut alpha).unwrap();
    perturbation.coefficients(0.0, &mut alpha0).unwrap();
    perturbation.coefficients(t, &mut alpha_t).unwrap();
    for k in 0..5 {
        let decay = (-((indices[2 * k] + indices[2 * k + 1]) as f64) * t).exp();
        assert!((alpha0[k] - alpha[k]).abs() <= 1e-14 * alpha[k].abs());
        assert!((alpha_t[k] - decay * alpha0[k]).abs() <= 1e-14 * alpha0[k].abs());
    }
    perturbation.coefficients(f64::INFINITY, &mut alpha0).unwrap();
    assert_eq!(alpha0, [0.0; 5]);
}

/// to_latent gives (x − mean)/std and from_latent inverts it, with padded leading dimensions and in
/// place. Tolerance 1e-14·(|x| + 4): two rounded operations each way on values of size |x| and
/// |mean| <= 3.
#[test]
fn latent_maps_round_trip_with_padding_and_in_place() {
    let e = empirical_moments(&correlated_sample(303));
    let model = correlated_model(303, 1.0, TimeMode::Galerkin);
    let mut padded = [f64::NAN; 3 * NP]; // column 2 is padding: NaN there would be refused if read
    for p in 0..NP {
        padded[3 * p..3 * p + 2].copy_from_slice(&POINTS[2 * p..2 * p + 2]);
    }
    let (mut z, mut back) = ([0.0; 2 * NP], [0.0; 4 * NP]);
    model.to_latent(&padded, NP, 3, &mut z, 2).unwrap();
    model.from_latent(&z, NP, 2, &mut back, 4).unwrap();
    let mut in_place = POINTS;
    model.to_latent_in_place(&mut in_place, NP, 2).unwrap();
    assert_eq!(in_place, z);
    model.from_latent_in_place(&mut in_place, NP, 2).unwrap();
    for p in 0..NP {
        for j in 0..2 {
            let x = POINTS[2 * p + j];
            let want = (x - e.mean[j]) / e.std[j];
            assert!((z[2 * p + j] - want).abs() <= 1e-14 * (want.abs() + 4.0));
            assert!((back[4 * p + j] - x).abs() <= 1e-14 * (x.abs() + 4.0));
            assert!((in_place[2 * p + j] - x).abs() <= 1e-14 * (x.abs() + 4.0));
        }
    }
}

#[test]
fn model_reports_its_options_and_sizes() {
    let defaults = FitOptions::new();
    assert_eq!((defaults.beta, defaults.ridge), (1.0, 0.0)); // the documented defaults
    assert_eq!((defaults.coordinates, defaults.time_mode), (Coordinates::Standardize, TimeMode::Galerkin));

    let basis = Basis::total_degree(2, 3, 0).unwrap();
    let mut set =
        FitOptions::new().beta(2.5).coordinates(Coordinates::None).time_mode(TimeMode::Perturbation).ridge(1e-6);
    let model = Model::fit(&basis, &correlated_sample(404), GN, 2, Some(&mut set)).unwrap();
    let got = model.options().unwrap();
    assert_eq!((got.beta, got.ridge), (2.5, 1e-6));
    assert_eq!((got.coordinates, got.time_mode), (Coordinates::None, TimeMode::Perturbation));
    assert_eq!((defaults.data_dim, got.data_dim), (0, 2)); // a model reports its own d
    assert_eq!((model.dim(), model.latent_dim(), model.beta(), model.training_size()), (2, 2, 2.5, GN));
    assert_eq!(model.basis().size(), 9);
}

/// A well-posed fit uses every basis function: its rank is the basis size (correlated Gaussian
/// data, degree 3, K = 9; the three-mode mixture, degree 4, K = 14; a graph basis in 3-D).
#[test]
fn a_well_posed_fit_has_the_rank_of_its_basis_size() {
    let model = Model::fit(&Basis::total_degree(2, 3, 0).unwrap(), &correlated_sample(404), GN, 2, None).unwrap();
    assert_eq!((model.rank(), model.basis().size()), (9, 9));
    let mixture = common::mixture_model();
    assert_eq!(mixture.rank(), mixture.basis().size());
    assert_eq!(mixture.rank(), 14);
    let chain = Basis::graph(3, 3, &[[0, 1], [1, 2]]).unwrap();
    let model = Model::fit(&chain, &common::gaussian_data(500, 3, 21), 500, 3, None).unwrap();
    assert_eq!(model.rank(), chain.size());
    assert!(format!("{model:?}").contains("rank: "));
}

/// The borrowed basis lives as long as the model, not as long as the caller's basis, and serves as
/// the basis of another fit.
#[test]
fn model_basis_is_borrowed_and_outlives_the_original() {
    let rows = [0, 2, 1, 0, 1, 1];
    let x = correlated_sample(505);
    let basis = Basis::from_indices(2, &rows, 3, 2).unwrap();
    let model = fit_with(&basis, &x, GN, 1.0, Coordinates::Standardize, TimeMode::Galerkin);
    drop(basis);
    let mut got = [0; 6];
    model.basis().indices(&mut got, 2).unwrap();
    assert_eq!(got, rows);
    assert_eq!(model.basis().max_degree(), 2);
    let again = Model::fit(model.basis(), &x, GN, 2, None).unwrap();
    drop(model);
    again.basis().indices(&mut got, 2).unwrap();
    assert_eq!(got, rows);
}

/// The same data and options give the same model, bit for bit, and None options are the
/// defaults.
#[test]
fn none_options_are_the_defaults() {
    let basis = Basis::total_degree(2, 3, 0).unwrap();
    let x = correlated_sample(606);
    let with_none = Model::fit(&basis, &x, GN, 2, None).unwrap();
    let with_defaults = Model::fit(&basis, &x, GN, 2, Some(&mut FitOptions::default())).unwrap();
    assert_eq!(with_none.to_bytes().unwrap(), with_defaults.to_bytes().unwrap());
}

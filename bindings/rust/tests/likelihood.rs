//! Likelihood and reweighting: Model::log_likelihood and Model::sample_flow against the closed
//! form of a Gaussian model and against each other, reproducibility, the flow statistics, and
//! importance / importance_estimate against hand-computed answers; each error path.

mod common;

use std::ops::ControlFlow;

use common::{correlated_model, correlated_sample, expect_error, mixture_model, GN, NP, POINTS, SENTINEL};
use ofdm::{importance, importance_estimate, ErrorKind, Model, SampleOptions, TimeMode};

/// log N(x; m, C) with the mean m and covariance C (divisor n) of the GN × 2 data x.
fn data_gaussian_log_density(x: &[f64], point: &[f64]) -> f64 {
    let n = GN as f64;
    let m = [(0..GN).map(|i| x[2 * i]).sum::<f64>() / n, (0..GN).map(|i| x[2 * i + 1]).sum::<f64>() / n];
    let (mut a, mut b, mut c) = (0.0, 0.0, 0.0);
    for i in 0..GN {
        let (u, v) = (x[2 * i] - m[0], x[2 * i + 1] - m[1]);
        a += u * u / n;
        b += u * v / n;
        c += v * v / n;
    }
    let det = a * c - b * b;
    let (r0, r1) = (point[0] - m[0], point[1] - m[1]);
    let quadratic = (c * r0 * r0 - 2.0 * b * r0 * r1 + a * r1 * r1) / det;
    -0.5 * quadratic - (2.0 * std::f64::consts::PI).ln() - 0.5 * det.ln()
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// n flow samples and their log q.
fn flow(model: &Model, n: usize, options: Option<&mut SampleOptions<'_>>) -> (Vec<f64>, Vec<f64>) {
    let (mut out, mut log_q) = (vec![0.0; 2 * n], vec![0.0; n]);
    model.sample_flow(n, options, &mut out, 2, Some(&mut log_q)).expect("sample_flow");
    (out, log_q)
}

/// DESIGN §4: the degree-2 model of Gaussian data is the Gaussian of the data's mean and
/// covariance (divisor n), and the flow keeps it exactly Gaussian, 6 σ out included (the last two
/// points). Tolerance 1e-3 nats, the bound of DESIGN §4 ("Likelihood through the probability-flow
/// ODE"); what remains in the library is the integrator (tolerance 1e-6) and the O(e^{−2·8})
/// start from π, ≲ 1e-5 nats. A missing log|det W| is off by tenths of a nat; a wrong β or t_min
/// by more.
#[test]
fn log_likelihood_of_a_gaussian_model_is_the_data_gaussian() {
    let x = correlated_sample(101);
    let mut points = POINTS.to_vec();
    points.extend_from_slice(&[13.0, -3.0, 1.0, 0.0]);
    let count = points.len() / 2;
    for beta in [1.0, 2.5] {
        let model = correlated_model(101, beta, TimeMode::Galerkin);
        let mut got = vec![SENTINEL; count + 1];
        model.log_likelihood(&points, count, 2, None, &mut got).unwrap();
        assert_eq!(got[count], SENTINEL, "only n values are written");
        for p in 0..count {
            let want = data_gaussian_log_density(&x, &points[2 * p..2 * p + 2]);
            assert!((got[p] - want).abs() <= 1e-3, "β {beta}, point {p}: {} vs {want}", got[p]);
        }
    }
}

/// None options are the flow defaults, bit for bit; an option that is set is read (t_min = 0.5
/// is a different, wider density: lower at the mode).
#[test]
fn none_options_are_the_flow_defaults_and_options_are_read() {
    let model = correlated_model(101, 1.0, TimeMode::Galerkin);
    let (mut none, mut defaults, mut later) = ([0.0; NP], [0.0; NP], [0.0; NP]);
    model.log_likelihood(&POINTS, NP, 2, None, &mut none).unwrap();
    model.log_likelihood(&POINTS, NP, 2, Some(&mut SampleOptions::flow()), &mut defaults).unwrap();
    model.log_likelihood(&POINTS, NP, 2, Some(&mut SampleOptions::flow().t_min(0.5)), &mut later).unwrap();
    assert_eq!(bits(&none), bits(&defaults));
    assert!(later[0] < none[0] - 0.05, "t_min = 0.5 gives {} at the mode, t_min = 0 gives {}", later[0], none[0]);
    let (with_none, log_q_none) = flow(&model, 20, None);
    let (with_defaults, log_q_defaults) = flow(&model, 20, Some(&mut SampleOptions::flow()));
    assert_eq!((bits(&with_none), bits(&log_q_none)), (bits(&with_defaults), bits(&log_q_defaults)));
}

/// sample_flow's log q is log_likelihood at the returned points. The mixture model is far from
/// Gaussian (a non-linear, guarded flow). Both integrate with tolerance 1e-6, one from t_max down,
/// the other from the point up; 1e-4 nats is the round-trip bound of DESIGN §4 (stated there for
/// the mean gap; held here by every sample).
#[test]
fn sample_flow_log_q_is_the_log_likelihood_of_its_samples() {
    let model = mixture_model();
    let n = 200;
    let (samples, log_q) = flow(&model, n, Some(&mut SampleOptions::flow().seed(4)));
    assert!(samples.iter().chain(log_q.iter()).all(|v| v.is_finite()));
    let mut again = vec![0.0; n];
    model.log_likelihood(&samples, n, 2, None, &mut again).unwrap();
    for i in 0..n {
        assert!((again[i] - log_q[i]).abs() <= 1e-4, "sample {i}: {} vs {}", again[i], log_q[i]);
    }
}

/// Sample i depends only on (seed, i): 1 or 2 threads give the same bits, a run is a prefix of a
/// longer one, another seed gives other samples; log_q may be left out.
#[test]
fn same_seed_gives_bit_identical_flow_samples() {
    let model = mixture_model();
    let one = flow(&model, 150, Some(&mut SampleOptions::flow().seed(5).threads(1)));
    let two = flow(&model, 150, Some(&mut SampleOptions::flow().seed(5).threads(2)));
    assert_eq!((bits(&one.0), bits(&one.1)), (bits(&two.0), bits(&two.1)));
    let mut prefix = vec![0.0; 80];
    model.sample_flow(40, Some(&mut SampleOptions::flow().seed(5)), &mut prefix, 2, None).unwrap();
    assert_eq!(bits(&prefix), bits(&one.0[..80]));
    let other = flow(&model, 150, Some(&mut SampleOptions::flow().seed(6)));
    assert_ne!(bits(&other.0), bits(&one.0));
}

/// Steps start at and never exceed the grid spacing, so every trajectory takes at least `steps`
/// accepted steps; the sampler's own counters stay zero.
#[test]
fn flow_stats_count_the_adaptive_steps() {
    let model = mixture_model();
    let mut values = [0.0; NP];
    let points: Vec<f64> = POINTS.iter().map(|v| 0.3 * v).collect();
    let stats = model
        .log_likelihood_with_stats(&points, NP, 2, Some(&mut SampleOptions::flow().steps(16)), &mut values)
        .unwrap();
    assert!(16.0 <= stats.flow_mean_steps && stats.flow_mean_steps <= stats.flow_max_steps as f64, "{stats:?}");
    assert!(stats.flow_rejected_steps >= 0 && stats.corrector_proposals == 0);
    let mut out = [0.0; 20];
    let stats = model.sample_flow_with_stats(10, None, &mut out, 2, None).unwrap();
    assert!(64.0 <= stats.flow_mean_steps && stats.flow_max_steps >= 64, "{stats:?}");
    assert!(stats.guarded_samples <= 10);
}

/// log_target = log_q + 3: every ratio is e³, so w = 1/n, ESS = n, log Z = 3 with zero error.
/// Tolerances: sums of n rounded terms, ~n·ε relative.
#[test]
fn a_target_proportional_to_q_gives_uniform_weights() {
    let model = mixture_model();
    let n = 100;
    let (_, log_q) = flow(&model, n, Some(&mut SampleOptions::flow().seed(8)));
    let log_target: Vec<f64> = log_q.iter().map(|v| v + 3.0).collect();
    let mut weights = vec![SENTINEL; n];
    let summary = importance(&log_target, &log_q, Some(&mut weights)).unwrap();
    assert!(weights.iter().all(|w| (w - 0.01).abs() <= 1e-14), "{weights:?}");
    assert!((summary.effective_sample_size - n as f64).abs() <= 1e-10, "{summary:?}");
    assert!((summary.ess_per_sample - 1.0).abs() <= 1e-12);
    assert!((summary.log_z - 3.0).abs() <= 1e-12);
    assert!(summary.log_z_error.abs() <= 1e-6);
    assert!((summary.max_weight - 0.01).abs() <= 1e-14);
}

/// Ratios (1, 3, 0) (the last log_target is −∞): w = (1/4, 3/4, 0), ESS = 1/(1/16 + 9/16) = 1.6,
/// log Z = log(4/3), log Z's error sqrt((n Σw² − 1)/(n − 1)) = sqrt(7/16). Rounding only.
#[test]
fn hand_computed_weights_and_summary() {
    let log_target = [0.0, 3f64.ln() + 2.0, f64::NEG_INFINITY];
    let log_q = [0.0, 2.0, 5.0];
    let mut weights = [SENTINEL; 3];
    let s = importance(&log_target, &log_q, Some(&mut weights)).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-14 * b.abs().max(1.0);
    assert!(close(weights[0], 0.25) && close(weights[1], 0.75) && weights[2] == 0.0, "{weights:?}");
    assert!(close(s.effective_sample_size, 1.6) && close(s.ess_per_sample, 1.6 / 3.0), "{s:?}");
    assert!(close(s.log_z, (4.0f64 / 3.0).ln()) && close(s.log_z_error, (7.0f64 / 16.0).sqrt()), "{s:?}");
    assert!(close(s.max_weight, 0.75));
    let one = importance(&[1.5], &[0.5], None).unwrap();
    assert!(close(one.log_z, 1.0) && one.log_z_error.is_nan() && one.effective_sample_size == 1.0);
}

/// w = (1, 3), columns f = (2, 4), a constant 7 and −f, in a 2 × 3 array with ldv = 4 (the
/// padding is never read): mean (3.5, 7, −3.5), error sqrt(9/64 + 9/64) = 3/(4√2) for ±f, 0 for
/// the constant. Rounding only.
#[test]
fn hand_computed_estimates() {
    let values = [2.0, 7.0, -2.0, f64::NAN, 4.0, 7.0, -4.0];
    let (mut mean, mut error) = ([SENTINEL; 4], [SENTINEL; 3]);
    importance_estimate(&[1.0, 3.0], &values, 3, 4, &mut mean, Some(&mut error)).unwrap();
    let e = 3.0 / (4.0 * 2f64.sqrt());
    let want_mean = [3.5, 7.0, -3.5];
    let want_error = [e, 0.0, e];
    for j in 0..3 {
        assert!((mean[j] - want_mean[j]).abs() <= 1e-15 * 7.0, "{mean:?}");
        assert!((error[j] - want_error[j]).abs() <= 1e-15, "{error:?}");
    }
    assert_eq!(mean[3], SENTINEL, "only m means are written");
    let mut alone = [0.0];
    importance_estimate(&[1.0, 3.0], &[2.0, 4.0], 1, 1, &mut alone, None).unwrap();
    assert_eq!(alone[0], 3.5);
}

/// Each refusal as its own kind, naming the input; outputs untouched.
#[test]
fn errors_name_the_input_and_write_nothing() {
    let model = correlated_model(101, 1.0, TimeMode::Galerkin);
    let mut out = [SENTINEL; 2];
    let error = expect_error(
        model.log_likelihood(&[0.0, 0.0, 0.5, f64::NAN], 2, 2, None, &mut out),
        ErrorKind::NonfiniteInput,
        Some("row 1"),
    );
    assert!(error.message().starts_with("ofdm_model_log_likelihood") && error.message().contains("column 1"));
    assert_eq!(out, [SENTINEL; 2]);
    expect_error(
        model.log_likelihood(&[0.0, 0.0], 1, 2, Some(&mut SampleOptions::flow().tolerance(1.0)), &mut out),
        ErrorKind::InvalidArgument,
        Some("options.tolerance"),
    );
    expect_error(model.log_likelihood(&[0.0, 0.0], 1, 2, None, &mut []), ErrorKind::InvalidArgument, Some("out"));
    let mut samples = [SENTINEL; 4];
    expect_error(
        model.sample_flow(2, None, &mut samples, 2, Some(&mut [0.0])),
        ErrorKind::InvalidArgument,
        Some("log_q"),
    );
    let cancel = &mut SampleOptions::flow().progress(|_, _| ControlFlow::Break(()));
    expect_error(model.sample_flow(2, Some(cancel), &mut samples, 2, None), ErrorKind::Cancelled, None);
    assert_eq!(samples, [SENTINEL; 4]);

    let mut weights = [SENTINEL; 2];
    let error = expect_error(
        importance(&[0.0, f64::NAN], &[0.0, 0.0], Some(&mut weights)),
        ErrorKind::NonfiniteInput,
        Some("log_target[1]"),
    );
    assert!(error.message().starts_with("ofdm_importance"));
    assert_eq!(weights, [SENTINEL; 2]);
    expect_error(importance(&[0.0, 0.0], &[0.0, f64::INFINITY], None), ErrorKind::NonfiniteInput, Some("log_q[1]"));
    expect_error(importance(&[f64::NEG_INFINITY], &[0.0], None), ErrorKind::InvalidArgument, None);
    expect_error(importance(&[], &[], None), ErrorKind::InvalidArgument, Some("n"));
    expect_error(importance(&[0.0, 0.0], &[0.0], None), ErrorKind::InvalidArgument, Some("log_q"));
    let mut mean = [SENTINEL];
    expect_error(
        importance_estimate(&[1.0, -1.0], &[1.0, 2.0], 1, 1, &mut mean, None),
        ErrorKind::InvalidArgument,
        Some("weights[1]"),
    );
    expect_error(
        importance_estimate(&[1.0, 1.0], &[1.0, f64::NAN], 1, 1, &mut mean, None),
        ErrorKind::NonfiniteInput,
        Some("row 1"),
    );
    expect_error(
        importance_estimate(&[1.0, 1.0], &[1.0], 1, 1, &mut mean, None),
        ErrorKind::InvalidArgument,
        Some("values"),
    );
    assert_eq!(mean, [SENTINEL]);
}

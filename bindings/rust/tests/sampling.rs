//! Model::sample: the library's defaults, reproducibility (seed, thread count, prefixes,
//! padding), the run statistics, many threads on one model, and samples that follow the data.

mod common;

use common::{correlated_model, correlated_sample, draw, mixture_model, short_run, GN, SENTINEL};
use ofdm::{Corrector, Model, SampleOptions, Sampler, TimeGrid, TimeMode};

/// None options are the defaults: the same samples, bit for bit, as SampleOptions::new().
#[test]
fn none_options_mean_the_defaults() {
    let model = mixture_model();
    let with_defaults = draw(&model, 16, &mut SampleOptions::new(), 2);
    let mut with_none = vec![0.0; 32];
    model.sample(16, None, &mut with_none, 2).unwrap();
    assert_eq!(with_none, with_defaults);
}

/// "The same seed gives bit-identical output whatever options.threads is": 1 vs 2 threads (and
/// all cores), 300 samples so that the work is really split.
#[test]
fn same_seed_gives_bit_identical_samples_with_one_or_two_threads() {
    let model = mixture_model();
    let one = draw(&model, 300, &mut short_run(30, 2024, 1), 2);
    let two = draw(&model, 300, &mut short_run(30, 2024, 2), 2);
    let all = draw(&model, 300, &mut short_run(30, 2024, 0), 2);
    assert!(one.iter().all(|v| v.is_finite()));
    assert_eq!(bits(&two), bits(&one));
    assert_eq!(bits(&all), bits(&one));
}

/// Bit patterns, so that the comparison is exact (even for -0.0 and NaN).
fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// The SDE draws fresh noise for every sample, so a new seed changes every single row.
#[test]
fn a_different_seed_changes_every_sample() {
    let model = mixture_model();
    let a = draw(&model, 100, &mut short_run(30, 2024, 0), 2);
    let b = draw(&model, 100, &mut short_run(30, 2025, 0), 2);
    for i in 0..100 {
        assert_ne!(a[2 * i..2 * i + 2], b[2 * i..2 * i + 2], "row {i}");
    }
}

/// "A run of n samples is a prefix of a run of more", with different thread counts.
#[test]
fn a_run_is_a_prefix_of_a_longer_run() {
    let model = mixture_model();
    let longer = draw(&model, 300, &mut short_run(30, 77, 2), 2);
    let shorter = draw(&model, 100, &mut short_run(30, 77, 1), 2);
    let one = draw(&model, 1, &mut short_run(30, 77, 2), 2);
    assert_eq!(bits(&shorter), bits(&longer[..200]));
    assert_eq!(bits(&one), bits(&longer[..2]));
}

/// ldout = 5 > d = 2: the same bits as with ldout = 2, and columns 2..4 keep their sentinel.
#[test]
fn padding_columns_beyond_d_are_untouched() {
    let model = mixture_model();
    let dense = draw(&model, 70, &mut short_run(30, 5, 0), 2);
    let padded = draw(&model, 70, &mut short_run(30, 5, 0), 5);
    for i in 0..70 {
        assert_eq!(bits(&padded[5 * i..5 * i + 2]), bits(&dense[2 * i..2 * i + 2]));
        assert_eq!(padded[5 * i + 2..5 * i + 5], [SENTINEL; 3]);
    }
}

/// MALA makes one proposal per sample, step and corrector move: 100 × 20 × 3; the guard counts
/// are bounded by n × steps and n.
#[test]
fn mala_stats_count_every_proposal() {
    let model = mixture_model();
    let mut options = short_run(20, 3, 0).corrector(Corrector::Mala).corrector_steps(3);
    let mut out = vec![0.0; 200];
    let stats = model.sample_with_stats(100, Some(&mut options), &mut out, 2).unwrap();
    assert_eq!(stats.corrector_proposals, 100 * 20 * 3);
    assert!(stats.corrector_accepted > 0 && stats.corrector_accepted <= stats.corrector_proposals);
    assert!(stats.guarded_steps >= 0 && stats.guarded_steps <= 100 * 20);
    assert!(stats.guarded_samples >= 0 && stats.guarded_samples <= 100);
    assert!(stats.guarded_samples <= stats.guarded_steps);
    assert!(stats.coefficient_nodes >= 0);
    if stats.coefficient_nodes > 0 {
        assert!(stats.coefficient_error >= 0.0 && stats.coefficient_error <= 1e-9);
    } else {
        assert_eq!(stats.coefficient_error, 0.0);
    }

    let mut plain = short_run(20, 3, 0).corrector(Corrector::Langevin);
    let stats = model.sample_with_stats(100, Some(&mut plain), &mut out, 2).unwrap();
    assert_eq!((stats.corrector_proposals, stats.corrector_accepted), (0, 0));
    // Stats without options: the defaults, and no proposals.
    let stats = model.sample_with_stats(10, None, &mut out, 2).unwrap();
    assert_eq!(stats.corrector_proposals, 0);
}

/// Every sampler, grid and corrector gives finite samples (the tail guard's promise).
#[test]
fn every_sampler_grid_and_corrector_gives_finite_samples() {
    let model = mixture_model();
    for method in [Sampler::Sde, Sampler::OdeHeun, Sampler::OdeEuler] {
        for corrector in [Corrector::None, Corrector::Langevin, Corrector::Mala] {
            for (grid, t_min) in [(TimeGrid::Geometric, 1e-3), (TimeGrid::Uniform, 0.0)] {
                let mut options = short_run(20, 11, 0).method(method).corrector(corrector).grid(grid).t_min(t_min);
                let out = draw(&model, 32, &mut options, 2);
                assert!(out.iter().all(|v| v.is_finite()), "{method:?} {corrector:?} {grid:?}");
            }
        }
    }
}

/// A model is Sync: four threads sample from one model at once and each gets what a lone run gives.
#[test]
fn many_threads_may_sample_from_one_model_at_once() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Model>();
    let model = mixture_model();
    let alone: Vec<Vec<f64>> = (0..4).map(|k| draw(&model, 50, &mut short_run(20, 100 + k, 1), 2)).collect();
    let together: Vec<Vec<f64>> = std::thread::scope(|scope| {
        let model = &model;
        let handles: Vec<_> =
            (0..4).map(|k| scope.spawn(move || draw(model, 50, &mut short_run(20, 100 + k, 1), 2))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(together, alone);
}

/// The degree-2 model of Gaussian data has the exact Gaussian score at every t, so its samples
/// follow N(mean, cov) of the data, in data coordinates (mean ≈ (1, −3), std ≈ (2, 0.5)). Bounds
/// as in test_api_sampling.c: 5 standard errors of 2000 samples (std/sqrt(n) for a mean,
/// std/sqrt(2n) for a std) plus 1 % of a std for the integrator's bias (measured: 0.3 %).
#[test]
fn samples_of_a_gaussian_model_follow_the_data() {
    let n = 2000;
    let data = correlated_sample(101);
    let model = correlated_model(101, 1.0, TimeMode::Galerkin);
    let x = draw(&model, n, &mut short_run(400, 8, 0), 2);
    for j in 0..2 {
        let (want_mean, want_std) = mean_std(&data, GN, j);
        let (got_mean, got_std) = mean_std(&x, n, j);
        assert!((got_mean - want_mean).abs() <= want_std * (5.0 / (n as f64).sqrt() + 0.01));
        assert!((got_std - want_std).abs() <= want_std * (5.0 / (2.0 * n as f64).sqrt() + 0.01));
    }
}

fn mean_std(x: &[f64], n: usize, column: usize) -> (f64, f64) {
    let mean = (0..n).map(|i| x[2 * i + column]).sum::<f64>() / n as f64;
    let var = (0..n).map(|i| (x[2 * i + column] - mean).powi(2)).sum::<f64>() / n as f64;
    (mean, var.sqrt())
}

//! The coordinate maps that need the data's covariance: symmetric whitening, and PCA, where the
//! data dimension d exceeds the latent (basis) dimension r and every shape follows ofdm.h: fit,
//! samples and scores n × d, to_latent n × d → n × r, from_latent n × r → n × d.

mod common;

use common::{correlated_sample, expect_error, Rng, GN};
use ofdm::{Basis, Coordinates, ErrorKind, FitOptions, Model, SampleOptions};

const D: usize = 5;
const R: usize = 2;
const N: usize = 3000;
const MEAN: [f64; D] = [1.0, -2.0, 0.5, 3.0, -1.0];
const MIXING: [[f64; R]; D] = [[1.0, 0.3], [-0.5, 1.2], [0.8, -0.7], [0.2, 0.9], [-1.1, 0.4]];

/// x = m + A y + 0.02 ε in d = 5, y ~ N(0, I_2), ε ~ N(0, I_5): n rows near a 2-D subspace,
/// row-major n × 5.
fn near_plane_sample(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Rng(seed);
    let mut x = Vec::with_capacity(n * D);
    for _ in 0..n {
        let y = [rng.normal01(), rng.normal01()];
        for j in 0..D {
            x.push(MEAN[j] + MIXING[j][0] * y[0] + MIXING[j][1] * y[1] + 0.02 * rng.normal01());
        }
    }
    x
}

fn pca_model(x: &[f64], n: usize) -> Model {
    let basis = Basis::total_degree(R, 2, 0).unwrap();
    Model::fit(&basis, x, n, D, Some(&mut FitOptions::new().coordinates(Coordinates::Pca))).unwrap()
}

/// The mean and covariance (divisor n) of the n × k row-major z.
fn mean_and_covariance(z: &[f64], n: usize, k: usize) -> (Vec<f64>, Vec<f64>) {
    let mean: Vec<f64> = (0..k).map(|j| (0..n).map(|i| z[k * i + j]).sum::<f64>() / n as f64).collect();
    let mut covariance = vec![0.0; k * k];
    for i in 0..n {
        for a in 0..k {
            for b in 0..k {
                covariance[k * a + b] += (z[k * i + a] - mean[a]) * (z[k * i + b] - mean[b]) / n as f64;
            }
        }
    }
    (mean, covariance)
}

fn max_deviation_from_identity(covariance: &[f64], k: usize) -> f64 {
    let mut worst = 0.0f64;
    for a in 0..k {
        for b in 0..k {
            let want = if a == b { 1.0 } else { 0.0 };
            worst = worst.max((covariance[k * a + b] - want).abs());
        }
    }
    worst
}

#[test]
fn pca_model_has_data_dim_d_and_latent_dim_r() {
    let model = pca_model(&near_plane_sample(N, 11), N);
    assert_eq!((model.dim(), model.latent_dim(), model.basis().dim(), model.training_size()), (D, R, R, N));
    let options = model.options().unwrap();
    assert_eq!((options.coordinates, options.data_dim), (Coordinates::Pca, D as i64));
}

/// z = Λ_r^{-1/2} U_rᵀ (x − m) with Λ, U from this very data's covariance (divisor n), so the
/// latent mean is 0 and the covariance I up to rounding: ~1e-14 for values of size ~3 summed over
/// 3000 rows, and 1e-10 leaves room for the eigensolver's residual.
#[test]
fn pca_whitens_the_training_data_exactly() {
    let x = near_plane_sample(N, 11);
    let model = pca_model(&x, N);
    let mut z = vec![0.0; N * R];
    model.to_latent(&x, N, D, &mut z, R).unwrap();
    let (mean, covariance) = mean_and_covariance(&z, N, R);
    assert!(mean.iter().all(|m| m.abs() <= 1e-10), "mean {mean:?}");
    assert!(max_deviation_from_identity(&covariance, R) <= 1e-10, "covariance {covariance:?}");
}

/// Samples are decoded by x = m + W⁺ z, and W W⁺ = I, so from_latent(to_latent(x)) gives x back:
/// two rounded products with entries of size ~5, far below the 1e-10 tolerance. Samples, scores
/// and flow samples have d columns.
#[test]
fn pca_samples_lie_on_the_principal_subspace_and_outputs_have_d_columns() {
    let x = near_plane_sample(N, 11);
    let model = pca_model(&x, N);
    let m = 200;
    let mut samples = vec![0.0; m * D];
    model.sample(m, Some(&mut SampleOptions::new().steps(50).seed(3)), &mut samples, D).unwrap();
    assert!(samples.iter().all(|v| v.is_finite()));
    let (mut z, mut back) = (vec![0.0; m * R], vec![0.0; m * D]);
    model.to_latent(&samples, m, D, &mut z, R).unwrap();
    model.from_latent(&z, m, R, &mut back, D).unwrap();
    let worst = samples.iter().zip(&back).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!(worst <= 1e-10, "round trip moved a sample by {worst}");

    // In place: z lands in the first r columns of each row, and goes back over all d.
    let mut in_place = samples.clone();
    model.to_latent_in_place(&mut in_place, m, D).unwrap();
    for i in 0..m {
        assert_eq!(&in_place[D * i..D * i + R], &z[R * i..R * i + R]);
    }
    model.from_latent_in_place(&mut in_place, m, D).unwrap();
    assert_eq!(in_place, back);

    let mut score = vec![0.0; 10 * D];
    model.score(0.5, &x[..10 * D], 10, D, &mut score, D).unwrap();
    assert!(score.iter().all(|v| v.is_finite()));
    let (mut flow, mut log_q) = (vec![0.0; 20 * D], vec![0.0; 20]);
    model.sample_flow(20, None, &mut flow, D, Some(&mut log_q)).unwrap();
    assert!(flow.iter().chain(&log_q).all(|v| v.is_finite()));
}

/// With PCA and data_dim 0 the binding takes d from the packed rows (d = ldx); an explicit
/// data_dim gives the same model, and padded rows need it.
#[test]
fn pca_data_dim_defaults_to_the_packed_row_length() {
    let n = 500;
    let x = near_plane_sample(n, 12);
    let basis = Basis::total_degree(R, 2, 0).unwrap();
    let implied = pca_model(&x, n);
    let mut explicit_options = FitOptions::new().coordinates(Coordinates::Pca).data_dim(D as i64);
    let explicit = Model::fit(&basis, &x, n, D, Some(&mut explicit_options)).unwrap();
    assert_eq!(implied.to_bytes().unwrap(), explicit.to_bytes().unwrap());

    let mut padded = vec![f64::NAN; n * (D + 1)]; // NaN padding would be refused if read
    for i in 0..n {
        padded[(D + 1) * i..(D + 1) * i + D].copy_from_slice(&x[D * i..D * i + D]);
    }
    let from_padded = Model::fit(&basis, &padded, n, D + 1, Some(&mut explicit_options)).unwrap();
    assert_eq!(from_padded.to_bytes().unwrap(), explicit.to_bytes().unwrap());

    // Without PCA, d = r: data_dim 5 is the library's to refuse.
    let mut wrong = FitOptions::new().data_dim(D as i64);
    expect_error(Model::fit(&basis, &x, n, D, Some(&mut wrong)), ErrorKind::InvalidArgument, Some("data_dim"));
    // The binding checks the slice against d before the call.
    let short = Model::fit(&basis, &x[..D * 10 - 1], 10, D, Some(&mut explicit_options));
    assert_eq!(short.unwrap_err().kind(), ErrorKind::InvalidArgument);
}

/// The latent maps check z against r columns and x against d.
#[test]
fn pca_latent_maps_check_each_side_against_its_own_dimension() {
    let x = near_plane_sample(N, 11);
    let model = pca_model(&x, N);
    let mut z = vec![0.0; 4 * R];
    // A z of 4 × r with ldz = r is fine; ldz = d would need 3·5 + 2 elements.
    model.to_latent(&x[..4 * D], 4, D, &mut z, R).unwrap();
    assert_eq!(model.to_latent(&x[..4 * D], 4, D, &mut z, D).unwrap_err().kind(), ErrorKind::InvalidArgument);
    let mut out = vec![0.0; 4 * R];
    assert_eq!(model.from_latent(&z, 4, R, &mut out, R).unwrap_err().kind(), ErrorKind::InvalidArgument);
}

/// z = U Λ^{-1/2} Uᵀ (x − m) on the data it was fitted to: mean 0 and covariance I up to rounding
/// (1e-10, as for PCA); from_latent is its exact inverse (r = d), to 1e-12·(|x| + 4).
#[test]
fn whitening_gives_unit_covariance_and_inverts_exactly() {
    let x = correlated_sample(707);
    let basis = Basis::total_degree(2, 2, 0).unwrap();
    let model = Model::fit(&basis, &x, GN, 2, Some(&mut FitOptions::new().coordinates(Coordinates::Whiten))).unwrap();
    assert_eq!((model.dim(), model.latent_dim()), (2, 2));
    assert_eq!(model.options().unwrap().coordinates, Coordinates::Whiten);
    let (mut z, mut back) = (vec![0.0; 2 * GN], vec![0.0; 2 * GN]);
    model.to_latent(&x, GN, 2, &mut z, 2).unwrap();
    model.from_latent(&z, GN, 2, &mut back, 2).unwrap();
    let (mean, covariance) = mean_and_covariance(&z, GN, 2);
    assert!(mean.iter().all(|m| m.abs() <= 1e-10), "mean {mean:?}");
    assert!(max_deviation_from_identity(&covariance, 2) <= 1e-10, "covariance {covariance:?}");
    for (a, b) in x.iter().zip(&back) {
        assert!((a - b).abs() <= 1e-12 * (a.abs() + 4.0));
    }
}

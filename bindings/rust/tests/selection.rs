//! Model selection without sampling: fit_select chooses the basis and ridge on held-out rows, and
//! validation_loss scores any model on held-out data (ofdm.h, "Model selection without sampling").

mod common;

use common::{expect_error, mixture_sample, Rng};
use ofdm::{Basis, Coordinates, ErrorKind, FitOptions, Model, SelectOptions};

/// The report describes the chosen model, and on a fresh sample of the same mixture the chosen
/// model's held-out loss is no worse than the Gaussian (degree-2) fit's: three modes are far from
/// Gaussian, and 1e-9 allows for rounding only.
#[test]
fn fit_select_chooses_a_model_that_beats_a_gaussian_fit_on_fresh_data() {
    let n = 4000;
    let x = mixture_sample(n, 41);
    let (model, report) = Model::fit_select(&x, n, 2, 2, None, Some(&SelectOptions::new().max_degree(6))).unwrap();
    assert!((2..=6).contains(&report.degree), "{report:?}");
    assert_eq!(report.basis_size, model.basis().size() as i64);
    assert_eq!(model.basis().max_degree(), report.degree);
    assert!((0..=2).contains(&report.interaction));
    assert!([0.0, 1e-8, 1e-6, 1e-4, 1e-2].contains(&report.ridge));
    assert!(report.candidates > 0 && (0..report.candidates).contains(&report.failed));
    assert!(report.validation_loss.is_finite());
    assert_eq!((model.dim(), model.training_size()), (2, n)); // refitted on all rows

    let fresh = mixture_sample(n, 42);
    let chosen = model.validation_loss(&fresh, n, 2).unwrap();
    let gaussian = Model::fit(&Basis::total_degree(2, 2, 0).unwrap(), &x, n, 2, None).unwrap();
    let baseline = gaussian.validation_loss(&fresh, n, 2).unwrap();
    assert!(chosen.is_finite() && baseline.is_finite());
    assert!(chosen <= baseline + 1e-9, "chosen {chosen} vs Gaussian {baseline}");
}

#[test]
fn select_options_are_the_documented_defaults() {
    let options = SelectOptions::new();
    assert_eq!((options.max_degree, options.max_interaction, options.validation_fraction), (8, 2, 0.2));
    assert_eq!((options.seed, options.max_basis_size, options.latent_dim), (0, 4000, 0));
    assert_eq!(SelectOptions::default(), options);
}

/// The same data and seed give the same choice and the same model, bit for bit; the bounds hold;
/// a progress callback is called (after each basis's moment pass and each candidate).
#[test]
fn fit_select_is_reproducible_and_honours_its_bounds() {
    let n = 1500;
    let x = mixture_sample(n, 43);
    let options = SelectOptions::new().max_degree(3).max_interaction(1).seed(5);
    let mut calls = 0;
    let mut fit_options = FitOptions::new().progress(|_, _| {
        calls += 1;
        std::ops::ControlFlow::Continue(())
    });
    let (first, report) = Model::fit_select(&x, n, 2, 2, Some(&mut fit_options), Some(&options)).unwrap();
    drop(fit_options);
    let (again, same) = Model::fit_select(&x, n, 2, 2, None, Some(&options)).unwrap();
    assert_eq!(report, same);
    assert_eq!(first.to_bytes().unwrap(), again.to_bytes().unwrap());
    assert!(report.degree <= 3 && (0..=1).contains(&report.interaction));
    assert!(calls > 0);
}

/// With PCA, the candidate bases have latent_dim r < d.
#[test]
fn fit_select_with_pca_selects_in_the_latent_dimension() {
    let n = 2000;
    let y = mixture_sample(n, 45);
    let mut rng = Rng(44);
    const MIXING: [[f64; 2]; 4] = [[1.0, 0.3], [-0.5, 1.2], [0.8, -0.7], [0.2, 0.9]];
    let mut x = Vec::with_capacity(4 * n);
    for i in 0..n {
        for row in MIXING.iter() {
            x.push(row[0] * y[2 * i] + row[1] * y[2 * i + 1] + 0.02 * rng.normal01());
        }
    }
    let mut pca = FitOptions::new().coordinates(Coordinates::Pca);
    let options = SelectOptions::new().max_degree(4).latent_dim(2);
    let (model, report) = Model::fit_select(&x, n, 4, 4, Some(&mut pca), Some(&options)).unwrap();
    assert_eq!((model.dim(), model.latent_dim(), model.basis().dim()), (4, 2, 2));
    assert_eq!(report.basis_size, model.basis().size() as i64);
}

#[test]
fn bad_input_is_refused_with_its_kind_and_message() {
    let n = 200;
    let x = mixture_sample(n, 46);
    let zero = SelectOptions::new().max_degree(0);
    expect_error(Model::fit_select(&x, n, 2, 2, None, Some(&zero)), ErrorKind::InvalidArgument, Some("max_degree"));
    let all_held_out = SelectOptions::new().validation_fraction(1.0);
    expect_error(
        Model::fit_select(&x, n, 2, 2, None, Some(&all_held_out)),
        ErrorKind::InvalidArgument,
        Some("validation_fraction"),
    );
    // The binding's own check: the slice must hold n rows of d.
    let short = Model::fit_select(&x[..2 * n - 1], n, 2, 2, None, None);
    assert_eq!(short.unwrap_err().kind(), ErrorKind::InvalidArgument);

    let model = Model::fit(&Basis::total_degree(2, 2, 0).unwrap(), &x, n, 2, None).unwrap();
    // Wrong column count: 10 rows of 3 columns passed as d = 2 with ldx = 1 < d.
    let three_columns = vec![0.0; 30];
    expect_error(model.validation_loss(&three_columns, 10, 1), ErrorKind::InvalidArgument, Some("ldx"));
    let mut nan = mixture_sample(10, 47);
    nan[9] = f64::NAN;
    expect_error(model.validation_loss(&nan, 10, 2), ErrorKind::NonfiniteInput, None);
}

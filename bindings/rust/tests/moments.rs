//! Streamed and distributed fits through `Moments`: a fit from chunks equals the in-memory fit,
//! shards merged or combined like MPI give the same model, an exported array imports back bit
//! for bit, and misuse is refused with the status's kind and changes nothing (the same data and
//! tolerances as tests/capi/test_api_moments.c).

mod common;

use common::{expect_error, fit_with, mixture_sample};
use ofdm::{Basis, Coordinates, ErrorKind, FitOptions, Model, Moments, TimeMode};

const N: usize = 1200;

fn streamed(basis: &Basis, x: &[f64], chunk: usize, coordinates: Coordinates) -> Moments {
    let options = FitOptions::new().coordinates(coordinates);
    let mut moments = Moments::new(basis, Some(&options)).expect("create");
    let passes = if moments.in_statistics_pass() { 2 } else { 1 };
    for pass in 0..passes {
        for rows in x.chunks(2 * chunk) {
            moments.add(rows, rows.len() / 2, 2).expect("add");
        }
        assert_eq!(moments.count(), x.len() / 2);
        if pass + 1 < passes {
            moments.begin_moments().expect("begin_moments");
            assert_eq!(moments.count(), 0);
        }
    }
    moments
}

/// max over t of ‖α_a(t) − α_b(t)‖ / ‖α_b(t)‖.
fn relative_difference(a: &Model, b: &Model) -> f64 {
    let k = a.basis().size();
    let (mut alpha, mut beta) = (vec![0.0; k], vec![0.0; k]);
    let mut worst: f64 = 0.0;
    for t in [0.0, 0.3, 2.0] {
        a.coefficients(t, &mut alpha).unwrap();
        b.coefficients(t, &mut beta).unwrap();
        let diff: f64 = alpha.iter().zip(&beta).map(|(p, q)| (p - q) * (p - q)).sum();
        let norm: f64 = beta.iter().map(|q| q * q).sum();
        worst = worst.max((diff / norm).sqrt());
    }
    worst
}

// 1e-13: the streamed standardization and sums agree with the in-memory ones to a few ulps, and
// the 14 × 14 systems are well conditioned (measured: ~2e-14).
#[test]
fn streamed_fit_in_any_chunks_equals_the_in_memory_fit() {
    let x = mixture_sample(N, 41);
    let basis = Basis::total_degree(2, 4, 0).unwrap();
    for coordinates in [Coordinates::Standardize, Coordinates::None] {
        let direct = fit_with(&basis, &x, N, 1.0, coordinates, TimeMode::Galerkin);
        for chunk in [1, 7, 1000] {
            let model = streamed(&basis, &x, chunk, coordinates).fit(None).unwrap();
            assert_eq!(model.training_size(), N);
            let difference = relative_difference(&model, &direct);
            assert!(difference <= 1e-13, "{coordinates:?}, chunks of {chunk}: {difference:e}");
        }
    }
}

#[test]
fn shards_merged_or_combined_like_mpi_give_the_whole_fit() {
    let x = mixture_sample(N, 43);
    let basis = Basis::total_degree(2, 4, 0).unwrap();
    let shards: Vec<&[f64]> = x.chunks(2 * N / 3).collect();
    let mut ranks: Vec<Moments> = shards.iter().map(|_| Moments::new(&basis, None).unwrap()).collect();
    for (moments, shard) in ranks.iter_mut().zip(&shards) {
        moments.add(shard, shard.len() / 2, 2).unwrap();
    }
    // MPI_Allgather of the statistics, then an ordered merge on every rank.
    let gathered: Vec<Vec<f64>> = ranks.iter().map(|m| m.export().unwrap()).collect();
    for moments in ranks.iter_mut() {
        moments.import(&gathered[0]).unwrap();
        for array in &gathered[1..] {
            moments.merge(&Moments::from_array(&basis, None, None, array).unwrap()).unwrap();
        }
        moments.begin_moments().unwrap();
    }
    for (moments, shard) in ranks.iter_mut().zip(&shards) {
        moments.add(shard, shard.len() / 2, 2).unwrap();
    }
    // MPI_Allreduce: SUM over [0, M + 1), MIN over the rest.
    let arrays: Vec<Vec<f64>> = ranks.iter().map(|m| m.export().unwrap()).collect();
    let m = arrays[0].len() - 4 - 2 * 2;
    let mut reduced = arrays[0].clone();
    for array in &arrays[1..] {
        for i in 0..reduced.len() {
            reduced[i] = if i <= m { reduced[i] + array[i] } else { reduced[i].min(array[i]) };
        }
    }
    let (first, rest) = ranks.split_at_mut(1);
    first[0].merge(&rest[0]).unwrap();
    first[0].merge(&rest[1]).unwrap();
    assert_eq!(first[0].export().unwrap(), reduced); // the same additions in the same order
    rest[0].import(&reduced).unwrap();
    let direct = fit_with(&basis, &x, N, 1.0, Coordinates::Standardize, TimeMode::Galerkin);
    assert!(relative_difference(&rest[0].fit(None).unwrap(), &direct) <= 1e-12);
}

#[test]
fn export_import_round_trips_bit_for_bit() {
    let x = mixture_sample(N, 44);
    let basis = Basis::total_degree(2, 4, 0).unwrap();
    let mut source = Moments::new(&basis, None).unwrap();
    source.add(&x, N, 2).unwrap();
    let statistics = source.export().unwrap();
    assert_eq!(statistics.len(), 4 + 2 * 2);
    let copy = Moments::from_array(&basis, None, None, &statistics).unwrap();
    assert_eq!(copy.count(), N);
    assert_eq!(
        copy.export().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        statistics.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    source.begin_moments().unwrap();
    source.add(&x, N, 2).unwrap();
    let array = source.export().unwrap();
    let copy = Moments::from_array(&basis, None, Some(&statistics), &array).unwrap();
    assert_eq!(
        copy.export().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        array.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    let (mut a, mut b) = (vec![0.0; 14], vec![0.0; 14]);
    copy.fit(None).unwrap().coefficients(0.5, &mut a).unwrap();
    source.fit(None).unwrap().coefficients(0.5, &mut b).unwrap();
    assert_eq!(a, b);
}

#[test]
fn misuse_is_refused_and_changes_nothing() {
    let x = mixture_sample(200, 45);
    let basis = Basis::total_degree(2, 4, 0).unwrap();
    let mut moments = Moments::new(&basis, None).unwrap();
    let mut other = Moments::new(&basis, Some(&FitOptions::new().beta(2.0))).unwrap();
    moments.add(&x, 200, 2).unwrap();
    other.add(&x, 200, 2).unwrap();
    let before = moments.export().unwrap();
    expect_error(moments.fit(None), ErrorKind::InvalidArgument, Some("statistics"));
    let mut bad = x.clone();
    bad[17 * 2 + 1] = f64::NAN;
    expect_error(moments.add(&bad, 200, 2), ErrorKind::NonfiniteInput, Some("row 17"));
    expect_error(moments.merge(&other), ErrorKind::InvalidArgument, Some("beta"));
    expect_error(moments.import(&other.export().unwrap()), ErrorKind::InvalidArgument, Some("fingerprint"));
    expect_error(moments.import(&before[1..]), ErrorKind::InvalidArgument, Some("length"));
    expect_error(moments.add(&x[..3], 2, 2), ErrorKind::InvalidArgument, Some("x"));
    assert_eq!(moments.export().unwrap(), before);
    moments.begin_moments().unwrap();
    expect_error(moments.begin_moments(), ErrorKind::InvalidArgument, Some("pass"));
    expect_error(moments.import(&before), ErrorKind::InvalidArgument, Some("statistics"));
    expect_error(moments.fit(Some(&FitOptions::new().beta(3.0))), ErrorKind::InvalidArgument, Some("beta"));
}

//! The three kinds of basis and the documented order and content of their multi-indices
//! (ofdm.h, "Basis"); exact integer answers.

mod common;

use ofdm::{Basis, BasisRef};

/// All multi-indices of a basis as a dense K × d array.
fn indices_of(basis: &BasisRef) -> Vec<i32> {
    let mut out = vec![0; basis.size() * basis.dim()];
    basis.indices(&mut out, basis.dim()).expect("indices");
    out
}

/// "Ordered by total degree, then lexicographically (coordinate 0 first)"; counts
/// C(d+p, p) − 1 = 55 for d = 5, p = 3, and 5·3 + C(5,2)·C(3,2) = 45 with at most 2 coordinates.
#[test]
fn total_degree_basis_has_the_documented_order_and_counts() {
    let full = Basis::total_degree(3, 2, 0).unwrap();
    assert_eq!((full.size(), full.dim(), full.max_degree()), (9, 3, 2));
    #[rustfmt::skip]
    let expected = [1, 0, 0,  0, 1, 0,  0, 0, 1,  2, 0, 0,  1, 1, 0,  1, 0, 1,  0, 2, 0,  0, 1, 1,  0, 0, 2];
    assert_eq!(indices_of(&full), expected);

    let single = Basis::total_degree(3, 2, 1).unwrap(); // no products
    assert_eq!(indices_of(&single), [1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0, 0, 2, 0, 0, 0, 2]);

    assert_eq!(Basis::total_degree(5, 3, 0).unwrap().size(), 55);
    assert_eq!(Basis::total_degree(5, 3, 2).unwrap().size(), 45);
    assert_eq!(Basis::total_degree(1, ofdm::MAX_DEGREE, 0).unwrap().max_degree(), ofdm::MAX_DEGREE);
}

/// Chain d = 16, p = 4: 16·4 univariate terms (term k is (k % 4 + 1) e_{k / 4}), then per edge the
/// 6 pairs a e_i + b e_j with a, b >= 1, a + b <= 4: K = 64 + 15·6 = 154. Repeated and reversed
/// edges count once.
#[test]
fn graph_basis_has_the_documented_terms() {
    let mut edges: Vec<[i64; 2]> = (0..15).map(|e| [e, e + 1]).collect();
    let basis = Basis::graph(16, 4, &edges).unwrap();
    assert_eq!((basis.size(), basis.max_degree()), (154, 4));
    let got = indices_of(&basis);
    for k in 0..64 {
        for j in 0..16 {
            assert_eq!(got[k * 16 + j], if j == k / 4 { (k % 4 + 1) as i32 } else { 0 });
        }
    }
    for e in 0..15 {
        let mut pairs: Vec<(i32, i32)> = Vec::new();
        for k in 64 + 6 * e..64 + 6 * (e + 1) {
            let row = &got[k * 16..(k + 1) * 16];
            assert!(row.iter().enumerate().all(|(j, &v)| j == e || j == e + 1 || v == 0));
            pairs.push((row[e], row[e + 1]));
        }
        pairs.sort_unstable();
        assert_eq!(pairs, [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1)]);
    }
    edges.push([1, 0]);
    edges.push([0, 1]);
    assert_eq!(Basis::graph(16, 4, &edges).unwrap().size(), 154);
    assert_eq!(Basis::graph(3, 2, &[]).unwrap().size(), 6); // no edges: univariate terms only
}

/// Rows in a deliberately unsorted order with ld = 4 > d = 3; the padding holds -5, which would be
/// refused if it were read. indices() with ldout = 5 leaves its padding alone.
#[test]
fn index_basis_keeps_the_given_order_and_padding_is_never_touched() {
    let rows = [0, 2, 0, -5, 1, 0, 0, -5, 1, 1, 1, -5, 0, 0, 3, -5];
    let dense = [0, 2, 0, 1, 0, 0, 1, 1, 1, 0, 0, 3];
    let basis = Basis::from_indices(3, &rows, 4, 4).unwrap();
    assert_eq!((basis.size(), basis.max_degree()), (4, 3));
    assert_eq!(indices_of(&basis), dense);
    let mut padded = [777; 4 * 5];
    basis.indices(&mut padded, 5).unwrap();
    for k in 0..4 {
        for j in 0..5 {
            assert_eq!(padded[k * 5 + j], if j < 3 { dense[k * 3 + j] } else { 777 });
        }
    }
}

/// A Basis is a shareable, thread-safe handle; its Debug output shows its shape.
#[test]
fn a_basis_is_send_sync_and_debuggable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Basis>();
    assert_send_sync::<&BasisRef>();
    let basis = Basis::total_degree(2, 3, 0).unwrap();
    let sizes = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4).map(|_| scope.spawn(|| basis.size())).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect::<Vec<_>>()
    });
    assert_eq!(sizes, [9, 9, 9, 9]);
    assert_eq!(format!("{basis:?}"), "Basis { dim: 2, size: 9, max_degree: 3 }");
}

"""The three kinds of basis and their documented multi-indices (ofdm.h, "Basis"); exact
integer comparisons."""
from math import comb

import numpy as np

import ofdm


def test_total_degree_basis_has_the_documented_order():
    # By total degree, then lexicographically with the larger power on coordinate 0 first.
    full = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [2, 0, 0], [1, 1, 0], [1, 0, 1], [0, 2, 0], [0, 1, 1], [0, 0, 2]]
    with ofdm.Basis.total_degree(3, 2) as basis:
        assert basis.indices.tolist() == full
        assert basis.indices.dtype == np.int32
        assert (basis.size, len(basis), basis.dim, basis.max_degree) == (9, 9, 3, 2)
    with ofdm.Basis.total_degree(3, 2, max_interaction=1) as basis:  # no products
        assert basis.indices.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1], [2, 0, 0], [0, 2, 0], [0, 0, 2]]


def test_total_degree_counts():
    # C(d + p, p) − 1 functions; with q = 2 on d = 5, p = 3: 5·3 + C(5,2)·C(3,2) = 45.
    with ofdm.Basis.total_degree(5, 3) as basis:
        assert basis.size == comb(5 + 3, 3) - 1 == 55
    with ofdm.Basis.total_degree(5, 3, 2) as basis:
        assert basis.size == 45


def test_graph_basis_follows_its_edges():
    # Chain d = 16, p = 4: 64 univariate terms, then per edge the 6 pairs a e_i + b e_j with
    # a, b >= 1, a + b <= 4; repeated and reversed edges count once.
    edges = [(e, e + 1) for e in range(15)]
    with ofdm.Basis.graph(16, 4, edges) as basis:
        got = basis.indices
        assert basis.size == 64 + 15 * 6 and basis.max_degree == 4
    for k in range(64):
        expected = np.zeros(16, dtype=np.int32)
        expected[k // 4] = k % 4 + 1
        assert (got[k] == expected).all()
    for e in range(15):
        pairs = got[64 + 6 * e: 64 + 6 * (e + 1)]
        assert not pairs[:, [j for j in range(16) if j not in (e, e + 1)]].any()
        assert sorted(map(tuple, pairs[:, e:e + 2].tolist())) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1)]
    with ofdm.Basis.graph(16, 4, np.array(edges + [(1, 0), (0, 1)])) as again:
        assert (again.indices == got).all()


def test_graph_basis_without_edges_has_only_univariate_terms():
    for no_edges in ((), [], np.empty((0, 2), dtype=np.int64)):
        with ofdm.Basis.graph(3, 2, no_edges) as basis:
            assert basis.indices.tolist() == [[1, 0, 0], [2, 0, 0], [0, 1, 0], [0, 2, 0], [0, 0, 1], [0, 0, 2]]


def test_index_basis_keeps_the_given_order_and_reads_only_d_columns():
    dense = [[0, 2, 0], [1, 0, 0], [1, 1, 1], [0, 0, 3]]
    padded = np.full((4, 4), -5, dtype=np.int32)  # -5 would be refused if the padding were read
    padded[:, :3] = dense
    for rows in (dense, np.array(dense, dtype=np.int64), padded[:, :3]):
        with ofdm.Basis.from_indices(rows) as basis:
            assert basis.indices.tolist() == dense
            assert (basis.dim, basis.max_degree) == (3, 3)


def test_repr_names_the_sizes():
    basis = ofdm.Basis.total_degree(2, 3)
    assert repr(basis) == "<ofdm.Basis dim=2 size=9 max_degree=3>"
    basis.close()
    assert repr(basis) == "<ofdm.Basis (closed)>"

"""ofdm_basis: a sparse set of Hermite products, built by total degree, along a graph, or from
explicit multi-indices (ofdm.h, "Basis")."""
import ctypes

import numpy as np

from ._capi import lib
from ._convert import INT32, INT64, address, c_integer, rows_in
from ._handle import Handle
from .errors import check


def _created(create, *arguments):
    pointer = ctypes.c_void_p()
    check(create(*arguments, ctypes.byref(pointer)))
    return Basis(pointer.value, free=lib.ofdm_basis_free)


class Basis(Handle):
    """A basis handle. Build one with Basis.total_degree, Basis.graph or Basis.from_indices;
    Model.basis gives a model's own basis, borrowed from the model. Close it with close() or a
    `with` block, or let it be collected; a model fitted from it keeps its own copy."""

    @classmethod
    def total_degree(cls, dim, max_degree, max_interaction=0):
        """All multi-indices of total degree 1..max_degree with at most max_interaction non-zero
        entries (0: no limit), ordered by degree, then lexicographically with coordinate 0 first."""
        return _created(lib.ofdm_basis_create_total_degree, c_integer(dim, 64, "dim"),
                        c_integer(max_degree, 32, "max_degree"), c_integer(max_interaction, 32, "max_interaction"))

    @classmethod
    def graph(cls, dim, max_degree, edges=()):
        """Univariate terms up to max_degree on every coordinate, and pair terms a e_i + b e_j
        (a, b >= 1, a + b <= max_degree) for every edge (i, j) of an n_edges × 2 integer array."""
        edges, ld = rows_in(edges, INT64, "edges", columns=2)
        if ld != 2:  # the C API reads edges densely, without a leading dimension
            edges = np.ascontiguousarray(edges)
        return _created(lib.ofdm_basis_create_graph, c_integer(dim, 64, "dim"),
                        c_integer(max_degree, 32, "max_degree"), address(edges), edges.shape[0])

    @classmethod
    def from_indices(cls, indices):
        """A basis of the given count × d multi-indices (non-zero, distinct), in this order."""
        indices, ld = rows_in(indices, INT32, "indices")
        return _created(lib.ofdm_basis_create_from_indices, indices.shape[1], address(indices),
                        indices.shape[0], ld)

    @property
    def size(self):
        """Number of basis functions K."""
        return lib.ofdm_basis_size(self._live)

    @property
    def dim(self):
        """Dimension d."""
        return lib.ofdm_basis_dim(self._live)

    @property
    def max_degree(self):
        """Largest total degree |k| in the basis."""
        return lib.ofdm_basis_max_degree(self._live)

    @property
    def indices(self):
        """The multi-indices as a new K × d int32 array, in basis order."""
        out = np.empty((self.size, self.dim), dtype=INT32)
        check(lib.ofdm_basis_indices(self._live, address(out), out.shape[1]))
        return out

    def __len__(self):
        return self.size

    def __repr__(self):
        if self.closed:
            return "<ofdm.Basis (closed)>"
        return f"<ofdm.Basis dim={self.dim} size={self.size} max_degree={self.max_degree}>"

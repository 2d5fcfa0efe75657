# Basis: an owning (or borrowed) handle to a set of Hermite multi-indices.

"""
    Basis

A set of Hermite multi-indices (`ofdm_basis`). Made by [`total_degree_basis`](@ref),
[`graph_basis`](@ref) or [`basis_from_indices`](@ref), which own the handle: it is freed when the
object is garbage-collected, or at once by `Ofdm.free!` (never twice). `Ofdm.basis(model)`
returns a borrowed basis instead: it keeps its model alive and never frees the handle.
"""
mutable struct Basis
    handle::Ptr{Cvoid}
    owned::Bool
    model::Any # for a borrowed basis, the model that owns the handle; `nothing` when owned
end

function owned_basis(handle::Ptr{Cvoid})
    return finalizer(free!, Basis(handle, true, nothing))
end

# Passing a Basis to a ccall argument of type Ptr{Cvoid} passes its handle and keeps the object
# alive during the call.
Base.cconvert(::Type{Ptr{Cvoid}}, basis::Basis) = basis
Base.unsafe_convert(::Type{Ptr{Cvoid}}, basis::Basis) = basis.handle

"""
    free!(basis::Basis)

Releases an owned handle now (a borrowed one is only forgotten). Safe to call repeatedly; the
finalizer then has nothing left to do.
"""
function free!(basis::Basis)
    basis.owned && basis.handle != C_NULL && ofdm_basis_free(basis.handle)
    basis.handle = C_NULL
    basis.model = nothing
    return nothing
end

"""
    total_degree_basis(dim, max_degree; max_interaction = 0) -> Basis

All multi-indices of total degree 1..`max_degree` with at most `max_interaction` non-zero
entries (0: no limit), by total degree, then lexicographically.
"""
function total_degree_basis(dim::Integer, max_degree::Integer; max_interaction::Integer = 0)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    check_status(ofdm_basis_create_total_degree(Int64(dim), Int32(max_degree), Int32(max_interaction), out))
    return owned_basis(out[])
end

"""
    graph_basis(dim, max_degree, edges) -> Basis

Univariate terms on every coordinate, and pair terms along each column `(i, j)` of the
`2 × n_edges` integer matrix `edges` (0-based coordinates, as in the C API).
"""
function graph_basis(dim::Integer, max_degree::Integer, edges::AbstractMatrix{<:Integer})
    size(edges, 1) == 2 || throw(invalid_argument("edges must be a 2 × n_edges matrix, got $(size(edges))"))
    pairs = Matrix{Int64}(edges)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    check_status(ofdm_basis_create_graph(Int64(dim), Int32(max_degree), pairs, Int64(size(pairs, 2)), out))
    return owned_basis(out[])
end

"""
    basis_from_indices(indices) -> Basis

The multi-indices in the columns of the `d × K` integer matrix `indices`, kept in that order.
"""
function basis_from_indices(indices::AbstractMatrix{<:Integer})
    given = indices isa StridedMatrix{Int32} && stride(indices, 1) == 1 ? indices : Matrix{Int32}(indices)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    check_status(ofdm_basis_create_from_indices(Int64(size(given, 1)), given, Int64(size(given, 2)),
                                                leading_dimension(given), out))
    return owned_basis(out[])
end

"""
    length(basis) -> Int

The number of basis functions K.
"""
Base.length(basis::Basis) = Int(ofdm_basis_size(basis))

"""
    dim(basis) -> Int

The dimension d.
"""
dim(basis::Basis) = Int(ofdm_basis_dim(basis))

"""
    max_degree(basis) -> Int

The largest total degree in the basis.
"""
max_degree(basis::Basis) = Int(ofdm_basis_max_degree(basis))

"""
    indices(basis) -> Matrix{Int32}

The multi-indices as a `d × K` matrix, column k being multi-index k.
"""
function indices(basis::Basis)
    out = Matrix{Int32}(undef, dim(basis), length(basis))
    check_status(ofdm_basis_indices(basis, out, Int64(size(out, 1))))
    return out
end

function Base.show(io::IO, basis::Basis)
    if basis.handle == C_NULL
        print(io, "Basis(freed)")
    else
        print(io, "Basis(d = ", dim(basis), ", K = ", length(basis), ", max degree ", max_degree(basis),
              basis.owned ? "" : ", borrowed", ")")
    end
end

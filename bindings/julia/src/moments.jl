# Moments: an owning handle to a moments accumulator, for streamed, out-of-core and distributed
# fits (ofdm.h, "Moments").

"""
    Moments(basis; options...)
    Moments(basis, options::FitOptions)

An empty moments accumulator (`ofdm_moments`) for fitting `basis` with the given
[`FitOptions`](@ref) (keywords `beta`, `coordinates`, `time_mode`, `ridge`, `memory_limit`). With
standardized coordinates (the default) the stream has two passes over the same data:

    m = Moments(basis)
    for chunk in chunks; Ofdm.add!(m, chunk); end
    Ofdm.begin_moments!(m)
    for chunk in chunks; Ofdm.add!(m, chunk); end
    model = Ofdm.fit(m)

Shards combine with `merge!`, or through [`export_array`](@ref) / [`import_array!`](@ref) (MPI:
statistics by gathering and merging in rank order, moments by SUM over the first M + 1 entries
and MIN over the rest). It owns its handle, freed when garbage-collected or by `Ofdm.free!`.
Unlike a model it changes as data are added: use it from one task at a time.
"""
mutable struct Moments
    handle::Ptr{Cvoid}
    options::FitOptions # the creation options: the defaults of fit(moments; ...)
    dim::Int
end

Moments(basis::Basis; options...) = Moments(basis, FitOptions(; options...))

function Moments(basis::Basis, options::FitOptions)
    settings = copy_fields(options)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    check_status(ofdm_moments_create(basis, settings, out))
    return finalizer(free!, Moments(out[], settings, Int(dim(basis))))
end

Base.cconvert(::Type{Ptr{Cvoid}}, moments::Moments) = moments
Base.unsafe_convert(::Type{Ptr{Cvoid}}, moments::Moments) = moments.handle

"""
    free!(moments::Moments)

Releases the handle now. Safe to call repeatedly.
"""
function free!(moments::Moments)
    moments.handle != C_NULL && ofdm_moments_free(moments.handle)
    moments.handle = C_NULL
    return nothing
end

"""
    from_array(basis, values; statistics = nothing, options...) -> Moments

An accumulator holding an exported array. A moment-pass array of standardized coordinates
needs the statistics-pass array it followed (`statistics`), imported and ended first.
"""
function from_array(basis::Basis, values::AbstractVector{<:Real}; statistics = nothing, options...)
    moments = Moments(basis; options...)
    if statistics !== nothing
        import_array!(moments, statistics)
        begin_moments!(moments)
    end
    import_array!(moments, values)
    return moments
end

"""
    add!(moments, x) -> moments

Adds the samples in the columns of the `d × n` matrix `x` to the current pass.
"""
function add!(moments::Moments, x::AbstractMatrix{<:Real})
    points = as_points(x)
    require_rows(points, moments.dim, "x")
    check_status(ofdm_moments_add(moments, points, Int64(size(points, 2)), leading_dimension(points)))
    return moments
end

"""
    begin_moments!(moments) -> moments

Ends the statistics pass (fixes the coordinate map); add the same data again next.
"""
function begin_moments!(moments::Moments)
    check_status(ofdm_moments_begin_moments(moments))
    return moments
end

"""    in_statistics_pass(moments) -> Bool"""
in_statistics_pass(moments::Moments) = ofdm_moments_in_statistics_pass(moments) != 0

"""    sample_count(moments) -> Int64: the samples added in the current pass."""
sample_count(moments::Moments) = ofdm_moments_count(moments)

"""
    merge!(moments, other::Moments) -> moments

Adds the samples of `other` (same basis, options and pass).
"""
function Base.merge!(moments::Moments, other::Moments)
    check_status(ofdm_moments_merge(moments, other))
    return moments
end

"""
    export_array(moments) -> Vector{Float64}

The current pass's state as a flat array (layout: ofdm.h, "Moments").
"""
function export_array(moments::Moments)
    length = Ref{Int64}(0)
    check_status(ofdm_moments_export_length(moments, length))
    out = Vector{Float64}(undef, length[])
    check_status(ofdm_moments_export(moments, out))
    return out
end

"""
    import_array!(moments, values) -> moments

Replaces the current pass's state with an exported array; unchanged on failure.
"""
function import_array!(moments::Moments, values::AbstractVector{<:Real})
    array = as_values(values)
    check_status(ofdm_moments_import(moments, array, Int64(length(array))))
    return moments
end

"""
    fit(moments::Moments; options...) -> Model

The model of the moment pass's sums. Keywords override the accumulator's own options (only
`ridge`, `time_mode` and `memory_limit` may differ from them).
"""
function fit(moments::Moments; options...)
    settings = copy_fields(moments.options)
    for (name, value) in options
        setproperty!(settings, name, value)
    end
    out = Ref{Ptr{Cvoid}}(C_NULL)
    check_status(ofdm_fit_moments(moments, settings, out))
    return owned_model(out[])
end

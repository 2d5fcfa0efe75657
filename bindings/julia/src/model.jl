# Model: an owning handle to a fitted model, its scores, densities, coefficients and maps.

"""
    Model

A fitted model (`ofdm_model`), made by [`fit`](@ref), [`fit_select`](@ref), [`load`](@ref) or
[`load_buffer`](@ref).
It owns its handle, freed when the object is garbage-collected or at once by `Ofdm.free!`
(never twice). A model is immutable, so many tasks and threads may use one at once.
`copy(model)` is an independent model (through the serialized form, so bit-identical).
"""
mutable struct Model
    handle::Ptr{Cvoid}
end

function owned_model(handle::Ptr{Cvoid})
    return finalizer(free!, Model(handle))
end

Base.cconvert(::Type{Ptr{Cvoid}}, model::Model) = model
Base.unsafe_convert(::Type{Ptr{Cvoid}}, model::Model) = model.handle

"""
    free!(model::Model)

Releases the handle now. Safe to call repeatedly; the finalizer then has nothing left to do.
Borrowed bases of the model keep it alive, so they are never left dangling.
"""
function free!(model::Model)
    model.handle != C_NULL && ofdm_model_free(model.handle)
    model.handle = C_NULL
    return nothing
end

function copy_fields(options::T) where {T}
    return T((getfield(options, name) for name in fieldnames(T))...)
end

"""
    fit(basis, x; progress = nothing, options...) -> Model
    fit(basis, x, options::FitOptions; progress = nothing) -> Model

Fits a model to the samples in the columns of the `d × n` matrix `x`. Options are
[`FitOptions`](@ref) fields as keywords (`beta`, `coordinates`, `time_mode`, `ridge`,
`memory_limit`, `data_dim`) or a `FitOptions`. `x` has d = `dim(basis)` rows, except with
`coordinates = OFDM_COORDINATES_PCA`, where the basis dimension r is the number of principal
components kept and d ≥ r is `size(x, 1)` (an explicit `data_dim` must equal it).
`progress(done, total)` is called now and then; returning `true` cancels (`OfdmError` with
`OFDM_ERR_CANCELLED`).
"""
fit(basis::Basis, x::AbstractMatrix{<:Real}; progress = nothing, options...) =
    fit(basis, x, FitOptions(; options...); progress = progress)

function fit(basis::Basis, x::AbstractMatrix{<:Real}, options::FitOptions; progress = nothing)
    points = as_points(x)
    settings = copy_fields(options) # the caller's options are never modified
    if settings.coordinates == OFDM_COORDINATES_PCA && settings.data_dim == 0
        settings.data_dim = size(points, 1) # PCA: d is the data's, r <= d the basis's
    end
    require_rows(points, settings.data_dim > 0 ? settings.data_dim : dim(basis), "x")
    out = Ref{Ptr{Cvoid}}(C_NULL)
    status = with_progress(settings, progress) do
        ofdm_fit(basis, points, Int64(size(points, 2)), leading_dimension(points), settings, out)
    end
    check_status(status)
    return owned_model(out[])
end

"""
    score(model, t, x) -> Matrix{Float64}
    score!(out, model, t, x) -> out

The score ∇ log p_t at the points in the columns of `x` (`d × n`), in data coordinates; `t` may
be `Inf`. `out` is a `d × n` matrix (or a view with contiguous columns), written only on success.
"""
score(model::Model, t::Real, x::AbstractMatrix{<:Real}) =
    score!(Matrix{Float64}(undef, dim(model), size(x, 2)), model, t, x)

function score!(out::StridedMatrix{Float64}, model::Model, t::Real, x::AbstractMatrix{<:Real})
    points = as_points(x)
    d = dim(model)
    require_rows(points, d, "x")
    require_output(out, d, size(points, 2), "out")
    check_status(ofdm_model_score(model, Float64(t), points, Int64(size(points, 2)), leading_dimension(points),
                                  out, leading_dimension(out)))
    return out
end

"""
    log_density(model, t, x) -> Vector{Float64}
    log_density!(out, model, t, x) -> out

log p_t at the points in the columns of `x`, up to an additive constant that depends on `t` only
(exactly normalized at `t = Inf`).
"""
log_density(model::Model, t::Real, x::AbstractMatrix{<:Real}) =
    log_density!(Vector{Float64}(undef, size(x, 2)), model, t, x)

function log_density!(out::StridedVector{Float64}, model::Model, t::Real, x::AbstractMatrix{<:Real})
    points = as_points(x)
    require_rows(points, dim(model), "x")
    require_output(out, size(points, 2), "out")
    check_status(ofdm_model_log_density(model, Float64(t), points, Int64(size(points, 2)),
                                        leading_dimension(points), out))
    return out
end

"""
    coefficients(model, t) -> Vector{Float64}
    coefficients!(alpha, model, t) -> alpha

The coefficients α(t) of the basis functions, in basis order.
"""
coefficients(model::Model, t::Real) = coefficients!(Vector{Float64}(undef, length(basis(model))), model, t)

function coefficients!(alpha::StridedVector{Float64}, model::Model, t::Real)
    require_output(alpha, length(basis(model)), "alpha")
    check_status(ofdm_model_coefficients(model, Float64(t), alpha))
    return alpha
end

"""
    to_latent(model, x) -> Matrix{Float64}
    to_latent!(z, model, x) -> z

The latent coordinates z = W (x − m) of the points in the columns of `x` (`d × n`): an `r × n`
matrix, r = [`latent_dim`](@ref)`(model)`.
"""
to_latent(model::Model, x::AbstractMatrix{<:Real}) =
    to_latent!(Matrix{Float64}(undef, latent_dim(model), size(x, 2)), model, x)

function to_latent!(z::StridedMatrix{Float64}, model::Model, x::AbstractMatrix{<:Real})
    points = as_points(x)
    require_rows(points, dim(model), "x")
    require_output(z, latent_dim(model), size(points, 2), "z"; dimension = "r")
    check_status(ofdm_model_to_latent(model, points, Int64(size(points, 2)), leading_dimension(points),
                                      z, leading_dimension(z)))
    return z
end

"""
    from_latent(model, z) -> Matrix{Float64}
    from_latent!(x, model, z) -> x

The data coordinates x = m + W⁺ z (`d × n`) of the latent points in the columns of `z`
(`r × n`); W⁺ = W⁻¹ except for PCA, where x lands on the principal subspace.
"""
from_latent(model::Model, z::AbstractMatrix{<:Real}) =
    from_latent!(Matrix{Float64}(undef, dim(model), size(z, 2)), model, z)

function from_latent!(x::StridedMatrix{Float64}, model::Model, z::AbstractMatrix{<:Real})
    latent = as_points(z)
    require_rows(latent, latent_dim(model), "z"; dimension = "r")
    require_output(x, dim(model), size(latent, 2), "x")
    check_status(ofdm_model_from_latent(model, latent, Int64(size(latent, 2)), leading_dimension(latent),
                                        x, leading_dimension(x)))
    return x
end

"""
    basis(model) -> Basis

The model's basis, borrowed: it keeps the model alive and is never freed by Julia.
"""
function basis(model::Model)
    handle = ofdm_model_basis(model)
    handle == C_NULL && throw(OfdmError(OFDM_ERR_NULL_ARGUMENT, unsafe_string(ofdm_status_string(OFDM_ERR_NULL_ARGUMENT)),
                                        "Ofdm.basis: the model has been freed"))
    return Basis(handle, false, model)
end

"""
    dim(model) -> Int

The dimension d of the data (the rows of `x` in every call).
"""
dim(model::Model) = Int(ofdm_model_dim(model))

"""
    latent_dim(model) -> Int

The dimension r of the latent coordinates, the basis dimension: d except for
`OFDM_COORDINATES_PCA`.
"""
latent_dim(model::Model) = Int(ofdm_model_latent_dim(model))

"""
    rank(model) -> Int

The number of basis functions the model uses: the numerical rank of its Galerkin system at
t = 0. Equal to `length(basis(model))` for a well-posed fit; smaller when some basis functions
are, on the data, combinations of the others (data on a curve, too few samples, an outlier that
dominates the high degrees); their coefficients are then 0 at every t. Not exported (call it as
`Ofdm.rank`, which does not clash with `LinearAlgebra.rank`).
"""
rank(model::Model) = Int(ofdm_model_rank(model))

"""
    beta(model) -> Float64

The inverse temperature β.
"""
beta(model::Model) = ofdm_model_beta(model)

"""
    training_size(model) -> Int

The number of samples the model was fitted on.
"""
training_size(model::Model) = Int(ofdm_model_training_size(model))

"""
    fit_options(model) -> FitOptions

The options the model was fitted with.
"""
function fit_options(model::Model)
    options = FitOptions()
    check_status(ofdm_model_options(model, options))
    return options
end

Base.copy(model::Model) = load_buffer(save_buffer(model))

function Base.show(io::IO, model::Model)
    if model.handle == C_NULL
        print(io, "Model(freed)")
    else
        print(io, "Model(d = ", dim(model), ", K = ", length(basis(model)), ", rank = ", rank(model),
              ", β = ", beta(model), ", n = ", training_size(model), ")")
    end
end

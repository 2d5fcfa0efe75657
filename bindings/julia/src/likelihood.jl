# Likelihood and reweighting: the probability-flow ODE as a normalizing flow (exact model
# log-densities of points and of its own samples), and self-normalized importance weights of
# those samples for an unnormalized target.

# Runs `call(settings)` (an ofdm status) on a copy of `options` with `stats` and `progress`
# attached, as `sample!` does, and throws on failure.
function run_flow(call, options::SampleOptions, progress, stats::Union{Nothing,SampleStats})
    settings = copy_fields(options) # the caller's options are never modified
    if stats !== nothing
        check_status(ofdm_sample_stats_init(stats))
        settings.stats = Ptr{SampleStats}(pointer_from_objref(stats))
    end
    status = GC.@preserve stats with_progress(() -> call(settings), settings, progress) # stats: written through a pointer
    check_status(status)
    return nothing
end

"""
    log_likelihood(model, x; progress = nothing, stats = nothing, options...) -> Vector{Float64}
    log_likelihood(model, x, options::SampleOptions; progress = nothing, stats = nothing)
    log_likelihood!(out, model, x, options = flow_options(); progress = nothing, stats = nothing) -> out

The normalized log-density log q(x) of the model at time `t_min` (0 by default) at the points in
the columns of `x` (`d × n`), carried exactly by the probability-flow ODE. Options are
[`flow_options`](@ref) fields as keywords (`t_min`, `t_max`, `steps`, `grid`, `tolerance`,
`guard`, `threads`) or a `SampleOptions` (start from `flow_options()`: `SampleOptions()` holds
the sampler's defaults). `stats` receives the `flow_*` statistics; `progress(done, total)`, in
trajectories, returning `true` cancels. NaN or ±Inf in `x` throws `OFDM_ERR_NONFINITE_INPUT`.
"""
log_likelihood(model::Model, x::AbstractMatrix{<:Real}; progress = nothing, stats = nothing, options...) =
    log_likelihood(model, x, flow_options(; options...); progress = progress, stats = stats)

log_likelihood(model::Model, x::AbstractMatrix{<:Real}, options::SampleOptions; progress = nothing, stats = nothing) =
    log_likelihood!(Vector{Float64}(undef, size(x, 2)), model, x, options; progress = progress, stats = stats)

function log_likelihood!(out::StridedVector{Float64}, model::Model, x::AbstractMatrix{<:Real},
                         options::SampleOptions = flow_options(); progress = nothing,
                         stats::Union{Nothing,SampleStats} = nothing)
    points = as_points(x)
    require_rows(points, dim(model), "x")
    require_output(out, size(points, 2), "out")
    run_flow(options, progress, stats) do settings
        ofdm_model_log_likelihood(model, points, Int64(size(points, 2)), leading_dimension(points), settings, out)
    end
    return out
end

"""
    sample_flow(model, n; progress = nothing, stats = nothing, options...) -> (samples, log_q)
    sample_flow(model, n, options::SampleOptions; progress = nothing, stats = nothing)
    sample_flow!(out, log_q, model, options = flow_options(); progress = nothing, stats = nothing) -> (out, log_q)

Draws `n` samples (`size(out, 2)` for `sample_flow!`) through the probability-flow ODE as the
columns of a `d × n` matrix, with `log_q`, each sample's exact model log-density (what
[`log_likelihood`](@ref) gives for it, up to the integrator's tolerance). Options as for
`log_likelihood`, plus `seed`: sample i depends only on (seed, i), whatever the thread count.
"""
sample_flow(model::Model, n::Integer; progress = nothing, stats = nothing, options...) =
    sample_flow(model, n, flow_options(; options...); progress = progress, stats = stats)

sample_flow(model::Model, n::Integer, options::SampleOptions; progress = nothing, stats = nothing) =
    sample_flow!(Matrix{Float64}(undef, dim(model), n), Vector{Float64}(undef, n), model, options;
                 progress = progress, stats = stats)

function sample_flow!(out::StridedMatrix{Float64}, log_q::StridedVector{Float64}, model::Model,
                      options::SampleOptions = flow_options(); progress = nothing,
                      stats::Union{Nothing,SampleStats} = nothing)
    n = size(out, 2)
    require_output(out, dim(model), n, "out")
    require_output(log_q, n, "log_q")
    run_flow(options, progress, stats) do settings
        ofdm_model_sample_flow(model, Int64(n), settings, out, leading_dimension(out), log_q)
    end
    return out, log_q
end

"""
    importance(log_target, log_q) -> (weights, summary::ImportanceSummary)

Self-normalized importance weights w_i ∝ exp(log_target_i − log_q_i) of n samples drawn from q
(e.g. by [`sample_flow`](@ref)) for an unnormalized target density, computed without overflow;
the weights sum to 1. `log_target_i = -Inf` is allowed (weight 0); NaN or +Inf there, or a
non-finite `log_q`, throws `OFDM_ERR_NONFINITE_INPUT`. The summary holds the effective sample
size, `log_z` (the target's log normalizer relative to q) with its standard error, and the
largest weight.
"""
function importance(log_target::AbstractVector{<:Real}, log_q::AbstractVector{<:Real})
    target, q = as_values(log_target), as_values(log_q)
    length(q) == length(target) ||
        throw(invalid_argument("log_q has $(length(q)) values but log_target $(length(target))"))
    weights = Vector{Float64}(undef, length(target))
    summary = ImportanceSummary()
    check_status(ofdm_importance(target, q, Int64(length(target)), weights, summary))
    return weights, summary
end

"""
    importance_estimate(weights, values::AbstractVector) -> (mean, standard_error)
    importance_estimate(weights, values::AbstractMatrix) -> (mean::Vector, standard_error::Vector)

Weighted means Σ_i w_i f_i / Σ_i w_i and their delta-method standard errors
sqrt(Σ_i w̄_i² (f_i − mean)²), w̄ = w / Σ w. `weights`: n non-negative finite values, not all
zero (not necessarily normalized). `values`: n values of one observable, or an `m × n` matrix
whose column i holds the m observables of sample i (the layout of a point set).
"""
function importance_estimate(weights::AbstractVector{<:Real}, values::AbstractVector{<:Real})
    mean, standard_error = importance_estimate(weights, reshape(Vector{Float64}(values), 1, :)) # a 1 × n copy
    return mean[1], standard_error[1]
end

function importance_estimate(weights::AbstractVector{<:Real}, values::AbstractMatrix{<:Real})
    w, f = as_values(weights), as_points(values)
    size(f, 2) == length(w) ||
        throw(invalid_argument("values has $(size(f, 2)) columns but there are $(length(w)) weights"))
    m = size(f, 1)
    mean, standard_error = Vector{Float64}(undef, m), Vector{Float64}(undef, m)
    check_status(ofdm_importance_estimate(w, Int64(length(w)), f, Int64(m), leading_dimension(f), mean, standard_error))
    return mean, standard_error
end

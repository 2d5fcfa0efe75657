# Sampling: new points from a model through the reverse process.

"""
    sample(model, n; progress = nothing, stats = nothing, options...) -> Matrix{Float64}
    sample(model, n, options::SampleOptions; progress = nothing, stats = nothing)
    sample!(out, model, options = SampleOptions(); progress = nothing, stats = nothing) -> out

Draws `n` samples (`size(out, 2)` for `sample!`) as the columns of a `d × n` matrix. Options are
[`SampleOptions`](@ref) fields as keywords (`seed`, `steps`, `method`, `threads`, …) or a
`SampleOptions`. Sample i depends only on (seed, i): the same seed gives the same bits whatever
the thread count. `stats`, a [`SampleStats`](@ref), receives the run's statistics;
`progress(done, total)` returning `true` cancels.
"""
sample(model::Model, n::Integer; progress = nothing, stats = nothing, options...) =
    sample(model, n, SampleOptions(; options...); progress = progress, stats = stats)

sample(model::Model, n::Integer, options::SampleOptions; progress = nothing, stats = nothing) =
    sample!(Matrix{Float64}(undef, dim(model), n), model, options; progress = progress, stats = stats)

function sample!(out::StridedMatrix{Float64}, model::Model, options::SampleOptions = SampleOptions();
                 progress = nothing, stats::Union{Nothing,SampleStats} = nothing)
    require_output(out, dim(model), size(out, 2), "out")
    settings = copy_fields(options) # the caller's options are never modified
    if stats !== nothing
        check_status(ofdm_sample_stats_init(stats))
        settings.stats = Ptr{SampleStats}(pointer_from_objref(stats))
    end
    draw() = ofdm_model_sample(model, Int64(size(out, 2)), settings, out, leading_dimension(out))
    status = GC.@preserve stats with_progress(draw, settings, progress) # stats is written through a pointer
    check_status(status)
    return out
end

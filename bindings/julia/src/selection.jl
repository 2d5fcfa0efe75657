# Model selection without sampling (ofdm.h, the section of that name): the basis and ridge chosen
# by the held-out score-matching loss, and that loss for any model on held-out points.

"""
    fit_select(x; progress = nothing, options...) -> (Model, SelectReport)
    fit_select(x, options::SelectOptions, fit_options::FitOptions = FitOptions(); progress = nothing)

Chooses a total-degree basis (degree and interaction limit) and the ridge for the samples in the
columns of `x` (`d × n`) by the held-out criterion, refits the choice on all of them, and returns
the model with a [`SelectReport`](@ref). Keywords are [`SelectOptions`](@ref) fields
(`max_degree`, `max_interaction`, `validation_fraction`, `seed`, `max_basis_size`, `latent_dim`)
and [`FitOptions`](@ref) fields (`beta`, `coordinates`, `time_mode`, `memory_limit`), which
apply to every candidate; the ridge is chosen, not given. `progress(done, total)` is called per
candidate; returning `true` cancels.
"""
function fit_select(x::AbstractMatrix{<:Real}; progress = nothing, options...)
    selection_fields = fieldnames(SelectOptions)
    selection = SelectOptions(; (name => value for (name, value) in options if name in selection_fields)...)
    fitting = FitOptions(; (name => value for (name, value) in options if !(name in selection_fields))...)
    return fit_select(x, selection, fitting; progress = progress)
end

function fit_select(x::AbstractMatrix{<:Real}, options::SelectOptions, fit_options::FitOptions = FitOptions();
                    progress = nothing)
    points = as_points(x)
    settings = copy_fields(fit_options) # the caller's options are never modified
    report = SelectReport()
    out = Ref{Ptr{Cvoid}}(C_NULL)
    status = with_progress(settings, progress) do
        ofdm_fit_select(points, Int64(size(points, 2)), Int64(size(points, 1)), leading_dimension(points),
                        settings, options, out, report)
    end
    check_status(status)
    return owned_model(out[]), report
end

"""
    validation_loss(model, x) -> Float64

The held-out criterion of `model` on the points in the columns of `x` (`d × n`): smaller is
better, and it may be negative; losses of models with different bases on the same points compare
directly. Use points the model was not fitted on, or the loss is optimistic.
"""
function validation_loss(model::Model, x::AbstractMatrix{<:Real})
    points = as_points(x)
    require_rows(points, dim(model), "x")
    loss = Ref{Cdouble}(0.0)
    check_status(ofdm_model_validation_loss(model, points, Int64(size(points, 2)), leading_dimension(points), loss))
    return loss[]
end

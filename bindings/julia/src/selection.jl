# Model selection without sampling (ofdm.h, the section of that name): the basis and ridge chosen
# by the held-out score-matching loss, and that loss for any model on held-out points.

"""
    fit_select(x; progress = nothing, options...) -> (Model, SelectReport)
    fit_select(x, options::SelectOptions, fit_options::FitOptions = FitOptions(); progress = nothing)

Chooses a total-degree basis (degree and interaction limit) and the ridge for the samples in the
columns of `x` (`d × n`) by the held-out criterion, refits the choice on all of them, and returns
the model with a [`SelectReport`](@ref). Samples [`find_outliers`](@ref) flags are left out of
the choice and the refit, and counted in the report, unless `keep_outliers = 1`. Keywords are
[`SelectOptions`](@ref) fields (`max_degree`, `max_interaction`, `validation_fraction`, `seed`,
`max_basis_size`, `latent_dim`, `keep_outliers`)
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

"""
    find_outliers(x) -> (count, first_row, first_column, distance)

The samples in the columns of `x` (`d × n`) that lie more than 20 robust units from the median of
some coordinate, a unit being 1.4826 times that coordinate's median absolute deviation (its
standard deviation for Gaussian data, which are never that far out): the samples
[`fit_select`](@ref) leaves out, while [`fit`](@ref) uses every sample. `first_row` is the first
of them counted from 0, as the library counts (column `first_row + 1` of `x`; -1 when there is
none), `first_column` its coordinate farthest out (0-based, or -1), `distance` how far in robust
units (0.0 when there is none).
"""
function find_outliers(x::AbstractMatrix{<:Real})
    points = as_points(x)
    count, row, column, distance = Ref{Int64}(0), Ref{Int64}(-1), Ref{Int64}(-1), Ref{Cdouble}(0.0)
    check_status(ofdm_find_outliers(points, Int64(size(points, 2)), Int64(size(points, 1)),
                                    leading_dimension(points), count, row, column, distance))
    return (count = count[], first_row = row[], first_column = column[], distance = distance[])
end

# Adaptive basis (ofdm.h, the section of that name): the set of basis functions grown from the
# data by the held-out score-matching loss, the ridge chosen by it, the model fitted on all
# samples.

"""
    AdaptiveReport

What [`fit_adaptive`](@ref) chose (`ofdm_adaptive_report`): `basis_size` (K of the chosen set,
the model's basis size), `rounds` (rounds of growth kept), `stop` (why it stopped: one of
`Ofdm.OFDM_ADAPTIVE_CONVERGED`, `_BASIS_SIZE`, `_ROUNDS`, `_TIME`, `_MEMORY`), `ridge`,
`validation_loss` (the held-out criterion of the chosen set and ridge), `candidates` (scored over
all rounds), `seconds` (wall-clock time of the call) and `round_losses`, `rounds + 1` values: the
held-out criterion of the start set, then after each kept round (at the growth ridge 1e-8), each
lower than the one before.
"""
struct AdaptiveReport
    basis_size::Int64
    rounds::Int32
    stop::Int32
    ridge::Float64
    validation_loss::Float64
    candidates::Int64
    seconds::Float64
    round_losses::Vector{Float64}
end

AdaptiveReport(raw::RawAdaptiveReport, round_losses::Vector{Float64}) =
    AdaptiveReport(raw.basis_size, raw.rounds, raw.stop, raw.ridge, raw.validation_loss, raw.candidates,
                   raw.seconds, round_losses)

"""
    fit_adaptive(x; progress = nothing, options...) -> (Model, AdaptiveReport)
    fit_adaptive(x, options::AdaptiveOptions, fit_options::FitOptions = FitOptions(); progress = nothing)

Grows a basis for the samples in the columns of `x` (`d × n`) by the held-out criterion of
[`fit_select`](@ref): from x_j and x_j² on every coordinate, in rounds of admissible neighbours
and steps of two, as long as a round lowers the criterion; then chooses the ridge and fits the
chosen set on all samples. Returns the model with an [`AdaptiveReport`](@ref). Keywords are
[`AdaptiveOptions`](@ref) fields (`max_basis_size`, `max_rounds`, `max_per_round`,
`max_interaction`, `threads`, `validation_fraction`, `seed`, `max_seconds`, `latent_dim`) and
[`FitOptions`](@ref) fields (`beta`, `coordinates`, `memory_limit`); the ridge is chosen, not
given. `progress(done, total)` counts rounds (total `max_rounds`) and can cancel between them by
returning `true`. Deterministic for a seed on any thread count.
"""
function fit_adaptive(x::AbstractMatrix{<:Real}; progress = nothing, options...)
    adaptive_fields = fieldnames(AdaptiveOptions)
    adaptive = AdaptiveOptions(; (name => value for (name, value) in options if name in adaptive_fields)...)
    fitting = FitOptions(; (name => value for (name, value) in options if !(name in adaptive_fields))...)
    return fit_adaptive(x, adaptive, fitting; progress = progress)
end

function fit_adaptive(x::AbstractMatrix{<:Real}, options::AdaptiveOptions, fit_options::FitOptions = FitOptions();
                      progress = nothing)
    points = as_points(x)
    settings = copy_fields(fit_options) # the caller's options are never modified
    # The criterion of the start set, then one per kept round: at most max_rounds + 1 values. A
    # kept round adds at least one function to the set, which never exceeds max_basis_size, so
    # max_basis_size + 1 bounds them too (max_rounds = typemax(Int32) costs no 16 GiB buffer).
    # Negative options are left to the library to refuse.
    capacity = min(max(Int64(options.max_rounds), 0), max(options.max_basis_size, 0)) + 1
    round_losses = Vector{Float64}(undef, capacity)
    raw = RawAdaptiveReport()
    out = Ref{Ptr{Cvoid}}(C_NULL)
    status = GC.@preserve round_losses begin
        raw.round_losses = pointer(round_losses)
        raw.round_loss_capacity = capacity
        with_progress(settings, progress) do
            ofdm_fit_adaptive(points, Int64(size(points, 2)), Int64(size(points, 1)), leading_dimension(points),
                              settings, options, out, raw)
        end
    end
    check_status(status)
    # The library writes as many as fit; by the bound above, all rounds + 1 fit.
    resize!(round_losses, min(Int64(raw.rounds) + 1, capacity))
    return owned_model(out[]), AdaptiveReport(raw, round_losses)
end

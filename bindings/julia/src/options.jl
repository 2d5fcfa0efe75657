# The header's option and statistics structs, field by field. They are mutable so that ccall
# passes a pointer to the object itself (`Ref{T}`), whose isbits fields have the C layout.
# Construct with keywords: the library's *_init_sized (with the mirror's sizeof) fills the
# defaults, the keywords override them, e.g. `FitOptions(beta = 2.0, ridge = 1e-8)`.

"""
    FitOptions(; beta, coordinates, time_mode, ridge, memory_limit, data_dim)

Mirror of `ofdm_fit_options`; defaults from `ofdm_fit_options_init`. `progress`/`progress_data`
are set by `Ofdm.fit(...; progress = f)`, not by hand. `memory_limit` caps a fit's estimated peak
in bytes (0, the default: physical memory only; beyond it, `OfdmError` with
`OFDM_ERR_TOO_LARGE`); it is not part of a model (`fit_options(model)` reports 0). `data_dim` is
the data's dimension d (0, the default: the basis dimension r); only `OFDM_COORDINATES_PCA`
allows d ≠ r, and [`fit`](@ref) sets it from `size(x, 1)` then. `fit_options(model)` reports the
model's d.
"""
mutable struct FitOptions
    struct_size::Csize_t
    beta::Cdouble
    coordinates::Int32
    time_mode::Int32
    ridge::Cdouble
    progress::Ptr{Cvoid}
    progress_data::Ptr{Cvoid}
    memory_limit::Int64
    data_dim::Int64
end

"""
    SampleStats()

Mirror of `ofdm_sample_stats`, zeroed by `ofdm_sample_stats_init`; pass it as
`Ofdm.sample(...; stats = s)` (or to `log_likelihood` / `sample_flow`, which fill the `flow_*`
fields) to have a run's statistics written into it.
"""
mutable struct SampleStats
    struct_size::Csize_t
    guarded_steps::Int64
    guarded_samples::Int64
    corrector_proposals::Int64
    corrector_accepted::Int64
    coefficient_nodes::Int64
    coefficient_error::Cdouble
    flow_mean_steps::Cdouble
    flow_max_steps::Int64
    flow_rejected_steps::Int64
end

"""
    SampleOptions(; method, steps, t_max, t_min, grid, corrector, corrector_steps,
                  corrector_snr, denoise, guard, seed, threads, tolerance)

Mirror of `ofdm_sample_options`; defaults from `ofdm_sample_options_init` (see
[`flow_options`](@ref) for the probability-flow functions' defaults). `progress`,
`progress_data` and `stats` are set by `Ofdm.sample(...; progress = f, stats = s)`.
"""
mutable struct SampleOptions
    struct_size::Csize_t
    method::Int32
    steps::Int32
    t_max::Cdouble
    t_min::Cdouble
    grid::Int32
    corrector::Int32
    corrector_steps::Int32
    corrector_snr::Cdouble
    denoise::Int32
    guard::Int32
    seed::UInt64
    threads::Int32
    progress::Ptr{Cvoid}
    progress_data::Ptr{Cvoid}
    stats::Ptr{SampleStats}
    tolerance::Cdouble
end

"""
    SelectOptions(; max_degree, max_interaction, validation_fraction, seed, max_basis_size, latent_dim,
                    keep_outliers)

Mirror of `ofdm_select_options`; defaults from `ofdm_select_options_init` (max_degree 8,
max_interaction 2, validation_fraction 0.2, seed 0, max_basis_size 4000, latent_dim 0,
keep_outliers 0: the samples [`find_outliers`](@ref) flags are left out). The options of
[`fit_select`](@ref).
"""
mutable struct SelectOptions
    struct_size::Csize_t
    max_degree::Int32
    max_interaction::Int32
    validation_fraction::Cdouble
    seed::UInt64
    max_basis_size::Int64
    latent_dim::Int64
    keep_outliers::Int32
end

"""
    SelectReport()

Mirror of `ofdm_select_report`, set up by `ofdm_select_report_init`; returned by
[`fit_select`](@ref): `degree`, `interaction` (0: none), `ridge`, `basis_size`,
`validation_loss` (on the selection run's held-out split), `candidates`, `failed`, and the
outliers of [`find_outliers`](@ref): `outlier_rows`, `first_outlier_row` (0-based: the sample in
column `first_outlier_row + 1` of `x`, or -1), `first_outlier_column` (0-based coordinate, or -1),
`first_outlier_distance` (robust units).
"""
mutable struct SelectReport
    struct_size::Csize_t
    degree::Int32
    interaction::Int32
    ridge::Cdouble
    basis_size::Int64
    validation_loss::Cdouble
    candidates::Int64
    failed::Int64
    outlier_rows::Int64
    first_outlier_row::Int64
    first_outlier_column::Int64
    first_outlier_distance::Cdouble
end

"""
    AdaptiveOptions(; max_basis_size, max_rounds, max_per_round, max_interaction, threads,
                      validation_fraction, seed, max_seconds, latent_dim)

Mirror of `ofdm_adaptive_options`; defaults from `ofdm_adaptive_options_init` (max_basis_size
1000, max_rounds 60, max_per_round 0: a tenth of the set, at least 4; max_interaction 0: no
limit; threads 0: all cores, the result does not depend on it; validation_fraction 0.2, seed 0,
max_seconds 0: no budget; latent_dim 0: d). The options of [`fit_adaptive`](@ref).
"""
mutable struct AdaptiveOptions
    struct_size::Csize_t
    max_basis_size::Int64
    max_rounds::Int32
    max_per_round::Int32
    max_interaction::Int32
    threads::Int32
    validation_fraction::Cdouble
    seed::UInt64
    max_seconds::Cdouble
    latent_dim::Int64
end

# Mirror of `ofdm_adaptive_report`, set up by `ofdm_adaptive_report_init`. Not returned to
# callers: `round_losses` points at a buffer [`fit_adaptive`](@ref) owns only for the call; it
# returns an [`AdaptiveReport`](@ref) with the values copied out.
mutable struct RawAdaptiveReport
    struct_size::Csize_t
    basis_size::Int64
    rounds::Int32
    stop::Int32
    ridge::Cdouble
    validation_loss::Cdouble
    candidates::Int64
    seconds::Cdouble
    round_losses::Ptr{Cdouble}
    round_loss_capacity::Int64
    coordinates::Int32
    standardize_distance::Cdouble
    pca_distance::Cdouble
end

"""
    ImportanceSummary()

Mirror of `ofdm_importance_summary`, set up by `ofdm_importance_summary_init`; returned by
[`importance`](@ref): `effective_sample_size`, `ess_per_sample`, `log_z`, `log_z_error`,
`max_weight`.
"""
mutable struct ImportanceSummary
    struct_size::Csize_t
    effective_sample_size::Cdouble
    ess_per_sample::Cdouble
    log_z::Cdouble
    log_z_error::Cdouble
    max_weight::Cdouble
end

function FitOptions(; fields...)
    options = FitOptions(0, 0.0, 0, 0, 0.0, C_NULL, C_NULL, 0, 0)
    check_status(ofdm_fit_options_init(options))
    for (name, value) in fields
        setproperty!(options, name, value)
    end
    return options
end

function SampleStats()
    stats = SampleStats(0, 0, 0, 0, 0, 0, 0.0, 0.0, 0, 0)
    check_status(ofdm_sample_stats_init(stats))
    return stats
end

function SampleOptions(; fields...)
    return initialized_sample_options(ofdm_sample_options_init; fields...)
end

"""
    flow_options(; steps, t_max, t_min, grid, tolerance, guard, seed, threads) -> SampleOptions

The options of the probability-flow functions ([`log_likelihood`](@ref),
[`sample_flow`](@ref)): their defaults from `ofdm_flow_options_init` (t_max 8, t_min 0, 64
initial steps on `OFDM_GRID_EXPONENTIAL`, tolerance 1e-6, guard on, seed 0, all cores), then
the keywords.
"""
function flow_options(; fields...)
    return initialized_sample_options(ofdm_flow_options_init; fields...)
end

function initialized_sample_options(init; fields...)
    options = SampleOptions(0, 0, 0, 0.0, 0.0, 0, 0, 0, 0.0, 0, 0, 0, 0, C_NULL, C_NULL, C_NULL, 0.0)
    check_status(init(options))
    for (name, value) in fields
        setproperty!(options, name, value)
    end
    return options
end

function SelectOptions(; fields...)
    options = SelectOptions(0, 0, 0, 0.0, 0, 0, 0, 0)
    check_status(ofdm_select_options_init(options))
    for (name, value) in fields
        setproperty!(options, name, value)
    end
    return options
end

function SelectReport()
    report = SelectReport(0, 0, 0, 0.0, 0, 0.0, 0, 0, 0, 0, 0, 0.0)
    check_status(ofdm_select_report_init(report))
    return report
end

function AdaptiveOptions(; fields...)
    options = AdaptiveOptions(0, 0, 0, 0, 0, 0, 0.0, 0, 0.0, 0)
    check_status(ofdm_adaptive_options_init(options))
    for (name, value) in fields
        setproperty!(options, name, value)
    end
    return options
end

function RawAdaptiveReport()
    report = RawAdaptiveReport(0, 0, 0, 0, 0.0, 0.0, 0, 0.0, C_NULL, 0, 0, NaN, NaN)
    check_status(ofdm_adaptive_report_init(report))
    return report
end

function ImportanceSummary()
    summary = ImportanceSummary(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    check_status(ofdm_importance_summary_init(summary))
    return summary
end

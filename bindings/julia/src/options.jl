# The header's option and statistics structs, field by field. They are mutable so that ccall
# passes a pointer to the object itself (`Ref{T}`), whose isbits fields have the C layout.
# Construct with keywords: the library's *_init fills the defaults, the keywords override them,
# e.g. `FitOptions(beta = 2.0, ridge = 1e-8)`.

"""
    FitOptions(; beta, coordinates, time_mode, ridge)

Mirror of `ofdm_fit_options`; defaults from `ofdm_fit_options_init`. `progress`/`progress_data`
are set by `Ofdm.fit(...; progress = f)`, not by hand.
"""
mutable struct FitOptions
    struct_size::Csize_t
    beta::Cdouble
    coordinates::Int32
    time_mode::Int32
    ridge::Cdouble
    progress::Ptr{Cvoid}
    progress_data::Ptr{Cvoid}
end

"""
    SampleStats()

Mirror of `ofdm_sample_stats`, zeroed by `ofdm_sample_stats_init`; pass it as
`Ofdm.sample(...; stats = s)` to have a run's statistics written into it.
"""
mutable struct SampleStats
    struct_size::Csize_t
    guarded_steps::Int64
    guarded_samples::Int64
    corrector_proposals::Int64
    corrector_accepted::Int64
    coefficient_nodes::Int64
    coefficient_error::Cdouble
end

"""
    SampleOptions(; method, steps, t_max, t_min, grid, corrector, corrector_steps,
                  corrector_snr, denoise, guard, seed, threads)

Mirror of `ofdm_sample_options`; defaults from `ofdm_sample_options_init`. `progress`,
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
end

function FitOptions(; fields...)
    options = FitOptions(0, 0.0, 0, 0, 0.0, C_NULL, C_NULL)
    ofdm_fit_options_init(options)
    for (name, value) in fields
        setproperty!(options, name, value)
    end
    return options
end

function SampleStats()
    stats = SampleStats(0, 0, 0, 0, 0, 0, 0.0)
    ofdm_sample_stats_init(stats)
    return stats
end

function SampleOptions(; fields...)
    options = SampleOptions(0, 0, 0, 0.0, 0.0, 0, 0, 0, 0.0, 0, 0, 0, 0, C_NULL, C_NULL, C_NULL)
    ofdm_sample_options_init(options)
    for (name, value) in fields
        setproperty!(options, name, value)
    end
    return options
end

"""
    Ofdm

Julia binding of ofdm, optimization-free diffusion models (`include/ofdm.h` is the manual).

Two layers:
- the raw C API (`capi.jl`): one function per header function, with the header's name, each a
  single `ccall` into the library named by `Ofdm.libofdm`; the option structs mirror the header's field by field;
- the Julia API: [`Basis`](@ref) and [`Model`](@ref) own their handles and free them when
  garbage-collected (or at once with `free!`, never twice); every failing call throws an
  [`OfdmError`](@ref) carrying the status, `ofdm_status_string` and `ofdm_last_error`;
  [`Moments`](@ref) accumulates streamed and distributed fits; [`fit_select`](@ref) chooses the
  basis and ridge by a held-out loss, and [`fit_adaptive`](@ref) grows the basis from the data
  by the same loss.

Arrays: points are the columns of a `d × n` `Matrix{Float64}` — column-major `d × n` is the
library's row-major `n × d`. Views whose first dimension is contiguous are passed with their
column stride as the leading dimension, e.g. `view(X, 1:2, :)` of a `3 × n` matrix has `ld = 3`.

The generic verbs (`fit`, `score`, `sample`, `save`, `load`, …) are not exported, to avoid clashes
with StatsBase and FileIO: call them as `Ofdm.fit` etc.
"""
module Ofdm

export Basis, Model, Moments, OfdmError, FitOptions, SampleOptions, SampleStats, ImportanceSummary,
       SelectOptions, SelectReport, AdaptiveOptions, AdaptiveReport

# The shared library: the platform's search path finds "libofdm" (libofdm.so on Linux); set
# OFDM_LIBRARY to a full path to use another build. Read when the package is (pre)compiled.
const libofdm = get(ENV, "OFDM_LIBRARY", "libofdm")

include("constants.jl")
include("options.jl")
include("capi.jl")
include("errors.jl")
include("layout.jl")
include("progress.jl")
include("basis.jl")
include("model.jl")
include("moments.jl")
include("sampling.jl")
include("likelihood.jl")
include("files.jl")
include("selection.jl")
include("adaptive.jl")

function __init__()
    check_version()
    PROGRESS_TRAMPOLINE[] = @cfunction(progress_trampoline, Cint, (Int64, Int64, Ptr{Cvoid}))
    return nothing
end

end # module Ofdm

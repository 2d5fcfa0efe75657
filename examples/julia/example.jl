# The example job, the same in every language: fit a 2-D three-mode Gaussian mixture, print the
# score at three points for t = 0.1 and t = 1, draw 1 000 samples and save them (CSV) together
# with the model. The data stream is the C example's (examples/c/example.c), draw for draw, so the
# printed scores are the same line for line.
#
#   julia --project=bindings/julia examples/julia/example.jl [output-directory]
#
# with libofdm on the library search path (or OFDM_LIBRARY set to its full path).
using Printf
using Ofdm

# The C example draws its normals with the C library's log and cos. Julia's own log and cos are
# accurate to within an ulp but not always the same bits, and one different bit changes the
# data stream, so the example calls the C library's.
const libm = Sys.isapple() ? "libSystem.dylib" : Sys.iswindows() ? "msvcrt" : "libm.so.6"
c_log(x::Float64) = ccall((:log, libm), Cdouble, (Cdouble,), x)
c_cos(x::Float64) = ccall((:cos, libm), Cdouble, (Cdouble,), x)

# splitmix64 (Steele, Lea & Flood 2014): UInt64 arithmetic wraps modulo 2^64, as in C.
mutable struct SplitMix64
    state::UInt64
end

function uniform01(rng::SplitMix64)
    rng.state += 0x9e3779b97f4a7c15
    z = rng.state
    z = (z ⊻ (z >> 30)) * 0xbf58476d1ce4e5b9
    z = (z ⊻ (z >> 27)) * 0x94d049bb133111eb
    return (Float64((z ⊻ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0
end

# Box–Muller: the radius from the first uniform, the angle from the second.
function normal01(rng::SplitMix64)
    radius = sqrt(-2.0 * c_log(uniform01(rng)))
    return radius * c_cos(6.283185307179586 * uniform01(rng))
end

function main(directory::AbstractString)
    n, d, n_samples = 5000, 2, 1000
    centre = [-1.2 1.2 0.0;
              0.0 0.0 1.2]           # columns are the three modes
    points = [-1.2 0.0 2.0;
              0.0 0.5 2.0]           # columns are the three points
    rng = SplitMix64(42)
    x = Matrix{Float64}(undef, d, n) # columns are samples: the C API's row-major n × d
    for i in 1:n
        mode = floor(Int, uniform01(rng) * 3) + 1
        for k in 1:d
            x[k, i] = centre[k, mode] + 0.45 * normal01(rng)
        end
    end
    basis = Ofdm.total_degree_basis(d, 8)
    model = Ofdm.fit(basis, x) # defaults: β = 1, standardized, Galerkin
    Ofdm.free!(basis)          # the model keeps its own copy

    for t in (0.1, 1.0)
        score = Ofdm.score(model, t, points)
        for k in 1:3
            @printf("score at t = %.1f, x = (%5.2f, %5.2f): (%8.4f, %8.4f)\n",
                    t, points[1, k], points[2, k], score[1, k], score[2, k])
        end
    end

    samples = Ofdm.sample(model, n_samples; seed = 7)
    open("$(directory)/samples.csv", "w") do csv
        println(csv, "x0,x1")
        for i in 1:n_samples
            @printf(csv, "%.17g,%.17g\n", samples[1, i], samples[2, i])
        end
    end
    path = "$(directory)/mixture.ofdm"
    Ofdm.save(model, path)
    @printf("wrote %d samples to %s/samples.csv and the model to %s\n", n_samples, directory, path)
    return nothing
end

main(isempty(ARGS) ? "." : ARGS[1])

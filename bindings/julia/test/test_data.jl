# Reproducible data for the tests: the splitmix64 + Box–Muller stream of the C suites
# (tests/capi/support/capi_support.h), so the same seed gives the same numbers here.

mutable struct RandomStream
    state::UInt64
end

function uniform01(rng::RandomStream)
    rng.state += 0x9e3779b97f4a7c15
    z = rng.state
    z = (z ⊻ (z >> 30)) * 0xbf58476d1ce4e5b9
    z = (z ⊻ (z >> 27)) * 0x94d049bb133111eb
    return (Float64((z ⊻ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0
end

# Radius first: the order of the draws is part of the data. (Julia's log and cos may differ from
# the C library's in the last bit; the tests derive every expected value from the same data, so
# only the example, which must match the C example's output, calls the C library's.)
function normal01(rng::RandomStream)
    radius = sqrt(-2.0 * log(uniform01(rng)))
    return radius * cos(6.283185307179586 * uniform01(rng))
end

const CORRELATED_N = 4000

# Columns x_i = (1 + 2 g₁, −3 + 0.5 (ρ g₁ + sqrt(1 − ρ²) g₂)), ρ = 0.6: a correlated Gaussian.
function correlated_sample(seed::Integer)
    rng = RandomStream(UInt64(seed))
    x = Matrix{Float64}(undef, 2, CORRELATED_N)
    for i in 1:CORRELATED_N
        g1 = normal01(rng)
        g2 = normal01(rng)
        x[1, i] = 1.0 + 2.0 * g1
        x[2, i] = -3.0 + 0.5 * (0.6 * g1 + 0.8 * g2)
    end
    return x
end

# Points around the correlated sample's bulk and in its tails (columns are points).
const EVALUATION_POINTS = [1.0 3.1 -2.5 0.4 5.0;
                           -3.0 -2.2 -3.6 -1.9 -3.1]

# The 2-D total-degree-2 model (K = 5) of correlated_sample(seed), standardized coordinates.
function fit_correlated(seed::Integer; beta = 1.0, time_mode = Ofdm.OFDM_TIME_GALERKIN)
    basis = Ofdm.total_degree_basis(2, 2)
    return Ofdm.fit(basis, correlated_sample(seed); beta = beta, time_mode = time_mode)
end

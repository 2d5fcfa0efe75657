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

# x_i = m + A y + 0.02 ε in d = 5, y ~ N(0, I_2), ε ~ N(0, I_5): n points near a 2-D subspace.
function near_plane_sample(n::Integer, seed::Integer)
    mean = [1.0, -2.0, 0.5, 3.0, -1.0]
    mixing = [1.0 0.3; -0.5 1.2; 0.8 -0.7; 0.2 0.9; -1.1 0.4]
    rng = RandomStream(UInt64(seed))
    x = Matrix{Float64}(undef, 5, n)
    for i in 1:n
        y = [normal01(rng), normal01(rng)]
        for j in 1:5
            x[j, i] = mean[j] + mixing[j, 1] * y[1] + mixing[j, 2] * y[2] + 0.02 * normal01(rng)
        end
    end
    return x
end

# n points of an equal-weight three-mode 2-D Gaussian mixture, σ = 0.45, centres (−1.2, 0),
# (1.2, 0) and (0, 1.2).
function three_modes(n::Integer, seed::Integer)
    centres = [-1.2 1.2 0.0; 0.0 0.0 1.2]
    rng = RandomStream(UInt64(seed))
    x = Matrix{Float64}(undef, 2, n)
    for i in 1:n
        mode = 1 + floor(Int, 3 * uniform01(rng)) # uniform01 < 1, so mode <= 3
        x[1, i] = centres[1, mode] + 0.45 * normal01(rng)
        x[2, i] = centres[2, mode] + 0.45 * normal01(rng)
    end
    return x
end

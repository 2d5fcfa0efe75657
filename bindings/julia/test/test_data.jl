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

# The planted sparse log-density of tests/capi/test_api_adaptive.c in d = 3, columns x_i:
#   x0 ~ p0 ∝ exp(−x0⁴/4 + x0²/2) (by rejection from N(0, 1.5²)),
#   x1 | x0 ~ N(0.8 x0, 0.6²),  x2 ~ N(0, 1).
# Relative to π = N(0, I) the log-density is, up to a constant, −x0⁴/4 + x0² − (x1 − 0.8 x0)²/0.72
# + x1²/2: in Hermite functions the indices (4,0,0), (2,0,0), (1,1,0), (0,2,0), nothing in x2.
function planted_sample(n::Integer, seed::Integer)
    rng = RandomStream(UInt64(seed))
    x = Matrix{Float64}(undef, 3, n)
    # The bound of p0 / N(0, 1.5²) up to constants: exp(−x⁴/4 + x²/2 + x²/4.5), largest at
    # x² = 1 + 1/2.25.
    top_x2 = 1.0 + 1.0 / 2.25
    log_bound = -top_x2 * top_x2 / 4.0 + top_x2 / 2.0 + top_x2 / 4.5
    i = 0
    while i < n
        x0 = 1.5 * normal01(rng)
        log_ratio = -x0 * x0 * x0 * x0 / 4.0 + x0 * x0 / 2.0 + x0 * x0 / 4.5 - log_bound
        log(uniform01(rng)) >= log_ratio && continue
        i += 1
        x[1, i] = x0
        x[2, i] = 0.8 * x0 + 0.6 * normal01(rng)
        x[3, i] = normal01(rng)
    end
    return x
end

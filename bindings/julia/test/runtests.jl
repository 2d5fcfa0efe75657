# Tests of the Julia binding: `julia --project=bindings/julia -e 'using Pkg; Pkg.test()'` with
# libofdm on the library search path (or OFDM_LIBRARY set). Each testset names the behaviour it
# proves; expected values are exact answers, with the origin of each tolerance stated.
using LinearAlgebra
using Test
using Ofdm

include("test_data.jl")

# Moments of a sample in the model's standardized coordinates z = (x − mean) / std (divisor n).
function moments_of(x)
    n = size(x, 2)
    mean = vec(sum(x; dims = 2)) ./ n
    std = sqrt.(vec(sum((x .- mean) .^ 2; dims = 2)) ./ n)
    z = (x .- mean) ./ std
    mu = vec(sum(z; dims = 2)) ./ n
    cov = z * transpose(z) ./ n .- mu * transpose(mu)
    return (mean = mean, std = std, mu = mu, cov = cov)
end

# The exact answer for a degree-2 basis (derivation in tests/capi/test_api_model.c): the
# Gaussian q_t with the data's mean and covariance, m_t = e^{−t} μ, Σ_t = e^{−2t} C + (1 − e^{−2t})/β I
# in z; the data-space score is W^T s_z with W = diag(1/std).
function gaussian_truth(e, beta, t, x)
    sigma = exp(-2t) .* e.cov + ((1 - exp(-2t)) / beta) * I
    r = (x .- e.mean) ./ e.std .- exp(-t) .* e.mu
    s = -(sigma \ r)
    return (score = s ./ e.std, log_q = 0.5 * sum(r .* s))
end

bits(a) = reinterpret(UInt64, vec(collect(Float64, a)))

@testset "Ofdm" begin
    @testset "version matches the binding's ABI" begin
        number = Int(Ofdm.ofdm_version_number())
        @test number ÷ 10000 == Ofdm.OFDM_VERSION_MAJOR
        @test Ofdm.version() == VersionNumber(number ÷ 10000, (number ÷ 100) % 100, number % 100)
        @test Ofdm.abi_mismatch_message(number) == ""
        message = Ofdm.abi_mismatch_message(10203)
        @test occursin("10203", message) && occursin("ABI major 1", message) && occursin("ABI major 0", message)
    end

    @testset "total-degree basis lists its multi-indices in order" begin
        basis = Ofdm.total_degree_basis(2, 2)
        @test length(basis) == 5 && Ofdm.dim(basis) == 2 && Ofdm.max_degree(basis) == 2
        @test Ofdm.indices(basis) == Int32[1 0 2 1 0; 0 1 0 1 2]
        @test length(Ofdm.total_degree_basis(3, 4; max_interaction = 1)) == 12
    end

    @testset "graph basis: univariate terms plus pair terms per distinct edge" begin
        # 3 × 3 univariate; per edge (1,1), (1,2), (2,1); the repeated edge (1, 0) counts once.
        @test length(Ofdm.graph_basis(3, 3, [0 1 1; 1 2 0])) == 15
        @test length(Ofdm.graph_basis(4, 2, zeros(Int, 2, 0))) == 8
    end

    @testset "basis from indices keeps the order, padded views included" begin
        padded = Int32[0 2 1; 3 0 1; -99 -99 -99]
        basis = Ofdm.basis_from_indices(view(padded, 1:2, :)) # ld = 3
        @test Ofdm.indices(basis) == padded[1:2, :]
    end

    @testset "degree-2 fit reproduces the exact Gaussian score" begin
        # Tolerance 1e-8, as in the C suite: the identity holds to ~1e-11 (moments of 4000
        # products, a well-conditioned 5 × 5 system); 1e-8 still catches a wrong factor or sign.
        e = moments_of(correlated_sample(101))
        for beta in (1.0, 2.5)
            model = fit_correlated(101; beta = beta)
            for t in (0.0, 0.5, 2.0)
                got = Ofdm.score(model, t, EVALUATION_POINTS)
                log_p = Ofdm.log_density(model, t, EVALUATION_POINTS)
                truths = [gaussian_truth(e, beta, t, EVALUATION_POINTS[:, p]) for p in 1:5]
                for p in 1:5
                    want = truths[p].score
                    @test norm(got[:, p] .- want) <= 1e-8 * (1 + norm(want))
                    difference = truths[p].log_q - truths[1].log_q # removes the t-only constant
                    @test abs((log_p[p] - log_p[1]) - difference) <= 1e-8 * (1 + abs(difference))
                end
            end
        end
    end

    @testset "log-density at t = Inf is the normalized stationary law" begin
        # (d/2) log(β/2π) − β|z|²/2 − Σ log std; tolerance 1e-12: a few rounded operations.
        beta = 2.5
        e = moments_of(correlated_sample(101))
        model = fit_correlated(101; beta = beta)
        got = Ofdm.log_density(model, Inf, EVALUATION_POINTS)
        for p in 1:5
            z = (EVALUATION_POINTS[:, p] .- e.mean) ./ e.std
            want = log(beta / 2pi) - 0.5 * beta * sum(z .^ 2) - sum(log.(e.std))
            @test abs(got[p] - want) <= 1e-12 * (1 + abs(want))
        end
    end

    @testset "coefficients: zero at Inf, exponential decay in perturbation mode" begin
        # Tolerance 1e-14 relative: one exp and one product of rounding.
        galerkin = fit_correlated(202)
        perturbation = fit_correlated(202; time_mode = Ofdm.OFDM_TIME_PERTURBATION)
        degrees = vec(sum(Ofdm.indices(Ofdm.basis(perturbation)); dims = 1))
        @test all(Ofdm.coefficients(galerkin, Inf) .== 0)
        alpha = fill(42.0, 7)
        Ofdm.coefficients!(alpha, galerkin, 0.0)
        @test alpha[6:7] == [42.0, 42.0]
        alpha0 = Ofdm.coefficients(perturbation, 0.0)
        @test all(abs.(alpha0 .- alpha[1:5]) .<= 1e-14 .* abs.(alpha[1:5]))
        alpha_t = Ofdm.coefficients(perturbation, 0.7)
        @test all(abs.(alpha_t .- exp.(-degrees .* 0.7) .* alpha0) .<= 1e-14 .* abs.(alpha0))
    end

    @testset "latent maps round trip through a padded view" begin
        # Tolerance 1e-14 (|x| + 4): two rounded operations each way.
        e = moments_of(correlated_sample(303))
        model = fit_correlated(303)
        padded = vcat(EVALUATION_POINTS, fill(NaN, 1, 5))
        z = Ofdm.to_latent(model, view(padded, 1:2, :)) # ld = 3, the NaN row unread
        back = Ofdm.from_latent(model, z)
        want = (EVALUATION_POINTS .- e.mean) ./ e.std
        @test all(abs.(z .- want) .<= 1e-14 .* (abs.(want) .+ 4))
        @test all(abs.(back .- EVALUATION_POINTS) .<= 1e-14 .* (abs.(EVALUATION_POINTS) .+ 4))
    end

    @testset "model reports its options, sizes and borrowed basis" begin
        options = Ofdm.FitOptions()
        @test options.beta == 1.0 && options.ridge == 0.0
        @test options.coordinates == Ofdm.OFDM_COORDINATES_STANDARDIZE
        @test options.time_mode == Ofdm.OFDM_TIME_GALERKIN
        model = Ofdm.fit(Ofdm.total_degree_basis(2, 3), correlated_sample(404); beta = 2.5, ridge = 1e-6,
                         coordinates = Ofdm.OFDM_COORDINATES_NONE, time_mode = Ofdm.OFDM_TIME_PERTURBATION)
        got = Ofdm.fit_options(model)
        @test got.beta == 2.5 && got.ridge == 1e-6
        @test got.coordinates == Ofdm.OFDM_COORDINATES_NONE && got.time_mode == Ofdm.OFDM_TIME_PERTURBATION
        @test Ofdm.dim(model) == 2 && Ofdm.beta(model) == 2.5 && Ofdm.training_size(model) == CORRELATED_N
        @test Ofdm.latent_dim(model) == 2
        @test options.data_dim == 0 && got.data_dim == 2 # a model reports its own d
        borrowed = Ofdm.basis(model)
        @test !borrowed.owned && length(borrowed) == 9
        Ofdm.free!(borrowed) # forgets, does not free
        @test size(Ofdm.score(model, 1.0, EVALUATION_POINTS)) == (2, 5)
    end

    @testset "a well-posed fit has the rank of its basis size" begin
        model = Ofdm.fit(Ofdm.total_degree_basis(2, 3), correlated_sample(404))
        @test Ofdm.rank(model) == length(Ofdm.basis(model)) == 9
        @test occursin("rank = 9", sprint(show, model))
    end

    @testset "init passes the mirror's sizeof and writes every field" begin
        # The 0.1 function of the C name ofdm_fit_options_init would leave the last two at -1.
        options = Ofdm.FitOptions(0, 0.0, 0, 0, 0.0, C_NULL, C_NULL, -1, -1)
        @test Ofdm.ofdm_fit_options_init(options) == Ofdm.OFDM_OK
        @test options.struct_size == sizeof(Ofdm.FitOptions)
        @test options.memory_limit == 0 && options.data_dim == 0 && options.beta == 1.0
        @test Ofdm.ofdm_fit_options_init_sized(options, sizeof(Ofdm.FitOptions) - 1) == Ofdm.OFDM_ERR_INVALID_ARGUMENT
        @test occursin("size", unsafe_string(Ofdm.ofdm_last_error()))
        flow = Ofdm.flow_options()
        @test flow.struct_size == sizeof(Ofdm.SampleOptions) && flow.tolerance == 1e-6
    end

    @testset "save and load give bit-identical outputs; buffer = file bytes" begin
        model = fit_correlated(505; beta = 1.5)
        directory = mktempdir()
        path = joinpath(directory, "model.ofdm")
        Ofdm.save(model, path)
        loaded = Ofdm.load(path)
        for t in (0.0, 0.3, 1.0, Inf)
            @test bits(Ofdm.score(loaded, t, EVALUATION_POINTS)) == bits(Ofdm.score(model, t, EVALUATION_POINTS))
            @test bits(Ofdm.log_density(loaded, t, EVALUATION_POINTS)) == bits(Ofdm.log_density(model, t, EVALUATION_POINTS))
        end
        buffer = Ofdm.save_buffer(model)
        @test length(buffer) == Ofdm.serialized_size(model)
        @test buffer == read(path)
        copied = copy(model)
        Ofdm.free!(model)
        Ofdm.free!(model) # twice is harmless
        @test bits(Ofdm.score(copied, 0.3, EVALUATION_POINTS)) == bits(Ofdm.score(loaded, 0.3, EVALUATION_POINTS))
        @test bits(Ofdm.score(Ofdm.load_buffer(buffer), 1.0, EVALUATION_POINTS)) ==
              bits(Ofdm.score(loaded, 1.0, EVALUATION_POINTS))
    end

    # The thrown error's status, and a message that names the culprit.
    function failure(f)
        try
            f()
        catch error
            error isa OfdmError && return error
            rethrow()
        end
        return nothing
    end

    @testset "bad input throws OfdmError with status and message" begin
        basis = Ofdm.total_degree_basis(2, 2)
        model = fit_correlated(909)
        x = correlated_sample(1)
        x[2, 13] = NaN # the C API's row 12, column 1
        e = failure(() -> Ofdm.fit(basis, x))
        @test e.status == Ofdm.OFDM_ERR_NONFINITE_INPUT && occursin("(row 12, column 1)", e.message)
        @test e.description == "non-finite input"
        @test occursin("non-finite input", sprint(showerror, e))
        e = failure(() -> Ofdm.score(model, -1.0, EVALUATION_POINTS))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("t = -1", e.message)
        e = failure(() -> Ofdm.score(model, 1.0, zeros(3, 4)))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("3 rows", e.message)
        e = failure(() -> Ofdm.score!(zeros(2, 4), model, 1.0, EVALUATION_POINTS))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT
        e = failure(() -> Ofdm.sample(model, 4; steps = 0))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("steps", e.message)
        e = failure(() -> Ofdm.load("/nonexistent/model.ofdm"))
        @test e.status == Ofdm.OFDM_ERR_IO && occursin("/nonexistent/model.ofdm", e.message)
        e = failure(() -> Ofdm.load_buffer(fill(UInt8(65), 64)))
        @test e.status == Ofdm.OFDM_ERR_FORMAT
        buffer = Ofdm.save_buffer(model)
        e = failure(() -> Ofdm.load_buffer(buffer[1:end÷2]))
        @test e.status == Ofdm.OFDM_ERR_TRUNCATED
        buffer[end÷2] = ~buffer[end÷2]
        e = failure(() -> Ofdm.load_buffer(buffer))
        @test e.status == Ofdm.OFDM_ERR_CORRUPT
        freed = fit_correlated(1)
        Ofdm.free!(freed)
        e = failure(() -> Ofdm.score(freed, 1.0, EVALUATION_POINTS))
        @test e.status == Ofdm.OFDM_ERR_NULL_ARGUMENT && occursin("model is NULL", e.message)
    end

    @testset "sampling: same seed, 1 or 2 threads, same bits; prefix; stats" begin
        model = fit_correlated(808)
        one = Ofdm.sample(model, 300; steps = 50, seed = 11, threads = 1)
        two = Ofdm.sample(model, 300; steps = 50, seed = 11, threads = 2)
        @test bits(one) == bits(two)
        @test all(isfinite, one)
        @test one != Ofdm.sample(model, 300; steps = 50, seed = 12, threads = 2)
        short = Ofdm.sample(model, 40; steps = 50, seed = 5)
        long = Ofdm.sample(model, 100; steps = 50, seed = 5)
        @test bits(short) == bits(long[:, 1:40]) # a run of n samples is a prefix of a run of more
        stats = SampleStats()
        options = SampleOptions(steps = 20, corrector = Ofdm.OFDM_CORRECTOR_MALA, corrector_steps = 1)
        Ofdm.sample(model, 64, options; stats = stats)
        @test stats.corrector_proposals == 64 * 20
        @test 1 <= stats.corrector_accepted <= stats.corrector_proposals
        @test options.stats == C_NULL # the caller's options are left as they were
    end

    @testset "progress callbacks cancel, and their errors propagate" begin
        basis = Ofdm.total_degree_basis(2, 2)
        calls = Ref(0)
        e = failure(() -> Ofdm.fit(basis, correlated_sample(1); progress = (done, total) -> (calls[] += 1; true)))
        @test e.status == Ofdm.OFDM_ERR_CANCELLED && calls[] == 1
        model = fit_correlated(2)
        @test_throws DomainError Ofdm.sample(model, 10; progress = (done, total) -> throw(DomainError(done)))
        seen = Ref((0, 0))
        Ofdm.sample(model, 10; steps = 5, progress = (done, total) -> (seen[] = (done, total); false))
        @test seen[] == (50, 50) # units are sample-steps; the final call has done == total
    end

    # A non-Gaussian model, so that the flow is non-linear and guarded: total degree 4 (K = 14) on
    # 1000 points of x = (g₁, g₂ + 0.5 g₁²).
    function fit_banana()
        rng = RandomStream(UInt64(31))
        x = Matrix{Float64}(undef, 2, 1000)
        for i in 1:1000
            x[1, i] = normal01(rng)
            x[2, i] = normal01(rng) + 0.5 * x[1, i]^2
        end
        return Ofdm.fit(Ofdm.total_degree_basis(2, 4), x)
    end

    # log N(point; m, C) with the mean and covariance (divisor n) of the columns of x.
    function data_gaussian_log_density(x, point)
        n = size(x, 2)
        m = vec(sum(x; dims = 2)) ./ n
        c = (x .- m) * transpose(x .- m) ./ n
        r = point .- m
        return -0.5 * dot(r, c \ r) - log(2π) - 0.5 * log(det(c))
    end

    @testset "flow options have the documented defaults; keywords override them" begin
        options = Ofdm.flow_options()
        @test (options.t_max, options.t_min, options.steps, options.grid) == (8.0, 0.0, 64, Ofdm.OFDM_GRID_EXPONENTIAL)
        @test (options.tolerance, options.guard != 0, options.seed, options.threads) == (1e-6, true, 0, 0)
        @test SampleOptions().tolerance == 1e-6
        @test Ofdm.flow_options(tolerance = 1e-8, steps = 16).tolerance == 1e-8
    end

    # DESIGN §4: the degree-2 model of Gaussian data is the data's Gaussian (mean and covariance
    # with divisor n), and the flow keeps it exactly Gaussian, 6 σ out included (the last two
    # points). Tolerance 1e-3 nats, the bound of DESIGN §4 ("Likelihood through the
    # probability-flow ODE"); the library's own error is the integrator's (tolerance 1e-6) plus an
    # O(e^{−2·8}) start, ≲ 1e-5 nats.
    @testset "log-likelihood of a Gaussian model is the data Gaussian" begin
        x = correlated_sample(101)
        points = hcat(EVALUATION_POINTS, [13.0, -3.0], [1.0, 0.0])
        for beta in (1.0, 2.5)
            got = Ofdm.log_likelihood(fit_correlated(101; beta = beta), points)
            want = [data_gaussian_log_density(x, points[:, p]) for p in 1:size(points, 2)]
            @test maximum(abs.(got .- want)) <= 1e-3
        end
        model = fit_correlated(101)
        later = Ofdm.log_likelihood(model, EVALUATION_POINTS; t_min = 0.5) # the keyword is read
        @test maximum(abs.(later .- Ofdm.log_likelihood(model, EVALUATION_POINTS))) > 1e-3
    end

    # Both integrate with tolerance 1e-6, from t_max down and from the point up; 1e-4 nats is the
    # round-trip bound of DESIGN §4 (stated there for the mean gap; held here by every sample).
    # Steps start at and never exceed the grid spacing: >= 64 per trajectory.
    @testset "sample_flow: log q is the log-likelihood of its samples; same seed, same bits" begin
        model = fit_banana()
        stats = SampleStats()
        samples, log_q = Ofdm.sample_flow(model, 200; seed = 4, stats = stats)
        @test all(isfinite, samples) && all(isfinite, log_q)
        @test maximum(abs.(Ofdm.log_likelihood(model, samples) .- log_q)) <= 1e-4
        @test stats.flow_mean_steps >= 64 && stats.flow_max_steps >= stats.flow_mean_steps
        one = Ofdm.sample_flow(model, 150; seed = 5, threads = 1)
        two = Ofdm.sample_flow(model, 150; seed = 5, threads = 2)
        @test bits(one[1]) == bits(two[1]) && bits(one[2]) == bits(two[2])
        @test bits(Ofdm.sample_flow(model, 40; seed = 5)[1]) == bits(one[1][:, 1:40])
        @test one[1] != Ofdm.sample_flow(model, 150; seed = 6)[1]
    end

    # log_target = log_q + 3: every ratio is e³, so w = 1/n, ESS = n, log Z = 3 with zero error.
    # Tolerances: sums of n rounded terms, ~n·ε relative.
    @testset "a target proportional to q gives uniform weights" begin
        _, log_q = Ofdm.sample_flow(fit_correlated(3), 100; seed = 8)
        weights, summary = Ofdm.importance(log_q .+ 3.0, log_q)
        @test summary isa ImportanceSummary
        @test all(abs.(weights .- 0.01) .<= 1e-14)
        @test abs(summary.effective_sample_size - 100) <= 1e-10 && abs(summary.ess_per_sample - 1) <= 1e-12
        @test abs(summary.log_z - 3) <= 1e-12 && abs(summary.log_z_error) <= 1e-6
        @test abs(summary.max_weight - 0.01) <= 1e-14
    end

    # Ratios (1, 3, 0): w = (1/4, 3/4, 0), ESS = 1.6, log Z = log(4/3), its error sqrt(7/16);
    # w = (1, 3) on f = (2, 4): mean 3.5, error sqrt(9/64 + 9/64) = 3/(4√2). Rounding only.
    @testset "hand-computed weights, summary and estimates" begin
        weights, s = Ofdm.importance([0.0, log(3.0) + 2, -Inf], [0.0, 2.0, 5.0])
        @test all(abs.(weights .- [0.25, 0.75, 0.0]) .<= 1e-15)
        @test abs(s.effective_sample_size - 1.6) <= 1e-14 && abs(s.log_z - log(4 / 3)) <= 1e-15
        @test abs(s.log_z_error - sqrt(7 / 16)) <= 1e-15 && abs(s.max_weight - 0.75) <= 1e-15
        mean, error = Ofdm.importance_estimate([1.0, 3.0], [2.0, 4.0])
        @test mean ≈ 3.5 atol = 1e-15
        @test error ≈ 3 / (4 * sqrt(2)) atol = 1e-15
        values = [2.0 4.0; 7.0 7.0; -2.0 -4.0; NaN NaN] # column i: the observables of sample i
        means, errors = Ofdm.importance_estimate([1, 3], view(values, 1:3, :)) # ld = 4, row 4 unread
        @test all(abs.(means .- [3.5, 7.0, -3.5]) .<= 1e-14)
        @test all(abs.(errors .- [3 / (4 * sqrt(2)), 0.0, 3 / (4 * sqrt(2))]) .<= 1e-15)
    end

    @testset "flow and reweighting errors name the input" begin
        model = fit_correlated(101)
        e = failure(() -> Ofdm.log_likelihood(model, [0.0 0.5; 0.0 NaN]))
        @test e.status == Ofdm.OFDM_ERR_NONFINITE_INPUT && occursin("row 1, column 1", e.message)
        e = failure(() -> Ofdm.log_likelihood(model, EVALUATION_POINTS; tolerance = 1.0))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("tolerance", e.message)
        e = failure(() -> Ofdm.importance([0.0, NaN], [0.0, 0.0]))
        @test e.status == Ofdm.OFDM_ERR_NONFINITE_INPUT && occursin("log_target[1]", e.message)
        e = failure(() -> Ofdm.importance([0.0, 0.0], [0.0]))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT
        e = failure(() -> Ofdm.importance_estimate([1.0, -1.0], [1.0, 2.0]))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("weights[1]", e.message)
    end

    @testset "moments: streamed fit equals the one-shot fit; merge, export and import" begin
        x = correlated_sample(41)
        basis = Ofdm.total_degree_basis(2, 4)
        direct = Ofdm.fit(basis, x)
        relative(a, b) = maximum(norm(Ofdm.coefficients(a, t) - Ofdm.coefficients(b, t)) /
                                 norm(Ofdm.coefficients(b, t)) for t in (0.0, 0.3, 2.0))
        for chunk in (1, 7, 1000)
            m = Moments(basis)
            for pass in 1:2
                for first in 1:chunk:size(x, 2)
                    Ofdm.add!(m, view(x, :, first:min(first + chunk - 1, size(x, 2))))
                end
                pass == 1 && Ofdm.begin_moments!(m)
            end
            @test !Ofdm.in_statistics_pass(m) && Ofdm.sample_count(m) == size(x, 2)
            # 1e-13: the streamed sums agree with the in-memory ones to a few ulps (C suite).
            @test relative(Ofdm.fit(m), direct) <= 1e-13
        end
        # Two shards: statistics gathered and merged in order, moments summed and min-reduced.
        halves = (view(x, :, 1:2000), view(x, :, 2001:4000))
        ranks = [Moments(basis) for _ in 1:2]
        foreach((m, h) -> Ofdm.add!(m, h), ranks, halves)
        gathered = Ofdm.export_array.(ranks)
        for m in ranks
            Ofdm.import_array!(m, gathered[1])
            merge!(m, Ofdm.from_array(basis, gathered[2]))
            Ofdm.begin_moments!(m)
        end
        foreach((m, h) -> Ofdm.add!(m, h), ranks, halves)
        a, b = Ofdm.export_array.(ranks)
        M = length(a) - 4 - 2 * 2
        reduced = vcat(a[1:M+1] .+ b[1:M+1], min.(a[M+2:end], b[M+2:end]))
        merge!(ranks[1], ranks[2])
        @test Ofdm.export_array(ranks[1]) == reduced
        @test reinterpret(UInt64, Ofdm.export_array(ranks[1])) == reinterpret(UInt64, reduced)
        @test relative(Ofdm.fit(ranks[1]), direct) <= 1e-12
        # Misuse: the status, and nothing changed.
        m = Moments(basis)
        Ofdm.add!(m, x)
        before = Ofdm.export_array(m)
        e = failure(() -> Ofdm.fit(m))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("statistics pass", e.message)
        e = failure(() -> Ofdm.import_array!(m, before[2:end]))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("length", e.message)
        e = failure(() -> merge!(m, Moments(basis; beta = 2.0)))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("beta", e.message)
        @test Ofdm.export_array(m) == before
    end

    @testset "PCA: data dim d, latent dim r, shapes, exact whitening, samples on the subspace" begin
        x = near_plane_sample(3000, 11)
        model = Ofdm.fit(Ofdm.total_degree_basis(2, 2), x; coordinates = Ofdm.OFDM_COORDINATES_PCA)
        @test Ofdm.dim(model) == 5 && Ofdm.latent_dim(model) == 2 && Ofdm.dim(Ofdm.basis(model)) == 2
        got = Ofdm.fit_options(model)
        @test got.coordinates == Ofdm.OFDM_COORDINATES_PCA && got.data_dim == 5
        # z = Λ_r^{-1/2} U_rᵀ (x − m) from this very data's covariance (divisor n): mean 0 and
        # covariance I up to rounding (~1e-14; 1e-10 leaves room for the eigensolver's residual).
        z = Ofdm.to_latent(model, x)
        @test size(z) == (2, 3000)
        mean = vec(sum(z; dims = 2)) ./ 3000
        @test maximum(abs.(mean)) <= 1e-10
        @test maximum(abs.((z .- mean) * transpose(z .- mean) ./ 3000 - I)) <= 1e-10
        # Samples are decoded by x = m + W⁺ z and W W⁺ = I: to_latent then from_latent gives the
        # sample back, to rounding of products with entries of size ~5.
        samples = Ofdm.sample(model, 200; seed = 3, steps = 50)
        @test size(samples) == (5, 200)
        back = Ofdm.from_latent(model, Ofdm.to_latent(model, samples))
        @test size(back) == (5, 200) && maximum(abs.(back .- samples)) <= 1e-10
        @test size(Ofdm.score(model, 0.5, x[:, 1:10])) == (5, 10)
        flow, log_q = Ofdm.sample_flow(model, 20; seed = 3)
        @test size(flow) == (5, 20) && length(log_q) == 20
        # data_dim given explicitly: the same model; a wrong one, or d ≠ r without PCA, refused.
        explicit = Ofdm.fit(Ofdm.total_degree_basis(2, 2), x; coordinates = Ofdm.OFDM_COORDINATES_PCA, data_dim = 5)
        @test Ofdm.save_buffer(explicit) == Ofdm.save_buffer(model)
        e = failure(() -> Ofdm.fit(Ofdm.total_degree_basis(2, 2), x; coordinates = Ofdm.OFDM_COORDINATES_PCA, data_dim = 4))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("5 rows", e.message)
        e = failure(() -> Ofdm.fit(Ofdm.total_degree_basis(2, 2), x; data_dim = 5))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("data_dim", e.message)
        e = failure(() -> Ofdm.from_latent(model, x[:, 1:4]))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("5 rows", e.message)
    end

    @testset "whitening: unit covariance, exact inverse" begin
        # On the data it was fitted to: mean 0 and covariance I up to rounding (1e-10, as for PCA);
        # from_latent is the exact inverse (r = d), to 1e-12·(|x| + 4).
        x = correlated_sample(707)
        model = Ofdm.fit(Ofdm.total_degree_basis(2, 2), x; coordinates = Ofdm.OFDM_COORDINATES_WHITEN)
        @test Ofdm.dim(model) == 2 && Ofdm.latent_dim(model) == 2
        z = Ofdm.to_latent(model, x)
        mean = vec(sum(z; dims = 2)) ./ CORRELATED_N
        @test maximum(abs.(mean)) <= 1e-10
        @test maximum(abs.((z .- mean) * transpose(z .- mean) ./ CORRELATED_N - I)) <= 1e-10
        @test all(abs.(Ofdm.from_latent(model, z) .- x) .<= 1e-12 .* (abs.(x) .+ 4))
    end

    @testset "fit_select beats a Gaussian fit on fresh data; its report describes the model" begin
        x = three_modes(4000, 41)
        model, report = Ofdm.fit_select(x; max_degree = 6)
        @test 2 <= report.degree <= 6
        @test report.basis_size == length(Ofdm.basis(model))
        @test Ofdm.max_degree(Ofdm.basis(model)) == report.degree
        @test 0 <= report.interaction <= 2 && report.ridge in (0.0, 1e-8, 1e-6, 1e-4, 1e-2)
        @test report.candidates > 0 && 0 <= report.failed < report.candidates
        @test isfinite(report.validation_loss)
        @test Ofdm.dim(model) == 2 && Ofdm.training_size(model) == 4000 # refitted on all samples
        # Three modes are far from Gaussian: on a fresh sample the chosen model's held-out loss is
        # no worse than the degree-2 fit's (1e-9 allows for rounding only).
        fresh = three_modes(4000, 42)
        chosen = Ofdm.validation_loss(model, fresh)
        baseline = Ofdm.validation_loss(Ofdm.fit(Ofdm.total_degree_basis(2, 2), x), fresh)
        @test isfinite(chosen) && isfinite(baseline) && chosen <= baseline + 1e-9
        defaults = SelectOptions()
        @test (defaults.max_degree, defaults.max_interaction, defaults.validation_fraction) == (8, 2, 0.2)
        @test (defaults.seed, defaults.max_basis_size, defaults.latent_dim) == (0, 4000, 0)
        # The same options as a struct give the same choice and the same model.
        again, same = Ofdm.fit_select(x, SelectOptions(max_degree = 6))
        @test same.degree == report.degree && same.ridge == report.ridge
        @test Ofdm.save_buffer(again) == Ofdm.save_buffer(model)
    end

    @testset "fit_select and validation_loss refuse bad input" begin
        x = three_modes(200, 46)
        e = failure(() -> Ofdm.fit_select(x; max_degree = 0))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("max_degree", e.message)
        model = Ofdm.fit(Ofdm.total_degree_basis(2, 2), x)
        e = failure(() -> Ofdm.validation_loss(model, zeros(3, 10)))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("3 rows", e.message)
        x[2, 7] = NaN
        e = failure(() -> Ofdm.validation_loss(model, x))
        @test e.status == Ofdm.OFDM_ERR_NONFINITE_INPUT
    end

    # The planted sparse log-density of test_data.jl (tests/capi/test_api_adaptive.c's), in the
    # identity coordinates it is written in: its terms x0⁴ and x0 x1 are chosen, nothing in x2
    # (π's own coordinate) beyond the start set's x2 and x2², and the report is the model's: one
    # criterion value per kept round plus the start set's, each strictly lower than the one before.
    @testset "fit_adaptive recovers a planted sparse density; its report describes the model" begin
        x = planted_sample(6000, 71)
        model, report = Ofdm.fit_adaptive(x; coordinates = Ofdm.OFDM_COORDINATES_NONE)
        indices = Ofdm.indices(Ofdm.basis(model))
        chosen(index) = any(indices[:, k] == index for k in 1:size(indices, 2))
        @test chosen([4, 0, 0]) && chosen([1, 1, 0])
        @test all(indices[3, k] <= 2 && (indices[3, k] == 0 || indices[1, k] == indices[2, k] == 0)
                  for k in 1:size(indices, 2))
        @test report.basis_size == length(Ofdm.basis(model))
        @test report.rounds >= 1 && length(report.round_losses) == report.rounds + 1
        @test all(isfinite, report.round_losses) && all(diff(report.round_losses) .< 0)
        @test isfinite(report.validation_loss) && report.seconds > 0
        @test report.ridge in (0.0, 1e-8, 1e-6, 1e-4, 1e-2) && report.candidates > 0
        @test Ofdm.OFDM_ADAPTIVE_CONVERGED <= report.stop <= Ofdm.OFDM_ADAPTIVE_MEMORY
        @test Ofdm.dim(model) == 3 && Ofdm.training_size(model) == 6000 # fitted on all samples
        defaults = AdaptiveOptions()
        @test defaults.struct_size == sizeof(AdaptiveOptions)
        @test (defaults.max_basis_size, defaults.max_rounds, defaults.max_per_round) == (1000, 60, 0)
        @test (defaults.max_interaction, defaults.threads, defaults.validation_fraction) == (0, 0, 0.2)
        @test (defaults.seed, defaults.max_seconds, defaults.latent_dim) == (0, 0.0, 0)
        # max_rounds = 0 keeps the start set x_j, x_j² (K = 6); its criterion is the first one
        # above (the same set on the same split), bit for bit.
        start, kept = Ofdm.fit_adaptive(x, AdaptiveOptions(max_rounds = 0),
                                        FitOptions(coordinates = Ofdm.OFDM_COORDINATES_NONE))
        @test kept.basis_size == 6 == length(Ofdm.basis(start)) && kept.rounds == 0
        @test kept.stop == Ofdm.OFDM_ADAPTIVE_ROUNDS && kept.round_losses == report.round_losses[1:1]
    end

    @testset "fit_adaptive refuses a bad option by name" begin
        x = planted_sample(500, 74)
        # The start set has 2d = 6 functions.
        e = failure(() -> Ofdm.fit_adaptive(x; max_basis_size = 5, coordinates = Ofdm.OFDM_COORDINATES_NONE))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("max_basis_size", e.message)
        e = failure(() -> Ofdm.fit_adaptive(x; validation_fraction = 0.0))
        @test e.status == Ofdm.OFDM_ERR_INVALID_ARGUMENT && occursin("validation_fraction", e.message)
    end

    # The example job prints what the C example prints (same data stream, same format), when a C
    # compiler and the built library are at hand (run from a repository checkout).
    root = normpath(joinpath(@__DIR__, "..", "..", ".."))
    library = joinpath(root, "build", "lib")
    if Sys.which("cc") !== nothing && isfile(joinpath(library, "libofdm.so"))
        @testset "example prints what the C example prints" begin
            directory = mktempdir()
            c_example = joinpath(directory, "example_c")
            flags = ["-std=c99", "-I$(root)/include", "$(root)/examples/c/example.c", "-L$(library)", "-lofdm",
                     "-Wl,-rpath,$(library)", "-lm", "-o", c_example]
            run(`cc $(flags)`)
            mkdir(joinpath(directory, "c"))
            mkdir(joinpath(directory, "julia"))
            c_output = read(Cmd(`$(c_example)`; dir = joinpath(directory, "c")), String)
            julia = Base.julia_cmd()
            project = joinpath(root, "bindings", "julia")
            script = joinpath(root, "examples", "julia", "example.jl")
            julia_output = read(Cmd(`$(julia) --project=$(project) $(script)`; dir = joinpath(directory, "julia")), String)
            @test julia_output == c_output
            @test read(joinpath(directory, "julia", "mixture.ofdm")) == read(joinpath(directory, "c", "mixture.ofdm"))
        end
    end
end

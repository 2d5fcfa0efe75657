! test_likelihood — the probability flow and importance reweighting through the Fortran binding:
! the exact Gaussian log-likelihood of a degree-2 model, sample_flow's log q against
! log_likelihood, reproducibility, the flow defaults and statistics, hand-computed weights and
! means, and the error paths.
program test_likelihood
    use, intrinsic :: iso_c_binding, only: c_double
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan, ieee_negative_inf, ieee_is_nan
    use ofdm
    use test_harness
    use test_data, only: correlated_sample, correlated_n, random_stream
    use test_fixtures, only: fit_correlated, evaluation_points, n_points
    implicit none

    type(ofdm_model_t) :: banana

    call fit_banana(banana)
    call gaussian_model_log_likelihood_is_the_data_gaussian()
    call absent_options_are_the_flow_defaults()
    call sample_flow_log_q_is_the_log_likelihood_of_its_samples()
    call same_seed_gives_identical_flow_samples_on_1_and_2_threads()
    call a_target_proportional_to_q_gives_uniform_weights()
    call hand_computed_weights_summary_and_means()
    call errors_name_the_input_and_write_nothing()
    call banana%free()
    if (tests_failed() > 0) error stop 1

contains

    ! A non-Gaussian model, so that the flow is non-linear and guarded: total degree 4 (K = 14) on
    ! 1000 points of x = (g₁, g₂ + 0.5 g₁²).
    subroutine fit_banana(model)
        type(ofdm_model_t), intent(inout) :: model
        type(ofdm_basis_t) :: basis
        type(random_stream) :: rng
        real(real64) :: x(2, 1000)
        integer :: i
        rng%state = 31
        do i = 1, size(x, 2)
            x(1, i) = rng%normal01()
            x(2, i) = rng%normal01() + 0.5_real64 * x(1, i)**2
        end do
        call basis%create_total_degree(2, 4)
        call model%fit(basis, x)
    end subroutine fit_banana

    ! log N(point; m, C) with the mean m and covariance C (divisor n) of the columns of x.
    real(real64) function data_gaussian_log_density(x, point)
        real(real64), intent(in) :: x(:, :), point(2)
        real(real64) :: m(2), a, b, c, det, r(2)
        integer :: n
        n = size(x, 2)
        m = sum(x, dim=2) / n
        a = sum((x(1, :) - m(1))**2) / n
        b = sum((x(1, :) - m(1)) * (x(2, :) - m(2))) / n
        c = sum((x(2, :) - m(2))**2) / n
        det = a * c - b * b
        r = point - m
        data_gaussian_log_density = -0.5_real64 * (c * r(1)**2 - 2 * b * r(1) * r(2) + a * r(2)**2) / det &
                                    - log(2 * acos(-1.0_real64)) - 0.5_real64 * log(det)
    end function data_gaussian_log_density

    ! DESIGN §4: the degree-2 model of Gaussian data is the data's Gaussian (mean and covariance
    ! with divisor n), and the flow keeps it exactly Gaussian, 6 σ out included (the last two
    ! points). Tolerance 1e-3 nats, the bound of DESIGN §4 ("Likelihood through the
    ! probability-flow ODE"); the library's own error is the integrator's (tolerance 1e-6) plus an
    ! O(e^{−2·8}) start, ≲ 1e-5 nats. A missing log|det W| is off by tenths of a nat.
    subroutine gaussian_model_log_likelihood_is_the_data_gaussian()
        type(ofdm_model_t) :: model
        real(real64) :: x(2, correlated_n), points(2, n_points + 2), got(n_points + 3), want
        real(real64) :: betas(2) = [1.0_real64, 2.5_real64]
        integer :: b, p
        character(80) :: what
        call begin_test("gaussian_model_log_likelihood_is_the_data_gaussian")
        x = correlated_sample(101_int64)
        points(:, 1:n_points) = evaluation_points
        points(:, n_points + 1) = [13.0_real64, -3.0_real64]
        points(:, n_points + 2) = [1.0_real64, 0.0_real64]
        do b = 1, 2
            call fit_correlated(model, 101_int64, betas(b), OFDM_TIME_GALERKIN)
            got = 12345.0_real64
            call model%log_likelihood(points, got)
            call check(got(n_points + 3) == 12345.0_real64, "only n values are written")
            do p = 1, n_points + 2
                want = data_gaussian_log_density(x, points(:, p))
                write (what, '("beta ", f3.1, ", point ", i0, ": ", es12.5, " vs ", es12.5)') betas(b), p, got(p), want
                call check(abs(got(p) - want) <= 1e-3_real64, trim(what))
            end do
        end do
        call model%free()
        call end_test()
    end subroutine gaussian_model_log_likelihood_is_the_data_gaussian

    ! ofdm_flow_options_init's documented defaults; absent options are exactly those, and a field
    ! that is set is read (t_min = 0.5, a wider density, is lower at the mode).
    subroutine absent_options_are_the_flow_defaults()
        type(ofdm_sample_options) :: options
        real(real64) :: absent(n_points), given(n_points), later(n_points)
        call begin_test("absent_options_are_the_flow_defaults")
        options = ofdm_default_flow_options()
        call check(options%t_max == 8.0_real64 .and. options%t_min == 0.0_real64, "t_max 8, t_min 0")
        call check(options%steps == 64 .and. options%grid == OFDM_GRID_EXPONENTIAL, "64 steps, exponential grid")
        call check(options%tolerance == 1e-6_real64 .and. options%guard /= 0, "tolerance 1e-6, guard on")
        call check(options%seed == 0 .and. options%threads == 0, "seed 0, all cores")
        call banana%log_likelihood(0.5_real64 * evaluation_points, absent)
        call banana%log_likelihood(0.5_real64 * evaluation_points, given, options)
        call check(all(absent == given), "absent options are the flow defaults, bit for bit")
        options%t_min = 0.5_real64
        call banana%log_likelihood(0.5_real64 * evaluation_points, later, options)
        call check(any(abs(later - absent) > 1e-3_real64), "options%t_min is read")
        call end_test()
    end subroutine absent_options_are_the_flow_defaults

    ! Both integrate with tolerance 1e-6, from t_max down and from the point up; 1e-4 nats is the
    ! round-trip bound of DESIGN §4 (stated there for the mean gap; held here by every sample).
    ! Every trajectory takes at least `steps` accepted steps (steps start at, and never exceed,
    ! the grid spacing).
    subroutine sample_flow_log_q_is_the_log_likelihood_of_its_samples()
        type(ofdm_sample_options) :: options
        type(ofdm_sample_stats) :: stats
        real(real64) :: samples(2, 200), log_q(200), again(200)
        call begin_test("sample_flow_log_q_is_the_log_likelihood_of_its_samples")
        options = ofdm_default_flow_options()
        options%seed = 4
        call banana%sample_flow(samples, log_q, options, stats=stats)
        call check(all(abs(samples) < huge(1.0_real64)) .and. all(abs(log_q) < huge(1.0_real64)), "finite")
        call banana%log_likelihood(samples, again)
        call check(maxval(abs(again - log_q)) <= 1e-4_real64, "log q is the log-likelihood of the samples")
        call check(stats%flow_mean_steps >= 64 .and. stats%flow_max_steps >= stats%flow_mean_steps, &
                   "at least 64 accepted steps per trajectory")
        call check(stats%flow_rejected_steps >= 0 .and. stats%corrector_proposals == 0, "flow counters only")
        call end_test()
    end subroutine sample_flow_log_q_is_the_log_likelihood_of_its_samples

    ! Sample i depends only on (seed, i): the same bits on one thread and on two; a run is a prefix
    ! of a longer one (log_q left out); another seed gives other samples.
    subroutine same_seed_gives_identical_flow_samples_on_1_and_2_threads()
        type(ofdm_sample_options) :: options
        real(real64) :: one(2, 150), two(2, 150), other(2, 150), prefix(2, 40), log_one(150), log_two(150)
        call begin_test("same_seed_gives_identical_flow_samples_on_1_and_2_threads")
        options = ofdm_default_flow_options()
        options%seed = 5
        options%threads = 1
        call banana%sample_flow(one, log_one, options)
        options%threads = 2
        call banana%sample_flow(two, log_two, options)
        call banana%sample_flow(prefix, options=options)
        options%seed = 6
        call banana%sample_flow(other, options=options)
        call check(all(one == two) .and. all(log_one == log_two), "1 and 2 threads give the same bits")
        call check(all(prefix == one(:, 1:40)), "a run is a prefix of a longer one")
        call check(any(other /= one), "another seed gives other samples")
        call end_test()
    end subroutine same_seed_gives_identical_flow_samples_on_1_and_2_threads

    ! log_target = log_q + 3: every ratio is e³, so w = 1/n, ESS = n, log Z = 3 with zero error.
    ! Tolerances: sums of n rounded terms, ~n·ε relative.
    subroutine a_target_proportional_to_q_gives_uniform_weights()
        type(ofdm_importance_summary) :: summary
        real(real64) :: samples(2, 100), log_q(100), weights(100)
        call begin_test("a_target_proportional_to_q_gives_uniform_weights")
        call banana%sample_flow(samples, log_q)
        call ofdm_importance_weights(log_q + 3.0_real64, log_q, weights, summary)
        call check(all(abs(weights - 0.01_real64) <= 1e-14_real64), "uniform weights 1/n")
        call check(abs(summary%effective_sample_size - 100) <= 1e-10_real64, "ESS = n")
        call check(abs(summary%ess_per_sample - 1) <= 1e-12_real64, "ESS / n = 1")
        call check(abs(summary%log_z - 3) <= 1e-12_real64, "log Z = 3")
        call check(abs(summary%log_z_error) <= 1e-6_real64, "log Z error 0")
        call check(abs(summary%max_weight - 0.01_real64) <= 1e-14_real64, "max weight 1/n")
        call end_test()
    end subroutine a_target_proportional_to_q_gives_uniform_weights

    ! Ratios (1, 3, 0) (the last log_target is −Inf): w = (1/4, 3/4, 0), ESS = 1/(1/16 + 9/16) =
    ! 1.6, log Z = log(4/3), its error sqrt((n Σw² − 1)/(n − 1)) = sqrt(7/16). Means of f = (2, 4),
    ! a constant 7 and −f with w = (1, 3): (3.5, 7, −3.5), errors sqrt(9/64 + 9/64) = 3/(4√2) for
    ! ±f and 0 for the constant. Rounding only.
    subroutine hand_computed_weights_summary_and_means()
        type(ofdm_importance_summary) :: summary
        real(real64) :: weights(3), mean(3), error(3), e
        real(real64), parameter :: values(3, 2) = reshape([2.0_real64, 7.0_real64, -2.0_real64, &
                                                            4.0_real64, 7.0_real64, -4.0_real64], [3, 2])
        call begin_test("hand_computed_weights_summary_and_means")
        call ofdm_importance_weights([0.0_real64, log(3.0_real64) + 2, ieee_value(0.0_real64, ieee_negative_inf)], &
                                     [0.0_real64, 2.0_real64, 5.0_real64], weights, summary)
        call check(all(abs(weights - [0.25_real64, 0.75_real64, 0.0_real64]) <= 1e-15_real64), "weights")
        call check(abs(summary%effective_sample_size - 1.6_real64) <= 1e-14_real64, "ESS 1.6")
        call check(abs(summary%log_z - log(4.0_real64 / 3)) <= 1e-15_real64, "log Z = log(4/3)")
        call check(abs(summary%log_z_error - sqrt(7.0_real64 / 16)) <= 1e-15_real64, "log Z error sqrt(7/16)")
        call check(abs(summary%max_weight - 0.75_real64) <= 1e-15_real64, "max weight 3/4")
        call ofdm_importance_weights([1.5_real64], [0.5_real64], summary=summary)
        call check(ieee_is_nan(summary%log_z_error), "one sample: log Z error NaN")
        e = 3 / (4 * sqrt(2.0_real64))
        call ofdm_importance_means([1.0_real64, 3.0_real64], values, mean, error)
        call check(all(abs(mean - [3.5_real64, 7.0_real64, -3.5_real64]) <= 1e-14_real64), "means")
        call check(all(abs(error - [e, 0.0_real64, e]) <= 1e-15_real64), "standard errors")
        call end_test()
    end subroutine hand_computed_weights_summary_and_means

    subroutine errors_name_the_input_and_write_nothing()
        type(ofdm_error_t) :: err
        real(real64) :: points(2, 2), out(2), weights(2), mean(1), nan
        call begin_test("errors_name_the_input_and_write_nothing")
        nan = ieee_value(0.0_real64, ieee_quiet_nan)
        points = reshape([0.0_real64, 0.0_real64, 0.5_real64, nan], [2, 2])
        out = 12345.0_real64
        call banana%log_likelihood(points, out, err=err)
        call check(err%status == OFDM_ERR_NONFINITE_INPUT, "NaN in x: OFDM_ERR_NONFINITE_INPUT")
        call check(index(err%message, "row 1, column 1") > 0, "the message names row 1, column 1: " // err%message)
        call check(all(out == 12345.0_real64), "nothing written")
        weights = 12345.0_real64
        call ofdm_importance_weights([0.0_real64, nan], [0.0_real64, 0.0_real64], weights, err=err)
        call check(err%status == OFDM_ERR_NONFINITE_INPUT, "NaN in log_target: OFDM_ERR_NONFINITE_INPUT")
        call check(index(err%message, "log_target[1]") > 0, "the message names log_target[1]: " // err%message)
        call check(all(weights == 12345.0_real64), "no weights written")
        call ofdm_importance_weights([0.0_real64, 0.0_real64], [0.0_real64], err=err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT, "sizes differ: OFDM_ERR_INVALID_ARGUMENT")
        call ofdm_importance_means([1.0_real64, -1.0_real64], reshape([1.0_real64, 2.0_real64], [1, 2]), mean, &
                                   err=err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT .and. index(err%message, "weights[1]") > 0, &
                   "a negative weight: " // err%message)
        call banana%log_likelihood(points(:, 1:1), out, err=err)
        call check(.not. err%failed(), "err is reset by a success")
        call end_test()
    end subroutine errors_name_the_input_and_write_nothing
end program test_likelihood

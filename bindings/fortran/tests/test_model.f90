! test_model — fits whose answers are known exactly, and the model's accessors, through the
! Fortran binding: scores and log-densities at several t including ∞, coefficients in both time
! modes, the latent maps with a padded leading dimension, options, sizes and the borrowed basis,
! the rank of a well-posed fit, and the *_init functions' sizes and defaults.
program test_model
    use, intrinsic :: iso_c_binding, only: c_int32_t, c_associated, c_sizeof
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_positive_inf, ieee_quiet_nan
    use ofdm
    use test_harness
    use test_data, only: correlated_sample, correlated_n, random_stream
    use test_fixtures, only: fit_correlated, evaluation_points, n_points
    implicit none

    ! Moments of a sample in the model's standardized coordinates z = (x − mean) / std.
    type :: empirical_moments
        real(real64) :: mean(2), std(2), mu(2), cov(2, 2)
    end type empirical_moments

    real(real64) :: infinity
    infinity = ieee_value(1.0_real64, ieee_positive_inf)

    call degree2_fit_reproduces_the_exact_gaussian_score()
    call log_density_at_infinity_is_the_normalized_stationary_law()
    call coefficients_decay_as_the_perturbation_mode_says()
    call latent_maps_round_trip_with_a_padded_leading_dimension()
    call model_reports_its_options_sizes_and_borrowed_basis()
    call a_well_posed_fit_has_the_rank_of_its_basis_size()
    call init_writes_every_field_of_the_mirror()
    if (tests_failed() > 0) error stop 1

contains

    function moments_of(x) result(e)
        real(real64), intent(in) :: x(:, :)
        type(empirical_moments) :: e
        real(real64) :: z(2, size(x, 2))
        integer :: j, n
        n = size(x, 2)
        do j = 1, 2
            e%mean(j) = sum(x(j, :)) / n
            e%std(j) = sqrt(sum((x(j, :) - e%mean(j))**2) / n) ! divisor n, as the library
            z(j, :) = (x(j, :) - e%mean(j)) / e%std(j)
            e%mu(j) = sum(z(j, :)) / n
        end do
        e%cov = matmul(z, transpose(z)) / n
        e%cov(:, 1) = e%cov(:, 1) - e%mu * e%mu(1)
        e%cov(:, 2) = e%cov(:, 2) - e%mu * e%mu(2)
    end function moments_of

    ! The exact answer for a degree-2 basis (the same derivation as tests/capi/test_api_model.c):
    ! G(t) and b(t) involve only moments of degree <= 2 of p_t, the OU evolution of the empirical
    ! law; these equal those of the Gaussian q_t with the same mean and covariance, whose score
    ! −Σ_t⁻¹(z − m_t) lies in the model class, so the projection returns it exactly. In z:
    ! m_t = e^{−t} μ, Σ_t = e^{−2t} C + (1 − e^{−2t})/β I; in x the score is W^T s_z, W = diag(1/std).
    subroutine gaussian_truth(e, beta, t, x, score, log_q)
        type(empirical_moments), intent(in) :: e
        real(real64), intent(in) :: beta, t, x(2)
        real(real64), intent(out) :: score(2), log_q
        real(real64) :: sigma(2, 2), inverse(2, 2), r(2), s(2)
        sigma = exp(-2 * t) * e%cov
        sigma(1, 1) = sigma(1, 1) + (1 - exp(-2 * t)) / beta
        sigma(2, 2) = sigma(2, 2) + (1 - exp(-2 * t)) / beta
        inverse = reshape([sigma(2, 2), -sigma(2, 1), -sigma(1, 2), sigma(1, 1)], [2, 2]) / &
                  (sigma(1, 1) * sigma(2, 2) - sigma(1, 2) * sigma(2, 1))
        r = (x - e%mean) / e%std - exp(-t) * e%mu
        s = -matmul(inverse, r)
        score = s / e%std
        log_q = 0.5_real64 * dot_product(r, s)
    end subroutine gaussian_truth

    ! Tolerance 1e-8, as in the C suite: moments are means of 4000 products (relative rounding
    ! ~1e-12) and G(t) is a well-conditioned 5 × 5 system, so the identity holds to ~1e-11; 1e-8
    ! still catches any wrong factor, sign, transpose of the (d, n) layout or time dependence.
    subroutine degree2_fit_reproduces_the_exact_gaussian_score()
        real(real64), parameter :: betas(2) = [1.0_real64, 2.5_real64]
        real(real64), parameter :: times(3) = [0.0_real64, 0.5_real64, 2.0_real64]
        type(ofdm_model_t) :: model
        type(empirical_moments) :: e
        real(real64) :: got(2, n_points), log_p(n_points), truth(2), log_q(n_points), want
        integer :: ib, it, p
        call begin_test("degree2_fit_reproduces_the_exact_gaussian_score")
        e = moments_of(correlated_sample(101_int64))
        do ib = 1, 2
            call fit_correlated(model, 101_int64, betas(ib), OFDM_TIME_GALERKIN)
            do it = 1, 3
                call model%score(times(it), evaluation_points, got)
                call model%log_density(times(it), evaluation_points, log_p)
                do p = 1, n_points
                    call gaussian_truth(e, betas(ib), times(it), evaluation_points(:, p), truth, log_q(p))
                    call check(norm2(got(:, p) - truth) <= 1e-8_real64 * (1 + norm2(truth)), &
                               "score equals the exact Gaussian score")
                end do
                do p = 2, n_points ! differences remove the t-only constant
                    want = log_q(p) - log_q(1)
                    call check(abs((log_p(p) - log_p(1)) - want) <= 1e-8_real64 * (1 + abs(want)), &
                               "log-density differences equal the Gaussian ones")
                end do
            end do
        end do
        call end_test()
    end subroutine degree2_fit_reproduces_the_exact_gaussian_score

    ! At t = ∞: (d/2) log(β/2π) − β|z|²/2 − Σ_j log std_j. Tolerance 1e-12: a few rounded operations.
    subroutine log_density_at_infinity_is_the_normalized_stationary_law()
        real(real64), parameter :: beta = 2.5_real64, pi = 3.141592653589793_real64
        type(ofdm_model_t) :: model
        type(empirical_moments) :: e
        real(real64) :: got(n_points), z(2), want
        integer :: p
        call begin_test("log_density_at_infinity_is_the_normalized_stationary_law")
        e = moments_of(correlated_sample(101_int64))
        call fit_correlated(model, 101_int64, beta, OFDM_TIME_GALERKIN)
        call model%log_density(infinity, evaluation_points, got)
        do p = 1, n_points
            z = (evaluation_points(:, p) - e%mean) / e%std
            want = log(beta / (2 * pi)) - 0.5_real64 * beta * sum(z**2) - sum(log(e%std))
            call check(abs(got(p) - want) <= 1e-12_real64 * (1 + abs(want)), "normalized stationary law")
        end do
        call end_test()
    end subroutine log_density_at_infinity_is_the_normalized_stationary_law

    ! α(∞) = 0 (b(∞) = 0), and in perturbation mode α_k(t) = e^{−|k| t} α_k(0), with α(0) the
    ! Galerkin solve at t = 0. Tolerance 1e-14 relative: one exp and one product of rounding.
    subroutine coefficients_decay_as_the_perturbation_mode_says()
        real(real64), parameter :: t = 0.7_real64
        type(ofdm_model_t) :: galerkin, perturbation
        type(ofdm_basis_t) :: basis
        integer(c_int32_t), allocatable :: indices(:, :)
        real(real64) :: alpha(7), alpha0(5), alpha_t(5)
        integer :: k
        call begin_test("coefficients_decay_as_the_perturbation_mode_says")
        call fit_correlated(galerkin, 202_int64, 1.0_real64, OFDM_TIME_GALERKIN)
        call fit_correlated(perturbation, 202_int64, 1.0_real64, OFDM_TIME_PERTURBATION)
        call perturbation%get_basis(basis)
        call basis%indices(indices)
        alpha = 42
        call galerkin%coefficients(infinity, alpha)
        call check(all(alpha(1:5) == 0), "α(∞) = 0")
        call check(all(alpha(6:7) == 42), "only K = 5 coefficients are written")
        call galerkin%coefficients(0.0_real64, alpha)
        call perturbation%coefficients(0.0_real64, alpha0)
        call perturbation%coefficients(t, alpha_t)
        do k = 1, 5
            call check(abs(alpha0(k) - alpha(k)) <= 1e-14_real64 * abs(alpha(k)), "same α(0) in both modes")
            call check(abs(alpha_t(k) - exp(-sum(indices(:, k)) * t) * alpha0(k)) <= &
                       1e-14_real64 * abs(alpha0(k)), "α_k(t) = e^{−|k| t} α_k(0)")
        end do
        call end_test()
    end subroutine coefficients_decay_as_the_perturbation_mode_says

    ! Points in x(3, n) — ld = 3, a NaN in the unused row 3 — map to z = (x − mean)/std and back.
    ! Tolerance 1e-14·(|x| + 4): two rounded operations each way on values of size |x|, |mean| <= 3.
    subroutine latent_maps_round_trip_with_a_padded_leading_dimension()
        type(ofdm_model_t) :: model
        type(empirical_moments) :: e
        real(real64) :: padded(3, n_points), z(2, n_points), back(4, n_points), want
        integer :: p, j
        call begin_test("latent_maps_round_trip_with_a_padded_leading_dimension")
        e = moments_of(correlated_sample(303_int64))
        call fit_correlated(model, 303_int64, 1.0_real64, OFDM_TIME_GALERKIN)
        padded(1:2, :) = evaluation_points
        padded(3, :) = ieee_value(1.0_real64, ieee_quiet_nan)
        call model%to_latent(padded, z)
        call model%from_latent(z, back)
        do p = 1, n_points
            do j = 1, 2
                want = (evaluation_points(j, p) - e%mean(j)) / e%std(j)
                call check(abs(z(j, p) - want) <= 1e-14_real64 * (abs(want) + 4), "z = (x − mean)/std")
                call check(abs(back(j, p) - evaluation_points(j, p)) <= &
                           1e-14_real64 * (abs(evaluation_points(j, p)) + 4), "from_latent inverts to_latent")
            end do
        end do
        call end_test()
    end subroutine latent_maps_round_trip_with_a_padded_leading_dimension

    ! The fit options come back as set; sizes are the data's; the borrowed basis is the model's
    ! and "freeing" it only forgets it: the model still scores afterwards.
    subroutine model_reports_its_options_sizes_and_borrowed_basis()
        type(ofdm_basis_t) :: basis, borrowed
        type(ofdm_model_t) :: model
        type(ofdm_fit_options) :: set, got
        real(real64) :: score(2, n_points)
        type(ofdm_error_t) :: err
        call begin_test("model_reports_its_options_sizes_and_borrowed_basis")
        set = ofdm_default_fit_options()
        call check(set%beta == 1 .and. set%ridge == 0, "default β = 1, ridge = 0")
        call check(set%coordinates == OFDM_COORDINATES_STANDARDIZE, "default: standardized")
        call check(set%time_mode == OFDM_TIME_GALERKIN, "default: Galerkin")
        set%beta = 2.5_real64
        set%coordinates = OFDM_COORDINATES_NONE
        set%time_mode = OFDM_TIME_PERTURBATION
        set%ridge = 1e-6_real64
        call basis%create_total_degree(2, 3)
        call model%fit(basis, correlated_sample(404_int64), set)
        call model%fit_options(got)
        call check(got%beta == 2.5_real64 .and. got%ridge == 1e-6_real64, "β and ridge as set")
        call check(got%coordinates == OFDM_COORDINATES_NONE, "coordinates as set")
        call check(got%time_mode == OFDM_TIME_PERTURBATION, "time mode as set")
        call check(model%dim() == 2 .and. model%beta() == 2.5_real64, "d = 2, β = 2.5")
        call check(model%latent_dim() == 2, "r = d without PCA")
        call check(set%data_dim == 0 .and. got%data_dim == 2, "data_dim: 0 by default, the model's d after")
        call check(model%training_size() == correlated_n, "training size = n")
        call model%get_basis(borrowed)
        call check(.not. borrowed%owned, "the model's basis is borrowed")
        call check(borrowed%size() == basis%size(), "the model's basis has the fitted K")
        call borrowed%free()
        call model%score(1.0_real64, evaluation_points, score, err)
        call check(.not. err%failed(), "the model still works after its borrowed basis is dropped")
        call end_test()
    end subroutine model_reports_its_options_sizes_and_borrowed_basis

    ! A well-posed fit uses every basis function: rank() is the basis size (correlated Gaussian
    ! data, total degree 3, K = 9; a 3-D chain graph basis on 500 standard normal points).
    subroutine a_well_posed_fit_has_the_rank_of_its_basis_size()
        type(ofdm_basis_t) :: basis
        type(ofdm_model_t) :: model
        type(random_stream) :: stream
        real(real64) :: x(3, 500)
        integer :: i, j
        call begin_test("a_well_posed_fit_has_the_rank_of_its_basis_size")
        call basis%create_total_degree(2, 3)
        call model%fit(basis, correlated_sample(404_int64))
        call check(basis%size() == 9 .and. model%rank() == 9, "rank = K = 9")
        stream%state = 21
        do i = 1, 500
            do j = 1, 3
                x(j, i) = stream%normal01()
            end do
        end do
        call basis%create_graph(3, 3, reshape([0, 1, 1, 2], [2, 2]))
        call model%fit(basis, x)
        call check(model%rank() == basis%size(), "graph basis: rank = K")
        call check(model%rank() > 0, "a non-empty basis")
        call basis%free()
        call model%free()
        call end_test()
    end subroutine a_well_posed_fit_has_the_rank_of_its_basis_size

    ! The *_init functions pass c_sizeof of the Fortran mirror to *_init_sized: the library
    ! accepts it, writes it into struct_size, and writes every field, the ones 0.2 added to
    ! ofdm_fit_options included (the 0.1 function of the same C name would leave memory_limit and
    ! data_dim as they were).
    subroutine init_writes_every_field_of_the_mirror()
        type(ofdm_fit_options) :: fitting
        type(ofdm_sample_options) :: sampling
        type(ofdm_select_options) :: selection
        call begin_test("init_writes_every_field_of_the_mirror")
        fitting%struct_size = 0
        fitting%memory_limit = -1
        fitting%data_dim = -1
        call check(ofdm_fit_options_init(fitting) == OFDM_OK, "ofdm_fit_options_init succeeds")
        call check(fitting%struct_size == c_sizeof(fitting), "struct_size = c_sizeof of the mirror")
        call check(fitting%memory_limit == 0 .and. fitting%data_dim == 0, "memory_limit and data_dim written")
        sampling%tolerance = -1
        call check(ofdm_flow_options_init(sampling) == OFDM_OK, "ofdm_flow_options_init succeeds")
        call check(sampling%struct_size == c_sizeof(sampling), "sample options: struct_size")
        call check(sampling%tolerance == 1e-6_real64 .and. sampling%steps == 64, "the last field written")
        selection%latent_dim = -1
        call check(ofdm_select_options_init(selection) == OFDM_OK, "ofdm_select_options_init succeeds")
        call check(selection%struct_size == c_sizeof(selection) .and. selection%latent_dim == 0, &
                   "select options: struct_size and the last field")
        call check(ofdm_fit_options_init_sized(fitting, c_sizeof(fitting) - 1) == OFDM_ERR_INVALID_ARGUMENT, &
                   "a size that is no layout is refused")
        call check(index(ofdm_last_error_text(), "size") > 0, "naming the size: " // ofdm_last_error_text())
        call end_test()
    end subroutine init_writes_every_field_of_the_mirror
end program test_model

! test_coordinates — the coordinate maps that need the data's covariance, through the Fortran
! binding: symmetric whitening, and PCA, where the data dimension d exceeds the latent (basis)
! dimension r and every shape follows ofdm.h: fit, samples and scores x(d, n), to_latent
! x(d, n) → z(r, n), from_latent z(r, n) → x(d, n).
program test_coordinates
    use, intrinsic :: iso_c_binding, only: c_int8_t, c_int64_t, c_associated
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use ofdm
    use test_harness
    use test_data, only: random_stream, correlated_sample, correlated_n
    implicit none

    integer, parameter :: d = 5, r = 2, n = 3000
    real(real64), parameter :: mean(d) = [1.0_real64, -2.0_real64, 0.5_real64, 3.0_real64, -1.0_real64]
    ! The 5 × 2 mixing matrix A, column by column.
    real(real64), parameter :: mixing(d, r) = reshape([1.0_real64, -0.5_real64, 0.8_real64, 0.2_real64, -1.1_real64, &
                                                       0.3_real64, 1.2_real64, -0.7_real64, 0.9_real64, 0.4_real64], &
                                                      [d, r])

    call pca_model_has_data_dim_d_and_latent_dim_r()
    call pca_whitens_the_training_data_exactly()
    call pca_samples_lie_on_the_principal_subspace()
    call pca_data_dim_comes_from_the_rows_of_x()
    call whitening_gives_unit_covariance_and_inverts_exactly()
    if (tests_failed() > 0) error stop 1

contains

    ! x(:, i) = m + A y + 0.02 ε, y ~ N(0, I_2), ε ~ N(0, I_5): n points near a 2-D subspace of R^5.
    function near_plane_sample(count, seed) result(x)
        integer, intent(in) :: count
        integer(int64), intent(in) :: seed
        real(real64) :: x(d, count), y(r)
        type(random_stream) :: rng
        integer :: i, j
        rng%state = seed
        do i = 1, count
            y(1) = rng%normal01()
            y(2) = rng%normal01()
            do j = 1, d
                x(j, i) = mean(j) + dot_product(mixing(j, :), y) + 0.02_real64 * rng%normal01()
            end do
        end do
    end function near_plane_sample

    subroutine fit_pca(model, x)
        type(ofdm_model_t), intent(inout) :: model
        real(real64), intent(in) :: x(:, :)
        type(ofdm_basis_t) :: basis
        type(ofdm_fit_options) :: options
        call basis%create_total_degree(r, 2)
        options = ofdm_default_fit_options()
        options%coordinates = OFDM_COORDINATES_PCA
        call model%fit(basis, x, options)
        call basis%free()
    end subroutine fit_pca

    ! max |C − I| over the covariance C (divisor n) of the columns of z, and max |mean|.
    subroutine whiteness(z, mean_error, covariance_error)
        real(real64), intent(in) :: z(:, :)
        real(real64), intent(out) :: mean_error, covariance_error
        real(real64) :: centred(size(z, 1), size(z, 2)), covariance(size(z, 1), size(z, 1))
        integer :: j
        do j = 1, size(z, 1)
            centred(j, :) = z(j, :) - sum(z(j, :)) / size(z, 2)
        end do
        mean_error = maxval(abs(sum(z, dim=2) / size(z, 2)))
        covariance = matmul(centred, transpose(centred)) / size(z, 2)
        do j = 1, size(z, 1)
            covariance(j, j) = covariance(j, j) - 1
        end do
        covariance_error = maxval(abs(covariance))
    end subroutine whiteness

    subroutine pca_model_has_data_dim_d_and_latent_dim_r()
        type(ofdm_model_t) :: model
        type(ofdm_basis_t) :: borrowed
        type(ofdm_fit_options) :: got
        call begin_test("pca_model_has_data_dim_d_and_latent_dim_r")
        call fit_pca(model, near_plane_sample(n, 11_int64))
        call check(model%dim() == d, "model%dim() is the data's d = 5")
        call check(model%latent_dim() == r, "model%latent_dim() is the basis's r = 2")
        call model%get_basis(borrowed)
        call check(borrowed%dim() == r, "the basis has dimension r")
        call check(model%training_size() == n, "training size = n")
        call model%fit_options(got)
        call check(got%coordinates == OFDM_COORDINATES_PCA, "coordinates = PCA")
        call check(got%data_dim == d, "options report data_dim = 5")
        call end_test()
    end subroutine pca_model_has_data_dim_d_and_latent_dim_r

    ! z = Λ_r^{-1/2} U_rᵀ (x − m) with Λ, U from this very data's covariance (divisor n), so the
    ! latent mean is 0 and the covariance I up to rounding: ~1e-14 for values of size ~3 summed
    ! over 3000 points, and 1e-10 leaves room for the eigensolver's residual.
    subroutine pca_whitens_the_training_data_exactly()
        type(ofdm_model_t) :: model
        real(real64), allocatable :: x(:, :) ! 120 kB: on the heap, not the stack
        real(real64) :: z(r, n), mean_error, covariance_error
        call begin_test("pca_whitens_the_training_data_exactly")
        x = near_plane_sample(n, 11_int64)
        call fit_pca(model, x)
        call model%to_latent(x, z)
        call whiteness(z, mean_error, covariance_error)
        call check(mean_error <= 1e-10_real64, "latent mean 0")
        call check(covariance_error <= 1e-10_real64, "latent covariance I")
        call end_test()
    end subroutine pca_whitens_the_training_data_exactly

    ! Samples are decoded by x = m + W⁺ z, and W W⁺ = I, so from_latent(to_latent(x)) gives x
    ! back: two rounded products with entries of size ~5, far below the 1e-10 tolerance. Samples,
    ! scores and flow samples have d rows.
    subroutine pca_samples_lie_on_the_principal_subspace()
        type(ofdm_model_t) :: model
        type(ofdm_sample_options) :: sampling
        type(ofdm_error_t) :: err
        real(real64), allocatable :: x(:, :) ! 120 kB: on the heap, not the stack
        real(real64) :: samples(d, 200), z(r, 200), back(d, 200), score(d, 10)
        real(real64) :: flow(d, 20), log_q(20)
        call begin_test("pca_samples_lie_on_the_principal_subspace")
        x = near_plane_sample(n, 11_int64)
        call fit_pca(model, x)
        sampling = ofdm_default_sample_options()
        sampling%steps = 50
        sampling%seed = 3
        call model%sample(samples, sampling)
        call model%to_latent(samples, z)
        call model%from_latent(z, back)
        call check(maxval(abs(back - samples)) <= 1e-10_real64, "from_latent(to_latent(sample)) = sample")
        call model%score(0.5_real64, x(:, 1:10), score, err)
        call check(.not. err%failed(), "score of d-dimensional points")
        call check(all(abs(score) < huge(1.0_real64)), "finite scores")
        call model%sample_flow(flow, log_q)
        call check(all(abs(flow) < huge(1.0_real64)) .and. all(abs(log_q) < huge(1.0_real64)), &
                   "flow samples with their log-density")
        call end_test()
    end subroutine pca_samples_lie_on_the_principal_subspace

    ! With PCA and data_dim = 0 the wrapper takes d = size(x, 1); an explicit data_dim gives the
    ! same model bit for bit. Without PCA, data_dim /= r is the library's to refuse.
    subroutine pca_data_dim_comes_from_the_rows_of_x()
        type(ofdm_model_t) :: implied, explicit, refused
        type(ofdm_basis_t) :: basis
        type(ofdm_fit_options) :: options
        type(ofdm_error_t) :: err
        integer(c_int8_t), allocatable :: a(:), b(:)
        real(real64) :: x(d, 500)
        call begin_test("pca_data_dim_comes_from_the_rows_of_x")
        x = near_plane_sample(500, 12_int64)
        call fit_pca(implied, x)
        call basis%create_total_degree(r, 2)
        options = ofdm_default_fit_options()
        options%coordinates = OFDM_COORDINATES_PCA
        options%data_dim = d
        call explicit%fit(basis, x, options)
        call implied%save_buffer(a)
        call explicit%save_buffer(b)
        call check(size(a) == size(b), "same serialized size")
        if (size(a) == size(b)) call check(all(a == b), "the same model, bit for bit")
        options = ofdm_default_fit_options()
        options%data_dim = d
        call refused%fit(basis, x, options, err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT, "data_dim /= r without PCA is invalid")
        call check(index(err%message, "data_dim") > 0, "the message names data_dim: " // err%message)
        call check(.not. c_associated(refused%handle), "no model after a failed fit")
        call basis%free()
        call end_test()
    end subroutine pca_data_dim_comes_from_the_rows_of_x

    ! z = U Λ^{-1/2} Uᵀ (x − m) on the data it was fitted to: mean 0 and covariance I up to
    ! rounding (1e-10, as for PCA); from_latent is its exact inverse (r = d), to 1e-12·(|x| + 4).
    subroutine whitening_gives_unit_covariance_and_inverts_exactly()
        type(ofdm_model_t) :: model
        type(ofdm_basis_t) :: basis
        type(ofdm_fit_options) :: options
        real(real64) :: x(2, correlated_n), z(2, correlated_n), back(2, correlated_n)
        real(real64) :: mean_error, covariance_error
        call begin_test("whitening_gives_unit_covariance_and_inverts_exactly")
        x = correlated_sample(707_int64)
        call basis%create_total_degree(2, 2)
        options = ofdm_default_fit_options()
        options%coordinates = OFDM_COORDINATES_WHITEN
        call model%fit(basis, x, options)
        call check(model%dim() == 2 .and. model%latent_dim() == 2, "r = d = 2")
        call model%to_latent(x, z)
        call model%from_latent(z, back)
        call whiteness(z, mean_error, covariance_error)
        call check(mean_error <= 1e-10_real64, "latent mean 0")
        call check(covariance_error <= 1e-10_real64, "latent covariance I")
        call check(all(abs(back - x) <= 1e-12_real64 * (abs(x) + 4)), "from_latent inverts to_latent")
        call basis%free()
        call end_test()
    end subroutine whitening_gives_unit_covariance_and_inverts_exactly
end program test_coordinates

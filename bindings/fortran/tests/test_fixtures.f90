! test_fixtures — the small fitted models and evaluation points the Fortran tests share.
module test_fixtures
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use ofdm
    use test_data, only: correlated_sample
    implicit none
    private
    public :: fit_correlated, evaluation_points, n_points

    integer, parameter :: n_points = 5
    ! Points around the correlated sample's bulk and in its tails (columns are points).
    real(real64), parameter :: evaluation_points(2, n_points) = reshape( &
        [1.0_real64, -3.0_real64, 3.1_real64, -2.2_real64, -2.5_real64, -3.6_real64, &
         0.4_real64, -1.9_real64, 5.0_real64, -3.1_real64], [2, n_points])

contains

    ! The 2-D total-degree-2 model (K = 5) of correlated_sample(seed), standardized coordinates.
    subroutine fit_correlated(model, seed, beta, time_mode)
        type(ofdm_model_t), intent(inout) :: model
        integer(int64), intent(in) :: seed
        real(real64), intent(in) :: beta
        integer, intent(in) :: time_mode
        type(ofdm_basis_t) :: basis
        type(ofdm_fit_options) :: options
        call basis%create_total_degree(2, 2)
        options = ofdm_default_fit_options()
        options%beta = beta
        options%time_mode = time_mode
        call model%fit(basis, correlated_sample(seed), options)
        call basis%free()
    end subroutine fit_correlated
end module test_fixtures

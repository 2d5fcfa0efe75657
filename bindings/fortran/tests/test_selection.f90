! test_selection — model selection without sampling through the Fortran binding: fit_select
! chooses the basis and ridge on held-out samples, and validation_loss scores any model on
! held-out points (ofdm.h, "Model selection without sampling").
program test_selection
    use, intrinsic :: iso_c_binding, only: c_associated
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use, intrinsic :: ieee_arithmetic, only: ieee_is_finite, ieee_value, ieee_quiet_nan
    use ofdm
    use test_harness
    use test_data, only: random_stream
    implicit none

    real(real64), parameter :: centres(2, 3) = reshape([-1.2_real64, 0.0_real64, 1.2_real64, 0.0_real64, &
                                                        0.0_real64, 1.2_real64], [2, 3])

    call chosen_model_beats_a_gaussian_fit_on_fresh_data()
    call select_options_are_the_documented_defaults()
    call bad_input_is_refused_with_its_status_and_message()
    if (tests_failed() > 0) error stop 1

contains

    ! n points of an equal-weight three-mode 2-D Gaussian mixture, σ = 0.45.
    function three_modes(n, seed) result(x)
        integer, intent(in) :: n
        integer(int64), intent(in) :: seed
        real(real64) :: x(2, n)
        type(random_stream) :: rng
        integer :: i, mode
        rng%state = seed
        do i = 1, n
            mode = 1 + int(3 * rng%uniform01()) ! uniform01 < 1, so mode <= 3
            x(1, i) = centres(1, mode) + 0.45_real64 * rng%normal01()
            x(2, i) = centres(2, mode) + 0.45_real64 * rng%normal01()
        end do
    end function three_modes

    ! The report describes the chosen model; on a fresh sample of the same mixture its held-out
    ! loss is no worse than the Gaussian (degree-2) fit's: three modes are far from Gaussian, and
    ! 1e-9 allows for rounding only.
    subroutine chosen_model_beats_a_gaussian_fit_on_fresh_data()
        integer, parameter :: n = 4000
        type(ofdm_model_t) :: chosen, gaussian
        type(ofdm_basis_t) :: basis, borrowed
        type(ofdm_select_options) :: selection
        type(ofdm_select_report) :: report
        real(real64) :: x(2, n), fresh(2, n), loss, baseline
        call begin_test("chosen_model_beats_a_gaussian_fit_on_fresh_data")
        x = three_modes(n, 41_int64)
        selection = ofdm_default_select_options()
        selection%max_degree = 6
        call chosen%fit_select(x, selection=selection, report=report)
        call check(report%degree >= 2 .and. report%degree <= 6, "degree in [2, 6]")
        call chosen%get_basis(borrowed)
        call check(report%basis_size == borrowed%size(), "basis_size is the model's K")
        call check(borrowed%max_degree() == report%degree, "the model's basis has the chosen degree")
        call check(report%interaction >= 0 .and. report%interaction <= 2, "interaction in [0, 2]")
        call check(any(report%ridge == [0.0_real64, 1e-8_real64, 1e-6_real64, 1e-4_real64, 1e-2_real64]), &
                   "the ridge is one of the candidates")
        call check(report%candidates > 0 .and. report%failed >= 0 .and. report%failed < report%candidates, &
                   "candidates tried, not all failed")
        call check(ieee_is_finite(report%validation_loss), "finite held-out loss")
        call check(chosen%dim() == 2 .and. chosen%training_size() == n, "refitted on all samples")
        fresh = three_modes(n, 42_int64)
        call chosen%validation_loss(fresh, loss)
        call basis%create_total_degree(2, 2)
        call gaussian%fit(basis, x)
        call gaussian%validation_loss(fresh, baseline)
        call check(ieee_is_finite(loss) .and. ieee_is_finite(baseline), "finite losses on fresh data")
        call check(loss <= baseline + 1e-9_real64, "the chosen model beats the Gaussian fit")
        call basis%free()
        call end_test()
    end subroutine chosen_model_beats_a_gaussian_fit_on_fresh_data

    subroutine select_options_are_the_documented_defaults()
        type(ofdm_select_options) :: selection
        type(ofdm_select_report) :: report
        type(ofdm_fit_options) :: fitting
        call begin_test("select_options_are_the_documented_defaults")
        selection = ofdm_default_select_options()
        call check(ofdm_select_report_init(report) == OFDM_OK, "ofdm_select_report_init succeeds")
        fitting = ofdm_default_fit_options()
        ! *_init pass the mirror's c_sizeof, which the library accepts and writes into struct_size.
        call check(selection%struct_size == storage_size(selection) / 8, "the selection mirror's size")
        call check(report%struct_size == storage_size(report) / 8, "the report mirror's size")
        call check(fitting%struct_size == storage_size(fitting) / 8, "the fit options mirror's size")
        call check(selection%max_degree == 8 .and. selection%max_interaction == 2, "degree 8, interaction 2")
        call check(selection%validation_fraction == 0.2_real64 .and. selection%seed == 0, "fraction 0.2, seed 0")
        call check(selection%max_basis_size == 4000 .and. selection%latent_dim == 0, "4000 functions, r = d")
        call end_test()
    end subroutine select_options_are_the_documented_defaults

    ! max_degree 0 is refused naming it, with no model; a validation set with fewer rows than the
    ! model's d (x(1, n) for d = 2: ldx = 1 < d) is refused naming ldx, and loss is not written;
    ! NaN is refused.
    subroutine bad_input_is_refused_with_its_status_and_message()
        type(ofdm_model_t) :: model, gaussian
        type(ofdm_basis_t) :: basis
        type(ofdm_select_options) :: selection
        type(ofdm_error_t) :: err
        real(real64) :: x(2, 200), narrow(1, 10), loss
        call begin_test("bad_input_is_refused_with_its_status_and_message")
        x = three_modes(200, 46_int64)
        selection = ofdm_default_select_options()
        selection%max_degree = 0
        call model%fit_select(x, selection=selection, err=err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT, "max_degree 0 is invalid")
        call check(index(err%message, "max_degree") > 0, "the message names max_degree: " // err%message)
        call check(.not. c_associated(model%handle), "no model after a failed selection")
        call basis%create_total_degree(2, 2)
        call gaussian%fit(basis, x)
        narrow = 0
        loss = 42
        call gaussian%validation_loss(narrow, loss, err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT, "too few coordinates are invalid")
        call check(index(err%message, "ldx") > 0, "the message names ldx: " // err%message)
        call check(loss == 42, "loss is written only on success")
        x(2, 7) = ieee_value(1.0_real64, ieee_quiet_nan)
        call gaussian%validation_loss(x, loss, err)
        call check(err%status == OFDM_ERR_NONFINITE_INPUT, "NaN is refused")
        call basis%free()
        call end_test()
    end subroutine bad_input_is_refused_with_its_status_and_message
end program test_selection

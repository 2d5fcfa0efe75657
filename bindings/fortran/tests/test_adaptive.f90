! test_adaptive — the adaptive basis through the Fortran binding (ofdm.h, "Adaptive basis",
! ofdm_fit_adaptive): it recovers a planted sparse log-density, its report describes the model
! it returns, max_rounds bounds the growth, the defaults are the documented ones, and a bad
! option is refused by name without leaving a model behind.
program test_adaptive
    use, intrinsic :: iso_c_binding, only: c_associated, c_loc, c_ptr, c_int32_t, c_int64_t
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use, intrinsic :: ieee_arithmetic, only: ieee_is_finite
    use ofdm
    use test_harness
    use test_data, only: random_stream
    implicit none

    call planted_sparse_log_density_is_recovered()
    call max_rounds_bounds_the_growth()
    call adaptive_options_are_the_documented_defaults()
    call bad_option_is_refused_and_leaves_no_model()
    if (tests_failed() > 0) error stop 1

contains

    ! The planted sparse log-density of tests/capi/test_api_adaptive.c in d = 3, sampled exactly
    ! with the same stream (so the same seed gives the C test's data):
    !   x0 ~ p0 ∝ exp(−x0⁴/4 + x0²/2) (by rejection from N(0, 1.5²)),
    !   x1 | x0 ~ N(0.8 x0, 0.6²),  x2 ~ N(0, 1).
    ! Relative to π = N(0, I) the log-density is, up to a constant,
    !   h = −x0⁴/4 + x0² − (x1 − 0.8 x0)²/0.72 + x1²/2,
    ! whose only terms are x0⁴, x0², x0 x1 and x1²: in Hermite functions the indices (4,0,0),
    ! (2,0,0), (1,1,0), (0,2,0). x2 is π's own coordinate: nothing is to be learned there.
    function planted_sample(n, seed) result(x)
        integer, intent(in) :: n
        integer(int64), intent(in) :: seed
        real(real64) :: x(3, n)
        ! The bound of p0 / N(0, 1.5²) up to constants: exp(−x⁴/4 + x²/2 + x²/4.5), largest at
        ! x² = 1 + 1/2.25.
        real(real64), parameter :: top_x2 = 1.0_real64 + 1.0_real64 / 2.25_real64
        real(real64), parameter :: log_bound = -top_x2 * top_x2 / 4.0_real64 + top_x2 / 2.0_real64 + &
                                               top_x2 / 4.5_real64
        type(random_stream) :: rng
        real(real64) :: x0, log_ratio
        integer :: i
        rng%state = seed
        i = 0
        do while (i < n)
            x0 = 1.5_real64 * rng%normal01()
            log_ratio = -x0 * x0 * x0 * x0 / 4.0_real64 + x0 * x0 / 2.0_real64 + x0 * x0 / 4.5_real64 - log_bound
            if (log(rng%uniform01()) >= log_ratio) cycle
            i = i + 1
            x(1, i) = x0
            x(2, i) = 0.8_real64 * x0 + 0.6_real64 * rng%normal01()
            x(3, i) = rng%normal01()
        end do
    end function planted_sample

    ! The planted terms are found in the identity coordinates the density was written in.
    function identity_coordinates() result(options)
        type(ofdm_fit_options) :: options
        options = ofdm_default_fit_options()
        options%coordinates = OFDM_COORDINATES_NONE
    end function identity_coordinates

    logical function has_index(indices, a, b, c)
        integer(c_int32_t), intent(in) :: indices(:, :)
        integer, intent(in) :: a, b, c
        has_index = any(indices(1, :) == a .and. indices(2, :) == b .and. indices(3, :) == c)
    end function has_index

    ! As the C test on the same data: the planted terms x0⁴ and x0 x1 are chosen, and nothing in
    ! the coordinate there is nothing to learn in (no function of x2 beyond the start set's x2
    ! and x2², no interaction with x2); the report is the model's: its basis size, one criterion
    ! value per kept round plus the start set's, each strictly lower than the one before (a round
    ! is kept only when it lowers the criterion). How far the growth goes along x0 and x1 is the
    ! library's concern (tests/capi/test_api_adaptive.c bounds the degree), not the binding's.
    subroutine planted_sparse_log_density_is_recovered()
        integer, parameter :: n = 6000
        type(ofdm_model_t) :: model
        type(ofdm_basis_t) :: basis
        type(ofdm_adaptive_report_t) :: report
        integer(c_int32_t), allocatable :: indices(:, :)
        real(real64), allocatable :: x(:, :)
        integer :: k
        logical :: spurious
        character(*), parameter :: planted_format = '("    planted: K = ", i0, " after ", i0, " rounds (stop ", i0, ' // &
                                                    '"), ridge ", es8.1, ":", *(:, " (", i0, ",", i0, ",", i0, ")"))'
        call begin_test("planted_sparse_log_density_is_recovered")
        x = planted_sample(n, 71_int64)
        call model%fit_adaptive(x, identity_coordinates(), report=report)
        call model%get_basis(basis)
        call basis%indices(indices)
        write (*, planted_format) size(indices, 2), report%rounds, report%stop, report%ridge, indices
        call check(size(indices, 1) == 3 .and. model%dim() == 3, "a basis of dimension 3")
        call check(has_index(indices, 4, 0, 0), "x0^4, index (4,0,0), is chosen")
        call check(has_index(indices, 1, 1, 0), "x0 x1, index (1,1,0), is chosen")
        spurious = .false.
        do k = 1, size(indices, 2)
            if (indices(3, k) > 2 .or. (indices(3, k) > 0 .and. (indices(1, k) > 0 .or. indices(2, k) > 0))) &
                spurious = .true.
        end do
        call check(.not. spurious, "no function of x2 beyond x2, x2^2, no interaction with x2")
        call check(report%basis_size == basis%size(), "basis_size is the model's K")
        call check(report%rounds >= 1, "at least one round kept")
        call check(allocated(report%round_losses), "round_losses allocated")
        if (allocated(report%round_losses)) then
            call check(size(report%round_losses) == report%rounds + 1, "rounds + 1 round losses")
            call check(all(ieee_is_finite(report%round_losses)), "finite round losses")
            call check(all(report%round_losses(2:) < report%round_losses(:size(report%round_losses) - 1)), &
                       "each round loss strictly below the one before")
        end if
        call check(ieee_is_finite(report%validation_loss) .and. report%seconds > 0, "finite loss, time > 0")
        call check(any(report%ridge == [0.0_real64, 1e-8_real64, 1e-6_real64, 1e-4_real64, 1e-2_real64]), &
                   "the ridge is one of the candidates")
        call check(report%candidates > 0, "candidates were scored")
        call check(report%stop >= OFDM_ADAPTIVE_CONVERGED .and. report%stop <= OFDM_ADAPTIVE_MEMORY, &
                   "stop is an ofdm_adaptive_stop")
        call check(model%training_size() == n, "fitted on all samples")
        call model%free()
        call end_test()
    end subroutine planted_sparse_log_density_is_recovered

    ! max_rounds = 0 keeps the start set, x_j and x_j² on each coordinate (K = 2d = 6), and
    ! reports its criterion alone; max_rounds = 1 adds one round, whose first criterion is the
    ! same start set's on the same split (so equal bit for bit) and whose second is lower. With
    ! max_rounds = huge, max_basis_size bounds the growth and the report still holds rounds + 1
    ! values.
    subroutine max_rounds_bounds_the_growth()
        integer, parameter :: n = 1000
        type(ofdm_model_t) :: model
        type(ofdm_basis_t) :: basis
        type(ofdm_adaptive_options) :: adaptive
        type(ofdm_adaptive_report_t) :: start, one, bounded
        integer(c_int32_t), allocatable :: indices(:, :)
        real(real64) :: x(3, n)
        integer(c_int64_t) :: model_size
        integer :: j
        logical :: start_set
        call begin_test("max_rounds_bounds_the_growth")
        x = planted_sample(n, 73_int64)
        adaptive = ofdm_default_adaptive_options()
        adaptive%max_rounds = 0
        call model%fit_adaptive(x, identity_coordinates(), adaptive, start)
        call model%get_basis(basis)
        call basis%indices(indices)
        start_set = size(indices, 2) == 6
        do j = 1, 3
            start_set = start_set .and. count(indices(j, :) == 1 .and. sum(indices, 1) == 1) == 1 .and. &
                        count(indices(j, :) == 2 .and. sum(indices, 1) == 2) == 1
        end do
        call check(start_set, "max_rounds 0: the start set x_j, x_j^2")
        call check(start%basis_size == 6 .and. start%rounds == 0, "max_rounds 0: K = 6, no round")
        call check(start%stop == OFDM_ADAPTIVE_ROUNDS, "max_rounds 0: stopped by max_rounds")
        call check(size(start%round_losses) == 1, "max_rounds 0: one round loss")
        adaptive%max_rounds = 1
        call model%fit_adaptive(x, identity_coordinates(), adaptive, one)
        call check(one%rounds == 1 .and. one%stop == OFDM_ADAPTIVE_ROUNDS, "max_rounds 1: one round, then stop")
        call check(size(one%round_losses) == 2, "max_rounds 1: two round losses")
        if (size(one%round_losses) == 2 .and. size(start%round_losses) == 1) then
            call check(one%round_losses(1) == start%round_losses(1), "the same start set's criterion")
            call check(one%round_losses(2) < one%round_losses(1), "the round lowers it")
        end if
        model_size = basis_size_of(model)
        call check(one%basis_size > 6 .and. one%basis_size == model_size, "the round added functions")
        adaptive%max_rounds = huge(adaptive%max_rounds)
        adaptive%max_basis_size = 8
        call model%fit_adaptive(x, identity_coordinates(), adaptive, bounded)
        model_size = basis_size_of(model)
        call check(bounded%basis_size <= 8 .and. bounded%basis_size == model_size, &
                   "max_basis_size 8 bounds the set")
        call check(bounded%rounds >= 1 .and. size(bounded%round_losses) == bounded%rounds + 1, &
                   "max_rounds = huge: rounds + 1 round losses")
        call model%free()
        call end_test()
    end subroutine max_rounds_bounds_the_growth

    integer(c_int64_t) function basis_size_of(model)
        type(ofdm_model_t), intent(in) :: model
        type(ofdm_basis_t) :: basis
        call model%get_basis(basis)
        basis_size_of = basis%size()
    end function basis_size_of

    ! ofdm.h's defaults; the init functions pass the mirrors' c_sizeof, which the library accepts
    ! and writes into struct_size; the report's init leaves no array (NULL, capacity 0).
    subroutine adaptive_options_are_the_documented_defaults()
        type(ofdm_adaptive_options) :: adaptive
        type(ofdm_adaptive_report) :: raw
        type(ofdm_adaptive_report_t) :: report
        real(real64), target :: sentinel
        call begin_test("adaptive_options_are_the_documented_defaults")
        adaptive = ofdm_default_adaptive_options()
        call check(adaptive%struct_size == storage_size(adaptive) / 8, "the options mirror's size")
        call check(adaptive%max_basis_size == 1000 .and. adaptive%max_rounds == 60, "1000 functions, 60 rounds")
        call check(adaptive%max_per_round == 0 .and. adaptive%max_interaction == 0, "per round 0, interaction 0")
        call check(adaptive%threads == 0 .and. adaptive%seed == 0, "all cores, seed 0")
        call check(adaptive%validation_fraction == 0.2_real64 .and. adaptive%max_seconds == 0, &
                   "fraction 0.2, no time budget")
        call check(adaptive%latent_dim == 0, "r = d")
        raw%round_losses = c_loc(sentinel) ! init must reset what was there
        raw%round_loss_capacity = -1
        call check(ofdm_adaptive_report_init(raw) == OFDM_OK, "ofdm_adaptive_report_init succeeds")
        call check(raw%struct_size == storage_size(raw) / 8, "the report mirror's size")
        call check(.not. c_associated(raw%round_losses) .and. raw%round_loss_capacity == 0, &
                   "no round-loss array after init")
        call check(report%basis_size == 0 .and. .not. allocated(report%round_losses), "an empty report")
        call end_test()
    end subroutine adaptive_options_are_the_documented_defaults

    ! max_basis_size 5 is below the start set's 6 functions: refused with its name, the model
    ! the variable held is gone and none replaces it, and the report is untouched; a
    ! validation_fraction of 0 and too few rows are refused likewise.
    subroutine bad_option_is_refused_and_leaves_no_model()
        type(ofdm_model_t) :: model
        type(ofdm_adaptive_options) :: adaptive
        type(ofdm_adaptive_report_t) :: report
        type(ofdm_error_t) :: err
        real(real64) :: x(3, 500)
        call begin_test("bad_option_is_refused_and_leaves_no_model")
        x = planted_sample(500, 74_int64)
        adaptive = ofdm_default_adaptive_options()
        adaptive%max_rounds = 1
        call model%fit_adaptive(x, identity_coordinates(), adaptive, err=err)
        call check(err%status == OFDM_OK .and. c_associated(model%handle), "a model to begin with")
        report%basis_size = -7
        report%round_losses = [42.0_real64]
        adaptive%max_basis_size = 5
        call model%fit_adaptive(x, identity_coordinates(), adaptive, report, err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT, "max_basis_size 5 is invalid")
        call check(index(err%message, "max_basis_size") > 0, "the message names max_basis_size: " // err%message)
        call check(.not. c_associated(model%handle), "no model after a failed fit")
        call check(report%basis_size == -7 .and. size(report%round_losses) == 1, "the report is untouched")
        adaptive = ofdm_default_adaptive_options()
        adaptive%validation_fraction = 0
        call model%fit_adaptive(x, identity_coordinates(), adaptive, err=err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT .and. index(err%message, "validation_fraction") > 0, &
                   "validation_fraction 0 is refused naming it: " // err%message)
        call model%fit_adaptive(x(:, 1:2), identity_coordinates(), err=err)
        call check(err%status == OFDM_ERR_TOO_FEW_SAMPLES, "two rows are too few for a held-out split")
        call check(.not. c_associated(model%handle), "still no model")
        call end_test()
    end subroutine bad_option_is_refused_and_leaves_no_model
end program test_adaptive

! test_files — model files and buffers through the Fortran binding: a saved and reloaded model
! scores bit-identically, the buffer holds the file's bytes, and `=` makes an independent copy.
program test_files
    use, intrinsic :: iso_c_binding, only: c_int8_t, c_size_t, c_associated
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_positive_inf
    use ofdm
    use test_harness
    use test_fixtures, only: fit_correlated, evaluation_points, n_points
    implicit none

    character(:), allocatable :: directory

    directory = scratch_directory()
    call save_and_load_give_bit_identical_scores()
    call buffer_holds_the_file_bytes_and_loads_back()
    call assignment_makes_an_independent_copy()
    if (tests_failed() > 0) error stop 1

contains

    ! Where run_tests.sh lets the tests write: the first argument, else the current directory.
    function scratch_directory() result(path)
        character(:), allocatable :: path
        integer :: length
        if (command_argument_count() < 1) then
            path = "."
            return
        end if
        call get_command_argument(1, length=length)
        allocate (character(length) :: path)
        call get_command_argument(1, path)
    end function scratch_directory

    ! Scores, log-densities and coefficients of a model at t = 0, 0.3, 1 and ∞, as raw bits.
    function fingerprint(model) result(bits)
        type(ofdm_model_t), intent(in) :: model
        integer(int64), allocatable :: bits(:)
        real(real64) :: times(4), score(2, n_points), log_p(n_points), alpha(5)
        integer :: i
        times = [0.0_real64, 0.3_real64, 1.0_real64, ieee_value(1.0_real64, ieee_positive_inf)]
        allocate (bits(0))
        do i = 1, 4
            call model%score(times(i), evaluation_points, score)
            call model%log_density(times(i), evaluation_points, log_p)
            call model%coefficients(times(i), alpha)
            bits = [bits, transfer(score, 0_int64, size(score)), transfer(log_p, 0_int64, size(log_p)), &
                    transfer(alpha, 0_int64, size(alpha))]
        end do
    end function fingerprint

    function file_bytes(path) result(bytes)
        character(*), intent(in) :: path
        integer(c_int8_t), allocatable :: bytes(:)
        integer :: unit, length
        open (newunit=unit, file=path, access="stream", form="unformatted", status="old", action="read")
        inquire (unit=unit, size=length)
        allocate (bytes(length))
        read (unit) bytes
        close (unit)
    end function file_bytes

    ! The header: "Loading gives bit-identical scores on the same machine."
    subroutine save_and_load_give_bit_identical_scores()
        type(ofdm_model_t) :: model, loaded
        type(ofdm_error_t) :: err
        call begin_test("save_and_load_give_bit_identical_scores")
        call fit_correlated(model, 505_int64, 1.5_real64, OFDM_TIME_GALERKIN)
        call model%save(directory // "/round_trip.ofdm", err)
        call check(.not. err%failed(), "save succeeds")
        call loaded%load(directory // "/round_trip.ofdm", err)
        call check(.not. err%failed(), "load succeeds")
        call check(all(fingerprint(loaded) == fingerprint(model)), "bit-identical outputs")
        call check(loaded%beta() == 1.5_real64 .and. loaded%training_size() == model%training_size(), &
                   "β and training size survive")
        call end_test()
    end subroutine save_and_load_give_bit_identical_scores

    ! save_buffer writes serialized_size bytes, the same bytes as the file, and load_buffer of
    ! them gives the same model again.
    subroutine buffer_holds_the_file_bytes_and_loads_back()
        type(ofdm_model_t) :: model, loaded
        integer(c_int8_t), allocatable :: buffer(:), bytes(:)
        call begin_test("buffer_holds_the_file_bytes_and_loads_back")
        call fit_correlated(model, 606_int64, 1.0_real64, OFDM_TIME_PERTURBATION)
        call model%save(directory // "/buffer.ofdm")
        call model%save_buffer(buffer)
        bytes = file_bytes(directory // "/buffer.ofdm")
        call check(size(buffer, kind=c_size_t) == model%serialized_size(), "buffer size = serialized_size")
        call check(size(buffer) == size(bytes), "buffer size = file size")
        if (size(buffer) == size(bytes)) call check(all(buffer == bytes), "buffer bytes = file bytes")
        call loaded%load_buffer(buffer)
        call check(all(fingerprint(loaded) == fingerprint(model)), "bit-identical outputs")
        call end_test()
    end subroutine buffer_holds_the_file_bytes_and_loads_back

    ! `copy = model` gives copy its own handle: freeing the original leaves the copy working.
    subroutine assignment_makes_an_independent_copy()
        type(ofdm_model_t) :: model, copy
        type(ofdm_basis_t) :: basis, basis_copy
        integer(int64), allocatable :: before(:)
        call begin_test("assignment_makes_an_independent_copy")
        call fit_correlated(model, 707_int64, 1.0_real64, OFDM_TIME_GALERKIN)
        before = fingerprint(model)
        copy = model
        call check(c_associated(copy%handle), "the copy has a handle")
        call check(.not. c_associated(copy%handle, model%handle), "a handle of its own")
        call model%free()
        call check(all(fingerprint(copy) == before), "the copy outlives the original, bit-identical")
        call copy%get_basis(basis)
        basis_copy = basis ! a borrowed basis copies into an owned one
        call check(basis_copy%owned .and. basis_copy%size() == 5, "owned copy of the borrowed basis")
        call copy%free()
        call check(basis_copy%size() == 5, "the basis copy outlives the model")
        call end_test()
    end subroutine assignment_makes_an_independent_copy
end program test_files

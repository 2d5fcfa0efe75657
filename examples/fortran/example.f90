! The example job, the same in every language: fit a 2-D three-mode Gaussian mixture, print the
! score at three points for t = 0.1 and t = 1, draw 1 000 samples and save them (CSV) together
! with the model. The data stream is the C example's (examples/c/example.c), draw for draw, so
! the printed scores are the same line for line.
!
!   B=bindings/fortran; mkdir -p build/fortran
!   gfortran -fwrapv -J build/fortran $B/ofdm_c.f90 $B/ofdm_errors.f90 $B/ofdm_basis_type.f90 \
!       $B/ofdm_model_type.f90 $B/ofdm_model_selection.f90 $B/ofdm_moments_type.f90 \
!       $B/ofdm_reweighting.f90 $B/ofdm.f90 examples/fortran/example.f90 -Lbuild/lib -lofdm \
!       -Wl,-rpath,$PWD/build/lib \
!       -o example && ./example [output-directory]
!
! -fwrapv: splitmix64 needs 64-bit arithmetic modulo 2^64; Fortran has only signed integers, whose
! two's-complement wrap-around gives the same bits, and -fwrapv makes gfortran promise it.
program example
    use, intrinsic :: iso_fortran_env, only: int64, real64, error_unit
    use ofdm
    implicit none

    integer, parameter :: n = 5000, d = 2, n_samples = 1000
    real(real64), parameter :: centre(d, 3) = reshape([-1.2_real64, 0.0_real64, &
                                                       1.2_real64, 0.0_real64, &
                                                       0.0_real64, 1.2_real64], [d, 3])
    real(real64), parameter :: points(d, 3) = reshape([-1.2_real64, 0.0_real64, &
                                                       0.0_real64, 0.5_real64, &
                                                       2.0_real64, 2.0_real64], [d, 3])
    real(real64), parameter :: times(2) = [0.1_real64, 1.0_real64]
    integer(int64) :: state = 42_int64
    real(real64) :: x(d, n), score(d, 3), samples(d, n_samples)
    character(:), allocatable :: directory, path
    type(ofdm_basis_t) :: basis
    type(ofdm_model_t) :: model
    type(ofdm_sample_options) :: sampling
    type(ofdm_error_t) :: err
    integer :: i, k, mode, unit, io

    directory = output_directory()
    do i = 1, n
        mode = int(uniform01() * 3) + 1
        do k = 1, d
            x(k, i) = centre(k, mode) + 0.45_real64 * normal01()
        end do
    end do
    call basis%create_total_degree(d, 8, err=err)
    if (err%failed()) call fail("basis", err)
    call model%fit(basis, x, err=err) ! defaults: β = 1, standardized, Galerkin
    call basis%free()                 ! the model keeps its own copy
    if (err%failed()) call fail("fit", err)

    do i = 1, 2
        call model%score(times(i), points, score, err)
        if (err%failed()) call fail("score", err)
        do k = 1, 3
            write (*, '("score at t = ", f3.1, ", x = (", f5.2, ", ", f5.2, "): (", f8.4, ", ", &
                       &f8.4, ")")') times(i), points(:, k), score(:, k)
        end do
    end do

    sampling = ofdm_default_sample_options()
    sampling%seed = 7
    call model%sample(samples, sampling, err)
    if (err%failed()) call fail("sample", err)
    path = directory // "/samples.csv"
    open (newunit=unit, file=path, status="replace", action="write", iostat=io)
    if (io /= 0) call fail_io(path)
    write (unit, '(a)') "x0,x1"
    do i = 1, n_samples
        write (unit, '(g0, ",", g0)') samples(:, i) ! g0: 17 significant digits, exact round trip
    end do
    close (unit, iostat=io)
    if (io /= 0) call fail_io(path)
    path = directory // "/mixture.ofdm"
    call model%save(path, err)
    if (err%failed()) call fail("save", err)
    write (*, '("wrote ", i0, " samples to ", a, "/samples.csv and the model to ", a)') &
        n_samples, directory, path
    call model%free() ! main-program variables are never finalized

contains

    ! splitmix64 (Steele, Lea & Flood 2014). The constants are the C example's unsigned hex
    ! constants written as the signed int64 with the same bits; shiftr is a logical shift.
    real(real64) function uniform01()
        integer(int64), parameter :: golden_gamma = -7046029254386353131_int64 ! 0x9e3779b97f4a7c15
        integer(int64), parameter :: mix1 = -4658895280553007687_int64         ! 0xbf58476d1ce4e5b9
        integer(int64), parameter :: mix2 = -7723592293110705685_int64         ! 0x94d049bb133111eb
        integer(int64) :: z
        state = state + golden_gamma
        z = state
        z = ieor(z, shiftr(z, 30)) * mix1
        z = ieor(z, shiftr(z, 27)) * mix2
        z = ieor(z, shiftr(z, 31))
        ! The top 53 bits are a non-negative integer below 2^53, exact in a double.
        uniform01 = (real(shiftr(z, 11), real64) + 0.5_real64) / 9007199254740992.0_real64
    end function uniform01

    ! Box–Muller: the radius from the first uniform, the angle from the second.
    real(real64) function normal01()
        real(real64) :: radius
        radius = sqrt(-2.0_real64 * log(uniform01()))
        normal01 = radius * cos(6.283185307179586_real64 * uniform01())
    end function normal01

    function output_directory() result(directory)
        character(:), allocatable :: directory
        integer :: length
        if (command_argument_count() < 1) then
            directory = "."
            return
        end if
        call get_command_argument(1, length=length)
        allocate (character(length) :: directory)
        call get_command_argument(1, directory)
    end function output_directory

    subroutine fail(what, err)
        character(*), intent(in) :: what
        type(ofdm_error_t), intent(in) :: err
        write (error_unit, '(a, ": ", a)') what, err%message
        error stop 1
    end subroutine fail

    subroutine fail_io(path)
        character(*), intent(in) :: path
        write (error_unit, '(a, ": cannot write")') path
        error stop 1
    end subroutine fail_io
end program example

! test_data — reproducible data for the Fortran tests: the splitmix64 + Box–Muller stream of the
! C suites (tests/capi/support/capi_support.h), so the same seed gives the same numbers here.
module test_data
    use, intrinsic :: iso_fortran_env, only: int64, real64
    implicit none
    private
    public :: random_stream, correlated_sample, correlated_n

    ! Rows of correlated_sample, as GN in the C suites.
    integer, parameter :: correlated_n = 4000

    type :: random_stream
        integer(int64) :: state = 0
    contains
        procedure :: uniform01
        procedure :: normal01
    end type random_stream

contains

    ! splitmix64; the unsigned constants as the signed int64 of the same bits, built with
    ! -fwrapv so that the wrap-around of + and * is the defined two's-complement one.
    real(real64) function uniform01(self)
        class(random_stream), intent(inout) :: self
        integer(int64), parameter :: golden_gamma = -7046029254386353131_int64 ! 0x9e3779b97f4a7c15
        integer(int64), parameter :: mix1 = -4658895280553007687_int64         ! 0xbf58476d1ce4e5b9
        integer(int64), parameter :: mix2 = -7723592293110705685_int64         ! 0x94d049bb133111eb
        integer(int64) :: z
        self%state = self%state + golden_gamma
        z = self%state
        z = ieor(z, shiftr(z, 30)) * mix1
        z = ieor(z, shiftr(z, 27)) * mix2
        z = ieor(z, shiftr(z, 31))
        uniform01 = (real(shiftr(z, 11), real64) + 0.5_real64) / 9007199254740992.0_real64
    end function uniform01

    ! Box–Muller, radius first: the order of the draws is part of the data.
    real(real64) function normal01(self)
        class(random_stream), intent(inout) :: self
        real(real64) :: radius
        radius = sqrt(-2.0_real64 * log(self%uniform01()))
        normal01 = radius * cos(6.283185307179586_real64 * self%uniform01())
    end function normal01

    ! x(:, i) = (1 + 2 g₁, −3 + 0.5 (ρ g₁ + sqrt(1 − ρ²) g₂)), ρ = 0.6: a correlated Gaussian.
    function correlated_sample(seed) result(x)
        integer(int64), intent(in) :: seed
        real(real64) :: x(2, correlated_n)
        type(random_stream) :: rng
        real(real64) :: g1, g2
        integer :: i
        rng%state = seed
        do i = 1, correlated_n
            g1 = rng%normal01()
            g2 = rng%normal01()
            x(1, i) = 1.0_real64 + 2.0_real64 * g1
            x(2, i) = -3.0_real64 + 0.5_real64 * (0.6_real64 * g1 + 0.8_real64 * g2)
        end do
    end function correlated_sample
end module test_data

! test_harness — the few assertions the Fortran tests need, printing GoogleTest's markers.
!
! Debian ships no Fortran unit-test framework (pFUnit is not packaged), so this is the smallest
! thing that works: begin_test names a test, check records a failed condition with a description,
! end_test prints "[       OK ] name" or "[  FAILED  ] name". run_tests.sh counts those lines.
module test_harness
    use, intrinsic :: iso_fortran_env, only: output_unit
    implicit none
    private
    public :: begin_test, check, end_test, tests_failed

    character(:), allocatable :: current
    logical :: current_ok = .true.
    integer :: failed_count = 0

contains

    subroutine begin_test(name)
        character(*), intent(in) :: name
        current = name
        current_ok = .true.
        write (*, '("[ RUN      ] ", a)') name
        flush (output_unit)
    end subroutine begin_test

    ! Records `condition`; on failure prints what was expected, so the log explains itself.
    subroutine check(condition, description)
        logical, intent(in) :: condition
        character(*), intent(in) :: description
        if (condition) return
        current_ok = .false.
        write (*, '("    check failed: ", a)') description
    end subroutine check

    subroutine end_test()
        if (current_ok) then
            write (*, '("[       OK ] ", a)') current
        else
            write (*, '("[  FAILED  ] ", a)') current
            failed_count = failed_count + 1
        end if
        flush (output_unit)
    end subroutine end_test

    integer function tests_failed()
        tests_failed = failed_count
    end function tests_failed
end module test_harness

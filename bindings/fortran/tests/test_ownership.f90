! test_ownership — exercises every way a handle changes owner, for run_tests.sh to run under
! valgrind: scope exit (final procedures), refitting and reloading into a used variable, copies
! by assignment, a borrowed basis outliving its scope, explicit free before finalization.
! Success is silence from valgrind: no invalid free, no definite leak.
program test_ownership
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use ofdm
    use test_fixtures, only: fit_correlated
    implicit none
    integer :: round
    do round = 1, 3
        call scoped_handles()
    end do
    call explicit_frees()
    print '(a)', "ownership exercised"

contains

    ! Every local here is finalized when the subroutine returns.
    subroutine scoped_handles()
        type(ofdm_model_t) :: model, copy, reloaded
        type(ofdm_basis_t) :: basis, borrowed, owned_copy
        call fit_correlated(model, 1_int64, 1.0_real64, OFDM_TIME_GALERKIN)
        call fit_correlated(model, 2_int64, 1.0_real64, OFDM_TIME_GALERKIN) ! replaces, frees the first
        copy = model
        copy = model ! the second copy replaces the first
        call reloaded%load_buffer(serialized(copy))
        call basis%create_total_degree(2, 3)
        call basis%create_graph(3, 2, reshape([0, 1], [2, 1])) ! replaces, frees the first
        call model%get_basis(borrowed)
        owned_copy = borrowed
    end subroutine scoped_handles

    function serialized(model) result(buffer)
        type(ofdm_model_t), intent(in) :: model
        integer(1), allocatable :: buffer(:)
        call model%save_buffer(buffer)
    end function serialized

    ! free() then finalization, free() twice, and a borrowed basis freed after its model.
    subroutine explicit_frees()
        type(ofdm_model_t) :: model
        type(ofdm_basis_t) :: borrowed
        call fit_correlated(model, 3_int64, 1.0_real64, OFDM_TIME_GALERKIN)
        call model%get_basis(borrowed)
        call model%free()
        call model%free()
        call borrowed%free()
    end subroutine explicit_frees
end program test_ownership

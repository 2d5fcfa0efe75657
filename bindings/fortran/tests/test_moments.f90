! test_moments — streamed and distributed fits through ofdm_moments_t: a fit from chunks of 1, 7
! and 1000 samples equals the in-memory fit; shards merged, or combined the way MPI combines their
! exported arrays, give the whole data's model; export then import gives back the same array bit
! for bit; misuse reports its status and changes nothing.
program test_moments
    use, intrinsic :: iso_c_binding, only: c_double
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan
    use ofdm
    use test_harness
    use test_data, only: correlated_sample, correlated_n
    implicit none

    integer, parameter :: n = correlated_n

    call streamed_fit_in_any_chunks_equals_the_in_memory_fit()
    call shards_merged_or_combined_like_mpi_give_the_whole_fit()
    call export_import_round_trips_bit_for_bit()
    call misuse_reports_its_status_and_changes_nothing()
    if (tests_failed() > 0) error stop 1

contains

    ! max over t of ‖α_a(t) − α_b(t)‖ / ‖α_b(t)‖.
    real(real64) function relative_difference(a, b, k)
        type(ofdm_model_t), intent(in) :: a, b
        integer, intent(in) :: k
        real(real64) :: alpha(k), beta(k), times(3) = [0.0_real64, 0.3_real64, 2.0_real64]
        integer :: i
        relative_difference = 0
        do i = 1, 3
            call a%coefficients(times(i), alpha)
            call b%coefficients(times(i), beta)
            relative_difference = max(relative_difference, norm2(alpha - beta) / norm2(beta))
        end do
    end function relative_difference

    ! Both passes over the columns of x in chunks of `chunk` columns.
    subroutine stream(moments, basis, x, chunk)
        type(ofdm_moments_t), intent(inout) :: moments
        type(ofdm_basis_t), intent(in) :: basis
        real(real64), intent(in) :: x(:, :)
        integer, intent(in) :: chunk
        integer :: pass, first
        call moments%create(basis)
        do pass = 1, 2
            do first = 1, size(x, 2), chunk
                call moments%add(x(:, first:min(first + chunk - 1, size(x, 2))))
            end do
            if (pass == 1) call moments%begin_moments()
        end do
    end subroutine stream

    ! 1e-13: the streamed standardization and sums agree with the in-memory ones to a few ulps,
    ! and the 14 × 14 systems are well conditioned.
    subroutine streamed_fit_in_any_chunks_equals_the_in_memory_fit()
        type(ofdm_basis_t) :: basis
        type(ofdm_moments_t) :: moments
        type(ofdm_model_t) :: streamed, direct
        real(real64) :: x(2, n), difference
        integer :: chunks(3) = [1, 7, 1000], c
        character(64) :: text
        call begin_test("streamed_fit_in_any_chunks_equals_the_in_memory_fit")
        x = correlated_sample(41_int64)
        call basis%create_total_degree(2, 4)
        call direct%fit(basis, x)
        do c = 1, 3
            call stream(moments, basis, x, chunks(c))
            call check(.not. moments%in_statistics_pass(), "in the moment pass")
            call check(moments%count() == n, "n samples in the moment pass")
            call moments%fit(streamed)
            difference = relative_difference(streamed, direct, 14)
            write (text, '("chunks of ", i0, ": relative difference ", es9.2)') chunks(c), difference
            call check(difference <= 1e-13_real64, trim(text))
        end do
        call end_test()
    end subroutine streamed_fit_in_any_chunks_equals_the_in_memory_fit

    subroutine shards_merged_or_combined_like_mpi_give_the_whole_fit()
        type(ofdm_basis_t) :: basis
        type(ofdm_moments_t) :: rank(2), scratch
        type(ofdm_model_t) :: combined, direct
        real(real64) :: x(2, n)
        real(c_double), allocatable :: statistics(:, :), array(:), other(:), merged(:)
        integer :: r, m, first(2) = [1, n / 2 + 1], last(2) = [n / 2, n]
        call begin_test("shards_merged_or_combined_like_mpi_give_the_whole_fit")
        x = correlated_sample(43_int64)
        call basis%create_total_degree(2, 4)
        call scratch%create(basis)
        do r = 1, 2
            call rank(r)%create(basis)
            call rank(r)%add(x(:, first(r):last(r)))
            call rank(r)%export(array)
            if (r == 1) allocate (statistics(size(array), 2))
            statistics(:, r) = array ! MPI_Allgather
        end do
        do r = 1, 2 ! every rank merges the gathered statistics in rank order
            call rank(r)%import(statistics(:, 1))
            call scratch%import(statistics(:, 2))
            call rank(r)%merge(scratch)
            call rank(r)%begin_moments()
            call rank(r)%add(x(:, first(r):last(r)))
        end do
        call rank(1)%export(array)
        call rank(2)%export(other)
        m = size(array) - 4 - 2 * 2
        array(1:m + 1) = array(1:m + 1) + other(1:m + 1) ! MPI_SUM
        array(m + 2:) = min(array(m + 2:), other(m + 2:)) ! MPI_MIN
        call rank(1)%merge(rank(2))
        call rank(1)%export(merged)
        call check(all(merged == array), "SUM and MIN of the arrays equal merging, bit for bit")
        call rank(2)%import(array)
        call check(rank(2)%count() == n, "the combined count is n")
        call rank(2)%fit(combined)
        call direct%fit(basis, x)
        call check(relative_difference(combined, direct, 14) <= 1e-12_real64, "the combined fit is the whole fit")
        call end_test()
    end subroutine shards_merged_or_combined_like_mpi_give_the_whole_fit

    subroutine export_import_round_trips_bit_for_bit()
        type(ofdm_basis_t) :: basis
        type(ofdm_moments_t) :: source, copy
        real(real64) :: x(2, n)
        real(c_double), allocatable :: statistics(:), again(:), array(:)
        call begin_test("export_import_round_trips_bit_for_bit")
        x = correlated_sample(44_int64)
        call basis%create_total_degree(2, 4)
        call source%create(basis)
        call copy%create(basis)
        call source%add(x)
        call source%export(statistics)
        call check(size(statistics) == 4 + 2 * 2, "a statistics array holds 4 + 2d values")
        call copy%import(statistics)
        call copy%export(again)
        call check(all(transfer(again, 1_int64, size(again)) == transfer(statistics, 1_int64, size(statistics))), &
                   "statistics: the same bits")
        call source%begin_moments()
        call copy%begin_moments()
        call source%add(x)
        call source%export(array)
        call copy%import(array)
        call copy%export(again)
        call check(all(transfer(again, 1_int64, size(again)) == transfer(array, 1_int64, size(array))), &
                   "moments: the same bits")
        call end_test()
    end subroutine export_import_round_trips_bit_for_bit

    subroutine misuse_reports_its_status_and_changes_nothing()
        type(ofdm_basis_t) :: basis
        type(ofdm_moments_t) :: moments, other
        type(ofdm_model_t) :: model
        type(ofdm_fit_options) :: options
        type(ofdm_error_t) :: err
        real(real64) :: x(2, n)
        real(c_double), allocatable :: before(:), after(:), foreign(:)
        call begin_test("misuse_reports_its_status_and_changes_nothing")
        x = correlated_sample(45_int64)
        call basis%create_total_degree(2, 4)
        options = ofdm_default_fit_options()
        options%beta = 2
        call moments%create(basis)
        call other%create(basis, options)
        call moments%add(x)
        call other%add(x)
        call moments%export(before)
        call moments%fit(model, err=err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT .and. index(err%message, "statistics") > 0, &
                   "fit in the statistics pass: " // err%message)
        x(2, 18) = ieee_value(1.0_real64, ieee_quiet_nan)
        call moments%add(x, err)
        call check(err%status == OFDM_ERR_NONFINITE_INPUT .and. index(err%message, "row 17") > 0, &
                   "NaN: " // err%message)
        call moments%merge(other, err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT .and. index(err%message, "beta") > 0, &
                   "merge of another beta: " // err%message)
        call other%export(foreign)
        call moments%import(foreign, err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT .and. index(err%message, "fingerprint") > 0, &
                   "import of another beta: " // err%message)
        call moments%import(before(2:), err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT .and. index(err%message, "length") > 0, &
                   "import of the wrong length: " // err%message)
        call moments%export(after)
        call check(all(after == before), "nothing changed")
        call moments%begin_moments()
        call moments%begin_moments(err)
        call check(err%status == OFDM_ERR_INVALID_ARGUMENT, "begin_moments twice: " // err%message)
        call end_test()
    end subroutine misuse_reports_its_status_and_changes_nothing
end program test_moments

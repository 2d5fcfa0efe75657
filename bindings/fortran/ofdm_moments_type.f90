! ofdm_moments_type — ofdm_moments_t, an owning handle to a moments accumulator (ofdm.h,
! "Moments"): streamed, out-of-core and distributed fits.
!
! With standardized coordinates (the default) the stream has two passes over the same data:
! add every chunk, begin_moments, add every chunk again, then fit. Accumulators of shards combine
! with merge, or through their exported arrays (MPI: statistics by MPI_Allgather and merging in
! rank order, moments by MPI_Allreduce with MPI_SUM over the first M + 1 entries and MPI_MIN over
! the rest). Chunks are x(ld, n) arrays, as everywhere in the binding: column i is sample i.
!
! An accumulator owns its handle from create until free() or its final procedure. It cannot be
! copied by assignment (a copy would share the handle): `a = b` stops with a message; export
! and import (or merge into a fresh accumulator) copy its contents.
module ofdm_moments_type
    use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, c_double, c_ptr, c_null_ptr, c_associated
    use ofdm_c
    use ofdm_errors, only: ofdm_error_t, report_status, library_is_compatible
    use ofdm_basis_type, only: ofdm_basis_t
    use ofdm_model_type, only: ofdm_model_t
    implicit none
    private

    public :: ofdm_moments_t

    type :: ofdm_moments_t
        type(c_ptr) :: handle = c_null_ptr
    contains
        procedure :: create => moments_create
        procedure :: add => moments_add
        procedure :: begin_moments => moments_begin_moments
        procedure :: in_statistics_pass => moments_in_statistics_pass
        procedure :: count => moments_count
        procedure :: merge => moments_merge
        procedure :: export => moments_export
        procedure :: import => moments_import
        procedure :: fit => moments_fit
        procedure :: free => moments_free
        procedure, private :: assign => moments_assign
        generic :: assignment(=) => assign
        final :: moments_finalize
    end type ofdm_moments_t

contains

    ! A new, empty accumulator for fitting basis with options (absent: the defaults); replaces
    ! whatever self held.
    subroutine moments_create(self, basis, options, err)
        class(ofdm_moments_t), intent(inout) :: self
        type(ofdm_basis_t), intent(in) :: basis
        type(ofdm_fit_options), intent(in), optional :: options
        type(ofdm_error_t), intent(inout), optional :: err
        type(c_ptr) :: created
        integer(c_int) :: status
        call self%free()
        if (.not. library_is_compatible(err)) return
        created = c_null_ptr
        status = ofdm_moments_create(basis%handle, options, created)
        if (status == OFDM_OK) self%handle = created
        call report_status(err, status)
    end subroutine moments_create

    ! Adds the size(x, 2) samples in the columns of x to the current pass.
    subroutine moments_add(self, x, err)
        class(ofdm_moments_t), intent(inout) :: self
        real(c_double), intent(in), contiguous :: x(:, :)
        type(ofdm_error_t), intent(inout), optional :: err
        call report_status(err, ofdm_moments_add(self%handle, x, size(x, 2, kind=c_int64_t), &
                                                 size(x, 1, kind=c_int64_t)))
    end subroutine moments_add

    ! Ends the statistics pass; add the same data again next.
    subroutine moments_begin_moments(self, err)
        class(ofdm_moments_t), intent(inout) :: self
        type(ofdm_error_t), intent(inout), optional :: err
        call report_status(err, ofdm_moments_begin_moments(self%handle))
    end subroutine moments_begin_moments

    logical function moments_in_statistics_pass(self)
        class(ofdm_moments_t), intent(in) :: self
        moments_in_statistics_pass = ofdm_moments_in_statistics_pass(self%handle) /= 0
    end function moments_in_statistics_pass

    ! Samples added in the current pass.
    integer(c_int64_t) function moments_count(self)
        class(ofdm_moments_t), intent(in) :: self
        moments_count = ofdm_moments_count(self%handle)
    end function moments_count

    ! Adds the samples of other (same basis, options and pass).
    subroutine moments_merge(self, other, err)
        class(ofdm_moments_t), intent(inout) :: self
        class(ofdm_moments_t), intent(in) :: other
        type(ofdm_error_t), intent(inout), optional :: err
        call report_status(err, ofdm_moments_merge(self%handle, other%handle))
    end subroutine moments_merge

    ! The current pass's state in a freshly allocated array (layout: ofdm.h, Moments).
    subroutine moments_export(self, values, err)
        class(ofdm_moments_t), intent(in) :: self
        real(c_double), allocatable, intent(out) :: values(:)
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_int64_t) :: length
        integer(c_int) :: status
        length = 0
        status = ofdm_moments_export_length(self%handle, length)
        if (status == OFDM_OK) then
            allocate (values(length))
            status = ofdm_moments_export(self%handle, values)
            if (status /= OFDM_OK) deallocate (values)
        end if
        call report_status(err, status)
    end subroutine moments_export

    ! Replaces the current pass's state with an exported array (unchanged on failure).
    subroutine moments_import(self, values, err)
        class(ofdm_moments_t), intent(inout) :: self
        real(c_double), intent(in), contiguous :: values(:)
        type(ofdm_error_t), intent(inout), optional :: err
        call report_status(err, ofdm_moments_import(self%handle, values, size(values, kind=c_int64_t)))
    end subroutine moments_import

    ! model = the model of the moment pass's sums (options absent: the accumulator's own; else
    ! beta and coordinates must be the accumulator's).
    subroutine moments_fit(self, model, options, err)
        class(ofdm_moments_t), intent(in) :: self
        type(ofdm_model_t), intent(inout) :: model
        type(ofdm_fit_options), intent(in), optional :: options
        type(ofdm_error_t), intent(inout), optional :: err
        type(c_ptr) :: created
        integer(c_int) :: status
        call model%free()
        created = c_null_ptr
        status = ofdm_fit_moments(self%handle, options, created)
        if (status == OFDM_OK) model%handle = created
        call report_status(err, status)
    end subroutine moments_fit

    ! Releases the handle. Safe to call any number of times.
    subroutine moments_free(self)
        class(ofdm_moments_t), intent(inout) :: self
        if (c_associated(self%handle)) call ofdm_moments_free(self%handle)
        self%handle = c_null_ptr
    end subroutine moments_free

    subroutine moments_finalize(self)
        type(ofdm_moments_t), intent(inout) :: self
        call self%free()
    end subroutine moments_finalize

    ! Refused: two variables sharing one handle would free it twice.
    subroutine moments_assign(lhs, rhs)
        class(ofdm_moments_t), intent(inout) :: lhs
        class(ofdm_moments_t), intent(in) :: rhs
        if (c_associated(lhs%handle) .and. c_associated(rhs%handle)) then
            if (c_associated(lhs%handle, rhs%handle)) return
        end if
        error stop "ofdm_moments_t cannot be assigned: copy its contents with export and import, or merge"
    end subroutine moments_assign
end module ofdm_moments_type

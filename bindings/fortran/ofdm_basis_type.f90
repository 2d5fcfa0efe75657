! ofdm_basis_type — ofdm_basis_t, an owning handle to a set of Hermite multi-indices.
!
! A basis made by one of the create_* procedures owns its C handle and frees it in free() or in
! its final procedure, whichever comes first (never twice: the handle is nulled when freed).
! A basis obtained from ofdm_model_t%get_basis is borrowed from the model: valid while the model
! lives, never freed by Fortran. Assignment `a = b` makes an independent owned copy, so two
! variables never share one handle.
!
! Multi-index arrays are column-major (d, K): column k is multi-index k, i.e. the header's
! row-major K × d array with ld = size(indices, 1). Coordinates in graph edges are 0-based, as
! in the C API.
module ofdm_basis_type
    use, intrinsic :: iso_c_binding, only: c_int, c_int32_t, c_int64_t, c_ptr, c_null_ptr, &
                                           c_associated
    use ofdm_c
    use ofdm_errors, only: ofdm_error_t, report_status, report_invalid_argument, library_is_compatible
    implicit none
    private

    public :: ofdm_basis_t

    type :: ofdm_basis_t
        type(c_ptr) :: handle = c_null_ptr
        logical :: owned = .false.
    contains
        procedure :: create_total_degree => basis_create_total_degree
        procedure :: create_graph => basis_create_graph
        procedure :: create_from_indices => basis_create_from_indices
        procedure :: size => basis_size
        procedure :: dim => basis_dim
        procedure :: max_degree => basis_max_degree
        procedure :: indices => basis_indices
        procedure :: free => basis_free
        procedure, private :: assign => basis_assign
        generic :: assignment(=) => assign
        final :: basis_finalize
    end type ofdm_basis_t

contains

    ! Every multi-index of total degree 1..max_degree with at most max_interaction non-zero
    ! entries (0 or absent: no limit).
    subroutine basis_create_total_degree(self, dim, max_degree, max_interaction, err)
        class(ofdm_basis_t), intent(inout) :: self
        integer, intent(in) :: dim, max_degree
        integer, intent(in), optional :: max_interaction
        type(ofdm_error_t), intent(inout), optional :: err
        type(c_ptr) :: created
        integer(c_int) :: status
        integer(c_int32_t) :: interaction
        call self%free()
        if (.not. library_is_compatible(err)) return
        interaction = 0
        if (present(max_interaction)) interaction = int(max_interaction, c_int32_t)
        created = c_null_ptr
        status = ofdm_basis_create_total_degree(int(dim, c_int64_t), int(max_degree, c_int32_t), &
                                                interaction, created)
        call adopt(self, status, created, err)
    end subroutine basis_create_total_degree

    ! Univariate terms on every coordinate and pair terms along edges(2, n_edges) (0-based).
    subroutine basis_create_graph(self, dim, max_degree, edges, err)
        class(ofdm_basis_t), intent(inout) :: self
        integer, intent(in) :: dim, max_degree
        integer, intent(in) :: edges(:, :)
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_int64_t), allocatable :: c_edges(:, :)
        type(c_ptr) :: created
        integer(c_int) :: status
        call self%free()
        if (.not. library_is_compatible(err)) return
        if (size(edges, 1) /= 2) then
            call report_invalid_argument(err, "ofdm_basis_t%create_graph: edges must have " // &
                                         "shape (2, n_edges)")
            return
        end if
        allocate (c_edges(2, size(edges, 2)))
        c_edges(:, :) = int(edges, c_int64_t)
        created = c_null_ptr
        status = ofdm_basis_create_graph(int(dim, c_int64_t), int(max_degree, c_int32_t), c_edges, &
                                         size(c_edges, 2, kind=c_int64_t), created)
        call adopt(self, status, created, err)
    end subroutine basis_create_graph

    ! The multi-indices in the columns of indices(ld, count), rows 1..dim, kept in that order.
    subroutine basis_create_from_indices(self, dim, indices, err)
        class(ofdm_basis_t), intent(inout) :: self
        integer, intent(in) :: dim
        integer(c_int32_t), intent(in), contiguous :: indices(:, :)
        type(ofdm_error_t), intent(inout), optional :: err
        type(c_ptr) :: created
        integer(c_int) :: status
        call self%free()
        if (.not. library_is_compatible(err)) return
        created = c_null_ptr
        status = ofdm_basis_create_from_indices(int(dim, c_int64_t), indices, &
                                                size(indices, 2, kind=c_int64_t), &
                                                size(indices, 1, kind=c_int64_t), created)
        call adopt(self, status, created, err)
    end subroutine basis_create_from_indices

    ! Number of basis functions K (0 for an empty variable).
    pure integer(c_int64_t) function basis_size(self)
        class(ofdm_basis_t), intent(in) :: self
        basis_size = ofdm_basis_size(self%handle)
    end function basis_size

    ! Dimension d (0 for an empty variable).
    pure integer(c_int64_t) function basis_dim(self)
        class(ofdm_basis_t), intent(in) :: self
        basis_dim = ofdm_basis_dim(self%handle)
    end function basis_dim

    ! Largest total degree in the basis (0 for an empty variable).
    pure integer(c_int32_t) function basis_max_degree(self)
        class(ofdm_basis_t), intent(in) :: self
        basis_max_degree = ofdm_basis_max_degree(self%handle)
    end function basis_max_degree

    ! The multi-indices as a freshly allocated (d, K) array, column k = multi-index k.
    subroutine basis_indices(self, indices, err)
        class(ofdm_basis_t), intent(in) :: self
        integer(c_int32_t), allocatable, intent(out) :: indices(:, :)
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_int) :: status
        allocate (indices(max(ofdm_basis_dim(self%handle), 1_c_int64_t), ofdm_basis_size(self%handle)))
        status = ofdm_basis_indices(self%handle, indices, size(indices, 1, kind=c_int64_t))
        if (status /= OFDM_OK) deallocate (indices)
        call report_status(err, status)
    end subroutine basis_indices

    ! Releases an owned handle; forgets a borrowed one. Safe to call any number of times.
    subroutine basis_free(self)
        class(ofdm_basis_t), intent(inout) :: self
        if (self%owned .and. c_associated(self%handle)) call ofdm_basis_free(self%handle)
        self%handle = c_null_ptr
        self%owned = .false.
    end subroutine basis_free

    subroutine basis_finalize(self)
        type(ofdm_basis_t), intent(inout) :: self
        call self%free()
    end subroutine basis_finalize

    ! `lhs = rhs` copies the multi-indices into a new handle owned by lhs.
    subroutine basis_assign(lhs, rhs)
        class(ofdm_basis_t), intent(inout) :: lhs
        class(ofdm_basis_t), intent(in) :: rhs
        integer(c_int32_t), allocatable :: indices(:, :)
        if (c_associated(lhs%handle) .and. c_associated(rhs%handle)) then
            if (c_associated(lhs%handle, rhs%handle)) return
        end if
        call lhs%free()
        if (.not. c_associated(rhs%handle)) return
        call rhs%indices(indices)
        call lhs%create_from_indices(int(rhs%dim()), indices)
    end subroutine basis_assign

    ! Takes ownership of a handle a C create function wrote, or reports its failure.
    subroutine adopt(self, status, created, err)
        class(ofdm_basis_t), intent(inout) :: self
        integer(c_int), intent(in) :: status
        type(c_ptr), intent(in) :: created
        type(ofdm_error_t), intent(inout), optional :: err
        if (status == OFDM_OK) then
            self%handle = created
            self%owned = .true.
        end if
        call report_status(err, status)
    end subroutine adopt
end module ofdm_basis_type

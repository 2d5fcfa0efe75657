! ofdm_c — the C API of include/ofdm.h, one bind(C) interface per function, nothing more.
!
! This module is the raw layer: it mirrors the header exactly so that tools (and readers) can
! compare the two line by line; bindings/check/ does so mechanically. Most programs want the
! owning, checked wrappers of module `ofdm` (ofdm.f90), which re-exports everything here.
!
! Type mapping (the header's → here):
!   int64_t            → integer(c_int64_t), value        int32_t → integer(c_int32_t), value
!   double             → real(c_double), value            size_t  → integer(c_size_t), value
!   uint64_t (a field) → integer(c_int64_t): Fortran has no unsigned integers; the bits are the same
!   unsigned (return)  → integer(c_int)                   enums   → integer(c_int)
!   ofdm_basis*, ofdm_model* (handles)        → type(c_ptr), value
!   ofdm_basis**, ofdm_model** (out-handles)  → type(c_ptr) passed by reference (no value)
!   double*, int32_t*, int64_t*, void* arrays → assumed-size arrays, passed by reference
!   const char* (argument)                    → character(kind=c_char) :: s(*), NUL-terminated
!   const char* (result)                      → type(c_ptr); see c_string_to_fortran in ofdm_errors
!   an options/stats/report struct pointer    → the bind(C) derived type below, by reference;
!                                               `optional` where the header allows NULL
!
! The header's ofdm_X_init(p) macros, which pass sizeof *p to ofdm_X_init_sized, are the module
! functions ofdm_X_init(p) here: status = ofdm_X_init_sized(p, c_sizeof(p)). (The C functions
! named ofdm_X_init, kept for programs built against older headers, write the older layout —
! ofdm_fit_options without memory_limit and data_dim — and are not bound.)
!
! Arrays: the library's row-major n × d array with leading dimension ld is, in memory, the
! column-major Fortran array x(ld, n): column i holds sample i. Pass size(x, 1) as ld.
module ofdm_c
    use, intrinsic :: iso_c_binding, only: c_int, c_int8_t, c_int32_t, c_int64_t, c_size_t, &
                                           c_double, c_char, c_ptr, c_funptr, c_sizeof
    implicit none
    private

    ! ---- Version: the header this binding was written for ------------------------------------
    ! The header's OFDM_VERSION_NUMBER macro is OFDM_HEADER_VERSION_NUMBER here: Fortran names are
    ! case-insensitive, so it would collide with the function ofdm_version_number.
    integer(c_int), parameter, public :: OFDM_VERSION_MAJOR = 0
    integer(c_int), parameter, public :: OFDM_VERSION_MINOR = 2
    integer(c_int), parameter, public :: OFDM_VERSION_PATCH = 0
    integer(c_int), parameter, public :: OFDM_HEADER_VERSION_NUMBER = &
        OFDM_VERSION_MAJOR * 10000 + OFDM_VERSION_MINOR * 100 + OFDM_VERSION_PATCH

    ! ---- ofdm_status: values fixed forever ----------------------------------------------------
    integer(c_int), parameter, public :: OFDM_OK = 0
    integer(c_int), parameter, public :: OFDM_ERR_NULL_ARGUMENT = 1
    integer(c_int), parameter, public :: OFDM_ERR_INVALID_ARGUMENT = 2
    integer(c_int), parameter, public :: OFDM_ERR_NONFINITE_INPUT = 3
    integer(c_int), parameter, public :: OFDM_ERR_TOO_FEW_SAMPLES = 4
    integer(c_int), parameter, public :: OFDM_ERR_DEGREE_TOO_LARGE = 5
    integer(c_int), parameter, public :: OFDM_ERR_TOO_LARGE = 6
    integer(c_int), parameter, public :: OFDM_ERR_OUT_OF_MEMORY = 7
    integer(c_int), parameter, public :: OFDM_ERR_SINGULAR = 8
    integer(c_int), parameter, public :: OFDM_ERR_IO = 9
    integer(c_int), parameter, public :: OFDM_ERR_FORMAT = 10
    integer(c_int), parameter, public :: OFDM_ERR_VERSION = 11
    integer(c_int), parameter, public :: OFDM_ERR_TRUNCATED = 12
    integer(c_int), parameter, public :: OFDM_ERR_CORRUPT = 13
    integer(c_int), parameter, public :: OFDM_ERR_BUFFER_TOO_SMALL = 14
    integer(c_int), parameter, public :: OFDM_ERR_INTERNAL = 15
    integer(c_int), parameter, public :: OFDM_ERR_OVERFLOW = 16
    integer(c_int), parameter, public :: OFDM_ERR_CANCELLED = 17

    integer(c_int32_t), parameter, public :: OFDM_MAX_DEGREE = 64

    ! ---- Option enums (stored in int32_t fields of the options structs) -----------------------
    integer(c_int32_t), parameter, public :: OFDM_COORDINATES_NONE = 0
    integer(c_int32_t), parameter, public :: OFDM_COORDINATES_STANDARDIZE = 1
    integer(c_int32_t), parameter, public :: OFDM_COORDINATES_WHITEN = 2
    integer(c_int32_t), parameter, public :: OFDM_COORDINATES_PCA = 3
    integer(c_int32_t), parameter, public :: OFDM_COORDINATES_AUTO = 4  ! model%fit_adaptive only
    integer(c_int32_t), parameter, public :: OFDM_TIME_GALERKIN = 0
    integer(c_int32_t), parameter, public :: OFDM_TIME_PERTURBATION = 1
    integer(c_int32_t), parameter, public :: OFDM_SAMPLER_SDE = 0
    integer(c_int32_t), parameter, public :: OFDM_SAMPLER_ODE_HEUN = 1
    integer(c_int32_t), parameter, public :: OFDM_SAMPLER_ODE_EULER = 2
    integer(c_int32_t), parameter, public :: OFDM_GRID_GEOMETRIC = 0
    integer(c_int32_t), parameter, public :: OFDM_GRID_UNIFORM = 1
    integer(c_int32_t), parameter, public :: OFDM_GRID_EXPONENTIAL = 2
    integer(c_int32_t), parameter, public :: OFDM_CORRECTOR_NONE = 0
    integer(c_int32_t), parameter, public :: OFDM_CORRECTOR_LANGEVIN = 1
    integer(c_int32_t), parameter, public :: OFDM_CORRECTOR_MALA = 2
    ! ofdm_adaptive_stop, why the adaptive growth stopped (the int32_t ofdm_adaptive_report%stop).
    integer(c_int32_t), parameter, public :: OFDM_ADAPTIVE_CONVERGED = 0
    integer(c_int32_t), parameter, public :: OFDM_ADAPTIVE_BASIS_SIZE = 1
    integer(c_int32_t), parameter, public :: OFDM_ADAPTIVE_ROUNDS = 2
    integer(c_int32_t), parameter, public :: OFDM_ADAPTIVE_TIME = 3
    integer(c_int32_t), parameter, public :: OFDM_ADAPTIVE_MEMORY = 4

    ! ---- Options and statistics: the header's structs, field by field --------------------------

    ! Fill with ofdm_fit_options_init (below), then change fields. progress is c_funloc of a bind(C)
    ! function `integer(c_int) function f(done, total, data)` with `integer(c_int64_t), value`
    ! done, total and `type(c_ptr), value` data; return 0 to go on, non-zero to cancel.
    ! memory_limit caps the fit's estimated peak in bytes (0, the default: physical memory only).
    ! data_dim is the data's dimension d (0, the default: the basis dimension r); only
    ! OFDM_COORDINATES_PCA allows d /= r (d >= r).
    type, bind(C), public :: ofdm_fit_options
        integer(c_size_t) :: struct_size
        real(c_double) :: beta
        integer(c_int32_t) :: coordinates
        integer(c_int32_t) :: time_mode
        real(c_double) :: ridge
        type(c_funptr) :: progress
        type(c_ptr) :: progress_data
        integer(c_int64_t) :: memory_limit
        integer(c_int64_t) :: data_dim
    end type ofdm_fit_options

    ! Fill with ofdm_sample_stats_init; point ofdm_sample_options%stats at it with c_loc.
    type, bind(C), public :: ofdm_sample_stats
        integer(c_size_t) :: struct_size
        integer(c_int64_t) :: guarded_steps
        integer(c_int64_t) :: guarded_samples
        integer(c_int64_t) :: corrector_proposals
        integer(c_int64_t) :: corrector_accepted
        integer(c_int64_t) :: coefficient_nodes
        real(c_double) :: coefficient_error
        ! Probability-flow functions only (ofdm_model_log_likelihood, ofdm_model_sample_flow).
        real(c_double) :: flow_mean_steps
        integer(c_int64_t) :: flow_max_steps
        integer(c_int64_t) :: flow_rejected_steps
    end type ofdm_sample_stats

    ! Fill with ofdm_sample_options_init (or ofdm_flow_options_init for the probability-flow
    ! functions). seed is the header's uint64_t, same bits.
    type, bind(C), public :: ofdm_sample_options
        integer(c_size_t) :: struct_size
        integer(c_int32_t) :: method
        integer(c_int32_t) :: steps
        real(c_double) :: t_max
        real(c_double) :: t_min
        integer(c_int32_t) :: grid
        integer(c_int32_t) :: corrector
        integer(c_int32_t) :: corrector_steps
        real(c_double) :: corrector_snr
        integer(c_int32_t) :: denoise
        integer(c_int32_t) :: guard
        integer(c_int64_t) :: seed
        integer(c_int32_t) :: threads
        type(c_funptr) :: progress
        type(c_ptr) :: progress_data
        type(c_ptr) :: stats
        real(c_double) :: tolerance
    end type ofdm_sample_options

    ! Fill with ofdm_importance_summary_init before ofdm_importance writes it.
    type, bind(C), public :: ofdm_importance_summary
        integer(c_size_t) :: struct_size
        real(c_double) :: effective_sample_size
        real(c_double) :: ess_per_sample
        real(c_double) :: log_z
        real(c_double) :: log_z_error
        real(c_double) :: max_weight
    end type ofdm_importance_summary

    ! Fill with ofdm_select_options_init, then change fields. seed is the header's uint64_t.
    type, bind(C), public :: ofdm_select_options
        integer(c_size_t) :: struct_size
        integer(c_int32_t) :: max_degree
        integer(c_int32_t) :: max_interaction
        real(c_double) :: validation_fraction
        integer(c_int64_t) :: seed
        integer(c_int64_t) :: max_basis_size
        integer(c_int64_t) :: latent_dim
        integer(c_int32_t) :: keep_outliers
    end type ofdm_select_options

    ! Fill with ofdm_select_report_init before ofdm_fit_select writes it.
    type, bind(C), public :: ofdm_select_report
        integer(c_size_t) :: struct_size
        integer(c_int32_t) :: degree
        integer(c_int32_t) :: interaction
        real(c_double) :: ridge
        integer(c_int64_t) :: basis_size
        real(c_double) :: validation_loss
        integer(c_int64_t) :: candidates
        integer(c_int64_t) :: failed
        integer(c_int64_t) :: outlier_rows
        integer(c_int64_t) :: first_outlier_row
        integer(c_int64_t) :: first_outlier_column
        real(c_double) :: first_outlier_distance
    end type ofdm_select_report

    ! Fill with ofdm_adaptive_options_init, then change fields. seed is the header's uint64_t.
    type, bind(C), public :: ofdm_adaptive_options
        integer(c_size_t) :: struct_size
        integer(c_int64_t) :: max_basis_size
        integer(c_int32_t) :: max_rounds
        integer(c_int32_t) :: max_per_round
        integer(c_int32_t) :: max_interaction
        integer(c_int32_t) :: threads
        real(c_double) :: validation_fraction
        integer(c_int64_t) :: seed
        real(c_double) :: max_seconds
        integer(c_int64_t) :: latent_dim
    end type ofdm_adaptive_options

    ! Fill with ofdm_adaptive_report_init before ofdm_fit_adaptive writes it. round_losses is
    ! c_loc of a caller-owned real(c_double) array of round_loss_capacity elements (or c_null_ptr
    ! with capacity 0), which the call fills; give that array the volatile attribute (the library
    ! writes it out of the compiler's sight). model%fit_adaptive does all of this.
    type, bind(C), public :: ofdm_adaptive_report
        integer(c_size_t) :: struct_size
        integer(c_int64_t) :: basis_size
        integer(c_int32_t) :: rounds
        integer(c_int32_t) :: stop
        real(c_double) :: ridge
        real(c_double) :: validation_loss
        integer(c_int64_t) :: candidates
        real(c_double) :: seconds
        type(c_ptr) :: round_losses
        integer(c_int64_t) :: round_loss_capacity
        integer(c_int32_t) :: coordinates
        real(c_double) :: standardize_distance
        real(c_double) :: pca_distance
    end type ofdm_adaptive_report

    public :: ofdm_version_number, ofdm_version_string, ofdm_status_string, ofdm_last_error
    public :: ofdm_basis_create_total_degree, ofdm_basis_create_graph, ofdm_basis_create_from_indices
    public :: ofdm_basis_size, ofdm_basis_dim, ofdm_basis_max_degree, ofdm_basis_indices
    public :: ofdm_basis_free
    public :: ofdm_fit_options_init_sized, ofdm_fit_options_init, ofdm_fit, ofdm_find_outliers
    public :: ofdm_model_score, ofdm_model_log_density, ofdm_model_coefficients
    public :: ofdm_model_to_latent, ofdm_model_from_latent, ofdm_model_basis, ofdm_model_dim
    public :: ofdm_model_latent_dim, ofdm_model_rank
    public :: ofdm_model_beta, ofdm_model_training_size, ofdm_model_options, ofdm_model_free
    public :: ofdm_sample_stats_init_sized, ofdm_sample_options_init_sized, ofdm_model_sample
    public :: ofdm_sample_stats_init, ofdm_sample_options_init
    public :: ofdm_flow_options_init_sized, ofdm_flow_options_init, ofdm_model_log_likelihood
    public :: ofdm_model_sample_flow
    public :: ofdm_importance_summary_init_sized, ofdm_importance_summary_init, ofdm_importance
    public :: ofdm_importance_estimate
    public :: ofdm_moments_create, ofdm_moments_add, ofdm_moments_begin_moments
    public :: ofdm_moments_in_statistics_pass, ofdm_moments_count, ofdm_moments_merge
    public :: ofdm_moments_export_length, ofdm_moments_export, ofdm_moments_import
    public :: ofdm_fit_moments, ofdm_moments_free
    public :: ofdm_select_options_init_sized, ofdm_select_report_init_sized, ofdm_fit_select
    public :: ofdm_select_options_init, ofdm_select_report_init
    public :: ofdm_model_validation_loss
    public :: ofdm_adaptive_options_init_sized, ofdm_adaptive_report_init_sized, ofdm_fit_adaptive
    public :: ofdm_adaptive_options_init, ofdm_adaptive_report_init
    public :: ofdm_model_save, ofdm_model_load, ofdm_model_serialized_size
    public :: ofdm_model_save_buffer, ofdm_model_load_buffer

    interface
        ! The accessors that only read an immutable handle (or nothing) are declared pure, so the
        ! Fortran wrappers around them can be pure too.

        ! ---- Version ---------------------------------------------------------------------------
        pure function ofdm_version_number() bind(C, name="ofdm_version_number") result(number)
            import :: c_int
            integer(c_int) :: number
        end function ofdm_version_number

        function ofdm_version_string() bind(C, name="ofdm_version_string") result(text)
            import :: c_ptr
            type(c_ptr) :: text
        end function ofdm_version_string

        ! ---- Status and errors -----------------------------------------------------------------
        function ofdm_status_string(status) bind(C, name="ofdm_status_string") result(text)
            import :: c_int, c_ptr
            integer(c_int), value :: status
            type(c_ptr) :: text
        end function ofdm_status_string

        function ofdm_last_error() bind(C, name="ofdm_last_error") result(text)
            import :: c_ptr
            type(c_ptr) :: text
        end function ofdm_last_error

        ! ---- Basis -----------------------------------------------------------------------------
        function ofdm_basis_create_total_degree(dim, max_degree, max_interaction, out) &
                bind(C, name="ofdm_basis_create_total_degree") result(status)
            import :: c_int, c_int32_t, c_int64_t, c_ptr
            integer(c_int64_t), value :: dim
            integer(c_int32_t), value :: max_degree
            integer(c_int32_t), value :: max_interaction
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_basis_create_total_degree

        function ofdm_basis_create_graph(dim, max_degree, edges, n_edges, out) &
                bind(C, name="ofdm_basis_create_graph") result(status)
            import :: c_int, c_int32_t, c_int64_t, c_ptr
            integer(c_int64_t), value :: dim
            integer(c_int32_t), value :: max_degree
            integer(c_int64_t), intent(in), optional :: edges(*)
            integer(c_int64_t), value :: n_edges
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_basis_create_graph

        function ofdm_basis_create_from_indices(dim, indices, count, ld, out) &
                bind(C, name="ofdm_basis_create_from_indices") result(status)
            import :: c_int, c_int32_t, c_int64_t, c_ptr
            integer(c_int64_t), value :: dim
            integer(c_int32_t), intent(in) :: indices(*)
            integer(c_int64_t), value :: count
            integer(c_int64_t), value :: ld
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_basis_create_from_indices

        pure function ofdm_basis_size(basis) bind(C, name="ofdm_basis_size") result(count)
            import :: c_int64_t, c_ptr
            type(c_ptr), value :: basis
            integer(c_int64_t) :: count
        end function ofdm_basis_size

        pure function ofdm_basis_dim(basis) bind(C, name="ofdm_basis_dim") result(dim)
            import :: c_int64_t, c_ptr
            type(c_ptr), value :: basis
            integer(c_int64_t) :: dim
        end function ofdm_basis_dim

        pure function ofdm_basis_max_degree(basis) bind(C, name="ofdm_basis_max_degree") result(degree)
            import :: c_int32_t, c_ptr
            type(c_ptr), value :: basis
            integer(c_int32_t) :: degree
        end function ofdm_basis_max_degree

        function ofdm_basis_indices(basis, out, ldout) bind(C, name="ofdm_basis_indices") &
                result(status)
            import :: c_int, c_int32_t, c_int64_t, c_ptr
            type(c_ptr), value :: basis
            integer(c_int32_t), intent(inout) :: out(*)
            integer(c_int64_t), value :: ldout
            integer(c_int) :: status
        end function ofdm_basis_indices

        subroutine ofdm_basis_free(basis) bind(C, name="ofdm_basis_free")
            import :: c_ptr
            type(c_ptr), value :: basis
        end subroutine ofdm_basis_free

        ! ---- Fit -------------------------------------------------------------------------------
        function ofdm_fit_options_init_sized(options, size) &
                bind(C, name="ofdm_fit_options_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_fit_options
            type(ofdm_fit_options), intent(inout) :: options
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_fit_options_init_sized

        function ofdm_fit(basis, x, n, ldx, options, out) bind(C, name="ofdm_fit") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr, ofdm_fit_options
            type(c_ptr), value :: basis
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldx
            type(ofdm_fit_options), intent(in), optional :: options
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_fit

        ! x(ldx, n): point i in column i. count is required; the others may be absent.
        function ofdm_find_outliers(x, n, d, ldx, count, first_row, first_column, distance) &
                bind(C, name="ofdm_find_outliers") result(status)
            import :: c_int, c_int64_t, c_double
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: d
            integer(c_int64_t), value :: ldx
            integer(c_int64_t), intent(inout) :: count
            integer(c_int64_t), intent(inout), optional :: first_row
            integer(c_int64_t), intent(inout), optional :: first_column
            real(c_double), intent(inout), optional :: distance
            integer(c_int) :: status
        end function ofdm_find_outliers

        ! ---- Model -----------------------------------------------------------------------------
        function ofdm_model_score(model, t, x, n, ldx, out, ldout) &
                bind(C, name="ofdm_model_score") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr
            type(c_ptr), value :: model
            real(c_double), value :: t
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldx
            real(c_double), intent(inout) :: out(*)
            integer(c_int64_t), value :: ldout
            integer(c_int) :: status
        end function ofdm_model_score

        function ofdm_model_log_density(model, t, x, n, ldx, out) &
                bind(C, name="ofdm_model_log_density") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr
            type(c_ptr), value :: model
            real(c_double), value :: t
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldx
            real(c_double), intent(inout) :: out(*)
            integer(c_int) :: status
        end function ofdm_model_log_density

        function ofdm_model_coefficients(model, t, alpha) bind(C, name="ofdm_model_coefficients") &
                result(status)
            import :: c_int, c_double, c_ptr
            type(c_ptr), value :: model
            real(c_double), value :: t
            real(c_double), intent(inout) :: alpha(*)
            integer(c_int) :: status
        end function ofdm_model_coefficients

        function ofdm_model_to_latent(model, x, n, ldx, z, ldz) bind(C, name="ofdm_model_to_latent") &
                result(status)
            import :: c_int, c_int64_t, c_double, c_ptr
            type(c_ptr), value :: model
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldx
            real(c_double), intent(inout) :: z(*)
            integer(c_int64_t), value :: ldz
            integer(c_int) :: status
        end function ofdm_model_to_latent

        function ofdm_model_from_latent(model, z, n, ldz, x, ldx) &
                bind(C, name="ofdm_model_from_latent") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr
            type(c_ptr), value :: model
            real(c_double), intent(in) :: z(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldz
            real(c_double), intent(inout) :: x(*)
            integer(c_int64_t), value :: ldx
            integer(c_int) :: status
        end function ofdm_model_from_latent

        ! Borrowed: valid while the model lives; never pass it to ofdm_basis_free.
        pure function ofdm_model_basis(model) bind(C, name="ofdm_model_basis") result(basis)
            import :: c_ptr
            type(c_ptr), value :: model
            type(c_ptr) :: basis
        end function ofdm_model_basis

        pure function ofdm_model_dim(model) bind(C, name="ofdm_model_dim") result(dim)
            import :: c_int64_t, c_ptr
            type(c_ptr), value :: model
            integer(c_int64_t) :: dim
        end function ofdm_model_dim

        pure function ofdm_model_latent_dim(model) bind(C, name="ofdm_model_latent_dim") result(dim)
            import :: c_int64_t, c_ptr
            type(c_ptr), value :: model
            integer(c_int64_t) :: dim
        end function ofdm_model_latent_dim

        ! The number of basis functions the model uses (the numerical rank of G(0)).
        pure function ofdm_model_rank(model) bind(C, name="ofdm_model_rank") result(functions)
            import :: c_int64_t, c_ptr
            type(c_ptr), value :: model
            integer(c_int64_t) :: functions
        end function ofdm_model_rank

        pure function ofdm_model_beta(model) bind(C, name="ofdm_model_beta") result(beta)
            import :: c_double, c_ptr
            type(c_ptr), value :: model
            real(c_double) :: beta
        end function ofdm_model_beta

        pure function ofdm_model_training_size(model) bind(C, name="ofdm_model_training_size") &
                result(count)
            import :: c_int64_t, c_ptr
            type(c_ptr), value :: model
            integer(c_int64_t) :: count
        end function ofdm_model_training_size

        function ofdm_model_options(model, options) bind(C, name="ofdm_model_options") result(status)
            import :: c_int, c_ptr, ofdm_fit_options
            type(c_ptr), value :: model
            type(ofdm_fit_options), intent(inout) :: options
            integer(c_int) :: status
        end function ofdm_model_options

        subroutine ofdm_model_free(model) bind(C, name="ofdm_model_free")
            import :: c_ptr
            type(c_ptr), value :: model
        end subroutine ofdm_model_free

        ! ---- Sampling --------------------------------------------------------------------------
        function ofdm_sample_stats_init_sized(stats, size) &
                bind(C, name="ofdm_sample_stats_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_sample_stats
            type(ofdm_sample_stats), intent(inout) :: stats
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_sample_stats_init_sized

        function ofdm_sample_options_init_sized(options, size) &
                bind(C, name="ofdm_sample_options_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_sample_options
            type(ofdm_sample_options), intent(inout) :: options
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_sample_options_init_sized

        function ofdm_model_sample(model, n, options, out, ldout) bind(C, name="ofdm_model_sample") &
                result(status)
            import :: c_int, c_int64_t, c_double, c_ptr, ofdm_sample_options
            type(c_ptr), value :: model
            integer(c_int64_t), value :: n
            type(ofdm_sample_options), intent(in), optional :: options
            real(c_double), intent(inout) :: out(*)
            integer(c_int64_t), value :: ldout
            integer(c_int) :: status
        end function ofdm_model_sample

        ! ---- Likelihood and reweighting --------------------------------------------------------
        function ofdm_flow_options_init_sized(options, size) &
                bind(C, name="ofdm_flow_options_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_sample_options
            type(ofdm_sample_options), intent(inout) :: options
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_flow_options_init_sized

        function ofdm_model_log_likelihood(model, x, n, ldx, options, out) &
                bind(C, name="ofdm_model_log_likelihood") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr, ofdm_sample_options
            type(c_ptr), value :: model
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldx
            type(ofdm_sample_options), intent(in), optional :: options
            real(c_double), intent(inout) :: out(*)
            integer(c_int) :: status
        end function ofdm_model_log_likelihood

        function ofdm_model_sample_flow(model, n, options, out, ldout, log_q) &
                bind(C, name="ofdm_model_sample_flow") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr, ofdm_sample_options
            type(c_ptr), value :: model
            integer(c_int64_t), value :: n
            type(ofdm_sample_options), intent(in), optional :: options
            real(c_double), intent(inout) :: out(*)
            integer(c_int64_t), value :: ldout
            real(c_double), intent(inout), optional :: log_q(*)
            integer(c_int) :: status
        end function ofdm_model_sample_flow

        function ofdm_importance_summary_init_sized(summary, size) &
                bind(C, name="ofdm_importance_summary_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_importance_summary
            type(ofdm_importance_summary), intent(inout) :: summary
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_importance_summary_init_sized

        function ofdm_importance(log_target, log_q, n, weights, summary) bind(C, name="ofdm_importance") &
                result(status)
            import :: c_int, c_int64_t, c_double, ofdm_importance_summary
            real(c_double), intent(in) :: log_target(*)
            real(c_double), intent(in) :: log_q(*)
            integer(c_int64_t), value :: n
            real(c_double), intent(inout), optional :: weights(*)
            type(ofdm_importance_summary), intent(inout), optional :: summary
            integer(c_int) :: status
        end function ofdm_importance

        function ofdm_importance_estimate(weights, n, values, m, ldv, mean, standard_error) &
                bind(C, name="ofdm_importance_estimate") result(status)
            import :: c_int, c_int64_t, c_double
            real(c_double), intent(in) :: weights(*)
            integer(c_int64_t), value :: n
            real(c_double), intent(in) :: values(*)
            integer(c_int64_t), value :: m
            integer(c_int64_t), value :: ldv
            real(c_double), intent(inout) :: mean(*)
            real(c_double), intent(inout), optional :: standard_error(*)
            integer(c_int) :: status
        end function ofdm_importance_estimate

        ! ---- Moments ---------------------------------------------------------------------------
        function ofdm_moments_create(basis, options, out) bind(C, name="ofdm_moments_create") &
                result(status)
            import :: c_int, c_ptr, ofdm_fit_options
            type(c_ptr), value :: basis
            type(ofdm_fit_options), intent(in), optional :: options
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_moments_create

        function ofdm_moments_add(moments, x, n, ldx) bind(C, name="ofdm_moments_add") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr
            type(c_ptr), value :: moments
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldx
            integer(c_int) :: status
        end function ofdm_moments_add

        function ofdm_moments_begin_moments(moments) bind(C, name="ofdm_moments_begin_moments") &
                result(status)
            import :: c_int, c_ptr
            type(c_ptr), value :: moments
            integer(c_int) :: status
        end function ofdm_moments_begin_moments

        function ofdm_moments_in_statistics_pass(moments) bind(C, name="ofdm_moments_in_statistics_pass") &
                result(flag)
            import :: c_int, c_ptr
            type(c_ptr), value :: moments
            integer(c_int) :: flag
        end function ofdm_moments_in_statistics_pass

        function ofdm_moments_count(moments) bind(C, name="ofdm_moments_count") result(count)
            import :: c_int64_t, c_ptr
            type(c_ptr), value :: moments
            integer(c_int64_t) :: count
        end function ofdm_moments_count

        function ofdm_moments_merge(moments, other) bind(C, name="ofdm_moments_merge") result(status)
            import :: c_int, c_ptr
            type(c_ptr), value :: moments
            type(c_ptr), value :: other
            integer(c_int) :: status
        end function ofdm_moments_merge

        function ofdm_moments_export_length(moments, length) bind(C, name="ofdm_moments_export_length") &
                result(status)
            import :: c_int, c_int64_t, c_ptr
            type(c_ptr), value :: moments
            integer(c_int64_t), intent(inout) :: length
            integer(c_int) :: status
        end function ofdm_moments_export_length

        function ofdm_moments_export(moments, out) bind(C, name="ofdm_moments_export") result(status)
            import :: c_int, c_double, c_ptr
            type(c_ptr), value :: moments
            real(c_double), intent(inout) :: out(*)
            integer(c_int) :: status
        end function ofdm_moments_export

        function ofdm_moments_import(moments, values, length) bind(C, name="ofdm_moments_import") &
                result(status)
            import :: c_int, c_int64_t, c_double, c_ptr
            type(c_ptr), value :: moments
            real(c_double), intent(in) :: values(*)
            integer(c_int64_t), value :: length
            integer(c_int) :: status
        end function ofdm_moments_import

        function ofdm_fit_moments(moments, options, out) bind(C, name="ofdm_fit_moments") result(status)
            import :: c_int, c_ptr, ofdm_fit_options
            type(c_ptr), value :: moments
            type(ofdm_fit_options), intent(in), optional :: options
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_fit_moments

        subroutine ofdm_moments_free(moments) bind(C, name="ofdm_moments_free")
            import :: c_ptr
            type(c_ptr), value :: moments
        end subroutine ofdm_moments_free

        ! ---- Model selection without sampling ---------------------------------------------------
        function ofdm_select_options_init_sized(options, size) &
                bind(C, name="ofdm_select_options_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_select_options
            type(ofdm_select_options), intent(inout) :: options
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_select_options_init_sized

        function ofdm_select_report_init_sized(report, size) &
                bind(C, name="ofdm_select_report_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_select_report
            type(ofdm_select_report), intent(inout) :: report
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_select_report_init_sized

        function ofdm_fit_select(x, n, d, ldx, fit_options, options, out, report) &
                bind(C, name="ofdm_fit_select") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr, ofdm_fit_options, ofdm_select_options, &
                      ofdm_select_report
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: d
            integer(c_int64_t), value :: ldx
            type(ofdm_fit_options), intent(in), optional :: fit_options
            type(ofdm_select_options), intent(in), optional :: options
            type(c_ptr), intent(inout) :: out
            type(ofdm_select_report), intent(inout), optional :: report
            integer(c_int) :: status
        end function ofdm_fit_select

        function ofdm_model_validation_loss(model, x, n, ldx, loss) &
                bind(C, name="ofdm_model_validation_loss") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr
            type(c_ptr), value :: model
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: ldx
            real(c_double), intent(inout) :: loss
            integer(c_int) :: status
        end function ofdm_model_validation_loss

        ! ---- Adaptive basis --------------------------------------------------------------------
        function ofdm_adaptive_options_init_sized(options, size) &
                bind(C, name="ofdm_adaptive_options_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_adaptive_options
            type(ofdm_adaptive_options), intent(inout) :: options
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_adaptive_options_init_sized

        function ofdm_adaptive_report_init_sized(report, size) &
                bind(C, name="ofdm_adaptive_report_init_sized") result(status)
            import :: c_int, c_size_t, ofdm_adaptive_report
            type(ofdm_adaptive_report), intent(inout) :: report
            integer(c_size_t), value :: size
            integer(c_int) :: status
        end function ofdm_adaptive_report_init_sized

        function ofdm_fit_adaptive(x, n, d, ldx, fit_options, options, out, report) &
                bind(C, name="ofdm_fit_adaptive") result(status)
            import :: c_int, c_int64_t, c_double, c_ptr, ofdm_fit_options, ofdm_adaptive_options, &
                      ofdm_adaptive_report
            real(c_double), intent(in) :: x(*)
            integer(c_int64_t), value :: n
            integer(c_int64_t), value :: d
            integer(c_int64_t), value :: ldx
            type(ofdm_fit_options), intent(in), optional :: fit_options
            type(ofdm_adaptive_options), intent(in), optional :: options
            type(c_ptr), intent(inout) :: out
            type(ofdm_adaptive_report), intent(inout), optional :: report
            integer(c_int) :: status
        end function ofdm_fit_adaptive

        ! ---- Files and buffers -----------------------------------------------------------------
        function ofdm_model_save(model, path) bind(C, name="ofdm_model_save") result(status)
            import :: c_int, c_char, c_ptr
            type(c_ptr), value :: model
            character(kind=c_char), intent(in) :: path(*)
            integer(c_int) :: status
        end function ofdm_model_save

        function ofdm_model_load(path, out) bind(C, name="ofdm_model_load") result(status)
            import :: c_int, c_char, c_ptr
            character(kind=c_char), intent(in) :: path(*)
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_model_load

        function ofdm_model_serialized_size(model, size) bind(C, name="ofdm_model_serialized_size") &
                result(status)
            import :: c_int, c_size_t, c_ptr
            type(c_ptr), value :: model
            integer(c_size_t), intent(inout) :: size
            integer(c_int) :: status
        end function ofdm_model_serialized_size

        function ofdm_model_save_buffer(model, buffer, capacity, written) &
                bind(C, name="ofdm_model_save_buffer") result(status)
            import :: c_int, c_int8_t, c_size_t, c_ptr
            type(c_ptr), value :: model
            integer(c_int8_t), intent(inout) :: buffer(*)
            integer(c_size_t), value :: capacity
            integer(c_size_t), intent(inout), optional :: written
            integer(c_int) :: status
        end function ofdm_model_save_buffer

        function ofdm_model_load_buffer(buffer, size, out) bind(C, name="ofdm_model_load_buffer") &
                result(status)
            import :: c_int, c_int8_t, c_size_t, c_ptr
            integer(c_int8_t), intent(in) :: buffer(*)
            integer(c_size_t), value :: size
            type(c_ptr), intent(inout) :: out
            integer(c_int) :: status
        end function ofdm_model_load_buffer
    end interface

contains

    ! The header's ofdm_X_init(p) macros: ofdm_X_init_sized(p, sizeof *p), with c_sizeof of this
    ! binding's mirror. They return the status (OFDM_OK, or OFDM_ERR_INVALID_ARGUMENT from a
    ! library that does not know this layout, i.e. one that breaks the header's version rule).

    function ofdm_fit_options_init(options) result(status)
        type(ofdm_fit_options), intent(inout) :: options
        integer(c_int) :: status
        status = ofdm_fit_options_init_sized(options, c_sizeof(options))
    end function ofdm_fit_options_init

    function ofdm_sample_stats_init(stats) result(status)
        type(ofdm_sample_stats), intent(inout) :: stats
        integer(c_int) :: status
        status = ofdm_sample_stats_init_sized(stats, c_sizeof(stats))
    end function ofdm_sample_stats_init

    function ofdm_sample_options_init(options) result(status)
        type(ofdm_sample_options), intent(inout) :: options
        integer(c_int) :: status
        status = ofdm_sample_options_init_sized(options, c_sizeof(options))
    end function ofdm_sample_options_init

    function ofdm_flow_options_init(options) result(status)
        type(ofdm_sample_options), intent(inout) :: options
        integer(c_int) :: status
        status = ofdm_flow_options_init_sized(options, c_sizeof(options))
    end function ofdm_flow_options_init

    function ofdm_importance_summary_init(summary) result(status)
        type(ofdm_importance_summary), intent(inout) :: summary
        integer(c_int) :: status
        status = ofdm_importance_summary_init_sized(summary, c_sizeof(summary))
    end function ofdm_importance_summary_init

    function ofdm_select_options_init(options) result(status)
        type(ofdm_select_options), intent(inout) :: options
        integer(c_int) :: status
        status = ofdm_select_options_init_sized(options, c_sizeof(options))
    end function ofdm_select_options_init

    function ofdm_select_report_init(report) result(status)
        type(ofdm_select_report), intent(inout) :: report
        integer(c_int) :: status
        status = ofdm_select_report_init_sized(report, c_sizeof(report))
    end function ofdm_select_report_init

    function ofdm_adaptive_options_init(options) result(status)
        type(ofdm_adaptive_options), intent(inout) :: options
        integer(c_int) :: status
        status = ofdm_adaptive_options_init_sized(options, c_sizeof(options))
    end function ofdm_adaptive_options_init

    function ofdm_adaptive_report_init(report) result(status)
        type(ofdm_adaptive_report), intent(inout) :: report
        integer(c_int) :: status
        status = ofdm_adaptive_report_init_sized(report, c_sizeof(report))
    end function ofdm_adaptive_report_init
end module ofdm_c

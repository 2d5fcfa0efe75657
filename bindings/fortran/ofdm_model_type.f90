! ofdm_model_type — ofdm_model_t, an owning handle to a fitted model, and its operations.
!
! A model owns its C handle from fit/load/load_buffer until free() or its final procedure,
! whichever comes first (never twice: the handle is nulled when freed). Assignment `a = b`
! makes an independent copy (through the serialized form), so two variables never share a handle.
!
! Arrays: x(ld, n) holds n points of dimension d = model%dim() in its columns, rows 1..d; ld =
! size(x, 1) >= d is passed to the C API as the leading dimension (the header's row-major n × d
! array). Latent points z(ldz, n) have r = model%latent_dim() rows (r = d except for PCA).
! Outputs are caller-owned arrays of the same layout and are written only on success.
! The arrays must not overlap (in-place latent maps are available through the raw ofdm_c calls).
! Model selection (fit_select, validation_loss) is implemented in the submodule
! ofdm_model_selection (ofdm_model_selection.f90), the adaptive basis (fit_adaptive) in the
! submodule ofdm_adaptive_basis (ofdm_adaptive_basis.f90).
module ofdm_model_type
    use, intrinsic :: iso_c_binding, only: c_int, c_int8_t, c_int32_t, c_int64_t, c_size_t, c_double, c_char, &
                                           c_ptr, c_null_ptr, c_null_char, c_associated, c_loc
    use ofdm_c
    use ofdm_errors, only: ofdm_error_t, report_status, report_failure, report_invalid_argument, &
                           library_is_compatible, ofdm_status_text
    use ofdm_basis_type, only: ofdm_basis_t
    implicit none
    private

    public :: ofdm_model_t, ofdm_default_fit_options, ofdm_default_sample_options, ofdm_default_flow_options
    public :: ofdm_default_select_options, ofdm_default_adaptive_options, ofdm_adaptive_report_t

    ! What fit_adaptive chose (ofdm.h, ofdm_adaptive_report): the fields of the C report, with the
    ! criterion values in an array of their own instead of the caller-owned buffer.
    type :: ofdm_adaptive_report_t
        integer(c_int64_t) :: basis_size = 0        ! K of the chosen set, model's basis size
        integer(c_int32_t) :: rounds = 0            ! rounds of growth kept
        integer(c_int32_t) :: stop = OFDM_ADAPTIVE_CONVERGED ! why it stopped: OFDM_ADAPTIVE_*
        real(c_double) :: ridge = 0                 ! the chosen ridge
        real(c_double) :: validation_loss = 0       ! held-out criterion of the chosen set and ridge
        integer(c_int64_t) :: candidates = 0        ! candidates scored over all rounds
        real(c_double) :: seconds = 0               ! wall-clock time of the call
        ! rounds + 1 values: the held-out criterion of the start set, then after each kept round
        ! (at the growth ridge 1e-8), each lower than the one before.
        real(c_double), allocatable :: round_losses(:)
    end type ofdm_adaptive_report_t

    type :: ofdm_model_t
        type(c_ptr) :: handle = c_null_ptr
    contains
        procedure :: fit => model_fit
        procedure :: fit_select => model_fit_select
        procedure :: fit_adaptive => model_fit_adaptive
        procedure :: score => model_score
        procedure :: log_density => model_log_density
        procedure :: coefficients => model_coefficients
        procedure :: to_latent => model_to_latent
        procedure :: from_latent => model_from_latent
        procedure :: get_basis => model_get_basis
        procedure :: dim => model_dim
        procedure :: latent_dim => model_latent_dim
        procedure :: rank => model_rank
        procedure :: beta => model_beta
        procedure :: training_size => model_training_size
        procedure :: fit_options => model_fit_options
        procedure :: validation_loss => model_validation_loss
        procedure :: sample => model_sample
        procedure :: log_likelihood => model_log_likelihood
        procedure :: sample_flow => model_sample_flow
        procedure :: save => model_save
        procedure :: load => model_load
        procedure :: serialized_size => model_serialized_size
        procedure :: save_buffer => model_save_buffer
        procedure :: load_buffer => model_load_buffer
        procedure :: free => model_free
        procedure, private :: assign => model_assign
        generic :: assignment(=) => assign
        final :: model_finalize
    end type ofdm_model_t

    interface
        ! Chooses the basis and ridge for the samples in the columns of x(d, n) by the held-out
        ! criterion and refits on all of them (ofdm_fit_select). options: the fit options of every
        ! candidate (its ridge is ignored); selection: ofdm_default_select_options() when absent;
        ! report, when present, receives the choice.
        module subroutine model_fit_select(self, x, options, selection, report, err)
            class(ofdm_model_t), intent(inout) :: self
            real(c_double), intent(in), contiguous :: x(:, :)
            type(ofdm_fit_options), intent(in), optional :: options
            type(ofdm_select_options), intent(in), optional :: selection
            type(ofdm_select_report), intent(inout), optional :: report
            type(ofdm_error_t), intent(inout), optional :: err
        end subroutine model_fit_select

        ! Grows a basis from the samples in the columns of x(d, n) by the held-out criterion and
        ! fits it on all of them (ofdm_fit_adaptive). options: the fit options (its ridge is
        ! ignored: chosen); adaptive: ofdm_default_adaptive_options() when absent; report, when
        ! present, receives the choice (written only on success).
        module subroutine model_fit_adaptive(self, x, options, adaptive, report, err)
            class(ofdm_model_t), intent(inout) :: self
            real(c_double), intent(in), contiguous :: x(:, :)
            type(ofdm_fit_options), intent(in), optional :: options
            type(ofdm_adaptive_options), intent(in), optional :: adaptive
            type(ofdm_adaptive_report_t), intent(inout), optional :: report
            type(ofdm_error_t), intent(inout), optional :: err
        end subroutine model_fit_adaptive

        ! loss = the held-out criterion of the model on the points in the columns of x.
        module subroutine model_validation_loss(self, x, loss, err)
            class(ofdm_model_t), intent(in) :: self
            real(c_double), intent(in), contiguous :: x(:, :)
            real(c_double), intent(inout) :: loss
            type(ofdm_error_t), intent(inout), optional :: err
        end subroutine model_validation_loss
    end interface

contains

    ! ofdm_fit_options_init's defaults, ready to change field by field. The init can fail only
    ! with a library that refuses this binding's layout (one older than the header it mirrors):
    ! reported through err, or, without err, on stderr followed by error stop.
    function ofdm_default_fit_options(err) result(options)
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_fit_options) :: options
        call report_status(err, ofdm_fit_options_init(options))
    end function ofdm_default_fit_options

    ! ofdm_sample_options_init's defaults, ready to change field by field (err as above).
    function ofdm_default_sample_options(err) result(options)
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_sample_options) :: options
        call report_status(err, ofdm_sample_options_init(options))
    end function ofdm_default_sample_options

    ! ofdm_flow_options_init's defaults (those of log_likelihood and sample_flow without options).
    function ofdm_default_flow_options(err) result(options)
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_sample_options) :: options
        call report_status(err, ofdm_flow_options_init(options))
    end function ofdm_default_flow_options

    ! ofdm_select_options_init's defaults, ready to change field by field (err as above).
    function ofdm_default_select_options(err) result(options)
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_select_options) :: options
        call report_status(err, ofdm_select_options_init(options))
    end function ofdm_default_select_options

    ! ofdm_adaptive_options_init's defaults, ready to change field by field (err as above).
    function ofdm_default_adaptive_options(err) result(options)
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_adaptive_options) :: options
        call report_status(err, ofdm_adaptive_options_init(options))
    end function ofdm_default_adaptive_options

    ! Fits a model to the n = size(x, 2) samples in the columns of x (options absent: defaults).
    ! With OFDM_COORDINATES_PCA and options%data_dim = 0, d = size(x, 1): the data have as many
    ! coordinates as x has rows (set data_dim for a padded x); the basis dimension is r <= d.
    subroutine model_fit(self, basis, x, options, err)
        class(ofdm_model_t), intent(inout) :: self
        type(ofdm_basis_t), intent(in) :: basis
        real(c_double), intent(in), contiguous :: x(:, :)
        type(ofdm_fit_options), intent(in), optional :: options
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_fit_options) :: settings
        type(c_ptr) :: created
        integer(c_int) :: status
        call self%free()
        if (.not. library_is_compatible(err)) return
        created = c_null_ptr
        if (present(options)) then
            settings = options
            if (settings%coordinates == OFDM_COORDINATES_PCA .and. settings%data_dim == 0) &
                settings%data_dim = size(x, 1, kind=c_int64_t)
            status = ofdm_fit(basis%handle, x, size(x, 2, kind=c_int64_t), size(x, 1, kind=c_int64_t), &
                              settings, created)
        else
            status = ofdm_fit(basis%handle, x, size(x, 2, kind=c_int64_t), size(x, 1, kind=c_int64_t), &
                              options, created)
        end if
        call adopt(self, status, created, err)
    end subroutine model_fit

    ! out(:, i) = ∇ log p_t at x(:, i), for every column of x; t may be ieee_positive_inf.
    subroutine model_score(self, t, x, out, err)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(in) :: t
        real(c_double), intent(in), contiguous :: x(:, :)
        real(c_double), intent(inout), contiguous :: out(:, :)
        type(ofdm_error_t), intent(inout), optional :: err
        if (.not. has_columns(out, size(x, 2), "ofdm_model_t%score: out", err)) return
        call report_status(err, ofdm_model_score(self%handle, t, x, size(x, 2, kind=c_int64_t), &
                           size(x, 1, kind=c_int64_t), out, size(out, 1, kind=c_int64_t)))
    end subroutine model_score

    ! out(i) = log p_t(x(:, i)) up to a constant that depends on t only.
    subroutine model_log_density(self, t, x, out, err)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(in) :: t
        real(c_double), intent(in), contiguous :: x(:, :)
        real(c_double), intent(inout), contiguous :: out(:)
        type(ofdm_error_t), intent(inout), optional :: err
        if (size(out) < size(x, 2)) then
            call report_invalid_argument(err, "ofdm_model_t%log_density: out has fewer elements " // &
                                         "than x has columns")
            return
        end if
        call report_status(err, ofdm_model_log_density(self%handle, t, x, &
                           size(x, 2, kind=c_int64_t), size(x, 1, kind=c_int64_t), out))
    end subroutine model_log_density

    ! alpha(1:K) = the coefficients α(t) in basis order.
    subroutine model_coefficients(self, t, alpha, err)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(in) :: t
        real(c_double), intent(inout), contiguous :: alpha(:)
        type(ofdm_error_t), intent(inout), optional :: err
        if (size(alpha, kind=c_int64_t) < ofdm_basis_size(ofdm_model_basis(self%handle))) then
            call report_invalid_argument(err, "ofdm_model_t%coefficients: alpha has fewer " // &
                                         "elements than the basis has functions")
            return
        end if
        call report_status(err, ofdm_model_coefficients(self%handle, t, alpha))
    end subroutine model_coefficients

    ! z(1:r, i) = W (x(1:d, i) − m), the latent coordinates (r = latent_dim() rows of z).
    subroutine model_to_latent(self, x, z, err)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(in), contiguous :: x(:, :)
        real(c_double), intent(inout), contiguous :: z(:, :)
        type(ofdm_error_t), intent(inout), optional :: err
        if (.not. has_columns(z, size(x, 2), "ofdm_model_t%to_latent: z", err)) return
        call report_status(err, ofdm_model_to_latent(self%handle, x, size(x, 2, kind=c_int64_t), &
                           size(x, 1, kind=c_int64_t), z, size(z, 1, kind=c_int64_t)))
    end subroutine model_to_latent

    ! x(1:d, i) = m + W⁺ z(1:r, i), back to data coordinates (W⁺ = W⁻¹ except for PCA, where
    ! x lands on the principal subspace).
    subroutine model_from_latent(self, z, x, err)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(in), contiguous :: z(:, :)
        real(c_double), intent(inout), contiguous :: x(:, :)
        type(ofdm_error_t), intent(inout), optional :: err
        if (.not. has_columns(x, size(z, 2), "ofdm_model_t%from_latent: x", err)) return
        call report_status(err, ofdm_model_from_latent(self%handle, z, size(z, 2, kind=c_int64_t), &
                           size(z, 1, kind=c_int64_t), x, size(x, 1, kind=c_int64_t)))
    end subroutine model_from_latent

    ! The model's basis, borrowed: valid while the model lives; basis%free() only forgets it.
    subroutine model_get_basis(self, basis)
        class(ofdm_model_t), intent(in) :: self
        type(ofdm_basis_t), intent(inout) :: basis
        call basis%free()
        basis%handle = ofdm_model_basis(self%handle)
        basis%owned = .false.
    end subroutine model_get_basis

    pure integer(c_int64_t) function model_dim(self)
        class(ofdm_model_t), intent(in) :: self
        model_dim = ofdm_model_dim(self%handle)
    end function model_dim

    ! The dimension r of the latent coordinates, the basis dimension: d except for PCA.
    pure integer(c_int64_t) function model_latent_dim(self)
        class(ofdm_model_t), intent(in) :: self
        model_latent_dim = ofdm_model_latent_dim(self%handle)
    end function model_latent_dim

    ! The number of basis functions the model uses: the numerical rank of its Galerkin system at
    ! t = 0. Equal to the basis size for a well-posed fit; smaller when some basis functions are,
    ! on the data, combinations of the others (their coefficients are then 0 at every t).
    pure integer(c_int64_t) function model_rank(self)
        class(ofdm_model_t), intent(in) :: self
        model_rank = ofdm_model_rank(self%handle)
    end function model_rank

    pure real(c_double) function model_beta(self)
        class(ofdm_model_t), intent(in) :: self
        model_beta = ofdm_model_beta(self%handle)
    end function model_beta

    pure integer(c_int64_t) function model_training_size(self)
        class(ofdm_model_t), intent(in) :: self
        model_training_size = ofdm_model_training_size(self%handle)
    end function model_training_size

    ! The options the model was fitted with.
    subroutine model_fit_options(self, options, err)
        class(ofdm_model_t), intent(in) :: self
        type(ofdm_fit_options), intent(out) :: options
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_int) :: status
        status = ofdm_fit_options_init(options)
        if (status == OFDM_OK) status = ofdm_model_options(self%handle, options)
        call report_status(err, status)
    end subroutine model_fit_options

    ! Draws size(out, 2) samples into the columns of out (options absent: defaults). When stats
    ! is present it receives the run's statistics (options%stats is then ignored).
    subroutine model_sample(self, out, options, err, stats)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(inout), contiguous :: out(:, :)
        type(ofdm_sample_options), intent(in), optional :: options
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_sample_stats), intent(inout), optional :: stats
        type(ofdm_sample_options) :: settings
        ! volatile: the library writes it through the pointer in settings, out of the compiler's
        ! sight; without it gfortran -O2 may keep the values from before the call.
        type(ofdm_sample_stats), target, volatile :: collected
        integer(c_int) :: status
        logical :: initialized
        status = OFDM_OK
        initialized = .false.
        if (present(options)) then
            settings = options
        else
            status = ofdm_sample_options_init(settings)
        end if
        if (present(stats) .and. status == OFDM_OK) then
            status = ofdm_sample_stats_init(collected)
            initialized = status == OFDM_OK
            settings%stats = c_loc(collected)
        end if
        if (status == OFDM_OK) status = ofdm_model_sample(self%handle, size(out, 2, kind=c_int64_t), &
                                            settings, out, size(out, 1, kind=c_int64_t))
        if (present(stats) .and. initialized) stats = collected
        call report_status(err, status)
    end subroutine model_sample

    ! out(i) = log q(x(:, i)), the normalized log-density of the model at options%t_min (0 by
    ! default) carried by the probability-flow ODE (options absent: ofdm_default_flow_options()).
    ! When stats is present it receives the run's statistics (options%stats is then ignored).
    subroutine model_log_likelihood(self, x, out, options, err, stats)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(in), contiguous :: x(:, :)
        real(c_double), intent(inout), contiguous :: out(:)
        type(ofdm_sample_options), intent(in), optional :: options
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_sample_stats), intent(inout), optional :: stats
        type(ofdm_sample_options) :: settings
        type(ofdm_sample_stats), target, volatile :: collected ! volatile: as in model_sample
        integer(c_int) :: status
        logical :: initialized
        if (size(out) < size(x, 2)) then
            call report_invalid_argument(err, "ofdm_model_t%log_likelihood: out has fewer elements " // &
                                         "than x has columns")
            return
        end if
        initialized = .false.
        if (present(options)) then
            settings = options
            status = OFDM_OK
        else
            status = ofdm_flow_options_init(settings)
        end if
        if (present(stats) .and. status == OFDM_OK) then
            status = ofdm_sample_stats_init(collected)
            initialized = status == OFDM_OK
            settings%stats = c_loc(collected)
        end if
        if (status == OFDM_OK) status = ofdm_model_log_likelihood(self%handle, x, &
                                            size(x, 2, kind=c_int64_t), size(x, 1, kind=c_int64_t), settings, out)
        if (present(stats) .and. initialized) stats = collected
        call report_status(err, status)
    end subroutine model_log_likelihood

    ! Draws size(out, 2) samples into the columns of out through the probability-flow ODE and, when
    ! log_q is present, log_q(i) = the exact model log-density of sample i (options absent:
    ! ofdm_default_flow_options()). stats as in log_likelihood.
    subroutine model_sample_flow(self, out, log_q, options, err, stats)
        class(ofdm_model_t), intent(in) :: self
        real(c_double), intent(inout), contiguous :: out(:, :)
        real(c_double), intent(inout), contiguous, optional :: log_q(:)
        type(ofdm_sample_options), intent(in), optional :: options
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_sample_stats), intent(inout), optional :: stats
        type(ofdm_sample_options) :: settings
        type(ofdm_sample_stats), target, volatile :: collected ! volatile: as in model_sample
        integer(c_int) :: status
        logical :: initialized
        if (present(log_q)) then
            if (size(log_q) < size(out, 2)) then
                call report_invalid_argument(err, "ofdm_model_t%sample_flow: log_q has fewer " // &
                                             "elements than out has columns")
                return
            end if
        end if
        initialized = .false.
        if (present(options)) then
            settings = options
            status = OFDM_OK
        else
            status = ofdm_flow_options_init(settings)
        end if
        if (present(stats) .and. status == OFDM_OK) then
            status = ofdm_sample_stats_init(collected)
            initialized = status == OFDM_OK
            settings%stats = c_loc(collected)
        end if
        if (status == OFDM_OK) status = ofdm_model_sample_flow(self%handle, size(out, 2, kind=c_int64_t), &
                                            settings, out, size(out, 1, kind=c_int64_t), log_q)
        if (present(stats) .and. initialized) stats = collected
        call report_status(err, status)
    end subroutine model_sample_flow

    ! Saves atomically to path (used as given: trailing blanks are part of it).
    subroutine model_save(self, path, err)
        class(ofdm_model_t), intent(in) :: self
        character(*), intent(in) :: path
        type(ofdm_error_t), intent(inout), optional :: err
        call report_status(err, ofdm_model_save(self%handle, c_path(path)))
    end subroutine model_save

    ! Replaces this model by the one saved at path.
    subroutine model_load(self, path, err)
        class(ofdm_model_t), intent(inout) :: self
        character(*), intent(in) :: path
        type(ofdm_error_t), intent(inout), optional :: err
        type(c_ptr) :: created
        integer(c_int) :: status
        call self%free()
        if (.not. library_is_compatible(err)) return
        created = c_null_ptr
        status = ofdm_model_load(c_path(path), created)
        call adopt(self, status, created, err)
    end subroutine model_load

    ! The exact byte count of the serialized model; 0 on failure.
    integer(c_size_t) function model_serialized_size(self, err)
        class(ofdm_model_t), intent(in) :: self
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_size_t) :: bytes
        bytes = 0
        call report_status(err, ofdm_model_serialized_size(self%handle, bytes))
        model_serialized_size = bytes
    end function model_serialized_size

    ! The serialized model (the bytes save writes) in a freshly allocated buffer.
    subroutine model_save_buffer(self, buffer, err)
        class(ofdm_model_t), intent(in) :: self
        integer(c_int8_t), allocatable, intent(out) :: buffer(:)
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_size_t) :: bytes, written
        integer(c_int) :: status
        bytes = 0
        status = ofdm_model_serialized_size(self%handle, bytes)
        if (status == OFDM_OK) then
            allocate (buffer(bytes))
            written = 0
            status = ofdm_model_save_buffer(self%handle, buffer, bytes, written)
        end if
        if (status /= OFDM_OK .and. allocated(buffer)) deallocate (buffer)
        call report_status(err, status)
    end subroutine model_save_buffer

    ! Replaces this model by the one serialized in buffer.
    subroutine model_load_buffer(self, buffer, err)
        class(ofdm_model_t), intent(inout) :: self
        integer(c_int8_t), intent(in), contiguous :: buffer(:)
        type(ofdm_error_t), intent(inout), optional :: err
        type(c_ptr) :: created
        integer(c_int) :: status
        call self%free()
        if (.not. library_is_compatible(err)) return
        created = c_null_ptr
        status = ofdm_model_load_buffer(buffer, size(buffer, kind=c_size_t), created)
        call adopt(self, status, created, err)
    end subroutine model_load_buffer

    ! Releases the handle. Safe to call any number of times.
    subroutine model_free(self)
        class(ofdm_model_t), intent(inout) :: self
        if (c_associated(self%handle)) call ofdm_model_free(self%handle)
        self%handle = c_null_ptr
    end subroutine model_free

    subroutine model_finalize(self)
        type(ofdm_model_t), intent(inout) :: self
        call self%free()
    end subroutine model_finalize

    ! `lhs = rhs` gives lhs its own copy of rhs, through the serialized form (exact: a loaded
    ! model scores bit-identically). A failure here has no err to go to, so it stops.
    subroutine model_assign(lhs, rhs)
        class(ofdm_model_t), intent(inout) :: lhs
        class(ofdm_model_t), intent(in) :: rhs
        integer(c_int8_t), allocatable :: buffer(:)
        if (c_associated(lhs%handle) .and. c_associated(rhs%handle)) then
            if (c_associated(lhs%handle, rhs%handle)) return
        end if
        call lhs%free()
        if (.not. c_associated(rhs%handle)) return
        call rhs%save_buffer(buffer)
        call lhs%load_buffer(buffer)
    end subroutine model_assign

    ! NUL-terminated copy of a Fortran path for the C API.
    function c_path(path) result(text)
        character(*), intent(in) :: path
        character(kind=c_char, len=len(path) + 1) :: text
        text = path // c_null_char
    end function c_path

    ! True when out has at least `columns` columns; otherwise reports the mismatch.
    logical function has_columns(out, columns, what, err)
        real(c_double), intent(in) :: out(:, :)
        integer, intent(in) :: columns
        character(*), intent(in) :: what
        type(ofdm_error_t), intent(inout), optional :: err
        has_columns = size(out, 2) >= columns
        if (.not. has_columns) call report_invalid_argument(err, what // " has fewer columns " // &
                                                            "than the input has points")
    end function has_columns

    ! Takes ownership of a handle a C create function wrote, or reports its failure.
    subroutine adopt(self, status, created, err)
        class(ofdm_model_t), intent(inout) :: self
        integer(c_int), intent(in) :: status
        type(c_ptr), intent(in) :: created
        type(ofdm_error_t), intent(inout), optional :: err
        if (status == OFDM_OK) self%handle = created
        call report_status(err, status)
    end subroutine adopt
end module ofdm_model_type

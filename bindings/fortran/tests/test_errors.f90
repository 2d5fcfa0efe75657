! test_errors — bad input through the Fortran binding: each gives the documented status and a
! message that names the culprit, and a failed call leaves no handle and no output behind.
program test_errors
    use, intrinsic :: iso_c_binding, only: c_int, c_int8_t, c_associated
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan, ieee_negative_inf
    use ofdm
    use test_harness
    use test_data, only: correlated_sample, correlated_n
    use test_fixtures, only: fit_correlated, evaluation_points, n_points
    implicit none

    type(ofdm_basis_t) :: basis
    type(ofdm_model_t) :: model

    call basis%create_total_degree(2, 2)
    call fit_correlated(model, 909_int64, 1.0_real64, OFDM_TIME_GALERKIN)
    call every_status_has_a_description()
    call nonfinite_input_names_its_row_and_column()
    call leading_dimension_below_d_is_invalid()
    call negative_time_is_invalid()
    call bad_sample_option_is_named()
    call empty_handle_is_a_null_argument()
    call outputs_too_small_are_refused_by_the_binding()
    call missing_file_is_an_io_error_naming_the_path()
    call foreign_truncated_and_corrupt_bytes_are_refused()
    call failed_fit_leaves_no_model()
    call fit_beyond_memory_limit_is_too_large()
    call success_resets_err()
    if (tests_failed() > 0) error stop 1

contains

    ! err holds `status` and a message "<status string>: <detail>" containing `detail`.
    subroutine expect(err, status, detail)
        type(ofdm_error_t), intent(in) :: err
        integer(c_int), intent(in) :: status
        character(*), intent(in) :: detail
        character(16) :: got, want
        write (got, '(i0)') err%status
        write (want, '(i0)') status
        call check(err%status == status, "status " // trim(want) // ", got " // trim(got))
        if (.not. allocated(err%message)) then
            call check(.false., "a message is set")
            return
        end if
        call check(index(err%message, ofdm_status_text(status) // ": ") == 1, &
                   "message starts with the status description: " // err%message)
        call check(index(err%message, detail) > 0, "message contains '" // detail // "': " // err%message)
    end subroutine expect

    ! Statuses 0..17 have their own descriptions; an unknown value says so.
    subroutine every_status_has_a_description()
        integer(c_int) :: status
        character(:), allocatable :: description
        call begin_test("every_status_has_a_description")
        do status = OFDM_OK, OFDM_ERR_CANCELLED
            description = ofdm_status_text(status)
            call check(len(description) > 0 .and. description /= "unknown status", &
                       "a description for every status")
        end do
        call check(ofdm_status_text(OFDM_ERR_SINGULAR) == "singular system", "OFDM_ERR_SINGULAR")
        call check(ofdm_status_text(-1) == "unknown status", "-1 is unknown")
        call end_test()
    end subroutine every_status_has_a_description

    ! Fortran column 13 is the C API's row 12; Fortran row 2 its column 1.
    subroutine nonfinite_input_names_its_row_and_column()
        real(real64) :: x(2, correlated_n)
        type(ofdm_model_t) :: fitted
        type(ofdm_error_t) :: err
        call begin_test("nonfinite_input_names_its_row_and_column")
        x = correlated_sample(1_int64)
        x(2, 13) = ieee_value(1.0_real64, ieee_quiet_nan)
        call fitted%fit(basis, x, err=err)
        call expect(err, OFDM_ERR_NONFINITE_INPUT, "(row 12, column 1)")
        x(2, 13) = 0
        x(1, 4000) = ieee_value(1.0_real64, ieee_negative_inf)
        call fitted%fit(basis, x, err=err)
        call expect(err, OFDM_ERR_NONFINITE_INPUT, "(row 3999, column 0)")
        call end_test()
    end subroutine nonfinite_input_names_its_row_and_column

    subroutine leading_dimension_below_d_is_invalid()
        real(real64) :: narrow(1, 100), score(2, 100)
        type(ofdm_model_t) :: fitted
        type(ofdm_error_t) :: err
        call begin_test("leading_dimension_below_d_is_invalid")
        narrow = 1
        call fitted%fit(basis, narrow, err=err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "ldx = 1")
        call model%score(0.5_real64, narrow, score, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "ldx = 1")
        call end_test()
    end subroutine leading_dimension_below_d_is_invalid

    subroutine negative_time_is_invalid()
        real(real64) :: score(2, n_points)
        type(ofdm_error_t) :: err
        call begin_test("negative_time_is_invalid")
        score = 42
        call model%score(-1.0_real64, evaluation_points, score, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "t = -1")
        call check(all(score == 42), "output untouched")
        call end_test()
    end subroutine negative_time_is_invalid

    subroutine bad_sample_option_is_named()
        type(ofdm_sample_options) :: options
        real(real64) :: samples(2, 4)
        type(ofdm_error_t) :: err
        call begin_test("bad_sample_option_is_named")
        options = ofdm_default_sample_options()
        options%steps = 0
        call model%sample(samples, options, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "steps")
        call end_test()
    end subroutine bad_sample_option_is_named

    ! A variable never fitted holds a NULL handle, which the C API refuses by name.
    subroutine empty_handle_is_a_null_argument()
        type(ofdm_model_t) :: never_fitted
        real(real64) :: score(2, n_points)
        type(ofdm_error_t) :: err
        call begin_test("empty_handle_is_a_null_argument")
        call never_fitted%score(1.0_real64, evaluation_points, score, err)
        call expect(err, OFDM_ERR_NULL_ARGUMENT, "model is NULL")
        call check(never_fitted%dim() == 0 .and. never_fitted%training_size() == 0, "NULL model: d = n = 0")
        call end_test()
    end subroutine empty_handle_is_a_null_argument

    ! The C API cannot see a Fortran array's extent: the binding checks it before the call.
    subroutine outputs_too_small_are_refused_by_the_binding()
        real(real64) :: score(2, n_points - 1), log_p(n_points - 1), alpha(4), z(2, 1)
        type(ofdm_error_t) :: err
        call begin_test("outputs_too_small_are_refused_by_the_binding")
        score = 42
        call model%score(1.0_real64, evaluation_points, score, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "out has fewer columns")
        call check(all(score == 42), "nothing written")
        call model%log_density(1.0_real64, evaluation_points, log_p, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "out has fewer elements")
        call model%coefficients(1.0_real64, alpha, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "alpha has fewer elements")
        call model%to_latent(evaluation_points, z, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "z has fewer columns")
        call end_test()
    end subroutine outputs_too_small_are_refused_by_the_binding

    subroutine missing_file_is_an_io_error_naming_the_path()
        type(ofdm_model_t) :: loaded
        type(ofdm_error_t) :: err
        call begin_test("missing_file_is_an_io_error_naming_the_path")
        call loaded%load("/nonexistent/model.ofdm", err)
        call expect(err, OFDM_ERR_IO, "'/nonexistent/model.ofdm'")
        call check(.not. c_associated(loaded%handle), "no model")
        call model%save("/nonexistent/directory/model.ofdm", err)
        call expect(err, OFDM_ERR_IO, "/nonexistent/directory/model.ofdm")
        call end_test()
    end subroutine missing_file_is_an_io_error_naming_the_path

    ! Foreign bytes: OFDM_ERR_FORMAT; the first half of a model: OFDM_ERR_TRUNCATED; a flipped
    ! byte in the middle: OFDM_ERR_CORRUPT (the checksum).
    subroutine foreign_truncated_and_corrupt_bytes_are_refused()
        integer(c_int8_t), allocatable :: buffer(:)
        integer(c_int8_t) :: foreign(64)
        type(ofdm_model_t) :: loaded
        type(ofdm_error_t) :: err
        integer :: middle
        call begin_test("foreign_truncated_and_corrupt_bytes_are_refused")
        foreign = 65
        call loaded%load_buffer(foreign, err)
        call expect(err, OFDM_ERR_FORMAT, "OFDMMODL")
        call model%save_buffer(buffer)
        call loaded%load_buffer(buffer(1:size(buffer) / 2), err)
        call expect(err, OFDM_ERR_TRUNCATED, "ofdm_model_load_buffer")
        middle = size(buffer) / 2
        buffer(middle) = not(buffer(middle))
        call loaded%load_buffer(buffer, err)
        call expect(err, OFDM_ERR_CORRUPT, "ofdm_model_load_buffer")
        call check(.not. c_associated(loaded%handle), "no model")
        call end_test()
    end subroutine foreign_truncated_and_corrupt_bytes_are_refused

    ! fit replaces the variable's model: after a failed fit the variable is empty, not half-built.
    subroutine failed_fit_leaves_no_model()
        type(ofdm_model_t) :: refitted
        real(real64) :: x(2, 1)
        type(ofdm_error_t) :: err
        call begin_test("failed_fit_leaves_no_model")
        call fit_correlated(refitted, 2_int64, 1.0_real64, OFDM_TIME_GALERKIN)
        x = 1
        call refitted%fit(basis, x, err=err)
        call check(err%failed(), "one sample cannot be standardized")
        call check(.not. c_associated(refitted%handle), "no model")
        call end_test()
    end subroutine failed_fit_leaves_no_model

    ! options%memory_limit caps a fit's estimated peak. d = 32, total degree 3: K = 6 544 and
    ! ~2 GB of Galerkin matrices against 64 MiB, refused by fit and by a moments accumulator; a
    ! negative limit is invalid; within its limit a fit is the one without, bit for bit.
    subroutine fit_beyond_memory_limit_is_too_large()
        integer(int64), parameter :: mib = 2_int64**20
        type(ofdm_basis_t) :: big
        type(ofdm_model_t) :: fitted, free_fit
        type(ofdm_moments_t) :: moments
        type(ofdm_fit_options) :: options
        type(ofdm_error_t) :: err
        real(real64) :: x(32, 10), score_capped(2, n_points), score_free(2, n_points)
        call begin_test("fit_beyond_memory_limit_is_too_large")
        call big%create_total_degree(32, 3)
        call check(big%size() == 6544, "K = 6544")
        x = 0.5_real64
        x(:, 1:5) = -0.5_real64
        options = ofdm_default_fit_options()
        call check(options%memory_limit == 0, "default memory_limit = 0")
        options%ridge = 1e-6_real64
        options%memory_limit = 64 * mib
        call fitted%fit(big, x, options, err)
        call expect(err, OFDM_ERR_TOO_LARGE, "options.memory_limit")
        call check(.not. c_associated(fitted%handle), "no model")
        call moments%create(big, options, err)
        call expect(err, OFDM_ERR_TOO_LARGE, "options.memory_limit")
        call check(.not. c_associated(moments%handle), "no accumulator")
        options%memory_limit = -1
        call fitted%fit(big, x, options, err)
        call expect(err, OFDM_ERR_INVALID_ARGUMENT, "options.memory_limit")
        call big%free()
        options = ofdm_default_fit_options()
        options%memory_limit = 64 * mib
        call fitted%fit(basis, correlated_sample(5_int64), options, err)
        call check(err%status == OFDM_OK, "a fit within its limit runs")
        call free_fit%fit(basis, correlated_sample(5_int64))
        call fitted%score(0.25_real64, evaluation_points, score_capped)
        call free_fit%score(0.25_real64, evaluation_points, score_free)
        call check(all(score_capped == score_free), "and is the fit without a limit")
        call end_test()
    end subroutine fit_beyond_memory_limit_is_too_large

    subroutine success_resets_err()
        type(ofdm_error_t) :: err
        real(real64) :: score(2, n_points)
        call begin_test("success_resets_err")
        call model%score(-1.0_real64, evaluation_points, score, err)
        call check(err%failed(), "first a failure")
        call model%score(1.0_real64, evaluation_points, score, err)
        call check(err%status == OFDM_OK .and. err%message == "", "then OFDM_OK and no message")
        call end_test()
    end subroutine success_resets_err
end program test_errors

! ofdm_errors — how the Fortran wrappers report failure, read C strings, and check the library.
!
! Every wrapper that can fail takes an optional `err` argument of type(ofdm_error_t), in the
! style of iostat/iomsg: when present it receives the status (an OFDM_* value, OFDM_OK on
! success) and a message "<ofdm_status_string>: <ofdm_last_error>"; when absent, a failure prints
! that message to stderr and stops the program with `error stop`. A failed call never leaves a
! half-built handle (the C API guarantees it; the wrappers keep it).
module ofdm_errors
    use, intrinsic :: iso_c_binding, only: c_int, c_char, c_ptr, c_null_char, c_associated, &
                                           c_f_pointer
    use, intrinsic :: iso_fortran_env, only: error_unit
    use ofdm_c, only: OFDM_OK, OFDM_ERR_INVALID_ARGUMENT, OFDM_ERR_VERSION, OFDM_VERSION_MAJOR, ofdm_status_string, &
                      ofdm_last_error, ofdm_version_number, ofdm_version_string
    implicit none
    private

    public :: ofdm_error_t
    public :: ofdm_status_text, ofdm_last_error_text, ofdm_version_text
    public :: ofdm_check_version, ofdm_abi_mismatch_message
    public :: c_string_to_fortran, report_status, report_failure, report_invalid_argument
    public :: library_is_compatible

    type :: ofdm_error_t
        integer(c_int) :: status = OFDM_OK
        character(:), allocatable :: message
    contains
        procedure :: failed => error_failed
    end type ofdm_error_t

    ! The longest C string we are prepared to read; the library's messages are far shorter.
    integer, parameter :: max_c_string = 65536

contains

    logical function error_failed(self)
        class(ofdm_error_t), intent(in) :: self
        error_failed = self%status /= OFDM_OK
    end function error_failed

    ! A Fortran copy of a NUL-terminated C string; "" for a NULL pointer.
    function c_string_to_fortran(pointer) result(text)
        type(c_ptr), intent(in) :: pointer
        character(:), allocatable :: text
        character(kind=c_char), pointer :: chars(:)
        integer :: length, i
        if (.not. c_associated(pointer)) then
            text = ""
            return
        end if
        call c_f_pointer(pointer, chars, [max_c_string])
        length = 0
        do while (length < max_c_string)
            if (chars(length + 1) == c_null_char) exit
            length = length + 1
        end do
        allocate (character(length) :: text)
        do i = 1, length
            text(i:i) = chars(i)
        end do
    end function c_string_to_fortran

    ! ofdm_status_string as a Fortran string, e.g. "singular system".
    function ofdm_status_text(status) result(text)
        integer(c_int), intent(in) :: status
        character(:), allocatable :: text
        text = c_string_to_fortran(ofdm_status_string(status))
    end function ofdm_status_text

    ! ofdm_last_error (this thread's last failure detail) as a Fortran string.
    function ofdm_last_error_text() result(text)
        character(:), allocatable :: text
        text = c_string_to_fortran(ofdm_last_error())
    end function ofdm_last_error_text

    ! The linked library's "MAJOR.MINOR.PATCH".
    function ofdm_version_text() result(text)
        character(:), allocatable :: text
        text = c_string_to_fortran(ofdm_version_string())
    end function ofdm_version_text

    ! Records a failure: into err when present, else on stderr followed by `error stop`.
    subroutine report_failure(err, status, message)
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_int), intent(in) :: status
        character(*), intent(in) :: message
        if (present(err)) then
            err%status = status
            err%message = message
            return
        end if
        write (error_unit, '(a)') "ofdm: " // message
        error stop 1
    end subroutine report_failure

    ! Records an invalid argument the binding itself caught (one the C API cannot see, such as the
    ! extent of a Fortran array), worded like the library's own messages.
    subroutine report_invalid_argument(err, detail)
        type(ofdm_error_t), intent(inout), optional :: err
        character(*), intent(in) :: detail
        call report_failure(err, OFDM_ERR_INVALID_ARGUMENT, &
                            ofdm_status_text(OFDM_ERR_INVALID_ARGUMENT) // ": " // detail)
    end subroutine report_invalid_argument

    ! Records the result of a C call. On failure the message joins the status description and
    ! the library's detail message, read now, before any other ofdm call can replace it.
    subroutine report_status(err, status)
        type(ofdm_error_t), intent(inout), optional :: err
        integer(c_int), intent(in) :: status
        if (status == OFDM_OK) then
            if (present(err)) then
                err%status = OFDM_OK
                err%message = ""
            end if
            return
        end if
        call report_failure(err, status, ofdm_status_text(status) // ": " // ofdm_last_error_text())
    end subroutine report_status

    ! "" when the library version number (MAJOR*10000 + MINOR*100 + PATCH) has the ABI major this
    ! binding was written for, else the message that explains the refusal.
    function ofdm_abi_mismatch_message(library_version_number) result(message)
        integer(c_int), intent(in) :: library_version_number
        character(:), allocatable :: message
        character(32) :: library_major, binding_major, number
        message = ""
        if (library_version_number / 10000 == OFDM_VERSION_MAJOR) return
        write (library_major, '(i0)') library_version_number / 10000
        write (binding_major, '(i0)') OFDM_VERSION_MAJOR
        write (number, '(i0)') library_version_number
        message = "the ofdm library linked at run time has version number " // trim(number) // &
                  " (ABI major " // trim(library_major) // "), but this Fortran binding was " // &
                  "written for ABI major " // trim(binding_major) // &
                  "; rebuild against a libofdm.so." // trim(binding_major) // " or update the binding"
    end function ofdm_abi_mismatch_message

    ! Checks that the linked library has this binding's ABI major; reports OFDM_ERR_VERSION if not.
    subroutine ofdm_check_version(err)
        type(ofdm_error_t), intent(inout), optional :: err
        character(:), allocatable :: message
        message = ofdm_abi_mismatch_message(ofdm_version_number())
        if (len(message) == 0) then
            call report_status(err, OFDM_OK)
        else
            call report_failure(err, OFDM_ERR_VERSION, message // " (library " // &
                                ofdm_version_text() // ")")
        end if
    end subroutine ofdm_check_version

    ! Every wrapper that creates a handle asks this first: Fortran modules have no load-time
    ! hook, so the check runs on the first creation and its verdict is remembered (the library
    ! cannot change under a running program; a concurrent first check writes the same value).
    logical function library_is_compatible(err)
        type(ofdm_error_t), intent(inout), optional :: err
        logical, save :: checked = .false., compatible = .false.
        if (.not. checked) then
            compatible = len(ofdm_abi_mismatch_message(ofdm_version_number())) == 0
            checked = .true.
        end if
        library_is_compatible = compatible
        if (.not. compatible) call ofdm_check_version(err)
    end function library_is_compatible
end module ofdm_errors

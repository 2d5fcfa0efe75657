! version_refusal — run against a library of another ABI major (run_tests.sh provides one that
! reports 1.2.3), creating a handle is refused with OFDM_ERR_VERSION and a message naming both
! versions; prints "refused: <library version>" when it is.
program version_refusal
    use, intrinsic :: iso_c_binding, only: c_associated
    use ofdm
    implicit none
    type(ofdm_basis_t) :: basis
    type(ofdm_model_t) :: model
    type(ofdm_error_t) :: err, load_err
    call basis%create_total_degree(2, 2, err=err)
    call model%load("any.ofdm", load_err)
    print '(a)', err%message
    if (err%status /= OFDM_ERR_VERSION .or. load_err%status /= OFDM_ERR_VERSION) error stop "not refused"
    if (c_associated(basis%handle) .or. c_associated(model%handle)) error stop "a handle was made"
    if (index(err%message, "ABI major 1") == 0 .or. index(err%message, "ABI major 0") == 0) &
        error stop "the message does not name both ABI majors"
    print '("refused: ", a)', ofdm_version_text()
end program version_refusal

! stop_without_err — a failure with no `err` argument prints the library's message on stderr and
! stops the program; run_tests.sh checks the exit status and the message.
program stop_without_err
    use ofdm
    implicit none
    type(ofdm_model_t) :: model
    call model%load("/nonexistent/model.ofdm")
    print '(a)', "not reached"
end program stop_without_err

! test_sampling — sampling through the Fortran binding: reproducible whatever the thread count,
! prefix-stable, statistics written through options%stats, and progress callbacks that cancel.

! A bind(C) progress callback the C library can call: counts its calls through `data` and asks
! to stop at the first one.
module cancelling_progress
    use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, c_ptr, c_f_pointer
    implicit none
contains
    integer(c_int) function cancel_at_once(done, total, data) bind(C)
        integer(c_int64_t), value :: done, total
        type(c_ptr), value :: data
        integer(c_int), pointer :: calls
        call c_f_pointer(data, calls)
        calls = calls + 1
        if (done < 0 .or. total < done) calls = -1000 ! nonsense arguments show up in the count
        cancel_at_once = 1
    end function cancel_at_once
end module cancelling_progress

program test_sampling
    use, intrinsic :: iso_c_binding, only: c_int, c_funloc, c_loc, c_associated
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use ofdm
    use test_harness
    use test_data, only: correlated_sample
    use test_fixtures, only: fit_correlated
    use cancelling_progress, only: cancel_at_once
    implicit none

    type(ofdm_model_t) :: model

    call fit_correlated(model, 808_int64, 1.0_real64, OFDM_TIME_GALERKIN)
    call same_seed_gives_identical_samples_on_1_and_2_threads()
    call a_shorter_run_is_a_prefix_of_a_longer_one()
    call mala_statistics_count_every_proposal()
    call progress_callback_cancels_fit_and_sample()
    if (tests_failed() > 0) error stop 1

contains

    function short_run(n, seed, threads) result(samples)
        integer, intent(in) :: n, seed, threads
        real(real64) :: samples(2, n)
        type(ofdm_sample_options) :: options
        options = ofdm_default_sample_options()
        options%steps = 50
        options%seed = seed
        options%threads = threads
        call model%sample(samples, options)
    end function short_run

    ! Sample i depends only on (seed, i): the same bits on one thread and on two; another seed
    ! gives other samples. Compared bit for bit (the header promises bit-identical output).
    subroutine same_seed_gives_identical_samples_on_1_and_2_threads()
        real(real64) :: one(2, 300), two(2, 300), other(2, 300)
        call begin_test("same_seed_gives_identical_samples_on_1_and_2_threads")
        one = short_run(300, 11, 1)
        two = short_run(300, 11, 2)
        other = short_run(300, 12, 2)
        call check(all(transfer(one, 0_int64, 600) == transfer(two, 0_int64, 600)), &
                   "1 thread and 2 threads: identical bits")
        call check(all(ieee_is_finite_array(one)), "all samples finite")
        call check(any(one /= other), "another seed gives other samples")
        call end_test()
    end subroutine same_seed_gives_identical_samples_on_1_and_2_threads

    ! "A run of n samples is a prefix of a run of more."
    subroutine a_shorter_run_is_a_prefix_of_a_longer_one()
        real(real64) :: short(2, 40), long(2, 100)
        call begin_test("a_shorter_run_is_a_prefix_of_a_longer_one")
        short = short_run(40, 5, 2)
        long = short_run(100, 5, 2)
        call check(all(transfer(short, 0_int64, 80) == transfer(long(:, 1:40), 0_int64, 80)), &
                   "the first 40 samples agree bit for bit")
        call end_test()
    end subroutine a_shorter_run_is_a_prefix_of_a_longer_one

    ! With a MALA corrector of one move per level, every sample makes one proposal per predictor
    ! step: proposals = n · steps exactly, accepted <= proposals. The stats come back both through
    ! the wrapper's stats argument and through a raw options%stats pointer, and agree.
    subroutine mala_statistics_count_every_proposal()
        type(ofdm_sample_options) :: options
        type(ofdm_sample_stats) :: stats
        ! volatile: written by the library through options%stats, out of the compiler's sight.
        type(ofdm_sample_stats), target, volatile :: raw
        real(real64) :: samples(2, 64)
        type(ofdm_error_t) :: err
        call begin_test("mala_statistics_count_every_proposal")
        call check(ofdm_sample_stats_init(raw) == OFDM_OK, "ofdm_sample_stats_init succeeds")
        call check(raw%struct_size == storage_size(raw) / 8, "struct_size = the Fortran mirror's size")
        options = ofdm_default_sample_options()
        options%steps = 20
        options%corrector = OFDM_CORRECTOR_MALA
        options%corrector_steps = 1
        call model%sample(samples, options, err, stats)
        options%stats = c_loc(raw)
        call model%sample(samples, options)
        call check(.not. err%failed(), "sampling with MALA succeeds")
        call check(stats%corrector_proposals == 64 * 20, "one proposal per sample and step")
        call check(stats%corrector_accepted >= 1 .and. stats%corrector_accepted <= stats%corrector_proposals, &
                   "0 < accepted <= proposals")
        call check(stats%guarded_samples >= 0 .and. stats%guarded_samples <= 64, "guarded samples <= n")
        call check(raw%corrector_proposals == stats%corrector_proposals .and. &
                   raw%corrector_accepted == stats%corrector_accepted, "raw pointer: the same counts")
        call end_test()
    end subroutine mala_statistics_count_every_proposal

    ! A callback that returns non-zero cancels: OFDM_ERR_CANCELLED, no model, outputs untouched.
    subroutine progress_callback_cancels_fit_and_sample()
        type(ofdm_basis_t) :: basis
        type(ofdm_model_t) :: cancelled
        type(ofdm_fit_options) :: fit_options
        type(ofdm_sample_options) :: sample_options
        type(ofdm_error_t) :: err
        ! volatile: the callback changes `calls` behind the compiler's back (through a C pointer);
        ! gfortran -O2 otherwise keeps its value from before the call.
        integer(c_int), target, volatile :: calls
        real(real64) :: samples(2, 10)
        call begin_test("progress_callback_cancels_fit_and_sample")
        call basis%create_total_degree(2, 2)
        fit_options = ofdm_default_fit_options()
        fit_options%progress = c_funloc(cancel_at_once)
        fit_options%progress_data = c_loc(calls)
        calls = 0
        call cancelled%fit(basis, correlated_sample(1_int64), fit_options, err)
        call check(err%status == OFDM_ERR_CANCELLED, "fit: OFDM_ERR_CANCELLED, got " // err%message)
        call check(calls == 1, "fit: the callback ran once, with sane arguments")
        call check(.not. c_associated(cancelled%handle), "fit: no model")
        sample_options = ofdm_default_sample_options()
        sample_options%progress = c_funloc(cancel_at_once)
        sample_options%progress_data = c_loc(calls)
        calls = 0
        samples = 42
        call model%sample(samples, sample_options, err)
        call check(err%status == OFDM_ERR_CANCELLED, "sample: OFDM_ERR_CANCELLED")
        call check(calls == 1, "sample: the callback ran once, with sane arguments")
        call check(all(samples == 42), "sample: output untouched")
        call end_test()
    end subroutine progress_callback_cancels_fit_and_sample

    elemental logical function ieee_is_finite_array(value)
        real(real64), intent(in) :: value
        ieee_is_finite_array = abs(value) <= huge(value)
    end function ieee_is_finite_array
end program test_sampling

! ofdm_adaptive_basis — the adaptive basis for ofdm_model_t (ofdm.h, "Adaptive basis"):
! fit_adaptive grows the set of basis functions from the data by the held-out score-matching
! loss, chooses the ridge, and fits the chosen set on all samples. A submodule of
! ofdm_model_type, whose interface block declares it.
submodule (ofdm_model_type) ofdm_adaptive_basis
    implicit none

contains

    ! x(d, n): d = size(x, 1) coordinates per sample (an unpadded array; the raw ofdm_fit_adaptive
    ! takes a leading dimension). options%data_dim must be 0 or d.
    module procedure model_fit_adaptive
        type(ofdm_adaptive_options) :: settings
        type(ofdm_adaptive_report) :: chosen
        ! volatile: the library writes it through the pointer in chosen, out of the compiler's
        ! sight (as model%sample's statistics).
        real(c_double), allocatable, target, volatile :: round_losses(:)
        type(c_ptr) :: created
        integer(c_int64_t) :: capacity, written
        integer(c_int) :: status
        integer :: allocated_ok
        call self%free()
        if (.not. library_is_compatible(err)) return
        if (present(adaptive)) then
            settings = adaptive
            status = OFDM_OK
        else
            status = ofdm_adaptive_options_init(settings)
        end if
        if (status == OFDM_OK) status = ofdm_adaptive_report_init(chosen)
        if (status /= OFDM_OK) then
            call report_status(err, status)
            return
        end if
        ! The criterion of the start set, then one per kept round: at most max_rounds + 1 values.
        ! A kept round adds at least one function to the set, which starts with at least 2 and
        ! never exceeds max_basis_size, so max_basis_size + 1 bounds them too (max_rounds =
        ! huge(0) then costs no 16 GiB buffer). Negative options are left to the library to refuse.
        capacity = min(max(int(settings%max_rounds, c_int64_t), 0_c_int64_t), &
                       max(settings%max_basis_size, 0_c_int64_t)) + 1
        allocate (round_losses(capacity), stat=allocated_ok)
        if (allocated_ok /= 0) then
            call report_failure(err, OFDM_ERR_OUT_OF_MEMORY, ofdm_status_text(OFDM_ERR_OUT_OF_MEMORY) // &
                                ": ofdm_model_t%fit_adaptive: no memory for the round losses")
            return
        end if
        chosen%round_losses = c_loc(round_losses)
        chosen%round_loss_capacity = capacity
        created = c_null_ptr
        status = ofdm_fit_adaptive(x, size(x, 2, kind=c_int64_t), size(x, 1, kind=c_int64_t), &
                                   size(x, 1, kind=c_int64_t), options, settings, created, chosen)
        ! As the parent's adopt (not called here: gfortran -O2 drops private procedures the
        ! parent itself no longer references out of line).
        if (status == OFDM_OK) then
            self%handle = created
            if (present(report)) then
                report%basis_size = chosen%basis_size
                report%rounds = chosen%rounds
                report%stop = chosen%stop
                report%ridge = chosen%ridge
                report%validation_loss = chosen%validation_loss
                report%candidates = chosen%candidates
                report%seconds = chosen%seconds
                ! The library writes as many as fit; by the bound above, all rounds + 1 fit.
                written = min(int(chosen%rounds, c_int64_t) + 1, capacity)
                report%round_losses = round_losses(1:written)
            end if
        end if
        call report_status(err, status)
    end procedure model_fit_adaptive
end submodule ofdm_adaptive_basis

! ofdm_model_selection — model selection without sampling for ofdm_model_t (ofdm.h, "Model
! selection without sampling"): fit_select chooses a total-degree basis and the ridge by the
! held-out score-matching loss and refits on all samples; validation_loss scores a model on
! held-out points. A submodule of ofdm_model_type, whose interface block declares both.
submodule (ofdm_model_type) ofdm_model_selection
    implicit none

contains

    ! x(d, n): d = size(x, 1) coordinates per sample (an unpadded array; the raw ofdm_fit_select
    ! takes a leading dimension). options%data_dim must be 0 or d.
    module procedure model_fit_select
        type(c_ptr) :: created
        integer(c_int) :: status
        call self%free()
        if (.not. library_is_compatible(err)) return
        status = OFDM_OK
        if (present(report)) status = ofdm_select_report_init(report)
        if (status /= OFDM_OK) then
            call report_status(err, status)
            return
        end if
        created = c_null_ptr
        status = ofdm_fit_select(x, size(x, 2, kind=c_int64_t), size(x, 1, kind=c_int64_t), &
                                 size(x, 1, kind=c_int64_t), options, selection, created, report)
        ! As the parent's adopt (not called here: gfortran -O2 drops private procedures the
        ! parent itself no longer references out of line).
        if (status == OFDM_OK) self%handle = created
        call report_status(err, status)
    end procedure model_fit_select

    ! Smaller is better, and the value may be negative; losses of models with different bases on
    ! the same points compare directly. loss is written only on success.
    module procedure model_validation_loss
        real(c_double) :: value
        integer(c_int) :: status
        value = 0
        status = ofdm_model_validation_loss(self%handle, x, size(x, 2, kind=c_int64_t), &
                                            size(x, 1, kind=c_int64_t), value)
        if (status == OFDM_OK) loss = value
        call report_status(err, status)
    end procedure model_validation_loss
end submodule ofdm_model_selection

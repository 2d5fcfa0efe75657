! ofdm_reweighting — self-normalized importance weights of samples drawn from a model, and the
! weighted means they give (ofdm.h, "Likelihood and reweighting": ofdm_importance,
! ofdm_importance_estimate), with the extents checked and failures reported through `err`.
!
! The wrappers are named after what they return rather than the C functions, whose names stay
! the raw interfaces of module ofdm_c.
module ofdm_reweighting
    use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, c_double
    use ofdm_c
    use ofdm_errors, only: ofdm_error_t, report_status, report_invalid_argument
    implicit none
    private

    public :: ofdm_importance_weights, ofdm_importance_means

contains

    ! weights(i) = exp(log_target(i) − log_q(i)) / Σ_j exp(log_target(j) − log_q(j)) for the n =
    ! size(log_target) samples of q with model log-density log_q (e.g. from model%sample_flow);
    ! summary, when present, receives the effective sample size, log Z and its error, and the
    ! largest weight. log_target(i) may be −Inf (weight 0). Outputs are written only on success.
    subroutine ofdm_importance_weights(log_target, log_q, weights, summary, err)
        real(c_double), intent(in), contiguous :: log_target(:)
        real(c_double), intent(in), contiguous :: log_q(:)
        real(c_double), intent(inout), contiguous, optional :: weights(:)
        type(ofdm_importance_summary), intent(inout), optional :: summary
        type(ofdm_error_t), intent(inout), optional :: err
        type(ofdm_importance_summary) :: result
        integer(c_int) :: status
        if (size(log_q) /= size(log_target)) then
            call report_invalid_argument(err, "ofdm_importance_weights: log_q and log_target differ in size")
            return
        end if
        if (present(weights)) then
            if (size(weights) < size(log_target)) then
                call report_invalid_argument(err, "ofdm_importance_weights: weights has fewer elements " // &
                                             "than log_target")
                return
            end if
        end if
        status = ofdm_importance_summary_init(result)
        if (status == OFDM_OK) status = ofdm_importance(log_target, log_q, size(log_target, kind=c_int64_t), &
                                                        weights, result)
        if (status == OFDM_OK .and. present(summary)) summary = result
        call report_status(err, status)
    end subroutine ofdm_importance_weights

    ! mean(j) = Σ_i w_i f_ji / Σ_i w_i for the m = size(values, 1) observables of the n =
    ! size(weights) samples, values(:, i) being those of sample i (the header's n × m row-major
    ! array); standard_error(j), when present, its delta-method error. weights: non-negative,
    ! finite, not all zero, not necessarily normalized. Outputs are written only on success.
    subroutine ofdm_importance_means(weights, values, mean, standard_error, err)
        real(c_double), intent(in), contiguous :: weights(:)
        real(c_double), intent(in), contiguous :: values(:, :)
        real(c_double), intent(inout), contiguous :: mean(:)
        real(c_double), intent(inout), contiguous, optional :: standard_error(:)
        type(ofdm_error_t), intent(inout), optional :: err
        logical :: short_error
        short_error = .false.
        if (present(standard_error)) short_error = size(standard_error) < size(values, 1)
        if (size(values, 2) /= size(weights)) then
            call report_invalid_argument(err, "ofdm_importance_means: values has not one column per weight")
        else if (size(mean) < size(values, 1) .or. short_error) then
            call report_invalid_argument(err, "ofdm_importance_means: mean or standard_error has fewer " // &
                                         "elements than values has rows")
        else
            call report_status(err, ofdm_importance_estimate(weights, size(weights, kind=c_int64_t), values, &
                               size(values, 1, kind=c_int64_t), size(values, 1, kind=c_int64_t), mean, &
                               standard_error))
        end if
    end subroutine ofdm_importance_means
end module ofdm_reweighting

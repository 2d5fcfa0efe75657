! ofdm — the Fortran binding of the ofdm library (include/ofdm.h): `use ofdm` is all a program needs.
!
! Two layers, both public here:
!   * the raw C API, one bind(C) interface per header function with the header's names, constants
!     and option structs (module ofdm_c, ofdm_c.f90);
!   * owning wrappers: ofdm_basis_t and ofdm_model_t free their handles in free() or when finalized
!     (never twice), the importance reweighting of flow samples (module ofdm_reweighting), and
!     every fallible call takes an optional `err` of type(ofdm_error_t) (module ofdm_errors;
!     without err a failure stops the program with the library's message), and ofdm_moments_t,
!     the accumulator of streamed and distributed fits (module ofdm_moments_type); model
!     selection by held-out loss (model%fit_select, model%validation_loss) is in the submodule
!     ofdm_model_selection, the adaptive basis (model%fit_adaptive, its report of type
!     ofdm_adaptive_report_t) in the submodule ofdm_adaptive_basis.
!
! Arrays: the library's row-major n × d array with leading dimension ld is the column-major
! Fortran array x(ld, n) — column i is point i, rows 1..d its coordinates — and the wrappers pass
! ld = size(x, 1). So a plain x(d, n) array is exactly what the C API expects with ld = d.
!
! Version: the wrappers that create handles first check that ofdm_version_number() / 10000, the
! linked library's ABI major, equals OFDM_VERSION_MAJOR, the one this binding was written for,
! and refuse with OFDM_ERR_VERSION and a message naming both otherwise; ofdm_check_version(err)
! runs the same check on demand.
module ofdm
    use ofdm_c
    use ofdm_errors, only: ofdm_error_t, ofdm_status_text, ofdm_last_error_text, ofdm_version_text, &
                           ofdm_check_version, ofdm_abi_mismatch_message
    use ofdm_basis_type, only: ofdm_basis_t
    use ofdm_model_type, only: ofdm_model_t, ofdm_default_fit_options, ofdm_default_sample_options, &
                               ofdm_default_flow_options, ofdm_default_select_options, &
                               ofdm_default_adaptive_options, ofdm_adaptive_report_t
    use ofdm_moments_type, only: ofdm_moments_t
    use ofdm_reweighting, only: ofdm_importance_weights, ofdm_importance_means
    implicit none
    public
end module ofdm

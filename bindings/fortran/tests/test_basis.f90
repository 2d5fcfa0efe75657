! test_basis — the version check and the three ways to build a basis, through the Fortran binding.
program test_basis
    use, intrinsic :: iso_c_binding, only: c_int, c_int32_t, c_int64_t, c_associated
    use ofdm
    use test_harness
    implicit none

    call version_matches_the_binding_abi()
    call abi_mismatch_message_names_both_versions()
    call total_degree_basis_lists_its_multi_indices_in_order()
    call interaction_limit_keeps_only_univariate_terms()
    call graph_basis_counts_univariate_and_pair_terms()
    call basis_from_indices_keeps_the_given_order()
    call freeing_twice_and_freeing_an_empty_basis_are_harmless()
    if (tests_failed() > 0) error stop 1

contains

    ! The linked library has the ABI major this binding was written for, and its version string
    ! spells the same number.
    subroutine version_matches_the_binding_abi()
        type(ofdm_error_t) :: err
        character(32) :: expected
        integer(c_int) :: number
        call begin_test("version_matches_the_binding_abi")
        number = ofdm_version_number()
        call check(number / 10000 == OFDM_VERSION_MAJOR, "library ABI major == OFDM_VERSION_MAJOR")
        write (expected, '(i0, ".", i0, ".", i0)') number / 10000, mod(number / 100, 100), mod(number, 100)
        call check(ofdm_version_text() == trim(expected), "version string " // ofdm_version_text() // &
                   " spells the number " // trim(expected))
        call ofdm_check_version(err)
        call check(.not. err%failed(), "ofdm_check_version accepts the linked library")
        call end_test()
    end subroutine version_matches_the_binding_abi

    ! The refusal message for a library of another ABI major names both majors; a library of the
    ! same major but another minor/patch is accepted.
    subroutine abi_mismatch_message_names_both_versions()
        character(:), allocatable :: message
        call begin_test("abi_mismatch_message_names_both_versions")
        message = ofdm_abi_mismatch_message(10203_c_int)
        call check(index(message, "10203") > 0, "message names the library version number: " // message)
        call check(index(message, "ABI major 1") > 0, "message names the library's ABI major 1")
        call check(index(message, "written for ABI major 0") > 0, "message names the binding's ABI major 0")
        call check(len(ofdm_abi_mismatch_message(OFDM_VERSION_MAJOR * 10000 + 9999)) == 0, &
                   "another minor/patch of the same major is accepted")
        call end_test()
    end subroutine abi_mismatch_message_names_both_versions

    ! Total degree 2 in d = 2: by total degree, then lexicographically with coordinate 0 first.
    subroutine total_degree_basis_lists_its_multi_indices_in_order()
        type(ofdm_basis_t) :: basis
        integer(c_int32_t), allocatable :: indices(:, :)
        integer(c_int32_t), parameter :: expected(2, 5) = reshape([1, 0, 0, 1, 2, 0, 1, 1, 0, 2], [2, 5])
        call begin_test("total_degree_basis_lists_its_multi_indices_in_order")
        call basis%create_total_degree(2, 2)
        call check(basis%size() == 5, "K = 5")
        call check(basis%dim() == 2, "d = 2")
        call check(basis%max_degree() == 2, "max degree 2")
        call basis%indices(indices)
        call check(all(shape(indices) == [2, 5]), "indices have shape (d, K)")
        if (all(shape(indices) == [2, 5])) call check(all(indices == expected), &
                                                      "(1,0) (0,1) (2,0) (1,1) (0,2)")
        call end_test()
    end subroutine total_degree_basis_lists_its_multi_indices_in_order

    ! max_interaction = 1 keeps the d·p univariate terms only.
    subroutine interaction_limit_keeps_only_univariate_terms()
        type(ofdm_basis_t) :: basis
        integer(c_int32_t), allocatable :: indices(:, :)
        call begin_test("interaction_limit_keeps_only_univariate_terms")
        call basis%create_total_degree(3, 4, max_interaction=1)
        call check(basis%size() == 12, "K = d·p = 12")
        call basis%indices(indices)
        call check(all(count(indices /= 0, dim=1) == 1), "every multi-index has one non-zero entry")
        call end_test()
    end subroutine interaction_limit_keeps_only_univariate_terms

    ! A 3-chain with p = 3: 3·3 univariate terms, and per distinct edge the pairs a e_i + b e_j with
    ! a, b >= 1, a + b <= 3, i.e. (1,1), (1,2), (2,1). The repeated edge (1,0) counts once: 9 + 2·3.
    subroutine graph_basis_counts_univariate_and_pair_terms()
        type(ofdm_basis_t) :: basis
        call begin_test("graph_basis_counts_univariate_and_pair_terms")
        call basis%create_graph(3, 3, reshape([0, 1, 1, 2, 1, 0], [2, 3]))
        call check(basis%size() == 15, "K = 9 univariate + 6 pair terms")
        call check(basis%max_degree() == 3, "max degree 3")
        call basis%create_graph(4, 2, reshape([integer ::], [2, 0]))
        call check(basis%size() == 8, "no edges: d·p univariate terms")
        call end_test()
    end subroutine graph_basis_counts_univariate_and_pair_terms

    ! Explicit multi-indices, given with a padded leading dimension (row 3 is ignored), come back
    ! in the given order.
    subroutine basis_from_indices_keeps_the_given_order()
        type(ofdm_basis_t) :: basis
        integer(c_int32_t) :: given(3, 3)
        integer(c_int32_t), allocatable :: indices(:, :)
        call begin_test("basis_from_indices_keeps_the_given_order")
        given = reshape([0, 3, -99, 2, 0, -99, 1, 1, -99], [3, 3])
        call basis%create_from_indices(2, given)
        call check(basis%size() == 3 .and. basis%dim() == 2, "K = 3, d = 2")
        call basis%indices(indices)
        if (allocated(indices)) call check(all(indices == given(1:2, :)), "same multi-indices, same order")
        call end_test()
    end subroutine basis_from_indices_keeps_the_given_order

    ! free() nulls the handle, so a second free and the final procedure do nothing more; the
    ! accessors of an empty basis give the C API's answers for NULL.
    subroutine freeing_twice_and_freeing_an_empty_basis_are_harmless()
        type(ofdm_basis_t) :: basis, never_created
        call begin_test("freeing_twice_and_freeing_an_empty_basis_are_harmless")
        call basis%create_total_degree(2, 3)
        call basis%free()
        call check(.not. c_associated(basis%handle), "free nulls the handle")
        call basis%free()
        call never_created%free()
        call check(basis%size() == 0_c_int64_t .and. basis%dim() == 0_c_int64_t, "NULL basis: K = d = 0")
        call end_test()
    end subroutine freeing_twice_and_freeing_an_empty_basis_are_harmless
end program test_basis

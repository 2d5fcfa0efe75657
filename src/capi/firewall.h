// The exception firewall: every exported function runs its body through guarded(), which turns
// any C++ failure into a status and the thread-local message, so nothing crosses the C boundary.
#pragma once

#include <string>

#include "ofdm.h"

namespace ofdm::capi {

void set_last_error(const char *function, const std::string &message);
const char *last_error();

// Runs body(); returns OFDM_OK, or the failure's status after recording "function: message".
template <class Body>
ofdm_status guarded(const char *function, Body &&body) noexcept;

// Argument checks shared by the entry points; each throws OFDM_ERR_NULL_ARGUMENT or
// OFDM_ERR_INVALID_ARGUMENT naming the parameter.
void require_pointer(const void *pointer, const char *name);
void require_count(int64_t n, const char *name);
void require_leading_dimension(int64_t ld, int64_t dim, const char *name);
// An n-row array may be NULL only when n == 0.
void require_array(const void *pointer, int64_t n, const char *name);

ofdm_status status_of_current_exception(const char *function) noexcept;

template <class Body>
ofdm_status guarded(const char *function, Body &&body) noexcept {
    try {
        body();
        return OFDM_OK;
    } catch (...) {
        return status_of_current_exception(function);
    }
}

}  // namespace ofdm::capi

#include "firewall.h"

#include <new>

#include "math/error.h"

namespace ofdm::capi {

namespace {
thread_local std::string t_last_error;
}

void set_last_error(const char *function, const std::string &message) {
    try {
        t_last_error = std::string(function) + ": " + message;
    } catch (...) {
        t_last_error.clear();  // no memory even for the message; the status still says why
    }
}

const char *last_error() { return t_last_error.c_str(); }

ofdm_status status_of_current_exception(const char *function) noexcept {
    try {
        throw;
    } catch (const Error &e) {
        set_last_error(function, e.what());
        return e.status();
    } catch (const std::bad_alloc &) {
        set_last_error(function, "out of memory");
        return OFDM_ERR_OUT_OF_MEMORY;
    } catch (const std::length_error &) {
        set_last_error(function, "out of memory (a container exceeded its maximum size)");
        return OFDM_ERR_OUT_OF_MEMORY;
    } catch (const std::exception &e) {
        set_last_error(function, std::string("internal error: ") + e.what());
        return OFDM_ERR_INTERNAL;
    } catch (...) {
        set_last_error(function, "internal error: unknown exception");
        return OFDM_ERR_INTERNAL;
    }
}

void require_pointer(const void *pointer, const char *name) {
    if (!pointer) fail(OFDM_ERR_NULL_ARGUMENT, std::string(name) + " is NULL");
}

void require_count(int64_t n, const char *name) {
    if (n < 0) fail(OFDM_ERR_INVALID_ARGUMENT, std::string(name) + " = " + std::to_string(n) + " is negative");
}

void require_leading_dimension(int64_t ld, int64_t dim, const char *name) {
    if (ld < dim)
        fail(OFDM_ERR_INVALID_ARGUMENT, std::string(name) + " = " + std::to_string(ld) +
                                            " is smaller than the dimension d = " + std::to_string(dim));
}

void require_array(const void *pointer, int64_t n, const char *name) {
    if (n > 0) require_pointer(pointer, name);
}

}  // namespace ofdm::capi

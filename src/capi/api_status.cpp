// Version, status strings and the last-error message.
#include "capi/firewall.h"
#include "ofdm.h"

#define OFDM_STRINGIFY_(x) #x
#define OFDM_STRINGIFY(x) OFDM_STRINGIFY_(x)

extern "C" {

OFDM_API unsigned ofdm_version_number(void) { return OFDM_VERSION_NUMBER; }

OFDM_API const char *ofdm_version_string(void) {
    return OFDM_STRINGIFY(OFDM_VERSION_MAJOR) "." OFDM_STRINGIFY(OFDM_VERSION_MINOR) "." OFDM_STRINGIFY(OFDM_VERSION_PATCH);
}

OFDM_API const char *ofdm_status_string(ofdm_status status) {
    switch (status) {
        case OFDM_OK: return "ok";
        case OFDM_ERR_NULL_ARGUMENT: return "null argument";
        case OFDM_ERR_INVALID_ARGUMENT: return "invalid argument";
        case OFDM_ERR_NONFINITE_INPUT: return "non-finite input";
        case OFDM_ERR_TOO_FEW_SAMPLES: return "too few samples";
        case OFDM_ERR_DEGREE_TOO_LARGE: return "degree too large";
        case OFDM_ERR_TOO_LARGE: return "problem too large";
        case OFDM_ERR_OUT_OF_MEMORY: return "out of memory";
        case OFDM_ERR_SINGULAR: return "singular system";
        case OFDM_ERR_IO: return "input/output error";
        case OFDM_ERR_FORMAT: return "not an ofdm model";
        case OFDM_ERR_VERSION: return "unsupported format version";
        case OFDM_ERR_TRUNCATED: return "truncated model";
        case OFDM_ERR_CORRUPT: return "corrupt model";
        case OFDM_ERR_BUFFER_TOO_SMALL: return "buffer too small";
        case OFDM_ERR_INTERNAL: return "internal error";
        case OFDM_ERR_OVERFLOW: return "numerical overflow";
        case OFDM_ERR_CANCELLED: return "cancelled";
    }
    return "unknown status";
}

OFDM_API const char *ofdm_last_error(void) { return ofdm::capi::last_error(); }

}  // extern "C"

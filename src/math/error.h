// The one error type of the library. Every layer throws ofdm::Error with a status from the
// public header and a message; the C boundary (src/capi/firewall.cpp) turns it into a status
// and the thread-local message.
#pragma once

#include <stdexcept>
#include <string>

#include "ofdm.h"

namespace ofdm {

class Error : public std::runtime_error {
public:
    Error(ofdm_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    ofdm_status status() const noexcept { return status_; }

private:
    ofdm_status status_;
};

[[noreturn]] inline void fail(ofdm_status status, const std::string &message) {
    throw Error(status, message);
}

}  // namespace ofdm

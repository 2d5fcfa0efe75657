// The two ways a command of the `ofdm` tool fails (src/cli/main.cpp turns them into the exit
// status and the one-line message "ofdm VERB: <what>" on stderr).
#pragma once

#include <stdexcept>
#include <string>

namespace ofdm_cli {

// The command line itself is wrong: unknown verb or option, missing or malformed value, an
// option out of range or in a combination that makes no sense. Exit status 2.
struct UsageError : std::runtime_error {
    explicit UsageError(const std::string &what) : std::runtime_error(what) {}
};

// The command was well formed but could not be carried out: a file that cannot be read or
// parsed, data the model refuses, a library failure. Exit status 1.
struct Failure : std::runtime_error {
    explicit Failure(const std::string &what) : std::runtime_error(what) {}
};

}  // namespace ofdm_cli

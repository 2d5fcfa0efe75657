// The library's messages name C fields and enums ("set a ridge (ofdm_fit_options.ridge, e.g.
// 1e-8)", "options.t_min", "OFDM_COORDINATES_NONE"): the tool reports them in its own flags.
#pragma once

#include <string>

namespace ofdm_cli {

// The message with every C name the tool has a flag for replaced by that flag, e.g.
// "options.memory_limit = 1024 bytes" -> "--memory-limit 1024 bytes". Names without a flag are
// left as they are.
std::string in_cli_terms(std::string message);

}  // namespace ofdm_cli

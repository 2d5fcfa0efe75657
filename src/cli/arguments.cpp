// Option parsing for the verbs of the `ofdm` tool (arguments.h).
#include "cli/arguments.h"

#include <cerrno>
#include <cstdio>
#include <cmath>
#include <cstdlib>

#include "cli/cli_errors.h"

namespace ofdm_cli {

namespace {

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

}  // namespace

bool asks_for_help(const std::vector<std::string> &args) {
    for (const std::string &arg : args) {
        if (arg == "--") return false;
        if (arg == "--help" || arg == "-h") return true;
    }
    return false;
}

Arguments::Arguments(const std::vector<std::string> &args, const std::vector<OptionSpec> &specs,
                     const std::string &verb)
    : verb_(verb) {
    bool options_ended = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (options_ended || arg.size() < 2 || arg[0] != '-') {
            positional_.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_ended = true;
            continue;
        }
        const size_t equals = arg.rfind("--", 0) == 0 ? arg.find('=') : std::string::npos;
        const std::string word = arg.substr(0, equals);
        const OptionSpec *spec = nullptr;
        for (const OptionSpec &candidate : specs)
            if (word == candidate.name || (candidate.short_name && word == candidate.short_name)) spec = &candidate;
        if (!spec) {
            throw UsageError("unknown option '" + word + "' (see 'ofdm " + verb + " --help')");
        }
        if (!spec->takes_value) {
            if (equals != std::string::npos) throw UsageError("option " + word + " takes no value");
            values_[spec->name] = "";
            spelled_[spec->name] = word;
            continue;
        }
        spelled_[spec->name] = word;
        if (equals != std::string::npos) {
            values_[spec->name] = arg.substr(equals + 1);
        } else if (i + 1 < args.size()) {
            values_[spec->name] = args[++i];
        } else {
            throw UsageError("option " + word + " needs a value");
        }
    }
}

void Arguments::require_positional(const std::vector<const char *> &names) const {
    if (positional_.size() < names.size())
        throw UsageError(std::string("missing ") + names[positional_.size()] + " (see 'ofdm " + verb_ + " --help')");
    if (positional_.size() > names.size())
        throw UsageError("unexpected argument '" + positional_[names.size()] + "' (see 'ofdm " + verb_ + " --help')");
}

std::string Arguments::required(const std::string &name, const char *placeholder) const {
    const auto found = values_.find(name);
    if (found == values_.end()) throw UsageError(std::string("missing ") + placeholder);
    if (found->second.empty()) throw UsageError("option " + spelled(name) + " needs a value");
    return found->second;
}

std::string Arguments::spelled(const std::string &name) const {
    const auto found = spelled_.find(name);
    return found == spelled_.end() ? name : found->second;
}

std::optional<std::string> Arguments::text(const std::string &name) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    return found->second;
}

std::optional<int64_t> Arguments::integer(const std::string &name, int64_t min, int64_t max) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    const std::string &value = found->second;
    char *end = nullptr;
    errno = 0;
    const long long parsed = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || value.find_first_of(" \t\n") != std::string::npos)
        throw UsageError("option " + spelled(name) + ": '" + value + "' is not an integer");
    if (errno == ERANGE || parsed < min || parsed > max)
        throw UsageError("option " + spelled(name) + ": " + value + " is out of range (" + std::to_string(min) + " to " +
                         std::to_string(max) + ")");
    return int64_t(parsed);
}

std::optional<int64_t> Arguments::count(const std::string &name, int64_t min, int64_t max) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    const std::string &value = found->second;
    size_t at = 0;
    auto digits = [&value, &at]() {
        const size_t start = at;
        while (at < value.size() && value[at] >= '0' && value[at] <= '9') ++at;
        return at > start;
    };
    // Digits, then a fraction, an exponent or both: anything else is left to integer().
    bool decimal = digits(), marked = false;
    if (decimal && at < value.size() && value[at] == '.') {
        ++at;
        digits();
        marked = true;
    }
    if (decimal && at < value.size() && (value[at] == 'e' || value[at] == 'E')) {
        ++at;
        if (at < value.size() && (value[at] == '+' || value[at] == '-')) ++at;
        decimal = digits();
        marked = true;
    }
    if (!decimal || !marked || at != value.size()) return integer(name, min, max);
    const double parsed = std::strtod(value.c_str(), nullptr);  // no sign, hex or "inf" gets here
    if (parsed != std::floor(parsed))
        throw UsageError("option " + spelled(name) + ": " + value + " is not a whole number");
    if (!(parsed >= double(min) && parsed <= double(max) && parsed < 0x1p63))
        throw UsageError("option " + spelled(name) + ": " + value + " is out of range (" + std::to_string(min) + " to " +
                         std::to_string(max) + ")");
    return int64_t(parsed);
}

std::optional<uint64_t> Arguments::unsigned_integer(const std::string &name) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    const std::string &value = found->second;
    char *end = nullptr;
    errno = 0;
    const unsigned long long parsed = std::strtoull(value.c_str(), &end, 0);
    if (value.empty() || value[0] < '0' || value[0] > '9' || *end != '\0')
        throw UsageError("option " + spelled(name) + ": '" + value + "' is not a non-negative integer");
    if (errno == ERANGE) throw UsageError("option " + spelled(name) + ": " + value + " is out of range (0 to 2^64 - 1)");
    return uint64_t(parsed);
}

std::optional<double> Arguments::real(const std::string &name, double min, double max, bool allow_infinity) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    const std::string &value = found->second;
    char *end = nullptr;
    const double parsed = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || value.find_first_of(" \t\n") != std::string::npos || std::isnan(parsed))
        throw UsageError("option " + spelled(name) + ": '" + value + "' is not a number");
    if (std::isinf(parsed) && !(allow_infinity && parsed > 0))
        throw UsageError("option " + spelled(name) + ": " + value + " is not finite");
    if (parsed < min || parsed > max)
        throw UsageError("option " + spelled(name) + ": " + value + " is out of range (" + number_text(min) + " to " +
                         number_text(max) + ")");
    return parsed;
}

std::optional<int64_t> Arguments::byte_count(const std::string &name) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    const std::string &value = found->second;
    char *end = nullptr;
    errno = 0;
    const unsigned long long parsed = std::strtoull(value.c_str(), &end, 10);
    // One optional suffix, binary multiples as memory is counted.
    int shift = 0;
    if (*end != '\0' && end[1] == '\0') {
        switch (*end) {
        case 'k': case 'K': shift = 10; ++end; break;
        case 'm': case 'M': shift = 20; ++end; break;
        case 'g': case 'G': shift = 30; ++end; break;
        default: break;
        }
    }
    if (value.empty() || value[0] < '0' || value[0] > '9' || *end != '\0')
        throw UsageError("option " + spelled(name) + ": '" + value +
                         "' is not a number of bytes (e.g. 4096, 512K, 2G)");
    constexpr unsigned long long kLargest = 0x7fffffffffffffffULL;
    if (errno == ERANGE || parsed > (kLargest >> shift))
        throw UsageError("option " + spelled(name) + ": " + value + " is out of range (0 to 2^63 - 1 bytes)");
    return int64_t(parsed << shift);
}

std::optional<int> Arguments::choice(const std::string &name, const std::vector<const char *> &choices) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    std::string listed;
    for (size_t i = 0; i < choices.size(); ++i) {
        if (found->second == choices[i]) return int(i);
        listed += (i ? "|" : "") + std::string(choices[i]);
    }
    throw UsageError("option " + spelled(name) + ": '" + found->second + "' is not one of " + listed);
}

}  // namespace ofdm_cli

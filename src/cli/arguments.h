// Command-line options of one verb: which options it takes, what was given, and typed values
// with range checks. Every mistake is a UsageError naming the option.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ofdm_cli {

struct OptionSpec {
    const char *name;        // long name with dashes, e.g. "--steps"
    const char *short_name;  // e.g. "-n", or nullptr
    bool takes_value;        // "--steps 100" / "--steps=100"; false for a flag such as "--no-guard"
};

class Arguments {
public:
    // Parses args (the words after the verb) against specs. "--" ends the options; "-" alone is
    // positional. A repeated option keeps its last value.
    Arguments(const std::vector<std::string> &args, const std::vector<OptionSpec> &specs, const std::string &verb);

    const std::vector<std::string> &positional() const { return positional_; }
    // Exactly `count` positional arguments, named for the message, e.g. {"MODEL", "DATA"}.
    void require_positional(const std::vector<const char *> &names) const;

    bool has(const std::string &name) const { return values_.count(name) != 0; }
    // The text of a required option; UsageError "missing <what>" (e.g. "missing -o OUT.npy")
    // when absent.
    std::string required(const std::string &name, const char *what) const;
    std::optional<std::string> text(const std::string &name) const;

    // Typed values: nullopt when the option is absent; UsageError when the text is not a
    // number of that kind or lies outside [min, max].
    std::optional<int64_t> integer(const std::string &name, int64_t min, int64_t max) const;
    std::optional<uint64_t> unsigned_integer(const std::string &name) const;
    // A count such as -n: as integer(), or a whole number written with a fraction or an exponent
    // ("1e6", "2.5e3" = 2500, "10.0"), since that is how large counts are written; "1.5" or
    // "1e-3" is refused as not a whole number.
    std::optional<int64_t> count(const std::string &name, int64_t min, int64_t max) const;
    // Finite reals in [min, max]; with allow_infinity, also "inf" when max is +infinity.
    std::optional<double> real(const std::string &name, double min, double max, bool allow_infinity = false) const;
    // A number of bytes: a non-negative integer, optionally followed by K, M or G (either case;
    // powers of 1024), e.g. "4096", "512K", "2G". Out of range beyond 2^63 - 1.
    std::optional<int64_t> byte_count(const std::string &name) const;
    // One of `choices`, returned as its index.
    std::optional<int> choice(const std::string &name, const std::vector<const char *> &choices) const;

private:
    // The option as the user wrote it ("-n" or "--number"), for messages.
    std::string spelled(const std::string &name) const;

    std::string verb_;
    std::vector<std::string> positional_;
    std::map<std::string, std::string> values_;   // by long name; "" for a flag
    std::map<std::string, std::string> spelled_;  // by long name: the word given
};

// True when the words contain --help or -h before any "--".
bool asks_for_help(const std::vector<std::string> &args);

}  // namespace ofdm_cli

// Delimited text (CSV): parsing from a memory buffer, so that it can be fuzzed directly
// (tests/fuzz/fuzz_csv.cpp).
#pragma once

#include <cstddef>

#include "cli/matrix.h"
#include "cli/npy_format.h"  // ParseError

namespace ofdm_cli {

// Parses numbers in rows. Fields are separated by commas when the first non-comment line
// holds a comma, otherwise by blanks (spaces, tabs); spaces around a comma-separated field
// are ignored. '#' starts a comment that runs to the end of its line; blank lines are skipped;
// "\r\n" line ends are accepted. The first non-comment line is a header, and skipped, when
// none of its fields is a number. Every row must have the same number of fields. Numbers are
// read in the C locale ("1.5", "-2e-3", "+4", "nan", "inf"; a value beyond the double range is
// refused). Throws ParseError naming the 1-based line (and column) of the first problem:
// "line 7: 3 fields, but line 2 has 2", "line 4, column 2: 'abc' is not a number".
Matrix parse_csv(const char *text, size_t size);

}  // namespace ofdm_cli

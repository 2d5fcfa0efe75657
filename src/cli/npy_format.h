// The NumPy .npy format (format versions 1.0, 2.0 and 3.0): parsing from a memory buffer and
// writing float64 C-order arrays. Parsing never trusts the input: every length, shape and
// size is checked against the bytes actually present before anything is allocated or read, so
// the parser can be fuzzed directly (tests/fuzz/fuzz_npy.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/matrix.h"

namespace ofdm_cli {

// A malformed or unsupported input. The message says what is wrong, without the file name
// (the caller prefixes it), e.g. "unsupported dtype '<i4' (float64 or float32 expected)".
struct ParseError : std::runtime_error {
    explicit ParseError(const std::string &what) : std::runtime_error(what) {}
};

// Which element types a caller accepts. Data are floating point; an edge list may be integers.
enum class ElementTypes { floating, floating_or_integer };

// True when the buffer starts with the .npy magic "\x93NUMPY".
bool has_npy_magic(const uint8_t *bytes, size_t size);

// The longest header accepted: NumPy writes under 200 bytes for a plain array (and reads at most
// 10 000 by default); a larger declared length is refused before anything more is read.
constexpr uint64_t kMaxNpyHeaderLength = uint64_t(1) << 20;

// For reading a stream a bounded amount at a time: where the data start (magic, version, length
// field and header), from the first bytes; 0 when `size` does not yet reach the length field
// (at most 12 bytes are needed). Throws ParseError for a wrong magic, an unsupported version or
// a header longer than kMaxNpyHeaderLength.
uint64_t npy_data_start(const uint8_t *bytes, size_t size);

// What the header (bytes [0, npy_data_start)) says of the whole file: its size in bytes (header
// plus rows x cols elements; UINT64_MAX when that overflows), the element count and the shape as
// text, e.g. "(3, 2)". Throws ParseError for everything parse_npy refuses in the header.
struct NpyExtent {
    uint64_t file_size = 0;
    uint64_t elements = 0;
    std::string shape;
};
NpyExtent npy_extent(const uint8_t *bytes, size_t size, ElementTypes accept = ElementTypes::floating);

// Parses a whole .npy file held in memory. Accepted: little-endian float64 ('<f8') and float32
// ('<f4', converted exactly), plus, with ElementTypes::floating_or_integer, the signed and
// unsigned integers of 1, 2, 4 and 8 bytes; C order only (fortran_order False); 1-D arrays of
// length n (returned as n × 1, one_dimensional set) or 2-D arrays n × d with d >= 1.
// Throws ParseError on anything else, including a truncated file and bytes after the data.
Matrix parse_npy(const uint8_t *bytes, size_t size, ElementTypes accept = ElementTypes::floating);

// The bytes of a .npy file (format 1.0, '<f8', C order) holding the matrix; shape (rows,) when
// matrix.one_dimensional, else (rows, cols). The header is padded so the data start on a
// 64-byte boundary, as NumPy does.
std::vector<uint8_t> npy_bytes(const Matrix &matrix);

}  // namespace ofdm_cli

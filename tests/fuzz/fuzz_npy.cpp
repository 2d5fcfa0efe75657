// libFuzzer target: arbitrary bytes given to the command-line tool's .npy reader
// (src/cli/npy_format.h), as `ofdm fit DATA.npy` would read a file from anywhere, with and
// without integer element types (data and edge files). A refusal must be a ParseError; an
// accepted array must be consistent, and writing it and reading it back must give the same
// values, bit for bit.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/npy_format.h"

namespace {

void require(bool holds, const char *what) {
    if (holds) return;
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

void parse_and_check(const uint8_t *data, size_t size, ofdm_cli::ElementTypes accept) {
    ofdm_cli::Matrix matrix;
    try {
        matrix = ofdm_cli::parse_npy(data, size, accept);
    } catch (const ofdm_cli::ParseError &error) {
        require(std::strlen(error.what()) > 0, "a refusal carries a message");
        return;
    }
    require(matrix.rows >= 0 && matrix.cols >= 1, "rows >= 0 and cols >= 1");
    require(matrix.values.size() == size_t(matrix.rows) * size_t(matrix.cols), "values hold rows x cols");
    require(!matrix.one_dimensional || matrix.cols == 1, "a 1-D array is one column");
    require(matrix.values.size() * 1 <= size, "no more elements than bytes");
    const std::vector<uint8_t> bytes = ofdm_cli::npy_bytes(matrix);
    const ofdm_cli::Matrix back = ofdm_cli::parse_npy(bytes.data(), bytes.size());
    require(back.rows == matrix.rows && back.cols == matrix.cols && back.one_dimensional == matrix.one_dimensional,
            "the written shape reads back");
    require(back.values.empty() ||
                std::memcmp(back.values.data(), matrix.values.data(), matrix.values.size() * sizeof(double)) == 0,
            "the written values read back bit for bit");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    parse_and_check(data, size, ofdm_cli::ElementTypes::floating);
    parse_and_check(data, size, ofdm_cli::ElementTypes::floating_or_integer);
    return 0;
}

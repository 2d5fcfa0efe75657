// libFuzzer target: arbitrary bytes given to the command-line tool's CSV reader
// (src/cli/csv_format.h). A refusal must be a ParseError naming a line (or saying there are no
// rows); an accepted table must be rectangular, and its values must read back exactly when
// printed with 17 significant digits.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/csv_format.h"

namespace {

void require(bool holds, const char *what) {
    if (holds) return;
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ofdm_cli::Matrix matrix;
    try {
        matrix = ofdm_cli::parse_csv(reinterpret_cast<const char *>(data), size);
    } catch (const ofdm_cli::ParseError &error) {
        const std::string message = error.what();
        require(message.rfind("line ", 0) == 0 || message == "no rows of numbers", "a refusal names its line");
        return 0;
    }
    require(matrix.rows >= 1 && matrix.cols >= 1, "at least one row and one column");
    require(matrix.values.size() == size_t(matrix.rows) * size_t(matrix.cols), "the table is rectangular");
    require(matrix.values.size() <= size, "no more numbers than bytes");
    std::string text;
    char field[40];
    for (int64_t i = 0; i < matrix.rows; ++i) {
        for (int64_t j = 0; j < matrix.cols; ++j) {
            std::snprintf(field, sizeof field, "%s%.17g", j ? "," : "", matrix.values[size_t(i * matrix.cols + j)]);
            text += field;
        }
        text += '\n';
    }
    const ofdm_cli::Matrix back = ofdm_cli::parse_csv(text.data(), text.size());
    require(back.rows == matrix.rows && back.cols == matrix.cols, "the printed table reads back with its shape");
    for (size_t k = 0; k < back.values.size(); ++k) {
        const double a = back.values[k], b = matrix.values[k];
        require(a == b || (std::isnan(a) && std::isnan(b)), "the printed values read back exactly");
    }
    return 0;
}

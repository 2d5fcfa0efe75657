// A dense row-major matrix of doubles: what the readers return and the writer takes.
#pragma once

#include <cstdint>
#include <vector>

namespace ofdm_cli {

struct Matrix {
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<double> values;  // rows × cols, row-major: element (i, j) is values[i*cols + j]
    // True when the array was 1-D on disk (read as rows × 1), so that a writer can keep the shape.
    bool one_dimensional = false;
};

}  // namespace ofdm_cli

#include "hermite.h"

#include <array>
#include <cmath>

#include "ofdm.h"

namespace ofdm {

void hermite_values(double y, int32_t max_degree, double *out) {
    out[0] = 1.0;
    if (max_degree < 1) return;
    out[1] = y;
    for (int32_t n = 1; n < max_degree; ++n)
        out[n + 1] = (y * out[n] - std::sqrt(double(n)) * out[n - 1]) / std::sqrt(double(n + 1));
}

namespace {

constexpr int kMaxN = 2 * OFDM_MAX_DEGREE;

// Pascal's triangle up to 2·OFDM_MAX_DEGREE: exact integers below 2^53, correctly rounded sums
// above (C(128, 64) ≈ 2.4e37 is far inside the double range).
struct BinomialTable {
    std::array<std::array<double, kMaxN + 1>, kMaxN + 1> value{};
    BinomialTable() {
        for (int n = 0; n <= kMaxN; ++n) {
            value[n][0] = value[n][n] = 1.0;
            for (int k = 1; k < n; ++k) value[n][k] = value[n - 1][k - 1] + value[n - 1][k];
        }
    }
};

const BinomialTable &binomials() {
    static const BinomialTable table;  // thread-safe initialisation (C++11 magic statics)
    return table;
}

}  // namespace

double linearization_coefficient(int32_t a, int32_t b, int32_t r) {
    const auto &c = binomials().value;
    return std::sqrt(c[a][r] * c[b][r] * c[a + b - 2 * r][a - r]);
}

}  // namespace ofdm

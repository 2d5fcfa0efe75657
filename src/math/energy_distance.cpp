#include "energy_distance.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ofdm {

double mean_pair_distance(const double *a, int64_t na, const double *b, int64_t nb, int64_t d) {
    if (na == 0 || nb == 0) return 0.0;
    constexpr int64_t kBlock = 256;
    auto squared_norms = [d](const double *x, int64_t n) {
        std::vector<double> out(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) out[size_t(i)] = cblas_ddot(int(d), x + i * d, 1, x + i * d, 1);
        return out;
    };
    const std::vector<double> a2 = squared_norms(a, na), b2 = squared_norms(b, nb);
    std::vector<double> dot(size_t(kBlock * kBlock));
    double total = 0.0;
    for (int64_t i0 = 0; i0 < na; i0 += kBlock) {
        const int64_t rows = std::min(kBlock, na - i0);
        for (int64_t j0 = 0; j0 < nb; j0 += kBlock) {
            const int64_t cols = std::min(kBlock, nb - j0);
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(rows), int(cols), int(d), 1.0, a + i0 * d, int(d),
                        b + j0 * d, int(d), 0.0, dot.data(), int(cols));
            for (int64_t i = 0; i < rows; ++i)
                for (int64_t j = 0; j < cols; ++j)
                    total += std::sqrt(std::max(0.0, a2[size_t(i0 + i)] + b2[size_t(j0 + j)] - 2.0 * dot[size_t(i * cols + j)]));
        }
    }
    return total / (double(na) * double(nb));
}

double energy_distance(const double *a, int64_t na, const double *b, int64_t nb, int64_t d) {
    return 2.0 * mean_pair_distance(a, na, b, nb, d) - mean_pair_distance(a, na, a, na, d) -
           mean_pair_distance(b, nb, b, nb, d);
}

}  // namespace ofdm

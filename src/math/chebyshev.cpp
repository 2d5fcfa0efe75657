#include "chebyshev.h"

#include <algorithm>
#include <cmath>

namespace ofdm {

double lobatto_point(double lo, double hi, int64_t i, int64_t m) {
    return 0.5 * (lo + hi) + 0.5 * (hi - lo) * std::cos(M_PI * double(i) / double(m));
}

void barycentric_interpolate(const std::vector<std::vector<double>> &values, double lo, double hi, double u,
                             int64_t K, double *out) {
    const int64_t m = int64_t(values.size()) - 1;
    double total = 0.0;
    for (int64_t i = 0; i <= m; ++i)
        if (u == lobatto_point(lo, hi, i, m)) {
            std::copy(values[size_t(i)].begin(), values[size_t(i)].end(), out);
            return;
        }
    std::fill(out, out + K, 0.0);
    for (int64_t i = 0; i <= m; ++i) {
        const double weight = ((i % 2) ? -1.0 : 1.0) * ((i == 0 || i == m) ? 0.5 : 1.0) / (u - lobatto_point(lo, hi, i, m));
        total += weight;
        const double *v = values[size_t(i)].data();
        for (int64_t k = 0; k < K; ++k) out[k] += weight * v[k];
    }
    for (int64_t k = 0; k < K; ++k) out[k] /= total;
}

}  // namespace ofdm

#include "moments.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "checked_size.h"
#include "hermite.h"

namespace ofdm {

void accumulate_moment_sums(const MultiIndexSet &moments, int32_t max_power, double beta,
                            const double *z, int64_t n, int64_t ldz, int64_t dim, double *sums) {
    const int64_t degrees = int64_t(max_power) + 1;
    const int64_t per_sample = checked_mul(dim, degrees, "Hermite table");
    // A block of samples whose Hermite table stays around 4 MiB, samples innermost so the
    // product over a moment's entries runs over contiguous memory.
    const int64_t block = std::clamp<int64_t>((int64_t(1) << 19) / per_sample, 1, 256);
    std::vector<double> table(size_t(checked_mul(per_sample, block, "Hermite table")));
    std::vector<double> psi(static_cast<size_t>(degrees)), product(static_cast<size_t>(block));
    const double scale = std::sqrt(beta);

    for (int64_t first = 0; first < n; first += block) {
        const int64_t count = std::min(block, n - first);
        for (int64_t i = 0; i < count; ++i) {
            const double *row = z + (first + i) * ldz;
            for (int64_t j = 0; j < dim; ++j) {
                hermite_values(scale * row[j], max_power, psi.data());
                for (int64_t p = 0; p < degrees; ++p) table[size_t((j * degrees + p) * block + i)] = psi[p];
            }
        }
        for (int64_t id = 0; id < moments.size(); ++id) {
            const IndexView m = moments[id];
            std::fill(product.begin(), product.begin() + count, 1.0);
            for (const IndexEntry &e : m) {
                const double *column = table.data() + (int64_t(e.coord) * degrees + e.power) * block;
                for (int64_t i = 0; i < count; ++i) product[i] *= column[i];
            }
            double sum = 0.0;
            for (int64_t i = 0; i < count; ++i) sum += product[i];
            sums[id] += sum;
        }
    }
}

}  // namespace ofdm

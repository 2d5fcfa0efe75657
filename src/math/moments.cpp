#include "moments.h"

#include <algorithm>
#include <vector>

#include "moment_pass.h"

namespace ofdm {

void accumulate_moment_sums(const MultiIndexSet &moments, int32_t, double beta, const double *z, int64_t n,
                            int64_t ldz, int64_t, double *sums) {
    const MomentPass pass(moments, beta);
    MomentPass::Workspace work = pass.make_workspace();
    std::vector<double> partial(size_t(pass.moment_count()));
    for (int64_t first = 0; first < n; first += pass.block_rows()) {
        pass.block_sums(z + first * ldz, std::min(pass.block_rows(), n - first), ldz, work, partial.data());
        for (size_t id = 0; id < partial.size(); ++id) sums[id] += partial[id];
    }
}

}  // namespace ofdm

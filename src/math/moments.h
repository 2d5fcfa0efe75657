// Data moments μ_m = (1/N) Σ_n φ_m(z_n) (DESIGN §1), accumulated as sums over blocks of samples
// so that memory is bounded by the moment set and one block, never by N.
#pragma once

#include <cstdint>

#include "multi_index.h"

namespace ofdm {

// Adds Σ_i φ_m(z_i) over the n rows of z (row-major, leading dimension ldz, dim columns) to
// sums[id] for every moment id of `moments`, on the calling thread, block by block with a
// MomentPass (moment_pass.h; the fit's parallel pass is MomentAccumulator in src/model).
// max_power is not needed any more (the pass finds it) and is ignored.
void accumulate_moment_sums(const MultiIndexSet &moments, int32_t max_power, double beta,
                            const double *z, int64_t n, int64_t ldz, int64_t dim, double *sums);

}  // namespace ofdm

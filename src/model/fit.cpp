#include "fit.h"

#include <algorithm>
#include <string>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/galerkin.h"
#include "math/moments.h"

namespace ofdm {

namespace {

void require_enough_samples(const Basis &basis, int64_t n, const FitSettings &settings) {
    const std::string have = "n = " + std::to_string(n);
    if (n < 1) fail(OFDM_ERR_TOO_FEW_SAMPLES, have + ": at least one sample is needed");
    if (settings.coordinates == OFDM_COORDINATES_STANDARDIZE && n < 2)
        fail(OFDM_ERR_TOO_FEW_SAMPLES, have + ": standardization needs at least 2 samples");
    // G(0) = (1/n) Σ_i J_iᵀ J_i with J_i the d × K Jacobian at sample i has rank <= n·d.
    const int64_t rank_bound = checked_mul(n, basis.dim(), "n * d");
    if (settings.ridge == 0.0 && rank_bound < basis.size())
        fail(OFDM_ERR_TOO_FEW_SAMPLES,
             have + " samples of dimension " + std::to_string(basis.dim()) + " give G(0) rank at most " +
                 std::to_string(rank_bound) + " < K = " + std::to_string(basis.size()) +
                 ": use more samples, a smaller basis, or a ridge");
}

}  // namespace

Model fit_model(std::shared_ptr<const Basis> basis, const double *x, int64_t n, int64_t ldx,
                const FitSettings &settings) {
    validate_settings(settings);
    const int64_t d = basis->dim();
    require_enough_samples(*basis, n, settings);
    require_finite(x, n, ldx, d, "x");

    CoordinateMap coordinates = settings.coordinates == OFDM_COORDINATES_STANDARDIZE
                                    ? CoordinateMap::standardization(x, n, ldx, d)
                                    : CoordinateMap::identity(d);
    require_galerkin_memory(*basis);
    MultiIndexSet moments = galerkin_moment_set(*basis);

    // One pass over the data in blocks: memory is one block of latent rows plus the sums.
    const int64_t block = std::max<int64_t>(1, std::min<int64_t>(4096, (int64_t(1) << 20) / d));
    std::vector<double> z(size_t(checked_mul(block, d, "latent block")));
    std::vector<double> sums(size_t(moments.size()), 0.0);
    int32_t max_power = 0;
    for (int64_t id = 0; id < moments.size(); ++id)
        for (const IndexEntry &e : moments[id]) max_power = std::max(max_power, e.power);
    for (int64_t first = 0; first < n; first += block) {
        const int64_t rows = std::min(block, n - first);
        coordinates.to_latent(x + first * ldx, rows, ldx, z.data(), d);
        accumulate_moment_sums(moments, max_power, settings.beta, z.data(), rows, d, d, sums.data());
    }
    for (double &s : sums) s /= double(n);
    return Model(std::move(basis), std::move(coordinates), settings, n, std::move(moments), std::move(sums));
}

}  // namespace ofdm

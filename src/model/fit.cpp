#include "fit.h"

#include <algorithm>
#include <chrono>
#include <cmath>
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
    LatentBox box{std::vector<double>(size_t(d), INFINITY), std::vector<double>(size_t(d), -INFINITY)};
    auto last_report = std::chrono::steady_clock::now();
    for (int64_t first = 0; first < n; first += block) {
        if (settings.progress.callback && std::chrono::steady_clock::now() - last_report > std::chrono::milliseconds(100)) {
            last_report = std::chrono::steady_clock::now();
            if (settings.progress.report(first, n)) fail(OFDM_ERR_CANCELLED, "the fit was cancelled by the progress callback");
        }
        const int64_t rows = std::min(block, n - first);
        coordinates.to_latent(x + first * ldx, rows, ldx, z.data(), d);
        accumulate_moment_sums(moments, max_power, settings.beta, z.data(), rows, d, d, sums.data());
        for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < d; ++j) {
                box.lower[size_t(j)] = std::min(box.lower[size_t(j)], z[size_t(i * d + j)]);
                box.upper[size_t(j)] = std::max(box.upper[size_t(j)], z[size_t(i * d + j)]);
            }
    }
    if (settings.progress.report(n, n)) fail(OFDM_ERR_CANCELLED, "the fit was cancelled by the progress callback");
    for (double &s : sums) s /= double(n);
    for (int64_t id = 0; id < moments.size(); ++id)
        if (!std::isfinite(sums[size_t(id)]))
            fail(OFDM_ERR_OVERFLOW, "moment " + std::to_string(id) + " of degree " +
                                        std::to_string(moments[id].total_degree()) +
                                        " overflows double range: the data (in latent coordinates, scaled by "
                                        "sqrt(beta)) lie too far out for this degree; standardize the "
                                        "coordinates, lower beta or lower the degree");
    return Model(std::move(basis), std::move(coordinates), settings, n, std::move(box), std::move(moments),
                 std::move(sums));
}

}  // namespace ofdm

#include "fit.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/galerkin.h"

namespace ofdm {

namespace {

// The in-memory fit reads its input in slabs of this many moment-pass blocks, reporting progress
// between them. A whole number of blocks, so that the slabs cut the rows exactly as one chunk
// would, and not a function of the thread count, so that neither changes a bit of the result.
constexpr int64_t kBlocksPerSlab = 64;

void require_enough_samples(const Basis &basis, int64_t n, const FitSettings &settings) {
    const std::string have = "n = " + std::to_string(n);
    if (n < 1) fail(OFDM_ERR_TOO_FEW_SAMPLES, have + ": at least one sample is needed");
    if (settings.coordinates != OFDM_COORDINATES_NONE && n < 2)
        fail(OFDM_ERR_TOO_FEW_SAMPLES, have + ": the coordinate map needs the spread of at least 2 samples");
    // G(0) = (1/n) Σ_i J_iᵀ J_i with J_i the d × K Jacobian at sample i has rank <= n·d.
    const int64_t rank_bound = checked_mul(n, basis.dim(), "n * d");
    if (settings.ridge == 0.0 && rank_bound < basis.size())
        fail(OFDM_ERR_TOO_FEW_SAMPLES,
             have + " samples of dimension " + std::to_string(basis.dim()) + " give G(0) rank at most " +
                 std::to_string(rank_bound) + " < K = " + std::to_string(basis.size()) +
                 ": use more samples, a smaller basis, or a ridge");
}

}  // namespace

int64_t data_dimension(const FitSettings &settings, int64_t latent_dim) {
    const int64_t d = settings.data_dim == 0 ? latent_dim : settings.data_dim;
    if (settings.coordinates == OFDM_COORDINATES_PCA ? d < latent_dim : d != latent_dim) {
        std::ostringstream message;
        message << "options.data_dim = " << settings.data_dim << " with a basis of dimension " << latent_dim << ": ";
        if (settings.coordinates == OFDM_COORDINATES_PCA)
            message << "PCA keeps r = " << latent_dim << " components of d >= r data columns";
        else
            message << "only OFDM_COORDINATES_PCA maps data of another dimension to the basis (0 means the basis "
                       "dimension)";
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    return d;
}

CoordinateMap coordinate_map(const FitSettings &settings, const double *x, int64_t n, int64_t ldx, int64_t latent_dim) {
    const int64_t d = data_dimension(settings, latent_dim);
    switch (settings.coordinates) {
        case OFDM_COORDINATES_STANDARDIZE:
            return CoordinateMap::standardization(x, n, ldx, d);
        case OFDM_COORDINATES_WHITEN:
        case OFDM_COORDINATES_PCA:
            return CoordinateMap::decorrelation(settings.coordinates, x, n, ldx, d, latent_dim);
        default:
            return CoordinateMap::identity(d);
    }
}

Model fit_model(std::shared_ptr<const Basis> basis, const double *x, int64_t n, int64_t ldx,
                const FitSettings &settings) {
    validate_settings(settings);
    const int64_t d = data_dimension(settings, basis->dim());
    require_enough_samples(*basis, n, settings);
    if (ldx < d) fail(OFDM_ERR_INVALID_ARGUMENT, "ldx = " + std::to_string(ldx) + " is less than d = " + std::to_string(d));
    require_finite(x, n, ldx, d, "x");

    // In memory, the map is the exact two-pass one; streamed data use ColumnStatistics and
    // standardization_map, which agree with it to rounding.
    CoordinateMap coordinates = coordinate_map(settings, x, n, ldx, basis->dim());
    MomentAccumulator moments(std::move(basis), std::move(coordinates), settings.beta, settings.memory_limit);

    const int64_t slab = moments.pass().block_rows() * kBlocksPerSlab;
    auto last_report = std::chrono::steady_clock::now();
    for (int64_t first = 0; first < n; first += slab) {
        if (settings.progress.callback && std::chrono::steady_clock::now() - last_report > std::chrono::milliseconds(100)) {
            last_report = std::chrono::steady_clock::now();
            if (settings.progress.report(first, n)) fail(OFDM_ERR_CANCELLED, "the fit was cancelled by the progress callback");
        }
        moments.add(x + first * ldx, std::min(slab, n - first), ldx);
    }
    require_finite_sums(moments, x, n, ldx);  // names the row a moment cannot represent
    if (settings.progress.report(n, n)) fail(OFDM_ERR_CANCELLED, "the fit was cancelled by the progress callback");
    return fit_model(moments, settings);
}

Model fit_model(const MomentAccumulator &moments, const FitSettings &settings) {
    validate_settings(settings);
    const double beta = moments.beta();
    if (std::memcmp(&settings.beta, &beta, sizeof beta) != 0 ||
        settings.coordinates != moments.coordinates().kind() ||
        data_dimension(settings, moments.basis().dim()) != moments.coordinates().data_dim()) {
        std::ostringstream message;
        message << "the fit settings (beta = " << settings.beta << ", coordinates " << settings.coordinates
                << ", data_dim " << settings.data_dim
                << ") differ from those the moments were accumulated with (beta = " << moments.beta()
                << ", coordinates " << moments.coordinates().kind() << ", data_dim " << moments.coordinates().data_dim()
                << ")";
        fail(OFDM_ERR_INVALID_ARGUMENT, message.str());
    }
    const int64_t n = moments.count();
    require_enough_samples(moments.basis(), n, settings);
    // The accumulator checked its own limit; a fit from it may bring another (ofdm_fit_moments).
    require_fit_memory(moments.basis(), moments.moment_count(), settings.memory_limit);
    // DESIGN §1: μ_m = (1/N) Σ_n φ_m(z_n).
    std::vector<double> means(moments.sums());
    for (double &s : means) s /= double(n);
    for (int64_t id = 0; id < moments.moment_count(); ++id)
        if (!std::isfinite(means[size_t(id)]))
            fail(OFDM_ERR_OVERFLOW, "moment " + std::to_string(id) + " of degree " +
                                        std::to_string(moments.moments()[id].total_degree()) +
                                        " overflows double range: the data (in latent coordinates, scaled by "
                                        "sqrt(beta)) lie too far out for this degree; standardize the "
                                        "coordinates, lower beta or lower the degree");
    FitSettings kept = settings;
    kept.data_dim = moments.coordinates().data_dim();
    kept.progress = ProgressReporter{};
    kept.memory_limit = 0;  // a limit on this fit, not part of the model
    return Model(moments.shared_basis(), moments.coordinates(), kept, n, moments.latent_box(), moments.moments(),
                 std::move(means));
}

}  // namespace ofdm

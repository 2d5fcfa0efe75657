// The shared body of the fuzz targets: load, then use the model the way a caller would, checking
// the promises of include/ofdm.h (statuses from each function's documented list, outputs written
// only on success, the sampler's finite samples, a byte-exact serialization round trip).
#include "fuzz/model_exercise.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <vector>

namespace ofdm_fuzz {

namespace {

// A bit pattern no computation produces: outputs still holding it were not written.
constexpr uint64_t kUnwrittenBits = 0x7ff4dead7ff4deadull;  // a signalling NaN

double unwritten() {
    double v;
    std::memcpy(&v, &kUnwrittenBits, sizeof v);
    return v;
}

bool all_unwritten(const std::vector<double> &values) {
    for (double v : values)
        if (std::memcmp(&v, &kUnwrittenBits, sizeof v) != 0) return false;
    return true;
}

bool all_finite(const std::vector<double> &values) {
    for (double v : values)
        if (!std::isfinite(v)) return false;
    return true;
}

bool one_of(ofdm_status status, std::initializer_list<ofdm_status> allowed) {
    for (ofdm_status a : allowed)
        if (status == a) return true;
    return false;
}

// A call that failed must say why.
void require_failure_explained(ofdm_status status, const char *what) {
    if (status != OFDM_OK) require(ofdm_last_error()[0] != '\0', what);
}

// d: the basis dimension, which is the model's latent dimension r.
void check_basis(const ofdm_model *model, int64_t d) {
    const ofdm_basis *basis = ofdm_model_basis(model);
    require(basis != nullptr, "a loaded model has a basis");
    require(ofdm_basis_dim(basis) == d, "the basis dimension is the model's latent dimension");
    const int64_t K = ofdm_basis_size(basis);
    require(K >= 1, "a loaded basis is not empty");
    std::vector<int32_t> indices(size_t(K * d), -1);
    require(ofdm_basis_indices(basis, indices.data(), d) == OFDM_OK, "ofdm_basis_indices succeeds");
    int32_t largest = 0;
    for (int64_t k = 0; k < K; ++k) {
        int32_t degree = 0;
        for (int64_t j = 0; j < d; ++j) {
            const int32_t power = indices[size_t(k * d + j)];
            require(power >= 0 && power <= OFDM_MAX_DEGREE, "a loaded index entry is within [0, OFDM_MAX_DEGREE]");
            degree += power;
        }
        require(degree > 0, "a loaded multi-index is non-zero");
        if (degree > largest) largest = degree;
    }
    require(ofdm_basis_max_degree(basis) == largest, "ofdm_basis_max_degree is the largest total degree");
}

// Latent points z (r columns) mapped to data coordinates x = m + W⁺ z (d columns); false when the
// map overflows there.
bool map_to_data(const ofdm_model *model, int64_t r, int64_t d, const std::vector<double> &z, std::vector<double> &x) {
    const int64_t n = int64_t(z.size()) / r;
    x.assign(size_t(n * d), 0.0);
    require(ofdm_model_from_latent(model, z.data(), n, r, x.data(), d) == OFDM_OK, "ofdm_model_from_latent succeeds");
    return all_finite(x);
}

// Three latent points (the origin, a point inside the unit box, one in the tails) in data
// coordinates; returns false when the map overflows there (a legal but extreme stored scale).
bool probe_points(const ofdm_model *model, int64_t r, int64_t d, std::vector<double> &x) {
    std::vector<double> z(size_t(3 * r));
    for (int64_t j = 0; j < r; ++j) {
        z[size_t(j)] = 0.0;
        z[size_t(r + j)] = j % 2 ? -0.5 : 0.5;
        z[size_t(2 * r + j)] = j % 2 ? 4.0 : -3.0;
    }
    return map_to_data(model, r, d, z, x);
}

std::vector<uint8_t> save(const ofdm_model *model);

double get_f64(const uint8_t *at) {  // little-endian, as the file stores it
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= uint64_t(at[i]) << (8 * i);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

// The latent data box a model stores (DESIGN §6: after r, K, β, ridge, the two enums, n and the
// coordinate map), read from its saved bytes.
void stored_box(const ofdm_model *model, int64_t r, int64_t d, std::vector<double> &lower, std::vector<double> &upper) {
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    require(ofdm_model_options(model, &options) == OFDM_OK, "ofdm_model_options succeeds");
    size_t at = kHeaderSize + 8 + 8 + 8 + 8 + 4 + 4 + 8;
    if (options.coordinates == OFDM_COORDINATES_STANDARDIZE) at += size_t(16 * r);
    if (options.coordinates == OFDM_COORDINATES_WHITEN || options.coordinates == OFDM_COORDINATES_PCA)
        at += size_t(8 + 8 * (d + r + d * r));
    const std::vector<uint8_t> bytes = save(model);
    require(at + size_t(16 * r) <= bytes.size(), "a saved model holds its data box");
    lower.resize(size_t(r)), upper.resize(size_t(r));
    for (int64_t j = 0; j < r; ++j) {
        lower[size_t(j)] = get_f64(bytes.data() + at + size_t(8 * j));
        upper[size_t(j)] = get_f64(bytes.data() + at + size_t(8 * (r + j)));
    }
}

// Whether data coordinates can hold every sample check_sampling draws. The samplers' guarantee
// (DESIGN §4 "Tail guard"): a move that keeps its learned drift ends, before its noise, within
// |z_j| <= B_j = |c_j| + 1.3 max(h_j, 4 sd) (c, h: the stored box's centre and half-width; sd =
// 1/sqrt(β), that of π); every other move contracts z (OU) or leaves it (flow). So a sample exceeds
// max(B_j, |Z_T,j|) only by the noise of its run. Box–Muller on 53-bit uniforms gives |ξ| < 8.66:
// Z_T ~ π lies within B_j + 3.5 sd (B_j >= 5.2 sd), and the three SDE steps from t = 1 to 0.05 add
// at most 8.66 · Σ sqrt(1 − e^{−2δ}) = 8.66 · 1.85 = 16 sd (Heun + MALA: under 3 sd), so every
// sample lies within R_j = B_j + 20 sd. The map x = m + W⁺ z must be finite over that box at its
// worst corner, |x_i| <= |m_i| + Σ_j |W⁺_ij| R_j, with column j of W⁺ read from the image of e_j
// (to 4 ulp of m_i) and a factor 2 for the rounding of the sums. A β, box and scale whose product
// overflows there (e.g. β = 1e-304 with a scale of 1e157, or a box near the double range) make
// infinite data coordinates the right answer. (Before the guard judged a move where it ends, one
// coarse step could overshoot the box by orders of magnitude, a 1.3e10-wide box by one Heun step
// to 4e16, and this reach was 1e21 sd whatever the box.)
bool map_holds_samples(const ofdm_model *model, int64_t r, int64_t d) {
    const double sd = 1.0 / std::sqrt(ofdm_model_beta(model));
    std::vector<double> lower, upper, reach(static_cast<size_t>(r));
    stored_box(model, r, d, lower, upper);
    for (int64_t j = 0; j < r; ++j) {
        // As src/model/tail_guard.cpp computes them; a box beyond the double range is extreme.
        const double centre = 0.5 * (lower[size_t(j)] + upper[size_t(j)]);
        const double half = 0.5 * (upper[size_t(j)] - lower[size_t(j)]);
        reach[size_t(j)] = std::fabs(centre) + 1.3 * std::max(half, 4.0 * sd) + 20.0 * sd;
        if (!std::isfinite(reach[size_t(j)])) return false;
    }
    std::vector<double> z(size_t(r * (r + 1)), 0.0), x;  // the origin, then e_1 .. e_r
    for (int64_t j = 0; j < r; ++j) z[size_t((j + 1) * r + j)] = 1.0;
    if (!map_to_data(model, r, d, z, x)) return false;
    for (int64_t i = 0; i < d; ++i) {
        const double shift = x[size_t(i)];
        double bound = std::fabs(shift);
        for (int64_t j = 0; j < r; ++j) {
            const double column = std::fabs(x[size_t((j + 1) * d + i)] - shift) + 4.0 * DBL_EPSILON * std::fabs(shift);
            bound += column * reach[size_t(j)];
        }
        if (!std::isfinite(2.0 * bound)) return false;
    }
    return true;
}

void check_evaluation(const ofdm_model *model, int64_t r, int64_t d) {
    std::vector<double> x;
    const bool finite_points = probe_points(model, r, d, x);
    const int64_t K = ofdm_basis_size(ofdm_model_basis(model));
    for (double t : {0.0, 0.3, double(INFINITY)}) {
        std::vector<double> score(x.size(), unwritten()), density(3, unwritten()), alpha(size_t(K), unwritten());
        ofdm_status status = ofdm_model_score(model, t, x.data(), 3, d, score.data(), d);
        require(one_of(status, {OFDM_OK, OFDM_ERR_NONFINITE_INPUT, OFDM_ERR_SINGULAR, OFDM_ERR_OUT_OF_MEMORY}),
                "ofdm_model_score returns a documented status");
        require(status == OFDM_OK || all_unwritten(score), "ofdm_model_score writes nothing on failure");
        require(status != OFDM_ERR_NONFINITE_INPUT || !finite_points, "finite points are not called non-finite");
        require_failure_explained(status, "ofdm_model_score explains its failure");

        status = ofdm_model_log_density(model, t, x.data(), 3, d, density.data());
        require(one_of(status, {OFDM_OK, OFDM_ERR_NONFINITE_INPUT, OFDM_ERR_SINGULAR, OFDM_ERR_OUT_OF_MEMORY}),
                "ofdm_model_log_density returns a documented status");
        require(status == OFDM_OK || all_unwritten(density), "ofdm_model_log_density writes nothing on failure");
        require_failure_explained(status, "ofdm_model_log_density explains its failure");

        status = ofdm_model_coefficients(model, t, alpha.data());
        require(one_of(status, {OFDM_OK, OFDM_ERR_SINGULAR, OFDM_ERR_OUT_OF_MEMORY}),
                "ofdm_model_coefficients returns a documented status");
        require(status == OFDM_OK || all_unwritten(alpha), "ofdm_model_coefficients writes nothing on failure");
        // The system at t = 0 solved when the model was built (the loader refuses it otherwise).
        if (t == 0.0) require(status == OFDM_OK, "a loaded model's coefficients at t = 0 solve");
    }
}

// A tiny run of the two integrator families, on one thread: the header promises finite samples
// whatever the fitted density does, when the coordinate map itself cannot overflow over the
// range the samplers' guard keeps the samples in.
void check_sampling(const ofdm_model *model, int64_t r, int64_t d) {
    std::vector<double> x;
    const bool map_is_tame = probe_points(model, r, d, x) && map_holds_samples(model, r, d);
    for (int32_t method : {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_HEUN}) {
        ofdm_sample_options options;
        ofdm_sample_options_init(&options);
        options.method = method;
        options.steps = 3;
        options.t_max = 1.0;
        options.t_min = 0.05;
        options.threads = 1;
        options.seed = 7;
        if (method == OFDM_SAMPLER_ODE_HEUN) options.corrector = OFDM_CORRECTOR_MALA;
        std::vector<double> out(size_t(2 * d), unwritten());
        const ofdm_status status = ofdm_model_sample(model, 2, &options, out.data(), d);
        require(one_of(status, {OFDM_OK, OFDM_ERR_SINGULAR, OFDM_ERR_TOO_LARGE, OFDM_ERR_OUT_OF_MEMORY}),
                "ofdm_model_sample returns a documented status");
        require(status == OFDM_OK || all_unwritten(out), "ofdm_model_sample writes nothing on failure");
        require_failure_explained(status, "ofdm_model_sample explains its failure");
        if (status == OFDM_OK && map_is_tame) require(all_finite(out), "ofdm_model_sample gives finite samples");
    }
}

std::vector<uint8_t> save(const ofdm_model *model) {
    size_t size = 0;
    require(ofdm_model_serialized_size(model, &size) == OFDM_OK, "ofdm_model_serialized_size succeeds");
    std::vector<uint8_t> bytes(size + 1, 0xA5);
    size_t written = 0;
    if (size > 0) {
        const ofdm_status small = ofdm_model_save_buffer(model, bytes.data(), size - 1, &written);
        require(small == OFDM_ERR_BUFFER_TOO_SMALL, "a buffer one byte short is refused");
        require(written == 0 && bytes[0] == 0xA5, "a refused save writes nothing");
    }
    require(ofdm_model_save_buffer(model, bytes.data(), size, &written) == OFDM_OK, "ofdm_model_save_buffer succeeds");
    require(written == size, "save_buffer writes ofdm_model_serialized_size bytes");
    require(bytes[size] == 0xA5, "save_buffer stays within its capacity");
    bytes.resize(size);
    return bytes;
}

void check_round_trip(const ofdm_model *model, const uint8_t *input, size_t size) {
    const std::vector<uint8_t> saved = save(model);
    // The format has one encoding per model, so what loaded is what is saved, except the minor
    // version: the writer stamps its own.
    require(saved.size() == size, "saving a loaded model gives as many bytes as it was loaded from");
    std::vector<uint8_t> expected(input, input + size);
    std::memcpy(expected.data() + kMinorOffset, saved.data() + kMinorOffset, 4);
    put_u64(expected.data() + size - kChecksumSize, fnv1a64(expected.data(), size - kChecksumSize));
    require(saved == expected, "saving a loaded model gives back the bytes it was loaded from");
    ofdm_model *reloaded = nullptr;
    require(ofdm_model_load_buffer(saved.data(), saved.size(), &reloaded) == OFDM_OK, "a saved model reloads");
    require(save(reloaded) == saved, "saving the reloaded model gives identical bytes");
    ofdm_model_free(reloaded);
}

}  // namespace

uint64_t fnv1a64(const uint8_t *bytes, size_t size) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    return h;
}

void put_u64(uint8_t *at, uint64_t value) {
    for (int i = 0; i < 8; ++i) at[i] = uint8_t(value >> (8 * i));
}

void require(bool holds, const char *what) {
    if (holds) return;
    std::fprintf(stderr, "invariant broken: %s (last error: %s)\n", what, ofdm_last_error());
    std::abort();
}

void load_and_exercise(const uint8_t *bytes, size_t size) {
    ofdm_model *const untouched = reinterpret_cast<ofdm_model *>(uintptr_t(0x5eed));
    ofdm_model *model = untouched;
    const uint8_t empty = 0;
    const ofdm_status status = ofdm_model_load_buffer(size ? bytes : &empty, size, &model);
    if (status != OFDM_OK) {
        require(one_of(status, {OFDM_ERR_FORMAT, OFDM_ERR_VERSION, OFDM_ERR_TRUNCATED, OFDM_ERR_CORRUPT,
                                OFDM_ERR_TOO_LARGE, OFDM_ERR_OUT_OF_MEMORY}),
                "ofdm_model_load_buffer returns a documented status");
        require(model == untouched, "a refused load leaves *out untouched");
        require_failure_explained(status, "ofdm_model_load_buffer explains its refusal");
        return;
    }
    require(model != nullptr && model != untouched, "a load that succeeds hands out a model");
    const int64_t d = ofdm_model_dim(model), r = ofdm_model_latent_dim(model);
    require(r >= 1 && d >= r, "a loaded model has a data dimension d >= its latent dimension r >= 1");
    require(ofdm_model_training_size(model) >= 1, "a loaded model was fitted on samples");
    ofdm_fit_options options;
    ofdm_fit_options_init(&options);
    require(ofdm_model_options(model, &options) == OFDM_OK, "ofdm_model_options succeeds");
    require(std::isfinite(options.beta) && options.beta > 0 && options.beta == ofdm_model_beta(model),
            "a loaded beta is finite and positive");
    require(std::isfinite(options.ridge) && options.ridge >= 0, "a loaded ridge is finite and >= 0");
    require(options.data_dim == d, "ofdm_model_options reports the data dimension");
    check_basis(model, r);
    check_evaluation(model, r, d);
    check_sampling(model, r, d);
    check_round_trip(model, bytes, size);
    ofdm_model_free(model);
}

}  // namespace ofdm_fuzz

// C entry points of the adaptive-basis section: checks, translation, nothing else.
#include <chrono>
#include <cmath>
#include <cstddef>

#include "capi/caller_struct.h"
#include "capi/fit_options.h"
#include "capi/handles.h"
#include "model/adaptive_basis.h"

using namespace ofdm::capi;

namespace {

constexpr Layouts kOptionsLayouts = {sizeof(ofdm_adaptive_options)};  // new in 0.2
constexpr Layouts kReportLayouts = {offsetof(ofdm_adaptive_report, coordinates), sizeof(ofdm_adaptive_report)};
constexpr const char *kOptionsInit = "ofdm_adaptive_options_init";
constexpr const char *kReportInit = "ofdm_adaptive_report_init";

ofdm_adaptive_options default_adaptive_options() {
    const ofdm::AdaptiveSettings s;
    ofdm_adaptive_options options{};
    options.struct_size = sizeof options;
    options.max_basis_size = s.max_basis_size;
    options.max_rounds = s.max_rounds;
    options.max_per_round = s.max_per_round;
    options.max_interaction = s.max_interaction;
    options.threads = s.threads;
    options.validation_fraction = s.validation_fraction;
    options.seed = s.seed;
    options.max_seconds = s.max_seconds;
    options.latent_dim = s.latent_dim;
    return options;
}

ofdm::AdaptiveSettings adaptive_settings_from(const ofdm_adaptive_options *options) {
    ofdm::AdaptiveSettings s;
    if (!options) return s;
    const ofdm_adaptive_options o =
        read_caller_struct(*options, default_adaptive_options(), kOptionsLayouts, "options", kOptionsInit);
    if (o.threads < 0) ofdm::fail(OFDM_ERR_INVALID_ARGUMENT, "options.threads = " + std::to_string(o.threads) + " is negative");
    s.max_basis_size = o.max_basis_size;
    s.max_rounds = o.max_rounds;
    s.max_per_round = o.max_per_round;
    s.max_interaction = o.max_interaction;
    s.threads = o.threads;
    s.validation_fraction = o.validation_fraction;
    s.seed = o.seed;
    s.max_seconds = o.max_seconds;
    s.latent_dim = o.latent_dim;
    return s;
}

}  // namespace

extern "C" {

OFDM_API ofdm_status ofdm_adaptive_options_init_sized(ofdm_adaptive_options *options, size_t size) {
    return init_caller_struct(__func__, "options", options, size, default_adaptive_options(), kOptionsLayouts);
}

OFDM_API ofdm_status ofdm_adaptive_report_init_sized(ofdm_adaptive_report *report, size_t size) {
    ofdm_adaptive_report zero{};
    zero.struct_size = sizeof zero;
    zero.standardize_distance = zero.pca_distance = NAN;
    return init_caller_struct(__func__, "report", report, size, zero, kReportLayouts);
}

OFDM_API ofdm_status ofdm_fit_adaptive(const double *x, int64_t n, int64_t d, int64_t ldx,
                                       const ofdm_fit_options *fit_options, const ofdm_adaptive_options *options,
                                       ofdm_model **out, ofdm_adaptive_report *report) {
    const auto started = std::chrono::steady_clock::now();
    return guarded(__func__, [&] {
        require_pointer(out, "out");
        require_count(n, "n");
        require_array(x, n, "x");
        ofdm_adaptive_report values{};
        if (report) {
            values = read_caller_struct(*report, values, kReportLayouts, "report", kReportInit);
            if (values.round_loss_capacity < 0)
                ofdm::fail(OFDM_ERR_INVALID_ARGUMENT, "report.round_loss_capacity = " +
                                                          std::to_string(values.round_loss_capacity) + " is negative");
            if (values.round_loss_capacity > 0) require_pointer(values.round_losses, "report.round_losses");
        }
        const ofdm::FitSettings settings = fit_settings_from(fit_options, ofdm::FitSettings{});
        const ofdm::AdaptiveSettings adaptive = adaptive_settings_from(options);
        require_leading_dimension(ldx, d, "ldx");
        ofdm::AdaptiveResult result = ofdm::fit_adaptive(x, n, d, ldx, settings, adaptive);
        const int64_t basis_size = result.model.basis().size();
        ofdm_model *handle = new_model_handle(std::move(result.model));
        if (report) {
            values.basis_size = basis_size;
            values.rounds = int32_t(result.round_losses.size()) - 1;
            values.stop = int32_t(result.stop);
            values.ridge = result.ridge;
            values.validation_loss = result.validation_loss;
            values.candidates = result.candidates_scored;
            values.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            values.coordinates = result.coordinates;
            values.standardize_distance = result.coordinate_distances[OFDM_COORDINATES_STANDARDIZE];
            values.pca_distance = result.coordinate_distances[OFDM_COORDINATES_PCA];
            for (int64_t i = 0; i < values.round_loss_capacity && i < int64_t(result.round_losses.size()); ++i)
                values.round_losses[i] = result.round_losses[size_t(i)];
            write_caller_struct(*report, values, kReportLayouts, "report", kReportInit);
        }
        *out = handle;
    });
}

}  // extern "C"

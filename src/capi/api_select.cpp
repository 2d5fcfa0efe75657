// C entry points of the model-selection section: checks, translation, nothing else.
#include <cstddef>

#include "capi/caller_struct.h"
#include "capi/fit_options.h"
#include "capi/handles.h"
#include "model/model_selection.h"

using namespace ofdm::capi;

namespace {

// New in 0.2, and grown since the first 0.2 development headers, whose layouts end before
// keep_outliers and outlier_rows: their programs keep working (the options' missing field takes
// its default, 0; the report's missing fields are not written).
constexpr Layouts kOptionsLayouts = {offsetof(ofdm_select_options, keep_outliers), sizeof(ofdm_select_options)};
constexpr Layouts kReportLayouts = {offsetof(ofdm_select_report, outlier_rows), sizeof(ofdm_select_report)};
constexpr const char *kReportInit = "ofdm_select_report_init";

ofdm_select_options default_select_options() {
    const ofdm::SelectionSettings s;
    ofdm_select_options options{};
    options.struct_size = sizeof options;
    options.max_degree = s.max_degree;
    options.max_interaction = s.max_interaction;
    options.validation_fraction = s.validation_fraction;
    options.seed = s.seed;
    options.max_basis_size = s.max_basis_size;
    options.latent_dim = s.latent_dim;
    options.keep_outliers = s.keep_outliers ? 1 : 0;
    return options;
}

ofdm::SelectionSettings selection_settings_from(const ofdm_select_options *options) {
    ofdm::SelectionSettings s;
    if (!options) return s;
    const ofdm_select_options o =
        read_caller_struct(*options, default_select_options(), kOptionsLayouts, "options", "ofdm_select_options_init");
    s.max_degree = o.max_degree;
    s.max_interaction = o.max_interaction;
    s.validation_fraction = o.validation_fraction;
    s.seed = o.seed;
    s.max_basis_size = o.max_basis_size;
    s.latent_dim = o.latent_dim;
    s.keep_outliers = o.keep_outliers != 0;
    return s;
}

}  // namespace

extern "C" {

OFDM_API ofdm_status ofdm_select_options_init_sized(ofdm_select_options *options, size_t size) {
    return init_caller_struct(__func__, "options", options, size, default_select_options(), kOptionsLayouts);
}

// The legacy functions write the layout of the headers that declared them, not the current one.
OFDM_API void(ofdm_select_options_init)(ofdm_select_options *options) {
    if (options) (void)ofdm_select_options_init_sized(options, *kOptionsLayouts.begin());
}

OFDM_API ofdm_status ofdm_select_report_init_sized(ofdm_select_report *report, size_t size) {
    ofdm_select_report zero{};
    zero.struct_size = sizeof zero;
    return init_caller_struct(__func__, "report", report, size, zero, kReportLayouts);
}

OFDM_API void(ofdm_select_report_init)(ofdm_select_report *report) {
    if (report) (void)ofdm_select_report_init_sized(report, *kReportLayouts.begin());
}

OFDM_API ofdm_status ofdm_fit_select(const double *x, int64_t n, int64_t d, int64_t ldx,
                                     const ofdm_fit_options *fit_options, const ofdm_select_options *options,
                                     ofdm_model **out, ofdm_select_report *report) {
    return guarded(__func__, [&] {
        require_pointer(out, "out");
        require_count(n, "n");
        require_array(x, n, "x");
        if (report) (void)known_prefix(report, report->struct_size, kReportLayouts, "report", kReportInit);
        const ofdm::FitSettings settings = fit_settings_from(fit_options, ofdm::FitSettings{});
        const ofdm::SelectionSettings selection_settings = selection_settings_from(options);
        require_leading_dimension(ldx, d, "ldx");
        const ofdm::Selection selection = ofdm::select_model(x, n, d, ldx, settings, selection_settings);
        size_t chosen = selection.best;
        ofdm::Model model = ofdm::fit_selected(x, n, d, ldx, settings, selection, &chosen);
        int64_t failed = 0;
        for (const ofdm::SelectionCandidate &c : selection.candidates) failed += c.failure != OFDM_OK ? 1 : 0;
        const ofdm::SelectionCandidate &c = selection.candidates[chosen];
        ofdm_model *handle = new_model_handle(std::move(model));
        if (report) {
            ofdm_select_report values{};
            values.degree = c.degree;
            values.interaction = c.interaction;
            values.ridge = c.ridge;
            values.basis_size = c.basis_size;
            values.validation_loss = c.loss;
            values.candidates = int64_t(selection.candidates.size());
            values.failed = failed;
            const ofdm::OutlierRows &outliers = selection.outliers;
            values.outlier_rows = outliers.count();
            values.first_outlier_row = outliers.rows.empty() ? -1 : outliers.rows[0];
            values.first_outlier_column = outliers.first_column;
            values.first_outlier_distance = outliers.first_distance;
            write_caller_struct(*report, values, kReportLayouts, "report", kReportInit);
        }
        *out = handle;
    });
}

OFDM_API ofdm_status ofdm_model_validation_loss(const ofdm_model *model, const double *x, int64_t n, int64_t ldx,
                                                double *loss) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_pointer(loss, "loss");
        require_count(n, "n");
        require_array(x, n, "x");
        require_leading_dimension(ldx, model->model->data_dim(), "ldx");
        *loss = ofdm::validation_loss(*model->model, x, n, ldx);
    });
}

}  // extern "C"

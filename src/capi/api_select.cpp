// C entry points of the model-selection section: checks, translation, nothing else.
#include <cstddef>

#include "capi/firewall.h"
#include "capi/fit_options.h"
#include "capi/handles.h"
#include "model/model_selection.h"

using namespace ofdm::capi;

namespace {

ofdm::SelectionSettings selection_settings_from(const ofdm_select_options *options) {
    ofdm::SelectionSettings s;
    if (!options) return s;
    require_struct_size(options->struct_size, sizeof(ofdm_select_options), "options", "ofdm_select_options_init");
    s.max_degree = options->max_degree;
    s.max_interaction = options->max_interaction;
    s.validation_fraction = options->validation_fraction;
    s.seed = options->seed;
    s.max_basis_size = options->max_basis_size;
    s.latent_dim = options->latent_dim;
    return s;
}

}  // namespace

extern "C" {

OFDM_API void ofdm_select_options_init(ofdm_select_options *options) {
    if (!options) return;
    const ofdm::SelectionSettings s;
    *options = ofdm_select_options{};
    options->struct_size = sizeof *options;
    options->max_degree = s.max_degree;
    options->max_interaction = s.max_interaction;
    options->validation_fraction = s.validation_fraction;
    options->seed = s.seed;
    options->max_basis_size = s.max_basis_size;
    options->latent_dim = s.latent_dim;
}

OFDM_API void ofdm_select_report_init(ofdm_select_report *report) {
    if (!report) return;
    *report = ofdm_select_report{};
    report->struct_size = sizeof *report;
}

OFDM_API ofdm_status ofdm_fit_select(const double *x, int64_t n, int64_t d, int64_t ldx,
                                     const ofdm_fit_options *fit_options, const ofdm_select_options *options,
                                     ofdm_model **out, ofdm_select_report *report) {
    return guarded(__func__, [&] {
        require_pointer(out, "out");
        require_count(n, "n");
        require_array(x, n, "x");
        if (report)
            require_struct_size(report->struct_size, sizeof(ofdm_select_report), "report", "ofdm_select_report_init");
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
            report->degree = c.degree;
            report->interaction = c.interaction;
            report->ridge = c.ridge;
            report->basis_size = c.basis_size;
            report->validation_loss = c.loss;
            report->candidates = int64_t(selection.candidates.size());
            report->failed = failed;
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

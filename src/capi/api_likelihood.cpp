// C entry points of the likelihood and reweighting section: checks, translation, nothing else.
#include <algorithm>
#include <cstring>
#include <vector>

#include "capi/firewall.h"
#include "capi/handles.h"
#include "capi/sample_options.h"
#include "math/importance.h"
#include "model/flow.h"

using namespace ofdm::capi;

extern "C" {

OFDM_API void ofdm_flow_options_init(ofdm_sample_options *options) {
    if (options) write_sample_options(ofdm::flow_default_settings(), options);
}

OFDM_API ofdm_status ofdm_model_log_likelihood(const ofdm_model *model, const double *x, int64_t n, int64_t ldx,
                                               const ofdm_sample_options *options, double *out) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_count(n, "n");
        require_array(x, n, "x");
        require_array(out, n, "out");
        require_leading_dimension(ldx, model->model->data_dim(), "ldx");
        const ofdm::SampleSettings settings = sample_settings_from(options, ofdm::flow_default_settings());
        ofdm_sample_stats *report = requested_stats(options);
        const ofdm::FlowStats stats = ofdm::flow_log_likelihood(*model->model, x, n, ldx, settings, out);
        write_flow_stats(stats, report);
    });
}

OFDM_API ofdm_status ofdm_model_sample_flow(const ofdm_model *model, int64_t n, const ofdm_sample_options *options,
                                            double *out, int64_t ldout, double *log_q) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_count(n, "n");
        require_array(out, n, "out");
        require_leading_dimension(ldout, model->model->data_dim(), "ldout");
        const ofdm::SampleSettings settings = sample_settings_from(options, ofdm::flow_default_settings());
        ofdm_sample_stats *report = requested_stats(options);
        const ofdm::FlowStats stats = ofdm::flow_sample(*model->model, n, settings, out, ldout, log_q);
        write_flow_stats(stats, report);
    });
}

OFDM_API void ofdm_importance_summary_init(ofdm_importance_summary *summary) {
    if (!summary) return;
    std::memset(summary, 0, sizeof *summary);
    summary->struct_size = sizeof *summary;
}

OFDM_API ofdm_status ofdm_importance(const double *log_target, const double *log_q, int64_t n, double *weights,
                                     ofdm_importance_summary *summary) {
    return guarded(__func__, [&] {
        require_pointer(log_target, "log_target");
        require_pointer(log_q, "log_q");
        if (summary)
            require_struct_size(summary->struct_size, sizeof(ofdm_importance_summary), "summary",
                                "ofdm_importance_summary_init");
        std::vector<double> w;
        const ofdm::ImportanceSummary s = ofdm::importance_weights(log_target, log_q, n, w);
        if (weights) std::copy(w.begin(), w.end(), weights);
        if (summary) {
            summary->effective_sample_size = s.effective_sample_size;
            summary->ess_per_sample = s.ess_per_sample;
            summary->log_z = s.log_z;
            summary->log_z_error = s.log_z_error;
            summary->max_weight = s.max_weight;
        }
    });
}

OFDM_API ofdm_status ofdm_importance_estimate(const double *weights, int64_t n, const double *values, int64_t m,
                                              int64_t ldv, double *mean, double *standard_error) {
    return guarded(__func__, [&] {
        require_pointer(weights, "weights");
        require_pointer(values, "values");
        require_pointer(mean, "mean");
        if (m >= 1) require_leading_dimension(ldv, m, "ldv");
        std::vector<double> means, errors;
        ofdm::importance_estimate(weights, n, values, m, ldv, means, errors);
        std::copy(means.begin(), means.end(), mean);
        if (standard_error) std::copy(errors.begin(), errors.end(), standard_error);
    });
}

}  // extern "C"

// C entry points of the likelihood and reweighting section: checks, translation, nothing else.
#include <algorithm>
#include <vector>

#include "capi/firewall.h"
#include "capi/handles.h"
#include "capi/sample_options.h"
#include "math/importance.h"
#include "model/flow.h"

using namespace ofdm::capi;

namespace {
constexpr Layouts kSummaryLayouts = {sizeof(ofdm_importance_summary)};  // one layout since 0.1
constexpr const char *kSummaryInit = "ofdm_importance_summary_init";
}  // namespace

extern "C" {

OFDM_API ofdm_status ofdm_flow_options_init_sized(ofdm_sample_options *options, size_t size) {
    return init_caller_struct(__func__, "options", options, size, sample_options_struct(ofdm::flow_default_settings()),
                              kSampleOptionsLayouts);
}

OFDM_API void(ofdm_flow_options_init)(ofdm_sample_options *options) {
    if (options) (void)ofdm_flow_options_init_sized(options, sizeof *options);
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

OFDM_API ofdm_status ofdm_importance_summary_init_sized(ofdm_importance_summary *summary, size_t size) {
    ofdm_importance_summary zero{};
    zero.struct_size = sizeof zero;
    return init_caller_struct(__func__, "summary", summary, size, zero, kSummaryLayouts);
}

OFDM_API void(ofdm_importance_summary_init)(ofdm_importance_summary *summary) {
    if (summary) (void)ofdm_importance_summary_init_sized(summary, sizeof *summary);
}

OFDM_API ofdm_status ofdm_importance(const double *log_target, const double *log_q, int64_t n, double *weights,
                                     ofdm_importance_summary *summary) {
    return guarded(__func__, [&] {
        require_pointer(log_target, "log_target");
        require_pointer(log_q, "log_q");
        if (summary) (void)known_prefix(summary, summary->struct_size, kSummaryLayouts, "summary", kSummaryInit);
        std::vector<double> w;
        const ofdm::ImportanceSummary s = ofdm::importance_weights(log_target, log_q, n, w);
        if (weights) std::copy(w.begin(), w.end(), weights);
        if (summary) {
            ofdm_importance_summary values{};
            values.effective_sample_size = s.effective_sample_size;
            values.ess_per_sample = s.ess_per_sample;
            values.log_z = s.log_z;
            values.log_z_error = s.log_z_error;
            values.max_weight = s.max_weight;
            write_caller_struct(*summary, values, kSummaryLayouts, "summary", kSummaryInit);
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

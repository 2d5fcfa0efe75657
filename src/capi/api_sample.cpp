// C entry points of the sampling section: checks, option translation, nothing else.
#include <cstring>

#include "capi/firewall.h"
#include "capi/handles.h"
#include "capi/sample_options.h"
#include "math/error.h"
#include "model/sampler.h"

using namespace ofdm::capi;

extern "C" {

OFDM_API void ofdm_sample_stats_init(ofdm_sample_stats *stats) {
    if (!stats) return;
    std::memset(stats, 0, sizeof *stats);
    stats->struct_size = sizeof *stats;
}

OFDM_API void ofdm_sample_options_init(ofdm_sample_options *options) {
    if (options) write_sample_options(ofdm::SampleSettings(), options);
}

OFDM_API ofdm_status ofdm_model_sample(const ofdm_model *model, int64_t n, const ofdm_sample_options *options,
                                       double *out, int64_t ldout) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_count(n, "n");
        require_array(out, n, "out");
        require_leading_dimension(ldout, model->model->data_dim(), "ldout");
        const ofdm::SampleSettings settings = sample_settings_from(options, ofdm::SampleSettings());
        ofdm_sample_stats *report = requested_stats(options);
        const ofdm::SampleStats stats = ofdm::sample_model(*model->model, n, settings, out, ldout);
        if (report) {
            ofdm_sample_stats_init(report);
            report->guarded_steps = stats.guarded_steps;
            report->guarded_samples = stats.guarded_samples;
            report->corrector_proposals = stats.corrector_proposals;
            report->corrector_accepted = stats.corrector_accepted;
            report->coefficient_nodes = stats.coefficient_nodes;
            report->coefficient_error = stats.coefficient_error;
        }
    });
}

}  // extern "C"

// C entry points of the sampling section: checks, option translation, nothing else.
#include "capi/firewall.h"
#include "capi/handles.h"
#include "capi/sample_options.h"
#include "math/error.h"
#include "model/sampler.h"

using namespace ofdm::capi;

extern "C" {

OFDM_API ofdm_status ofdm_sample_stats_init_sized(ofdm_sample_stats *stats, size_t size) {
    ofdm_sample_stats zero{};
    zero.struct_size = sizeof zero;
    return init_caller_struct(__func__, "stats", stats, size, zero, kSampleStatsLayouts);
}

OFDM_API void(ofdm_sample_stats_init)(ofdm_sample_stats *stats) {
    if (stats) (void)ofdm_sample_stats_init_sized(stats, sizeof *stats);
}

OFDM_API ofdm_status ofdm_sample_options_init_sized(ofdm_sample_options *options, size_t size) {
    return init_caller_struct(__func__, "options", options, size, sample_options_struct(ofdm::SampleSettings()),
                              kSampleOptionsLayouts);
}

OFDM_API void(ofdm_sample_options_init)(ofdm_sample_options *options) {
    if (options) (void)ofdm_sample_options_init_sized(options, sizeof *options);
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
        ofdm_sample_stats values{};
        values.guarded_steps = stats.guarded_steps;
        values.guarded_samples = stats.guarded_samples;
        values.corrector_proposals = stats.corrector_proposals;
        values.corrector_accepted = stats.corrector_accepted;
        values.coefficient_nodes = stats.coefficient_nodes;
        values.coefficient_error = stats.coefficient_error;
        write_sample_stats(values, report);
    });
}

}  // extern "C"

// C entry points of the sampling section: checks, option translation, nothing else.
#include <cstring>

#include "capi/firewall.h"
#include "capi/handles.h"
#include "math/error.h"
#include "model/sampler.h"

using namespace ofdm::capi;

namespace {

ofdm::SampleSettings settings_from(const ofdm_sample_options *options) {
    ofdm::SampleSettings s;
    if (!options) return s;
    require_struct_size(options->struct_size, sizeof(ofdm_sample_options), "options", "ofdm_sample_options_init");
    s.method = options->method;
    s.steps = options->steps;
    s.t_max = options->t_max;
    s.t_min = options->t_min;
    s.grid = options->grid;
    s.corrector = options->corrector;
    s.corrector_steps = options->corrector_steps;
    s.corrector_snr = options->corrector_snr;
    s.denoise = options->denoise != 0;
    s.guard = options->guard != 0;
    s.seed = options->seed;
    s.threads = options->threads;
    s.progress = {options->progress, options->progress_data};
    return s;
}

}  // namespace

extern "C" {

OFDM_API void ofdm_sample_stats_init(ofdm_sample_stats *stats) {
    if (!stats) return;
    std::memset(stats, 0, sizeof *stats);
    stats->struct_size = sizeof *stats;
}

OFDM_API void ofdm_sample_options_init(ofdm_sample_options *options) {
    if (!options) return;
    const ofdm::SampleSettings d;
    std::memset(options, 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->method = d.method;
    options->steps = d.steps;
    options->t_max = d.t_max;
    options->t_min = d.t_min;
    options->grid = d.grid;
    options->corrector = d.corrector;
    options->corrector_steps = d.corrector_steps;
    options->corrector_snr = d.corrector_snr;
    options->denoise = d.denoise;
    options->guard = d.guard;
    options->seed = d.seed;
    options->threads = d.threads;
}

OFDM_API ofdm_status ofdm_model_sample(const ofdm_model *model, int64_t n, const ofdm_sample_options *options,
                                       double *out, int64_t ldout) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_count(n, "n");
        require_array(out, n, "out");
        require_leading_dimension(ldout, model->model->dim(), "ldout");
        const ofdm::SampleSettings settings = settings_from(options);
        ofdm_sample_stats *report = options ? options->stats : nullptr;
        if (report) require_struct_size(report->struct_size, sizeof(ofdm_sample_stats), "options->stats", "ofdm_sample_stats_init");
        const ofdm::SampleStats stats = ofdm::sample_model(*model->model, n, settings, out, ldout);
        if (report) {
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

#include "capi/sample_options.h"

#include <cstring>

#include "capi/firewall.h"

namespace ofdm::capi {

SampleSettings sample_settings_from(const ofdm_sample_options *options, const SampleSettings &defaults) {
    SampleSettings s = defaults;
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
    s.tolerance = options->tolerance;
    s.progress = {options->progress, options->progress_data};
    return s;
}

void write_sample_options(const SampleSettings &d, ofdm_sample_options *options) {
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
    options->tolerance = d.tolerance;
}

ofdm_sample_stats *requested_stats(const ofdm_sample_options *options) {
    ofdm_sample_stats *report = options ? options->stats : nullptr;
    if (report)
        require_struct_size(report->struct_size, sizeof(ofdm_sample_stats), "options->stats", "ofdm_sample_stats_init");
    return report;
}

void write_flow_stats(const FlowStats &stats, ofdm_sample_stats *report) {
    if (!report) return;
    ofdm_sample_stats_init(report);
    report->guarded_samples = stats.guarded_trajectories;
    report->coefficient_nodes = stats.coefficient_nodes;
    report->coefficient_error = stats.coefficient_error;
    report->flow_mean_steps = stats.trajectories ? double(stats.accepted_steps) / double(stats.trajectories) : 0.0;
    report->flow_max_steps = stats.max_steps;
    report->flow_rejected_steps = stats.rejected_steps;
}

}  // namespace ofdm::capi

#include "capi/sample_options.h"

namespace ofdm::capi {

ofdm_sample_options sample_options_struct(const SampleSettings &d) {
    ofdm_sample_options options{};
    options.struct_size = sizeof options;
    options.method = d.method;
    options.steps = d.steps;
    options.t_max = d.t_max;
    options.t_min = d.t_min;
    options.grid = d.grid;
    options.corrector = d.corrector;
    options.corrector_steps = d.corrector_steps;
    options.corrector_snr = d.corrector_snr;
    options.denoise = d.denoise;
    options.guard = d.guard;
    options.seed = d.seed;
    options.threads = d.threads;
    options.tolerance = d.tolerance;
    return options;
}

SampleSettings sample_settings_from(const ofdm_sample_options *options, const SampleSettings &defaults) {
    SampleSettings s = defaults;
    if (!options) return s;
    const ofdm_sample_options o = read_caller_struct(*options, sample_options_struct(defaults), kSampleOptionsLayouts,
                                                     "options", "ofdm_sample_options_init");
    s.method = o.method;
    s.steps = o.steps;
    s.t_max = o.t_max;
    s.t_min = o.t_min;
    s.grid = o.grid;
    s.corrector = o.corrector;
    s.corrector_steps = o.corrector_steps;
    s.corrector_snr = o.corrector_snr;
    s.denoise = o.denoise != 0;
    s.guard = o.guard != 0;
    s.seed = o.seed;
    s.threads = o.threads;
    s.tolerance = o.tolerance;
    s.progress = {o.progress, o.progress_data};
    return s;
}

ofdm_sample_stats *requested_stats(const ofdm_sample_options *options) {
    ofdm_sample_stats *report = options ? options->stats : nullptr;
    if (report) (void)known_prefix(report, report->struct_size, kSampleStatsLayouts, "options->stats", "ofdm_sample_stats_init");
    return report;
}

void write_sample_stats(const ofdm_sample_stats &stats, ofdm_sample_stats *report) {
    if (report) write_caller_struct(*report, stats, kSampleStatsLayouts, "options->stats", "ofdm_sample_stats_init");
}

void write_flow_stats(const FlowStats &stats, ofdm_sample_stats *report) {
    ofdm_sample_stats values{};
    values.guarded_samples = stats.guarded_trajectories;
    values.coefficient_nodes = stats.coefficient_nodes;
    values.coefficient_error = stats.coefficient_error;
    values.flow_mean_steps = stats.trajectories ? double(stats.accepted_steps) / double(stats.trajectories) : 0.0;
    values.flow_max_steps = stats.max_steps;
    values.flow_rejected_steps = stats.rejected_steps;
    write_sample_stats(values, report);
}

}  // namespace ofdm::capi

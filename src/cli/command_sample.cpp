// `ofdm sample MODEL -n N -o OUT.npy`: new samples by the reverse SDE, a probability-flow ODE
// with fixed steps, or the adaptive probability flow with exact log-densities.
#include <chrono>
#include <cstdio>

#include "cli/arguments.h"
#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "cli/data_file.h"
#include "cli/memory_size.h"
#include "cli/progress_bar.h"
#include "cli/same_file.h"
#include "cli/sample_options.h"

namespace ofdm_cli {

namespace {

const char kUsage[] =
    "usage: ofdm sample MODEL -n N -o OUT.npy [options]\n"
    "\n"
    "Draws N new samples from MODEL and writes them as an N x d float64 .npy array. Sample i\n"
    "depends only on the seed and i: the same seed gives the same file whatever --threads is.\n"
    "\n"
    "  -n, --number N          number of samples (required): an integer, or a whole number in\n"
    "                          scientific notation such as 1e6; the N x d doubles must fit in\n"
    "                          memory\n"
    "  -o, --output OUT.npy    the samples (written atomically, or through to a device or FIFO;\n"
    "                          required; not the MODEL file)\n"
    "  --sampler sde|heun|euler|flow\n"
    "                          reverse SDE (default); probability-flow ODE with Heun or Euler\n"
    "                          steps; or the adaptive probability-flow ODE, which also gives\n"
    "                          each sample's exact log-density\n"
    "  --steps S               time steps, 1..10000000 (default 400; flow: 64 initial steps)\n"
    "  --t-max T               start time, where the model is close to N(0, 1/beta) (default 5;\n"
    "                          flow 8)\n"
    "  --t-min T               end time (default 0.001; flow 0)\n"
    "  --grid geometric|uniform|exponential\n"
    "                          time grid (default geometric; flow exponential)\n"
    "  --corrector none|langevin|mala\n"
    "                          corrector moves after each step (default none; not with flow)\n"
    "  --corrector-steps M     corrector moves per step, 0..1000 (default 1)\n"
    "  --snr R                 corrector signal-to-noise ratio (default 0.1)\n"
    "  --no-denoise            leave out the final Tweedie denoising step (not with flow)\n"
    "  --no-guard              switch the tail guard off\n"
    "  --seed S                random seed, 0..2^64-1 (default 0)\n"
    "  --threads T             worker threads; 0 = all cores (default 0)\n"
    "  --tolerance E           flow only: local error tolerance, 1e-13..0.1 (default 1e-6)\n"
    "  --log-density LOGQ.npy  flow only: also write each sample's model log-density (N values)\n"
    "  -h, --help              this text\n";

const std::vector<OptionSpec> kOptions = {
    {"--number", "-n", true},        {"--output", "-o", true},       {"--sampler", nullptr, true},
    {"--steps", nullptr, true},      {"--t-max", nullptr, true},     {"--t-min", nullptr, true},
    {"--grid", nullptr, true},       {"--corrector", nullptr, true}, {"--corrector-steps", nullptr, true},
    {"--snr", nullptr, true},        {"--no-denoise", nullptr, false}, {"--no-guard", nullptr, false},
    {"--seed", nullptr, true},       {"--threads", nullptr, true},   {"--tolerance", nullptr, true},
    {"--log-density", nullptr, true},
};

constexpr int kFlow = 3;  // index of "flow" in the --sampler choices

// The n x d samples (and n log-densities with the flow) are held in memory before they are
// written: refuse, before allocating, a buffer beyond physical memory, naming its size, instead
// of failing with a bare "out of memory" (the library refuses its own working copy likewise).
void require_output_memory(int64_t n, int64_t dim, bool flow) {
    const double doubles = double(n) * double(dim + (flow ? 1 : 0));
    const double bytes = doubles * sizeof(double), memory = double(physical_memory_bytes());
    if (bytes <= memory) return;
    char count[32];
    std::snprintf(count, sizeof count, "%.3g", doubles);
    throw Failure(std::to_string(n) + " samples of dimension " + std::to_string(dim) + " need " +
                  readable_bytes(bytes) + " (n x d = " + count + " doubles" + (flow ? ", with their log-densities" : "") +
                  "), more than this machine's " + readable_bytes(memory) +
                  " of memory; draw them in batches, each with its own --seed");
}

}  // namespace

int run_sample(const std::vector<std::string> &args) {
    if (asks_for_help(args)) return print_usage(kUsage);
    const Arguments arguments(args, kOptions, "sample");
    arguments.require_positional({"MODEL"});
    const std::string model_path = arguments.positional()[0];
    const std::string out_path = arguments.required("--output", "-o OUT.npy");
    if (!arguments.has("--number")) throw UsageError("missing -n N");
    const int64_t n = *arguments.count("--number", 0, int64_t(1) << 40);
    const int sampler = arguments.choice("--sampler", {"sde", "heun", "euler", "flow"}).value_or(0);
    const bool flow = sampler == kFlow;
    if (flow) {
        for (const char *option : {"--corrector", "--corrector-steps", "--snr", "--no-denoise"})
            if (arguments.has(option))
                throw UsageError(std::string(option) + " does not apply to --sampler flow");
    } else {
        if (arguments.has("--log-density"))
            throw UsageError("--log-density needs --sampler flow (only the probability-flow ODE gives each "
                             "sample's exact log-density)");
        if (arguments.has("--tolerance")) throw UsageError("--tolerance applies only to --sampler flow");
    }

    ofdm_sample_options options;
    if (flow) {
        ofdm_flow_options_init(&options);
    } else {
        ofdm_sample_options_init(&options);
        const ofdm_sampler methods[] = {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_HEUN, OFDM_SAMPLER_ODE_EULER};
        options.method = methods[sampler];
        options.corrector = arguments.choice("--corrector", {"none", "langevin", "mala"}).value_or(options.corrector);
        options.corrector_steps = int32_t(arguments.integer("--corrector-steps", 0, 1000).value_or(options.corrector_steps));
        options.corrector_snr = arguments.real("--snr", 0.0, 1e100).value_or(options.corrector_snr);
        if (arguments.has("--no-denoise")) options.denoise = 0;
    }
    apply_common_sample_options(arguments, &options);
    std::vector<NamedFile> outputs = {{"-o", out_path}};
    if (arguments.has("--log-density")) outputs.push_back({"--log-density", *arguments.text("--log-density")});
    refuse_output_over_input({{"MODEL", model_path}}, outputs);

    const ModelHandle model = load_model(model_path);
    const int64_t dim = ofdm_model_dim(model.get());
    require_output_memory(n, dim, flow);
    Matrix samples;
    samples.rows = n;
    samples.cols = dim;
    samples.values.resize(size_t(n) * size_t(dim));
    samples.values.reserve(1);  // a non-NULL pointer even for n = 0
    Matrix log_density;
    log_density.rows = n;
    log_density.cols = 1;
    log_density.one_dimensional = true;

    ProgressBar progress("sample");
    options.progress = progress.callback();
    options.progress_data = progress.data();
    ofdm_sample_stats stats;
    ofdm_sample_stats_init(&stats);
    options.stats = &stats;
    const auto start = std::chrono::steady_clock::now();
    if (flow) {
        log_density.values.resize(size_t(n));
        log_density.values.reserve(1);
        check_status(ofdm_model_sample_flow(model.get(), n, &options, samples.values.data(), dim,
                                            log_density.values.data()),
                     "sampling");
    } else {
        check_status(ofdm_model_sample(model.get(), n, &options, samples.values.data(), dim), "sampling");
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    write_npy_file(out_path, samples);
    if (arguments.has("--log-density")) write_npy_file(*arguments.text("--log-density"), log_density);
    std::fprintf(stderr, "sample: %lld samples of dimension %lld, %.3f s, %lld guarded samples -> %s\n",
                 (long long)n, (long long)dim, seconds, (long long)stats.guarded_samples, out_path.c_str());
    return 0;
}

}  // namespace ofdm_cli

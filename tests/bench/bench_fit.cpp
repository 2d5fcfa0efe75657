// Fit throughput (DESIGN §3, "Scale"): for (a) d = 16, chain graph basis of degree 4, (b) d = 64,
// total degree 2, (c) d = 32, total degree 3, at n = 10^4, 10^5, 10^6 streamed in chunks of
// 10^4 rows: the moment count, K, the time of the two streamed passes (column statistics, then the
// BLAS-3 moment pass, on all cores) and the rate of the moment pass's products against OpenBLAS
// dgemm measured in the same run, the Galerkin assembly with the solve at t = 0 that building a
// model includes, one further per-time solve, and the peak resident memory.
//
// Each configuration runs in a child process (fork), so that its peak resident memory (VmHWM, a
// process-lifetime figure) is its own. Data are generated chunk by chunk from a counter-based
// generator, so the benchmark never holds more than one chunk: memory that grows with n would be
// the fit's. Figures are wall-clock on a shared machine: read the ratios, not the last digit.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "math/basis.h"
#include "math/column_statistics.h"
#include "model/fit.h"
#include "model/moment_accumulator.h"
#include "ofdm.h"

namespace {

constexpr int64_t kChunkRows = 10000;

struct Config {
    const char *name;
    int64_t dim;
    std::shared_ptr<const ofdm::Basis> (*make)();
};

std::shared_ptr<const ofdm::Basis> chain_degree_4() {
    std::vector<int64_t> edges;
    for (int64_t j = 0; j + 1 < 16; ++j) edges.insert(edges.end(), {j, j + 1});
    return std::make_shared<const ofdm::Basis>(ofdm::make_graph_basis(16, 4, edges.data(), 15));
}
std::shared_ptr<const ofdm::Basis> total_degree_2_in_64() {
    return std::make_shared<const ofdm::Basis>(ofdm::make_total_degree_basis(64, 2, 0));
}
std::shared_ptr<const ofdm::Basis> total_degree_3_in_32() {
    return std::make_shared<const ofdm::Basis>(ofdm::make_total_degree_basis(32, 3, 0));
}

// Rows [first, first + rows) of a non-Gaussian chain: x_j = 0.6 x_{j−1} + u_j with u_j a centred
// Irwin–Hall(3) variable (cheap, bounded, with non-zero fourth cumulant). Row i depends only on i.
void chunk_of_data(int64_t first, int64_t rows, int64_t d, std::vector<double> &x) {
    x.resize(size_t(rows * d));
    for (int64_t i = 0; i < rows; ++i) {
        bench::Random random{0x0fd1u + uint64_t(first + i) * 0x9e3779b97f4a7c15ull};
        double previous = 0.0;
        for (int64_t j = 0; j < d; ++j)
            previous = x[size_t(i * d + j)] =
                0.6 * previous + 2.0 * (random.uniform() + random.uniform() + random.uniform() - 1.5);
    }
}

struct Figures {
    int64_t moments, K, halves;
    double statistics, setup, pass, assembly, solve, flops_per_row, peak_mib, generation, dgemm;
    char error[160];
};

double peak_resident_mib() {
    FILE *status = std::fopen("/proc/self/status", "r");
    if (!status) return -1;
    char line[256];
    double kib = -1;
    while (std::fgets(line, sizeof line, status))
        if (std::strncmp(line, "VmHWM:", 6) == 0) kib = std::atof(line + 6);
    std::fclose(status);
    return kib / 1024.0;
}

// The streamed fit, as a caller with out-of-core data would run it.
Figures run(const Config &c, int64_t n) {
    Figures f{};
    try {
        std::shared_ptr<const ofdm::Basis> basis = c.make();
        const int64_t d = c.dim;
        std::vector<double> x;
        double generation = 0.0, start;
        ofdm::ColumnStatistics statistics(d);
        for (int64_t first = 0; first < n; first += kChunkRows) {
            start = bench::now();
            chunk_of_data(first, std::min(kChunkRows, n - first), d, x);
            generation += bench::now() - start;
            start = bench::now();
            statistics.add(x.data(), std::min(kChunkRows, n - first), d);
            f.statistics += bench::now() - start;
        }
        start = bench::now();
        ofdm::MomentAccumulator moments(basis, ofdm::standardization_map(statistics), 1.0);
        f.setup = bench::now() - start;  // the moment set and the pass's plan
        for (int64_t first = 0; first < n; first += kChunkRows) {
            start = bench::now();
            chunk_of_data(first, std::min(kChunkRows, n - first), d, x);
            generation += bench::now() - start;
            start = bench::now();
            moments.add(x.data(), std::min(kChunkRows, n - first), d);
            f.pass += bench::now() - start;
        }
        ofdm::FitSettings settings;
        settings.ridge = 1e-8;  // (c) at n = 10^4 is close to singular without one
        start = bench::now();
        const ofdm::Model model = ofdm::fit_model(moments, settings);
        f.assembly = bench::now() - start;
        start = bench::now();
        const std::vector<double> alpha = model.coefficients_at(0.5);
        f.solve = bench::now() - start;
        f.moments = moments.moment_count();
        f.K = basis->size();
        f.halves = moments.pass().half_count();
        f.flops_per_row = moments.pass().product_flops_per_row();
        f.generation = generation;
        f.peak_mib = peak_resident_mib();
        // The reference under the machine's load of this moment; after the peak is read, so that
        // its three 1024² matrices are not counted as the fit's.
        f.dgemm = bench::dgemm_gflops();
    } catch (const std::exception &e) {
        std::snprintf(f.error, sizeof f.error, "%s", e.what());
    }
    return f;
}

// Runs one configuration in a child process and returns its figures.
Figures run_in_child(const Config &c, int64_t n) {
    int channel[2];
    Figures f{};
    if (pipe(channel) != 0) {
        std::snprintf(f.error, sizeof f.error, "pipe failed");
        return f;
    }
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        close(channel[0]);
        const Figures result = run(c, n);
        const ssize_t wrote = write(channel[1], &result, sizeof result);
        _exit(wrote == ssize_t(sizeof result) ? 0 : 1);
    }
    close(channel[1]);
    size_t got = 0;
    while (got < sizeof f) {
        const ssize_t r = read(channel[0], reinterpret_cast<char *>(&f) + got, sizeof f - got);
        if (r <= 0) break;
        got += size_t(r);
    }
    close(channel[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (got != sizeof f) std::snprintf(f.error, sizeof f.error, "the child process failed (status %d)", status);
    return f;
}

}  // namespace

int main(int argc, char **argv) {
    // `bench_fit c` runs one configuration only (a, b or c).
    const char *only = argc > 1 ? argv[1] : nullptr;
    const double dgemm = bench::dgemm_gflops();
    std::printf("ofdm %s fit benchmark (%ld cores)\nOpenBLAS dgemm (1024^3): %.1f GFLOP/s\n", ofdm_version_string(),
                sysconf(_SC_NPROCESSORS_ONLN), dgemm);
    std::printf("Streamed in chunks of %lld rows: pass 1 column statistics; set-up = moment set + plan of the "
                "BLAS-3 pass;\npass 2 = moments, on all cores; model = Galerkin assembly + solve at t = 0 (ridge "
                "1e-8); solve = one more per-time solve.\nGFLOP/s: the moment pass's dgemm/dsyrk products over "
                "its wall time, and as %% of a dgemm\nmeasured right after the fit in the same process (the machine may be shared). fit = pass 1 + set-up + pass 2 + model.\nData generation (not "
                "timed) in brackets.\n\n",
                (long long)kChunkRows);
    const Config configs[] = {{"(a) d = 16, chain graph, degree 4", 16, chain_degree_4},
                              {"(b) d = 64, total degree 2", 64, total_degree_2_in_64},
                              {"(c) d = 32, total degree 3", 32, total_degree_3_in_32}};
    for (int u = 0; u < 3; ++u) {
        if (only && only[0] != "abc"[u]) continue;
        const Config &c = configs[u];
        std::printf("%s\n", c.name);
        std::printf("  %8s %9s %9s %9s %9s %9s %9s %9s %9s %9s   %s\n", "n", "pass 1 s", "set-up s", "pass 2 s",
                    "GFLOP/s", "% dgemm", "model s", "fit s", "solve s", "peak MiB", "(generation s)");
        double first_fit = 0.0, first_pass = 0.0, first_peak = 0.0;
        for (int64_t n : {int64_t(10000), int64_t(100000), int64_t(1000000)}) {
            const Figures f = run_in_child(c, n);
            if (f.error[0]) {
                std::printf("  %8lld failed: %s\n", (long long)n, f.error);
                continue;
            }
            if (n == 10000) {
                std::printf("  moments %lld, K = %lld, halves %lld, products %.0f flop per sample (%.2f per moment)\n",
                            (long long)f.moments, (long long)f.K, (long long)f.halves, f.flops_per_row,
                            f.flops_per_row / 2.0 / double(f.moments));
            }
            const double gflops = f.flops_per_row * double(n) / f.pass * 1e-9;
            const double fit = f.statistics + f.setup + f.pass + f.assembly;
            std::printf("  %8lld %9.3f %9.3f %9.3f %9.2f %8.0f%% %9.3f %9.3f %9.3f %9.1f   (%.2f)\n", (long long)n,
                        f.statistics, f.setup, f.pass, gflops, 100.0 * gflops / f.dgemm, f.assembly, fit, f.solve,
                        f.peak_mib, f.generation);
            if (n == 10000) first_fit = fit, first_pass = f.pass, first_peak = f.peak_mib;
            else if (first_fit > 0)
                std::printf("  %8s fit time x%.2f, moment pass x%.2f for x%lld samples; peak memory %+.1f MiB\n", "",
                            fit / first_fit, f.pass / first_pass, (long long)(n / 10000), f.peak_mib - first_peak);
        }
        std::printf("\n");
    }
    return 0;
}

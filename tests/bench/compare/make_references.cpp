// Reference samples for `make compare` (tests/bench/compare/run.py): the Boltzmann densities of
// the comparison — the Ginzburg–Landau chain at d = 16 and 64 (DESIGN §4: λ = 0.03, β = 1/8,
// h = 1/(d+1), Dirichlet ends) and the 8×8 lattice φ⁴ model (κ = 0.32, λ_φ = 0.5) — drawn by the
// project's own MALA + Wolff sampler (tests/support/boltzmann.h), with the settings measured there
// to mix well. Two independent runs (different seeds) per target: a training set and a held-out
// set, each 64 chains × 313 kept states = 20 032 samples, written as float64 .npy files.
//
//     make_references OUTDIR      writes OUTDIR/{gl16,gl64,phi4}_{train,heldout}.npy
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "support/boltzmann.h"

namespace {

using ofdm::testing::BoltzmannTarget;
using ofdm::testing::MalaOptions;
using ofdm::testing::MalaRun;

// NumPy format version 1.0: magic, header length, a Python-literal dict padded so that the data
// start on a 64-byte boundary, then the values (little-endian float64, C order).
bool write_npy(const std::string &path, const std::vector<double> &values, int64_t rows, int64_t columns) {
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " +
                         std::to_string(columns) + "), }";
    const size_t preamble = 10;  // magic (6) + version (2) + header length (2)
    size_t total = preamble + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    FILE *file = std::fopen(path.c_str(), "wb");
    if (!file) return false;
    const unsigned char magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    const unsigned char length[2] = {static_cast<unsigned char>(header.size() & 0xff),
                                     static_cast<unsigned char>(header.size() >> 8)};
    bool ok = std::fwrite(magic, 1, 8, file) == 8 && std::fwrite(length, 1, 2, file) == 2 &&
              std::fwrite(header.data(), 1, header.size(), file) == header.size() &&
              std::fwrite(values.data(), sizeof(double), values.size(), file) == values.size();
    // x86-64 and aarch64 are little-endian, as '<f8' declares.
    return std::fclose(file) == 0 && ok;
}

bool write_pair(const std::string &outdir, const std::string &name, const BoltzmannTarget &target,
                MalaOptions options) {
    const char *split[2] = {"train", "heldout"};
    for (int s = 0; s < 2; ++s) {
        options.seed = 1000 + uint64_t(s);  // independent runs: train and held-out share no chain
        MalaRun run = ofdm::testing::run_mala(target, options);
        std::string path = outdir + "/" + name + "_" + split[s] + ".npy";
        if (!write_npy(path, run.samples, run.chains * run.samples_per_chain, run.d)) {
            std::fprintf(stderr, "make_references: cannot write %s\n", path.c_str());
            return false;
        }
        std::printf("%-8s %-7s %6lld × %-3lld  <V> = %9.3f ± %.3f  tau(V) %.2f  tau(|M|) %.2f  %.1f s\n",
                    name.c_str(), split[s], static_cast<long long>(run.chains * run.samples_per_chain),
                    static_cast<long long>(run.d), run.energy_estimate.mean, run.energy_estimate.standard_error,
                    run.energy_estimate.tau, run.abs_magnetization_estimate.tau, run.seconds);
    }
    return true;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    const std::string outdir = argv[1];
    MalaOptions options;
    options.cluster_interval = 5;

    options.thin = 100;  // boltzmann.h: GL d = 16, thin 100, cluster_interval 5: τ_int ≈ 1
    if (!write_pair(outdir, "gl16", ofdm::testing::GinzburgLandauChain(16), options)) return 1;
    options.thin = 50;   // GL d = 64, thin 50: τ_int ≈ 1.5
    if (!write_pair(outdir, "gl64", ofdm::testing::GinzburgLandauChain(64), options)) return 1;
    options.thin = 25;   // φ⁴ 8×8 at κ = 0.32, thin 25: τ_int(|M|) ≈ 2.4
    if (!write_pair(outdir, "phi4", ofdm::testing::Phi4Lattice(8, 0.32, 0.5), options)) return 1;
    return 0;
}

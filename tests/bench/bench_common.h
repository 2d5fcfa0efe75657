// Shared by the benchmarks: a wall clock, the machine's dgemm rate (the reference every figure is
// compared with), and reproducible data.
#pragma once

#include <cblas.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

namespace bench {

inline double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Best of three 1024³ OpenBLAS dgemm runs, in GFLOP/s, with OpenBLAS's own threads.
inline double dgemm_gflops() {
    const int n = 1024;
    std::vector<double> a(size_t(n) * n, 1.0 / 3), b(size_t(n) * n, 2.0 / 7), c(size_t(n) * n, 0.0);
    double best = INFINITY;
    for (int r = 0; r < 3; ++r) {
        const double start = now();
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a.data(), n, b.data(), n, 0.0, c.data(), n);
        best = std::min(best, now() - start);
    }
    return 2.0 * n * double(n) * n / best * 1e-9;
}

// splitmix64 + Box–Muller.
struct Random {
    uint64_t state;
    double uniform() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return (double((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0;
    }
    double normal() {
        const double radius = std::sqrt(-2.0 * std::log(uniform()));  // drawn first: operand order is unspecified
        return radius * std::cos(6.283185307179586 * uniform());
    }
};

}  // namespace bench

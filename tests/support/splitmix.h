// splitmix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
// 2014) with Box–Muller normals, header-only, for the generators that write test inputs: the
// golden model files (tests/golden/make_golden.cpp) and the fuzzers' seeds
// (tests/fuzz/make_seed_models.cpp). The golden files were written with exactly this sequence of
// operations: changing any of them changes their training data, so it must not change.
#pragma once

#include <cmath>
#include <cstdint>

namespace ofdm::testing {

struct SplitMix64 {
    uint64_t state;

    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    // In (0, 1): the top 53 bits, centred in their interval, so neither end is reached.
    double uniform() { return (double(next() >> 11) + 0.5) / 9007199254740992.0; }

    double normal() {
        const double radius = std::sqrt(-2.0 * std::log(uniform()));  // drawn first: operand order is unspecified
        return radius * std::cos(6.283185307179586 * uniform());
    }
};

}  // namespace ofdm::testing

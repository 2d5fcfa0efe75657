// A counter-based generator (Philox4x32-10, Salmon et al., SC'11): the random numbers of sample i
// are a pure function of (seed, i, draw number), so a sample set is identical whatever the
// thread count or the order in which samples are computed (DESIGN §3).
#pragma once

#include <cstdint>

namespace ofdm {

// The Philox4x32-10 bijection of a 128-bit counter under a 64-bit key.
void philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]);

// The stream of sample `sample_index`: block b is philox(counter = (index, b), key = seed).
class SampleRandom {
public:
    SampleRandom(uint64_t seed, uint64_t sample_index) : key_{uint32_t(seed), uint32_t(seed >> 32)}, index_(sample_index) {}

    // Fills out[0..count) with independent standard normals (Box–Muller on 53-bit uniforms).
    void normals(double *out, int64_t count);
    // One uniform in (0, 1).
    double uniform();

private:
    void block(uint32_t out[4]);  // the next four 32-bit words of this sample's stream
    uint32_t key_[2];
    uint64_t index_;
    uint64_t counter_ = 0;
};

}  // namespace ofdm

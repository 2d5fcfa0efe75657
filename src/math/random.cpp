#include "random.h"

#include <cmath>

namespace ofdm {

namespace {

constexpr uint32_t kMultiplier0 = 0xD2511F53u, kMultiplier1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;

inline void multiply(uint32_t a, uint32_t b, uint32_t &hi, uint32_t &lo) {
    const uint64_t product = uint64_t(a) * b;
    hi = uint32_t(product >> 32);
    lo = uint32_t(product);
}

// 53 random bits to a double in (0, 1): never 0, so log() is safe.
inline double to_unit(uint32_t hi, uint32_t lo) {
    const uint64_t bits = (uint64_t(hi) << 21) ^ (lo >> 11);
    return (double(bits & ((uint64_t(1) << 53) - 1)) + 0.5) / 9007199254740992.0;
}

}  // namespace

void philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]) {
    uint32_t c[4] = {counter[0], counter[1], counter[2], counter[3]};
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; ++round) {
        uint32_t hi0, lo0, hi1, lo1;
        multiply(kMultiplier0, c[0], hi0, lo0);
        multiply(kMultiplier1, c[2], hi1, lo1);
        const uint32_t next[4] = {hi1 ^ c[1] ^ k0, lo1, hi0 ^ c[3] ^ k1, lo0};
        c[0] = next[0], c[1] = next[1], c[2] = next[2], c[3] = next[3];
        k0 += kWeyl0;
        k1 += kWeyl1;
    }
    out[0] = c[0], out[1] = c[1], out[2] = c[2], out[3] = c[3];
}

void SampleRandom::block(uint32_t out[4]) {
    const uint32_t counter[4] = {uint32_t(index_), uint32_t(index_ >> 32), uint32_t(counter_), uint32_t(counter_ >> 32)};
    ++counter_;
    philox4x32_10(counter, key_, out);
}

double SampleRandom::uniform() {
    uint32_t words[4];
    block(words);
    return to_unit(words[0], words[1]);
}

void SampleRandom::normals(double *out, int64_t count) {
    for (int64_t i = 0; i < count; i += 2) {
        uint32_t words[4];
        block(words);
        const double radius = std::sqrt(-2.0 * std::log(to_unit(words[0], words[1])));
        const double angle = 2.0 * M_PI * to_unit(words[2], words[3]);
        out[i] = radius * std::cos(angle);
        if (i + 1 < count) out[i + 1] = radius * std::sin(angle);
    }
}

}  // namespace ofdm

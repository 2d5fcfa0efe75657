// FNV-1a 64 over exact bits: the fingerprint that ties an exported moments or statistics array
// (ofdm_moments_export) to the basis, β and coordinates it was made for, so that an array of
// another model is refused on import rather than silently mixed in. Not a cryptographic hash: it
// guards against mistakes, not against forgery.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "basis.h"

namespace ofdm {

struct Fingerprint {
    uint64_t state = 1469598103934665603ull;

    void bytes(const void *data, size_t size) {
        const unsigned char *p = static_cast<const unsigned char *>(data);
        for (size_t i = 0; i < size; ++i) state = (state ^ p[i]) * 1099511628211ull;
    }
    void word(int64_t value) { bytes(&value, sizeof value); }
    void number(double value) { bytes(&value, sizeof value); }  // the exact bits
    // The dimension and every multi-index, in order.
    void basis(const Basis &b) {
        word(b.dim());
        word(b.size());
        for (int64_t k = 0; k < b.size(); ++k) {
            word(b[k].count);
            for (const IndexEntry &e : b[k]) word(int64_t(e.coord) << 32 | int64_t(e.power));
        }
    }
};

// An exported array carries a fingerprint as two doubles, its high and low 32 bits: exact
// integers, so that they survive MPI_MIN and every text or binary round trip of doubles.
inline void fingerprint_to_words(uint64_t fingerprint, double *words) {
    words[0] = double(fingerprint >> 32);
    words[1] = double(fingerprint & 0xffffffffull);
}

// Reads two words written by fingerprint_to_words; false when they are not two whole numbers in
// [0, 2^32).
inline bool fingerprint_from_words(const double *words, uint64_t *fingerprint) {
    for (int u = 0; u < 2; ++u)
        if (!(words[u] >= 0 && words[u] < 4294967296.0 && words[u] == std::floor(words[u]))) return false;
    *fingerprint = uint64_t(words[0]) << 32 | uint64_t(words[1]);
    return true;
}

}  // namespace ofdm

// Products of basis functions as sums of basis functions (DESIGN §1):
//   φ_a φ_b = Σ_m C^m_ab φ_m,  coordinate-wise ψ_a ψ_b = Σ_r c(a,b,r) ψ_{a+b−2r}.
// This is the one place that walks such an expansion; moment collection and the Galerkin
// assembly both call it.
#pragma once

#include <algorithm>
#include <vector>

#include "hermite.h"
#include "multi_index.h"

namespace ofdm {

// Reusable buffers so the hot loop does not allocate.
struct ProductScratch {
    std::vector<int32_t> coord, power_a, power_b, r;
    std::vector<IndexEntry> term;
};

// Calls emit(IndexView m, double coefficient) once for each term of φ_a φ_b. Coordinates where
// only one factor is non-zero contribute a single power; where both are, every r = 0..min.
template <class Emit>
void for_each_product_term(IndexView a, IndexView b, ProductScratch &s, Emit &&emit) {
    s.coord.clear();
    s.power_a.clear();
    s.power_b.clear();
    int32_t i = 0, j = 0;
    while (i < a.count || j < b.count) {
        const bool take_a = j == b.count || (i < a.count && a.entries[i].coord <= b.entries[j].coord);
        const bool take_b = i == a.count || (j < b.count && b.entries[j].coord <= a.entries[i].coord);
        s.coord.push_back(take_a ? a.entries[i].coord : b.entries[j].coord);
        s.power_a.push_back(take_a ? a.entries[i++].power : 0);
        s.power_b.push_back(take_b ? b.entries[j++].power : 0);
    }
    const size_t n = s.coord.size();
    s.r.assign(n, 0);
    for (;;) {
        s.term.clear();
        double coefficient = 1.0;
        for (size_t u = 0; u < n; ++u) {
            const int32_t power = s.power_a[u] + s.power_b[u] - 2 * s.r[u];
            if (power > 0) s.term.push_back({s.coord[u], power});
            if (s.power_a[u] > 0 && s.power_b[u] > 0)
                coefficient *= linearization_coefficient(s.power_a[u], s.power_b[u], s.r[u]);
        }
        emit(IndexView{s.term.data(), int32_t(s.term.size())}, coefficient);
        size_t u = 0;  // next r, as a mixed-radix counter over the shared coordinates
        for (; u < n; ++u) {
            if (s.r[u] < std::min(s.power_a[u], s.power_b[u])) {
                ++s.r[u];
                break;
            }
            s.r[u] = 0;
        }
        if (u == n) return;
    }
}

}  // namespace ofdm

// The terms of one Galerkin entry (DESIGN §1) before the moments are put in:
//   G_kl(t) = β Σ_j sqrt(k_j l_j) E_{p_t}[φ_{k−e_j} φ_{l−e_j}] = β Σ_m w_m e^{−|m| t} μ_m,
// summed over the coordinates j both supports share, with φ_{k−e_j} φ_{l−e_j} linearized
// (linearization.h). galerkin.cpp walks every pair of a basis with it; the adaptive basis
// (src/model/adaptive_basis.cpp) walks the pairs of a candidate with the kept functions.
#pragma once

#include <cmath>
#include <vector>

#include "linearization.h"
#include "multi_index.h"

namespace ofdm {

// Reusable buffers of the walk.
struct GradientScratch {
    std::vector<IndexEntry> a, b;
    ProductScratch product;
};

// Calls emit(IndexView m, double root, double coefficient) for every term of G_kl / β: for each
// shared coordinate j, every term C^m of φ_{k−e_j} φ_{l−e_j}, with root = sqrt(k_j l_j), so
// that G_kl = β Σ root · C^m · μ_m e^{−|m| t} (a moment m may come more than once). No call when
// the supports are disjoint (G_kl = 0).
template <class Emit>
void for_each_gradient_term(IndexView k, IndexView l, GradientScratch &s, Emit &&emit) {
    int32_t p = 0, q = 0;
    while (p < k.count && q < l.count) {
        if (k.entries[p].coord < l.entries[q].coord) { ++p; continue; }
        if (l.entries[q].coord < k.entries[p].coord) { ++q; continue; }
        s.a.assign(k.begin(), k.end());
        s.b.assign(l.begin(), l.end());
        // Lower the power on j; drop the entry when it reaches zero.
        if (--s.a[size_t(p)].power == 0) s.a.erase(s.a.begin() + p);
        if (--s.b[size_t(q)].power == 0) s.b.erase(s.b.begin() + q);
        const double root = std::sqrt(double(k.entries[p].power) * double(l.entries[q].power));
        for_each_product_term(IndexView{s.a.data(), int32_t(s.a.size())}, IndexView{s.b.data(), int32_t(s.b.size())},
                              s.product, [&](IndexView m, double coefficient) { emit(m, root, coefficient); });
        ++p;
        ++q;
    }
}

}  // namespace ofdm

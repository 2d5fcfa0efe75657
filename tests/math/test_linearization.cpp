// for_each_product_term: φ_a φ_b = Σ_m C^m_ab φ_m holds pointwise, for multi-indices that share
// some coordinates and not others.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "math/hermite.h"
#include "math/linearization.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

double phi(IndexView index, const std::vector<double> &y) {
    double value = 1.0;
    std::vector<double> psi(2 * 64 + 1);
    for (const IndexEntry &e : index) {
        hermite_values(y[size_t(e.coord)], e.power, psi.data());
        value *= psi[size_t(e.power)];
    }
    return value;
}

TEST(Linearization, ProductExpansionHoldsPointwise) {
    const std::vector<std::vector<IndexEntry>> cases[] = {
        {{{0, 2}, {2, 1}}, {{0, 3}, {1, 1}}},        // share coordinate 0
        {{{1, 4}}, {{1, 4}}},                        // same univariate
        {{{0, 1}}, {{3, 2}}},                        // disjoint supports: φ_a φ_b = φ_{a+b}
        {{{0, 2}, {1, 3}, {3, 1}}, {{0, 1}, {1, 2}, {2, 5}}},
        {{}, {{2, 3}}},                              // the constant times φ_b
    };
    testing::Random random(7);
    ProductScratch scratch;
    for (const auto &pair : cases) {
        const IndexView a{pair[0].data(), int32_t(pair[0].size())};
        const IndexView b{pair[1].data(), int32_t(pair[1].size())};
        for (int trial = 0; trial < 5; ++trial) {
            std::vector<double> y(4);
            for (double &v : y) v = 1.5 * random.normal();
            double expanded = 0.0, magnitude = 0.0;
            int terms = 0;
            for_each_product_term(a, b, scratch, [&](IndexView m, double coefficient) {
                const double term = coefficient * phi(m, y);
                expanded += term;
                magnitude += std::fabs(term);
                ++terms;
                for (int32_t u = 1; u < m.count; ++u) ASSERT_LT(m.entries[u - 1].coord, m.entries[u].coord);
            });
            EXPECT_GT(terms, 0);
            // Rounding of a sum of `terms` products: relative to the sum of magnitudes.
            EXPECT_NEAR(expanded, phi(a, y) * phi(b, y), 1e-13 * std::max(1.0, magnitude));
        }
    }
}

TEST(Linearization, TermCountIsProductOfSharedRanges) {
    // Coordinates 0 and 1 are shared with min powers 1 and 2: (1+1)·(2+1) = 6 terms.
    const std::vector<IndexEntry> a = {{0, 1}, {1, 2}}, b = {{0, 3}, {1, 2}, {4, 1}};
    ProductScratch scratch;
    int terms = 0;
    for_each_product_term({a.data(), 2}, {b.data(), 3}, scratch, [&](IndexView, double) { ++terms; });
    EXPECT_EQ(terms, 6);
}

}  // namespace
}  // namespace ofdm

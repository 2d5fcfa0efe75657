// The counter-based generator: Philox4x32-10 known answers, and normals with the right moments.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "math/random.h"

namespace ofdm {
namespace {

// Random123's tests/kat_vectors, the three "philox4x32 10" lines (counter[4] key[2] → out[4]).
TEST(Philox, KnownAnswers) {
    const uint32_t cases[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d, 0x41c83b0e, 0xa20bc7c6,
         0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420,
         0x24126ea1}};
    for (const auto &c : cases) {
        uint32_t out[4];
        philox4x32_10(c, c + 4, out);
        for (int i = 0; i < 4; ++i) EXPECT_EQ(out[i], c[6 + i]) << "word " << i;
    }
}

TEST(SampleRandom, StreamsDependOnlyOnSeedAndIndex) {
    SampleRandom a(42, 7), b(42, 7), c(42, 8), e(43, 7);
    std::vector<double> x(9), y(9), z(9), w(9);
    a.normals(x.data(), 9);
    b.normals(y.data(), 9);
    c.normals(z.data(), 9);
    e.normals(w.data(), 9);
    EXPECT_EQ(x, y);
    EXPECT_NE(x, z);
    EXPECT_NE(x, w);
}

TEST(SampleRandom, NormalsHaveUnitVarianceAndNoCorrelationAcrossIndices) {
    // 2·10^5 draws: the mean is within 4/sqrt(n) ≈ 0.009, the variance within 4·sqrt(2/n) ≈ 0.013
    // and the lag correlation between neighbouring sample indices within 0.009 of zero.
    const int64_t n = 200000;
    double sum = 0, sum2 = 0, cross = 0, previous = 0;
    for (int64_t i = 0; i < n; ++i) {
        SampleRandom random(1, uint64_t(i));
        double v;
        random.normals(&v, 1);
        sum += v;
        sum2 += v * v;
        cross += v * previous;
        previous = v;
    }
    EXPECT_NEAR(sum / n, 0.0, 4.0 / std::sqrt(double(n)));
    EXPECT_NEAR(sum2 / n, 1.0, 4.0 * std::sqrt(2.0 / double(n)));
    EXPECT_NEAR(cross / n, 0.0, 4.0 / std::sqrt(double(n)));
}

}  // namespace
}  // namespace ofdm

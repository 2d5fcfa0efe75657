// Column statistics rebuilt from their summary (count, mean, M2), as an imported statistics
// array rebuilds them: the same values back bit for bit, further chunks and merges as precise as
// before (the mean becomes the origin), and inconsistent summaries refused naming the column.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "math/column_statistics.h"
#include "math/error.h"

namespace ofdm {
namespace {

// n rows of 2 columns: a + spread · (a fixed pseudo-random pattern in [−1, 1]).
std::vector<double> rows(int64_t n, double offset, double spread, int seed) {
    std::vector<double> x(size_t(2 * n));
    uint64_t state = 0x9e3779b97f4a7c15ull * uint64_t(seed + 1);
    for (double &v : x) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        v = offset + spread * (double(state >> 11) / 4503599627370496.0 - 1.0);
    }
    return x;
}

bool same_bits(const std::vector<double> &a, const std::vector<double> &b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(ColumnStatistics, FromSummaryGivesBackTheSameValuesBitForBit) {
    const std::vector<double> x = rows(500, 3.0, 2.0, 1);
    ColumnStatistics original(2);
    for (int64_t first = 0; first < 500; first += 7) original.add(x.data() + 2 * first, std::min<int64_t>(7, 500 - first), 2);
    const ColumnStatistics rebuilt =
        ColumnStatistics::from_summary(original.count(), original.mean(), original.squared_deviations());
    EXPECT_EQ(rebuilt.count(), 500);
    EXPECT_TRUE(same_bits(rebuilt.mean(), original.mean()));
    EXPECT_TRUE(same_bits(rebuilt.squared_deviations(), original.squared_deviations()));
    EXPECT_TRUE(same_bits(rebuilt.standard_deviation(), original.standard_deviation()));
    // A mean of −0 stays −0 (the origin's residual is −0, not +0).
    const ColumnStatistics signed_zero = ColumnStatistics::from_summary(2, {-0.0, 1.0}, {1.0, 1.0});
    EXPECT_TRUE(std::signbit(signed_zero.mean()[0]));
    // No samples: zeros, and the first chunk then sets the origin as in a new object.
    ColumnStatistics empty = ColumnStatistics::from_summary(0, {0.0, 0.0}, {0.0, 0.0}), fresh(2);
    empty.add(x.data(), 100, 2);
    fresh.add(x.data(), 100, 2);
    EXPECT_TRUE(same_bits(empty.mean(), fresh.mean()));
    EXPECT_TRUE(same_bits(empty.squared_deviations(), fresh.squared_deviations()));
}

// Data at 1e4 ± 1: merging rebuilt halves must keep the precision relative to the spread, as
// merging the originals does. Tolerance: each merge rounds the mean at ~1e-16 of the offset
// (the rebuilt mean is one double) and M2 at ~1e-16 relative; 1e-12 of the spread leaves margin
// yet fails for Σx² − n·mean², which loses all digits here (1e8 · 1e-16 · n ≈ 1e-5 of M2).
TEST(ColumnStatistics, RebuiltStatisticsMergeAsPreciselyAsTheOriginals) {
    const int64_t n = 4000;
    const std::vector<double> x = rows(n, 1e4, 1.0, 2);
    ColumnStatistics whole(2), left(2), right(2);
    whole.add(x.data(), n, 2);
    left.add(x.data(), n / 2, 2);
    right.add(x.data() + n, n / 2, 2);
    ColumnStatistics merged = ColumnStatistics::from_summary(left.count(), left.mean(), left.squared_deviations());
    merged.merge(ColumnStatistics::from_summary(right.count(), right.mean(), right.squared_deviations()));
    ASSERT_EQ(merged.count(), n);
    for (size_t j = 0; j < 2; ++j) {
        const double spread = whole.standard_deviation()[j];
        EXPECT_NEAR(merged.mean()[j], whole.mean()[j], 1e-12 * spread + 1e-15 * 1e4);
        EXPECT_NEAR(merged.squared_deviations()[j], whole.squared_deviations()[j],
                    1e-12 * whole.squared_deviations()[j]);
    }
    // Adding a chunk to rebuilt statistics: the same as adding it to the originals.
    ColumnStatistics continued = ColumnStatistics::from_summary(left.count(), left.mean(), left.squared_deviations());
    continued.add(x.data() + n, n / 2, 2);
    for (size_t j = 0; j < 2; ++j)
        EXPECT_NEAR(continued.squared_deviations()[j], whole.squared_deviations()[j],
                    1e-12 * whole.squared_deviations()[j]);
}

// Σ values, compensated (Neumaier): the reference sums below, accurate to ~1 ulp of the total.
// (Not long double: valgrind computes it in double precision.)
double compensated_sum(const std::vector<double> &values) {
    double sum = 0.0, compensation = 0.0;
    for (double v : values) {
        const double t = sum + v;
        compensation += std::fabs(sum) >= std::fabs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }
    return sum + compensation;
}

// One sample at a time (Welford's update) rounds n times; the compensated running sums keep the
// mean within a few ulps of the spread and M2 within a few ulps, as one two-pass chunk does.
// Reference: two compensated passes. Tolerance 1e-15: uncompensated, the drift over n = 20 000
// merges is ~sqrt(n) · 1e-16 ≈ 1e-14.
TEST(ColumnStatistics, ChunksOfOneAreAsPreciseAsOneChunk) {
    const int64_t n = 20000;
    const std::vector<double> x = rows(n, 3.0, 2.0, 3);
    ColumnStatistics one_by_one(2);
    for (int64_t i = 0; i < n; ++i) one_by_one.add(x.data() + 2 * i, 1, 2);
    for (size_t j = 0; j < 2; ++j) {
        std::vector<double> column(static_cast<size_t>(n)), squares(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) column[size_t(i)] = x[2 * size_t(i) + j];
        const double mean = compensated_sum(column) / double(n);
        for (int64_t i = 0; i < n; ++i) squares[size_t(i)] = (column[size_t(i)] - mean) * (column[size_t(i)] - mean);
        const double m2 = compensated_sum(squares), spread = std::sqrt(m2 / double(n));
        EXPECT_NEAR(one_by_one.mean()[j], mean, 1e-15 * spread + 4e-16 * std::fabs(mean));
        EXPECT_NEAR(one_by_one.squared_deviations()[j], m2, 1e-15 * m2);
    }
}

TEST(ColumnStatistics, InconsistentSummariesAreRefusedNamingTheColumn) {
    auto status_of = [](auto &&make) {
        try {
            make();
        } catch (const Error &e) {
            return std::make_pair(e.status(), std::string(e.what()));
        }
        return std::make_pair(OFDM_OK, std::string());
    };
    auto refused = status_of([] { ColumnStatistics::from_summary(10, {0.0, 1.0}, {1.0, -2.0}); });
    EXPECT_EQ(refused.first, OFDM_ERR_INVALID_ARGUMENT);
    EXPECT_NE(refused.second.find("column 1"), std::string::npos) << refused.second;
    refused = status_of([] { ColumnStatistics::from_summary(10, {NAN, 1.0}, {1.0, 2.0}); });
    EXPECT_NE(refused.second.find("column 0"), std::string::npos) << refused.second;
    refused = status_of([] { ColumnStatistics::from_summary(0, {0.0, 1.0}, {0.0, 0.0}); });
    EXPECT_NE(refused.second.find("no samples"), std::string::npos) << refused.second;
    refused = status_of([] { ColumnStatistics::from_summary(-1, {0.0}, {0.0}); });
    EXPECT_NE(refused.second.find("negative"), std::string::npos) << refused.second;
    refused = status_of([] { ColumnStatistics::from_summary(3, {0.0}, {0.0, 1.0}); });
    EXPECT_EQ(refused.first, OFDM_ERR_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace ofdm

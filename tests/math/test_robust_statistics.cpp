// Robust statistics of data columns (math/robust_statistics.h): medians, MAD scales and outlier
// rows against values worked out by hand, the cut applied strictly, and no false positive on a
// million Gaussian rows.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "math/robust_statistics.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

TEST(RobustStatistics, MedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes) {
    std::vector<double> scratch;
    const double odd[] = {3.0, 1.0, 2.0}, even[] = {4.0, 1.0, 3.0, 2.0};
    EXPECT_EQ(median(odd, 3, 1, scratch), 2.0);
    EXPECT_EQ(median(even, 4, 1, scratch), 2.5);
    // Column 1 of a 3 × 2 row-major array: 10, 30, 20.
    const double table[] = {0.0, 10.0, 0.0, 30.0, 0.0, 20.0};
    EXPECT_EQ(median(table + 1, 3, 2, scratch), 20.0);
    // Halves are added, so the largest doubles do not overflow.
    const double huge[] = {1.5e308, 1.7e308};
    EXPECT_EQ(median(huge, 2, 1, scratch), 1.6e308);
}

TEST(RobustStatistics, ScaleIsTheMadTimes1Point4826) {
    std::vector<double> scratch;
    // Median 3; deviations 2, 1, 0, 1, 97, whose median is 1: the 97 does not move it.
    const double values[] = {1.0, 2.0, 3.0, 4.0, 100.0};
    const RobustScale s = robust_scale(values, 5, 1, scratch);
    EXPECT_EQ(s.median, 3.0);
    EXPECT_EQ(s.scale, kMadToStandardDeviation);
    EXPECT_NEAR(kMadToStandardDeviation, 1.0 / 0.6744897501960817, 1e-15);  // 1 / Φ⁻¹(3/4)
}

TEST(RobustStatistics, AZeroMadFallsBackToTheMeanAbsoluteDeviation) {
    std::vector<double> scratch;
    // Four of six values equal the median 0, so the MAD is 0; the mean |deviation| is 6/6 = 1
    // (added as 1/6 + 5/6: rounding only, within 2 ulps).
    const double values[] = {0.0, 5.0, 0.0, 1.0, 0.0, 0.0};
    const RobustScale s = robust_scale(values, 6, 1, scratch);
    EXPECT_EQ(s.median, 0.0);
    EXPECT_DOUBLE_EQ(s.scale, kMeanDeviationToStandardDeviation);
    EXPECT_NEAR(kMeanDeviationToStandardDeviation, std::sqrt(M_PI / 2.0), 1e-15);
    // All values equal: scale 0, and the column flags no row.
    const double constant[] = {7.0, 7.0, 7.0};
    EXPECT_EQ(robust_scale(constant, 3, 1, scratch).scale, 0.0);
    EXPECT_EQ(find_outlier_rows(constant, 3, 1, 1).count(), 0);
    // 60 zeros, 39 ones and one 1000: MAD 0, scale 1.2533 · 1039/100 = 13.0, so the 1000 is
    // 76.8 units out and the ones 0.08.
    std::vector<double> counts(100, 0.0);
    for (int i = 60; i < 99; ++i) counts[size_t(i)] = 1.0;
    counts[99] = 1000.0;
    const OutlierRows outliers = find_outlier_rows(counts.data(), 100, 1, 1);
    ASSERT_EQ(outliers.count(), 1);
    EXPECT_EQ(outliers.rows[0], 99);
    EXPECT_NEAR(outliers.first_distance, 1000.0 / (kMeanDeviationToStandardDeviation * 10.39), 1e-12 * 76.8);
}

TEST(RobustStatistics, OutlierRowsAreThoseBeyondTwentyRobustUnitsInSomeColumn) {
    // Column 0: 1..9 with row 7 replaced; median 5 and MAD 2 (deviations 4 3 2 1 0 1 2 · 4) either
    // way, so the scale is 2 · 1.4826 and the cut lies at 5 + 40 · 1.4826 = 64.30.
    // Column 1: 0, 1, −1000, 2, 1, 0, 1, 2, 0: median 1, deviations 1 0 1001 1 0 1 0 1 1, MAD 1.
    std::vector<double> x = {1, 0, 2, 1, 3, -1000, 4, 2, 5, 1, 6, 0, 7, 1, 8, 2, 9, 0};
    x[2 * 7] = 64.0;  // (64 − 5) / 2.9652 = 19.90 units: in
    OutlierRows outliers = find_outlier_rows(x.data(), 9, 2, 2);
    ASSERT_EQ(outliers.count(), 1);
    EXPECT_EQ(outliers.rows[0], 2);
    EXPECT_EQ(outliers.first_column, 1);  // row 2 is 0.67 units out in column 0, 675 in column 1
    EXPECT_EQ(outliers.first_distance, 1001.0 / kMadToStandardDeviation);
    x[2 * 7] = 65.0;  // (65 − 5) / 2.9652 = 20.24 units: out
    outliers = find_outlier_rows(x.data(), 9, 2, 2);
    ASSERT_EQ(outliers.count(), 2);
    EXPECT_EQ(outliers.rows[0], 2);
    EXPECT_EQ(outliers.rows[1], 7);
    // A wider leading dimension reads the same table.
    std::vector<double> wide(27, -1e300);
    for (int i = 0; i < 9; ++i) wide[size_t(3 * i)] = x[size_t(2 * i)], wide[size_t(3 * i + 1)] = x[size_t(2 * i + 1)];
    EXPECT_EQ(find_outlier_rows(wide.data(), 9, 3, 2).rows, outliers.rows);
    // A looser or stricter cut moves the boundary.
    EXPECT_EQ(find_outlier_rows(x.data(), 9, 2, 2, 25.0).count(), 1);
    EXPECT_EQ(find_outlier_rows(x.data(), 9, 2, 2, 1e6).count(), 0);
}

// A sparse column (an image's border pixel: 0 on 98 % of the rows, 255 on 2 %) has a MAD of 0 and
// a mean absolute deviation of 5.1, so every 255 lies 40 units out: 2 % of the rows, not a few
// errors. It flags nothing, while a far value in a Gaussian column beside it is still found.
TEST(RobustStatistics, AColumnWithManyFarValuesIsSparseNotContaminated) {
    const int64_t n = 1000;
    std::vector<double> x(static_cast<size_t>(2 * n));
    uint64_t state = 12345;
    for (int64_t i = 0; i < n; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        x[size_t(2 * i)] = double(int64_t(state >> 40) % 2001 - 1000) / 400.0;  // spread about 1.4
        x[size_t(2 * i + 1)] = i % 50 == 7 ? 255.0 : 0.0;
    }
    const RobustScale pixel = [&] {
        std::vector<double> scratch;
        return robust_scale(x.data() + 1, n, 2, scratch);
    }();
    ASSERT_GT(255.0 / pixel.scale, kOutlierDistance);  // each 255 is beyond the cut on its own
    EXPECT_EQ(find_outlier_rows(x.data(), n, 2, 2).count(), 0);
    x[2 * 400] = 1e12;
    const OutlierRows outliers = find_outlier_rows(x.data(), n, 2, 2);
    ASSERT_EQ(outliers.count(), 1);
    EXPECT_EQ(outliers.rows[0], 400);
    EXPECT_EQ(outliers.first_column, 0);
}

// 100 sparse columns, each 255 on 0.5 % of the rows (under the per-column bound), on different
// rows: together 50 % of the rows lie far out in some column — the data's spread, so none is
// flagged; with only two such columns (1 % of the rows) they are.
TEST(RobustStatistics, ManyColumnsOfFewFarValuesFlagNoRowWhenTheyAddUpToManyRows) {
    const int64_t n = 1000, d = 100;
    std::vector<double> x(static_cast<size_t>(n * d), 0.0);
    for (int64_t j = 0; j < d; ++j)
        for (int64_t k = 0; k < 5; ++k) x[size_t((j * 5 + k) * d + j)] = 255.0;
    // The MAD of each column is 0 and its mean deviation 1.275: 255 is 160 units out.
    EXPECT_EQ(find_outlier_rows(x.data(), n, d, d).count(), 0);
    EXPECT_EQ(find_outlier_rows(x.data(), n, d, 2).count(), 10);  // the first two columns: 1 %
}

// A million Gaussian rows: a value beyond 20 units has probability 5.5e-89, so none may be
// flagged; one value at 1e12 is, with its row, column and distance (1e12 over a scale of 1 to
// within the MAD's sampling error, about 0.1 % at this n).
TEST(RobustStatistics, AMillionGaussianRowsHaveNoOutlierAndOneFarValueIsFound) {
    constexpr int64_t n = 1000000;
    testing::Random random(17);
    std::vector<double> x(size_t(2 * n));
    for (double &v : x) v = random.normal();
    EXPECT_EQ(find_outlier_rows(x.data(), n, 2, 2).count(), 0);
    x[2 * 3] = 1e12;
    const OutlierRows outliers = find_outlier_rows(x.data(), n, 2, 2);
    ASSERT_EQ(outliers.count(), 1);
    EXPECT_EQ(outliers.rows[0], 3);
    EXPECT_EQ(outliers.first_column, 0);
    EXPECT_NEAR(outliers.first_distance, 1e12, 0.01 * 1e12);
}

}  // namespace
}  // namespace ofdm

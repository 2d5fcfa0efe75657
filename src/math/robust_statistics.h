// Robust location and spread of data columns, and the rows far outside the bulk in those units
// (DESIGN §4, "Outliers"): what model selection leaves out and what the tool warns about. The
// median and the median absolute deviation (MAD) ignore up to half the values of a column, so one
// row at 1e12 cannot hide itself by inflating the spread it is measured in, as it inflates the
// standard deviation.
//
// A row is an outlier when, in some column j, |x_ij − median_j| / scale_j > kOutlierDistance with
// scale_j = kMadToStandardDeviation · MAD_j (a standard deviation for Gaussian data). When more
// than half a column equals its median the MAD is 0; the scale is then
// kMeanDeviationToStandardDeviation · mean_i |x_ij − median_j| (also a standard deviation for
// Gaussian data), and a column whose values are all equal (both 0) flags nothing.
#pragma once

#include <cstdint>
#include <vector>

namespace ofdm {

// 1 / Φ⁻¹(3/4): the MAD of N(μ, σ²) is σ / 1.4826.
constexpr double kMadToStandardDeviation = 1.482602218505602;
// sqrt(π/2): the mean absolute deviation of N(μ, σ²) is σ sqrt(2/π).
constexpr double kMeanDeviationToStandardDeviation = 1.2533141373155003;
// Robust units beyond which a value is an outlier. For Gaussian data a value is that far out
// with probability 2Φ(−20) = 5.5e-89, so no data set that fits in memory has a false positive
// (at 10 it would still be 1.5e-23 per value); a cut of 20 also leaves alone the tails of
// moderately heavy-tailed data (exponential: 3.2e-7 of the values, Laplace 1.2e-9, Student t5
// 4.0e-6) and a genuine cluster of 1 % of the rows 6–10 units away (tests/model/
// test_model_selection.cpp, OutliersDoNotLeadTheChoiceAstray). What it flags are values that no
// polynomial model of the bulk can represent: data errors, sentinels, unit mix-ups (1e12 in a
// column of unit spread is 1e12 units out). Very heavy tails (log-normal, t3) are flagged at
// 0.2 % of the values: such data should be transformed before a polynomial fit.
constexpr double kOutlierDistance = 20.0;

// The median of the n >= 1 values v[0], v[stride], ..., v[(n−1)·stride]: the middle one, or the
// mean of the two middle ones for even n. `scratch` is resized to n and overwritten. O(n) time
// (std::nth_element).
double median(const double *v, int64_t n, int64_t stride, std::vector<double> &scratch);

struct RobustScale {
    double median;  // of the column
    double scale;   // 1.4826·MAD, or 1.2533·mean |x − median| when the MAD is 0; 0 for a constant column
};

// The median and scale (see above) of n >= 1 finite values v[0], v[stride], ...; `scratch` as
// for median().
RobustScale robust_scale(const double *v, int64_t n, int64_t stride, std::vector<double> &scratch);

struct OutlierRows {
    std::vector<int64_t> rows;    // the outlier rows, ascending (0-based)
    int64_t first_column = -1;    // the column where rows[0] is farthest out (-1: no outlier)
    double first_distance = 0.0;  // that distance, in robust units (0: no outlier)

    int64_t count() const { return int64_t(rows.size()); }
};

// Outliers are rare: at most this share of a column's values (or kFewestOutliersAllowed, which
// leaves a handful of errors in a small data set detectable) may lie beyond the
// cut for the column to flag rows, and at most this share of the rows may be flagged in all, else
// none is. More are not errors in a bulk but data that are multimodal or sparse (measured on
// Fashion-MNIST's 60 000 images: the cut alone flags 59 494 rows; with the per-column bound
// 6 831, spread over 689 pixel columns each under 1 %; with both, none).
constexpr double kMostOutliersPerColumn = 0.01;
constexpr double kFewestOutliersAllowed = 10.0;

// The rows of the n × d row-major array x (leading dimension ldx >= d, finite values) farther
// than `cut` robust units from the median in some column, within the bounds of
// kMostOutliersPerColumn (an empty result when they are exceeded). Cost: per column one copy of n values
// and two selections (O(n) each), then two passes over x; n doubles of scratch.
OutlierRows find_outlier_rows(const double *x, int64_t n, int64_t ldx, int64_t d, double cut = kOutlierDistance);

}  // namespace ofdm

#include "robust_statistics.h"

#include <algorithm>
#include <cmath>

namespace ofdm {

namespace {

// The median of the values already in `values` (reordered).
double median_in_place(std::vector<double> &values) {
    const size_t n = values.size(), middle = n / 2;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(middle), values.end());
    const double upper = values[middle];
    if (n % 2 == 1) return upper;
    // After nth_element every value before `middle` is <= upper: the lower middle is their maximum.
    const double lower = *std::max_element(values.begin(), values.begin() + std::ptrdiff_t(middle));
    return 0.5 * lower + 0.5 * upper;  // halves first: no overflow near the largest doubles
}

// |x_ij − median_j| / scale_j, or 0 in a constant column.
double distance(double value, const RobustScale &s) {
    return s.scale > 0.0 ? std::fabs(value - s.median) / s.scale : 0.0;
}

}  // namespace

double median(const double *v, int64_t n, int64_t stride, std::vector<double> &scratch) {
    scratch.resize(size_t(n));
    for (int64_t i = 0; i < n; ++i) scratch[size_t(i)] = v[i * stride];
    return median_in_place(scratch);
}

RobustScale robust_scale(const double *v, int64_t n, int64_t stride, std::vector<double> &scratch) {
    RobustScale s;
    s.median = median(v, n, stride, scratch);
    for (int64_t i = 0; i < n; ++i) scratch[size_t(i)] = std::fabs(v[i * stride] - s.median);
    // Each deviation is divided by n before it is added: no overflow for any finite data.
    double mean_deviation = 0.0;
    for (double deviation : scratch) mean_deviation += deviation / double(n);
    s.scale = kMadToStandardDeviation * median_in_place(scratch);
    if (s.scale == 0.0) s.scale = kMeanDeviationToStandardDeviation * mean_deviation;
    return s;
}

OutlierRows find_outlier_rows(const double *x, int64_t n, int64_t ldx, int64_t d, double cut) {
    OutlierRows outliers;
    if (n < 1 || d < 1) return outliers;
    std::vector<RobustScale> scales(static_cast<size_t>(d));
    {
        std::vector<double> scratch;
        for (int64_t j = 0; j < d; ++j) scales[size_t(j)] = robust_scale(x + j, n, ldx, scratch);
    }
    // Outliers are rare by definition: a column with more than kMostOutliersPerColumn of its
    // values beyond the cut is not a bulk plus a few errors but multimodal or sparse (an image's
    // pixel, 0 on most rows), and its far values are data; it flags nothing.
    const double most = std::max(kFewestOutliersAllowed, kMostOutliersPerColumn * double(n));
    std::vector<char> judged(static_cast<size_t>(d));
    for (int64_t j = 0; j < d; ++j) {
        int64_t beyond = 0;
        for (int64_t i = 0; i < n; ++i) beyond += distance(x[i * ldx + j], scales[size_t(j)]) > cut;
        judged[size_t(j)] = double(beyond) <= most;
    }
    for (int64_t i = 0; i < n; ++i) {
        const double *row = x + i * ldx;
        int64_t farthest = -1;
        double largest = 0.0;
        for (int64_t j = 0; j < d; ++j) {
            if (!judged[size_t(j)]) continue;
            const double r = distance(row[j], scales[size_t(j)]);
            if (farthest < 0 || r > largest) largest = r, farthest = j;
        }
        if (farthest < 0 || !(largest > cut)) continue;
        if (outliers.rows.empty()) outliers.first_column = farthest, outliers.first_distance = largest;
        outliers.rows.push_back(i);
    }
    // The same bound over the rows: many columns each with a few far values (the pixels of
    // images) add up to a share of the rows that is the data's own spread, not errors.
    if (double(outliers.count()) > most) outliers = OutlierRows{};
    return outliers;
}

}  // namespace ofdm

// C entry point of outlier detection (ofdm.h, "Fit"): checks, translation, nothing else. The
// statistics are math/robust_statistics.
#include <string>

#include "capi/firewall.h"
#include "math/error.h"
#include "math/robust_statistics.h"
#include "model/model.h"

using namespace ofdm::capi;

extern "C" {

OFDM_API ofdm_status ofdm_find_outliers(const double *x, int64_t n, int64_t d, int64_t ldx, int64_t *count,
                                        int64_t *first_row, int64_t *first_column, double *distance) {
    return guarded(__func__, [&] {
        require_pointer(count, "count");
        require_count(n, "n");
        require_array(x, n, "x");
        if (d < 1) ofdm::fail(OFDM_ERR_INVALID_ARGUMENT, "d = " + std::to_string(d) + " must be >= 1");
        require_leading_dimension(ldx, d, "ldx");
        ofdm::require_finite(x, n, ldx, d, "x");
        const ofdm::OutlierRows outliers = ofdm::find_outlier_rows(x, n, ldx, d);
        *count = outliers.count();
        if (first_row) *first_row = outliers.rows.empty() ? -1 : outliers.rows[0];
        if (first_column) *first_column = outliers.first_column;
        if (distance) *distance = outliers.first_distance;
    });
}

}  // extern "C"

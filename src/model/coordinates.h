// The affine map between data and latent coordinates, z = W (x − m) (DESIGN §2). Per-coordinate
// standardization keeps lattice and pixel locality meaningful, so it is the default.
#pragma once

#include <cstdint>
#include <vector>

namespace ofdm {

class CoordinateMap {
public:
    // z = x.
    static CoordinateMap identity(int64_t dim);
    // z_j = (x_j − mean_j) / std_j over the n rows of x (divisor n, two-pass for accuracy).
    // Throws OFDM_ERR_INVALID_ARGUMENT naming the column when a column is constant.
    static CoordinateMap standardization(const double *x, int64_t n, int64_t ldx, int64_t dim);
    // A map read from a file; the caller has validated the values.
    CoordinateMap(int32_t kind, int64_t dim, std::vector<double> shift, std::vector<double> scale);

    int32_t kind() const { return kind_; }  // an ofdm_coordinates value
    int64_t dim() const { return dim_; }
    const std::vector<double> &shift() const { return shift_; }  // m (empty for identity)
    const std::vector<double> &scale() const { return scale_; }  // std_j (empty for identity)

    void to_latent(const double *x, int64_t n, int64_t ldx, double *z, int64_t ldz) const;
    void from_latent(const double *z, int64_t n, int64_t ldz, double *x, int64_t ldx) const;
    // Turns latent gradients into data gradients in place, s_x = Wᵀ s_z, for n rows.
    void pull_back_gradient(double *s, int64_t n, int64_t lds) const;
    // log |det W|: the change of a log-density from latent to data coordinates.
    double log_abs_det() const;

private:
    int32_t kind_;
    int64_t dim_;
    std::vector<double> shift_, scale_;
};

}  // namespace ofdm

#include "tail_guard.h"

#include <algorithm>
#include <cmath>

namespace ofdm {

namespace {
constexpr double kFadeStart = 1.0, kFadeEnd = 1.3;  // in box half-widths (DESIGN §4)
constexpr double kStationarySpread2 = 16.0;         // (4 standard deviations of π)² · β
}  // namespace

TailGuard::TailGuard(const LatentBox &box, double beta, bool enabled) : beta_(beta), enabled_(enabled) {
    for (size_t j = 0; j < box.lower.size(); ++j) {
        centre0_.push_back(0.5 * (box.lower[j] + box.upper[j]));
        half0_.push_back(0.5 * (box.upper[j] - box.lower[j]));
    }
    centre_.resize(centre0_.size());
    inverse_half_.resize(centre0_.size());
}

void TailGuard::set_time(double t) {
    const double decay = std::exp(-t), spread = 1.0 - std::exp(-2.0 * t);
    for (size_t j = 0; j < centre0_.size(); ++j) {
        centre_[j] = decay * centre0_[j];
        const double half2 = decay * decay * half0_[j] * half0_[j] + spread * kStationarySpread2 / beta_;
        // A constant training coordinate at t = 0 has no width: any offset is outside.
        inverse_half_[j] = half2 > 0.0 ? 1.0 / std::sqrt(half2) : INFINITY;
    }
}

double TailGuard::weight(const double *z) const {
    if (!enabled_) return 1.0;
    double reach = 0.0;  // the largest |z_j − c_j| / half_j
    for (size_t j = 0; j < centre_.size(); ++j) {
        const double offset = std::fabs(z[j] - centre_[j]);
        if (offset > 0.0) reach = std::max(reach, offset * inverse_half_[j]);
    }
    if (!(reach <= kFadeEnd)) return 0.0;  // also for NaN
    if (reach <= kFadeStart) return 1.0;
    return (kFadeEnd - reach) / (kFadeEnd - kFadeStart);
}

}  // namespace ofdm

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
        // A stored box may span more than the double range (±1e308); halving first keeps it finite.
        const double lower = box.lower[j], upper = box.upper[j];
        const double centre = 0.5 * (lower + upper), half = 0.5 * (upper - lower);
        centre0_.push_back(std::isfinite(centre) ? centre : 0.5 * lower + 0.5 * upper);
        half0_.push_back(std::isfinite(half) ? half : 0.5 * upper - 0.5 * lower);
    }
    centre_.resize(centre0_.size());
    inverse_half_.resize(centre0_.size());
}

void TailGuard::set_time(double t) {
    const double decay = std::exp(-t), spread = 1.0 - std::exp(-2.0 * t);
    for (size_t j = 0; j < centre0_.size(); ++j) {
        centre_[j] = decay * centre0_[j];
        const double noise2 = spread * kStationarySpread2 / beta_;
        const double half2 = decay * decay * half0_[j] * half0_[j] + noise2;
        // A constant training coordinate at t = 0 has no width: any offset is outside. A half-width
        // beyond 1e154 (a crafted file's box) overflows half2, which would make the box all of R^d.
        if (!std::isfinite(half2)) inverse_half_[j] = 1.0 / std::hypot(decay * half0_[j], std::sqrt(noise2));
        else inverse_half_[j] = half2 > 0.0 ? 1.0 / std::sqrt(half2) : INFINITY;
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

bool TailGuard::within_reach(const double *z) const {
    for (size_t j = 0; j < centre_.size(); ++j)
        if (!std::isfinite(z[j])) return false;
    return !enabled_ || weight(z) > 0.0;
}

}  // namespace ofdm

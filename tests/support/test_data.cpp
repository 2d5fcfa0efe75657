#include "support/test_data.h"

#include <lapacke.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace ofdm::testing {

bool under_memcheck() {
    const char *value = std::getenv("OFDM_MEMCHECK");
    return value && *value && *value != '0';
}

uint64_t Random::next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

double Random::uniform() { return (double(next() >> 11) + 0.5) / 9007199254740992.0; }

double Random::normal() {
    const double radius = std::sqrt(-2.0 * std::log(uniform()));  // drawn first: operand order is unspecified
    return radius * std::cos(2.0 * M_PI * uniform());
}

std::vector<double> Mixture::sample(int64_t n, Random &random) const {
    const int64_t d = dim();
    std::vector<double> x(size_t(n * d));
    for (int64_t i = 0; i < n; ++i) {
        double u = random.uniform();
        size_t mode = 0;
        while (mode + 1 < weights.size() && u > weights[mode]) u -= weights[mode++];
        for (int64_t j = 0; j < d; ++j) x[size_t(i * d + j)] = centres[mode][size_t(j)] + sigma * random.normal();
    }
    return x;
}

std::vector<double> Mixture::sample_noised(int64_t n, double t, const std::vector<double> &shift,
                                           const std::vector<double> &scale, double beta, Random &random) const {
    std::vector<double> x = sample(n, random);
    const int64_t d = dim();
    const double decay = std::exp(-t), noise = std::sqrt((1.0 - std::exp(-2.0 * t)) / beta);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) {
            double &v = x[size_t(i * d + j)];
            v = shift[size_t(j)] + decay * (v - shift[size_t(j)]) + scale[size_t(j)] * noise * random.normal();
        }
    return x;
}

std::vector<double> Mixture::noised_score(const double *x, double t, const std::vector<double> &shift,
                                          const std::vector<double> &scale, double beta) const {
    const int64_t d = dim();
    const double decay = std::exp(-t), noise = 1.0 - std::exp(-2.0 * t);
    std::vector<double> log_weight(centres.size()), score(size_t(d), 0.0);
    std::vector<std::vector<double>> gradient(centres.size(), std::vector<double>(size_t(d)));
    double top = -INFINITY;
    for (size_t k = 0; k < centres.size(); ++k) {
        log_weight[k] = std::log(weights[k]);
        for (int64_t j = 0; j < d; ++j) {
            const double var = decay * decay * sigma * sigma + noise * scale[size_t(j)] * scale[size_t(j)] / beta;
            const double r = x[j] - (shift[size_t(j)] + decay * (centres[k][size_t(j)] - shift[size_t(j)]));
            log_weight[k] += -0.5 * r * r / var - 0.5 * std::log(var);
            gradient[k][size_t(j)] = -r / var;
        }
        top = std::max(top, log_weight[k]);
    }
    double total = 0.0;
    for (double &w : log_weight) total += (w = std::exp(w - top));
    for (size_t k = 0; k < centres.size(); ++k)
        for (int64_t j = 0; j < d; ++j) score[size_t(j)] += log_weight[k] / total * gradient[k][size_t(j)];
    return score;
}

void column_moments(const std::vector<double> &x, int64_t d, std::vector<double> &mean, std::vector<double> &std) {
    const int64_t n = int64_t(x.size()) / d;
    mean.assign(size_t(d), 0.0);
    std.assign(size_t(d), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) mean[size_t(j)] += x[size_t(i * d + j)];
    for (double &m : mean) m /= double(n);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < d; ++j) {
            const double r = x[size_t(i * d + j)] - mean[size_t(j)];
            std[size_t(j)] += r * r;
        }
    for (double &s : std) s = std::sqrt(s / double(n));
}

void gauss_hermite(int n, std::vector<double> &nodes, std::vector<double> &weights) {
    // Jacobi matrix of the He_n recurrence: zero diagonal, off-diagonal sqrt(k).
    nodes.assign(size_t(n), 0.0);
    std::vector<double> off(size_t(n > 1 ? n - 1 : 1)), vectors(size_t(n * n));
    for (int k = 1; k < n; ++k) off[size_t(k - 1)] = std::sqrt(double(k));
    if (LAPACKE_dstev(LAPACK_COL_MAJOR, 'V', n, nodes.data(), off.data(), vectors.data(), n) != 0)
        throw std::runtime_error("dstev failed");
    weights.resize(size_t(n));
    for (int i = 0; i < n; ++i) weights[size_t(i)] = vectors[size_t(i * n)] * vectors[size_t(i * n)];
}

}  // namespace ofdm::testing

namespace ofdm::testing {

double energy_distance(const std::vector<double> &x, const std::vector<double> &y, int64_t d) {
    const int64_t n = int64_t(x.size()) / d, m = int64_t(y.size()) / d;
    auto distance = [d](const double *a, const double *b) {
        double s = 0.0;
        for (int64_t j = 0; j < d; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
        return std::sqrt(s);
    };
    double xy = 0.0, xx = 0.0, yy = 0.0;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t k = 0; k < m; ++k) xy += distance(&x[size_t(i * d)], &y[size_t(k * d)]);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t k = i + 1; k < n; ++k) xx += distance(&x[size_t(i * d)], &x[size_t(k * d)]);
    for (int64_t i = 0; i < m; ++i)
        for (int64_t k = i + 1; k < m; ++k) yy += distance(&y[size_t(i * d)], &y[size_t(k * d)]);
    return 2.0 * xy / double(n * m) - 2.0 * xx / double(n * n) - 2.0 * yy / double(m * m);
}

}  // namespace ofdm::testing

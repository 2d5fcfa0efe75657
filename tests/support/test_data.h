// Shared by the C++ suites: a reproducible generator, Gaussian-mixture data with its exact
// noised score, and Gauss–Hermite quadrature for exact expectations.
#pragma once

#include <cstdint>
#include <vector>

namespace ofdm::testing {

// splitmix64 with Box–Muller normals: reproducible across platforms.
class Random {
public:
    explicit Random(uint64_t seed) : state_(seed) {}
    uint64_t next();
    double uniform();  // in (0, 1)
    double normal();

private:
    uint64_t state_;
};

// An isotropic-component Gaussian mixture in data coordinates.
struct Mixture {
    std::vector<std::vector<double>> centres;  // one centre of dimension d per mode
    std::vector<double> weights;               // sum to 1
    double sigma;                              // per-axis standard deviation of every mode

    int64_t dim() const { return int64_t(centres[0].size()); }
    std::vector<double> sample(int64_t n, Random &random) const;  // n × d row-major
    // Samples of p_t when the OU process runs in z = (x − shift)/scale with inverse temperature β.
    std::vector<double> sample_noised(int64_t n, double t, const std::vector<double> &shift,
                                      const std::vector<double> &scale, double beta, Random &random) const;
    // The exact score of that p_t at x (d values).
    std::vector<double> noised_score(const double *x, double t, const std::vector<double> &shift,
                                     const std::vector<double> &scale, double beta) const;
};

// True when the suite runs under valgrind (`make memcheck` sets OFDM_MEMCHECK=1): ~50× slower, so
// runs that take seconds natively are skipped there.
bool under_memcheck();

// Mean and standard deviation (divisor n) of each column of an n × d row-major array.
void column_moments(const std::vector<double> &x, int64_t d, std::vector<double> &mean, std::vector<double> &std);

// Nodes and weights of the n-point Gauss–Hermite rule for N(0, 1): Σ w_i f(x_i) = E[f(Y)] exactly
// for polynomials of degree <= 2n − 1 (Golub–Welsch with LAPACK dstev).
void gauss_hermite(int n, std::vector<double> &nodes, std::vector<double> &weights);

}  // namespace ofdm::testing

namespace ofdm::testing {

// Energy distance 2E|X−Y| − E|X−X'| − E|Y−Y'| between two n × d row-major sample sets, as the
// V-statistic (all pairs, i = j included): positive, and ≈ E|X−X'|·(1/n + 1/m) for two sets
// from one distribution — the "noise floor" the sampler figures of DESIGN §4 are ratios to.
double energy_distance(const std::vector<double> &x, const std::vector<double> &y, int64_t d);

}  // namespace ofdm::testing

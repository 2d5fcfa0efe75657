#include "support/boltzmann.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "support/test_data.h"

namespace ofdm::testing {

// ---- targets ------------------------------------------------------------------------------

GinzburgLandauChain::GinzburgLandauChain(int64_t d, GinzburgLandauParameters parameters) : d_(d), p_(parameters) {
    if (d < 1 || !(p_.lambda > 0) || !(p_.beta > 0)) throw std::invalid_argument("GinzburgLandauChain: d >= 1, λ > 0, β > 0");
}

double GinzburgLandauChain::energy(const double *u) const {
    const double h = spacing(), stiffness = p_.lambda / (2 * h * h), well = p_.well_weight / (4 * p_.lambda);
    double bonds = 0, wells = 0, previous = p_.left;
    for (int64_t i = 0; i < d_; ++i) {
        const double step = u[i] - previous, deficit = 1 - u[i] * u[i];
        bonds += step * step;
        wells += deficit * deficit;
        previous = u[i];
    }
    bonds += (p_.right - previous) * (p_.right - previous);
    return stiffness * bonds + well * wells;
}

// ∂V/∂u_i = (λ/h²)(2u_i − u_{i−1} − u_{i+1}) − (w/λ) u_i (1 − u_i²).
double GinzburgLandauChain::gradient(const double *u, double *g) const {
    const double h = spacing(), coupling = p_.lambda / (h * h), well = p_.well_weight / (4 * p_.lambda);
    double bonds = 0, wells = 0;
    for (int64_t i = 0; i < d_; ++i) {
        const double before = i > 0 ? u[i - 1] : p_.left, after = i + 1 < d_ ? u[i + 1] : p_.right;
        const double deficit = 1 - u[i] * u[i], step = u[i] - before;
        bonds += step * step;
        wells += deficit * deficit;
        g[i] = coupling * (2 * u[i] - before - after) - 4 * well * u[i] * deficit;
    }
    bonds += (p_.right - u[d_ - 1]) * (p_.right - u[d_ - 1]);
    return 0.5 * coupling * bonds + well * wells;
}

int64_t GinzburgLandauChain::neighbours(int64_t site, int64_t *out) const {
    int64_t count = 0;
    if (site > 0) out[count++] = site - 1;
    if (site + 1 < d_) out[count++] = site + 1;
    return count;
}

Phi4Lattice::Phi4Lattice(int64_t side, double kappa, double lambda) : side_(side), kappa_(kappa), lambda_(lambda) {
    if (side < 2 || !(lambda >= 0)) throw std::invalid_argument("Phi4Lattice: side >= 2, λ >= 0");
}

double Phi4Lattice::energy(const double *phi) const {
    double action = 0;
    for (int64_t row = 0; row < side_; ++row)
        for (int64_t col = 0; col < side_; ++col) {
            const double p = phi[row * side_ + col], right = phi[row * side_ + (col + 1) % side_],
                         down = phi[((row + 1) % side_) * side_ + col], deficit = p * p - 1;
            action += -2 * kappa_ * p * (right + down) + p * p + lambda_ * deficit * deficit;
        }
    return action;
}

// ∂S/∂φ_x = −2κ Σ_{4 neighbours} φ_y + 2φ_x + 4λ φ_x (φ_x² − 1).
double Phi4Lattice::gradient(const double *phi, double *g) const {
    double action = 0;
    for (int64_t row = 0; row < side_; ++row) {
        const int64_t up_row = (row + side_ - 1) % side_, down_row = (row + 1) % side_;
        for (int64_t col = 0; col < side_; ++col) {
            const int64_t left_col = (col + side_ - 1) % side_, right_col = (col + 1) % side_;
            const double p = phi[row * side_ + col], right = phi[row * side_ + right_col],
                         down = phi[down_row * side_ + col], deficit = p * p - 1;
            const double neighbours = right + down + phi[row * side_ + left_col] + phi[up_row * side_ + col];
            action += -2 * kappa_ * p * (right + down) + p * p + lambda_ * deficit * deficit;
            g[row * side_ + col] = -2 * kappa_ * neighbours + 2 * p + 4 * lambda_ * p * deficit;
        }
    }
    return action;
}

int64_t Phi4Lattice::neighbours(int64_t site, int64_t *out) const {
    const int64_t row = site / side_, col = site % side_;
    out[0] = row * side_ + (col + 1) % side_;
    out[1] = row * side_ + (col + side_ - 1) % side_;
    out[2] = ((row + 1) % side_) * side_ + col;
    out[3] = ((row + side_ - 1) % side_) * side_ + col;
    return 4;
}

double DoubleWell::energy(const double *u) const {
    const double deficit = 1 - u[0] * u[0];
    return deficit * deficit / (4 * lambda_);
}

double DoubleWell::gradient(const double *u, double *g) const {
    const double deficit = 1 - u[0] * u[0];
    g[0] = -u[0] * deficit / lambda_;
    return deficit * deficit / (4 * lambda_);
}

// ---- estimators ---------------------------------------------------------------------------

Estimate estimate_mean(const std::vector<double> &series, int64_t chains) {
    const int64_t total = int64_t(series.size());
    if (chains < 1 || total % chains != 0 || total / chains < 2)
        throw std::invalid_argument("estimate_mean: series.size() must be a multiple of chains, >= 2 per chain");
    const int64_t length = total / chains;
    Estimate e;
    for (double v : series) e.mean += v / double(total);
    auto autocovariance = [&](int64_t lag) {  // divisor N: the positive-definite (biased) estimator
        double sum = 0;
        for (int64_t c = 0; c < chains; ++c) {
            const double *x = series.data() + c * length;
            for (int64_t s = 0; s + lag < length; ++s) sum += (x[s] - e.mean) * (x[s + lag] - e.mean);
        }
        return sum / double(total);
    };
    e.variance = autocovariance(0);
    // Sokal's automatic window: τ(M) = 1 + 2 Σ_{t≤M} ρ(t), stop at the first M ≥ 5 τ(M).
    e.tau = 1;
    if (e.variance > 0) {
        for (int64_t lag = 1; lag < length; ++lag) {
            e.tau += 2 * autocovariance(lag) / e.variance;
            e.window = lag;
            if (double(lag) >= 5 * e.tau) {
                e.window_converged = true;
                break;
            }
        }
    } else {
        e.window_converged = true;
    }
    e.tau = std::max(e.tau, 1.0 / double(total));
    e.ess = double(total) / e.tau;
    e.standard_error = std::sqrt(e.variance * e.tau / double(total));
    if (chains > 1) {
        double spread = 0;
        for (int64_t c = 0; c < chains; ++c) {
            double chain_mean = 0;
            for (int64_t s = 0; s < length; ++s) chain_mean += series[size_t(c * length + s)] / double(length);
            spread += (chain_mean - e.mean) * (chain_mean - e.mean);
        }
        e.standard_error_between_chains = std::sqrt(spread / double(chains - 1) / double(chains));
    } else {
        e.standard_error_between_chains = NAN;
    }
    return e;
}

// ---- sampler ------------------------------------------------------------------------------

namespace {

// Marsaglia's polar method over the shared splitmix64 generator: two normals per accepted pair,
// no trigonometry (the sampler's cost is mostly normals at small d).
class NormalStream {
public:
    explicit NormalStream(uint64_t seed) : random_(seed) {}
    double uniform() { return random_.uniform(); }
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double a, b, r2;
        do {
            a = 2 * random_.uniform() - 1;
            b = 2 * random_.uniform() - 1;
            r2 = a * a + b * b;
        } while (r2 >= 1 || r2 == 0);
        const double scale = std::sqrt(-2 * std::log(r2) / r2);
        spare_ = b * scale;
        has_spare_ = true;
        return a * scale;
    }

private:
    Random random_;
    double spare_ = 0;
    bool has_spare_ = false;
};

// One MALA chain: state, β∇V at the state, V at the state, its own generator.
struct Chain {
    std::vector<double> u, force;  // force = β ∇V(u)
    double energy = 0;
    NormalStream normals;
    explicit Chain(uint64_t seed) : normals(seed) {}
};

// One MALA step with proposal standard deviation `step`; returns the acceptance probability.
double mala_step(const BoltzmannTarget &target, Chain &chain, double step, std::vector<double> &proposal,
                 std::vector<double> &proposal_force) {
    const int64_t d = target.d();
    const double beta = target.beta(), drift = 0.5 * step * step;
    double forward = 0;  // |y − u + (ε²/2) β∇V(u)|² = ε² |ξ|²
    for (int64_t i = 0; i < d; ++i) {
        const double xi = chain.normals.normal();
        forward += xi * xi;
        proposal[size_t(i)] = chain.u[size_t(i)] - drift * chain.force[size_t(i)] + step * xi;
    }
    forward *= step * step;
    const double proposal_energy = target.gradient(proposal.data(), proposal_force.data());
    double backward = 0;  // |u − y + (ε²/2) β∇V(y)|²
    for (int64_t i = 0; i < d; ++i) {
        proposal_force[size_t(i)] *= beta;
        const double r = chain.u[size_t(i)] - proposal[size_t(i)] + drift * proposal_force[size_t(i)];
        backward += r * r;
    }
    const double log_ratio = -beta * (proposal_energy - chain.energy) - (backward - forward) / (2 * step * step);
    const double acceptance = std::isfinite(log_ratio) ? std::min(1.0, std::exp(log_ratio)) : 0.0;
    if (chain.normals.uniform() < acceptance) {
        chain.u.swap(proposal);
        chain.force.swap(proposal_force);
        chain.energy = proposal_energy;
    }
    return acceptance;
}

// One Wolff cluster flip of the sign embedding: grow a cluster of equal signs from a random site,
// joining each bonded neighbour y of a member x with probability 1 − exp(−2βK u_x u_y), then flip
// it; rejection-free and π-invariant (the even terms do not see signs). Returns the cluster size.
int64_t wolff_flip(const BoltzmannTarget &target, Chain &chain, std::vector<char> &member, std::vector<int64_t> &cluster) {
    const int64_t d = target.d();
    const double two_beta_k = 2 * target.beta() * target.bond_coupling();
    int64_t seed_site = int64_t(chain.normals.uniform() * double(d));
    if (seed_site >= d) seed_site = d - 1;
    cluster.assign(1, seed_site);
    member[size_t(seed_site)] = 1;
    int64_t bonded[4];
    for (size_t next = 0; next < cluster.size(); ++next) {
        const int64_t x = cluster[next];
        const int64_t count = target.neighbours(x, bonded);
        for (int64_t k = 0; k < count; ++k) {
            const int64_t y = bonded[k];
            const double product = chain.u[size_t(x)] * chain.u[size_t(y)];
            if (member[size_t(y)] || product <= 0) continue;
            if (chain.normals.uniform() < -std::expm1(-two_beta_k * product)) {
                member[size_t(y)] = 1;
                cluster.push_back(y);
            }
        }
    }
    for (int64_t x : cluster) {
        chain.u[size_t(x)] = -chain.u[size_t(x)];
        member[size_t(x)] = 0;
    }
    chain.energy = target.gradient(chain.u.data(), chain.force.data());
    for (double &f : chain.force) f *= target.beta();
    return int64_t(cluster.size());
}

}  // namespace

MalaRun run_mala(const BoltzmannTarget &target, const MalaOptions &o) {
    if (o.chains < 1 || o.adapt_steps < 0 || o.settle_steps < 0 || o.samples_per_chain < 2 || o.thin < 1 ||
        o.cluster_interval < 0 || !(o.initial_step > 0) || !(o.target_acceptance > 0 && o.target_acceptance < 1))
        throw std::invalid_argument("run_mala: invalid options");
    const auto started = std::chrono::steady_clock::now();
    const int64_t d = target.d();
    const bool flips = o.random_flips && target.even();
    const int64_t cluster_interval = target.even() && target.bond_coupling() > 0 ? o.cluster_interval : 0;
    std::vector<double> proposal(static_cast<size_t>(d)), proposal_force(static_cast<size_t>(d));
    std::vector<char> member(static_cast<size_t>(d), 0);
    std::vector<int64_t> cluster;
    double acceptance_sum = 0, cluster_sites = 0;
    int64_t mala_steps = 0, cluster_flips = 0;
    // One step of the chain: MALA, and a cluster flip after every cluster_interval-th MALA step.
    // Statistics are counted only once the step is fixed (record = true).
    auto advance = [&](Chain &chain, int64_t k, double step, bool record) {
        const double a = mala_step(target, chain, step, proposal, proposal_force);
        if (cluster_interval > 0 && (k + 1) % cluster_interval == 0) {
            const int64_t size = wolff_flip(target, chain, member, cluster);
            if (record) cluster_sites += double(size), ++cluster_flips;
        }
        if (record) acceptance_sum += a, ++mala_steps;
        return a;
    };

    // Seeds for the chains: outputs of one splitmix64 stream, so streams start far apart.
    Random seeder(o.seed);
    std::vector<Chain> chains;
    chains.reserve(size_t(o.chains));
    double log_step_sum = 0;
    for (int64_t c = 0; c < o.chains; ++c) {
        chains.emplace_back(seeder.next());
        Chain &chain = chains.back();
        chain.u.resize(size_t(d));
        chain.force.resize(size_t(d));
        const double centre = (c % 2 == 0 ? 1.0 : -1.0) * o.start_value;
        for (double &v : chain.u) v = centre + 0.1 * chain.normals.normal();
        chain.energy = target.gradient(chain.u.data(), chain.force.data());
        for (double &f : chain.force) f *= target.beta();
        // Robbins–Monro on log ε with gain 1/(k+1)^0.6 (Σ gain = ∞, Σ gain² < ∞): converges to the
        // target acceptance; only during adaptation.
        double log_step = std::log(o.initial_step);
        for (int64_t k = 0; k < o.adapt_steps; ++k)
            log_step += (advance(chain, k, std::exp(log_step), false) - o.target_acceptance) / std::pow(double(k + 1), 0.6);
        log_step_sum += log_step;
    }

    MalaRun run;
    run.chains = o.chains;
    run.samples_per_chain = o.samples_per_chain;
    run.d = d;
    run.step = std::exp(log_step_sum / double(o.chains));
    const int64_t n = o.chains * o.samples_per_chain;
    run.samples.resize(size_t(n * d));
    run.energy.resize(size_t(n));
    std::vector<double> raw_magnetization(static_cast<size_t>(n)), abs_magnetization(static_cast<size_t>(n));
    for (int64_t c = 0; c < o.chains; ++c) {
        Chain &chain = chains[size_t(c)];
        int64_t k = 0;
        for (; k < o.settle_steps; ++k) advance(chain, k, run.step, true);
        for (int64_t s = 0; s < o.samples_per_chain; ++s) {
            for (int64_t t = 0; t < o.thin; ++t, ++k) advance(chain, k, run.step, true);
            const int64_t row = c * o.samples_per_chain + s;
            const double sign = flips && chain.normals.uniform() < 0.5 ? -1.0 : 1.0;
            for (int64_t i = 0; i < d; ++i) run.samples[size_t(row * d + i)] = sign * chain.u[size_t(i)];
            run.energy[size_t(row)] = chain.energy;
            raw_magnetization[size_t(row)] = magnetization(chain.u.data(), d);
            abs_magnetization[size_t(row)] = std::fabs(raw_magnetization[size_t(row)]);
        }
    }
    run.acceptance = acceptance_sum / double(mala_steps);
    run.mean_cluster_size = cluster_flips > 0 ? cluster_sites / double(cluster_flips) : 0.0;
    run.energy_estimate = estimate_mean(run.energy, o.chains);
    run.abs_magnetization_estimate = estimate_mean(abs_magnetization, o.chains);
    run.raw_magnetization_estimate = estimate_mean(raw_magnetization, o.chains);
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return run;
}

// ---- observables --------------------------------------------------------------------------

double magnetization(const double *u, int64_t d) {
    double sum = 0;
    for (int64_t i = 0; i < d; ++i) sum += u[i];
    return sum / double(d);
}

std::vector<double> magnetizations(const std::vector<double> &samples, int64_t d) {
    std::vector<double> m(samples.size() / size_t(d));
    for (size_t k = 0; k < m.size(); ++k) m[k] = magnetization(samples.data() + k * size_t(d), d);
    return m;
}

std::vector<double> abs_magnetizations(const std::vector<double> &samples, int64_t d) {
    std::vector<double> m = magnetizations(samples, d);
    for (double &v : m) v = std::fabs(v);
    return m;
}

std::vector<double> energies(const BoltzmannTarget &target, const std::vector<double> &samples) {
    const size_t d = size_t(target.d());
    std::vector<double> v(samples.size() / d);
    for (size_t k = 0; k < v.size(); ++k) v[k] = target.energy(samples.data() + k * d);
    return v;
}

std::vector<double> chain_correlation(const std::vector<double> &samples, int64_t d, int64_t r_max) {
    if (r_max < 0 || r_max >= d) throw std::invalid_argument("chain_correlation: 0 <= r_max < d");
    const int64_t n = int64_t(samples.size()) / d;
    std::vector<double> c(size_t(r_max + 1), 0.0);
    for (int64_t k = 0; k < n; ++k) {
        const double *u = samples.data() + k * d;
        for (int64_t r = 0; r <= r_max; ++r) {
            double sum = 0;
            for (int64_t i = 0; i + r < d; ++i) sum += u[i] * u[i + r];
            c[size_t(r)] += sum / double(d - r);
        }
    }
    for (double &v : c) v /= double(n);
    return c;
}

std::vector<double> lattice_correlation(const std::vector<double> &samples, int64_t side, int64_t r_max) {
    if (r_max < 0 || r_max >= side) throw std::invalid_argument("lattice_correlation: 0 <= r_max < side");
    const int64_t d = side * side, n = int64_t(samples.size()) / d;
    std::vector<double> c(size_t(r_max + 1), 0.0);
    for (int64_t k = 0; k < n; ++k) {
        const double *phi = samples.data() + k * d;
        for (int64_t r = 0; r <= r_max; ++r) {
            double sum = 0;
            for (int64_t row = 0; row < side; ++row)
                for (int64_t col = 0; col < side; ++col)
                    sum += phi[row * side + col] * (phi[row * side + (col + r) % side] + phi[((row + r) % side) * side + col]);
            c[size_t(r)] += sum / double(2 * d);
        }
    }
    for (double &v : c) v /= double(n);
    return c;
}

std::vector<double> magnetization_histogram(const std::vector<double> &samples, int64_t d,
                                            const std::vector<double> &edges) {
    if (edges.size() < 2) throw std::invalid_argument("magnetization_histogram: at least 2 edges");
    const std::vector<double> m = magnetizations(samples, d);
    const size_t bins = edges.size() - 1;
    std::vector<double> fraction(bins, 0.0);
    for (double v : m) {
        if (!(v >= edges.front() && v <= edges.back())) continue;
        size_t b = 0;
        while (b + 1 < bins && v >= edges[b + 1]) ++b;
        fraction[b] += 1.0 / double(m.size());
    }
    return fraction;
}

}  // namespace ofdm::testing

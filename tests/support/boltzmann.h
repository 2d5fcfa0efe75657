// Reference samples of Boltzmann densities ∝ exp(−β V(u)), made by the project itself: the
// 1-D Ginzburg–Landau chain (DESIGN §4), the 2-D lattice φ⁴ model, a 1-D double well; a MALA
// sampler over many independent chains; estimators of means with their integrated
// autocorrelation time, effective sample size and standard error; the observables the
// reweighting and method-comparison tests need.
//
// Symmetric targets and the random flip. All three targets are even, V(−u) = V(u). Flipping the
// sign of the whole state, u → −u, with probability ½ is then a Metropolis move whose acceptance
// ratio is exactly 1, so "MALA step, then random flip" leaves π invariant and crosses between
// the wells u ≈ +1 and u ≈ −1 at every step, however high the barrier. Because the MALA kernel
// commutes with the flip (its proposal and acceptance are odd-symmetric), the chain with flips
// interleaved has the same law as the plain MALA chain with every kept state multiplied by an
// independent random sign ε_k = ±1 — which is what `run_mala` does (MalaOptions::random_flips).
// Even observables (V, |mean(u)|, mean(u)², C(r)) are untouched by the signs: their estimates
// rest only on MALA mixing within the quotient space {u, −u}, where the two wells are one. Odd
// observables (mean(u), the magnetization histogram) become exactly symmetric. Half of the
// chains start near +1 and half near −1 so that burn-in is short either way.
#pragma once

#include <cstdint>
#include <vector>

namespace ofdm::testing {

// ---- targets ------------------------------------------------------------------------------

// A potential V on R^d with inverse temperature β: the density is ∝ exp(−β V(u)).
class BoltzmannTarget {
public:
    virtual ~BoltzmannTarget() = default;
    virtual int64_t d() const = 0;
    virtual double beta() const = 0;
    // Whether V(−u) = V(u) for every u (so that random flips are exact).
    virtual bool even() const = 0;
    // V(u) for u of d values.
    virtual double energy(const double *u) const = 0;
    // Writes ∇V(u) to g (d values) and returns V(u).
    virtual double gradient(const double *u, double *g) const = 0;
    // Sign embedding (Brower & Tamayo 1989, with Wolff's cluster update): when
    // V(u) = −K Σ_{bonds ⟨x,y⟩} u_x u_y + Σ_x f(u_x) with f even, the signs of u given |u| are
    // an Ising model with couplings β K |u_x u_y|. bond_coupling() returns K (0: no embedding);
    // neighbours() writes the at most 4 sites bonded to `site` and returns their number.
    virtual double bond_coupling() const { return 0; }
    virtual int64_t neighbours(int64_t site, int64_t *out) const {
        (void)site, (void)out;
        return 0;
    }
};

// Ginzburg–Landau chain, u_1..u_d on [0, 1] with h = 1/(d+1) and Dirichlet ends u_0, u_{d+1}:
//   V(u) = λ/2 Σ_{i=1}^{d+1} ((u_i − u_{i−1})/h)² + w/(4λ) Σ_{i=1}^{d} (1 − u_i²)².
// w = 1 is the chain of DESIGN §4 (λ = 0.03, β = 1/8, ends 0); w = 0 leaves the Gaussian chain
// whose precision is β λ/h² · tridiag(−1, 2, −1) and whose mean interpolates the ends linearly.
struct GinzburgLandauParameters {
    double lambda = 0.03;
    double beta = 0.125;
    double well_weight = 1.0;   // w
    double left = 0.0;          // u_0
    double right = 0.0;         // u_{d+1}
};

class GinzburgLandauChain : public BoltzmannTarget {
public:
    explicit GinzburgLandauChain(int64_t d, GinzburgLandauParameters parameters = {});
    int64_t d() const override { return d_; }
    double beta() const override { return p_.beta; }
    bool even() const override { return p_.left == 0.0 && p_.right == 0.0; }
    double energy(const double *u) const override;
    double gradient(const double *u, double *g) const override;
    // (u_i − u_{i−1})² = u_i² + u_{i−1}² − 2 u_i u_{i−1}: K = λ/h² between neighbours; the bonds
    // to the ends are even in u_1, u_d when the ends are 0, the only case with an embedding.
    double bond_coupling() const override { return even() ? p_.lambda / (spacing() * spacing()) : 0.0; }
    int64_t neighbours(int64_t site, int64_t *out) const override;
    const GinzburgLandauParameters &parameters() const { return p_; }
    double spacing() const { return 1.0 / double(d_ + 1); }

private:
    int64_t d_;
    GinzburgLandauParameters p_;
};

// Lattice φ⁴ on side × side sites, periodic, β = 1, site x = row·side + column:
//   S(φ) = Σ_x [ −2κ Σ_{μ=1,2} φ_x φ_{x+μ} + φ_x² + λ_φ (φ_x² − 1)² ].
// λ_φ → ∞ is the Ising model with coupling 2κ (κ_c → 0.2203); λ_φ = 0 is Gaussian (κ_c = 1/4).
// The defaults, λ_φ = 0.5 and κ = 0.32, sit just on the symmetric side of the critical point
// (κ_c ≈ 0.34 from the Binder-cumulant crossing of 8×8 and 16×16), where the 8×8 magnetization
// is broad and flat-topped but the sampler still mixes (test_boltzmann_reference.cpp documents
// the κ scan behind the choice).
class Phi4Lattice : public BoltzmannTarget {
public:
    explicit Phi4Lattice(int64_t side = 8, double kappa = 0.32, double lambda = 0.5);
    int64_t d() const override { return side_ * side_; }
    double beta() const override { return 1.0; }
    bool even() const override { return true; }
    double energy(const double *phi) const override;
    double gradient(const double *phi, double *g) const override;
    double bond_coupling() const override { return 2 * kappa_; }
    int64_t neighbours(int64_t site, int64_t *out) const override;
    int64_t side() const { return side_; }
    double kappa() const { return kappa_; }
    double lambda() const { return lambda_; }

private:
    int64_t side_;
    double kappa_, lambda_;
};

// One coordinate in a double well, V(u) = (1 − u²)²/(4λ); the barrier is β/(4λ) in units of kT.
class DoubleWell : public BoltzmannTarget {
public:
    DoubleWell(double lambda, double beta) : lambda_(lambda), beta_(beta) {}
    int64_t d() const override { return 1; }
    double beta() const override { return beta_; }
    bool even() const override { return true; }
    double energy(const double *u) const override;
    double gradient(const double *u, double *g) const override;

private:
    double lambda_, beta_;
};

// ---- estimators ---------------------------------------------------------------------------

// The mean of a scalar series recorded along `chains` independent chains of equal length, stored
// chain-major (chains × length), with its autocorrelation-aware uncertainty.
struct Estimate {
    double mean = 0;
    double variance = 0;              // of one value (divisor N)
    double tau = 1;                   // integrated autocorrelation time, in recorded values
    int64_t window = 0;               // Sokal window M where M ≥ 5 τ(M) first held
    bool window_converged = false;    // false: the series is too short for τ, which is then a lower bound
    double ess = 0;                   // N / τ
    double standard_error = 0;        // sqrt(variance · τ / N)
    double standard_error_between_chains = 0;  // std of the chain means / sqrt(chains): no τ needed
};

// τ = 1 + 2 Σ_{t=1}^{M} ρ(t), ρ from the autocovariance averaged over chains about the global mean,
// with Sokal's automatic window (smallest M ≥ 5 τ(M)). Throws std::invalid_argument unless
// series.size() is a positive multiple of chains with at least 2 values per chain.
Estimate estimate_mean(const std::vector<double> &series, int64_t chains);

// ---- sampler ------------------------------------------------------------------------------

struct MalaOptions {
    int64_t chains = 64;
    int64_t adapt_steps = 500;        // per chain: step size adapted towards target_acceptance
    int64_t settle_steps = 500;       // per chain: fixed step, discarded
    int64_t samples_per_chain = 313;  // kept
    int64_t thin = 10;                // steps between kept samples
    double target_acceptance = 0.57;
    double initial_step = 0.1;        // ε, the proposal standard deviation
    uint64_t seed = 1;
    bool random_flips = true;         // multiply kept samples by random signs (only if target.even())
    double start_value = 1.0;         // chain c starts at (−1)^c · start_value + 0.1 N(0, 1) per coordinate
    // 0: MALA only. k > 0: one Wolff cluster flip of the sign embedding after every k MALA steps
    // (only if target.bond_coupling() > 0): exact, rejection-free, and what removes the kinks of
    // the long chain and the critical slowing down of the lattice.
    int64_t cluster_interval = 0;
};

struct MalaRun {
    int64_t chains = 0, samples_per_chain = 0, d = 0;
    std::vector<double> samples;      // (chains · samples_per_chain) × d, row-major, chain-major
    std::vector<double> energy;       // V of each sample, same order
    double step = 0;                  // the fixed ε after adaptation (geometric mean over chains)
    double acceptance = 0;            // mean MALA acceptance probability after adaptation
    double mean_cluster_size = 0;     // sites per Wolff cluster after adaptation (0: none)
    Estimate energy_estimate;         // ⟨V⟩
    Estimate abs_magnetization_estimate;  // ⟨|mean(u)|⟩
    // τ of mean(u) along the chains before the random signs, in kept samples: how slowly single
    // chains cross between the wells (long, or a lower bound, when they rarely do).
    Estimate raw_magnetization_estimate;
    double seconds = 0;               // wall time of the run
};

// MALA (Metropolis-adjusted Langevin): proposal y = u − (ε²/2) β∇V(u) + ε ξ, accepted with the
// Metropolis–Hastings ratio, optionally interleaved with Wolff cluster flips. Each chain has its own generator seeded from (seed, chain); the step
// is adapted per chain by Robbins–Monro on log ε during adapt_steps only, then fixed for all
// chains at the geometric mean of the adapted values, so the kept samples come from a
// time-homogeneous π-invariant chain. Deterministic given options.seed. Single-threaded.
// Settings measured in test_boltzmann_reference.cpp (64 chains × 313 kept = 20 032 samples, one
// core): GL d = 16, thin 100, cluster_interval 5: τ_int(V), τ_int(|mean u|) ≈ 1, ≈ 1.1 s;
// GL d = 64, thin 50, cluster_interval 5: τ_int ≈ 1.5, ≈ 2.8 s; φ⁴ 8×8 at κ = 0.32, thin 25,
// cluster_interval 5: τ_int(|M|) ≈ 2.4, ≈ 1.5 s.
MalaRun run_mala(const BoltzmannTarget &target, const MalaOptions &options);

// ---- observables --------------------------------------------------------------------------

// mean(u) over the d coordinates of one state.
double magnetization(const double *u, int64_t d);

// f applied to each row of an n × d row-major array.
std::vector<double> magnetizations(const std::vector<double> &samples, int64_t d);
std::vector<double> abs_magnetizations(const std::vector<double> &samples, int64_t d);
std::vector<double> energies(const BoltzmannTarget &target, const std::vector<double> &samples);

// C(r) = ⟨u_i u_{i+r}⟩ for r = 0..r_max, averaged over the samples and over i = 1..d−r of a chain.
std::vector<double> chain_correlation(const std::vector<double> &samples, int64_t d, int64_t r_max);

// C(r) = ⟨φ_x φ_{x+r e_μ}⟩ for r = 0..r_max (periodic), averaged over samples, sites and μ = 1, 2.
std::vector<double> lattice_correlation(const std::vector<double> &samples, int64_t side, int64_t r_max);

// Fraction of the samples whose mean(u) falls in [edges[b], edges[b+1]) for each of the
// edges.size() − 1 bins (the last bin includes its right edge); samples outside count nowhere.
std::vector<double> magnetization_histogram(const std::vector<double> &samples, int64_t d,
                                            const std::vector<double> &edges);

}  // namespace ofdm::testing

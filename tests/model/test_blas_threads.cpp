// Results do not depend on OpenBLAS's thread count (DESIGN §3, "Determinism"): in one process,
// the same fits, the same selection and the same samples with OpenBLAS on 1 and then on 2
// threads must agree bit for bit. CI also runs every suite with 1 and 2 threads
// (`make test-blas-threads`), but that only checks that both pass.
//
// OpenBLAS 0.3.21 is not bit-identical across thread counts for dpotrf (from K = 64), dsymv (at
// every size), dgemv and dpstrf (from K ≈ 285); dpotrs and daxpy are. The library therefore runs
// the Galerkin factorizations and solves (galerkin.cpp) and the held-out loss (model_selection.cpp)
// with OpenBLAS on one thread (SerialBlas, as the moment pass and the coordinate map already were).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "math/basis.h"
#include "model/fit.h"
#include "model/flow.h"
#include "model/model_selection.h"
#include "model/sampler.h"
#include "support/test_data.h"

extern "C" void openblas_set_num_threads(int);
extern "C" int openblas_get_num_threads(void);

namespace ofdm {
namespace {

// Sets OpenBLAS's thread count for the scope and restores the caller's at its end.
class BlasThreads {
public:
    explicit BlasThreads(int threads) : saved_(openblas_get_num_threads()) { openblas_set_num_threads(threads); }
    ~BlasThreads() { openblas_set_num_threads(saved_); }
    BlasThreads(const BlasThreads &) = delete;
    BlasThreads &operator=(const BlasThreads &) = delete;

private:
    int saved_;
};

// Bit-for-bit equality of two arrays, or how many entries differ and by how much.
::testing::AssertionResult same_bits(const std::vector<double> &one, const std::vector<double> &two) {
    if (one.size() != two.size())
        return ::testing::AssertionFailure() << "sizes " << one.size() << " and " << two.size();
    size_t differ = 0;
    double largest = 0.0, scale = 0.0;
    for (size_t i = 0; i < one.size(); ++i) {
        scale = std::max(scale, std::fabs(one[i]));
        if (std::memcmp(&one[i], &two[i], sizeof(double)) != 0) {
            ++differ;
            largest = std::max(largest, std::fabs(one[i] - two[i]));
        }
    }
    if (differ == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << differ << " of " << one.size() << " entries differ, by up to "
                                         << largest / scale << " of the largest";
}

const std::vector<double> kTimes{0.0, 1e-6, 1e-3, 0.05, 0.3, 1.0, 4.0};

// What must not change with the thread count: the kept functions, α(t) at kTimes, seeded
// samples of the reverse SDE (400 steps) and of the probability-flow ODE (Heun, 50 steps), and
// the flow's log-likelihood of a few points (its adaptive α(t) curve).
struct Outcome {
    std::vector<int64_t> active;
    std::vector<std::vector<double>> alpha;
    std::vector<double> sde, ode, log_likelihood;
};

Outcome outcome_of(const Model &model, int64_t samples) {
    Outcome o;
    o.active = model.active_functions();
    for (double t : kTimes) o.alpha.push_back(model.coefficients_at(t));
    const int64_t d = model.data_dim();
    o.sde.resize(size_t(samples * d));
    SampleSettings sde;
    sde.seed = 7;
    sample_model(model, samples, sde, o.sde.data(), d);
    o.ode.resize(size_t(samples * d));
    SampleSettings ode;
    ode.method = OFDM_SAMPLER_ODE_HEUN;
    ode.steps = 50;
    ode.seed = 8;
    sample_model(model, samples, ode, o.ode.data(), d);
    const int64_t points = 10;  // the first SDE samples: points where the model has mass
    o.log_likelihood.resize(size_t(points));
    flow_log_likelihood(model, o.sde.data(), points, d, flow_default_settings(), o.log_likelihood.data());
    return o;
}

void expect_same(const Outcome &one, const Outcome &two) {
    EXPECT_EQ(one.active, two.active);
    for (size_t i = 0; i < kTimes.size(); ++i) EXPECT_TRUE(same_bits(one.alpha[i], two.alpha[i])) << "α(t) at t = " << kTimes[i];
    EXPECT_TRUE(same_bits(one.sde, two.sde)) << "reverse-SDE samples";
    EXPECT_TRUE(same_bits(one.ode, two.ode)) << "probability-flow ODE samples";
    EXPECT_TRUE(same_bits(one.log_likelihood, two.log_likelihood)) << "flow log-likelihoods";
}

// A three-mode mixture in 3-D, total degree 10: K = 285, beyond the sizes at which OpenBLAS's
// factorizations and matrix-vector products start to use their threads.
TEST(BlasThreads, AFixedBasisFitIsTheSameOnOneAndTwoThreads) {
    const bool memcheck = testing::under_memcheck();
    const testing::Mixture modes{{{-1.2, 0.0, 0.3}, {1.2, 0.0, -0.3}, {0.0, 1.2, 0.0}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
    testing::Random random(31);
    const int64_t n = memcheck ? 2000 : 20000, samples = memcheck ? 20 : 200;
    const std::vector<double> x = modes.sample(n, random);
    const auto basis = std::make_shared<const Basis>(make_total_degree_basis(3, memcheck ? 6 : 10, 0));
    FitSettings settings;
    settings.ridge = 1e-8;
    const int caller = openblas_get_num_threads();
    Outcome one, two;
    {
        BlasThreads threads(1);
        one = outcome_of(fit_model(basis, x.data(), n, 3, settings), samples);
    }
    {
        BlasThreads threads(2);
        ASSERT_EQ(openblas_get_num_threads(), 2);
        two = outcome_of(fit_model(basis, x.data(), n, 3, settings), samples);
    }
    EXPECT_EQ(openblas_get_num_threads(), caller);
    EXPECT_EQ(int64_t(one.active.size()), basis->size());
    expect_same(one, two);
}

// Model selection over total degrees 1..16 of the 2-D mixture (K up to 152, five ridges each):
// the same candidate table (every loss bit for bit), the same choice, the same refitted model.
TEST(BlasThreads, ModelSelectionChoosesTheSameModelOnOneAndTwoThreads) {
    const bool memcheck = testing::under_memcheck();
    const testing::Mixture modes{{{-1.2, 0.0}, {1.2, 0.0}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
    testing::Random random(32);
    const int64_t n = memcheck ? 1000 : 6000, samples = memcheck ? 20 : 200;
    const std::vector<double> x = modes.sample(n, random);
    SelectionSettings selection;
    selection.max_degree = memcheck ? 6 : 16;
    struct Run {
        Selection table;
        size_t chosen = 0;
        Outcome outcome;
    };
    auto run = [&](int threads) {
        BlasThreads scope(threads);
        EXPECT_EQ(openblas_get_num_threads(), threads);
        Run r;
        r.table = select_model(x.data(), n, 2, 2, FitSettings{}, selection);
        r.outcome = outcome_of(fit_selected(x.data(), n, 2, 2, FitSettings{}, r.table, &r.chosen), samples);
        return r;
    };
    const int caller = openblas_get_num_threads();
    const Run one = run(1), two = run(2);
    EXPECT_EQ(openblas_get_num_threads(), caller);
    ASSERT_EQ(one.table.candidates.size(), two.table.candidates.size());
    for (size_t i = 0; i < one.table.candidates.size(); ++i) {
        const SelectionCandidate &a = one.table.candidates[i], &b = two.table.candidates[i];
        EXPECT_TRUE(same_bits({a.loss}, {b.loss})) << "degree " << a.degree << ", interaction " << a.interaction
                                                  << ", ridge " << a.ridge;
        EXPECT_EQ(a.failure, b.failure) << "degree " << a.degree << ", ridge " << a.ridge;
    }
    EXPECT_EQ(one.table.best, two.table.best);
    EXPECT_EQ(one.chosen, two.chosen);
    const SelectionCandidate &chosen = one.table.candidates[one.chosen];
    std::printf("  chosen: degree %d, interaction %d, ridge %g, K %lld\n", chosen.degree, chosen.interaction,
                chosen.ridge, (long long)chosen.basis_size);
    expect_same(one.outcome, two.outcome);
}

}  // namespace
}  // namespace ofdm

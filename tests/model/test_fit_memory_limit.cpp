// FitSettings::memory_limit (DESIGN §3, "Scale"): a fit whose Galerkin matrices and moments
// would exceed the cap is refused with OFDM_ERR_TOO_LARGE and the estimate in the message —
// before the O(K²) moment set is built when a cheap lower bound on its size already exceeds the
// cap; a fit within the cap is unchanged.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "math/basis.h"
#include "math/error.h"
#include "math/galerkin.h"
#include "model/fit.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

std::vector<double> normal_data(int64_t n, int64_t d) {
    testing::Random random(5);
    std::vector<double> x(size_t(n * d));
    for (double &v : x) v = random.normal();
    return x;
}

// The moment count a refusal names ("... functions and N moments ...").
int64_t named_moments(const std::string &message) {
    std::smatch match;
    if (!std::regex_search(message, match, std::regex("and ([0-9]+) moments"))) return -1;
    return std::stoll(match[1]);
}

// d = 32, total degree 3: K = 6 544, six 6 544² matrices (2 GB) and 58 905 moments. A 64 MiB cap
// is refused on the lower bound of the moment count, before the set is built.
TEST(FitMemoryLimit, AnOversizedFitIsRefusedBeforeTheMomentSet) {
    const auto basis = std::make_shared<const Basis>(make_total_degree_basis(32, 3, 0));
    ASSERT_EQ(basis->size(), 6544);
    const std::vector<double> x = normal_data(10, 32);
    FitSettings settings;
    settings.ridge = 1e-6;
    settings.memory_limit = int64_t(64) << 20;
    try {
        fit_model(basis, x.data(), 10, 32, settings);
        FAIL() << "a 2 GB fit passed a 64 MiB cap";
    } catch (const Error &e) {
        const std::string message = e.what();
        EXPECT_EQ(e.status(), OFDM_ERR_TOO_LARGE);
        EXPECT_NE(message.find("memory_limit = 64 MiB"), std::string::npos) << message;
        EXPECT_NE(message.find("would need about"), std::string::npos) << message;
        const int64_t named = named_moments(message);
        EXPECT_GE(named, basis->size() + 1) << message;
        EXPECT_LT(named, 58905) << "the refusal must come from the lower bound, before the set: " << message;
    }
}

// A cap between the matrices alone and matrices + moments: the lower bound passes, the exact
// count (known once the set is built) does not.
TEST(FitMemoryLimit, TheExactMomentCountIsCheckedOnceKnown) {
    const auto basis = std::make_shared<const Basis>(make_total_degree_basis(3, 12, 0));
    const int64_t moments = galerkin_moment_set(*basis).size();
    const int64_t lower = galerkin_moment_lower_bound(*basis);
    ASSERT_LT(lower, moments);
    const std::vector<double> x = normal_data(2000, 3);
    FitSettings settings;
    settings.ridge = 1e-8;
    settings.memory_limit = galerkin_memory_bytes(*basis, moments) - 1;
    ASSERT_GE(settings.memory_limit, galerkin_memory_bytes(*basis, lower));
    try {
        fit_model(basis, x.data(), 2000, 3, settings);
        FAIL() << "a fit one byte over its cap passed";
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_TOO_LARGE);
        EXPECT_EQ(named_moments(e.what()), moments) << e.what();
    }
    // At the estimate exactly, the fit runs, and gives what an uncapped fit gives.
    settings.memory_limit = galerkin_memory_bytes(*basis, moments);
    const Model capped = fit_model(basis, x.data(), 2000, 3, settings);
    settings.memory_limit = 0;
    const Model free = fit_model(basis, x.data(), 2000, 3, settings);
    EXPECT_EQ(capped.coefficients_at(0.3), free.coefficients_at(0.3));
}

TEST(FitMemoryLimit, ANegativeLimitIsAnInvalidArgument) {
    const auto basis = std::make_shared<const Basis>(make_total_degree_basis(2, 2, 0));
    const std::vector<double> x = normal_data(50, 2);
    FitSettings settings;
    settings.memory_limit = -1;
    try {
        fit_model(basis, x.data(), 50, 2, settings);
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("memory_limit"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace ofdm

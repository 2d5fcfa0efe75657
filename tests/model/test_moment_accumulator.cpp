// The mergeable moment accumulator (DESIGN §3, "Scale"): chunking, merging, thread count and the
// export/import round trip change nothing beyond rounding (or nothing at all, where stated); a
// foreign array or accumulator is refused with OFDM_ERR_INVALID_ARGUMENT and a message that says
// why; and a model fitted from an accumulator is the in-memory fit.
#include <cblas.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "math/basis.h"
#include "math/column_statistics.h"
#include "math/error.h"
#include "math/hermite.h"
#include "math/moments.h"
#include "model/fit.h"
#include "model/moment_accumulator.h"
#include "support/test_data.h"

namespace ofdm {
namespace {

// Relative to Σ_i |φ_m(z_i)|: sums of a few thousand terms taken in another order or grouping
// differ by a few ulps of that scale.
constexpr double kSumTolerance = 1e-13;

std::shared_ptr<const Basis> small_basis() { return std::make_shared<const Basis>(make_total_degree_basis(3, 4, 0)); }

// n × 3 rows from a skewed, shifted distribution (odd moments are not ~0) with a density in 3-D.
std::vector<double> sample_rows(int64_t n, uint64_t seed) {
    testing::Random random(seed);
    std::vector<double> x(size_t(n * 3));
    for (int64_t i = 0; i < n; ++i) {
        const double a = random.normal(), b = random.normal(), c = random.normal();
        x[size_t(3 * i)] = 2.0 + a;
        x[size_t(3 * i + 1)] = -1.0 + 0.5 * a * a + 0.3 * b + 0.4 * c;
        x[size_t(3 * i + 2)] = 0.7 * b - 0.2 * a;
    }
    return x;
}

CoordinateMap standardization_of(const std::vector<double> &x) {
    return CoordinateMap::standardization(x.data(), int64_t(x.size()) / 3, 3, 3);
}

// Σ_i |φ_m(z_i)| for every moment: the scale of a sum's rounding error.
std::vector<double> magnitudes(const MomentAccumulator &acc, const std::vector<double> &x) {
    const int64_t n = int64_t(x.size()) / 3, d = 3;
    std::vector<double> z(x.size()), psi(size_t(d * 16)), out(size_t(acc.moment_count()), 0.0);
    acc.coordinates().to_latent(x.data(), n, d, z.data(), d);
    for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < d; ++j) hermite_values(std::sqrt(acc.beta()) * z[size_t(i * d + j)], 15, &psi[size_t(16 * j)]);
        for (int64_t id = 0; id < acc.moment_count(); ++id) {
            double product = 1.0;
            for (const IndexEntry &e : acc.moments()[id]) product *= psi[size_t(16 * e.coord + e.power)];
            out[size_t(id)] += std::fabs(product);
        }
    }
    return out;
}

// box_tolerance = 0: the same latent points, whose box combines by min and max, rounding nothing.
void expect_same_moments(const MomentAccumulator &a, const MomentAccumulator &b, const std::vector<double> &scale,
                         const std::string &what, double box_tolerance = 0.0) {
    ASSERT_EQ(a.count(), b.count()) << what;
    for (int64_t id = 0; id < a.moment_count(); ++id)
        ASSERT_NEAR(a.sums()[size_t(id)], b.sums()[size_t(id)], kSumTolerance * scale[size_t(id)])
            << what << ": moment " << id;
    for (size_t j = 0; j < a.latent_box().lower.size(); ++j) {
        EXPECT_NEAR(a.latent_box().lower[j], b.latent_box().lower[j], box_tolerance) << what;
        EXPECT_NEAR(a.latent_box().upper[j], b.latent_box().upper[j], box_tolerance) << what;
    }
}

std::vector<double> exported(const MomentAccumulator &acc) {
    std::vector<double> out(size_t(acc.export_length()));
    acc.export_to(out.data());
    return out;
}

template <class Call>
std::string refused_with_invalid_argument(Call &&call) {
    try {
        call();
    } catch (const Error &e) {
        EXPECT_EQ(e.status(), OFDM_ERR_INVALID_ARGUMENT) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "expected OFDM_ERR_INVALID_ARGUMENT";
    return "";
}

TEST(MomentAccumulator, ChunkedAccumulationEqualsOneShot) {
    const std::vector<double> x = sample_rows(2000, 1);
    const int64_t n = 2000;
    MomentAccumulator one_shot(small_basis(), standardization_of(x), 1.0);
    one_shot.add(x.data(), n, 3);
    const std::vector<double> scale = magnitudes(one_shot, x);
    for (int64_t chunk : {1, 7, 1000}) {
        MomentAccumulator chunked(one_shot.shared_basis(), one_shot.coordinates(), 1.0);
        for (int64_t first = 0; first < n; first += chunk) chunked.add(x.data() + 3 * first, std::min(chunk, n - first), 3);
        expect_same_moments(chunked, one_shot, scale, "chunks of " + std::to_string(chunk));
    }
    EXPECT_EQ(one_shot.sums()[0], double(n));  // φ_0 = 1
}

TEST(MomentAccumulator, MergeIsAssociativeAndCommutative) {
    const std::vector<double> x = sample_rows(1500, 2);
    MomentAccumulator all(small_basis(), standardization_of(x), 0.8);
    all.add(x.data(), 1500, 3);
    const std::vector<double> scale = magnitudes(all, x);
    std::vector<MomentAccumulator> parts;
    for (int64_t first : {0, 400, 1100}) {
        parts.emplace_back(all.shared_basis(), all.coordinates(), 0.8);
        parts.back().add(x.data() + 3 * first, first == 1100 ? 400 : first == 400 ? 700 : 400, 3);
    }
    MomentAccumulator left = parts[0], right = parts[1], swapped = parts[2];
    left.merge(parts[1]);  // (A + B) + C
    left.merge(parts[2]);
    right.merge(parts[2]);  // A + (B + C)
    MomentAccumulator a = parts[0];
    a.merge(right);
    swapped.merge(parts[0]);  // (C + A) + B
    swapped.merge(parts[1]);
    expect_same_moments(left, a, scale, "associative");
    expect_same_moments(left, swapped, scale, "commutative");
    expect_same_moments(left, all, scale, "merged against one pass");
}

TEST(MomentAccumulator, ResultsDoNotDependOnTheThreadCount) {
    // Bit for bit: blocks are cut and reduced in the same order whatever the thread count. 40 000
    // rows are ~80 blocks, several rounds of blocks on any of these thread counts.
    const int64_t n = 40000;
    const std::vector<double> x = sample_rows(n, 3);
    std::vector<std::vector<double>> results;
    for (int32_t threads : {1, 2, 3}) {
        MomentAccumulator acc(small_basis(), standardization_of(x), 1.0);
        acc.add(x.data(), n, 3, threads);
        results.push_back(exported(acc));
    }
    for (size_t r = 1; r < results.size(); ++r)
        EXPECT_EQ(std::memcmp(results[0].data(), results[r].data(), results[0].size() * sizeof(double)), 0)
            << "threads " << r + 1;
    // And they are the sequential pass over the same latent rows, block after block, with
    // single-threaded BLAS as the accumulator runs it (threaded kernels round differently).
    MomentAccumulator acc(small_basis(), standardization_of(x), 1.0);
    std::vector<double> z(x.size()), sums(size_t(acc.moment_count()), 0.0);
    acc.coordinates().to_latent(x.data(), n, 3, z.data(), 3);
    const int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1);
    accumulate_moment_sums(acc.moments(), 0, 1.0, z.data(), n, 3, 3, sums.data());
    openblas_set_num_threads(blas_threads);
    EXPECT_EQ(std::memcmp(sums.data(), results[0].data() + 1, sums.size() * sizeof(double)), 0);
}

TEST(MomentAccumulator, ExportImportRoundTripsExactly) {
    const std::vector<double> x = sample_rows(500, 4);
    MomentAccumulator source(small_basis(), standardization_of(x), 1.3);
    MomentAccumulator empty(source.shared_basis(), source.coordinates(), 1.3);
    for (int64_t n : {int64_t(0), int64_t(500)}) {
        source.add(x.data(), n, 3);
        const std::vector<double> array = exported(source);
        ASSERT_EQ(int64_t(array.size()), source.moment_count() + 4 + 2 * 3);
        MomentAccumulator target(source.shared_basis(), source.coordinates(), 1.3);
        target.import_from(array.data(), int64_t(array.size()));
        const std::vector<double> again = exported(target);
        EXPECT_EQ(std::memcmp(array.data(), again.data(), array.size() * sizeof(double)), 0) << "n = " << n;
        EXPECT_EQ(target.count(), source.count());
    }
}

TEST(MomentAccumulator, ShardsCombineWithASumAndAMinimumAsMpiWould) {
    // MPI_Allreduce of two ranks' arrays: MPI_SUM over [0, M + 1), MPI_MIN over the rest.
    const std::vector<double> x = sample_rows(900, 5);
    MomentAccumulator rank0(small_basis(), standardization_of(x), 1.0), rank1 = rank0;
    rank0.add(x.data(), 300, 3);
    rank1.add(x.data() + 3 * 300, 600, 3);
    std::vector<double> reduced = exported(rank0);
    const std::vector<double> other = exported(rank1);
    const size_t sum_end = size_t(rank0.moment_count()) + 1;
    for (size_t u = 0; u < reduced.size(); ++u)
        reduced[u] = u < sum_end ? reduced[u] + other[u] : std::min(reduced[u], other[u]);
    MomentAccumulator combined(rank0.shared_basis(), rank0.coordinates(), 1.0);
    combined.import_from(reduced.data(), int64_t(reduced.size()));
    rank0.merge(rank1);
    const std::vector<double> merged = exported(rank0), via_mpi = exported(combined);
    EXPECT_EQ(std::memcmp(merged.data(), via_mpi.data(), merged.size() * sizeof(double)), 0);
}

TEST(MomentAccumulator, ForeignArraysAreRefusedWithTheReason) {
    const std::vector<double> x = sample_rows(200, 6);
    MomentAccumulator acc(small_basis(), standardization_of(x), 1.0);
    acc.add(x.data(), 200, 3);
    const std::vector<double> array = exported(acc);
    const int64_t length = int64_t(array.size());
    MomentAccumulator target(acc.shared_basis(), acc.coordinates(), 1.0);

    std::string message = refused_with_invalid_argument([&] { target.import_from(array.data(), length - 1); });
    EXPECT_NE(message.find(std::to_string(length - 1)), std::string::npos) << message;
    EXPECT_NE(message.find(std::to_string(length)), std::string::npos) << message;

    // Same length (same basis), different β: only the fingerprint tells them apart.
    MomentAccumulator other_beta(acc.shared_basis(), acc.coordinates(), 2.0);
    ASSERT_EQ(other_beta.export_length(), length);
    message = refused_with_invalid_argument([&] { other_beta.import_from(array.data(), length); });
    EXPECT_NE(message.find("different basis, beta or coordinate map"), std::string::npos) << message;
    EXPECT_NE(message.find("expected 0x"), std::string::npos) << message;

    // A different basis with as many functions: same length, different fingerprint.
    const int32_t rows[] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    const int32_t other_rows[] = {1, 0, 0, 0, 1, 0, 0, 0, 2};
    MomentAccumulator first(std::make_shared<const Basis>(make_basis_from_indices(3, rows, 3, 3)),
                            CoordinateMap::identity(3), 1.0);
    MomentAccumulator second(std::make_shared<const Basis>(make_basis_from_indices(3, other_rows, 3, 3)),
                             CoordinateMap::identity(3), 1.0);
    std::vector<double> small = exported(first);
    if (second.export_length() == first.export_length()) {
        message = refused_with_invalid_argument([&] { second.import_from(small.data(), int64_t(small.size())); });
        EXPECT_NE(message.find("different basis"), std::string::npos) << message;
    }
    message = refused_with_invalid_argument([&] { target.import_from(small.data(), int64_t(small.size())); });
    EXPECT_NE(message.find("needs " + std::to_string(length)), std::string::npos) << message;

    // Inconsistent values: a fractional count; the accumulator is left as it was.
    std::vector<double> damaged = array;
    damaged[0] += 0.5;
    message = refused_with_invalid_argument([&] { target.import_from(damaged.data(), length); });
    EXPECT_NE(message.find("count"), std::string::npos) << message;
    EXPECT_EQ(target.count(), 0);
}

TEST(MomentAccumulator, MergeRefusesADifferentBasisBetaOrCoordinateMap) {
    const std::vector<double> x = sample_rows(100, 7);
    MomentAccumulator acc(small_basis(), standardization_of(x), 1.0);
    MomentAccumulator other_basis(std::make_shared<const Basis>(make_total_degree_basis(3, 3, 0)), acc.coordinates(), 1.0);
    MomentAccumulator other_beta(acc.shared_basis(), acc.coordinates(), 1.5);
    MomentAccumulator other_map(acc.shared_basis(), CoordinateMap::identity(3), 1.0);
    EXPECT_NE(refused_with_invalid_argument([&] { acc.merge(other_basis); }).find("different basis"), std::string::npos);
    EXPECT_NE(refused_with_invalid_argument([&] { acc.merge(other_beta); }).find("different beta"), std::string::npos);
    EXPECT_NE(refused_with_invalid_argument([&] { acc.merge(other_map); }).find("different coordinate map"),
              std::string::npos);
    // An equal basis built separately is the same basis.
    MomentAccumulator rebuilt(small_basis(), acc.coordinates(), 1.0);
    rebuilt.add(x.data(), 100, 3);
    acc.merge(rebuilt);
    EXPECT_EQ(acc.count(), 100);
}

TEST(MomentAccumulator, TwoPassStandardizationEqualsTheInMemoryOne) {
    const int64_t n = 3000;
    for (double offset : {0.0, 1e4}) {
        // Far from the origin (1e4 ± 1) the streamed statistics must keep the precision they have
        // near it: the mean itself is then only known to ~1e-16 · 1e4, in memory or streamed, so
        // the moments are compared near the origin only.
        std::vector<double> x = sample_rows(n, 8);
        for (size_t u = 0; u < x.size(); u += 3) x[u] += offset;
        const CoordinateMap in_memory = standardization_of(x);
        for (int64_t chunk : {1, 7, 1000}) {
            ColumnStatistics statistics(3);
            for (int64_t first = 0; first < n; first += chunk)
                statistics.add(x.data() + 3 * first, std::min(chunk, n - first), 3);
            const CoordinateMap streamed = standardization_map(statistics);
            for (int64_t j = 0; j < 3; ++j) {
                // Each of up to n merges rounds the mean at ~1e-16 of the spread and M2 at ~1e-16.
                const double spread = in_memory.scale()[size_t(j)];
                // The in-memory mean, a sum of n terms of size |mean|, rounds at ~sqrt(n)·1e-16·|mean|.
                EXPECT_NEAR(streamed.shift()[size_t(j)], in_memory.shift()[size_t(j)],
                            1e-13 * spread + 1e-14 * std::fabs(in_memory.shift()[size_t(j)]))
                    << "offset " << offset << ", chunks of " << chunk;
                EXPECT_NEAR(streamed.scale()[size_t(j)], spread, 1e-13 * spread)
                    << "offset " << offset << ", chunks of " << chunk;
            }
            if (offset != 0.0) continue;
            MomentAccumulator a(small_basis(), streamed, 1.0), b(small_basis(), in_memory, 1.0);
            a.add(x.data(), n, 3);
            b.add(x.data(), n, 3);
            // Latent points |z| < 10 from maps that agree to 1e-13.
            expect_same_moments(a, b, magnitudes(b, x), "statistics in chunks of " + std::to_string(chunk), 1e-12);
        }
        // Statistics merge like the moments: two halves merged equal the whole.
        ColumnStatistics left(3), right(3);
        left.add(x.data(), n / 2, 3);
        right.add(x.data() + 3 * (n / 2), n - n / 2, 3);
        left.merge(right);
        for (int64_t j = 0; j < 3; ++j)
            EXPECT_NEAR(left.standard_deviation()[size_t(j)], in_memory.scale()[size_t(j)],
                        1e-13 * in_memory.scale()[size_t(j)]);
    }
}

TEST(MomentAccumulator, FittingFromTheAccumulatorIsTheInMemoryFit) {
    const std::vector<double> x = sample_rows(1200, 9);
    FitSettings settings;
    const Model direct = fit_model(small_basis(), x.data(), 1200, 3, settings);
    MomentAccumulator acc(small_basis(), standardization_of(x), settings.beta);
    acc.add(x.data(), 1200, 3);
    const Model from_moments = fit_model(acc, settings);
    EXPECT_EQ(from_moments.moment_means(), direct.moment_means());
    EXPECT_EQ(from_moments.coefficients_at(0.3), direct.coefficients_at(0.3));
    EXPECT_EQ(from_moments.latent_box().lower, direct.latent_box().lower);
    EXPECT_EQ(from_moments.training_size(), 1200);

    FitSettings other = settings;
    other.beta = 2.0;
    refused_with_invalid_argument([&] { fit_model(acc, other); });
}

}  // namespace
}  // namespace ofdm

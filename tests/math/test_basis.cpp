// Basis construction: sizes from closed-form counts, documented order, limits and refusals.
#include <gtest/gtest.h>

#include <vector>

#include "math/basis.h"
#include "math/error.h"

namespace ofdm {
namespace {

int64_t binomial(int64_t n, int64_t k) {
    if (k < 0 || k > n) return 0;
    int64_t value = 1;
    for (int64_t i = 1; i <= k; ++i) value = value * (n - k + i) / i;
    return value;
}

std::vector<int32_t> dense(const Basis &basis, int64_t k) {
    std::vector<int32_t> row(size_t(basis.dim()), 0);
    for (const IndexEntry &e : basis[k]) row[size_t(e.coord)] = e.power;
    return row;
}

ofdm_status status_of(void (*build)()) {
    try {
        build();
    } catch (const Error &e) {
        return e.status();
    }
    return OFDM_OK;
}

TEST(Basis, TotalDegreeCountsMatchClosedForm) {
    // Indices with support s and total degree <= p: C(d, s) supports × C(p, s) degree choices.
    for (int64_t d : {1, 2, 5, 9})
        for (int32_t p : {1, 2, 4, 7})
            for (int32_t q : {0, 1, 2, 3}) {
                const Basis basis = make_total_degree_basis(d, p, q);
                int64_t expected = 0;
                for (int64_t s = 1; s <= (q == 0 ? d : q); ++s) expected += binomial(d, s) * binomial(p, s);
                EXPECT_EQ(basis.size(), expected) << "d " << d << " p " << p << " q " << q;
                EXPECT_EQ(basis.max_total_degree(), p);
            }
}

TEST(Basis, TotalDegreeOrderIsByDegreeThenLexicographic) {
    const Basis basis = make_total_degree_basis(3, 2, 0);
    const std::vector<std::vector<int32_t>> expected = {
        {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {2, 0, 0}, {1, 1, 0}, {1, 0, 1}, {0, 2, 0}, {0, 1, 1}, {0, 0, 2}};
    ASSERT_EQ(basis.size(), int64_t(expected.size()));
    for (int64_t k = 0; k < basis.size(); ++k) EXPECT_EQ(dense(basis, k), expected[size_t(k)]) << "k = " << k;
}

TEST(Basis, InteractionLimitBoundsSupport) {
    const Basis basis = make_total_degree_basis(6, 5, 2);
    for (int64_t k = 0; k < basis.size(); ++k) EXPECT_LE(basis[k].count, 2);
}

TEST(Basis, GraphChainHasDesignSize) {
    // DESIGN §4: d = 16 chain, degree 4: 16·4 univariate + 15 edges × 6 pairs = 154.
    std::vector<int64_t> edges;
    for (int64_t i = 0; i + 1 < 16; ++i) edges.insert(edges.end(), {i, i + 1});
    const Basis basis = make_graph_basis(16, 4, edges.data(), 15);
    EXPECT_EQ(basis.size(), 154);
    for (int64_t k = 64; k < basis.size(); ++k) {
        ASSERT_EQ(basis[k].count, 2);
        EXPECT_EQ(basis[k].entries[1].coord, basis[k].entries[0].coord + 1);  // only along edges
        EXPECT_LE(basis[k].total_degree(), 4);
    }
}

TEST(Basis, GraphRepeatedEdgesCountOnce) {
    const int64_t edges[] = {0, 1, 1, 0, 0, 1, 2, 1};
    const Basis basis = make_graph_basis(3, 3, edges, 4);
    EXPECT_EQ(basis.size(), 3 * 3 + 2 * 3);  // univariate 9, two distinct edges × 3 pair terms
}

TEST(Basis, ExplicitListKeepsOrder) {
    const int32_t rows[] = {0, 2, 9, /*pad*/ 7, 1, 0, 0, /*pad*/ 5};
    const Basis basis = make_basis_from_indices(3, rows, 2, 4);
    ASSERT_EQ(basis.size(), 2);
    EXPECT_EQ(dense(basis, 0), (std::vector<int32_t>{0, 2, 9}));
    EXPECT_EQ(dense(basis, 1), (std::vector<int32_t>{1, 0, 0}));
    EXPECT_EQ(basis.max_power(), 9);
    EXPECT_EQ(basis.max_total_degree(), 11);
}

TEST(Basis, RefusalsCarryTheirStatus) {
    EXPECT_EQ(status_of([] { make_total_degree_basis(0, 2, 0); }), OFDM_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([] { make_total_degree_basis(2, OFDM_MAX_DEGREE + 1, 0); }), OFDM_ERR_DEGREE_TOO_LARGE);
    EXPECT_EQ(status_of([] { make_total_degree_basis(2, 3, -1); }), OFDM_ERR_INVALID_ARGUMENT);
    // 10^6 coordinates at degree 20 is astronomically many functions: refused before building.
    EXPECT_EQ(status_of([] { make_total_degree_basis(1000000, 20, 0); }), OFDM_ERR_TOO_LARGE);
    EXPECT_EQ(status_of([] {
                  const int32_t zero[] = {0, 0};
                  make_basis_from_indices(2, zero, 1, 2);
              }),
              OFDM_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([] {
                  const int32_t repeated[] = {1, 2, 1, 2};
                  make_basis_from_indices(2, repeated, 2, 2);
              }),
              OFDM_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([] {
                  const int32_t high[] = {1, OFDM_MAX_DEGREE + 1};
                  make_basis_from_indices(2, high, 1, 2);
              }),
              OFDM_ERR_DEGREE_TOO_LARGE);
    EXPECT_EQ(status_of([] {
                  const int64_t loop[] = {1, 1};
                  make_graph_basis(3, 2, loop, 1);
              }),
              OFDM_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(status_of([] {
                  const int64_t outside[] = {0, 3};
                  make_graph_basis(3, 2, outside, 1);
              }),
              OFDM_ERR_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace ofdm

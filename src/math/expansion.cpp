#include "expansion.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "hermite.h"

namespace ofdm {

ExpansionWorkspace::ExpansionWorkspace(const Basis &basis, double beta) {
    const int64_t degrees = int64_t(basis.max_power()) + 1;
    int32_t support = 0;
    for (int64_t k = 0; k < basis.size(); ++k) support = std::max(support, basis[k].count);
    table.resize(size_t(basis.dim() * degrees));
    prefix.resize(size_t(support) + 1);
    suffix.resize(size_t(support) + 1);
    sqrt_power.resize(size_t(degrees));
    second_power.resize(size_t(degrees));
    for (int64_t p = 0; p < degrees; ++p) {
        sqrt_power[size_t(p)] = std::sqrt(beta * double(p));
        second_power[size_t(p)] = beta * std::sqrt(double(p) * double(p > 0 ? p - 1 : 0));
    }
}

namespace {

// prefix[u] = Π_{v<u} ψ, suffix[u] = Π_{v>=u} ψ over the entries of one index: the partial along
// entry u is prefix[u] · ψ'_{k_u} · suffix[u+1], with no division by a possibly zero factor.
void fill_partial_products(IndexView index, const double *table, int64_t degrees, double *prefix, double *suffix) {
    const int32_t s = index.count;
    prefix[0] = 1.0;
    for (int32_t u = 0; u < s; ++u)
        prefix[u + 1] = prefix[u] * table[index.entries[u].coord * degrees + index.entries[u].power];
    suffix[s] = 1.0;
    for (int32_t u = s - 1; u >= 0; --u)
        suffix[u] = suffix[u + 1] * table[index.entries[u].coord * degrees + index.entries[u].power];
}

}  // namespace

void evaluate_expansion(const Basis &basis, const double *alpha, double beta, const double *z,
                        int64_t n, int64_t ldz, double *h, double *grad, int64_t ldgrad,
                        ExpansionWorkspace *workspace) {
    const int64_t d = basis.dim(), K = basis.size();
    const int32_t P = basis.max_power();
    const int64_t degrees = int64_t(P) + 1;
    const double scale = std::sqrt(beta);
    std::optional<ExpansionWorkspace> own;
    if (!workspace) workspace = &own.emplace(basis, beta);
    std::vector<double> &table = workspace->table, &prefix = workspace->prefix, &suffix = workspace->suffix;
    const std::vector<double> &sqrt_power = workspace->sqrt_power;

    for (int64_t i = 0; i < n; ++i) {
        const double *point = z + i * ldz;
        for (int64_t j = 0; j < d; ++j) hermite_values(scale * point[j], P, table.data() + j * degrees);
        double value = 0.0;
        double *gradient = grad ? grad + i * ldgrad : nullptr;
        if (gradient)
            for (int64_t j = 0; j < d; ++j) gradient[j] = 0.0;
        for (int64_t k = 0; k < K; ++k) {
            const IndexView index = basis[k];
            const int32_t s = index.count;
            fill_partial_products(index, table.data(), degrees, prefix.data(), suffix.data());
            value += alpha[k] * prefix[s];
            if (!gradient) continue;
            for (int32_t u = 0; u < s; ++u) {
                const IndexEntry e = index.entries[u];
                const double derivative = sqrt_power[size_t(e.power)] * table[size_t(e.coord * degrees + e.power - 1)];
                gradient[e.coord] += alpha[k] * prefix[u] * derivative * suffix[u + 1];
            }
        }
        if (h) h[i] = value;
    }
}

void evaluate_split_derivatives(const Basis &basis, const double *alpha, double beta, const double *z,
                                int32_t split_degree, double *grad_low, double *grad_high, double laplacian[2],
                                ExpansionWorkspace &workspace) {
    const int64_t d = basis.dim(), K = basis.size();
    const int32_t P = basis.max_power();
    const int64_t degrees = int64_t(P) + 1;
    const double scale = std::sqrt(beta);
    double *table = workspace.table.data(), *prefix = workspace.prefix.data(), *suffix = workspace.suffix.data();
    const double *first = workspace.sqrt_power.data(), *second = workspace.second_power.data();
    for (int64_t j = 0; j < d; ++j) hermite_values(scale * z[j], P, table + j * degrees);
    for (int64_t j = 0; j < d; ++j) grad_low[j] = grad_high[j] = 0.0;
    laplacian[0] = laplacian[1] = 0.0;
    for (int64_t k = 0; k < K; ++k) {
        const IndexView index = basis[k];
        if (alpha[k] == 0.0) continue;
        const bool low = index.total_degree() <= split_degree;
        double *gradient = low ? grad_low : grad_high;
        double &trace = laplacian[low ? 0 : 1];
        fill_partial_products(index, table, degrees, prefix, suffix);
        for (int32_t u = 0; u < index.count; ++u) {
            const IndexEntry e = index.entries[u];
            const double *psi = table + e.coord * degrees;
            const double others = alpha[k] * prefix[u] * suffix[u + 1];
            gradient[e.coord] += others * first[e.power] * psi[e.power - 1];
            if (e.power >= 2) trace += others * second[e.power] * psi[e.power - 2];
        }
    }
}

}  // namespace ofdm

// C entry points of the basis section: checks, handle ownership, nothing else.
#include <memory>

#include "capi/firewall.h"
#include "capi/handles.h"

using namespace ofdm::capi;

namespace {

// Builds a basis with build() and hands it out through out; nothing is written on failure.
template <class Build>
ofdm_status create_basis(const char *function, ofdm_basis **out, Build &&build) {
    return guarded(function, [&] {
        require_pointer(out, "out");
        auto handle = std::make_unique<ofdm_basis>();
        handle->basis = std::make_shared<const ofdm::Basis>(build());
        *out = handle.release();
    });
}

}  // namespace

extern "C" {

OFDM_API ofdm_status ofdm_basis_create_total_degree(int64_t dim, int32_t max_degree, int32_t max_interaction,
                                                    ofdm_basis **out) {
    return create_basis(__func__, out, [&] { return ofdm::make_total_degree_basis(dim, max_degree, max_interaction); });
}

OFDM_API ofdm_status ofdm_basis_create_graph(int64_t dim, int32_t max_degree, const int64_t *edges, int64_t n_edges,
                                             ofdm_basis **out) {
    return create_basis(__func__, out, [&] {
        require_count(n_edges, "n_edges");
        require_array(edges, n_edges, "edges");
        return ofdm::make_graph_basis(dim, max_degree, edges, n_edges);
    });
}

OFDM_API ofdm_status ofdm_basis_create_from_indices(int64_t dim, const int32_t *indices, int64_t count, int64_t ld,
                                                    ofdm_basis **out) {
    return create_basis(__func__, out, [&] {
        require_pointer(indices, "indices");
        return ofdm::make_basis_from_indices(dim, indices, count, ld);
    });
}

OFDM_API int64_t ofdm_basis_size(const ofdm_basis *basis) { return basis ? basis->basis->size() : 0; }

OFDM_API int64_t ofdm_basis_dim(const ofdm_basis *basis) { return basis ? basis->basis->dim() : 0; }

OFDM_API int32_t ofdm_basis_max_degree(const ofdm_basis *basis) {
    return basis ? basis->basis->max_total_degree() : 0;
}

OFDM_API ofdm_status ofdm_basis_indices(const ofdm_basis *basis, int32_t *out, int64_t ldout) {
    return guarded(__func__, [&] {
        require_pointer(basis, "basis");
        require_pointer(out, "out");
        const ofdm::Basis &b = *basis->basis;
        require_leading_dimension(ldout, b.dim(), "ldout");
        for (int64_t k = 0; k < b.size(); ++k) {
            int32_t *row = out + k * ldout;
            for (int64_t j = 0; j < b.dim(); ++j) row[j] = 0;
            for (const ofdm::IndexEntry &e : b[k]) row[e.coord] = e.power;
        }
    });
}

OFDM_API void ofdm_basis_free(ofdm_basis *basis) { delete basis; }

}  // extern "C"

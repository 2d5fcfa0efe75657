// C entry points of the fit and model sections: checks, handle ownership, nothing else.
#include <cstring>
#include <memory>

#include "capi/firewall.h"
#include "capi/fit_options.h"
#include "capi/handles.h"
#include "math/error.h"
#include "model/fit.h"

using namespace ofdm::capi;

namespace {

const ofdm::Model &model_of(const ofdm_model *model) {
    require_pointer(model, "model");
    return *model->model;
}

}  // namespace

ofdm_model *ofdm::capi::new_model_handle(ofdm::Model &&model) {
    auto handle = std::make_unique<ofdm_model>();
    handle->model = std::make_unique<const ofdm::Model>(std::move(model));
    handle->basis_view.basis = handle->model->shared_basis();
    return handle.release();
}

extern "C" {

OFDM_API ofdm_status ofdm_fit(const ofdm_basis *basis, const double *x, int64_t n, int64_t ldx,
                              const ofdm_fit_options *options, ofdm_model **out) {
    return guarded(__func__, [&] {
        require_pointer(basis, "basis");
        require_pointer(out, "out");
        require_count(n, "n");
        require_array(x, n, "x");
        const ofdm::FitSettings settings = fit_settings_from(options, ofdm::FitSettings{});
        require_leading_dimension(ldx, ofdm::data_dimension(settings, basis->basis->dim()), "ldx");
        *out = new_model_handle(ofdm::fit_model(basis->basis, x, n, ldx, settings));
    });
}

OFDM_API ofdm_status ofdm_model_score(const ofdm_model *model, double t, const double *x, int64_t n, int64_t ldx,
                                      double *out, int64_t ldout) {
    return guarded(__func__, [&] {
        const ofdm::Model &m = model_of(model);
        require_count(n, "n");
        require_array(x, n, "x");
        require_array(out, n, "out");
        require_leading_dimension(ldx, m.data_dim(), "ldx");
        require_leading_dimension(ldout, m.data_dim(), "ldout");
        m.score(t, x, n, ldx, out, ldout);
    });
}

OFDM_API ofdm_status ofdm_model_log_density(const ofdm_model *model, double t, const double *x, int64_t n,
                                            int64_t ldx, double *out) {
    return guarded(__func__, [&] {
        const ofdm::Model &m = model_of(model);
        require_count(n, "n");
        require_array(x, n, "x");
        require_array(out, n, "out");
        require_leading_dimension(ldx, m.data_dim(), "ldx");
        m.log_density(t, x, n, ldx, out);
    });
}

OFDM_API ofdm_status ofdm_model_coefficients(const ofdm_model *model, double t, double *alpha) {
    return guarded(__func__, [&] {
        const ofdm::Model &m = model_of(model);
        require_pointer(alpha, "alpha");
        const std::vector<double> coefficients = m.coefficients_at(t);
        std::memcpy(alpha, coefficients.data(), coefficients.size() * sizeof(double));
    });
}

OFDM_API ofdm_status ofdm_model_to_latent(const ofdm_model *model, const double *x, int64_t n, int64_t ldx,
                                          double *z, int64_t ldz) {
    return guarded(__func__, [&] {
        const ofdm::Model &m = model_of(model);
        require_count(n, "n");
        require_array(x, n, "x");
        require_array(z, n, "z");
        require_leading_dimension(ldx, m.data_dim(), "ldx");
        require_leading_dimension(ldz, m.latent_dim(), "ldz");
        m.coordinates().to_latent(x, n, ldx, z, ldz);
    });
}

OFDM_API ofdm_status ofdm_model_from_latent(const ofdm_model *model, const double *z, int64_t n, int64_t ldz,
                                            double *x, int64_t ldx) {
    return guarded(__func__, [&] {
        const ofdm::Model &m = model_of(model);
        require_count(n, "n");
        require_array(z, n, "z");
        require_array(x, n, "x");
        require_leading_dimension(ldz, m.latent_dim(), "ldz");
        require_leading_dimension(ldx, m.data_dim(), "ldx");
        m.coordinates().from_latent(z, n, ldz, x, ldx);
    });
}

OFDM_API const ofdm_basis *ofdm_model_basis(const ofdm_model *model) { return model ? &model->basis_view : nullptr; }

OFDM_API int64_t ofdm_model_dim(const ofdm_model *model) { return model ? model->model->data_dim() : 0; }

OFDM_API int64_t ofdm_model_latent_dim(const ofdm_model *model) { return model ? model->model->latent_dim() : 0; }

OFDM_API int64_t ofdm_model_rank(const ofdm_model *model) { return model ? model->model->rank() : 0; }

OFDM_API double ofdm_model_beta(const ofdm_model *model) { return model ? model->model->settings().beta : 0.0; }

OFDM_API int64_t ofdm_model_training_size(const ofdm_model *model) {
    return model ? model->model->training_size() : 0;
}

OFDM_API ofdm_status ofdm_model_options(const ofdm_model *model, ofdm_fit_options *options) {
    return guarded(__func__, [&] {
        const ofdm::Model &m = model_of(model);
        require_pointer(options, "options");
        ofdm::FitSettings reported = m.settings();
        reported.memory_limit = 0;  // a limit on the fit, not part of the model
        write_fit_options(reported, options);
    });
}

OFDM_API void ofdm_model_free(ofdm_model *model) { delete model; }

}  // extern "C"

// C entry points of the moments section: checks, handle ownership, nothing else. The passes,
// the export layouts and the refusals of foreign arrays live in model/moment_stream.
#include <memory>

#include "capi/firewall.h"
#include "capi/fit_options.h"
#include "capi/handles.h"
#include "math/error.h"
#include "model/moment_stream.h"

using namespace ofdm::capi;

namespace {

ofdm::MomentStream &stream_of(ofdm_moments *moments, const char *name) {
    require_pointer(moments, name);
    return *moments->stream;
}

const ofdm::MomentStream &stream_of(const ofdm_moments *moments, const char *name) {
    require_pointer(moments, name);
    return *moments->stream;
}

}  // namespace

extern "C" {

OFDM_API ofdm_status ofdm_moments_create(const ofdm_basis *basis, const ofdm_fit_options *options,
                                         ofdm_moments **out) {
    return guarded(__func__, [&] {
        require_pointer(basis, "basis");
        require_pointer(out, "out");
        auto handle = std::make_unique<ofdm_moments>();
        // A streamed fit does not use the progress callback (MomentStream drops it).
        const ofdm::FitSettings settings = fit_settings_from(options, ofdm::FitSettings{});
        handle->stream = std::make_unique<ofdm::MomentStream>(basis->basis, settings);
        *out = handle.release();
    });
}

OFDM_API ofdm_status ofdm_moments_add(ofdm_moments *moments, const double *x, int64_t n, int64_t ldx) {
    return guarded(__func__, [&] {
        ofdm::MomentStream &stream = stream_of(moments, "moments");
        require_count(n, "n");
        require_array(x, n, "x");
        require_leading_dimension(ldx, stream.data_dim(), "ldx");
        stream.add(x, n, ldx);
    });
}

OFDM_API ofdm_status ofdm_moments_begin_moments(ofdm_moments *moments) {
    return guarded(__func__, [&] { stream_of(moments, "moments").begin_moments(); });
}

OFDM_API int ofdm_moments_in_statistics_pass(const ofdm_moments *moments) {
    return moments && moments->stream->in_statistics_pass() ? 1 : 0;
}

OFDM_API int64_t ofdm_moments_count(const ofdm_moments *moments) { return moments ? moments->stream->count() : 0; }

OFDM_API ofdm_status ofdm_moments_merge(ofdm_moments *moments, const ofdm_moments *other) {
    return guarded(__func__, [&] {
        ofdm::MomentStream &stream = stream_of(moments, "moments");
        stream.merge(stream_of(other, "other"));
    });
}

OFDM_API ofdm_status ofdm_moments_export_length(const ofdm_moments *moments, int64_t *length) {
    return guarded(__func__, [&] {
        const ofdm::MomentStream &stream = stream_of(moments, "moments");
        require_pointer(length, "length");
        *length = stream.export_length();
    });
}

OFDM_API ofdm_status ofdm_moments_export(const ofdm_moments *moments, double *out) {
    return guarded(__func__, [&] {
        const ofdm::MomentStream &stream = stream_of(moments, "moments");
        require_pointer(out, "out");
        stream.export_to(out);
    });
}

OFDM_API ofdm_status ofdm_moments_import(ofdm_moments *moments, const double *values, int64_t length) {
    return guarded(__func__, [&] {
        ofdm::MomentStream &stream = stream_of(moments, "moments");
        require_pointer(values, "values");
        stream.import_from(values, length);
    });
}

OFDM_API ofdm_status ofdm_fit_moments(const ofdm_moments *moments, const ofdm_fit_options *options,
                                      ofdm_model **out) {
    return guarded(__func__, [&] {
        const ofdm::MomentStream &stream = stream_of(moments, "moments");
        require_pointer(out, "out");
        const ofdm::FitSettings settings = fit_settings_from(options, stream.settings());
        *out = new_model_handle(stream.fit(settings));
    });
}

OFDM_API void ofdm_moments_free(ofdm_moments *moments) { delete moments; }

}  // extern "C"

// C entry points of the files section: checks, handle ownership, nothing else.
#include <cstring>

#include "capi/firewall.h"
#include "capi/handles.h"
#include "math/error.h"
#include "model/model_file.h"

using namespace ofdm::capi;

extern "C" {

OFDM_API ofdm_status ofdm_model_save(const ofdm_model *model, const char *path) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_pointer(path, "path");
        ofdm::save_model_file(*model->model, path);
    });
}

OFDM_API ofdm_status ofdm_model_load(const char *path, ofdm_model **out) {
    return guarded(__func__, [&] {
        require_pointer(path, "path");
        require_pointer(out, "out");
        *out = new_model_handle(ofdm::load_model_file(path));
    });
}

OFDM_API ofdm_status ofdm_model_serialized_size(const ofdm_model *model, size_t *size) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_pointer(size, "size");
        *size = ofdm::serialize_model(*model->model).size();
    });
}

OFDM_API ofdm_status ofdm_model_save_buffer(const ofdm_model *model, void *buffer, size_t capacity, size_t *written) {
    return guarded(__func__, [&] {
        require_pointer(model, "model");
        require_pointer(buffer, "buffer");
        const std::vector<uint8_t> bytes = ofdm::serialize_model(*model->model);
        if (bytes.size() > capacity)
            ofdm::fail(OFDM_ERR_BUFFER_TOO_SMALL, "capacity = " + std::to_string(capacity) + " bytes, the model needs " +
                                                      std::to_string(bytes.size()));
        std::memcpy(buffer, bytes.data(), bytes.size());
        if (written) *written = bytes.size();
    });
}

OFDM_API ofdm_status ofdm_model_load_buffer(const void *buffer, size_t size, ofdm_model **out) {
    return guarded(__func__, [&] {
        require_pointer(out, "out");
        require_array(buffer, int64_t(size > 0), "buffer");
        *out = new_model_handle(ofdm::deserialize_model(static_cast<const uint8_t *>(buffer), size));
    });
}

}  // extern "C"

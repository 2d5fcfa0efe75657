#include "capi/caller_struct.h"

#include <string>

namespace ofdm::capi {

namespace {

std::string listed(Layouts layouts) {
    std::string text;
    for (size_t size : layouts) text += (text.empty() ? "" : ", ") + std::to_string(size);
    return text;
}

bool is_layout(size_t size, Layouts layouts) {
    return std::find(layouts.begin(), layouts.end(), size) != layouts.end() || size > *(layouts.end() - 1);
}

}  // namespace

void require_init_size(size_t size, Layouts layouts, const char *init) {
    if (!is_layout(size, layouts))
        fail(OFDM_ERR_INVALID_ARGUMENT, "size = " + std::to_string(size) + " is not a layout of this struct (" +
                                            listed(layouts) + " bytes, or larger from a newer header); pass sizeof " +
                                            "of the caller's struct, as the " + std::string(init) +
                                            " macro of ofdm.h does");
}

size_t known_prefix(const void *caller, size_t struct_size, Layouts layouts, const char *what, const char *init) {
    if (!is_layout(struct_size, layouts))
        fail(OFDM_ERR_INVALID_ARGUMENT, std::string(what) + "->struct_size = " + std::to_string(struct_size) +
                                            " is not a layout of this struct (" + listed(layouts) +
                                            " bytes, or larger from a newer header); initialise it with " + init);
    const size_t current = *(layouts.end() - 1);
    const unsigned char *bytes = static_cast<const unsigned char *>(caller);
    for (size_t i = current; i < struct_size; ++i)
        if (bytes[i] != 0)
            fail(OFDM_ERR_INVALID_ARGUMENT, std::string(what) + "->struct_size = " + std::to_string(struct_size) +
                                                " and it sets a field at byte " + std::to_string(i) +
                                                " that this library (" + std::string(ofdm_version_string()) + ", " +
                                                std::to_string(current) + "-byte layout) does not know: " +
                                                "it needs a newer ofdm");
    return std::min(struct_size, current);
}

}  // namespace ofdm::capi

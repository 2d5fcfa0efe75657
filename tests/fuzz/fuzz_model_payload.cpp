// libFuzzer target: the payload of a model file behind a header that is always consistent.
// Before loading, the input's payload-size field and trailing FNV-1a checksum are rewritten to
// match its length and content, so that mutations of the fields (dimension, settings, coordinate
// map, basis, moments) reach the field parser and the model build instead of being refused by
// the checksum. Inputs shorter than header + checksum are loaded as they are.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz/model_exercise.h"

using namespace ofdm_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::vector<uint8_t> bytes(data, data + size);
    if (size >= kHeaderSize + kChecksumSize) {
        const size_t end = size - kChecksumSize;
        put_u64(bytes.data() + kPayloadSizeOffset, uint64_t(end - kHeaderSize));
        put_u64(bytes.data() + end, fnv1a64(bytes.data(), end));
    }
    load_and_exercise(bytes.data(), bytes.size());
    return 0;
}

// libFuzzer target: arbitrary bytes given to ofdm_model_load_buffer, as a caller would pass a
// file from anywhere. Most mutations stop at the header or the checksum; this target covers
// that outer layer (magic, version, lengths, checksum), fuzz_model_payload the fields behind it.
// When the bytes load, the model is exercised (see model_exercise.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/model_exercise.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ofdm_fuzz::load_and_exercise(data, size);
    return 0;
}

// What the fuzz targets do with a model that loaded: every public use of a model, with the
// guarantees of include/ofdm.h checked as invariants. A broken invariant aborts, so libFuzzer
// records the input as a crash like any sanitizer report.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ofdm.h"

namespace ofdm_fuzz {

// Byte layout of the model file header (src/model/model_file.h), for the targets that edit it.
constexpr size_t kHeaderSize = 24;      // magic, u32 format major, u32 format minor, u64 payload size
constexpr size_t kMinorOffset = 12;
constexpr size_t kPayloadSizeOffset = 16;
constexpr size_t kChecksumSize = 8;     // FNV-1a 64 of everything before it

uint64_t fnv1a64(const uint8_t *bytes, size_t size);
void put_u64(uint8_t *at, uint64_t value);  // little-endian

// Aborts with "invariant broken: <what>" when `holds` is false.
void require(bool holds, const char *what);

// Loads size bytes with ofdm_model_load_buffer; when they load, exercises the model: basis
// accessors, latent maps, score and log-density at a few points and times, a tiny sample with
// one thread, and the serialization round trip (the saved bytes equal the input up to the format
// minor, which a reader accepts from newer writers and a writer sets to its own; saving the
// reloaded model gives the same bytes again). A refusal must carry a file status and leave *out alone.
void load_and_exercise(const uint8_t *bytes, size_t size);

}  // namespace ofdm_fuzz

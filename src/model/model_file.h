// The portable model file (DESIGN §3), little-endian:
//   offset 0   "OFDMMODL"                 magic
//   offset 8   u32 format major, u32 minor a reader refuses a newer major
//   offset 16  u64 payload size P
//   offset 24  payload (P bytes)          see model_file.cpp
//   24 + P     u64 FNV-1a of bytes [0, 24 + P)
// The payload stores the settings, training size, coordinate map, the data's latent box, the
// basis and the moment means;
// the Galerkin system is rebuilt from them on load, deterministically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"

namespace ofdm {

// Minor 1 added whitening and PCA coordinate maps (data dimension, mean, eigenvalues and
// eigenvectors in the payload). Models with other maps are still written as 1.0, so that
// readers of 1.0 keep reading them; a 1.0 reader refuses a 1.1 file's map as corrupt.
constexpr uint32_t kFormatMajor = 1;
constexpr uint32_t kFormatMinor = 1;

std::vector<uint8_t> serialize_model(const Model &model);

// Validates everything (magic, version, length, checksum, every field) before building; throws
// OFDM_ERR_FORMAT, _VERSION, _TRUNCATED or _CORRUPT with the byte offset in the message.
Model deserialize_model(const uint8_t *bytes, size_t size);

// Writes path atomically: a temporary file in the same directory, flushed, then renamed.
void save_model_file(const Model &model, const std::string &path);

Model load_model_file(const std::string &path);

}  // namespace ofdm

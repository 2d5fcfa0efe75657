// The portable model file (DESIGN §6), little-endian:
//   offset 0   "OFDMMODL"                 magic
//   offset 8   u32 format major, u32 minor a reader refuses any other major
//   offset 16  u64 payload size P
//   offset 24  payload (P bytes)          see model_file.cpp
//   24 + P     u64 FNV-1a of bytes [0, 24 + P)
// The payload stores the settings, training size, coordinate map, the data's latent box, the
// basis and the moment means;
// the Galerkin system is rebuilt from them on load, deterministically.
//
// The framing is a promise of every format version, this one and any later one: magic, the two
// version words, P, P bytes, then the FNV-1a of all preceding bytes as the last 8 bytes. Only
// the payload may change. A reader therefore knows a file's length from its first 24 bytes (and
// reads no further), and checks the checksum before the version, so that a bit flipped in the
// version words reads as damage (OFDM_ERR_CORRUPT) and only an intact newer file as
// OFDM_ERR_VERSION.
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

// Validates everything (magic, length, checksum, then version, then every field) before
// building; throws OFDM_ERR_FORMAT, _TRUNCATED, _CORRUPT or _VERSION with the byte offset in the
// message.
Model deserialize_model(const uint8_t *bytes, size_t size);

// Writes the model to path (ofdm.h, ofdm_model_save). A regular file or a new name: atomically,
// a temporary file in the same directory, flushed, then renamed over it. A device, FIFO or
// socket: written through in place (never replaced). A symbolic link (chains too): the same
// rules applied to the name it finally points at, so the link stays a link; a dangling link's
// target is created. Throws OFDM_ERR_IO naming the path and the system error.
void save_model_file(const Model &model, const std::string &path);

// Reads the 24-byte header, then exactly the length it announces plus one byte to tell a longer
// input: a longer file or a stream that goes on is OFDM_ERR_CORRUPT ("trailing bytes") without
// being read further; a stream announcing more than physical memory, OFDM_ERR_TOO_LARGE.
Model load_model_file(const std::string &path);

}  // namespace ofdm

// Reading data files (.npy or CSV, chosen by the magic bytes and the extension) and writing
// .npy results atomically. Errors are Failure exceptions whose message starts with the path:
// "data.npy: unsupported dtype '<i4' (float64 or float32 expected)".
#pragma once

#include <string>

#include "cli/matrix.h"
#include "cli/npy_format.h"

namespace ofdm_cli {

// Reads a whole file: a .npy file when it starts with the .npy magic; CSV text when its name
// ends in .csv, .txt, .tsv or .dat, or when it has another extension and holds no NUL byte. A
// name ending in .npy without the magic, an ofdm model file and other binary files are refused.
Matrix read_matrix_file(const std::string &path, ElementTypes accept = ElementTypes::floating);

// Writes the matrix as a float64 C-order .npy file: to "path.tmp.<pid>.<n>" in the same
// directory, flushed to disk, then renamed over path, so that path holds either its old
// content or the complete new file.
void write_npy_file(const std::string &path, const Matrix &matrix);

// The size of a file in bytes; throws Failure naming the path when it cannot be read.
int64_t file_size(const std::string &path);

}  // namespace ofdm_cli

// Reading data files (.npy or CSV, chosen by the magic bytes and the extension) and writing
// .npy results atomically. Errors are Failure exceptions whose message starts with the path:
// "data.npy: unsupported dtype '<i4' (float64 or float32 expected)".
#pragma once

#include <string>

#include "cli/matrix.h"
#include "cli/npy_format.h"

namespace ofdm_cli {

// Reads a data file: a .npy file when it starts with the .npy magic, otherwise CSV text. A name
// ending in .npy without the magic and an ofdm model file are refused, and so is text with a
// NUL byte ("not a text file: byte 0 is NUL"), as soon as the chunk holding it is read. Reading
// is bounded by what the format announces: a .npy file is read up to the size its header gives
// plus one byte, so a longer file or a stream that goes on is refused ("unexpected bytes after
// the data") without being read to its end, and an array larger than physical memory is
// refused before its data are read. Works on FIFOs and devices as on files.
Matrix read_matrix_file(const std::string &path, ElementTypes accept = ElementTypes::floating);

// Writes the matrix as a float64 C-order .npy file, with the rules of ofdm_model_save:
//  - a regular file or a new name: to "path.tmp.<pid>.<n>" in the same directory, flushed to
//    disk, then renamed over path, so that path holds either its old content or the complete
//    new file;
//  - a character or block device, FIFO or socket: written through in place, never replaced
//    (-o /dev/null stays /dev/null; /dev/full fails with "No space left on device");
//  - a symbolic link (chains too): the rules above for the name it finally points at, the
//    temporary file beside that target, so the link stays a link; a dangling link's target is
//    created, as a shell's `>` would.
// Throws Failure "path: cannot write: <system error>".
void write_npy_file(const std::string &path, const Matrix &matrix);

// The size of a file in bytes; throws Failure naming the path when it cannot be read.
int64_t file_size(const std::string &path);

}  // namespace ofdm_cli

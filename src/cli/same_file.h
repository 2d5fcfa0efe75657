// Refusing a command whose output would overwrite one of its inputs: `ofdm sample m.ofdm -n 5
// -o m.ofdm` would otherwise replace the model with samples, and `ofdm fit d.csv -o d.csv` the
// data with a model.
#pragma once

#include <string>
#include <vector>

namespace ofdm_cli {

// A file of the command line and how the user named it, for the message: {"MODEL", "m.ofdm"},
// {"-o", "out.npy"}.
struct NamedFile {
    std::string role;
    std::string path;
};

// Throws Failure (exit status 1) before anything is read or written when an output that exists
// as a regular file (after following symbolic links) is the same file as an input, or as another
// output: the same device and inode, so symbolic and hard links are seen through. Two outputs
// spelled alike are refused too, existing or not. Devices and FIFOs are not compared: writing to
// one destroys nothing (an output through /dev/stdout may share a terminal with /dev/stdin).
void refuse_output_over_input(const std::vector<NamedFile> &inputs, const std::vector<NamedFile> &outputs);

}  // namespace ofdm_cli

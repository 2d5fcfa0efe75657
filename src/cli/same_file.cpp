// Outputs that would overwrite inputs (same_file.h).
#include "cli/same_file.h"

#include <sys/stat.h>

#include "cli/cli_errors.h"

namespace ofdm_cli {

namespace {

// The identity of an existing file (stat follows symbolic links), when there is one.
bool identify(const std::string &path, struct stat *status) { return stat(path.c_str(), status) == 0; }

bool same(const struct stat &a, const struct stat &b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

std::string named(const NamedFile &file) { return file.role + " " + file.path; }

}  // namespace

void refuse_output_over_input(const std::vector<NamedFile> &inputs, const std::vector<NamedFile> &outputs) {
    for (size_t o = 0; o < outputs.size(); ++o) {
        const NamedFile &output = outputs[o];
        for (size_t other = 0; other < o; ++other)
            if (outputs[other].path == output.path)
                throw Failure(named(output) + " is the same file as " + named(outputs[other]) +
                              ": one would overwrite the other; give them different names");
        struct stat out_status;
        // A name that does not exist yet cannot hold an input; a device or FIFO is written
        // through, which destroys nothing.
        if (!identify(output.path, &out_status) || !S_ISREG(out_status.st_mode)) continue;
        for (const NamedFile &input : inputs) {
            struct stat in_status;
            if (identify(input.path, &in_status) && same(in_status, out_status))
                throw Failure(named(output) + " is the same file as the input " + named(input) +
                              ": writing it would destroy the input; choose another output file");
        }
        for (size_t other = 0; other < o; ++other) {
            struct stat other_status;
            if (identify(outputs[other].path, &other_status) && same(other_status, out_status))
                throw Failure(named(output) + " is the same file as " + named(outputs[other]) +
                              ": one would overwrite the other; give them different names");
        }
    }
}

}  // namespace ofdm_cli

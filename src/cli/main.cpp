// `ofdm`: the command-line tool over the public C API (include/ofdm.h), for people who never
// write C. Dispatches to a verb; turns every failure into one line on stderr and an exit
// status: 0 success, 1 failure, 2 usage error.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "ofdm.h"

namespace {

const char kUsage[] =
    "usage: ofdm COMMAND [options]   (ofdm COMMAND --help for its options)\n"
    "\n"
    "Optimization-free diffusion models: fit a generative model to samples without training,\n"
    "then draw new samples, scores and log-densities from it.\n"
    "\n"
    "Commands:\n"
    "  fit DATA -o MODEL            fit a model to samples and save it\n"
    "  sample MODEL -n N -o OUT.npy draw N new samples\n"
    "  score MODEL DATA -o OUT.npy  the score (gradient of log p_t) at each data point\n"
    "  loglik MODEL DATA -o OUT.npy the model's log-density at each data point\n"
    "  info MODEL                   what a model file holds (--validate DATA: its held-out loss)\n"
    "\n"
    "DATA: a .npy array (float64 or float32, C order, n x d or n) or CSV text (comma or blank\n"
    "separated, optional header line, '#' comments). Results are float64 .npy files.\n"
    "Exit status: 0 success, 1 failure, 2 usage error.\n"
    "\n"
    "  -h, --help                   this text\n"
    "  --version                    the version of the tool and of the library\n";

struct Verb {
    const char *name;
    int (*run)(const std::vector<std::string> &);
};

const Verb kVerbs[] = {
    {"fit", ofdm_cli::run_fit},       {"sample", ofdm_cli::run_sample}, {"score", ofdm_cli::run_score},
    {"loglik", ofdm_cli::run_loglik}, {"info", ofdm_cli::run_info},
};

}  // namespace

int main(int argc, char **argv) {
    std::string prefix = "ofdm";
    try {
        if (argc < 2) {
            std::fputs(kUsage, stderr);
            return 2;
        }
        const std::string word = argv[1];
        if (word == "--help" || word == "-h" || word == "help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (word == "--version") {
            std::printf("ofdm %s (built with ofdm.h %d.%d.%d)\n", ofdm_version_string(), OFDM_VERSION_MAJOR,
                        OFDM_VERSION_MINOR, OFDM_VERSION_PATCH);
            return 0;
        }
        for (const Verb &verb : kVerbs) {
            if (word == verb.name) {
                prefix += " " + word;
                return verb.run(std::vector<std::string>(argv + 2, argv + argc));
            }
        }
        throw ofdm_cli::UsageError("unknown command '" + word + "' (see 'ofdm --help')");
    } catch (const ofdm_cli::UsageError &error) {
        std::fprintf(stderr, "%s: %s\n", prefix.c_str(), error.what());
        return 2;
    } catch (const ofdm_cli::Failure &error) {
        std::fprintf(stderr, "%s: %s\n", prefix.c_str(), error.what());
        return 1;
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "%s: out of memory\n", prefix.c_str());
        return 1;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "%s: %s\n", prefix.c_str(), error.what());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "%s: unexpected failure\n", prefix.c_str());
        return 1;
    }
}

// From the library's C names to the tool's flags (library_messages.h): one table.
#include "cli/library_messages.h"

#include <algorithm>
#include <vector>

namespace ofdm_cli {

namespace {

struct Wording {
    const char *library;
    const char *cli;
};

// Whole phrases first, where a flag alone would read wrongly; a ridge is always a fit option, so
// the advice names the verb (the message may come from sample or loglik).
const Wording kPhrases[] = {
    {"set a ridge (ofdm_fit_options.ridge, e.g. 1e-8)", "refit with a ridge (ofdm fit --ridge 1e-8)"},
    {"nearly singular; set a ridge", "nearly singular; refit with a ridge (ofdm fit --ridge 1e-8)"},
    {"a smaller basis, or a ridge", "a smaller basis (--degree, --interactions), or a ridge (--ridge 1e-8)"},
    {"0 <= t_min < t_max < inf", "0 <= --t-min < --t-max < inf"},
    {", t_max = ", ", --t-max "},
    {"keep options.guard on", "leave out --no-guard"},
    {"options.keep_outliers non-zero keeps them", "--keep-outliers keeps them"},
    {"use OFDM_COORDINATES_PCA to reduce the dimension", "use --coordinates pca --components R to reduce the dimension"},
    {"OFDM_COORDINATES_PCA with a basis of dimension <= ", "--coordinates pca with --components <= "},
    {"exceeds OFDM_MAX_DEGREE = ", "exceeds the largest degree, "},
    {"OFDM_COORDINATES_NONE", "--coordinates none"},
    {"OFDM_COORDINATES_STANDARDIZE", "--coordinates standardize"},
    {"OFDM_COORDINATES_WHITEN", "--coordinates whiten"},
    {"OFDM_COORDINATES_PCA", "--coordinates pca"},
};

// Option fields: "options.<field> = <value>" reads "<flag> <value>", a bare "options.<field>"
// reads "<flag>". The fields of ofdm_fit_options, ofdm_select_options, ofdm_adaptive_options and
// ofdm_sample_options
// that the verbs set from a flag.
const Wording kFields[] = {
    {"beta", "--beta"},
    {"ridge", "--ridge"},
    {"coordinates", "--coordinates"},
    {"time_mode", "--time-mode"},
    {"memory_limit", "--memory-limit"},
    {"max_degree", "--max-degree"},
    {"max_interaction", "--interactions"},
    {"validation_fraction", "--validation-fraction"},
    {"max_basis_size", "--max-basis-size"},
    {"latent_dim", "--components"},
    {"keep_outliers", "--keep-outliers"},
    {"max_rounds", "--max-rounds"},
    {"max_seconds", "--max-seconds"},
    {"method", "--sampler"},
    {"steps", "--steps"},
    {"t_max", "--t-max"},
    {"t_min", "--t-min"},
    {"grid", "--grid"},
    {"corrector_steps", "--corrector-steps"},
    {"corrector_snr", "--snr"},
    {"corrector", "--corrector"},
    {"threads", "--threads"},
    {"tolerance", "--tolerance"},
};

void replace_all(std::string &text, const std::string &from, const std::string &to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// The replacements in the order they apply: phrases, then fields, longest name first so that
// "options.corrector_steps" is not read as "options.corrector" followed by "_steps".
std::vector<std::pair<std::string, std::string>> replacements() {
    std::vector<std::pair<std::string, std::string>> list;
    for (const Wording &phrase : kPhrases) list.emplace_back(phrase.library, phrase.cli);
    std::vector<Wording> fields(std::begin(kFields), std::end(kFields));
    std::stable_sort(fields.begin(), fields.end(), [](const Wording &a, const Wording &b) {
        return std::char_traits<char>::length(a.library) > std::char_traits<char>::length(b.library);
    });
    for (const Wording &field : fields) {
        for (const char *prefix : {"ofdm_fit_options.", "ofdm_sample_options.", "ofdm_select_options.", "options."}) {
            list.emplace_back(std::string(prefix) + field.library + " = ", std::string(field.cli) + " ");
            list.emplace_back(std::string(prefix) + field.library, field.cli);
        }
    }
    return list;
}

}  // namespace

std::string in_cli_terms(std::string message) {
    static const std::vector<std::pair<std::string, std::string>> list = replacements();
    for (const auto &[from, to] : list) replace_all(message, from, to);
    return message;
}

}  // namespace ofdm_cli

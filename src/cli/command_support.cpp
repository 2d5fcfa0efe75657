// What the verbs share: library errors, loading a model, checking a data file against it.
#include <cstdio>

#include "cli/cli_errors.h"
#include "cli/commands.h"
#include "cli/library_messages.h"

namespace ofdm_cli {

void check_status(ofdm_status status, const std::string &context) {
    if (status == OFDM_OK) return;
    const std::string detail = ofdm_last_error();
    // The library names its C fields and enums; the user of the tool knows its flags.
    throw Failure(context + ": " + (detail.empty() ? ofdm_status_string(status) : in_cli_terms(detail)));
}

ModelHandle load_model(const std::string &path) {
    ofdm_model *model = nullptr;
    check_status(ofdm_model_load(path.c_str(), &model), path);
    return ModelHandle(model);
}

void require_dimension(const Matrix &data, const std::string &path, int64_t dim) {
    if (data.cols != dim)
        throw Failure(path + ": " + std::to_string(data.cols) + " column" + (data.cols == 1 ? "" : "s") +
                      ", but the model has dimension " + std::to_string(dim));
}

int print_usage(const char *usage) {
    std::fputs(usage, stdout);
    return 0;
}

}  // namespace ofdm_cli

// What the verbs share: library errors, loading a model, checking a data file against it.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

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

std::string largest_powers(const ofdm_basis *basis) {
    const int64_t K = ofdm_basis_size(basis), r = ofdm_basis_dim(basis);
    std::vector<int32_t> indices(size_t(K) * size_t(r));
    check_status(ofdm_basis_indices(basis, indices.data(), r), "basis");
    std::vector<int32_t> largest(size_t(r), 0);
    for (int64_t k = 0; k < K; ++k)
        for (int64_t j = 0; j < r; ++j) largest[size_t(j)] = std::max(largest[size_t(j)], indices[size_t(k * r + j)]);
    std::string text;
    for (int64_t j = 0; j < r && j < 16; ++j)
        text += (j ? " x" : "x") + std::to_string(j) + "^" + std::to_string(largest[size_t(j)]);
    if (r > 16) text += " ... (" + std::to_string(r) + " coordinates)";
    return text;
}

}  // namespace ofdm_cli

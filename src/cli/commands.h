// The verbs of the `ofdm` tool. Each takes the words after the verb, prints its usage for
// --help, returns the exit status on success (0) and throws UsageError or Failure otherwise.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/matrix.h"
#include "ofdm.h"

namespace ofdm_cli {

int run_fit(const std::vector<std::string> &args);
int run_sample(const std::vector<std::string> &args);
int run_score(const std::vector<std::string> &args);
int run_loglik(const std::vector<std::string> &args);
int run_info(const std::vector<std::string> &args);

// ---- shared by the verbs -------------------------------------------------------------------

struct ModelDeleter {
    void operator()(ofdm_model *model) const { ofdm_model_free(model); }
};
struct BasisDeleter {
    void operator()(ofdm_basis *basis) const { ofdm_basis_free(basis); }
};
using ModelHandle = std::unique_ptr<ofdm_model, ModelDeleter>;
using BasisHandle = std::unique_ptr<ofdm_basis, BasisDeleter>;

// Throws Failure("<context>: <ofdm_last_error()>") (or the status string when the library left
// no message) unless status is OFDM_OK. The message is put in the tool's terms first: C field
// and enum names become the flags that set them (library_messages.h).
void check_status(ofdm_status status, const std::string &context);

ModelHandle load_model(const std::string &path);

// Throws Failure when the data do not have the model's dimension.
void require_dimension(const Matrix &data, const std::string &path, int64_t dim);

// "x0^12 x1^8 x2^2": the largest power of each latent coordinate in the basis (the first 16,
// then "... (r coordinates)"), which shows how an adaptive basis grew.
std::string largest_powers(const ofdm_basis *basis);

// Prints `usage` to stdout (for --help).
int print_usage(const char *usage);

}  // namespace ofdm_cli

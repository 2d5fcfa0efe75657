#include "checked_size.h"

#include <unistd.h>

#include "error.h"

namespace ofdm {

int64_t checked_mul(int64_t a, int64_t b, const char *what) {
    int64_t product = 0;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &product))
        fail(OFDM_ERR_TOO_LARGE, std::string(what) + ": size overflows 64-bit arithmetic");
    return product;
}

int64_t checked_add(int64_t a, int64_t b, const char *what) {
    int64_t sum = 0;
    if (a < 0 || b < 0 || __builtin_add_overflow(a, b, &sum))
        fail(OFDM_ERR_TOO_LARGE, std::string(what) + ": size overflows 64-bit arithmetic");
    return sum;
}

int64_t memory_budget_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return INT64_MAX;
    int64_t bytes = 0;
    if (__builtin_mul_overflow(int64_t(pages), int64_t(page_size), &bytes)) return INT64_MAX;
    return bytes;
}

void require_memory(int64_t bytes, const std::string &what) {
    const int64_t budget = memory_budget_bytes();
    if (bytes > budget)
        fail(OFDM_ERR_TOO_LARGE, what + " would need about " + std::to_string(bytes >> 20) +
                                     " MiB, more than the " + std::to_string(budget >> 20) +
                                     " MiB of physical memory");
}

}  // namespace ofdm

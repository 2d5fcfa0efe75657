// Overflow-checked size arithmetic and the memory budget. Every product that sizes an
// allocation goes through checked_mul, so a huge basis is refused with OFDM_ERR_TOO_LARGE
// instead of wrapping around or attempting an absurd allocation.
#pragma once

#include <cstdint>
#include <string>

namespace ofdm {

// a * b, or OFDM_ERR_TOO_LARGE naming `what` on overflow or negative operands.
int64_t checked_mul(int64_t a, int64_t b, const char *what);

// a + b, or OFDM_ERR_TOO_LARGE naming `what` on overflow or negative operands.
int64_t checked_add(int64_t a, int64_t b, const char *what);

// The most memory one object may take: the machine's physical memory.
int64_t memory_budget_bytes();

// Throws OFDM_ERR_TOO_LARGE, with the estimate in the message, when `bytes` exceeds the budget.
void require_memory(int64_t bytes, const std::string &what);

}  // namespace ofdm

// Runs independent batches on worker threads with progress reports and cancellation, the one
// way ofdm parallelises work over samples. The caller's thread only reports progress, so the
// callback is always invoked on the thread that called into the library.
#pragma once

#include <cstdint>
#include <functional>

namespace ofdm {

// Progress callback of the public API: returns non-zero to cancel.
using ProgressFn = int (*)(int64_t done, int64_t total, void *user_data);

struct ProgressReporter {
    ProgressFn callback = nullptr;
    void *user_data = nullptr;
    // Calls the callback (if any); returns true when the caller asked to cancel.
    bool report(int64_t done, int64_t total) const { return callback && callback(done, total, user_data) != 0; }
};

// The number of worker threads for a request of `requested` (0: all cores), at most `batches`.
int32_t resolve_threads(int32_t requested, int64_t batches);

// Calls work(batch, advance) for batch = 0..batches−1 on `threads` threads; work reports units of
// progress with advance(units) and returns early when advance returns false (cancelled).
// Returns false if the run was cancelled. Exceptions from work are rethrown here.
bool run_batches(int64_t batches, int32_t threads, int64_t total_units, const ProgressReporter &progress,
                 const std::function<void(int64_t batch, const std::function<bool(int64_t)> &advance)> &work);

}  // namespace ofdm

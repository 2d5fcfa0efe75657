#include "parallel_batches.h"

#include "math/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace ofdm {

int32_t resolve_threads(int32_t requested, int64_t batches) {
    int64_t threads = requested > 0 ? requested : int64_t(std::max(1u, std::thread::hardware_concurrency()));
    return int32_t(std::max<int64_t>(1, std::min(threads, batches)));
}

bool run_batches(int64_t batches, int32_t threads, int64_t total_units, const ProgressReporter &progress,
                 const std::function<void(int64_t, const std::function<bool(int64_t)> &)> &work) {
    std::atomic<int64_t> next_batch{0}, done_units{0};
    std::atomic<bool> cancelled{false};
    std::atomic<int32_t> running{threads};
    std::mutex mutex;
    std::condition_variable finished;
    std::exception_ptr failure;

    const std::function<bool(int64_t)> advance = [&](int64_t units) {
        done_units += units;
        return !cancelled.load(std::memory_order_relaxed);
    };
    auto worker = [&] {
        try {
            for (int64_t batch; !cancelled && (batch = next_batch++) < batches;) work(batch, advance);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
            cancelled = true;
        }
        std::lock_guard<std::mutex> lock(mutex);
        if (--running == 0) finished.notify_all();
    };

    std::vector<std::thread> pool;
    try {
        for (int32_t i = 0; i < threads; ++i) pool.emplace_back(worker);
    } catch (const std::system_error &e) {
        // The system refused a thread (EAGAIN: out of threads or memory): stop the others, then
        // report it as the resource exhaustion it is.
        cancelled = true;
        running -= threads - int32_t(pool.size());
        for (std::thread &t : pool) t.join();
        fail(OFDM_ERR_OUT_OF_MEMORY, std::string("cannot start a worker thread: ") + e.what());
    } catch (...) {
        cancelled = true;  // could not start a thread: stop the others, then report
        running -= threads - int32_t(pool.size());
        for (std::thread &t : pool) t.join();
        throw;
    }
    {
        std::unique_lock<std::mutex> lock(mutex);
        while (running > 0) {
            finished.wait_for(lock, std::chrono::milliseconds(100));
            if (progress.callback && !cancelled) {
                const int64_t done = done_units;
                lock.unlock();
                if (progress.report(std::min(done, total_units), total_units)) cancelled = true;
                lock.lock();
            }
        }
    }
    for (std::thread &t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    if (cancelled) return false;
    if (progress.report(total_units, total_units)) return false;  // a final report can still cancel
    return true;
}

}  // namespace ofdm

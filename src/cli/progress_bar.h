// A progress bar on stderr for the library's progress callbacks (options.progress), drawn only
// when stderr is a terminal, so that logs and pipes stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "ofdm.h"

namespace ofdm_cli {

class ProgressBar {
public:
    // label: a short word shown before the bar ("fit", "sample", "loglik").
    explicit ProgressBar(const std::string &label);
    ~ProgressBar();
    ProgressBar(const ProgressBar &) = delete;
    ProgressBar &operator=(const ProgressBar &) = delete;

    // What to put in options.progress and options.progress_data: NULL when stderr is not a
    // terminal, so the library does not even call back.
    ofdm_progress_fn callback() const { return enabled_ ? &ProgressBar::report : nullptr; }
    void *data() { return this; }

private:
    static int report(int64_t done, int64_t total, void *self);
    void draw(int64_t done, int64_t total);

    std::string label_;
    bool enabled_;
    bool line_open_ = false;  // a bar is on the line, not yet ended by a newline
    std::chrono::steady_clock::time_point start_;
};

}  // namespace ofdm_cli

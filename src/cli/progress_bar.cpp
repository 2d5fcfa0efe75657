// The stderr progress bar (progress_bar.h).
#include "cli/progress_bar.h"

#include <cstdio>

#include <unistd.h>

namespace ofdm_cli {

ProgressBar::ProgressBar(const std::string &label)
    : label_(label), enabled_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
    if (line_open_) std::fputc('\n', stderr);
}

int ProgressBar::report(int64_t done, int64_t total, void *self) {
    static_cast<ProgressBar *>(self)->draw(done, total);
    return 0;  // never cancels
}

void ProgressBar::draw(int64_t done, int64_t total) {
    constexpr int kWidth = 30;
    const double fraction = total > 0 ? double(done) / double(total) : 1.0;
    const int filled = int(fraction * kWidth + 0.5);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    // \r returns to the start of the line; \033[K clears what a longer earlier line left.
    std::fprintf(stderr, "\r%s [%s] %3d%%  %.1f s\033[K", label_.c_str(), bar, int(fraction * 100 + 0.5), seconds);
    line_open_ = done < total;
    if (!line_open_) std::fputc('\n', stderr);
    std::fflush(stderr);
}

}  // namespace ofdm_cli

// How much memory this machine has, and byte counts as people read them: for the checks that
// refuse a buffer before allocating it (sample's output, a .npy array a stream announces), so
// that the message names the size instead of a bare "out of memory". Header-only: the readers and
// the writer (data_file.cpp) are linked into the test suites without the rest of the tool.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace ofdm_cli {

// Physical memory in bytes, the budget the library applies too (ofdm.h, memory_limit = 0);
// UINT64_MAX when the system does not say.
inline uint64_t physical_memory_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return UINT64_MAX;
    uint64_t bytes = 0;
    if (__builtin_mul_overflow(uint64_t(pages), uint64_t(page_size), &bytes)) return UINT64_MAX;
    return bytes;
}

// "1.6 TB", "512 bytes": decimal units, three significant digits.
inline std::string readable_bytes(double bytes) {
    static const char *const units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    int unit = 0;
    while (bytes >= 1000.0 && unit < 8) {
        bytes /= 1000.0;
        ++unit;
    }
    char text[48];
    if (unit == 0) std::snprintf(text, sizeof text, "%.0f bytes", bytes);
    else std::snprintf(text, sizeof text, "%.3g %s", bytes, units[unit]);
    return text;
}

}  // namespace ofdm_cli

#include "serial_blas.h"

#include <cblas.h>

namespace ofdm {

std::mutex SerialBlas::mutex_;
int SerialBlas::active_ = 0, SerialBlas::saved_ = 1;

SerialBlas::SerialBlas() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (active_++ == 0) {
        saved_ = openblas_get_num_threads();
        if (saved_ > 1) openblas_set_num_threads(1);
    }
}

SerialBlas::~SerialBlas() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--active_ == 0 && saved_ > 1) openblas_set_num_threads(saved_);
}

}  // namespace ofdm

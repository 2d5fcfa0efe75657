// While a SerialBlas is alive, OpenBLAS runs on one thread. The moment pass calls BLAS from
// several worker threads at once, and OpenBLAS's own threads inside those concurrent calls
// oversubscribe the cores: on 2 cores that measured 2–4× slower than workers over single-threaded
// BLAS (and OpenBLAS's threads alone, with one worker, about 2× slower). It also makes results
// independent of OpenBLAS's thread count, which they are not otherwise: its threaded kernels round
// the products of a block differently (the coordinate map's covariance and eigenvectors rely on
// this to be the same bits on every rank of a distributed fit). The setting is process-wide, so it
// is reference-counted: overlapping users restore the caller's setting once, when the last ends.
#pragma once

#include <mutex>

namespace ofdm {

class SerialBlas {
public:
    SerialBlas();
    ~SerialBlas();
    SerialBlas(const SerialBlas &) = delete;
    SerialBlas &operator=(const SerialBlas &) = delete;

private:
    static std::mutex mutex_;
    static int active_, saved_;
};

}  // namespace ofdm

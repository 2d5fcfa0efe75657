#include "moment_cache.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

#include "math/checked_size.h"
#include "math/error.h"
#include "math/moment_pass.h"
#include "math/serial_blas.h"
#include "model/parallel_batches.h"

namespace ofdm {

MomentCache::MomentCache(int64_t dim, double beta, std::vector<Rows> sets, int32_t threads)
    : dim_(dim), beta_(beta), sets_(std::move(sets)), threads_(threads), sums_(sets_.size()) {}

int64_t MomentCache::add(IndexView m) {
    const auto [id, added] = indices_.insert(m);
    if (added) degrees_.push_back(m.total_degree());
    return id;
}

void MomentCache::update() {
    const int64_t first = summed_, M = indices_.size() - summed_;
    if (M == 0) return;
    MultiIndexSet fresh;
    fresh.reserve(M, indices_.entry_count());
    for (int64_t id = first; id < indices_.size(); ++id) fresh.insert(indices_[id]);
    const MomentPass pass(fresh, beta_);
    const int64_t B = pass.block_rows();
    const SerialBlas serial_blas;
    std::vector<std::vector<double>> fresh_sums(sets_.size());  // committed once all are finite
    for (size_t set = 0; set < sets_.size(); ++set) {
        const Rows rows = sets_[set];
        std::vector<double> sums(size_t(M), 0.0);
        const int64_t blocks = (rows.n + B - 1) / B;
        const int32_t workers = resolve_threads(threads_, std::max<int64_t>(blocks, 1));
        // A round holds a few blocks per worker, so the partial sums stay a few copies of the set.
        const int64_t per_worker = std::clamp<int64_t>((int64_t(1) << 19) / M, 1, 16);
        const int64_t round = std::max<int64_t>(1, std::min(blocks, workers * per_worker));
        std::vector<double> partials(size_t(checked_mul(round, M, "moment slots")));
        std::vector<MomentPass::Workspace> work(static_cast<size_t>(workers));
        for (auto &w : work) w = pass.make_workspace();
        for (int64_t first_block = 0; first_block < blocks; first_block += round) {
            const int64_t in_round = std::min(round, blocks - first_block);
            run_batches(workers, workers, 0, ProgressReporter{}, [&](int64_t worker, const std::function<bool(int64_t)> &) {
                for (int64_t b = worker; b < in_round; b += workers) {
                    const int64_t row = (first_block + b) * B, count = std::min(B, rows.n - row);
                    pass.block_sums(rows.z + row * dim_, count, dim_, work[size_t(worker)], partials.data() + b * M);
                }
            });
            for (int64_t b = 0; b < in_round; ++b)
                for (int64_t id = 0; id < M; ++id) sums[size_t(id)] += partials[size_t(b * M + id)];
        }
        for (int64_t id = 0; id < M; ++id)
            if (!std::isfinite(sums[size_t(id)])) {
                std::ostringstream message;
                message << "a moment of degree " << degrees_[size_t(first + id)]
                        << " overflows double range: the data (in latent coordinates, scaled by sqrt(beta)) lie "
                           "too far out for this degree";
                fail(OFDM_ERR_OVERFLOW, message.str());
            }
        fresh_sums[set] = std::move(sums);
    }
    for (size_t set = 0; set < sets_.size(); ++set)
        sums_[set].insert(sums_[set].end(), fresh_sums[set].begin(), fresh_sums[set].end());
    summed_ = indices_.size();
}

}  // namespace ofdm

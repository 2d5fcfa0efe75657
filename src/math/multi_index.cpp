#include "multi_index.h"

#include <cstddef>

namespace ofdm {

int32_t IndexView::total_degree() const {
    int32_t degree = 0;
    for (const IndexEntry &e : *this) degree += e.power;
    return degree;
}

uint64_t MultiIndexSet::hash(IndexView index) const {
    // FNV-1a over (coord, power) words, then a final avalanche so low bits are well mixed.
    uint64_t h = 1469598103934665603ull;
    for (const IndexEntry &e : index) {
        h = (h ^ uint64_t(uint32_t(e.coord))) * 1099511628211ull;
        h = (h ^ uint64_t(uint32_t(e.power))) * 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

bool MultiIndexSet::equal(int64_t id, IndexView index) const {
    const IndexView stored = (*this)[id];
    if (stored.count != index.count) return false;
    for (int32_t i = 0; i < index.count; ++i)
        if (stored.entries[i].coord != index.entries[i].coord ||
            stored.entries[i].power != index.entries[i].power)
            return false;
    return true;
}

int64_t MultiIndexSet::find(IndexView index) const {
    if (slots_.empty()) return -1;
    const uint64_t mask = slots_.size() - 1;
    for (uint64_t slot = hash(index) & mask;; slot = (slot + 1) & mask) {
        const int64_t id = slots_[slot];
        if (id < 0) return -1;
        if (equal(id, index)) return id;
    }
}

void MultiIndexSet::grow_table() {
    const size_t capacity = slots_.empty() ? 64 : 2 * slots_.size();
    slots_.assign(capacity, -1);
    const uint64_t mask = capacity - 1;
    for (int64_t id = 0; id < size(); ++id) {
        uint64_t slot = hash((*this)[id]) & mask;
        while (slots_[slot] >= 0) slot = (slot + 1) & mask;
        slots_[slot] = id;
    }
}

std::pair<int64_t, bool> MultiIndexSet::insert(IndexView index) {
    // Keep the load factor below 1/2 so probe sequences stay short.
    if (2 * (size() + 1) > int64_t(slots_.size())) grow_table();
    const uint64_t mask = slots_.size() - 1;
    uint64_t slot = hash(index) & mask;
    for (;; slot = (slot + 1) & mask) {
        const int64_t id = slots_[slot];
        if (id < 0) break;
        if (equal(id, index)) return {id, false};
    }
    const int64_t id = size();
    entries_.insert(entries_.end(), index.begin(), index.end());
    offsets_.push_back(int64_t(entries_.size()));
    slots_[slot] = id;
    return {id, true};
}

void MultiIndexSet::reserve(int64_t indices, int64_t entries) {
    offsets_.reserve(size_t(indices) + 1);
    entries_.reserve(size_t(entries));
}

}  // namespace ofdm

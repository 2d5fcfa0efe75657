// Sparse multi-indices k ∈ ℕ^d stored as sorted (coordinate, power) lists, interned in a set that
// gives each distinct index a dense id. The basis and the moment set are both MultiIndexSets.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace ofdm {

// One non-zero entry k_coord = power of a multi-index.
struct IndexEntry {
    int32_t coord;
    int32_t power;
};

// A view of one sparse multi-index: entries sorted by increasing coordinate, all powers > 0.
// The zero multi-index has count 0.
struct IndexView {
    const IndexEntry *entries;
    int32_t count;
    const IndexEntry *begin() const { return entries; }
    const IndexEntry *end() const { return entries + count; }
    int32_t total_degree() const;
};

class MultiIndexSet {
public:
    MultiIndexSet() = default;

    // Adds the index if absent. Returns its id and whether it was new. Entries must be sorted by
    // coordinate with positive powers (callers build them so; not re-checked here).
    std::pair<int64_t, bool> insert(IndexView index);

    // The id of the index, or −1.
    int64_t find(IndexView index) const;

    int64_t size() const { return int64_t(offsets_.size()) - 1; }
    IndexView operator[](int64_t id) const {
        return {entries_.data() + offsets_[id], int32_t(offsets_[id + 1] - offsets_[id])};
    }
    // Total number of stored entries (Σ of supports).
    int64_t entry_count() const { return int64_t(entries_.size()); }

    // Reserves room for `indices` indices holding `entries` entries in all.
    void reserve(int64_t indices, int64_t entries);

private:
    uint64_t hash(IndexView index) const;
    bool equal(int64_t id, IndexView index) const;
    void grow_table();

    std::vector<int64_t> offsets_{0};
    std::vector<IndexEntry> entries_;
    std::vector<int64_t> slots_;  // open addressing, −1 = empty; size is a power of two
};

}  // namespace ofdm

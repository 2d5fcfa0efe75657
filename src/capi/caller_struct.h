// The options and report structs a caller passes (ofdm.h, "Conventions"): struct_size says
// which layout the caller was built with. Layouts only ever grow by appended fields, so a
// layout is a prefix of the library's own, or the library's own followed by fields of a newer
// header. This file holds the one rule for all of them:
//  - accepted sizes are the library's historical layouts (`layouts`, ascending, the last one
//    sizeof(T)) and any larger size whose bytes past sizeof(T) are zero (fields of a newer
//    header left at their defaults);
//  - a read copies the caller's prefix over the defaults, so missing fields keep them;
//  - a write touches only the caller's prefix;
//  - *_init_sized writes `size` bytes: the defaults, zeros past sizeof(T), and struct_size.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <initializer_list>

#include "capi/firewall.h"
#include "math/error.h"

namespace ofdm::capi {

using Layouts = std::initializer_list<size_t>;

// Checks a caller's struct_size against `layouts`; returns how many of its bytes this library
// knows (min(struct_size, sizeof(T))). Throws OFDM_ERR_INVALID_ARGUMENT naming `what`.
size_t known_prefix(const void *caller, size_t struct_size, Layouts layouts, const char *what, const char *init);

// The same check for *_init_sized, whose struct is not yet written: no zero test past the
// library's layout. Throws OFDM_ERR_INVALID_ARGUMENT.
void require_init_size(size_t size, Layouts layouts, const char *init);

// The caller's struct as this library's T: its known prefix over `defaults`.
template <class T>
T read_caller_struct(const T &caller, const T &defaults, Layouts layouts, const char *what, const char *init) {
    const size_t prefix = known_prefix(&caller, caller.struct_size, layouts, what, init);
    T copy = defaults;
    std::memcpy(static_cast<void *>(&copy), &caller, prefix);
    copy.struct_size = sizeof(T);
    return copy;
}

// Writes `values` into the caller's prefix, struct_size excepted.
template <class T>
void write_caller_struct(T &caller, const T &values, Layouts layouts, const char *what, const char *init) {
    const size_t prefix = known_prefix(&caller, caller.struct_size, layouts, what, init);
    constexpr size_t skip = sizeof caller.struct_size;
    std::memcpy(reinterpret_cast<char *>(&caller) + skip, reinterpret_cast<const char *>(&values) + skip,
                prefix - skip);
}

// The body of every ofdm_X_init_sized.
template <class T>
ofdm_status init_caller_struct(const char *function, const char *name, T *caller, size_t size, const T &defaults,
                               Layouts layouts) {
    return guarded(function, [&] {
        require_pointer(caller, name);
        require_init_size(size, layouts, function);
        std::memcpy(static_cast<void *>(caller), &defaults, std::min(size, sizeof(T)));
        if (size > sizeof(T)) std::memset(reinterpret_cast<char *>(caller) + sizeof(T), 0, size - sizeof(T));
        caller->struct_size = size;
    });
}

}  // namespace ofdm::capi

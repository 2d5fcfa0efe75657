// Little-endian encoding of the model file's fields, independent of the host's byte order, and
// the FNV-1a checksum that guards the file (it changes under any single-byte change).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ofdm.h"

namespace ofdm {

uint64_t fnv1a64(const uint8_t *bytes, size_t size);

class ByteWriter {
public:
    void u32(uint32_t value);
    void u64(uint64_t value);
    void i32(int32_t value) { u32(uint32_t(value)); }
    void f64(double value);
    void raw(const void *data, size_t size);
    std::vector<uint8_t> &bytes() { return bytes_; }

private:
    std::vector<uint8_t> bytes_;
};

// Reads fields from [begin, end) of a buffer; running past `end` throws `overrun` with the byte
// offset (counted from the buffer start) and the field's name.
class ByteReader {
public:
    ByteReader(const uint8_t *buffer, size_t begin, size_t end, ofdm_status overrun)
        : buffer_(buffer), offset_(begin), end_(end), overrun_(overrun) {}
    uint32_t u32(const char *field);
    uint64_t u64(const char *field);
    int32_t i32(const char *field) { return int32_t(u32(field)); }
    double f64(const char *field);
    size_t offset() const { return offset_; }
    size_t remaining() const { return end_ - offset_; }

private:
    const uint8_t *take(size_t size, const char *field);
    const uint8_t *buffer_;
    size_t offset_, end_;
    ofdm_status overrun_;
};

}  // namespace ofdm

#include "byte_stream.h"

#include <cstring>

#include "math/error.h"

namespace ofdm {

uint64_t fnv1a64(const uint8_t *bytes, size_t size) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    return h;
}

void ByteWriter::u32(uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(uint8_t(value >> (8 * i)));
}

void ByteWriter::u64(uint64_t value) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(uint8_t(value >> (8 * i)));
}

void ByteWriter::f64(double value) {
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    u64(bits);
}

void ByteWriter::raw(const void *data, size_t size) {
    const auto *p = static_cast<const uint8_t *>(data);
    bytes_.insert(bytes_.end(), p, p + size);
}

const uint8_t *ByteReader::take(size_t size, const char *field) {
    if (size > end_ - offset_)
        fail(overrun_, std::string(field) + " at byte offset " + std::to_string(offset_) +
                           " runs past the end of the data (byte " + std::to_string(end_) + ")");
    const uint8_t *p = buffer_ + offset_;
    offset_ += size;
    return p;
}

uint32_t ByteReader::u32(const char *field) {
    const uint8_t *p = take(4, field);
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= uint32_t(p[i]) << (8 * i);
    return value;
}

uint64_t ByteReader::u64(const char *field) {
    const uint8_t *p = take(8, field);
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= uint64_t(p[i]) << (8 * i);
    return value;
}

double ByteReader::f64(const char *field) {
    const uint64_t bits = u64(field);
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

}  // namespace ofdm

// The .npy reader and writer (format description: numpy.lib.format, "NEP 1").
#include "cli/npy_format.h"

#include <cstddef>
#include <cstring>
#include <limits>

namespace ofdm_cli {

namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .npy reader copies little-endian data as is");

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

// The element type named by a 'descr' string.
struct ElementType {
    enum Kind { float_kind, signed_kind, unsigned_kind } kind;
    size_t size;
};

bool element_type_of(const std::string &descr, ElementType *type) {
    static const struct { const char *descr; ElementType type; } known[] = {
        {"<f8", {ElementType::float_kind, 8}},    {"<f4", {ElementType::float_kind, 4}},
        {"<i8", {ElementType::signed_kind, 8}},   {"<i4", {ElementType::signed_kind, 4}},
        {"<i2", {ElementType::signed_kind, 2}},   {"|i1", {ElementType::signed_kind, 1}},
        {"<i1", {ElementType::signed_kind, 1}},   {"<u8", {ElementType::unsigned_kind, 8}},
        {"<u4", {ElementType::unsigned_kind, 4}}, {"<u2", {ElementType::unsigned_kind, 2}},
        {"|u1", {ElementType::unsigned_kind, 1}}, {"<u1", {ElementType::unsigned_kind, 1}},
    };
    for (const auto &entry : known) {
        if (descr == entry.descr) {
            *type = entry.type;
            return true;
        }
    }
    return false;
}

// A printable rendering of untrusted text for an error message: at most 40 characters,
// non-printable bytes as \xNN.
std::string printable(const std::string &text) {
    std::string shown;
    for (size_t i = 0; i < text.size() && i < 40; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            shown += static_cast<char>(c);
        } else {
            static const char hex[] = "0123456789abcdef";
            shown += "\\x";
            shown += hex[c >> 4];
            shown += hex[c & 15];
        }
    }
    if (text.size() > 40) shown += "...";
    return shown;
}

// The header is a Python dict literal, e.g. {'descr': '<f8', 'fortran_order': False,
// 'shape': (3, 2), }. This reads exactly the subset NumPy writes: string keys; values that are
// strings, True/False or tuples of non-negative integers (a list value is a structured dtype).
class HeaderParser {
public:
    explicit HeaderParser(const std::string &text) : text_(text) {}

    struct Header {
        std::string descr;
        bool fortran_order = false;
        std::vector<int64_t> shape;
    };

    Header parse() {
        Header header;
        bool have_descr = false, have_order = false, have_shape = false;
        expect('{');
        skip_space();
        while (peek() != '}') {
            const std::string key = string_literal();
            expect(':');
            if (key == "descr") {
                if (have_descr) fail("'descr' appears twice");
                skip_space();
                if (peek() == '[') throw ParseError("structured dtype (a plain float64 or float32 array expected)");
                header.descr = string_literal();
                have_descr = true;
            } else if (key == "fortran_order") {
                if (have_order) fail("'fortran_order' appears twice");
                header.fortran_order = boolean_literal();
                have_order = true;
            } else if (key == "shape") {
                if (have_shape) fail("'shape' appears twice");
                header.shape = integer_tuple();
                have_shape = true;
            } else {
                fail("unexpected key '" + printable(key) + "'");
            }
            skip_space();
            if (peek() == ',') {
                ++at_;
                skip_space();
            } else if (peek() != '}') {
                fail("',' or '}' expected");
            }
        }
        ++at_;
        skip_space();
        if (at_ != text_.size()) fail("text after the closing '}'");
        if (!have_descr) fail("no 'descr' key");
        if (!have_order) fail("no 'fortran_order' key");
        if (!have_shape) fail("no 'shape' key");
        return header;
    }

private:
    [[noreturn]] void fail(const std::string &what) const {
        throw ParseError("malformed header: " + what + " (header byte " + std::to_string(at_) + ")");
    }
    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
    void skip_space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
            ++at_;
    }
    void expect(char c) {
        skip_space();
        if (peek() != c) fail(std::string("'") + c + "' expected");
        ++at_;
    }
    std::string string_literal() {
        skip_space();
        const char quote = peek();
        if (quote != '\'' && quote != '"') fail("a quoted string expected");
        const size_t end = text_.find(quote, at_ + 1);
        if (end == std::string::npos) fail("unterminated string");
        std::string value = text_.substr(at_ + 1, end - at_ - 1);
        at_ = end + 1;
        return value;
    }
    bool boolean_literal() {
        skip_space();
        if (text_.compare(at_, 4, "True") == 0) {
            at_ += 4;
            return true;
        }
        if (text_.compare(at_, 5, "False") == 0) {
            at_ += 5;
            return false;
        }
        fail("True or False expected");
    }
    std::vector<int64_t> integer_tuple() {
        std::vector<int64_t> values;
        expect('(');
        skip_space();
        while (peek() != ')') {
            if (peek() < '0' || peek() > '9') fail("a non-negative integer expected in the shape");
            int64_t value = 0;
            while (peek() >= '0' && peek() <= '9') {
                const int digit = peek() - '0';
                if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) fail("shape entry too large");
                value = value * 10 + digit;
                ++at_;
            }
            if (peek() == 'L') ++at_;  // Python 2 long literal, as old NumPy wrote them
            values.push_back(value);
            if (values.size() > 32) fail("more than 32 dimensions");
            skip_space();
            if (peek() == ',') {
                ++at_;
                skip_space();
            } else if (peek() != ')') {
                fail("',' or ')' expected in the shape");
            }
        }
        ++at_;
        return values;
    }

    const std::string &text_;
    size_t at_ = 0;
};

uint64_t little_endian(const uint8_t *bytes, size_t count) {
    uint64_t value = 0;
    for (size_t i = count; i-- > 0;) value = (value << 8) | bytes[i];
    return value;
}

double element_value(const uint8_t *at, const ElementType &type) {
    switch (type.kind) {
    case ElementType::float_kind:
        if (type.size == 8) {
            double value;
            std::memcpy(&value, at, 8);
            return value;
        } else {
            float value;
            std::memcpy(&value, at, 4);
            return static_cast<double>(value);  // exact: every float is a double
        }
    case ElementType::signed_kind: {
        const uint64_t raw = little_endian(at, type.size);
        const unsigned bits = unsigned(type.size * 8);
        // Sign-extend a `bits`-wide two's-complement value.
        const uint64_t sign = uint64_t(1) << (bits - 1);
        const uint64_t extended = bits == 64 ? raw : ((raw ^ sign) - sign);
        int64_t value;
        std::memcpy(&value, &extended, 8);
        return static_cast<double>(value);
    }
    case ElementType::unsigned_kind:
        return static_cast<double>(little_endian(at, type.size));
    }
    return 0.0;
}

std::string shape_text(const std::vector<int64_t> &shape) {
    std::string text = "(";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

bool has_npy_magic(const uint8_t *bytes, size_t size) {
    return size >= kMagicSize && std::memcmp(bytes, kMagic, kMagicSize) == 0;
}

namespace {

// What the header of a .npy file says, checked as far as the header alone allows.
struct Layout {
    size_t data_start = 0;  // magic, version, length field and header
    ElementType type{};
    std::string descr;
    std::vector<int64_t> shape;
    Matrix empty;  // rows, cols and one_dimensional set; no values yet
};

// The size of magic, version and header length field; 0 when `size` bytes do not reach the
// length field. Checks the magic and the version.
size_t prefix_size(const uint8_t *bytes, size_t size) {
    if (!has_npy_magic(bytes, size)) throw ParseError("not a .npy file (wrong magic bytes)");
    if (size < kMagicSize + 2) return 0;
    const unsigned major = bytes[6], minor = bytes[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        throw ParseError("unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                         " (1.0, 2.0 or 3.0 expected)");
    // Version 1.0 has a 2-byte header length, versions 2.0 and 3.0 a 4-byte one (3.0 allows
    // UTF-8 in the header, which only structured dtypes use).
    const size_t prefix = kMagicSize + 2 + (major == 1 ? 2 : 4);
    return size < prefix ? 0 : prefix;
}

uint64_t declared_header_length(const uint8_t *bytes, size_t prefix) {
    const uint64_t length = little_endian(bytes + kMagicSize + 2, prefix - kMagicSize - 2);
    if (length > kMaxNpyHeaderLength)
        throw ParseError("the .npy header declares " + std::to_string(length) + " bytes, more than the " +
                         std::to_string(kMaxNpyHeaderLength) + " a header of a plain array can need");
    return length;
}

Layout parse_layout(const uint8_t *bytes, size_t size, ElementTypes accept) {
    const size_t prefix = prefix_size(bytes, size);
    if (prefix == 0) throw ParseError("truncated .npy header (" + std::to_string(size) + " bytes)");
    const uint64_t header_length = declared_header_length(bytes, prefix);
    if (header_length > size - prefix)
        throw ParseError("truncated .npy header (it declares " + std::to_string(header_length) + " bytes, " +
                         std::to_string(size - prefix) + " present)");
    const std::string header_text(reinterpret_cast<const char *>(bytes + prefix), size_t(header_length));
    const HeaderParser::Header header = HeaderParser(header_text).parse();

    Layout layout;
    layout.data_start = prefix + size_t(header_length);
    const bool integer_allowed = accept == ElementTypes::floating_or_integer;
    if (!element_type_of(header.descr, &layout.type) ||
        (layout.type.kind != ElementType::float_kind && !integer_allowed))
        throw ParseError("unsupported dtype '" + printable(header.descr) + "' (" +
                         (integer_allowed ? "float64, float32 or little-endian integers" : "float64 or float32") +
                         " expected)");
    if (header.fortran_order)
        throw ParseError("Fortran-order array (C order expected: save np.ascontiguousarray(x))");
    if (header.shape.size() != 1 && header.shape.size() != 2)
        throw ParseError(std::to_string(header.shape.size()) + "-dimensional array of shape " +
                         shape_text(header.shape) + " (1-D or 2-D expected)");
    Matrix &matrix = layout.empty;
    matrix.one_dimensional = header.shape.size() == 1;
    matrix.rows = header.shape[0];
    matrix.cols = matrix.one_dimensional ? 1 : header.shape[1];
    if (matrix.cols == 0) throw ParseError("array of shape " + shape_text(header.shape) + " has no columns");
    // Even an array of no rows is held (and written back) as doubles: one row of them must be
    // addressable, whatever the element type on disk.
    if (uint64_t(matrix.cols) > uint64_t(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(double))
        throw ParseError("array of shape " + shape_text(header.shape) + " has more columns than memory can hold");
    layout.shape = header.shape;
    layout.descr = header.descr;
    return layout;
}

}  // namespace

uint64_t npy_data_start(const uint8_t *bytes, size_t size) {
    const size_t prefix = prefix_size(bytes, size);
    return prefix == 0 ? 0 : prefix + declared_header_length(bytes, prefix);
}

NpyExtent npy_extent(const uint8_t *bytes, size_t size, ElementTypes accept) {
    const Layout layout = parse_layout(bytes, size, accept);
    NpyExtent extent;
    extent.shape = shape_text(layout.shape);
    const uint64_t rows = uint64_t(layout.empty.rows), cols = uint64_t(layout.empty.cols);
    uint64_t data = 0;
    if (__builtin_mul_overflow(rows, cols, &extent.elements) ||
        __builtin_mul_overflow(extent.elements, uint64_t(layout.type.size), &data) ||
        __builtin_add_overflow(data, uint64_t(layout.data_start), &extent.file_size)) {
        extent.elements = UINT64_MAX;
        extent.file_size = UINT64_MAX;
    }
    return extent;
}

Matrix parse_npy(const uint8_t *bytes, size_t size, ElementTypes accept) {
    Layout layout = parse_layout(bytes, size, accept);
    Matrix matrix = std::move(layout.empty);
    const ElementType type = layout.type;
    const std::string descr_shape = shape_text(layout.shape);
    // rows·cols·size must match the bytes present; dividing avoids any overflow.
    const size_t data_size = size - layout.data_start;
    if (uint64_t(matrix.cols) > std::numeric_limits<uint64_t>::max() / type.size ||
        uint64_t(matrix.rows) > data_size / (uint64_t(matrix.cols) * type.size)) {
        throw ParseError("truncated .npy data: shape " + descr_shape + " of '" + layout.descr +
                         "' needs more than the " + std::to_string(data_size) + " bytes present");
    }
    const uint64_t row_bytes = uint64_t(matrix.cols) * type.size;
    const uint64_t expected = uint64_t(matrix.rows) * row_bytes;
    if (expected != data_size)
        throw ParseError(std::to_string(data_size - expected) + " unexpected bytes after the data of shape " +
                         descr_shape);
    const size_t count = size_t(matrix.rows) * size_t(matrix.cols);
    matrix.values.resize(count);
    const uint8_t *data = bytes + layout.data_start;
    if (type.kind == ElementType::float_kind && type.size == 8) {
        if (count) std::memcpy(matrix.values.data(), data, count * 8);
    } else {
        for (size_t i = 0; i < count; ++i) matrix.values[i] = element_value(data + i * type.size, type);
    }
    return matrix;
}

std::vector<uint8_t> npy_bytes(const Matrix &matrix) {
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(matrix.rows) +
                         (matrix.one_dimensional ? std::string(",") : ", " + std::to_string(matrix.cols)) + "), }";
    // Pad with spaces and end with a newline so that magic + version + length + header is a
    // multiple of 64 bytes.
    const size_t prefix = kMagicSize + 2 + 2;
    const size_t padded = (prefix + header.size() + 1 + 63) / 64 * 64;
    header.append(padded - prefix - header.size() - 1, ' ');
    header += '\n';
    std::vector<uint8_t> bytes(kMagic, kMagic + kMagicSize);
    bytes.push_back(1);
    bytes.push_back(0);
    bytes.push_back(uint8_t(header.size() & 0xff));
    bytes.push_back(uint8_t(header.size() >> 8));
    bytes.insert(bytes.end(), header.begin(), header.end());
    const size_t data_bytes = matrix.values.size() * sizeof(double);
    const size_t at = bytes.size();
    bytes.resize(at + data_bytes);
    if (data_bytes) std::memcpy(bytes.data() + at, matrix.values.data(), data_bytes);
    return bytes;
}

}  // namespace ofdm_cli

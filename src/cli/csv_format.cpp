// The CSV reader (csv_format.h states the accepted syntax).
#include "cli/csv_format.h"

#include <charconv>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace ofdm_cli {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// The fields of one line (comment already removed).
std::vector<std::string_view> fields_of(std::string_view line, bool comma_separated) {
    std::vector<std::string_view> fields;
    if (comma_separated) {
        size_t start = 0;
        for (;;) {
            const size_t comma = line.find(',', start);
            fields.push_back(trimmed(line.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                                          : comma - start)));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    } else {
        size_t at = 0;
        while (at < line.size()) {
            while (at < line.size() && is_blank(line[at])) ++at;
            const size_t start = at;
            while (at < line.size() && !is_blank(line[at])) ++at;
            if (at > start) fields.push_back(line.substr(start, at - start));
        }
    }
    return fields;
}

enum class NumberParse { ok, not_a_number, out_of_range };

NumberParse parse_number(std::string_view field, double *value) {
    if (!field.empty() && field.front() == '+') field.remove_prefix(1);  // from_chars refuses '+'
    if (field.empty() || field.front() == '+' || field.front() == ' ') return NumberParse::not_a_number;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), *value);
    if (end != field.data() + field.size()) return NumberParse::not_a_number;
    if (error == std::errc::result_out_of_range) return NumberParse::out_of_range;
    if (error != std::errc()) return NumberParse::not_a_number;
    return NumberParse::ok;
}

// At most 40 characters of a field, non-printable bytes as \xNN, for an error message.
std::string printable(std::string_view text) {
    std::string shown;
    for (size_t i = 0; i < text.size() && i < 40; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f && c != '\'') {
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

std::string where(int64_t line, size_t column) {
    return "line " + std::to_string(line) + ", column " + std::to_string(column + 1);
}

}  // namespace

Matrix parse_csv(const char *text, size_t size) {
    const std::string_view all(text, size);
    Matrix matrix;
    bool first_line = true, comma_separated = false;
    int64_t width_line = 0;  // the line that fixed the number of fields
    size_t start = 0;
    for (int64_t line_number = 1; start < all.size(); ++line_number) {
        const size_t newline = all.find('\n', start);
        std::string_view line = all.substr(start, newline == std::string_view::npos ? std::string_view::npos
                                                                                     : newline - start);
        start = newline == std::string_view::npos ? all.size() : newline + 1;
        const size_t hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        if (trimmed(line).empty()) continue;

        if (first_line) comma_separated = line.find(',') != std::string_view::npos;
        const std::vector<std::string_view> fields = fields_of(line, comma_separated);
        if (first_line) {
            first_line = false;
            width_line = line_number;
            matrix.cols = int64_t(fields.size());
            bool any_number = false;
            double ignored;
            for (const std::string_view field : fields)
                if (parse_number(field, &ignored) != NumberParse::not_a_number) any_number = true;
            if (!any_number) {
                bool any_empty = false;
                for (const std::string_view field : fields) any_empty = any_empty || field.empty();
                if (!any_empty) continue;  // a header line of column names
            }
        } else if (int64_t(fields.size()) != matrix.cols) {
            throw ParseError("line " + std::to_string(line_number) + ": " + std::to_string(fields.size()) +
                             " field" + (fields.size() == 1 ? "" : "s") + ", but line " +
                             std::to_string(width_line) + " has " + std::to_string(matrix.cols));
        }
        for (size_t column = 0; column < fields.size(); ++column) {
            if (fields[column].empty()) throw ParseError(where(line_number, column) + ": empty field");
            double value = 0.0;
            switch (parse_number(fields[column], &value)) {
            case NumberParse::ok:
                break;
            case NumberParse::not_a_number:
                throw ParseError(where(line_number, column) + ": '" + printable(fields[column]) +
                                 "' is not a number");
            case NumberParse::out_of_range:
                throw ParseError(where(line_number, column) + ": '" + printable(fields[column]) +
                                 "' is beyond the range of a double");
            }
            matrix.values.push_back(value);
        }
        ++matrix.rows;
    }
    if (matrix.rows == 0) throw ParseError("no rows of numbers");
    return matrix;
}

}  // namespace ofdm_cli

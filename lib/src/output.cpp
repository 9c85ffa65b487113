#include "rekindle/output.hpp"

#include "rekindle/error.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <optional>
#include <stdexcept>
#include <unistd.h>

namespace rekindle::output {
namespace {

constexpr std::string_view bold = "\x1b[1m", reset = "\x1b[0m";

std::string number_text(double v) {
    if (!std::isfinite(v))
        return "null";
    // Shortest text that reads back as the same double.
    return fmt::format("{}", v);
}

// The text of a cell for the delimited and table formats.
std::string plain(const Value& v, Format format) {
    return std::visit(
        [&](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return "";
            else if constexpr (std::is_same_v<T, bool>)
                return format == Format::table ? (x ? "[x]" : "[ ]") : (x ? "true" : "false");
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return std::to_string(x);
            else if constexpr (std::is_same_v<T, double>)
                return number_text(x);
            else
                return x;
        },
        v);
}

std::string json_value(const Value& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return "null";
            else if constexpr (std::is_same_v<T, bool>)
                return x ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return std::to_string(x);
            else if constexpr (std::is_same_v<T, double>)
                return number_text(x);
            else
                return json_quote(x);
        },
        v);
}

std::string tsv_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\\':
            out += "\\\\";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string csv_escape(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::vector<std::size_t> visible(const Table& t, Format format) {
    std::vector<std::size_t> cols;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        Shown s = t.columns[i].shown;
        if (s == Shown::always || (s == Shown::table_only) == (format == Format::table))
            cols.push_back(i);
    }
    return cols;
}

// Narrows text columns until the table fits `limit`: the rightmost shrinkable column gives
// way first, down to its floor (its header, or ten columns), then the next one to its left.
// Numbers and kept columns are never cut. A table that cannot fit is left to wrap.
void fit(const Table& t, const std::vector<std::size_t>& cols, std::vector<std::size_t>& width,
         std::size_t limit) {
    if (limit == 0 || cols.empty())
        return;
    std::size_t total = 2 * (cols.size() - 1);
    for (auto w : width)
        total += w;
    for (std::size_t k = cols.size(); k-- > 0 && total > limit;) {
        const Column& c = t.columns[cols[k]];
        if (c.right_align || c.fit == Fit::keep || c.marked)
            continue;
        std::size_t floor = std::max<std::size_t>(10, text::display_width(c.name));
        if (width[k] <= floor)
            continue;
        std::size_t cut = std::min(width[k] - floor, total - limit);
        width[k] -= cut;
        total -= cut;
    }
}

// A marked cell for a coloured table: each piece escaped, matches in colour; returns the
// text and sets `width` to what it shows (the colour codes take no room).
std::string highlight(std::string_view marked, std::size_t& width) {
    constexpr std::string_view match_on = "\x1b[1;33m", match_off = "\x1b[0m";
    std::string out, piece;
    width = 0;
    auto flush = [&] {
        std::string shown = text::escape_controls(piece);
        width += text::display_width(shown);
        out += shown;
        piece.clear();
    };
    for (char c : marked) {
        if (c == mark_open[0] || c == mark_close[0]) {
            flush();
            out += c == mark_open[0] ? match_on : match_off;
        } else {
            piece += c;
        }
    }
    flush();
    return out;
}

std::string unmark(std::string_view marked) {
    std::string out;
    for (char c : marked) {
        if (c == mark_open[0] || c == mark_close[0])
            out += plain_mark;
        else
            out += c;
    }
    return out;
}

// A copy of `t` whose marked cells show "**" around matches.
Table with_plain_marks(const Table& t) {
    Table copy = t;
    for (std::size_t c = 0; c < copy.columns.size(); ++c) {
        if (!copy.columns[c].marked)
            continue;
        copy.columns[c].marked = false;
        for (auto& row : copy.rows)
            if (auto* s = std::get_if<std::string>(&row[c]))
                *s = unmark(*s);
    }
    return copy;
}

std::string render_table(const Table& t, const Style& style) {
    auto cols = visible(t, Format::table);
    std::vector<std::vector<std::string>> cells;
    // What a coloured marked cell shows, by row and column (its text holds colour codes).
    std::vector<std::vector<std::optional<std::size_t>>> shown_width;
    std::vector<std::size_t> width(cols.size());
    for (std::size_t k = 0; k < cols.size(); ++k)
        width[k] = text::display_width(t.columns[cols[k]].name);
    for (const auto& row : t.rows) {
        auto& line = cells.emplace_back();
        auto& widths = shown_width.emplace_back(cols.size());
        for (std::size_t k = 0; k < cols.size(); ++k) {
            const auto* s = std::get_if<std::string>(&row[cols[k]]);
            if (t.columns[cols[k]].marked && s) {
                std::size_t w = 0;
                line.push_back(highlight(*s, w));
                widths[k] = w;
            } else {
                line.push_back(text::escape_controls(plain(row[cols[k]], Format::table)));
            }
            width[k] = std::max(width[k], widths[k].value_or(text::display_width(line.back())));
        }
    }
    fit(t, cols, width, style.width);
    std::string out;
    std::size_t row_index = 0;
    auto emit = [&](const std::vector<std::string>& line, bool header) {
        const std::vector<std::optional<std::size_t>>* widths =
            header ? nullptr : &shown_width[row_index++];
        std::vector<std::string> cut;
        std::vector<std::size_t> used;
        for (std::size_t k = 0; k < cols.size(); ++k) {
            if (widths && (*widths)[k]) {
                cut.push_back(line[k]);
                used.push_back(*(*widths)[k]);
            } else {
                cut.push_back(text::truncate_to_width(line[k], width[k]));
                used.push_back(text::display_width(cut.back()));
            }
        }
        std::string text_line;
        for (std::size_t k = 0; k < cols.size(); ++k) {
            bool last = k + 1 == cols.size();
            std::size_t pad = width[k] - used[k];
            bool right = t.columns[cols[k]].right_align;
            if (right)
                text_line.append(pad, ' ');
            text_line += cut[k];
            if (!right && !last)
                text_line.append(pad, ' ');
            if (!last)
                text_line += "  ";
        }
        while (!text_line.empty() && text_line.back() == ' ')
            text_line.pop_back();
        if (header && style.color)
            out += fmt::format("{}{}{}\n", bold, text_line, reset);
        else
            out += text_line + "\n";
    };
    if (style.header) {
        std::vector<std::string> names;
        for (auto c : cols)
            names.push_back(t.columns[c].name);
        emit(names, true);
    }
    for (const auto& line : cells)
        emit(line, false);
    return out;
}

std::string render_delimited(const Table& t, Format format, const Style& style) {
    auto cols = visible(t, format);
    bool csv = format == Format::csv;
    const char* sep = csv ? "," : "\t";
    const char* eol = csv ? "\r\n" : "\n";
    auto esc = [&](std::string_view s) { return csv ? csv_escape(s) : tsv_escape(s); };
    std::string out;
    if (style.header) {
        for (std::size_t k = 0; k < cols.size(); ++k) {
            out += k ? sep : "";
            out += esc(t.columns[cols[k]].name);
        }
        out += eol;
    }
    for (const auto& row : t.rows) {
        for (std::size_t k = 0; k < cols.size(); ++k) {
            out += k ? sep : "";
            out += esc(plain(row[cols[k]], format));
        }
        out += eol;
    }
    return out;
}

std::string row_object(const Table& t, const std::vector<std::size_t>& cols,
                       const std::vector<Value>& row) {
    Object object;
    for (auto c : cols)
        object.emplace_back(t.columns[c].name, row[c]);
    return to_json(object);
}

} // namespace

Format parse_format(std::string_view name) {
    if (name == "table")
        return Format::table;
    if (name == "tsv")
        return Format::tsv;
    if (name == "csv")
        return Format::csv;
    if (name == "json")
        return Format::json;
    if (name == "jsonl")
        return Format::jsonl;
    throw UsageError(fmt::format("format '{}' is not one of table, tsv, csv, json, jsonl", name));
}

void append_json_quoted(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.reserve(out.size() + s.size() + 2);
    out += '"';
    std::size_t plain_from = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            continue; // copied in one piece with its neighbours
        out.append(s, plain_from, i - plain_from);
        plain_from = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    out.append(s, plain_from, s.size() - plain_from);
    out += '"';
}

std::string json_quote(std::string_view s) {
    std::string out;
    append_json_quoted(out, s);
    return out;
}

std::string to_json(const Object& object) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : object) {
        if (!first)
            out += ',';
        first = false;
        out += json_quote(key);
        out += ':';
        out += json_value(value);
    }
    out += '}';
    return out;
}

void JsonWriter::start(std::string_view key) {
    if (empty_.empty() && !out_.empty())
        throw std::logic_error("JsonWriter: a value after the document was closed");
    if (!empty_.empty()) {
        if (!empty_.back())
            out_ += ',';
        empty_.back() = false;
    }
    if (!key.empty()) {
        append_json_quoted(out_, key);
        out_ += ':';
    }
}

JsonWriter& JsonWriter::open_object(std::string_view key) {
    start(key);
    out_ += '{';
    closers_ += '}';
    empty_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::open_array(std::string_view key) {
    start(key);
    out_ += '[';
    closers_ += ']';
    empty_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::close() {
    if (closers_.empty())
        throw std::logic_error("JsonWriter: close() with nothing open");
    out_ += closers_.back();
    closers_.pop_back();
    empty_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::field(std::string_view key, const Value& value) {
    start(key);
    out_ += json_value(value);
    return *this;
}

std::string render(const Table& table, Format format, const Style& style) {
    bool marked = std::any_of(table.columns.begin(), table.columns.end(),
                              [](const Column& c) { return c.marked; });
    if (marked && !(format == Format::table && style.color))
        return render(with_plain_marks(table), format, style);
    switch (format) {
    case Format::table:
        return render_table(table, style);
    case Format::tsv:
    case Format::csv:
        return render_delimited(table, format, style);
    case Format::jsonl: {
        auto cols = visible(table, format);
        std::string out;
        for (const auto& row : table.rows)
            out += row_object(table, cols, row) + "\n";
        return out;
    }
    case Format::json: {
        auto cols = visible(table, format);
        if (table.rows.empty())
            return "[]\n";
        std::string out = "[\n";
        for (std::size_t i = 0; i < table.rows.size(); ++i)
            out += "  " + row_object(table, cols, table.rows[i]) +
                   (i + 1 < table.rows.size() ? ",\n" : "\n");
        return out + "]\n";
    }
    }
    return {};
}

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EPIPE)
                throw BrokenPipe();
            throw IoError(fmt::format("cannot write output: {}", std::strerror(errno)));
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace rekindle::output

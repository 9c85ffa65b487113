#pragma once
/// One row model, rendered as table, tsv, csv, json or jsonl, as the SQLite shell does its
/// output modes. Domain modules build a Table; only this module decides how it looks.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace rekindle::output {

enum class Format { table, tsv, csv, json, jsonl };

/// Parses "table", "tsv", "csv", "json" or "jsonl"; throws UsageError otherwise.
Format parse_format(std::string_view name);

/// A cell: nothing (null), a boolean, an integer, a real number or text.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

/// Where a column appears: everywhere, only in the human table, or only in machine formats.
enum class Shown { always, table_only, machine_only };

/// How a table column gives way when the table is wider than the terminal.
enum class Fit {
    shrink, ///< may be shortened with "…" (text)
    keep,   ///< never shortened (names, days, bars)
};

struct Column {
    std::string name; ///< snake_case; the header and the JSON key
    Shown shown = Shown::always;
    bool right_align = false; ///< numbers read better right-aligned in a table (and are kept)
    Fit fit = Fit::shrink;
    /// The text holds mark_open and mark_close around matches: highlighted in a coloured
    /// table, shown as "**" elsewhere. Such a column is never shortened.
    bool marked = false;
};

/// Bytes that can never occur in stored (valid UTF-8) text, so they can mark matches.
inline constexpr std::string_view mark_open = "\xFE";
inline constexpr std::string_view mark_close = "\xFF";
/// What a match's markers become outside a coloured table.
inline constexpr std::string_view plain_mark = "**";

/// A result set: the shape of every command's data output.
struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<Value>> rows;
};

/// Rendering choices that do not belong to the data.
struct Style {
    bool color = false;    ///< ANSI colour in table output
    bool header = true;    ///< header line in table, tsv and csv
    std::size_t width = 0; ///< fit tables to this many columns (0: no limit)
};

/// Renders `table` in `format`. Table cells have control characters escaped, and a table
/// wider than `style.width` has its text columns shortened with "…", rightmost first, so
/// the columns that identify a row (usually on the left) stay readable; TSV escapes
/// tab, newline, carriage return and backslash; CSV follows RFC 4180 (CRLF line ends).
std::string render(const Table& table, Format format, const Style& style = {});

/// A JSON object with keys in insertion order, for records that do not share columns
/// (e.g. export lines).
using Object = std::vector<std::pair<std::string, Value>>;

/// One JSON object on one line, without the trailing newline.
std::string to_json(const Object& object);

/// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);
/// Appends `s` as a JSON string literal to `out` (for writers that build long lines).
void append_json_quoted(std::string& out, std::string_view s);

/// Builds one nested JSON document (objects within arrays within objects), placing the
/// commas itself. Keys are given inside objects and left empty inside arrays.
class JsonWriter {
  public:
    JsonWriter& open_object(std::string_view key = {});
    JsonWriter& open_array(std::string_view key = {});
    JsonWriter& close();
    JsonWriter& field(std::string_view key, const Value& value);
    JsonWriter& item(const Value& value) { return field({}, value); }
    /// The document so far; whole once every object and array opened is closed.
    [[nodiscard]] const std::string& text() const { return out_; }

  private:
    std::string out_;
    std::vector<bool> empty_; ///< per open object or array: nothing written in it yet
    std::string closers_;     ///< '}' or ']' for each one open, innermost last
    void start(std::string_view key);
};

/// Writes all of `data` to file descriptor `fd`. Throws BrokenPipe when the reader has gone
/// (EPIPE) and IoError for any other failure. SIGPIPE must be ignored by the caller.
void write_all(int fd, std::string_view data);

} // namespace rekindle::output

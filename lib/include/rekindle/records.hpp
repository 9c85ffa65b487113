#pragma once
/// The record layer: each stored record type is declared once (its JSON name, its table and
/// its typed fields), and that declaration drives export, import validation and the RECORDS
/// section of the tool's man page, as sqlite-utils lets one table description drive insert,
/// validation and output. A tool adds what is special to it as a small hook, not as an
/// importer of its own.

#include "rekindle/db.hpp"
#include "rekindle/jsonl.hpp"
#include "rekindle/output.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::records {

/// The version of the JSON Lines shape that export writes. Import reads this one and every
/// older one (a stream without a header line is version 1, as checklist wrote before).
inline constexpr int format_version = 1;

/// What a field holds, in JSON and in SQLite.
enum class Kind {
    line,      ///< one line of text (JSON string, TEXT)
    text,      ///< text that may run over several lines (JSON string, TEXT)
    utc_time,  ///< "YYYY-MM-DDTHH:MM:SSZ" (JSON string, TEXT)
    local_day, ///< "YYYY-MM-DD" (JSON string, TEXT)
    integer,   ///< a whole number within [min, max] (JSON number, INTEGER)
    number,    ///< a finite number (JSON number, REAL)
    choice,    ///< one of `choices` (JSON string, TEXT)
    boolean,   ///< true or false (JSON boolean, INTEGER 0/1)
    strings,   ///< a list of one-line strings (JSON array, TEXT holding that array)
};

/// What a field takes when a record leaves it out.
struct Default {
    enum class From { null, now, field, value };
    From from = From::null;
    std::string value; ///< the other field's name (From::field) or the literal (From::value)
    Default() = default;
    Default(From source, std::string text) : from(source), value(std::move(text)) {}
    static Default none() { return {}; }
    static Default now() { return {From::now, {}}; }
    static Default field(std::string name) { return {From::field, std::move(name)}; }
    static Default text(std::string literal) { return {From::value, std::move(literal)}; }
};

struct Field {
    std::string name; ///< the JSON key and the column
    Kind kind = Kind::line;
    bool required = false;
    Default fallback; ///< used when the record leaves the field out
    std::string doc;  ///< one line for the man page
    std::int64_t min = std::numeric_limits<std::int64_t>::min(); ///< for Kind::integer
    std::int64_t max = std::numeric_limits<std::int64_t>::max(); ///< for Kind::integer
    std::vector<std::string> choices;                            ///< for Kind::choice
    bool non_empty = false; ///< text must hold more than white space
    std::string references; ///< what it names, for the man page ("a checklist list")
};

/// One record type of one tool.
struct RecordType {
    std::string tool;  ///< "checklist"
    std::string name;  ///< the JSON "type": "list"
    std::string table; ///< its SQLite table, with a `uid` column and one column per field
    std::string doc;   ///< a sentence for the man page
    std::vector<Field> fields;
    /// The fields that name a record written without a uid: it gets a uid made from them, so
    /// importing the same line twice stores it once. Empty: such a record gets a random uid
    /// (its hook should match it against what is stored instead).
    std::vector<std::string> identity;
    [[nodiscard]] const Field* field(std::string_view name) const;
};

/// One record read from a line, its fields checked and defaults applied, before it is
/// stored: what a hook sees and may change.
class Incoming {
  public:
    const RecordType* type = nullptr;
    const jsonl::Record* line = nullptr; ///< the line it came from
    std::optional<std::string> uid;      ///< as written; a hook may set it
    bool hand_written = false;           ///< written without a uid
    std::vector<output::Value> values;   ///< one per field of the type, in its order
    std::vector<bool> given;             ///< whether the line had the field (even as null)

    /// A text field's value (empty when null).
    [[nodiscard]] std::string text(std::string_view field) const;
    [[nodiscard]] std::optional<std::string> optional_text(std::string_view field) const;
    [[nodiscard]] bool was_given(std::string_view field) const;
    /// Whether the field holds a value (given, or defaulted, and not null).
    [[nodiscard]] bool has(std::string_view field) const;
    /// An integer field's value, if it holds one.
    [[nodiscard]] std::optional<std::int64_t> optional_integer(std::string_view field) const;
    void set(std::string_view field, output::Value value);
    /// "file:line", for messages.
    [[nodiscard]] std::string where() const { return line ? line->where() : std::string(); }
    /// A DataError starting with `file:line: `.
    [[nodiscard]] DataError error(std::string_view what) const;

  private:
    [[nodiscard]] std::size_t index(std::string_view field) const;
};

/// What a hook decides for a record.
enum class Verdict { insert, skip };

/// A record type as one import handles it: its declaration and the tool's hook, called for
/// each record that is not already stored, inside the import's transaction.
struct Plan {
    const RecordType* type = nullptr;
    std::function<Verdict(Incoming&)> prepare; ///< may be empty
    /// Runs once after the last line, inside the transaction (state derived from the
    /// records, brought up to date in one statement); may be empty.
    std::function<void()> finish;
};

/// What an import did.
struct Counts {
    std::map<std::string, int> stored; ///< per "tool.type"
    int skipped = 0;                   ///< records already there
    [[nodiscard]] int of(std::string_view tool, std::string_view type) const;
};

/// Reads every line of `reader` into `db` in one transaction: all or nothing. A record whose
/// uid is stored already is skipped, so the same file imported twice changes nothing. When
/// `tool` is not empty, lines may leave out "tool" and lines of another tool are refused.
/// Throws DataError naming `FILE:LINE: field 'NAME': what` for the first bad line.
Counts import_all(db::Database& db, jsonl::Reader& reader, const std::vector<Plan>& plans,
                  std::string_view tool);

/// Streams every record of `types` (in that order, each in the order stored) as JSON Lines,
/// after a header line naming the format version; `sink` gets the text in large pieces.
void export_all(db::Database& db, const std::vector<const RecordType*>& types,
                const std::function<void(std::string_view)>& sink);
/// export_all for one tool's record types, in their order.
void export_types(db::Database& db, const std::vector<RecordType>& types,
                  const std::function<void(std::string_view)>& sink);

/// The header line export writes first (without its newline).
std::string header_line();

/// A list of strings as a `strings` field stores it: a JSON array.
std::string strings_json(const std::vector<std::string>& items);

/// The strings of a stored `strings` field (a JSON array written by strings_json or checked
/// on import).
std::vector<std::string> parse_strings(std::string_view json);

/// A uid made from a record's fields, for records written without one: the same content
/// always gets the same uid. It starts with "c", which random uids (hex digits only)
/// never do.
std::string content_uid(const std::vector<std::string>& fields);

} // namespace rekindle::records

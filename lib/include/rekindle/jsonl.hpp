#pragma once
/// The one JSON Lines reader behind every tool's `import`: streaming (one line in memory at
/// a time), on simdjson, with errors that name `file:line` and the field.

#include "rekindle/error.hpp"

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::jsonl {

/// One field's value as read, for code that checks kinds itself (the record layer). Views
/// stay valid until the reader moves to the next line.
struct Value {
    enum class Type { absent, null, boolean, integer, number, string, array, object };
    Type type = Type::absent;
    bool boolean = false;
    std::int64_t integer = 0;              ///< for `integer` (fits in 64 bits, signed)
    double number = 0;                     ///< for `integer` and `number`
    std::string_view string;               ///< for `string`
    std::vector<std::string_view> strings; ///< for an `array` of strings only
    bool all_strings = false;              ///< whether the array held only strings
    /// "a string", "a number", ... for messages.
    [[nodiscard]] const char* describe() const;
};

/// One object from one line. Valid until the reader moves to the next line.
class Record {
  public:
    /// Any field, typed as read; `absent` when the line does not have it.
    [[nodiscard]] Value value(std::string_view key) const;
    /// The object's keys, in the order of the line.
    [[nodiscard]] std::vector<std::string_view> keys() const;
    /// A required string field; DataError when missing or not a string.
    [[nodiscard]] std::string string(std::string_view key) const;
    /// A string field that may be missing or null.
    [[nodiscard]] std::optional<std::string> optional_string(std::string_view key) const;
    /// A required integer field.
    [[nodiscard]] std::int64_t integer(std::string_view key) const;
    /// An integer field that may be missing or null.
    [[nodiscard]] std::optional<std::int64_t> optional_integer(std::string_view key) const;
    /// Whether the field is present (even as null).
    [[nodiscard]] bool has(std::string_view key) const;
    /// DataError naming the first field not in `allowed`, so nothing is silently dropped.
    void only(const std::vector<std::string_view>& allowed) const;
    /// A DataError whose message starts with this record's `file:line`.
    [[nodiscard]] DataError error(std::string_view what) const;
    /// `file:line` of this record.
    [[nodiscard]] std::string where() const;

  private:
    friend class Reader;
    struct Impl;
    const Impl* impl_ = nullptr;
};

/// Reads JSON objects, one per line, from a stream. Blank lines are skipped.
class Reader {
  public:
    /// `name` is used in messages ("-" reads as "stdin").
    Reader(std::istream& in, std::string name);
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    /// The next record, or nullptr at the end. Throws DataError (65) naming `file:line` for
    /// a line that is not a JSON object, IoError (74) when reading fails.
    const Record* next();
    /// Lines read so far.
    [[nodiscard]] std::size_t line() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace rekindle::jsonl

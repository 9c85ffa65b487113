#include "rekindle/jsonl.hpp"

#include "rekindle/error.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <iostream>
#include <simdjson.h>

namespace rekindle::jsonl {

struct Record::Impl {
    simdjson::dom::object object;
    std::string source;
    std::size_t line = 0;
};

struct Reader::State {
    std::istream& in;
    std::string name;
    std::string buffer;
    std::vector<std::string_view> keys; // reused for every line's duplicate check
    std::size_t line = 0;
    simdjson::dom::parser parser;
    Record::Impl impl;
    Record record;
    State(std::istream& stream, std::string source) : in(stream), name(std::move(source)) {}
};

namespace {
const char* type_name(simdjson::dom::element_type t) {
    using T = simdjson::dom::element_type;
    switch (t) {
    case T::ARRAY:
        return "an array";
    case T::OBJECT:
        return "an object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
        return "a number";
    case T::STRING:
        return "a string";
    case T::BOOL:
        return "a boolean";
    case T::NULL_VALUE:
        return "null";
    }
    return "a value";
}
// Our own words for simdjson's errors: lowercase, no full stop, no internals.
std::string describe(simdjson::error_code err) {
    switch (err) {
    case simdjson::UTF8_ERROR:
        return "the text is not valid UTF-8";
    case simdjson::UNCLOSED_STRING:
        return "a string is not closed";
    case simdjson::TAPE_ERROR:
        return "the structure is broken (a bracket or comma is missing or extra)";
    case simdjson::STRING_ERROR:
        return "a string has a bad escape or control character";
    case simdjson::NUMBER_ERROR:
        return "a number is malformed";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
        return "a word is not true, false or null";
    case simdjson::DEPTH_ERROR:
        return "it is nested too deeply";
    case simdjson::EMPTY:
        return "the line is empty";
    default: {
        std::string text = simdjson::error_message(err);
        if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
            text[0] = static_cast<char>(text[0] - 'A' + 'a');
        while (!text.empty() && text.back() == '.')
            text.pop_back();
        return text;
    }
    }
}

} // namespace

const char* Value::describe() const {
    switch (type) {
    case Type::absent:
        return "missing";
    case Type::null:
        return "null";
    case Type::boolean:
        return "a boolean";
    case Type::integer:
    case Type::number:
        return "a number";
    case Type::string:
        return "a string";
    case Type::array:
        return "an array";
    case Type::object:
        return "an object";
    }
    return "a value";
}

Value Record::value(std::string_view key) const {
    Value out;
    simdjson::dom::element element;
    if (impl_->object.at_key(key).get(element) != simdjson::SUCCESS)
        return out;
    using T = simdjson::dom::element_type;
    switch (element.type()) {
    case T::NULL_VALUE:
        out.type = Value::Type::null;
        break;
    case T::BOOL:
        out.type = Value::Type::boolean;
        out.boolean = element.get_bool().value_unsafe();
        break;
    case T::INT64:
        out.type = Value::Type::integer;
        out.integer = element.get_int64().value_unsafe();
        out.number = static_cast<double>(out.integer);
        break;
    case T::UINT64: // past the signed range: a number, but not a whole one we can keep
        out.type = Value::Type::number;
        out.number = static_cast<double>(element.get_uint64().value_unsafe());
        break;
    case T::DOUBLE:
        out.type = Value::Type::number;
        out.number = element.get_double().value_unsafe();
        break;
    case T::STRING:
        out.type = Value::Type::string;
        out.string = element.get_string().value_unsafe();
        break;
    case T::ARRAY: {
        out.type = Value::Type::array;
        out.all_strings = true;
        // A named array: iterating the temporary that get_array() returns would dangle.
        simdjson::dom::array array;
        if (element.get(array) != simdjson::SUCCESS)
            break;
        for (auto item : array) {
            std::string_view text;
            if (item.get(text) != simdjson::SUCCESS) {
                out.all_strings = false;
                out.strings.clear();
                break;
            }
            out.strings.push_back(text);
        }
        break;
    }
    case T::OBJECT:
        out.type = Value::Type::object;
        break;
    }
    return out;
}

std::vector<std::string_view> Record::keys() const {
    std::vector<std::string_view> out;
    for (auto field : impl_->object)
        out.push_back(field.key);
    return out;
}

std::string Record::where() const {
    return fmt::format("{}:{}", impl_->source, impl_->line);
}

DataError Record::error(std::string_view what) const {
    return DataError(fmt::format("{}: {}", where(), what));
}

bool Record::has(std::string_view key) const {
    return impl_->object.at_key(key).error() == simdjson::SUCCESS;
}

std::optional<std::string> Record::optional_string(std::string_view key) const {
    simdjson::dom::element value;
    if (impl_->object.at_key(key).get(value) != simdjson::SUCCESS || value.is_null())
        return std::nullopt;
    std::string_view s;
    if (value.get(s) != simdjson::SUCCESS)
        throw DataError(fmt::format("{}: field '{}' must be a string, not {}", where(), key,
                                    type_name(value.type())));
    if (s.find('\0') != std::string_view::npos)
        throw DataError(fmt::format("{}: field '{}' holds a NUL character", where(), key));
    return std::string(s);
}

std::string Record::string(std::string_view key) const {
    auto value = optional_string(key);
    if (!value)
        throw DataError(fmt::format("{}: field '{}' is missing", where(), key));
    return *value;
}

std::optional<std::int64_t> Record::optional_integer(std::string_view key) const {
    simdjson::dom::element value;
    if (impl_->object.at_key(key).get(value) != simdjson::SUCCESS || value.is_null())
        return std::nullopt;
    std::int64_t n = 0;
    if (value.get(n) != simdjson::SUCCESS)
        throw DataError(fmt::format("{}: field '{}' must be a whole number, not {}", where(), key,
                                    type_name(value.type())));
    return n;
}

std::int64_t Record::integer(std::string_view key) const {
    auto value = optional_integer(key);
    if (!value)
        throw DataError(fmt::format("{}: field '{}' is missing", where(), key));
    return *value;
}

void Record::only(const std::vector<std::string_view>& allowed) const {
    for (auto field : impl_->object) {
        if (std::find(allowed.begin(), allowed.end(), field.key) == allowed.end())
            throw DataError(fmt::format("{}: unknown field '{}'", where(), field.key));
    }
}

Reader::Reader(std::istream& in, std::string name)
    : state_(std::make_unique<State>(in, name == "-" ? std::string("stdin") : std::move(name))) {
    state_->record.impl_ = &state_->impl;
    state_->impl.source = state_->name;
}

Reader::~Reader() = default;

std::size_t Reader::line() const {
    return state_->line;
}

const Record* Reader::next() {
    auto& s = *state_;
    while (std::getline(s.in, s.buffer)) {
        ++s.line;
        if (!s.buffer.empty() && s.buffer.back() == '\r')
            s.buffer.pop_back();
        if (s.buffer.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (s.line == 1 && s.buffer.starts_with("\xEF\xBB\xBF"))
            s.buffer.erase(0, 3); // a byte-order mark some editors add
        simdjson::dom::element doc;
        auto err = s.parser.parse(s.buffer.data(), s.buffer.size(), true).get(doc);
        if (err)
            throw DataError(
                fmt::format("{}:{}: not valid JSON: {}", s.name, s.line, describe(err)));
        if (doc.get(s.impl.object) != simdjson::SUCCESS)
            throw DataError(fmt::format("{}:{}: expected a JSON object, found {}", s.name, s.line,
                                        type_name(doc.type())));
        // simdjson keeps every copy of a repeated key and lookups find the first, while
        // Python's json and jq keep the last: refuse the line rather than guess.
        auto& keys = s.keys;
        keys.clear();
        for (auto field : s.impl.object)
            keys.push_back(field.key);
        std::sort(keys.begin(), keys.end());
        if (auto dup = std::adjacent_find(keys.begin(), keys.end()); dup != keys.end())
            throw DataError(
                fmt::format("{}:{}: field '{}' appears more than once", s.name, s.line, *dup));
        s.impl.line = s.line;
        return &s.record;
    }
    // std::cin reports a failed read (stdin a folder, say) only through stdio's error flag.
    if (s.in.bad() || (&s.in == &std::cin && std::ferror(stdin)))
        throw IoError(
            fmt::format("cannot read {}", s.name == "stdin" ? "stdin" : "'" + s.name + "'"));
    return nullptr;
}

} // namespace rekindle::jsonl

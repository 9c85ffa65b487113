#include "rekindle/records.hpp"

#include "rekindle/dates.hpp"
#include "rekindle/error.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <sqlite3.h>

namespace rekindle::records {
namespace {

constexpr std::string_view absent_marker = "\x01null"; // stands in for a missing field in uids

bool valid_uid(std::string_view uid) {
    return !uid.empty() && uid.size() <= 64 && std::all_of(uid.begin(), uid.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

std::string quoted_list(const std::vector<std::string>& names, std::string_view last_word) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? fmt::format(" {} ", last_word) : ", ";
        out += names[i];
    }
    return out;
}

bool is_text_kind(Kind kind) {
    return kind == Kind::line || kind == Kind::text || kind == Kind::utc_time ||
           kind == Kind::local_day || kind == Kind::choice;
}

// The checks every way in shares: text that SQLite and JSON both keep exactly.
void check_text(const Incoming& r, const Field& f, std::string_view value) {
    if (value.find('\0') != std::string_view::npos)
        throw r.error(fmt::format("field '{}' holds a NUL character", f.name));
    // simdjson has checked the line's UTF-8; only a lone surrogate written as an escape
    // (\ud800, decoded to the bytes ED A0 80) can still be invalid, and it starts with 0xED.
    if (value.find('\xED') != std::string_view::npos)
        if (auto bad = text::find_invalid_utf8(value))
            throw r.error(
                fmt::format("field '{}' is not valid UTF-8 (byte {})", f.name, bad->offset));
    if (f.kind != Kind::text && value.find_first_of("\r\n") != std::string_view::npos)
        throw r.error(fmt::format("field '{}' must be one line", f.name));
    if (f.non_empty && text::trim(value).empty())
        throw r.error(fmt::format("field '{}' is empty", f.name));
}

bool valid_day(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    try {
        (void)dates::parse_utc(fmt::format("{}T12:00:00Z", s));
        return true;
    } catch (const DataError&) {
        return false;
    }
}

// Checks one field of a line against its declaration; returns its stored value and the text
// that names it in a content uid.
output::Value read_field(const Incoming& r, const Field& f, const jsonl::Value& v,
                         std::string* identity) {
    using T = jsonl::Value::Type;
    auto wrong = [&](const char* wanted) {
        return r.error(fmt::format("field '{}' must be {}, not {}", f.name, wanted, v.describe()));
    };
    if (is_text_kind(f.kind)) {
        if (v.type != T::string)
            throw wrong("a string");
        check_text(r, f, v.string);
        std::string value(v.string);
        if (f.kind == Kind::utc_time) {
            try {
                (void)dates::parse_utc(value); // strict: it reads only what format_utc writes
            } catch (const Error& e) {
                throw r.error(fmt::format("field '{}': {}", f.name, e.what()));
            }
        } else if (f.kind == Kind::local_day && !valid_day(value)) {
            throw r.error(
                fmt::format("field '{}': '{}' is not a day like \"2026-11-20\"", f.name, value));
        } else if (f.kind == Kind::choice &&
                   std::find(f.choices.begin(), f.choices.end(), value) == f.choices.end()) {
            throw r.error(fmt::format("field '{}' is '{}', but must be {}", f.name,
                                      text::escape_controls(value), quoted_list(f.choices, "or")));
        }
        if (identity)
            *identity = value;
        return value;
    }
    switch (f.kind) {
    case Kind::integer:
        if (v.type != T::integer)
            throw wrong("a whole number");
        if (v.integer < f.min || v.integer > f.max)
            throw r.error(fmt::format("field '{}' is {}, but must be from {} to {}", f.name,
                                      v.integer, f.min, f.max));
        if (identity)
            *identity = std::to_string(v.integer);
        return v.integer;
    case Kind::number:
        if ((v.type != T::integer && v.type != T::number) || !std::isfinite(v.number))
            throw wrong("a number");
        if (identity)
            *identity = fmt::format("{}", v.number);
        return v.number;
    case Kind::boolean:
        if (v.type != T::boolean)
            throw wrong("true or false");
        if (identity)
            *identity = v.boolean ? "true" : "false";
        return v.boolean;
    case Kind::strings: {
        if (v.type != T::array || !v.all_strings)
            throw wrong("a list of strings");
        std::string json = "[";
        for (auto item : v.strings) {
            check_text(r, Field{.name = f.name}, item);
            if (json.size() > 1)
                json += ',';
            json += output::json_quote(item);
        }
        json += ']';
        if (identity)
            *identity = json;
        return json;
    }
    default:
        break;
    }
    throw Error(ExitCode::internal, fmt::format("field '{}' has no kind", f.name));
}

// A field's declared default, in the field's own kind ("false" is a boolean, "0" a number).
output::Value literal(const Field& f) {
    const std::string& v = f.fallback.value;
    switch (f.kind) {
    case Kind::boolean:
        return v == "true";
    case Kind::integer:
        return static_cast<std::int64_t>(std::stoll(v));
    case Kind::number:
        return std::stod(v);
    default:
        return v;
    }
}

// One record type ready to import: its declaration, its hook and its two statements.
struct Prepared {
    const Plan* plan;
    db::Statement has_uid;
    db::Statement insert;
    std::vector<std::size_t> identity; // indexes into the fields
    int stored = 0;
};

std::string insert_sql(const RecordType& type) {
    // Table and column names come from the declarations in lib/, never from input; every
    // value is a bound parameter.
    std::string columns = "uid", marks = "?";
    for (const auto& f : type.fields) {
        columns += ", " + f.name;
        marks += ", ?";
    }
    // A uid already there is skipped, found by the insert itself (see import_all).
    return fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (uid) DO NOTHING", type.table,
                       columns, marks);
}

} // namespace

const Field* RecordType::field(std::string_view wanted) const {
    for (const auto& f : fields)
        if (f.name == wanted)
            return &f;
    return nullptr;
}

std::size_t Incoming::index(std::string_view field) const {
    for (std::size_t i = 0; i < type->fields.size(); ++i)
        if (type->fields[i].name == field)
            return i;
    throw Error(ExitCode::internal,
                fmt::format("record type '{}' has no field '{}'", type->name, field));
}

std::string Incoming::text(std::string_view field) const {
    return optional_text(field).value_or(std::string());
}

std::optional<std::string> Incoming::optional_text(std::string_view field) const {
    const auto& v = values[index(field)];
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    return std::nullopt;
}

bool Incoming::has(std::string_view field) const {
    return !std::holds_alternative<std::monostate>(values[index(field)]);
}

std::optional<std::int64_t> Incoming::optional_integer(std::string_view field) const {
    if (const auto* n = std::get_if<std::int64_t>(&values[index(field)]))
        return *n;
    return std::nullopt;
}

bool Incoming::was_given(std::string_view field) const {
    return given[index(field)];
}

void Incoming::set(std::string_view field, output::Value value) {
    values[index(field)] = std::move(value);
}

DataError Incoming::error(std::string_view what) const {
    return DataError(fmt::format("{}: {}", where(), what));
}

int Counts::of(std::string_view tool, std::string_view type) const {
    auto it = stored.find(fmt::format("{}.{}", tool, type));
    return it == stored.end() ? 0 : it->second;
}

std::string strings_json(const std::vector<std::string>& items) {
    std::string json = "[";
    for (const auto& item : items) {
        if (json.size() > 1)
            json += ',';
        output::append_json_quoted(json, item);
    }
    return json + "]";
}

std::vector<std::string> parse_strings(std::string_view json) {
    auto hex = [&](std::size_t at) -> unsigned {
        unsigned code = 0;
        for (std::size_t k = at; k < at + 4 && k < json.size(); ++k) {
            char c = json[k];
            code = code * 16 + static_cast<unsigned>(c >= 'a'   ? c - 'a' + 10
                                                     : c >= 'A' ? c - 'A' + 10
                                                                : c - '0');
        }
        return code;
    };
    auto append_utf8 = [](std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    };
    std::vector<std::string> items;
    std::size_t i = 0;
    while ((i = json.find('"', i)) != std::string_view::npos) {
        std::string item;
        for (++i; i < json.size() && json[i] != '"'; ++i) {
            if (json[i] != '\\' || i + 1 >= json.size()) {
                item += json[i];
                continue;
            }
            char e = json[++i];
            auto is_hex = [&](std::size_t at) {
                return at + 4 <= json.size() &&
                       std::all_of(json.begin() + static_cast<std::ptrdiff_t>(at),
                                   json.begin() + static_cast<std::ptrdiff_t>(at + 4), [](char c) {
                                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                                              (c >= 'A' && c <= 'F');
                                   });
            };
            if (e == 'u' && is_hex(i + 1)) {
                unsigned code = hex(i + 1);
                i += 4;
                // A pair of surrogates is one character past U+FFFF.
                if (code >= 0xD800 && code < 0xDC00 && i + 6 < json.size() && json[i + 1] == '\\' &&
                    json[i + 2] == 'u' && is_hex(i + 3)) {
                    unsigned low = hex(i + 3);
                    if (low >= 0xDC00 && low < 0xE000) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                }
                if (code >= 0xD800 && code < 0xE000)
                    code = 0xFFFD; // a lone surrogate is no character: the replacement one
                append_utf8(item, code);
                continue;
            }
            item += e == 'n'   ? '\n'
                    : e == 't' ? '\t'
                    : e == 'r' ? '\r'
                    : e == 'b' ? '\b'
                    : e == 'f' ? '\f'
                               : e;
        }
        ++i;
        items.push_back(std::move(item));
    }
    return items;
}

std::string content_uid(const std::vector<std::string>& fields) {
    // Two 64-bit FNV-1a hashes; the separator keeps ("ab","c") apart from ("a","bc").
    std::uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
    for (const auto& field : fields) {
        for (unsigned char c : field) {
            a = (a ^ c) * 0x100000001b3ULL;
            b = (b ^ c) * 0x100000001b3ULL + 1;
        }
        a = (a ^ 0x1f) * 0x100000001b3ULL;
        b = (b ^ 0x1f) * 0x100000001b3ULL + 1;
    }
    return fmt::format("c{:016x}{:015x}", a, b >> 4);
}

std::string header_line() {
    return fmt::format("{{\"type\":\"rekindle\",\"format\":{}}}", format_version);
}

Counts import_all(db::Database& db, jsonl::Reader& reader, const std::vector<Plan>& plans,
                  std::string_view only_tool) {
    // A large import touches index pages all over; a bigger page cache keeps SQLite from
    // writing them out and reading them back again and again (16 MiB, well within the
    // memory an import may take).
    db.exec("PRAGMA cache_size = -16384");
    db::Transaction tx(db);
    std::vector<Prepared> prepared;
    prepared.reserve(plans.size());
    for (const auto& plan : plans) {
        Prepared p{&plan,
                   db.prepare(fmt::format("SELECT 1 FROM {} WHERE uid = ?", plan.type->table)),
                   db.prepare(insert_sql(*plan.type)),
                   {},
                   0};
        for (const auto& name : plan.type->identity) {
            const auto* f = plan.type->field(name);
            if (!f)
                throw Error(ExitCode::internal,
                            fmt::format("identity field '{}' is not declared", name));
            p.identity.push_back(static_cast<std::size_t>(f - plan.type->fields.data()));
        }
        prepared.push_back(std::move(p));
    }
    auto stored = [](db::Statement& q, std::string_view uid) {
        q.bind(1, uid);
        bool found = q.step();
        q.reset();
        return found;
    };

    Counts counts;
    std::string now = dates::format_utc(dates::now());
    Incoming r;
    std::map<std::string, int> repeats; // content uids of records that leave identity fields out
    std::vector<std::string> identity;
    while (const jsonl::Record* line = reader.next()) {
        r.line = line;
        auto type_value = line->value("type");
        if (type_value.type != jsonl::Value::Type::string)
            throw DataError(
                fmt::format("{}: field 'type' {}", line->where(),
                            type_value.type == jsonl::Value::Type::absent
                                ? std::string("is missing")
                                : fmt::format("must be a string, not {}", type_value.describe())));
        std::string_view type_name = type_value.string;
        // The header; it may come again further on (exports joined with cat, or sorted).
        if (type_name == "rekindle") {
            for (auto key : line->keys())
                if (key != "type" && key != "format")
                    throw DataError(fmt::format("{}: unknown field '{}' in the header line",
                                                line->where(), text::escape_controls(key)));
            auto format = line->value("format");
            if (format.type != jsonl::Value::Type::integer || format.integer < 1)
                throw DataError(
                    fmt::format("{}: field 'format' must be a whole number from 1", line->where()));
            if (format.integer > format_version)
                throw DataError(fmt::format("{}: this file was written by a newer rekindle "
                                            "(format {}; this one reads up to {}); upgrade "
                                            "rekindle to import it",
                                            line->where(), format.integer, format_version));
            continue;
        }

        // Which tool's record: named by the line, or the one this import is for.
        auto tool_value = line->value("tool");
        std::string_view tool = only_tool;
        if (tool_value.type == jsonl::Value::Type::string) {
            tool = tool_value.string;
            if (!only_tool.empty() && tool != only_tool)
                throw DataError(fmt::format("{}: this record belongs to '{}', not '{}'; import "
                                            "a whole export with 'rekindle import'",
                                            line->where(), text::escape_controls(tool), only_tool));
        } else if (tool_value.type != jsonl::Value::Type::absent) {
            throw DataError(fmt::format("{}: field 'tool' must be a string, not {}", line->where(),
                                        tool_value.describe()));
        }
        Prepared* target = nullptr;
        std::vector<std::string> names;
        for (auto& p : prepared) {
            const auto& t = *p.plan->type;
            if (!tool.empty() && t.tool != tool)
                continue;
            names.push_back(t.name);
            if (t.name == type_name) {
                if (target)
                    throw DataError(fmt::format("{}: field 'tool' is missing; say which tool "
                                                "the '{}' record is for",
                                                line->where(), t.name));
                target = &p;
            }
        }
        if (!target) {
            if (names.empty())
                throw DataError(fmt::format("{}: field 'tool' is '{}', but no such tool keeps "
                                            "records",
                                            line->where(), text::escape_controls(tool)));
            throw DataError(fmt::format("{}: field 'type' is '{}', but must be {}", line->where(),
                                        text::escape_controls(type_name),
                                        quoted_list(names, "or")));
        }
        const RecordType& type = *target->plan->type;
        r.type = &type;

        for (auto key : line->keys()) {
            if (key != "type" && key != "tool" && key != "uid" && !type.field(key))
                throw r.error(fmt::format("unknown field '{}'", text::escape_controls(key)));
        }
        auto uid_value = line->value("uid");
        r.uid.reset();
        if (uid_value.type == jsonl::Value::Type::string) {
            if (!valid_uid(uid_value.string))
                throw r.error("field 'uid' must be 1 to 64 letters, digits, '-' or '_'");
            r.uid = std::string(uid_value.string);
        } else if (uid_value.type != jsonl::Value::Type::absent &&
                   uid_value.type != jsonl::Value::Type::null) {
            throw r.error(
                fmt::format("field 'uid' must be a string, not {}", uid_value.describe()));
        }
        r.hand_written = !r.uid;

        r.values.assign(type.fields.size(), output::Value());
        r.given.assign(type.fields.size(), false);
        bool name_by_content = r.hand_written && !target->identity.empty();
        if (name_by_content)
            identity.assign(type.fields.size(), std::string(absent_marker));
        for (std::size_t i = 0; i < type.fields.size(); ++i) {
            const Field& f = type.fields[i];
            auto v = line->value(f.name);
            r.given[i] = v.type != jsonl::Value::Type::absent;
            if (v.type == jsonl::Value::Type::absent || v.type == jsonl::Value::Type::null) {
                if (f.required)
                    throw r.error(fmt::format("field '{}' is missing", f.name));
                switch (f.fallback.from) {
                case Default::From::null:
                    break;
                case Default::From::now:
                    r.values[i] = now;
                    break;
                case Default::From::field:
                    r.values[i] = r.values[static_cast<std::size_t>(type.field(f.fallback.value) -
                                                                    type.fields.data())];
                    break;
                case Default::From::value:
                    r.values[i] = literal(f);
                    break;
                }
                continue;
            }
            // The text that names the record in a uid, needed only when it has none.
            r.values[i] = read_field(r, f, v, name_by_content ? &identity[i] : nullptr);
        }

        // A record whose uid is stored is skipped before its hook sees it, so a hook never
        // acts (makes a list, replaces one) for a record that will not be stored.
        if (r.uid && stored(target->has_uid, *r.uid)) {
            ++counts.skipped;
            continue;
        }
        if (name_by_content) {
            std::vector<std::string> parts;
            for (auto i : target->identity)
                parts.push_back(identity[i]);
            r.uid = content_uid(parts);
            // Identical lines that leave a field of the identity out (events without `at`)
            // are told apart by their order in the file, so each is kept once: the same file
            // imported again gives the same uids.
            if (std::find(parts.begin(), parts.end(), absent_marker) != parts.end()) {
                int seen = ++repeats[*r.uid];
                if (seen > 1) {
                    parts.push_back(std::to_string(seen));
                    r.uid = content_uid(parts);
                }
            }
            if (stored(target->has_uid, *r.uid)) {
                ++counts.skipped;
                continue;
            }
        }
        Verdict verdict = target->plan->prepare ? target->plan->prepare(r) : Verdict::insert;
        if (verdict == Verdict::skip) {
            ++counts.skipped;
            continue;
        }
        auto& insert = target->insert;
        insert.bind(1, r.uid ? *r.uid : db::new_uid());
        for (std::size_t i = 0; i < r.values.size(); ++i) {
            int param = static_cast<int>(i) + 2;
            std::visit(
                [&](const auto& x) {
                    using X = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<X, std::monostate>)
                        insert.bind(param, std::nullopt);
                    else if constexpr (std::is_same_v<X, bool>)
                        insert.bind(param, std::int64_t{x ? 1 : 0});
                    else
                        insert.bind(param, x);
                },
                r.values[i]);
        }
        insert.run();
        if (sqlite3_changes(db.handle()) == 0)
            ++counts.skipped; // the same uid twice in the input
        else
            ++target->stored;
    }
    for (const auto& plan : plans)
        if (plan.finish)
            plan.finish();
    for (const auto& p : prepared)
        if (p.stored)
            counts.stored[fmt::format("{}.{}", p.plan->type->tool, p.plan->type->name)] += p.stored;
    tx.commit();
    return counts;
}

void export_types(db::Database& db, const std::vector<RecordType>& types,
                  const std::function<void(std::string_view)>& sink) {
    std::vector<const RecordType*> each;
    for (const auto& t : types)
        each.push_back(&t);
    export_all(db, each, sink);
}

void export_all(db::Database& db, const std::vector<const RecordType*>& types,
                const std::function<void(std::string_view)>& sink) {
    std::string buffer = header_line() + "\n";
    for (const auto* type : types) {
        std::string columns = "uid";
        std::vector<std::string> keys; // ,"name": before each field's value
        for (const auto& f : type->fields) {
            columns += ", " + f.name;
            std::string key(1, ',');
            output::append_json_quoted(key, f.name);
            keys.push_back(key + ':');
        }
        // Names from the declarations only; rows in the order they were stored.
        auto q = db.prepare(fmt::format("SELECT {} FROM {} ORDER BY id", columns, type->table));
        std::string prefix =
            fmt::format("{{\"type\":{},\"tool\":{},\"uid\":", output::json_quote(type->name),
                        output::json_quote(type->tool));
        while (q.step()) {
            buffer += prefix;
            output::append_json_quoted(buffer, q.text_view(0));
            for (std::size_t i = 0; i < type->fields.size(); ++i) {
                const Field& f = type->fields[i];
                int column = static_cast<int>(i) + 1;
                buffer += keys[i]; // ,"name":
                if (q.is_null(column))
                    buffer += "null";
                else if (f.kind == Kind::integer)
                    buffer += std::to_string(q.integer(column));
                else if (f.kind == Kind::boolean)
                    buffer += q.integer(column) ? "true" : "false";
                else if (f.kind == Kind::number)
                    buffer += fmt::format("{}", q.real(column));
                else if (f.kind == Kind::strings)
                    buffer += q.text_view(column); // stored as the JSON array itself
                else
                    output::append_json_quoted(buffer, q.text_view(column));
            }
            buffer += "}\n";
            if (buffer.size() >= (1 << 16)) {
                sink(buffer);
                buffer.clear();
            }
        }
    }
    sink(buffer);
}

} // namespace rekindle::records

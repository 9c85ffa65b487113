#include "rekindle/config.hpp"

#include "rekindle/dates.hpp"
#include "rekindle/error.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <vector>

namespace rekindle::config {
namespace {

std::string place(const toml::source_region& region, std::string_view fallback_name) {
    std::string name = region.path ? std::string(*region.path) : std::string(fallback_name);
    return fmt::format("{}:{}:{}", name, region.begin.line, region.begin.column);
}

// Known keys by table path; "*" stands for any one name (e.g. a list's name). Tables not
// named here (the other tools' sections) are not checked yet.
struct KnownKeys {
    std::string_view table;
    std::vector<std::string> keys;
};

const std::vector<KnownKeys>& known_keys() {
    static const std::vector<KnownKeys> known{
        {"",
         {"database", "day_starts_at", "week_starts", "color", "editor", "reflect", "nocontact",
          "selfcare", "signals", "checklist", "hooks"}},
        {"checklist", {"lists"}},
        {"reflect", {"editor", "disabled", "themes"}},
        {"nocontact", {"days", "milestones", "reset_streak_on_slip"}},
        {"selfcare",
         {"categories", "activity", "goal", "low_mood_threshold", "low_mood_notice",
          "rest_days_per_week", "daylio"}},
        {"selfcare.activity[]", {"name", "category", "aliases"}},
        {"selfcare.goal[]", {"activity", "category", "per_week", "minutes_per_week"}},
        {"selfcare.daylio", {"category", "moods"}},
        {"signals",
         {"kind", "half_life_days", "window_days", "unbacked_words", "low_confidence_below",
          "clear_at"}},
        {"signals.kind[]", {"id", "description", "direction", "nature", "weight", "final"}},
        {"reflect.themes[]", {"name", "title", "description", "prompts"}},
        {"reflect.themes[].prompts[]", {"id", "question", "hint"}},
        {"checklist.lists.*", {"title", "description", "items"}},
        {"checklist.lists.*.items[]", {"key", "title", "detail"}},
    };
    return known;
}

bool pattern_matches(std::string_view pattern, std::string_view path) {
    // Compare dot-separated segments; "*" matches one segment.
    while (true) {
        auto pd = pattern.find('.'), sd = path.find('.');
        auto ps = pattern.substr(0, pd), ss = path.substr(0, sd);
        if (ps != "*" && ps != ss)
            return false;
        if (pd == std::string_view::npos || sd == std::string_view::npos)
            return pd == sd;
        pattern.remove_prefix(pd + 1);
        path.remove_prefix(sd + 1);
    }
}

void check_keys(const toml::table& table, const std::string& path, std::string_view file,
                std::vector<std::string>& warnings) {
    const KnownKeys* known = nullptr;
    for (const auto& k : known_keys())
        if (pattern_matches(k.table, path))
            known = &k;
    for (const auto& [key, value] : table) {
        std::string name(key.str());
        std::string child = path.empty() ? name : path + "." + name;
        if (known && std::find(known->keys.begin(), known->keys.end(), name) == known->keys.end()) {
            std::string msg = fmt::format("{}: unknown key '{}'", place(key.source(), file), child);
            if (auto guess = text::did_you_mean(name, known->keys))
                msg += fmt::format("; did you mean '{}'?", *guess);
            warnings.push_back(msg);
            continue;
        }
        if (const auto* sub = value.as_table())
            check_keys(*sub, child, file, warnings);
        else if (const auto* arr = value.as_array())
            for (const auto& element : *arr)
                if (const auto* t = element.as_table())
                    check_keys(*t, child + "[]", file, warnings);
    }
}

void check_string(const toml::table& root, std::string_view key, std::string_view file,
                  const std::vector<std::string_view>& allowed = {}) {
    const toml::node* n = root.get(key);
    if (!n)
        return;
    if (!n->is_string())
        throw ConfigError(fmt::format("{}: '{}' must be a string", place(n->source(), file), key));
    auto value = n->value<std::string>().value_or("");
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        std::string list;
        for (auto a : allowed)
            list += (list.empty() ? "" : ", ") + std::string(a);
        throw ConfigError(fmt::format("{}: '{}' is '{}', but must be one of {}",
                                      place(n->source(), file), key, value, list));
    }
}

// Values shared by every tool are checked once, here, so no tool trips over them later.
void check_values(const toml::table& root, std::string_view file) {
    check_string(root, "database", file);
    check_string(root, "editor", file);
    check_string(root, "color", file, {"auto", "always", "never"});
    check_string(root, "week_starts", file, {"monday", "sunday"});
    check_string(root, "day_starts_at", file);
    if (const auto* n = root.get("day_starts_at")) {
        try {
            dates::parse_day_start(n->value<std::string>().value_or(""));
        } catch (const Error& e) {
            throw ConfigError(fmt::format("{}: {}", place(n->source(), file), e.what()));
        }
    }
    for (auto section : {"reflect", "nocontact", "selfcare", "signals", "checklist", "hooks"}) {
        const toml::node* n = root.get(section);
        if (n && !n->is_table())
            throw ConfigError(fmt::format("{}: '{}' must be a table, like [{}]",
                                          place(n->source(), file), section, section));
    }
}

// Fills in what `target` lacks from `defaults`, table by table. The person's own nodes stay
// where they are, so their source positions survive for error messages.
void add_missing(toml::table& target, const toml::table& defaults) {
    for (const auto& [key, value] : defaults) {
        auto* existing = target.get(key);
        if (!existing)
            target.insert(key, value);
        else if (existing->is_table() && value.is_table())
            add_missing(*existing->as_table(), *value.as_table());
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw NoInputError(fmt::format("cannot read config file '{}'", path));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw IoError(fmt::format("cannot read config file '{}'", path));
    return ss.str();
}

// toml++ (and check_keys below) walk nested keys and brackets by recursion, so a file with
// thousands of levels would overflow the stack. No real config nests more than a few levels:
// refuse anything past `limit`, naming where, before toml++ sees it. A level is a bracket
// (array, inline table) or a part of a dotted key (or [table] header), counted together along
// the way down, since each makes one more table or array inside the last.
void check_nesting(std::string_view text, std::string_view name) {
    constexpr int limit = 64;
    std::size_t line = 1, column = 0;
    // One entry a bracket open around the current point: an inline table (whose keys may hold
    // dots) or an array, and how many levels its current key adds.
    struct Open {
        bool table;
        int key_levels;
    };
    std::vector<Open> open;
    int top_key_levels = 0; // the dotted key of a line outside brackets, or of a [header]
    bool in_key = true;     // before the '=' of the current key
    enum class In { code, basic, literal, multi_basic, multi_literal, comment } in = In::code;
    auto check = [&] {
        int total = top_key_levels + static_cast<int>(open.size());
        for (const auto& o : open)
            total += o.key_levels;
        if (total > limit)
            throw ConfigError(fmt::format("{}:{}:{}: keys and brackets are nested more than {} "
                                          "levels deep",
                                          name, line, column, limit));
    };
    // A closing run of quotes may be up to five long; the last three close the string.
    auto close_multi = [&](std::size_t& i, char quote) {
        std::size_t run = 0;
        while (i + run < text.size() && text[i + run] == quote && run < 5)
            ++run;
        if (run < 3)
            return false;
        i += run - 1;
        column += run - 1;
        return true;
    };
    const std::string_view triple_double = "\"\"\"", triple_single = "'''";
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        ++column;
        if (c == '\n') {
            ++line;
            column = 0;
            if (in == In::comment || in == In::basic || in == In::literal)
                in = In::code;
            if (open.empty()) { // outside brackets, a new line starts a new key
                top_key_levels = 0;
                in_key = true;
            }
            continue;
        }
        switch (in) {
        case In::comment:
            break;
        case In::basic:
            if (c == '\\')
                ++i;
            else if (c == '"')
                in = In::code;
            break;
        case In::literal:
            if (c == '\'')
                in = In::code;
            break;
        case In::multi_basic:
            if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n')
                ++i;
            else if (c == '"' && close_multi(i, '"'))
                in = In::code;
            break;
        case In::multi_literal:
            if (c == '\'' && close_multi(i, '\''))
                in = In::code;
            break;
        case In::code:
            if (c == '#') {
                in = In::comment;
            } else if (text.substr(i, 3) == triple_double) {
                in = In::multi_basic;
                i += 2;
                column += 2;
            } else if (text.substr(i, 3) == triple_single) {
                in = In::multi_literal;
                i += 2;
                column += 2;
            } else if (c == '"') {
                in = In::basic;
            } else if (c == '\'') {
                in = In::literal;
            } else if (c == '{') {
                open.push_back({true, 0});
                in_key = true;
                check();
            } else if (c == '[') {
                // At the start of a line outside brackets, a [table] header: its dots count as
                // a key's do. Anywhere else, an array.
                if (open.empty() && in_key) {
                    ++top_key_levels;
                } else {
                    open.push_back({false, 0});
                    in_key = false;
                }
                check();
            } else if (c == ']' || c == '}') {
                if (!open.empty())
                    open.pop_back();
                in_key = open.empty() ? in_key : false;
            } else if (c == '=') {
                in_key = false;
            } else if (c == ',') {
                if (!open.empty() && open.back().table) { // the next key of an inline table
                    open.back().key_levels = 0;
                    in_key = true;
                }
            } else if (c == '.' && in_key) {
                if (open.empty())
                    ++top_key_levels;
                else if (open.back().table)
                    ++open.back().key_levels;
                check();
            }
            break;
        }
    }
}

} // namespace

toml::table parse_text(std::string_view text, std::string_view name) {
    if (auto bad = text::find_invalid_utf8(text))
        throw ConfigError(fmt::format("{}:{}:{}: invalid UTF-8 (byte {})", name, bad->line,
                                      bad->column, bad->offset));
    check_nesting(text, name);
    try {
        return toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        // toml++ words its messages in sentence case; ours are lowercase.
        std::string what(e.description());
        if (what.size() > 1 && what[0] >= 'A' && what[0] <= 'Z' && what[1] >= 'a' && what[1] <= 'z')
            what[0] = static_cast<char>(what[0] - 'A' + 'a');
        while (!what.empty() && what.back() == '.')
            what.pop_back();
        throw ConfigError(fmt::format("{}: {}", place(e.source(), name), what));
    }
}

toml::table parse_file(const std::string& path) {
    return parse_text(read_file(path), path);
}

Config Config::load(const Sources& sources) {
    Config config;
    if (!sources.user_path.empty()) {
        std::error_code ec;
        bool exists = std::filesystem::exists(sources.user_path, ec);
        if (ec)
            throw NoInputError(
                fmt::format("cannot read config file '{}': {}", sources.user_path, ec.message()));
        if (!exists && sources.user_required)
            throw NoInputError(fmt::format("config file '{}' does not exist", sources.user_path));
        if (exists) {
            if (std::filesystem::is_directory(sources.user_path, ec))
                throw NoInputError(
                    fmt::format("config file '{}' is a folder, not a file", sources.user_path));
            config.root_ = parse_file(sources.user_path);
            check_values(config.root_, sources.user_path);
            check_keys(config.root_, "", sources.user_path, config.warnings_);
            config.user_path_ = sources.user_path;
        }
    }
    if (std::error_code ec;
        !sources.defaults_path.empty() && std::filesystem::exists(sources.defaults_path, ec))
        add_missing(config.root_, parse_file(sources.defaults_path));
    return config;
}

Config Config::from_string(std::string_view toml_text, std::string_view name) {
    Config config;
    config.root_ = parse_text(toml_text, name);
    check_values(config.root_, name);
    check_keys(config.root_, "", name, config.warnings_);
    config.user_path_ = std::string(name);
    return config;
}

std::optional<std::string> Config::string(std::string_view dotted) const {
    const toml::node* n = node(dotted);
    if (!n)
        return std::nullopt;
    return n->value<std::string>();
}

std::string Config::string_or(std::string_view dotted, std::string_view fallback) const {
    return string(dotted).value_or(std::string(fallback));
}

bool Config::sunday_first() const {
    return string_or("week_starts", "monday") == "sunday";
}

const toml::node* Config::node(std::string_view dotted) const {
    return root_.at_path(dotted).node();
}

std::string Config::where(const toml::node& n) const {
    return place(n.source(), user_path_);
}

} // namespace rekindle::config

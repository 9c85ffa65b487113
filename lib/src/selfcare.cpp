#include "rekindle/selfcare.hpp"

#include "rekindle/chart.hpp"
#include "rekindle/error.hpp"
#include "rekindle/reflect.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace rekindle::selfcare {
namespace {

using output::Column;
using output::Shown;
using output::Value;

constexpr std::int64_t max_minutes = 10080; // a week: longer is not one activity

Value optional(const std::optional<std::string>& s) {
    return s ? Value(*s) : Value();
}
Value optional(const std::optional<std::int64_t>& n) {
    return n ? Value(*n) : Value();
}

// A stored day; one that is not a day (written by another program) reads as 1970-01-01
// rather than stopping every reader.
dates::Day parse_day(std::string_view s) {
    return dates::parse_day(s).value_or(dates::Day{});
}

// A YYYY-MM-DD that names a real day of the years 0001 to 9999, or nothing.
std::optional<dates::Day> read_day(std::string_view s) {
    auto d = dates::parse_day(s);
    return d && d->year >= 1 ? d : std::nullopt;
}

std::string string_at(const toml::node& n, std::string_view what, const config::Config& config) {
    if (auto s = n.value<std::string>())
        return *s;
    throw ConfigError(fmt::format("{}: '{}' must be a string", config.where(n), what));
}

// A name of one line, not empty, valid UTF-8.
void check_name(const std::string& name, std::string_view what, const toml::node& n,
                const config::Config& config) {
    if (text::find_invalid_utf8(name) || text::trim(name).empty() ||
        name.find_first_of("\r\n\t") != std::string::npos || name.size() > 80)
        throw ConfigError(fmt::format("{}: '{}' must be a name of one line, 1 to 80 bytes",
                                      config.where(n), what));
}

std::vector<std::string> aliases_at(const toml::node* n, std::string_view what,
                                    const config::Config& config) {
    std::vector<std::string> out;
    if (!n)
        return out;
    const auto* arr = n->as_array();
    if (!arr)
        throw ConfigError(
            fmt::format("{}: '{}' must be an array of strings", config.where(*n), what));
    for (const auto& a : *arr) {
        std::string alias = string_at(a, what, config);
        check_name(alias, what, a, config);
        out.push_back(text::trim(alias));
    }
    return out;
}

std::string quoted_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += out.empty() ? "'" : ", '";
        out += n;
        out += '\'';
    }
    return out;
}

// Why `name` cannot name an activity or a category, if it cannot: the rules `--new` and the
// config follow, applied to imports too.
std::optional<std::string> name_problem(std::string_view name) {
    if (text::trim(name).empty())
        return "is empty";
    if (name.size() > 80)
        return "is longer than 80 bytes";
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        return "holds a control character (a name is one line)";
    if (text::trim(name) != name)
        return "begins or ends with white space";
    return std::nullopt;
}

} // namespace

std::string_view origin_name(Origin origin) {
    switch (origin) {
    case Origin::shipped:
        return "shipped";
    case Origin::config:
        return "config";
    case Origin::mine:
        return "mine";
    }
    return "mine";
}

std::string match_key(std::string_view name) {
    std::string folded = text::fold_case(name);
    std::string out;
    for (char c : folded)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            out += c;
    return out;
}

std::string Goal::label() const {
    return fmt::format("{} {} a week", activity ? *activity : *category,
                       minutes ? fmt::format("{} min", target) : fmt::format("{}x", target));
}

std::string Scope::key() const {
    switch (kind) {
    case Kind::all:
        return "";
    case Kind::activity:
        return "a:" + name;
    case Kind::category:
        return "c:" + name;
    }
    return "";
}

// ---- settings ----------------------------------------------------------------------------

namespace {

// Adds an activity, or replaces one of the same name (the config may move a shipped one to
// another category); an alias that names another activity is refused.
// The activities read so far and the match keys of their names and aliases, so each new one
// is checked in one lookup rather than against every other.
struct ActivityIndex {
    std::vector<Activity>& all;
    std::map<std::string, std::size_t> keys;
};

void add_activity(ActivityIndex& index, Activity a, const toml::node& where,
                  const config::Config& config) {
    std::string key = match_key(a.name);
    auto same = index.keys.find(key);
    std::optional<std::size_t> replaces;
    if (same != index.keys.end() && match_key(index.all[same->second].name) == key)
        replaces = same->second;
    for (const auto& word : a.aliases) {
        auto it = index.keys.find(match_key(word));
        if (it != index.keys.end() && it->second != replaces)
            throw ConfigError(fmt::format("{}: alias '{}' of '{}' already names '{}'",
                                          config.where(where), word, a.name,
                                          index.all[it->second].name));
    }
    std::size_t at = replaces ? *replaces : index.all.size();
    if (replaces) {
        auto& other = index.all[at];
        other.category = a.category;
        for (auto& alias : a.aliases)
            other.aliases.push_back(alias);
        other.origin = a.origin;
    } else {
        index.all.push_back(std::move(a));
    }
    const auto& added = index.all[at];
    index.keys.emplace(match_key(added.name), at);
    for (const auto& alias : added.aliases)
        index.keys.emplace(match_key(alias), at);
}

std::vector<std::string> category_names(const std::vector<Category>& categories) {
    std::vector<std::string> names;
    for (const auto& c : categories)
        names.push_back(c.name);
    return names;
}

void read_activities(const toml::node& list, ActivityIndex& activities,
                     const std::vector<Category>& categories, Origin origin, std::string_view key,
                     const config::Config& config) {
    const auto* arr = list.as_array();
    if (!arr)
        throw ConfigError(
            fmt::format("{}: '{}' must be an array of tables", config.where(list), key));
    for (const auto& node : *arr) {
        const auto* t = node.as_table();
        if (!t)
            throw ConfigError(fmt::format("{}: each of '{}' must be a table with a name and a "
                                          "category",
                                          config.where(node), key));
        const toml::node* name = t->get("name");
        const toml::node* category = t->get("category");
        if (!name || !category)
            throw ConfigError(
                fmt::format("{}: an activity needs a 'name' and a 'category'", config.where(node)));
        Activity a;
        a.name = text::trim(string_at(*name, "name", config));
        check_name(a.name, "name", *name, config);
        a.category = string_at(*category, "category", config);
        auto names = category_names(categories);
        if (std::find(names.begin(), names.end(), a.category) == names.end()) {
            std::string msg =
                fmt::format("{}: category '{}' of '{}' is not defined", config.where(*category),
                            text::escape_controls(a.category), a.name);
            if (auto guess = text::did_you_mean(a.category, names))
                msg += fmt::format("; did you mean '{}'?", *guess);
            else
                msg += fmt::format("; the categories are {}, and 'selfcare.categories' adds more",
                                   quoted_names(names));
            throw ConfigError(msg);
        }
        a.aliases = aliases_at(t->get("aliases"), "aliases", config);
        a.origin = origin;
        add_activity(activities, std::move(a), node, config);
    }
}

} // namespace

Settings load_settings(const std::string& shipped_path, const config::Config& config) {
    Settings s;
    if (std::error_code ec; !std::filesystem::is_regular_file(shipped_path, ec))
        throw ConfigError(fmt::format("rekindle's shipped activities are missing: '{}' does not "
                                      "exist (reinstall, or set REKINDLE_SHARE_DIR)",
                                      shipped_path));
    auto shipped = config::parse_file(shipped_path);
    if (const auto* cats = shipped.get("categories"); cats && cats->as_array()) {
        for (const auto& node : *cats->as_array()) {
            const auto* t = node.as_table();
            if (!t || !t->get("name"))
                throw ConfigError(fmt::format("{}: a category needs a 'name'", config.where(node)));
            s.categories.push_back({string_at(*t->get("name"), "name", config),
                                    t->get("description")
                                        ? string_at(*t->get("description"), "description", config)
                                        : std::string()});
        }
    }
    const toml::node* shipped_list = shipped.get("activities");
    if (!shipped_list)
        throw ConfigError(fmt::format("{}: no [[activities]] found", shipped_path));

    // The config's own categories come before any activity may use them.
    if (const auto* n = config.node("selfcare.categories")) {
        const auto* arr = n->as_array();
        if (!arr)
            throw ConfigError(fmt::format("{}: 'selfcare.categories' must be an array of names",
                                          config.where(*n)));
        for (const auto& c : *arr) {
            std::string name = text::trim(string_at(c, "selfcare.categories", config));
            check_name(name, "selfcare.categories", c, config);
            auto names = category_names(s.categories);
            if (std::find(names.begin(), names.end(), name) == names.end())
                s.categories.push_back({name, ""});
        }
    }
    ActivityIndex index{s.activities, {}};
    read_activities(*shipped_list, index, s.categories, Origin::shipped, "activities", config);
    if (const auto* mine = config.node("selfcare.activity"))
        read_activities(*mine, index, s.categories, Origin::config, "selfcare.activity", config);

    if (const auto* goals = config.node("selfcare.goal")) {
        const auto* arr = goals->as_array();
        if (!arr)
            throw ConfigError(fmt::format("{}: 'selfcare.goal' must be written [[selfcare.goal]]",
                                          config.where(*goals)));
        for (const auto& node : *arr) {
            const auto* t = node.as_table();
            if (!t)
                throw ConfigError(fmt::format("{}: a goal must be a table", config.where(node)));
            Goal g;
            g.place = config.where(node);
            const auto* activity = t->get("activity");
            const auto* category = t->get("category");
            if ((activity != nullptr) == (category != nullptr))
                throw ConfigError(fmt::format("{}: a goal names either an 'activity' or a "
                                              "'category', not both or neither",
                                              g.place));
            // Whether it names a known activity or category is checked where goals are
            // read: the person's own (stored) ones count too.
            if (activity)
                g.activity = string_at(*activity, "activity", config);
            if (category)
                g.category = string_at(*category, "category", config);
            g.place = config.where(activity ? *activity : *category);
            const auto* times = t->get("per_week");
            const auto* minutes = t->get("minutes_per_week");
            if ((times != nullptr) == (minutes != nullptr))
                throw ConfigError(fmt::format("{}: a goal has either 'per_week' or "
                                              "'minutes_per_week', not both or neither",
                                              g.place));
            const auto* target = times ? times : minutes;
            auto v = target->value<std::int64_t>();
            if (!target->is_integer() || !v || *v < 1 || *v > max_minutes)
                throw ConfigError(fmt::format(
                    "{}: '{}' must be a whole number from 1 to {}", config.where(*target),
                    times ? "per_week" : "minutes_per_week", max_minutes));
            g.target = *v;
            g.minutes = minutes != nullptr;
            s.goals.push_back(std::move(g));
        }
    }
    if (const auto* n = config.node("selfcare.low_mood_threshold")) {
        auto v = n->value<double>();
        if (!(n->is_integer() || n->is_floating_point()) || !v || !(*v >= 1 && *v <= 10))
            throw ConfigError(fmt::format("{}: 'selfcare.low_mood_threshold' must be a number "
                                          "from 1 to 10",
                                          config.where(*n)));
        s.low_mood_threshold = *v;
    }
    if (const auto* n = config.node("selfcare.low_mood_notice")) {
        if (!n->is_boolean())
            throw ConfigError(fmt::format("{}: 'selfcare.low_mood_notice' must be true or false",
                                          config.where(*n)));
        s.low_mood_notice = n->value<bool>().value_or(true);
    }
    if (const auto* n = config.node("selfcare.rest_days_per_week")) {
        auto v = n->value<std::int64_t>();
        if (!n->is_integer() || !v || *v < 0 || *v > 6)
            throw ConfigError(fmt::format("{}: 'selfcare.rest_days_per_week' must be a whole "
                                          "number from 0 to 6",
                                          config.where(*n)));
        s.rest_days_per_week = static_cast<int>(*v);
    }
    s.sunday_first = config.sunday_first();

    s.daylio_moods = {{"rad", 9}, {"good", 7}, {"meh", 5}, {"bad", 3}, {"awful", 1}};
    if (const auto* n = config.node("selfcare.daylio")) {
        if (!n->is_table())
            throw ConfigError(
                fmt::format("{}: 'selfcare.daylio' must be a table", config.where(*n)));
        if (const auto* c = config.node("selfcare.daylio.category")) {
            s.daylio_category = text::trim(string_at(*c, "selfcare.daylio.category", config));
            check_name(s.daylio_category, "selfcare.daylio.category", *c, config);
        }
        if (const auto* moods = config.node("selfcare.daylio.moods")) {
            const auto* t = moods->as_table();
            if (!t)
                throw ConfigError(fmt::format("{}: 'selfcare.daylio.moods' must be a table of "
                                              "label = number",
                                              config.where(*moods)));
            for (const auto& [key, value] : *t) {
                auto v = value.value<std::int64_t>();
                if (!value.is_integer() || !v || *v < 1 || *v > 10)
                    throw ConfigError(fmt::format("{}: mood '{}' must map to a whole number from "
                                                  "1 to 10",
                                                  config.where(value), key.str()));
                std::string label = text::fold_case(text::trim(key.str()));
                std::erase_if(s.daylio_moods, [&](const auto& m) { return m.first == label; });
                s.daylio_moods.emplace_back(label, *v);
            }
        }
    }
    return s;
}

// ---- pure arithmetic ---------------------------------------------------------------------

dates::Day week_start(const dates::Day& d, bool sunday_first) {
    int wd = dates::weekday(d); // 0 = Monday
    int back = sunday_first ? (wd + 1) % 7 : wd;
    return dates::add_days(d, -back);
}

Streak streak_of(const std::vector<dates::Day>& days, const dates::Day& today, int rest_days,
                 bool sunday_first) {
    Streak s;
    // Days after today (an entry dated from a clock ahead) have not happened yet here.
    std::vector<dates::Day> past;
    for (const auto& d : days)
        if (!(today < d))
            past.push_back(d);
    s.active_days = static_cast<int>(past.size());
    if (past.empty())
        return s;
    s.last_day = past.back();

    // Rest days used so far in each week of the current run.
    std::map<dates::Day, int> rested;
    // Whether the days from `from` to `to` (both inclusive) can all be rest days of the run.
    auto can_rest = [&](const dates::Day& from, const dates::Day& to) {
        if (to < from)
            return true;
        std::map<dates::Day, int> extra;
        for (dates::Day d = from; !(to < d); d = dates::add_days(d, 1)) {
            dates::Day week = week_start(d, sunday_first);
            if (rested[week] + ++extra[week] > rest_days)
                return false;
        }
        for (const auto& [week, n] : extra)
            rested[week] += n;
        return true;
    };

    dates::Day run_start = past.front();
    auto close_run = [&](const dates::Day& last) {
        int length = dates::days_between(run_start, last) + 1;
        if (length > s.longest) {
            s.longest = length;
            s.longest_since = run_start;
            s.longest_until = last;
        }
    };
    int active_in_run = 1;
    for (std::size_t i = 1; i < past.size(); ++i) {
        const auto& prev = past[i - 1];
        const auto& day = past[i];
        int gap = dates::days_between(prev, day) - 1;
        if (gap > 0 && !can_rest(dates::add_days(prev, 1), dates::add_days(day, -1))) {
            close_run(prev);
            run_start = day;
            rested.clear();
            active_in_run = 1;
            continue;
        }
        ++active_in_run;
    }
    close_run(past.back());
    // The run is current when the days since its last entry, up to yesterday, can rest.
    int since_last = dates::days_between(past.back(), today) - 1;
    if (since_last <= 0 || can_rest(dates::add_days(past.back(), 1), dates::add_days(today, -1))) {
        s.current = dates::days_between(run_start, past.back()) + 1;
        s.current_since = run_start;
        s.current_active = active_in_run;
    }
    return s;
}

std::optional<double> trend_of(const std::vector<std::pair<double, double>>& points) {
    if (points.size() < 2)
        return std::nullopt;
    double n = static_cast<double>(points.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const auto& [x, y] : points) {
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    double d = n * sxx - sx * sx;
    if (d == 0)
        return std::nullopt;
    return (n * sxy - sx * sy) / d;
}

// ---- Daylio ------------------------------------------------------------------------------

std::optional<std::pair<int, int>> daylio_time(std::string_view text) {
    // Newer exports put a narrow or plain no-break space before "pm".
    std::string spaced;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 3) == "\xE2\x80\xAF") {
            spaced += ' ';
            i += 2;
        } else if (text.substr(i, 2) == "\xC2\xA0") {
            spaced += ' ';
            i += 1;
        } else {
            spaced += text[i];
        }
    }
    std::string t = text::trim(spaced);
    std::size_t colon = t.find(':');
    if (colon == std::string::npos || colon == 0 || colon > 2 || t.size() < colon + 3)
        return std::nullopt;
    auto digits = [](std::string_view s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    std::string_view hh = std::string_view(t).substr(0, colon);
    std::string_view mm = std::string_view(t).substr(colon + 1, 2);
    if (!digits(hh) || !digits(mm))
        return std::nullopt;
    int hour = std::stoi(std::string(hh)), minute = std::stoi(std::string(mm));
    std::string rest = text::ascii_lower(text::trim(std::string_view(t).substr(colon + 3)));
    if (minute > 59)
        return std::nullopt;
    if (rest.empty())
        return hour <= 23 ? std::optional(std::pair{hour, minute}) : std::nullopt;
    if (rest != "am" && rest != "pm" && rest != "a.m." && rest != "p.m.")
        return std::nullopt;
    if (hour < 1 || hour > 12)
        return std::nullopt;
    hour %= 12;
    if (rest[0] == 'p')
        hour += 12;
    return std::pair{hour, minute};
}

namespace {
// One CSV record (RFC 4180: quoted fields may hold commas, quotes doubled, and line breaks).
struct CsvReader {
    std::istream& in;
    std::string name;
    std::size_t line = 0; // lines read so far

    // The next record and the line it starts on; false at the end.
    bool next(std::vector<std::string>& fields, std::size_t& start) {
        fields.clear();
        std::string raw;
        while (true) {
            if (!std::getline(in, raw)) {
                if (in.bad())
                    throw IoError(fmt::format("cannot read '{}'", name));
                return false;
            }
            ++line;
            if (line == 1 && raw.starts_with("\xEF\xBB\xBF"))
                raw.erase(0, 3);
            if (!raw.empty() && raw.back() == '\r')
                raw.pop_back();
            if (!text::trim(raw).empty())
                break;
        }
        start = line;
        std::string field;
        bool quoted = false, was_quoted = false;
        std::size_t i = 0;
        while (true) {
            if (i >= raw.size()) {
                if (!quoted)
                    break;
                // A line break inside quotes belongs to the field.
                if (!std::getline(in, raw))
                    throw DataError(
                        fmt::format("{}:{}: a quoted field is not closed", name, start));
                ++line;
                if (!raw.empty() && raw.back() == '\r')
                    raw.pop_back();
                field += '\n';
                i = 0;
                continue;
            }
            char c = raw[i++];
            if (quoted) {
                if (c == '"') {
                    if (i < raw.size() && raw[i] == '"') {
                        field += '"';
                        ++i;
                    } else {
                        quoted = false;
                    }
                } else {
                    field += c;
                }
            } else if (c == '"' && (field.empty() && !was_quoted)) {
                quoted = was_quoted = true;
            } else if (c == ',') {
                fields.push_back(std::move(field));
                field.clear();
                was_quoted = false;
            } else if (was_quoted) {
                throw DataError(fmt::format("{}:{}: text after a closing quote", name, start));
            } else {
                field += c;
            }
        }
        fields.push_back(std::move(field));
        return true;
    }
};
} // namespace

std::vector<DaylioRow> read_daylio(std::istream& in, const std::string& name,
                                   const std::vector<std::pair<std::string, std::int64_t>>& moods) {
    CsvReader csv{in, name};
    std::vector<std::string> fields;
    std::size_t line = 0;
    if (!csv.next(fields, line))
        throw DataError(fmt::format("{}: the file is empty; a Daylio export starts with a header "
                                    "line",
                                    name));
    auto column = [&](std::string_view wanted) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (text::ascii_lower(text::trim(fields[i])) == wanted)
                return i;
        return std::nullopt;
    };
    auto full_date = column("full_date"), time = column("time"), mood = column("mood"),
         activities = column("activities"), note = column("note"), title = column("note_title");
    if (!full_date || !time || !mood || !activities || !note)
        throw DataError(fmt::format("{}:{}: not a Daylio export: the header needs the columns "
                                    "full_date, time, mood, activities and note",
                                    name, line));
    std::size_t width = fields.size();
    std::vector<DaylioRow> rows;
    while (csv.next(fields, line)) {
        auto where = [&](std::string_view what) {
            return DataError(fmt::format("{}:{}: {}", name, line, what));
        };
        for (const auto& f : fields)
            if (auto bad = text::find_invalid_utf8(f))
                throw where(fmt::format("not valid UTF-8 (byte {} of a field)", bad->offset));
            else if (f.find('\0') != std::string::npos)
                throw where("a field holds a NUL character");
        if (fields.size() != width)
            throw where(fmt::format("{} fields where the header has {}", fields.size(), width));
        DaylioRow row;
        row.line = line;
        auto day = read_day(text::trim(fields[*full_date]));
        if (!day)
            throw where(fmt::format("full_date '{}' is not a date like 2026-11-20",
                                    text::escape_controls(fields[*full_date])));
        row.day = *day;
        auto hm = daylio_time(fields[*time]);
        if (!hm)
            throw where(fmt::format("time '{}' is not a time like \"6:50 pm\" or \"14:58\"",
                                    text::escape_controls(fields[*time])));
        row.hour = hm->first;
        row.minute = hm->second;
        row.mood_label = text::trim(fields[*mood]);
        std::string label = text::fold_case(row.mood_label);
        auto m = std::find_if(moods.begin(), moods.end(),
                              [&](const auto& p) { return p.first == label; });
        if (m == moods.end())
            throw where(fmt::format("mood '{}' has no number; add it to [selfcare.daylio.moods] "
                                    "as \"{}\" = 1 to 10",
                                    text::escape_controls(row.mood_label),
                                    text::escape_controls(label)));
        row.mood = m->second;
        std::string_view list = fields[*activities];
        while (!list.empty()) {
            auto bar = list.find('|');
            std::string item = text::trim(list.substr(0, bar));
            if (item.size() > 80 || std::any_of(item.begin(), item.end(), [](char c) {
                    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
                }))
                throw where(fmt::format("activity '{}' must be a name of one line, at most 80 "
                                        "bytes",
                                        text::escape_controls(item)));
            if (!item.empty() && std::find(row.activities.begin(), row.activities.end(), item) ==
                                     row.activities.end())
                row.activities.push_back(item);
            if (bar == std::string_view::npos)
                break;
            list.remove_prefix(bar + 1);
        }
        std::string head = title ? text::trim(fields[*title]) : std::string();
        std::string body = text::trim(fields[*note]);
        if (!head.empty() && !body.empty())
            row.note = head + "\n\n" + body;
        else if (!head.empty() || !body.empty())
            row.note = head + body;
        rows.push_back(std::move(row));
    }
    return rows;
}

// ---- Store -------------------------------------------------------------------------------

Store::Store(db::Database& db, Settings settings, dates::DayStart day_start)
    : db_(db), settings_(std::move(settings)), day_start_(day_start) {}

const Store::Catalog& Store::loaded_catalog() {
    if (catalog_)
        return *catalog_;
    Catalog c;
    c.all = settings_.activities;
    std::map<std::string, std::size_t> aliases;
    auto index = [&](std::size_t i) {
        c.names.emplace(match_key(c.all[i].name), i);
        for (const auto& alias : c.all[i].aliases)
            aliases.emplace(match_key(alias), i);
    };
    for (std::size_t i = 0; i < c.all.size(); ++i)
        index(i);
    auto q = db_.prepare("SELECT name, category, aliases FROM selfcare_activity WHERE removed_at "
                         "IS NULL ORDER BY id");
    while (q.step()) {
        if (c.names.count(match_key(q.text_view(0))))
            continue; // the config defines it now
        c.all.push_back(
            {q.text(0), q.text(1), records::parse_strings(q.text_view(2)), Origin::mine});
        index(c.all.size() - 1);
    }
    // A name wins over another activity's alias.
    for (const auto& [key, i] : aliases)
        c.names.emplace(key, i);
    catalog_ = std::move(c);
    return *catalog_;
}

std::vector<Activity> Store::catalog() {
    return loaded_catalog().all;
}

std::optional<Activity> Store::find(std::string_view name) {
    std::string key = match_key(name);
    if (key.empty())
        return std::nullopt;
    const auto& c = loaded_catalog();
    if (auto it = c.names.find(key); it != c.names.end())
        return c.all[it->second];
    // An activity no longer defined (taken out of the config) is still known by its entries.
    auto q = db_.prepare("SELECT activity, category FROM selfcare_entry WHERE activity = ? AND "
                         "removed_at IS NULL LIMIT 1");
    q.bind(1, text::trim(name));
    if (q.step())
        return Activity{q.text(0), q.text(1), {}, Origin::mine};
    return std::nullopt;
}

Activity Store::resolve(std::string_view name) {
    if (auto a = find(name))
        return *a;
    std::vector<std::string> names;
    for (const auto& a : catalog()) {
        names.push_back(a.name);
        for (const auto& alias : a.aliases)
            names.push_back(alias);
    }
    std::string msg = fmt::format("no activity named '{}'", text::escape_controls(name));
    if (auto guess = text::did_you_mean(name, names))
        msg +=
            fmt::format("; did you mean '{}'? (--new --category C adds one of your own)", *guess);
    else
        msg += "; 'rekindle selfcare activities' lists them, and --new --category C adds one of "
               "your own";
    throw UsageError(msg);
}

std::string Store::resolve_category(std::string_view name) {
    std::vector<std::string> names;
    for (const auto& [c, n] : categories()) {
        if (c.name == name)
            return c.name;
        names.push_back(c.name);
    }
    for (const auto& c : names)
        if (match_key(c) == match_key(name))
            return c;
    std::string msg = fmt::format("no category named '{}'", text::escape_controls(name));
    if (auto guess = text::did_you_mean(name, names))
        msg += fmt::format("; did you mean '{}'?", *guess);
    else
        msg += fmt::format("; the categories are {}", quoted_names(names));
    throw UsageError(msg);
}

std::vector<std::pair<Category, std::int64_t>> Store::categories() {
    std::vector<std::pair<Category, std::int64_t>> out;
    for (const auto& c : settings_.categories)
        out.push_back({c, 0});
    for (const auto& a : catalog()) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const auto& c) { return c.first.name == a.category; });
        if (it == out.end())
            out.push_back({Category{a.category, ""}, 1});
        else
            ++it->second;
    }
    return out;
}

void Store::count_in(const std::optional<std::string>& activity,
                     const std::optional<std::string>& category, const std::string& day,
                     std::int64_t entries, std::int64_t minutes) {
    if (!activity)
        return; // a mood check-in is not self-care done
    auto upsert =
        db_.prepare("INSERT INTO selfcare_day (scope, day, entries, minutes) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (scope, day) DO UPDATE SET entries = entries + excluded.entries, "
                    "minutes = minutes + excluded.minutes");
    for (const std::string& scope :
         {std::string(), "a:" + *activity, "c:" + category.value_or("")}) {
        upsert.bind_all(scope, day, entries, minutes).run();
        upsert.reset();
    }
    if (entries < 0)
        db_.exec("DELETE FROM selfcare_day WHERE entries <= 0");
}

void Store::catch_up() {
    // The summary holds every entry up to `through`; entries written since (by an import,
    // or by another program) are added in one statement.
    auto through = db_.prepare("SELECT entry FROM selfcare_day_through");
    std::int64_t done = through.step() ? through.integer(0) : 0;
    auto newest = db_.prepare("SELECT coalesce(max(id), 0) FROM selfcare_entry");
    newest.step();
    std::int64_t last = newest.integer(0);
    if (last <= done)
        return;
    db_.prepare(
           "INSERT INTO selfcare_day (scope, day, entries, minutes) "
           "SELECT scope, day, count(*), coalesce(sum(minutes), 0) FROM ("
           " SELECT '' AS scope, day, minutes FROM selfcare_entry WHERE id > ?1 AND "
           "  removed_at IS NULL AND activity IS NOT NULL"
           " UNION ALL SELECT 'a:' || activity, day, minutes FROM selfcare_entry WHERE id > ?1 "
           "  AND removed_at IS NULL AND activity IS NOT NULL"
           " UNION ALL SELECT 'c:' || coalesce(category, ''), day, minutes FROM selfcare_entry "
           "  WHERE id > ?1 AND removed_at IS NULL AND activity IS NOT NULL) "
           "WHERE true GROUP BY scope, day "
           "ON CONFLICT (scope, day) DO UPDATE SET entries = entries + excluded.entries, "
           "minutes = minutes + excluded.minutes")
        .bind_all(done)
        .run();
    db_.prepare("UPDATE selfcare_day_through SET entry = ?").bind_all(last).run();
}

std::unique_ptr<db::Transaction> Store::read_snapshot() {
    // The summary and the rows it does not hold yet are read in one transaction, so a writer
    // that commits between the two reads is seen in both or in neither.
    if (!sqlite3_get_autocommit(db_.handle()))
        return nullptr;
    return std::make_unique<db::Transaction>(db_, db::Transaction::Kind::deferred);
}

std::vector<Store::DayCount> Store::days_of(const Scope& scope,
                                            const std::optional<dates::Day>& from,
                                            const std::optional<dates::Day>& to) {
    auto snapshot = read_snapshot();
    std::string low = from ? dates::format_day(*from) : "0000-00-00";
    std::string high = to ? dates::format_day(*to) : "9999-99-99";
    auto q = db_.prepare("SELECT day, entries, minutes FROM selfcare_day WHERE scope = ? AND "
                         "day >= ? AND day <= ? ORDER BY day");
    q.bind_all(scope.key(), low, high);
    std::vector<DayCount> out;
    while (q.step())
        out.push_back({parse_day(q.text_view(0)), q.integer(1), q.integer(2)});
    // Entries the summary does not hold yet (written by another program since): read from
    // the log itself, by id, so a reader never writes.
    auto delta =
        db_.prepare("SELECT day, count(*), coalesce(sum(minutes), 0) FROM selfcare_entry WHERE "
                    "id > (SELECT entry FROM selfcare_day_through) AND removed_at IS NULL AND "
                    "activity IS NOT NULL AND (?1 = '' OR (substr(?1, 1, 2) = 'a:' AND activity = "
                    "substr(?1, 3)) OR (substr(?1, 1, 2) = 'c:' AND category = substr(?1, 3))) AND "
                    "day >= ?2 AND day <= ?3 GROUP BY day");
    delta.bind_all(scope.key(), low, high);
    bool more = false;
    while (delta.step()) {
        more = true;
        auto day = parse_day(delta.text_view(0));
        auto it =
            std::find_if(out.begin(), out.end(), [&](const DayCount& c) { return c.day == day; });
        if (it == out.end())
            out.push_back({day, delta.integer(1), delta.integer(2)});
        else {
            it->entries += delta.integer(1);
            it->minutes += delta.integer(2);
        }
    }
    if (more)
        std::sort(out.begin(), out.end(),
                  [](const DayCount& a, const DayCount& b) { return a.day < b.day; });
    std::erase_if(out, [](const DayCount& c) { return c.entries <= 0; });
    return out;
}

std::int64_t Store::add(const NewEntry& e) {
    if (e.text) {
        if (e.text->find('\0') != std::string::npos)
            throw DataError("the text holds a NUL character");
        if (auto bad = text::find_invalid_utf8(*e.text))
            throw DataError(fmt::format("the text is not valid UTF-8 (byte {})", bad->offset));
    }
    if (e.minutes && (*e.minutes < 0 || *e.minutes > max_minutes))
        throw UsageError(
            fmt::format("--minutes must be from 0 to {}, not {}", max_minutes, *e.minutes));
    if (e.mood && (*e.mood < 1 || *e.mood > 10))
        throw UsageError(fmt::format("a mood is from 1 to 10, not {}", *e.mood));
    if (!e.activity && !e.mood)
        throw UsageError("an entry needs an activity or a mood");
    if (e.at > dates::now())
        throw UsageError("that is in the future; log things once they happen");
    std::vector<std::string> tags;
    for (const auto& t : e.tags) {
        std::string tag = reflect::normal_tag(t);
        if (std::find(tags.begin(), tags.end(), tag) == tags.end())
            tags.push_back(tag);
    }
    dates::Day day = dates::local_day(e.at, day_start_);
    if (day.year < 1 || day.year > 9999)
        throw UsageError("that day is outside the years 0001 to 9999");

    db::Transaction tx(db_);
    std::optional<std::string> activity, category;
    std::string now = dates::format_utc(dates::now());
    if (e.activity) {
        if (e.new_category) {
            std::string name = text::trim(*e.activity);
            std::string cat = text::trim(*e.new_category);
            if (name.empty() || name.find_first_of("\r\n\t") != std::string::npos ||
                name.size() > 80 || text::find_invalid_utf8(name))
                throw UsageError("an activity's name is one line of 1 to 80 bytes");
            if (cat.empty() || cat.find_first_of("\r\n\t") != std::string::npos ||
                cat.size() > 80 || text::find_invalid_utf8(cat))
                throw UsageError("a category's name is one line of 1 to 80 bytes");
            if (auto known = find(name)) {
                if (known->category != cat)
                    throw UsageError(fmt::format("'{}' is already an activity, in '{}'; leave "
                                                 "out --new to log it",
                                                 known->name, known->category));
                activity = known->name;
                category = known->category;
            } else {
                auto cats = categories();
                std::vector<std::string> names;
                for (const auto& [c, n] : cats)
                    names.push_back(c.name);
                if (std::find(names.begin(), names.end(), cat) == names.end())
                    if (auto guess = text::did_you_mean(cat, names))
                        throw UsageError(fmt::format("no category named '{}'; did you mean "
                                                     "'{}'? (a new category needs a name not so "
                                                     "close to another, or add it to "
                                                     "'selfcare.categories')",
                                                     text::escape_controls(cat), *guess));
                db_.prepare("INSERT INTO selfcare_activity (uid, name, category, aliases, "
                            "created_at) VALUES (?, ?, ?, '[]', ?)")
                    .bind_all(db::new_uid(), name, cat, now)
                    .run();
                catalog_.reset();
                activity = name;
                category = cat;
            }
        } else {
            auto a = resolve(*e.activity);
            activity = a.name;
            category = a.category;
        }
    }
    catch_up();
    std::string day_text = dates::format_day(day);
    db_.prepare("INSERT INTO selfcare_entry (uid, activity, category, at, day, minutes, mood, "
                "text, tags, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(db::new_uid(), activity, category, dates::format_utc(e.at), day_text, e.minutes,
                  e.mood, e.text, records::strings_json(tags), now)
        .run();
    auto id = db_.last_insert_rowid();
    count_in(activity, category, day_text, 1, e.minutes.value_or(0));
    db_.prepare("UPDATE selfcare_day_through SET entry = max(entry, ?)").bind_all(id).run();
    tx.commit();
    return id;
}

namespace {
constexpr const char* entry_columns =
    "id, uid, activity, category, at, day, minutes, mood, text, tags";

Entry entry_from(db::Statement& q) {
    Entry e;
    e.id = q.integer(0);
    e.uid = q.text(1);
    e.activity = q.optional_text(2);
    e.category = q.optional_text(3);
    e.at = dates::parse_utc(q.text_view(4));
    e.day = parse_day(q.text_view(5));
    if (!q.is_null(6))
        e.minutes = q.integer(6);
    if (!q.is_null(7))
        e.mood = q.integer(7);
    e.text = q.optional_text(8);
    e.tags = records::parse_strings(q.text_view(9));
    return e;
}
} // namespace

std::vector<Entry> Store::list(const ListQuery& query) {
    // Newest first through an index, so --limit reads only what it shows; shown oldest first.
    std::string sql =
        fmt::format("SELECT {} FROM selfcare_entry WHERE removed_at IS NULL ", entry_columns);
    if (query.activity)
        sql += "AND activity = ?1 ";
    else if (query.category)
        sql += "AND category = ?2 ";
    if (query.activity && query.category)
        sql += "AND category = ?2 ";
    sql += "AND (?3 IS NULL OR day >= ?3) AND (?4 IS NULL OR day <= ?4) ";
    if (query.tag)
        sql += "AND EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?5) ";
    sql += "ORDER BY at DESC, id DESC LIMIT ?6";
    auto q = db_.prepare(sql);
    if (query.activity)
        q.bind(1, resolve(*query.activity).name);
    q.bind(2, query.category ? std::optional(resolve_category(*query.category)) : std::nullopt);
    q.bind(3, query.since ? std::optional(dates::format_day(*query.since)) : std::nullopt);
    q.bind(4, query.until ? std::optional(dates::format_day(*query.until)) : std::nullopt);
    if (query.tag)
        q.bind(5, reflect::normal_tag(*query.tag));
    q.bind(6, query.limit > 0 ? query.limit : std::int64_t{-1});
    std::vector<Entry> out;
    while (q.step())
        out.push_back(entry_from(q));
    std::reverse(out.begin(), out.end());
    return out;
}

Entry Store::entry(std::int64_t id) {
    auto q = db_.prepare(fmt::format(
        "SELECT {} FROM selfcare_entry WHERE id = ? AND removed_at IS NULL", entry_columns));
    q.bind(1, id);
    if (!q.step())
        throw UsageError(fmt::format("no entry {}; 'rekindle selfcare list' shows them", id));
    return entry_from(q);
}

void Store::remove(std::int64_t id) {
    db::Transaction tx(db_);
    auto e = entry(id);
    catch_up();
    db_.prepare("UPDATE selfcare_entry SET removed_at = ? WHERE id = ?")
        .bind_all(dates::format_utc(dates::now()), id)
        .run();
    count_in(e.activity, e.category, dates::format_day(e.day), -1, -e.minutes.value_or(0));
    tx.commit();
}

std::vector<ActivityUse> Store::activities() {
    auto snapshot = read_snapshot();
    std::vector<ActivityUse> out;
    std::map<std::string, std::size_t> index;
    for (auto& a : catalog()) {
        index[a.name] = out.size();
        out.push_back({std::move(a), 0, 0, std::nullopt});
    }
    // Totals per activity from the day summary (plus what it does not hold yet).
    auto q = db_.prepare(
        "SELECT substr(scope, 3), sum(entries), sum(minutes), max(day) FROM selfcare_day "
        "WHERE scope >= 'a:' AND scope < 'a;' GROUP BY scope");
    auto add = [&](std::string name, std::int64_t n, std::int64_t minutes, std::string_view day) {
        auto it = index.find(name);
        if (it == index.end()) {
            // Logged under an activity no longer defined (taken out of the config).
            index[name] = out.size();
            out.push_back({Activity{name, "", {}, Origin::mine}, 0, 0, std::nullopt});
            it = index.find(name);
        }
        auto& use = out[it->second];
        use.entries += n;
        use.minutes += minutes;
        auto d = parse_day(day);
        if (!use.last_day || *use.last_day < d)
            use.last_day = d;
    };
    while (q.step())
        add(q.text(0), q.integer(1), q.integer(2), q.text_view(3));
    auto delta = db_.prepare(
        "SELECT activity, count(*), coalesce(sum(minutes), 0), max(day) FROM selfcare_entry "
        "WHERE id > (SELECT entry FROM selfcare_day_through) AND removed_at IS NULL AND "
        "activity IS NOT NULL GROUP BY activity");
    while (delta.step())
        add(delta.text(0), delta.integer(1), delta.integer(2), delta.text_view(3));
    return out;
}

Streak Store::streak(const Scope& scope, const dates::Day& today) {
    std::vector<dates::Day> days;
    for (const auto& c : days_of(scope, std::nullopt, std::nullopt))
        days.push_back(c.day);
    return streak_of(days, today, settings_.rest_days_per_week, settings_.sunday_first);
}

std::int64_t Store::entries_on(const Scope& scope, const dates::Day& from, const dates::Day& to) {
    std::int64_t n = 0;
    for (const auto& c : days_of(scope, from, to))
        n += c.entries;
    return n;
}

std::vector<std::pair<Goal, Scope>> Store::goal_scopes() {
    std::vector<std::pair<Goal, Scope>> out;
    for (auto goal : settings_.goals) {
        Scope scope;
        if (goal.activity) {
            auto a = find(*goal.activity);
            if (!a) {
                std::vector<std::string> names;
                for (const auto& c : catalog())
                    names.push_back(c.name);
                std::string msg = fmt::format("{}: the goal's activity '{}' is not defined",
                                              goal.place, text::escape_controls(*goal.activity));
                if (auto guess = text::did_you_mean(*goal.activity, names))
                    msg += fmt::format("; did you mean '{}'?", *guess);
                throw ConfigError(msg);
            }
            goal.activity = a->name;
            scope = {Scope::Kind::activity, a->name};
        } else {
            std::vector<std::string> names;
            bool known = false;
            for (const auto& [c, n] : categories()) {
                names.push_back(c.name);
                known = known || c.name == *goal.category;
            }
            if (!known) {
                std::string msg = fmt::format("{}: the goal's category '{}' is not defined",
                                              goal.place, text::escape_controls(*goal.category));
                if (auto guess = text::did_you_mean(*goal.category, names))
                    msg += fmt::format("; did you mean '{}'?", *guess);
                throw ConfigError(msg);
            }
            scope = {Scope::Kind::category, *goal.category};
        }
        out.emplace_back(std::move(goal), std::move(scope));
    }
    return out;
}

namespace {
GoalProgress progress_of(const Goal& goal, const dates::Day& week, std::int64_t done) {
    GoalProgress p;
    p.goal = goal;
    p.done = done;
    p.target = goal.target;
    p.week = week;
    p.percent = static_cast<int>(std::min<std::int64_t>(
        999, done / goal.target * 100 + done % goal.target * 100 / goal.target));
    return p;
}
} // namespace

std::vector<GoalProgress> Store::goals(const dates::Day& today) {
    dates::Day first = week_start(today, settings_.sunday_first);
    dates::Day last = dates::add_days(first, 6);
    std::vector<GoalProgress> out;
    for (const auto& [goal, scope] : goal_scopes()) {
        std::int64_t done = 0;
        for (const auto& c : days_of(scope, first, last))
            done += goal.minutes ? c.minutes : c.entries;
        out.push_back(progress_of(goal, first, done));
    }
    return out;
}

RecentMood Store::recent_mood(const dates::Day& today) {
    auto q = db_.prepare("SELECT count(mood), avg(mood) FROM selfcare_entry WHERE removed_at IS "
                         "NULL AND mood IS NOT NULL AND day >= ? AND day <= ?");
    q.bind_all(dates::format_day(dates::add_days(today, -6)), dates::format_day(today));
    RecentMood r;
    if (q.step()) {
        r.readings = q.integer(0);
        if (!q.is_null(1))
            r.average = q.real(1);
    }
    return r;
}

std::vector<std::pair<dates::Day, double>> Store::mood_by_day(const dates::Day& from,
                                                              const dates::Day& to) {
    auto q = db_.prepare("SELECT day, avg(mood) FROM selfcare_entry WHERE removed_at IS NULL AND "
                         "mood IS NOT NULL AND day >= ? AND day <= ? GROUP BY day ORDER BY day");
    q.bind_all(dates::format_day(from), dates::format_day(to));
    std::vector<std::pair<dates::Day, double>> out;
    while (q.step())
        if (auto day = dates::parse_day(q.text_view(0)))
            out.emplace_back(*day, q.real(1));
    return out;
}

std::optional<dates::Day> Store::last_day() {
    auto q = db_.prepare("SELECT day FROM selfcare_entry WHERE removed_at IS NULL ORDER BY at DESC "
                         "LIMIT 1");
    if (!q.step())
        return std::nullopt;
    return dates::parse_day(q.text_view(0));
}

Report Store::report(const dates::Day& from, const dates::Day& to) {
    auto snapshot = read_snapshot();
    Report r;
    r.from = from;
    r.to = to;
    r.days = std::max(0, dates::days_between(from, to) + 1);
    std::string low = dates::format_day(from), high = dates::format_day(to);

    std::map<dates::Day, std::int64_t> per_day;
    for (const auto& c : days_of(Scope{}, from, to)) {
        per_day[c.day] = c.entries;
        r.entries += c.entries;
        r.minutes += c.minutes;
        ++r.active_days;
    }
    // Totals per activity and per category, from the summary and what it does not hold yet.
    std::map<std::string, Total> totals;
    auto add = [&](std::string scope, std::int64_t n, std::int64_t minutes) {
        auto& t = totals[scope];
        t.name = scope.substr(2);
        t.entries += n;
        t.minutes += minutes;
    };
    auto q = db_.prepare("SELECT scope, sum(entries), sum(minutes) FROM selfcare_day WHERE "
                         "scope <> '' AND day >= ? AND day <= ? GROUP BY scope");
    q.bind_all(low, high);
    while (q.step())
        add(q.text(0), q.integer(1), q.integer(2));
    auto delta = db_.prepare(
        "SELECT 'a:' || activity, count(*), coalesce(sum(minutes), 0) FROM selfcare_entry "
        "WHERE id > (SELECT entry FROM selfcare_day_through) AND removed_at IS NULL AND "
        "activity IS NOT NULL AND day >= ?1 AND day <= ?2 GROUP BY activity UNION ALL "
        "SELECT 'c:' || coalesce(category, ''), count(*), coalesce(sum(minutes), 0) FROM "
        "selfcare_entry WHERE id > (SELECT entry FROM selfcare_day_through) AND removed_at IS "
        "NULL AND activity IS NOT NULL AND day >= ?1 AND day <= ?2 GROUP BY category");
    delta.bind_all(low, high);
    while (delta.step())
        add(delta.text(0), delta.integer(1), delta.integer(2));
    auto known = catalog();
    for (auto& [scope, t] : totals) {
        if (scope.starts_with("a:")) {
            auto it = std::find_if(known.begin(), known.end(),
                                   [&](const Activity& a) { return a.name == t.name; });
            if (it != known.end())
                t.category = it->category;
            r.activities.push_back(t);
        } else {
            t.category = t.name;
            r.categories.push_back(t);
        }
    }
    auto busiest = [](const Total& a, const Total& b) {
        return std::tie(b.minutes, b.entries, a.name) < std::tie(a.minutes, a.entries, b.name);
    };
    std::sort(r.activities.begin(), r.activities.end(), busiest);
    std::sort(r.categories.begin(), r.categories.end(), busiest);

    // Goals: each week that starts within the period, counted over its whole week; each
    // goal's days are read once for the whole period.
    if (!settings_.goals.empty()) {
        dates::Day first = week_start(from, settings_.sunday_first);
        if (first < from)
            first = dates::add_days(first, 7);
        if (!(to < first)) {
            dates::Day last = dates::add_days(week_start(to, settings_.sunday_first), 6);
            int weeks = dates::days_between(first, last) / 7 + 1;
            for (const auto& [goal, scope] : goal_scopes()) {
                std::vector<std::int64_t> done(static_cast<std::size_t>(weeks), 0);
                for (const auto& c : days_of(scope, first, last))
                    done[static_cast<std::size_t>(dates::days_between(first, c.day) / 7)] +=
                        goal.minutes ? c.minutes : c.entries;
                for (auto n : done) {
                    ++r.goal_weeks;
                    if (n >= goal.target)
                        ++r.goals_met;
                }
            }
        }
    }

    // Mood: every reading for the average and trend; check-ins alone for the comparison,
    // since a mood given with an activity always falls on a day with self-care.
    std::map<dates::Day, std::pair<double, std::int64_t>> mood_days, checkin_days;
    auto moods = db_.prepare("SELECT day, activity IS NULL, mood FROM selfcare_entry WHERE "
                             "removed_at IS NULL AND mood IS NOT NULL AND day >= ? AND day <= ?");
    moods.bind_all(low, high);
    double sum = 0;
    while (moods.step()) {
        auto day = parse_day(moods.text_view(0));
        double mood = static_cast<double>(moods.integer(2));
        auto& m = mood_days[day];
        m.first += mood;
        ++m.second;
        if (moods.integer(1)) {
            auto& c = checkin_days[day];
            c.first += mood;
            ++c.second;
        }
        sum += mood;
        ++r.mood_readings;
    }
    if (r.mood_readings > 0)
        r.mood_average = sum / static_cast<double>(r.mood_readings);
    std::vector<std::pair<double, double>> points;
    for (const auto& [day, m] : mood_days)
        points.emplace_back(static_cast<double>(dates::days_between(from, day)),
                            m.first / static_cast<double>(m.second));
    if (auto slope = trend_of(points))
        r.mood_trend = *slope * 7;
    double with = 0, without = 0;
    for (const auto& [day, c] : checkin_days) {
        double average = c.first / static_cast<double>(c.second);
        if (per_day.count(day)) {
            with += average;
            ++r.days_with;
        } else {
            without += average;
            ++r.days_without;
        }
    }
    if (r.days_with > 0)
        r.mood_with = with / r.days_with;
    if (r.days_without > 0)
        r.mood_without = without / r.days_without;

    for (dates::Day d = from; !(to < d); d = dates::add_days(d, 1)) {
        auto it = per_day.find(d);
        r.per_day.emplace_back(d, it == per_day.end() ? 0 : it->second);
        auto m = mood_days.find(d);
        r.mood.emplace_back(
            d, m == mood_days.end()
                   ? std::nullopt
                   : std::optional(m->second.first / static_cast<double>(m->second.second)));
    }
    return r;
}

// ---- records -----------------------------------------------------------------------------

const std::vector<records::RecordType>& record_types() {
    using records::Default;
    using records::Kind;
    static const std::vector<records::RecordType> types{
        {.tool = "selfcare",
         .name = "activity",
         .table = "selfcare_activity",
         .doc = "An activity of the person's own, beside the shipped and configured ones.",
         .fields =
             {
                 {.name = "name",
                  .required = true,
                  .doc = "its name, as logged",
                  .non_empty = true},
                 {.name = "category",
                  .required = true,
                  .doc = "the category it counts in",
                  .non_empty = true},
                 {.name = "aliases",
                  .kind = Kind::strings,
                  .fallback = Default::text("[]"),
                  .doc = "other names it is known by"},
                 {.name = "created_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "when it was added; the time of the import when left out"},
                 {.name = "removed_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was removed, or null"},
             },
         .identity = {"name"}},
        {.tool = "selfcare",
         .name = "entry",
         .table = "selfcare_entry",
         .doc = "An activity done, or a mood check-in (an entry without an activity).",
         .fields =
             {
                 {.name = "activity",
                  .doc = "the activity's name, or null for a mood check-in",
                  .references = "a selfcare activity"},
                 {.name = "category",
                  .doc = "its category, or null for a check-in; the activity's when left out"},
                 {.name = "at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "when it happened; the time of the import when left out"},
                 {.name = "day",
                  .kind = Kind::local_day,
                  .doc = "the person's day it counts for; from at and day_starts_at when left "
                         "out"},
                 {.name = "minutes",
                  .kind = Kind::integer,
                  .doc = "how long, from 0 to 10080, or null",
                  .min = 0,
                  .max = max_minutes},
                 {.name = "mood",
                  .kind = Kind::integer,
                  .doc = "a mood from 1 to 10, or null",
                  .min = 1,
                  .max = 10},
                 {.name = "text", .kind = Kind::text, .doc = "a note, or null"},
                 {.name = "tags",
                  .kind = Kind::strings,
                  .fallback = Default::text("[]"),
                  .doc = "one-word tags"},
                 {.name = "recorded_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::field("at"),
                  .doc = "when it was recorded; the same as at when left out"},
                 {.name = "removed_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was removed, or null while it is shown"},
             },
         .identity = {"activity", "at", "mood", "minutes", "text"}},
    };
    return types;
}

void Store::export_records(const std::function<void(std::string_view)>& sink) {
    records::export_types(db_, record_types(), sink);
}

struct Store::ImportHooks {
    Store& store;
    std::vector<Activity> known;
    std::map<std::string, std::size_t> by_key; // match keys of names and aliases
    db::Statement add_activity;
    std::vector<std::string> made; // activities made for entries that named unknown ones
    bool loaded = false;
    dates::Instant now = dates::now();
    // Entries and minutes per (scope, day) of the entries this import stores, written to the
    // day summary once at the end: cheaper than grouping a million rows again in SQL.
    bool counting = false;
    std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> days;

    explicit ImportHooks(Store& s)
        : store(s), add_activity(s.db_.prepare("INSERT INTO selfcare_activity (uid, name, "
                                               "category, aliases, created_at) VALUES (?, ?, ?, "
                                               "'[]', ?)")) {}

    void load() {
        if (loaded)
            return;
        loaded = true;
        known = store.catalog();
        for (std::size_t i = 0; i < known.size(); ++i)
            remember(i);
    }
    void remember(std::size_t i) {
        by_key.emplace(match_key(known[i].name), i);
        for (const auto& alias : known[i].aliases)
            by_key.emplace(match_key(alias), i);
    }
    // Names as written, already matched: folding each line's name again would cost more
    // than the rest of its import.
    std::unordered_map<std::string, std::size_t> seen;
    const Activity* lookup(const std::string& name) {
        if (auto it = seen.find(name); it != seen.end())
            return &known[it->second];
        auto it = by_key.find(match_key(name));
        if (it == by_key.end())
            return nullptr;
        seen.emplace(name, it->second);
        return &known[it->second];
    }

    records::Verdict activity(records::Incoming& r) {
        load();
        std::string name = r.text("name");
        for (const char* field : {"name", "category"})
            if (auto problem = name_problem(r.text(field)))
                throw r.error(fmt::format("field '{}' {}", field, *problem));
        if (lookup(name))
            return records::Verdict::skip; // known here already, by this name
        auto aliases = records::parse_strings(r.text("aliases"));
        for (const auto& alias : aliases) {
            if (auto problem = name_problem(alias))
                throw r.error(fmt::format("field 'aliases': '{}' {}", text::escape_controls(alias),
                                          *problem));
            if (const Activity* other = lookup(alias))
                throw r.error(fmt::format("field 'aliases': '{}' already names '{}'",
                                          text::escape_controls(alias), other->name));
        }
        known.push_back({name, r.text("category"), aliases, Origin::mine});
        remember(known.size() - 1);
        return records::Verdict::insert;
    }

    records::Verdict entry(records::Incoming& r) {
        load();
        auto activity = r.optional_text("activity");
        if (!activity) {
            if (r.optional_text("category"))
                throw r.error("field 'category' belongs to an entry with an activity");
            if (!r.has("mood"))
                throw r.error("an entry needs an 'activity' or a 'mood'");
            if (r.has("minutes"))
                throw r.error("field 'minutes' belongs to an entry with an activity");
        } else {
            const Activity* a = lookup(*activity);
            if (!a) {
                // An activity of another machine's config: made one of the person's own.
                auto category = r.optional_text("category");
                if (!category || text::trim(*category).empty())
                    throw r.error(fmt::format("activity '{}' is not known here and the entry "
                                              "has no 'category' to add it to",
                                              text::escape_controls(*activity)));
                if (auto problem = name_problem(*activity))
                    throw r.error(fmt::format("field 'activity' {}", *problem));
                if (auto problem = name_problem(*category))
                    throw r.error(fmt::format("field 'category' {}", *problem));
                add_activity
                    .bind_all(db::new_uid(), *activity, *category, dates::format_utc(dates::now()))
                    .run();
                add_activity.reset();
                known.push_back({*activity, *category, {}, Origin::mine});
                remember(known.size() - 1);
                made.push_back(*activity);
                a = &known.back();
            }
            r.set("activity", a->name);
            if (!r.optional_text("category"))
                r.set("category", a->category);
        }
        dates::Instant at = dates::parse_utc(r.text("at"));
        if (at > now)
            throw r.error("field 'at' is in the future; things are logged once they happen");
        if (at < dates::earliest)
            throw r.error("field 'at' is before the year 0001");
        if (auto day = r.optional_text("day")) {
            // A zone is at most 14 hours from UTC and day_starts_at moves a day back by less
            // than one more: the day must lie within that of `at`.
            dates::Day utc_day = dates::add_days(dates::Day{1970, 1, 1},
                                                 static_cast<int>(at / 86400 - (at % 86400 < 0)));
            int apart = dates::days_between(utc_day, parse_day(*day));
            if (apart < -2 || apart > 1)
                throw r.error(fmt::format("field 'day' ({}) is not the day of field 'at' ({})",
                                          *day, r.text("at")));
        } else {
            r.set("day", dates::format_day(dates::local_day(at, store.day_start_)));
        }
        if (auto d = dates::parse_day(r.text("day")); !d || d->year < 1 || d->year > 9999)
            throw r.error(
                fmt::format("field 'day' ({}) is outside the years 0001 to 9999", r.text("day")));
        if (std::string tags = r.text("tags"); tags != "[]")
            for (const auto& tag : records::parse_strings(tags)) {
                std::string normal;
                try {
                    normal = reflect::normal_tag(tag);
                } catch (const UsageError& e) {
                    throw r.error(fmt::format("field 'tags': {}", e.what()));
                }
                if (normal != tag)
                    throw r.error(fmt::format("field 'tags': tag '{}' must be written as '{}'",
                                              text::escape_controls(tag), normal));
            }
        if (activity && !r.has("removed_at")) {
            if (!counting) {
                // The summary first takes in what was there before this import.
                store.catch_up();
                counting = true;
            }
            // One count per activity, category and day; spread over the scopes at the end.
            std::string key = r.text("activity");
            key += '\x1f';
            key += r.text("category");
            key += '\x1f';
            key += r.text("day");
            auto& d = days[std::move(key)];
            ++d.first;
            d.second += r.optional_integer("minutes").value_or(0);
        }
        return records::Verdict::insert;
    }

    // After the last line: the counted days into the summary, which then holds every entry.
    void finish() {
        if (!counting) {
            store.catch_up();
            return;
        }
        auto upsert = store.db_.prepare(
            "INSERT INTO selfcare_day (scope, day, entries, minutes) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (scope, day) DO UPDATE SET entries = entries + excluded.entries, "
            "minutes = minutes + excluded.minutes");
        std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> scoped;
        for (const auto& [key, count] : days) {
            auto first = key.find('\x1f'), second = key.rfind('\x1f');
            std::string day = key.substr(second + 1);
            for (std::string scope : {std::string(), "a:" + key.substr(0, first),
                                      "c:" + key.substr(first + 1, second - first - 1)}) {
                auto& total = scoped[{std::move(scope), day}];
                total.first += count.first;
                total.second += count.second;
            }
        }
        for (const auto& [key, count] : scoped) {
            upsert.bind_all(key.first, key.second, count.first, count.second).run();
            upsert.reset();
        }
        store.db_.exec("UPDATE selfcare_day_through SET entry = (SELECT coalesce(max(id), 0) "
                       "FROM selfcare_entry)");
    }
};

std::vector<records::Plan> Store::import_plans(ImportHooks& hooks) {
    const auto& types = record_types();
    return {
        {&types[0], [&hooks](records::Incoming& r) { return hooks.activity(r); }, {}},
        {&types[1], [&hooks](records::Incoming& r) { return hooks.entry(r); },
         [&hooks] { hooks.finish(); }},
    };
}

std::unique_ptr<Store::ImportHooks, void (*)(Store::ImportHooks*)> Store::make_import_hooks() {
    return {new ImportHooks(*this), [](ImportHooks* hooks) { delete hooks; }};
}

ImportStats Store::import_records(jsonl::Reader& reader) {
    catalog_.reset(); // the import may add activities
    ImportHooks hooks(*this);
    auto counts = records::import_all(db_, reader, import_plans(hooks), "selfcare");
    catalog_.reset();
    return {counts.of("selfcare", "activity") + static_cast<int>(hooks.made.size()),
            counts.of("selfcare", "entry"), counts.skipped};
}

ImportStats Store::import_daylio(std::istream& in, const std::string& name) {
    auto rows = read_daylio(in, name, settings_.daylio_moods);
    // The rows become the same records an export holds, so the same rules apply: all or
    // nothing, and a row imported twice is stored once (its uid is made from its content).
    std::string lines = records::header_line() + "\n";
    // Each name as the activity it means: a known one by name or alias, else the first
    // spelling met, added to the Daylio category. A row names each activity once.
    std::map<std::string, std::string> meaning;
    {
        const auto& c = loaded_catalog();
        for (const auto& row : rows)
            for (const auto& a : row.activities) {
                std::string key = match_key(a);
                if (meaning.count(key))
                    continue;
                if (auto it = c.names.find(key); it != c.names.end()) {
                    meaning[key] = c.all[it->second].name;
                } else {
                    meaning[key] = a;
                    lines += output::to_json({{"type", std::string("activity")},
                                              {"tool", std::string("selfcare")},
                                              {"name", a},
                                              {"category", settings_.daylio_category}}) +
                             "\n";
                }
            }
    }
    dates::Instant now = dates::now();
    for (const auto& row : rows) {
        dates::Instant at = dates::local_time(row.day, row.hour, row.minute);
        if (at > now)
            throw DataError(fmt::format("{}:{}: {} {:02}:{:02} is in the future", name, row.line,
                                        dates::format_day(row.day), row.hour, row.minute));
        std::string when = dates::format_utc(at);
        output::Object mood{{"type", std::string("entry")},
                            {"tool", std::string("selfcare")},
                            {"at", when},
                            {"mood", row.mood}};
        if (row.note)
            mood.emplace_back("text", *row.note);
        lines += output::to_json(mood) + "\n";
        std::set<std::string> done;
        for (const auto& a : row.activities) {
            const std::string& activity = meaning[match_key(a)];
            if (done.insert(activity).second)
                lines += output::to_json({{"type", std::string("entry")},
                                          {"tool", std::string("selfcare")},
                                          {"activity", activity},
                                          {"at", when}}) +
                         "\n";
        }
    }
    std::istringstream stream(lines);
    jsonl::Reader reader(stream, name);
    return import_records(reader);
}

// ---- output ------------------------------------------------------------------------------

output::Table list_table(const std::vector<Entry>& entries) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, true},
                 Column{"day", Shown::always, false, output::Fit::keep},
                 Column{"at", Shown::machine_only},
                 Column{"activity", Shown::always, false, output::Fit::keep},
                 Column{"category"},
                 Column{"minutes", Shown::always, true},
                 Column{"mood", Shown::always, true},
                 Column{"tags"},
                 Column{"text"}};
    for (const auto& e : entries) {
        std::string tags;
        for (const auto& tag : e.tags) {
            tags += tags.empty() ? "" : " ";
            tags += tag;
        }
        t.rows.push_back({e.id, dates::format_day(e.day), dates::format_utc(e.at),
                          optional(e.activity), optional(e.category), optional(e.minutes),
                          optional(e.mood), tags.empty() ? Value() : Value(tags),
                          optional(e.text)});
    }
    return t;
}

output::Table activities_table(const std::vector<ActivityUse>& uses) {
    output::Table t;
    t.columns = {Column{"name", Shown::always, false, output::Fit::keep},
                 Column{"category", Shown::always, false, output::Fit::keep},
                 Column{"aliases"},
                 Column{"origin"},
                 Column{"entries", Shown::always, true},
                 Column{"minutes", Shown::always, true},
                 Column{"last_day", Shown::always, false, output::Fit::keep}};
    for (const auto& u : uses) {
        std::string aliases;
        for (const auto& a : u.activity.aliases) {
            aliases += aliases.empty() ? "" : ", ";
            aliases += a;
        }
        t.rows.push_back({u.activity.name, u.activity.category, aliases,
                          std::string(origin_name(u.activity.origin)), u.entries, u.minutes,
                          u.last_day ? Value(dates::format_day(*u.last_day)) : Value()});
    }
    return t;
}

output::Table streak_table(const Streak& s, const Scope& scope) {
    auto day = [](const std::optional<dates::Day>& d) {
        return d ? Value(dates::format_day(*d)) : Value();
    };
    output::Table t;
    t.columns = {Column{"of"},
                 Column{"current", Shown::always, true},
                 Column{"since", Shown::always, false, output::Fit::keep},
                 Column{"current_active_days", Shown::machine_only},
                 Column{"longest", Shown::always, true},
                 Column{"longest_since", Shown::always, false, output::Fit::keep},
                 Column{"longest_until", Shown::always, false, output::Fit::keep},
                 Column{"active_days", Shown::always, true},
                 Column{"last_day", Shown::always, false, output::Fit::keep}};
    std::string of = scope.kind == Scope::Kind::all        ? "everything"
                     : scope.kind == Scope::Kind::activity ? scope.name
                                                           : "category " + scope.name;
    t.rows.push_back({of, std::int64_t{s.current}, day(s.current_since),
                      std::int64_t{s.current_active}, std::int64_t{s.longest}, day(s.longest_since),
                      day(s.longest_until), std::int64_t{s.active_days}, day(s.last_day)});
    return t;
}

output::Table goals_table(const std::vector<GoalProgress>& goals) {
    output::Table t;
    t.columns = {Column{"goal", Shown::always, false, output::Fit::keep},
                 Column{"unit"},
                 Column{"done", Shown::always, true},
                 Column{"target", Shown::always, true},
                 Column{"percent", Shown::always, true},
                 Column{"bar", Shown::table_only, false, output::Fit::keep},
                 Column{"met"},
                 Column{"week", Shown::always, false, output::Fit::keep}};
    for (const auto& g : goals)
        t.rows.push_back({g.goal.activity ? *g.goal.activity : "category " + *g.goal.category,
                          std::string(g.goal.minutes ? "minutes" : "entries"), g.done, g.target,
                          std::int64_t{g.percent}, chart::progress_bar(g.done, g.target, 20),
                          g.met(), dates::format_day(g.week)});
    return t;
}

output::Table report_table(const Report& r) {
    output::Table t;
    t.columns = {Column{"section"}, Column{"name"}, Column{"entries", Shown::always, true},
                 Column{"minutes", Shown::always, true}, Column{"value", Shown::always, true}};
    auto number = [](const std::optional<double>& v) {
        return v ? Value(std::round(*v * 100) / 100) : Value();
    };
    t.rows.push_back(
        {std::string("period"), std::string("from"), Value(), Value(), dates::format_day(r.from)});
    t.rows.push_back(
        {std::string("period"), std::string("to"), Value(), Value(), dates::format_day(r.to)});
    t.rows.push_back(
        {std::string("period"), std::string("days"), Value(), Value(), std::int64_t{r.days}});
    t.rows.push_back({std::string("total"), std::string("all"), r.entries, r.minutes,
                      std::int64_t{r.active_days}});
    for (const auto& c : r.categories)
        t.rows.push_back({std::string("category"), c.name, c.entries, c.minutes, Value()});
    for (const auto& a : r.activities)
        t.rows.push_back({std::string("activity"), a.name, a.entries, a.minutes, Value()});
    t.rows.push_back(
        {std::string("goals"), std::string("met"), Value(), Value(), std::int64_t{r.goals_met}});
    t.rows.push_back({std::string("goals"), std::string("goal_weeks"), Value(), Value(),
                      std::int64_t{r.goal_weeks}});
    t.rows.push_back(
        {std::string("mood"), std::string("readings"), Value(), Value(), r.mood_readings});
    t.rows.push_back(
        {std::string("mood"), std::string("average"), Value(), Value(), number(r.mood_average)});
    t.rows.push_back({std::string("mood"), std::string("trend_per_week"), Value(), Value(),
                      number(r.mood_trend)});
    t.rows.push_back(
        {std::string("mood"), std::string("with_selfcare"), Value(), Value(), number(r.mood_with)});
    t.rows.push_back({std::string("mood"), std::string("days_with_selfcare"), Value(), Value(),
                      std::int64_t{r.days_with}});
    t.rows.push_back({std::string("mood"), std::string("without_selfcare"), Value(), Value(),
                      number(r.mood_without)});
    t.rows.push_back({std::string("mood"), std::string("days_without_selfcare"), Value(), Value(),
                      std::int64_t{r.days_without}});
    return t;
}

std::string report_json(const Report& r) {
    auto number = [](const std::optional<double>& v) {
        return v ? fmt::format("{}", std::round(*v * 100) / 100) : std::string("null");
    };
    auto totals = [](const std::vector<Total>& list, bool with_category) {
        std::string out = "[";
        for (const auto& t : list) {
            output::Object o{{"name", t.name}};
            if (with_category)
                o.emplace_back("category", t.category.empty() ? Value() : Value(t.category));
            o.emplace_back("entries", t.entries);
            o.emplace_back("minutes", t.minutes);
            out += out.size() > 1 ? "," : "";
            out += output::to_json(o);
        }
        return out + "]";
    };
    std::string days = "[";
    for (std::size_t i = 0; i < r.per_day.size(); ++i) {
        output::Object o{{"day", dates::format_day(r.per_day[i].first)},
                         {"entries", r.per_day[i].second}};
        const auto& mood = r.mood[i].second;
        o.emplace_back("mood", mood ? Value(std::round(*mood * 100) / 100) : Value());
        days += days.size() > 1 ? "," : "";
        days += output::to_json(o);
    }
    days += "]";
    return fmt::format(
        "{{\"from\":\"{}\",\"to\":\"{}\",\"days\":{},\"active_days\":{},\"entries\":{},"
        "\"minutes\":{},\"categories\":{},\"activities\":{},\"goals\":{{\"met\":{},"
        "\"goal_weeks\":{}}},\"mood\":{{\"readings\":{},\"average\":{},\"trend_per_week\":{},"
        "\"with_selfcare\":{},\"days_with_selfcare\":{},\"without_selfcare\":{},"
        "\"days_without_selfcare\":{}}},\"per_day\":{}}}\n",
        dates::format_day(r.from), dates::format_day(r.to), r.days, r.active_days, r.entries,
        r.minutes, totals(r.categories, false), totals(r.activities, true), r.goals_met,
        r.goal_weeks, r.mood_readings, number(r.mood_average), number(r.mood_trend),
        number(r.mood_with), r.days_with, number(r.mood_without), r.days_without, days);
}

} // namespace rekindle::selfcare

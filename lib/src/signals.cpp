#include "rekindle/signals.hpp"

#include "rekindle/error.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

namespace rekindle::signals {
namespace {

using output::Column;
using output::Shown;
using output::Value;

// A stored day; one that is not a day (written by another program) reads as 1970-01-01
// rather than stopping every reader.
dates::Day parse_day(std::string_view s) {
    return dates::parse_day(s).value_or(dates::Day{});
}

std::string string_at(const toml::node& n, std::string_view what, const config::Config& config) {
    if (auto s = n.value<std::string>())
        return *s;
    throw ConfigError(fmt::format("{}: '{}' must be a string", config.where(n), what));
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > 40)
        return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                       }) &&
           id.front() != '-';
}

double number_at(const toml::node& n, std::string_view what, double low, double high,
                 const config::Config& config) {
    auto v = n.value<double>();
    if (!(n.is_integer() || n.is_floating_point()) || !v || !(*v >= low && *v <= high))
        throw ConfigError(fmt::format("{}: '{}' must be a number from {} to {}", config.where(n),
                                      what, low, high));
    return *v + 0.0; // -0 is 0
}

int whole_at(const toml::node& n, std::string_view what, int low, int high,
             const config::Config& config) {
    auto v = n.value<std::int64_t>();
    if (!n.is_integer() || !v || *v < low || *v > high)
        throw ConfigError(fmt::format("{}: '{}' must be a whole number from {} to {}",
                                      config.where(n), what, low, high));
    return static_cast<int>(*v);
}

void read_kinds(const toml::node& list, std::vector<Kind>& kinds, bool shipped,
                std::string_view key, const config::Config& config) {
    const auto* arr = list.as_array();
    if (!arr)
        throw ConfigError(
            fmt::format("{}: '{}' must be an array of tables", config.where(list), key));
    for (const auto& node : *arr) {
        const auto* t = node.as_table();
        if (!t || !t->get("id"))
            throw ConfigError(fmt::format("{}: a kind needs an 'id'", config.where(node)));
        Kind k;
        k.shipped = shipped;
        k.id = string_at(*t->get("id"), "id", config);
        if (!valid_id(k.id))
            throw ConfigError(fmt::format("{}: kind id '{}' must be 1 to 40 of a-z, 0-9 and '-'",
                                          config.where(*t->get("id")),
                                          text::escape_controls(k.id)));
        auto existing = std::find_if(kinds.begin(), kinds.end(),
                                     [&](const Kind& other) { return other.id == k.id; });
        if (existing != kinds.end())
            k = *existing; // the config may change a shipped kind's weight or words
        if (const auto* d = t->get("description"))
            k.description = string_at(*d, "description", config);
        if (const auto* d = t->get("direction")) {
            std::string direction = string_at(*d, "direction", config);
            if (direction != "toward" && direction != "away")
                throw ConfigError(fmt::format("{}: 'direction' must be \"toward\" or \"away\", "
                                              "not '{}'",
                                              config.where(*d), text::escape_controls(direction)));
            k.toward = direction == "toward";
        } else if (existing == kinds.end()) {
            throw ConfigError(
                fmt::format("{}: kind '{}' needs a 'direction'", config.where(node), k.id));
        }
        if (const auto* n = t->get("nature")) {
            std::string nature = string_at(*n, "nature", config);
            if (nature != "word" && nature != "action")
                throw ConfigError(fmt::format("{}: 'nature' must be \"word\" or \"action\", not "
                                              "'{}'",
                                              config.where(*n), text::escape_controls(nature)));
            k.action = nature == "action";
        } else if (existing == kinds.end()) {
            throw ConfigError(
                fmt::format("{}: kind '{}' needs a 'nature'", config.where(node), k.id));
        }
        if (const auto* w = t->get("weight"))
            k.weight = number_at(*w, "weight", 0, 100, config);
        if (const auto* f = t->get("final")) {
            if (!f->is_boolean())
                throw ConfigError(
                    fmt::format("{}: 'final' must be true or false", config.where(*f)));
            k.final = f->value<bool>().value_or(false);
        }
        if (existing != kinds.end())
            *existing = k;
        else
            kinds.push_back(k);
    }
}

Value optional(const std::optional<std::string>& s) {
    return s ? Value(*s) : Value();
}

double rounded(double v) {
    double r = std::round(v * 100) / 100;
    return r == 0 ? 0 : r; // never "-0"
}

} // namespace

Settings load_settings(const std::string& shipped_path, const config::Config& config) {
    Settings s;
    if (std::error_code ec; !std::filesystem::is_regular_file(shipped_path, ec))
        throw ConfigError(fmt::format("rekindle's shipped signal kinds are missing: '{}' does "
                                      "not exist (reinstall, or set REKINDLE_SHARE_DIR)",
                                      shipped_path));
    auto shipped = config::parse_file(shipped_path);
    const toml::node* list = shipped.get("kinds");
    if (!list)
        throw ConfigError(fmt::format("{}: no [[kinds]] found", shipped_path));
    read_kinds(*list, s.kinds, true, "kinds", config);
    // The shipped "it is over" is the clear no that the reading leads with.
    for (auto& k : s.kinds)
        if (k.id == "says-its-over")
            k.final = true;
    if (const auto* mine = config.node("signals.kind"))
        read_kinds(*mine, s.kinds, false, "signals.kind", config);
    auto& r = s.rule;
    if (const auto* n = config.node("signals.half_life_days"))
        r.half_life_days = number_at(*n, "signals.half_life_days", 1, 365, config);
    if (const auto* n = config.node("signals.window_days"))
        r.window_days = whole_at(*n, "signals.window_days", 1, 3650, config);
    if (const auto* n = config.node("signals.unbacked_words"))
        r.unbacked_words = number_at(*n, "signals.unbacked_words", 0, 1, config);
    if (const auto* n = config.node("signals.low_confidence_below"))
        r.low_confidence_below = whole_at(*n, "signals.low_confidence_below", 0, 1000, config);
    if (const auto* n = config.node("signals.clear_at"))
        r.clear_at = number_at(*n, "signals.clear_at", 0, 1000, config);
    s.sunday_first = config.sunday_first();
    return s;
}

std::vector<DayTotal> totals_of(const std::vector<DayKind>& days, const std::vector<Kind>& kinds) {
    std::map<dates::Day, DayTotal> by_day;
    for (const auto& d : days) {
        auto k =
            std::find_if(kinds.begin(), kinds.end(), [&](const Kind& x) { return x.id == d.kind; });
        if (k == kinds.end())
            continue; // a kind no longer defined counts for nothing
        auto& t = by_day[d.day];
        t.day = d.day;
        t.signals += d.signals;
        double value = (k->toward ? 1.0 : -1.0) * k->weight * static_cast<double>(d.strength);
        (k->action ? t.actions : k->toward ? t.words_toward : t.words_away) += value;
        t.final = t.final || k->final;
    }
    std::vector<DayTotal> out;
    out.reserve(by_day.size());
    for (auto& [day, t] : by_day)
        out.push_back(t);
    return out;
}

Score score_from(const std::vector<DayTotal>& totals, const dates::Day& date, const Rule& rule) {
    Score s;
    s.date = date;
    s.window_days = rule.window_days;
    double words_away = 0;
    auto older = [](const DayTotal& t, const dates::Day& d) { return t.day < d; };
    // A clear no leads the reading for one half-life, even when the window is shorter.
    int lookback = std::max(rule.window_days, static_cast<int>(std::ceil(rule.half_life_days)));
    auto it = std::lower_bound(totals.begin(), totals.end(), dates::add_days(date, -(lookback - 1)),
                               older);
    for (; it != totals.end() && !(date < it->day); ++it) {
        int age = dates::days_between(it->day, date);
        if (it->final && age < rule.half_life_days)
            s.final_recent = true;
        if (age >= rule.window_days)
            continue;
        s.signals += it->signals;
        double decay = std::pow(0.5, age / rule.half_life_days);
        s.actions += it->actions * decay;
        s.words_toward += it->words_toward * decay;
        words_away += it->words_away * decay;
    }
    s.words = s.words_toward + words_away;
    s.backed = std::min(std::max(s.actions, 0.0), s.words_toward);
    s.overall =
        s.actions + words_away + s.backed + rule.unbacked_words * (s.words_toward - s.backed);
    s.confidence = s.signals == 0 || s.signals < rule.low_confidence_below ? "low" : "moderate";
    // The lean is read from the rounded balance, as the person sees it; a balance of zero
    // leans nowhere, and a recent clear no is taken at its word.
    double shown = rounded(s.overall);
    s.lean = s.final_recent                         ? "away"
             : s.signals == 0                       ? "unclear"
             : shown > 0 && shown >= rule.clear_at  ? "toward"
             : shown < 0 && shown <= -rule.clear_at ? "away"
                                                    : "unclear";

    if (s.final_recent)
        s.summary = "They have said it is over. That is their choice to make, and it deserves "
                    "respect; the growth you are doing is worth it either way.";
    else if (s.signals == 0)
        s.summary = fmt::format("No signals in the last {}. Whatever they do, your own growth "
                                "is worth it.",
                                rule.window_days == 1 ? std::string("day")
                                                      : fmt::format("{} days", rule.window_days));
    else if (s.lean == "away")
        s.summary = "On balance the signs lean away. Their choice deserves respect, and your own "
                    "growth is worth it either way.";
    else if (s.lean == "unclear")
        s.summary = "The signs are mixed or faint; they do not point either way.";
    else if (s.words_toward <= 0)
        s.summary = "Their actions lean toward you. This is a reading of signs, not a promise "
                    "of anything.";
    else if (s.backed < s.words_toward / 2)
        s.summary = "Warm words, with few actions behind them so far. What they do says more "
                    "than what they say.";
    else
        s.summary = "Their actions lean toward you, and their words are backed by them. This is "
                    "a reading of signs, not a promise of anything.";
    if (s.signals > 0 && s.confidence == "low")
        s.summary += fmt::format(" It rests on only {} {}, so hold it lightly.", s.signals,
                                 s.signals == 1 ? "signal" : "signals");
    return s;
}

Score score_of(const std::vector<DayKind>& days, const dates::Day& date,
               const std::vector<Kind>& kinds, const Rule& rule) {
    return score_from(totals_of(days, kinds), date, rule);
}

// ---- Store -------------------------------------------------------------------------------

Store::Store(db::Database& db, Settings settings, dates::DayStart day_start)
    : db_(db), settings_(std::move(settings)), day_start_(day_start) {}

const Kind& Store::kind(std::string_view id) const {
    for (const auto& k : settings_.kinds)
        if (k.id == id)
            return k;
    std::vector<std::string> ids;
    for (const auto& k : settings_.kinds)
        ids.push_back(k.id);
    std::string msg = fmt::format("no kind of signal named '{}'", text::escape_controls(id));
    if (auto guess = text::did_you_mean(id, ids))
        msg += fmt::format("; did you mean '{}'?", *guess);
    else
        msg += "; 'rekindle signals kinds' lists them";
    throw UsageError(msg);
}

std::int64_t Store::log(std::string_view kind_id, dates::Instant at, std::int64_t strength,
                        const std::optional<std::string>& text) {
    const Kind& k = kind(kind_id);
    if (strength < 1 || strength > 3)
        throw UsageError(fmt::format("--strength must be from 1 to 3, not {}", strength));
    if (text) {
        if (text->find('\0') != std::string::npos)
            throw DataError("the text holds a NUL character");
        if (auto bad = text::find_invalid_utf8(*text))
            throw DataError(fmt::format("the text is not valid UTF-8 (byte {})", bad->offset));
    }
    if (at > dates::now())
        throw UsageError("that is in the future; record a signal once it has happened");
    dates::Day day = dates::local_day(at, day_start_);
    if (day.year < 1 || day.year > 9999)
        throw UsageError("that day is outside the years 0001 to 9999");
    db::Transaction tx(db_);
    db_.prepare("INSERT INTO signals_signal (uid, kind, at, day, strength, text, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(db::new_uid(), k.id, dates::format_utc(at), dates::format_day(day), strength,
                  text, dates::format_utc(dates::now()))
        .run();
    auto id = db_.last_insert_rowid();
    tx.commit();
    return id;
}

namespace {
Signal signal_from(db::Statement& q) {
    Signal s;
    s.id = q.integer(0);
    s.uid = q.text(1);
    s.kind = q.text(2);
    s.at = dates::parse_utc(q.text_view(3));
    s.day = parse_day(q.text_view(4));
    s.strength = q.integer(5);
    s.text = q.optional_text(6);
    return s;
}
constexpr const char* signal_columns = "id, uid, kind, at, day, strength, text";
} // namespace

std::vector<Signal> Store::list(const ListQuery& query) {
    // Direction and nature belong to the kinds (the config may change them), so the kinds
    // that match are bound as a list.
    std::string kinds = "[";
    for (const auto& k : settings_.kinds)
        if ((!query.toward || k.toward == *query.toward) &&
            (!query.action || k.action == *query.action)) {
            kinds += kinds.size() > 1 ? "," : "";
            kinds += output::json_quote(k.id);
        }
    kinds += "]";
    bool filtered = query.toward || query.action;
    auto q = db_.prepare(fmt::format(
        "SELECT {} FROM signals_signal WHERE removed_at IS NULL AND (?1 IS NULL OR day >= ?1) "
        "AND (?2 = 0 OR kind IN (SELECT value FROM json_each(?3))) ORDER BY at, id",
        signal_columns));
    q.bind(1, query.since ? std::optional(dates::format_day(*query.since)) : std::nullopt);
    q.bind(2, std::int64_t{filtered ? 1 : 0});
    q.bind(3, kinds);
    std::vector<Signal> out;
    while (q.step())
        out.push_back(signal_from(q));
    return out;
}

Signal Store::signal(std::int64_t id) {
    auto q = db_.prepare(fmt::format(
        "SELECT {} FROM signals_signal WHERE id = ? AND removed_at IS NULL", signal_columns));
    q.bind(1, id);
    if (!q.step())
        throw UsageError(fmt::format("no signal {}; 'rekindle signals list' shows them", id));
    return signal_from(q);
}

void Store::remove(std::int64_t id) {
    db::Transaction tx(db_);
    (void)signal(id);
    db_.prepare("UPDATE signals_signal SET removed_at = ? WHERE id = ?")
        .bind_all(dates::format_utc(dates::now()), id)
        .run();
    tx.commit();
}

std::vector<DayKind> Store::days_between(const dates::Day& from, const dates::Day& to) {
    // Per day and kind, kept by triggers: a reading reads at most a row per kind and day of
    // its window, however many signals there are.
    auto q = db_.prepare("SELECT day, kind, strength, signals FROM signals_day WHERE day >= ? "
                         "AND day <= ? AND signals > 0");
    q.bind_all(dates::format_day(from), dates::format_day(to));
    std::vector<DayKind> out;
    while (q.step())
        out.push_back({parse_day(q.text_view(0)), q.text(1), q.integer(2), q.integer(3)});
    return out;
}

Score Store::score(const dates::Day& date, std::optional<int> window_days) {
    Rule rule = settings_.rule;
    if (window_days) {
        if (*window_days < 1 || *window_days > 3650)
            throw UsageError(
                fmt::format("--window must be from 1 to 3650 days, not {}", *window_days));
        rule.window_days = *window_days;
    }
    if (date.year < 1 || date.year > 9999)
        throw UsageError("that day is outside the years 0001 to 9999");
    int lookback = std::max(rule.window_days, static_cast<int>(std::ceil(rule.half_life_days)));
    auto days = days_between(dates::add_days(date, -(lookback - 1)), date);
    return score_of(days, date, settings_.kinds, rule);
}

std::vector<std::pair<dates::Day, Score>> Store::trend(const dates::Day& today, int weeks,
                                                       bool sunday_first) {
    if (weeks < 1 || weeks > 520)
        throw UsageError(fmt::format("--weeks must be from 1 to 520, not {}", weeks));
    int back = sunday_first ? (dates::weekday(today) + 1) % 7 : dates::weekday(today);
    dates::Day this_week = dates::add_days(today, -back);
    dates::Day first_week = dates::add_days(this_week, -7 * (weeks - 1));
    if (today.year < 1 || today.year > 9999)
        throw UsageError("today falls outside the years 0001 to 9999 here");
    if (first_week.year < 1)
        throw UsageError(fmt::format("{} {} back reach before the year 0001", weeks,
                                     weeks == 1 ? "week" : "weeks"));
    const Rule& rule = settings_.rule;
    int lookback = std::max(rule.window_days, static_cast<int>(std::ceil(rule.half_life_days)));
    // Each day's signals summed once; each week then reads only the days of its window.
    auto totals =
        totals_of(days_between(dates::add_days(first_week, -lookback), today), settings_.kinds);
    std::vector<std::pair<dates::Day, Score>> out;
    for (int w = 0; w < weeks; ++w) {
        dates::Day start = dates::add_days(first_week, 7 * w);
        dates::Day end = std::min(dates::add_days(start, 6), today);
        out.emplace_back(start, score_from(totals, end, rule));
    }
    return out;
}

// ---- records -----------------------------------------------------------------------------

const std::vector<records::RecordType>& record_types() {
    using records::Default;
    using records::Kind;
    static const std::vector<records::RecordType> types{
        {.tool = "signals",
         .name = "signal",
         .table = "signals_signal",
         .doc = "A sign from the other person, toward or away, as its kind says.",
         .fields =
             {
                 {.name = "kind",
                  .required = true,
                  .doc = "the id of its kind",
                  .references = "a signals kind"},
                 {.name = "at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "when it happened; the time of the import when left out"},
                 {.name = "day",
                  .kind = Kind::local_day,
                  .doc = "the person's day it counts for; from at and day_starts_at when left "
                         "out"},
                 {.name = "strength",
                  .kind = Kind::integer,
                  .fallback = Default::text("2"),
                  .doc = "how clear it was, from 1 to 3; 2 when left out",
                  .min = 1,
                  .max = 3},
                 {.name = "text", .kind = Kind::text, .doc = "what happened, or null"},
                 {.name = "recorded_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::field("at"),
                  .doc = "when it was recorded; the same as at when left out"},
                 {.name = "removed_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was removed, or null while it is shown"},
             },
         .identity = {"kind", "at", "strength", "text"}},
    };
    return types;
}

void Store::export_records(const std::function<void(std::string_view)>& sink) {
    records::export_types(db_, record_types(), sink);
}

struct Store::ImportHooks {
    Store& store;
    explicit ImportHooks(Store& s) : store(s) {}

    records::Verdict signal(records::Incoming& r) {
        std::string id = r.text("kind");
        if (std::none_of(store.settings_.kinds.begin(), store.settings_.kinds.end(),
                         [&](const Kind& k) { return k.id == id; })) {
            std::vector<std::string> ids;
            for (const auto& k : store.settings_.kinds)
                ids.push_back(k.id);
            std::string msg = fmt::format("field 'kind': '{}' is not a kind known here; add it "
                                          "to [[signals.kind]] in the config",
                                          text::escape_controls(id));
            if (auto guess = text::did_you_mean(id, ids))
                msg += fmt::format(" (did you mean '{}'?)", *guess);
            throw r.error(msg);
        }
        dates::Instant at = dates::parse_utc(r.text("at"));
        if (at > dates::now())
            throw r.error("field 'at' is in the future; a signal is recorded once it happened");
        if (at < dates::earliest)
            throw r.error("field 'at' is before the year 0001");
        if (auto day = r.optional_text("day")) {
            // Within a zone's 14 hours of UTC, and the day before when day_starts_at moves it.
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
        return records::Verdict::insert;
    }
};

std::vector<records::Plan> Store::import_plans(ImportHooks& hooks) {
    return {{&record_types()[0], [&hooks](records::Incoming& r) { return hooks.signal(r); }, {}}};
}

std::unique_ptr<Store::ImportHooks, void (*)(Store::ImportHooks*)> Store::make_import_hooks() {
    return {new ImportHooks(*this), [](ImportHooks* hooks) { delete hooks; }};
}

ImportStats Store::import_records(jsonl::Reader& reader) {
    ImportHooks hooks(*this);
    auto counts = records::import_all(db_, reader, import_plans(hooks), "signals");
    return {counts.of("signals", "signal"), counts.skipped};
}

// ---- output ------------------------------------------------------------------------------

output::Table list_table(const std::vector<Signal>& signals, const std::vector<Kind>& kinds) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, true},
                 Column{"day", Shown::always, false, output::Fit::keep},
                 Column{"at", Shown::machine_only},
                 Column{"kind", Shown::always, false, output::Fit::keep},
                 Column{"direction"},
                 Column{"nature"},
                 Column{"strength", Shown::always, true},
                 Column{"text"}};
    for (const auto& s : signals) {
        auto k =
            std::find_if(kinds.begin(), kinds.end(), [&](const Kind& x) { return x.id == s.kind; });
        Value direction, nature;
        if (k != kinds.end()) {
            direction = std::string(k->toward ? "toward" : "away");
            nature = std::string(k->action ? "action" : "word");
        }
        t.rows.push_back({s.id, dates::format_day(s.day), dates::format_utc(s.at), s.kind,
                          direction, nature, s.strength, optional(s.text)});
    }
    return t;
}

output::Table kinds_table(const std::vector<Kind>& kinds) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, false, output::Fit::keep},
                 Column{"direction"},
                 Column{"nature"},
                 Column{"weight", Shown::always, true},
                 Column{"origin"},
                 Column{"description"}};
    for (const auto& k : kinds)
        t.rows.push_back({k.id, std::string(k.toward ? "toward" : "away"),
                          std::string(k.action ? "action" : "word"), k.weight,
                          std::string(k.shipped ? "shipped" : "config"), k.description});
    return t;
}

output::Table score_table(const Score& s) {
    output::Table t;
    t.columns = {Column{"date", Shown::always, false, output::Fit::keep},
                 Column{"window_days", Shown::machine_only},
                 Column{"signals", Shown::always, true},
                 Column{"words", Shown::always, true},
                 Column{"actions", Shown::always, true},
                 Column{"words_toward", Shown::machine_only},
                 Column{"backed", Shown::machine_only},
                 Column{"overall", Shown::always, true},
                 Column{"lean"},
                 Column{"confidence"},
                 Column{"summary", Shown::machine_only}};
    t.rows.push_back({dates::format_day(s.date), std::int64_t{s.window_days}, s.signals,
                      rounded(s.words), rounded(s.actions), rounded(s.words_toward),
                      rounded(s.backed), rounded(s.overall), s.lean, s.confidence, s.summary});
    return t;
}

output::Table trend_table(const std::vector<std::pair<dates::Day, Score>>& weeks) {
    output::Table t;
    t.columns = {Column{"week", Shown::always, false, output::Fit::keep},
                 Column{"date", Shown::always, false, output::Fit::keep},
                 Column{"signals", Shown::always, true},
                 Column{"words", Shown::always, true},
                 Column{"actions", Shown::always, true},
                 Column{"overall", Shown::always, true},
                 Column{"lean"}};
    for (const auto& [week, s] : weeks)
        t.rows.push_back({dates::format_day(week), dates::format_day(s.date), s.signals,
                          rounded(s.words), rounded(s.actions), rounded(s.overall), s.lean});
    return t;
}

} // namespace rekindle::signals

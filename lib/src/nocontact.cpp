#include "rekindle/nocontact.hpp"

#include "rekindle/chart.hpp"
#include "rekindle/error.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

namespace rekindle::nocontact {
namespace {

using output::Column;
using output::Shown;
using output::Value;

std::string place_of(const toml::node& n, std::string_view file) {
    return fmt::format("{}:{}:{}",
                       n.source().path ? std::string(*n.source().path) : std::string(file),
                       n.source().begin.line, n.source().begin.column);
}

dates::Day parse_day(const std::string& s) {
    if (auto d = dates::parse_day(s))
        return *d;
    throw DataError(fmt::format("'{}' is not a day like 2026-11-20", text::escape_controls(s)));
}

Period period_from(db::Statement& q) {
    // Columns: id, uid, start_day, started_at, days, zone, note, ended_at, end_reason, end_note,
    // urges
    Period p;
    p.id = q.integer(0);
    p.uid = q.text(1);
    p.start_day = parse_day(q.text(2));
    p.started_at = dates::parse_utc(q.text(3));
    p.days = static_cast<int>(q.integer(4));
    p.zone = q.text(5);
    p.note = q.optional_text(6);
    if (auto e = q.optional_text(7))
        p.ended_at = dates::parse_utc(*e);
    p.end_reason = q.optional_text(8);
    p.end_note = q.optional_text(9);
    p.urges = q.integer(10);
    return p;
}

constexpr const char* period_columns =
    "id, uid, start_day, started_at, days, zone, note, ended_at, end_reason, end_note, urges";

Value optional(const std::optional<std::string>& s) {
    return s ? Value(*s) : Value();
}

} // namespace

namespace {
// A zone a period may be counted in: empty (the system's), a name with a file in the zone
// database (never a path out of it), or a POSIX rule such as "CET-1CEST,M3.5.0,M10.5.0/3".
bool known_zone(const std::string& zone) {
    if (zone.empty())
        return true;
    if (zone.find("..") != std::string::npos || zone.front() == '/' || zone.front() == ':')
        return false;
    if (std::any_of(zone.begin(), zone.end(), [](char c) {
            return !(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' ||
                     c == '-' || c == '+' || c == ',' || c == '.' || c == '<' || c == '>');
        }))
        return false;
    const char* dir = std::getenv("TZDIR");
    std::error_code ec;
    if (std::filesystem::is_regular_file(
            std::filesystem::path(dir && *dir ? dir : "/usr/share/zoneinfo") / zone, ec))
        return true;
    // A POSIX rule: a name of three or more letters, then an offset.
    std::size_t letters = 0;
    while (letters < zone.size() && std::isalpha(static_cast<unsigned char>(zone[letters])))
        ++letters;
    return letters >= 3 && letters < zone.size() &&
           (std::isdigit(static_cast<unsigned char>(zone[letters])) || zone[letters] == '-' ||
            zone[letters] == '+');
}
} // namespace

Settings load_settings(const config::Config& config) {
    Settings s;
    const std::string& file = config.user_path();
    if (const auto* n = config.node("nocontact.days")) {
        auto v = n->value<std::int64_t>();
        if (!n->is_integer() || !v || *v < 1 || *v > 3650)
            throw ConfigError(fmt::format("{}: 'nocontact.days' must be a whole number from 1 to "
                                          "3650",
                                          place_of(*n, file)));
        s.days = static_cast<int>(*v);
    }
    if (const auto* n = config.node("nocontact.milestones")) {
        const auto* arr = n->as_array();
        if (!arr)
            throw ConfigError(fmt::format("{}: 'nocontact.milestones' must be an array of whole "
                                          "numbers of days",
                                          place_of(*n, file)));
        s.milestones.clear();
        for (const auto& m : *arr) {
            auto v = m.value<std::int64_t>();
            if (!m.is_integer() || !v || *v < 1 || *v > 3650)
                throw ConfigError(fmt::format("{}: a milestone must be a whole number of days "
                                              "from 1 to 3650",
                                              place_of(m, file)));
            s.milestones.push_back(static_cast<int>(*v));
        }
        std::sort(s.milestones.begin(), s.milestones.end());
        s.milestones.erase(std::unique(s.milestones.begin(), s.milestones.end()),
                           s.milestones.end());
    }
    if (const auto* n = config.node("nocontact.reset_streak_on_slip")) {
        if (!n->is_boolean())
            throw ConfigError(fmt::format("{}: 'nocontact.reset_streak_on_slip' must be true or "
                                          "false",
                                          place_of(*n, file)));
        s.reset_streak_on_slip = n->value<bool>().value_or(true);
    }
    return s;
}

// ---- day arithmetic ----------------------------------------------------------------------

int day_number(const dates::Day& start, const dates::Day& today) {
    return dates::days_between(start, today) + 1;
}

std::vector<Milestone> milestones_of(const std::vector<int>& days, const dates::Day& since,
                                     const dates::Day& today) {
    std::vector<Milestone> out;
    for (int d : days) {
        dates::Day when = dates::add_days(since, d);
        if (when.year > 9999)
            break; // a day no calendar here can hold
        out.push_back({d, when, when <= today});
    }
    return out;
}

int longest_streak(const dates::Day& start, const dates::Day& today,
                   std::vector<dates::Day> slip_days) {
    std::sort(slip_days.begin(), slip_days.end());
    int best = 0;
    dates::Day from = start;
    for (const auto& s : slip_days) {
        if (s < from)
            continue;
        best = std::max(best, dates::days_between(from, s));
        from = s;
    }
    if (!(today < from))
        best = std::max(best, dates::days_between(from, today));
    return best;
}

const Milestone* Status::next_milestone() const {
    for (const auto& m : milestones)
        if (!m.reached)
            return &m;
    return nullptr;
}

// ---- Store -------------------------------------------------------------------------------

Store::Store(db::Database& db, Settings settings, dates::DayStart day_start)
    : db_(db), settings_(std::move(settings)), day_start_(day_start) {}

std::optional<Period> Store::active() {
    auto q = db_.prepare(fmt::format(
        "SELECT {} FROM nocontact_period WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1",
        period_columns));
    if (q.step())
        return period_from(q);
    return std::nullopt;
}

Period Store::start(std::optional<int> days, dates::Instant at,
                    const std::optional<std::string>& note) {
    int length = days.value_or(settings_.days);
    if (length < 1 || length > 3650)
        throw UsageError(fmt::format("--days must be from 1 to 3650, not {}", length));
    if (note)
        if (auto bad = text::find_invalid_utf8(*note))
            throw DataError(fmt::format("the note is not valid UTF-8 (byte {})", bad->offset));
    if (at > dates::now())
        throw UsageError("a period cannot start in the future; start it on the day it begins");
    db::Transaction tx(db_);
    if (auto running = active()) {
        dates::ZoneScope zone(running->zone);
        int day = day_number(running->start_day, dates::local_day(dates::now(), day_start_));
        throw ConflictError(fmt::format("a period is already running since {} (day {}); end it "
                                        "with 'rekindle nocontact end' first",
                                        dates::format_day(running->start_day), day));
    }
    // A new period may not overlap one that has ended: those days are counted already.
    auto last = db_.prepare("SELECT max(ended_at) FROM nocontact_period");
    if (last.step() && !last.is_null(0) && at < dates::parse_utc(last.text(0)))
        throw UsageError(
            fmt::format("the last period ended at {}; a new one starts after that", last.text(0)));
    Period p;
    p.uid = db::new_uid();
    // A $TZ this machine does not know counts as UTC (as the C library treats it), and is
    // stored so: what is stored must be a zone that reads back the same everywhere.
    p.zone = known_zone(dates::current_zone()) ? dates::current_zone() : "UTC";
    p.start_day = dates::local_day(at, day_start_);
    if (p.start_day.year > 9999)
        throw UsageError("that start falls after the year 9999");
    p.started_at = at;
    p.days = length;
    p.note = note;
    db_.prepare("INSERT INTO nocontact_period (uid, start_day, started_at, days, zone, note) "
                "VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(p.uid, dates::format_day(p.start_day), dates::format_utc(at),
                  std::int64_t{length}, p.zone, note)
        .run();
    p.id = db_.last_insert_rowid();
    tx.commit();
    return p;
}

Status Store::status_of(const Period& p, dates::Instant now) {
    dates::ZoneScope zone(p.zone);
    Status s;
    s.period = p;
    dates::Instant until = p.ended_at ? std::min(*p.ended_at, now) : now;
    s.today = dates::local_day(until, day_start_);
    s.day = std::max(1, day_number(p.start_day, s.today));
    s.days_left = std::max(0, p.days - s.day);

    // Slips: few, so all of this period's are read (through the period index).
    std::vector<dates::Day> slip_days;
    auto slips = db_.prepare("SELECT at FROM nocontact_event WHERE period = ? AND kind = 'slip' "
                             "AND removed_at IS NULL ORDER BY at");
    slips.bind(1, p.uid);
    while (slips.step()) {
        // A slip dated after today (an import from a clock ahead) has not happened yet here.
        auto day = dates::local_day(dates::parse_utc(slips.text(0)), day_start_);
        if (!(s.today < day))
            slip_days.push_back(day);
    }
    s.slips = static_cast<std::int64_t>(slip_days.size());
    s.streak_since = p.start_day;
    if (settings_.reset_streak_on_slip)
        for (const auto& d : slip_days)
            if (!(s.today < d))
                s.streak_since = std::max(s.streak_since, d);
    s.streak = std::max(0, dates::days_between(s.streak_since, s.today));
    std::set<dates::Day> slipped(slip_days.begin(), slip_days.end());
    s.clean_days =
        std::max(0, s.day - static_cast<int>(std::count_if(
                                slipped.begin(), slipped.end(), [&](const dates::Day& d) {
                                    return !(d < p.start_day) && !(s.today < d);
                                })));
    // Without restarts the streak runs from the start, and so does the longest one.
    s.longest_streak =
        settings_.reset_streak_on_slip ? longest_streak(p.start_day, s.today, slip_days) : s.streak;

    // Urges: counted through the (period, kind, at) index over a range of time, never scanned.
    // The urges of this period only, as urges_total counts them.
    auto count = db_.prepare("SELECT count(*) FROM nocontact_event WHERE period = ? AND "
                             "kind = 'urge' AND removed_at IS NULL AND at >= ? AND at <= ?");
    auto day_start_at = [&](const dates::Day& d) {
        return dates::local_time(d, day_start_ / 60, day_start_ % 60);
    };
    auto urges_between = [&](dates::Instant from, dates::Instant to) {
        count.bind_all(p.uid, dates::format_utc_bound(from), dates::format_utc_bound(to));
        count.step();
        auto n = count.integer(0);
        count.reset();
        return n;
    };
    s.urges_today = urges_between(day_start_at(s.today), until);
    s.urges_week = urges_between(day_start_at(dates::add_days(s.today, -6)), until);
    s.urges_total = p.urges; // kept by a trigger: a million urges are not counted here
    s.milestones = milestones_of(settings_.milestones, s.streak_since, s.today);
    return s;
}

std::optional<Status> Store::status(dates::Instant now) {
    auto p = active();
    if (!p)
        return std::nullopt;
    return status_of(*p, now);
}

std::optional<Status> Store::status_at(dates::Instant at) {
    auto q = db_.prepare(fmt::format("SELECT {} FROM nocontact_period WHERE started_at <= ?1 AND "
                                     "(ended_at IS NULL OR ended_at >= ?1) ORDER BY started_at "
                                     "DESC, id DESC LIMIT 1",
                                     period_columns));
    q.bind(1, dates::format_utc_bound(at));
    if (!q.step())
        return std::nullopt;
    return status_of(period_from(q), at);
}

std::int64_t Store::record(const NewEvent& e) {
    for (const auto* field : {&e.trigger, &e.text, &e.lesson})
        if (*field) {
            if (field->value().find('\0') != std::string::npos)
                throw DataError("the text holds a NUL character");
            if (auto bad = text::find_invalid_utf8(**field))
                throw DataError(fmt::format("the text is not valid UTF-8 (byte {})", bad->offset));
        }
    if (e.trigger && e.trigger->find_first_of("\r\n") != std::string::npos)
        throw UsageError("--trigger is one line; put the rest in the text");
    if (e.intensity && (*e.intensity < 1 || *e.intensity > 10))
        throw UsageError(fmt::format("--intensity must be from 1 to 10, not {}", *e.intensity));
    std::string now = dates::format_utc(dates::now());
    std::string at = e.at ? dates::format_utc(*e.at) : now;
    db::Transaction tx(db_);
    auto running = active();
    std::optional<std::string> period;
    if (running && !(e.at && *e.at < running->started_at))
        period = running->uid;
    db_.prepare("INSERT INTO nocontact_event (uid, period, kind, at, recorded_at, intensity, "
                "trigger, text, by, lesson) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(db::new_uid(), period, e.kind, at, now, e.intensity, e.trigger, e.text, e.by,
                  e.lesson)
        .run();
    auto id = db_.last_insert_rowid();
    tx.commit();
    return id;
}

void Store::set_passed(std::int64_t id, bool passed) {
    db::Transaction tx(db_);
    db_.prepare("UPDATE nocontact_event SET passed = ? WHERE id = ? AND kind = 'urge'")
        .bind_all(std::int64_t{passed ? 1 : 0}, id)
        .run();
    tx.commit();
}

Period Store::end(const std::string& reason, const std::optional<std::string>& note,
                  dates::Instant at) {
    if (note)
        if (auto bad = text::find_invalid_utf8(*note))
            throw DataError(fmt::format("the note is not valid UTF-8 (byte {})", bad->offset));
    db::Transaction tx(db_);
    auto running = active();
    if (!running)
        throw ConflictError("no period is running; start one with 'rekindle nocontact start'");
    if (at < running->started_at)
        throw UsageError("a period cannot end before it started");
    db_.prepare("UPDATE nocontact_period SET ended_at = ?, end_reason = ?, end_note = ? "
                "WHERE id = ?")
        .bind_all(dates::format_utc(at), reason, note, running->id)
        .run();
    tx.commit();
    running->ended_at = at;
    running->end_reason = reason;
    running->end_note = note;
    return *running;
}

std::vector<PeriodSummary> Store::history(dates::Instant now) {
    auto q = db_.prepare(
        fmt::format("SELECT {} FROM nocontact_period ORDER BY started_at, id", period_columns));
    std::vector<Period> periods;
    while (q.step())
        periods.push_back(period_from(q));
    std::vector<PeriodSummary> out;
    for (const auto& p : periods) {
        auto s = status_of(p, now);
        out.push_back({p, s.day, s.longest_streak, s.slips, s.urges_total});
    }
    return out;
}

namespace {

Event event_of(db::Statement& q) {
    Event e;
    e.id = q.integer(0);
    e.period = q.optional_text(1);
    e.kind = q.text(2);
    e.at = dates::parse_utc(q.text(3));
    if (!q.is_null(4))
        e.intensity = q.integer(4);
    e.trigger = q.optional_text(5);
    e.text = q.optional_text(6);
    if (!q.is_null(7))
        e.passed = q.integer(7) != 0;
    e.by = q.optional_text(8);
    e.lesson = q.optional_text(9);
    return e;
}

} // namespace

std::vector<Event> Store::log(std::optional<dates::Instant> since,
                              std::optional<dates::Instant> until,
                              const std::optional<std::string>& kind) {
    auto q =
        db_.prepare("SELECT id, period, kind, at, intensity, trigger, text, passed, by, lesson "
                    "FROM nocontact_event WHERE removed_at IS NULL AND (?1 IS NULL OR at >= ?1) "
                    "AND (?2 IS NULL OR at <= ?2) AND (?3 IS NULL OR kind = ?3) ORDER BY at, id");
    q.bind(1, since ? std::optional(dates::format_utc(*since)) : std::nullopt);
    q.bind(2, until ? std::optional(dates::format_utc(*until)) : std::nullopt);
    q.bind(3, kind);
    std::vector<Event> out;
    while (q.step())
        out.push_back(event_of(q));
    return out;
}

std::vector<Event> Store::events(std::string_view kind, dates::Instant since,
                                 dates::Instant until) {
    auto q = db_.prepare("SELECT id, period, kind, at, intensity, trigger, text, passed, by, "
                         "lesson FROM nocontact_event WHERE kind = ? AND removed_at IS NULL AND "
                         "at >= ? AND at <= ? ORDER BY at, id");
    q.bind_all(std::string(kind), dates::format_utc_bound(since), dates::format_utc_bound(until));
    std::vector<Event> out;
    while (q.step())
        out.push_back(event_of(q));
    return out;
}

std::int64_t Store::count(std::string_view kind, dates::Instant since, dates::Instant until) {
    auto q = db_.prepare("SELECT count(*) FROM nocontact_event WHERE kind = ? AND removed_at IS "
                         "NULL AND at >= ? AND at <= ?");
    q.bind_all(std::string(kind), dates::format_utc_bound(since), dates::format_utc_bound(until));
    q.step();
    return q.integer(0);
}

Event Store::event(std::int64_t id) {
    auto q = db_.prepare("SELECT kind, at, text FROM nocontact_event WHERE id = ? AND "
                         "removed_at IS NULL");
    q.bind(1, id);
    if (!q.step())
        throw UsageError(fmt::format("no record {}; 'rekindle nocontact log' shows them", id));
    Event e;
    e.id = id;
    e.kind = q.text(0);
    e.at = dates::parse_utc(q.text(1));
    e.text = q.optional_text(2);
    return e;
}

void Store::remove(std::int64_t id) {
    db::Transaction tx(db_);
    (void)event(id);
    db_.prepare("UPDATE nocontact_event SET removed_at = ? WHERE id = ?")
        .bind_all(dates::format_utc(dates::now()), id)
        .run();
    tx.commit();
}

std::vector<std::pair<dates::Day, std::int64_t>> Store::urges_per_day(dates::Instant now,
                                                                      int days) {
    auto running = active();
    dates::ZoneScope zone(running ? running->zone : dates::current_zone());
    dates::Day today = dates::local_day(now, day_start_);
    dates::Day first = running ? running->start_day : dates::add_days(today, -(days - 1));
    if (dates::days_between(first, today) >= days)
        first = dates::add_days(today, -(days - 1));
    std::vector<std::pair<dates::Day, std::int64_t>> out;
    std::map<dates::Day, std::int64_t> counts;
    auto q = db_.prepare("SELECT at FROM nocontact_event WHERE kind = 'urge' AND removed_at IS "
                         "NULL AND at >= ? AND at <= ?");
    q.bind_all(dates::format_utc_bound(dates::local_time(first, day_start_ / 60, day_start_ % 60)),
               dates::format_utc(now));
    while (q.step())
        ++counts[dates::local_day(dates::parse_utc(q.text_view(0)), day_start_)];
    for (dates::Day d = first; !(today < d); d = dates::add_days(d, 1))
        out.emplace_back(d, counts[d]);
    return out;
}

// ---- records -----------------------------------------------------------------------------

const std::vector<records::RecordType>& record_types() {
    using records::Default;
    using records::Kind;
    static const std::vector<records::RecordType> types{
        {.tool = "nocontact",
         .name = "period",
         .table = "nocontact_period",
         .doc = "One period of no contact.",
         .fields =
             {
                 {.name = "start_day",
                  .kind = Kind::local_day,
                  .required = true,
                  .doc = "its first day (day 1), in its zone"},
                 {.name = "started_at",
                  .kind = Kind::utc_time,
                  .required = true,
                  .doc = "when it was started"},
                 {.name = "days",
                  .kind = Kind::integer,
                  .required = true,
                  .doc = "its planned length in days",
                  .min = 1,
                  .max = 3650},
                 {.name = "zone",
                  .fallback = Default::text(""),
                  .doc = "the time zone its days are counted in; the system's when empty"},
                 {.name = "note", .kind = Kind::text, .doc = "a note, or null"},
                 {.name = "ended_at",
                  .kind = Kind::utc_time,
                  .doc = "when it ended, or null while it runs"},
                 {.name = "end_reason",
                  .kind = Kind::choice,
                  .doc = "completed, reconciled or stopped, or null",
                  .choices = {"completed", "reconciled", "stopped"}},
                 {.name = "end_note", .kind = Kind::text, .doc = "a note on the end, or null"},
             },
         .identity = {"start_day", "started_at"}},
        {.tool = "nocontact",
         .name = "event",
         .table = "nocontact_event",
         .doc = "An urge resisted, a slip and what it taught, or a message left unsent.",
         .fields =
             {
                 {.name = "period",
                  .doc = "the uid of the period it happened in, or null",
                  .references = "a nocontact period"},
                 {.name = "kind",
                  .kind = Kind::choice,
                  .required = true,
                  .doc = "urge, slip or unsent",
                  .choices = {"urge", "slip", "unsent"}},
                 {.name = "at",
                  .kind = Kind::utc_time,
                  .fallback = Default::now(),
                  .doc = "when it happened; the time of the import when left out"},
                 {.name = "recorded_at",
                  .kind = Kind::utc_time,
                  .fallback = Default::field("at"),
                  .doc = "when it was recorded; the same as at when left out"},
                 {.name = "intensity",
                  .kind = Kind::integer,
                  .doc = "an urge's strength from 1 to 10, or null",
                  .min = 1,
                  .max = 10},
                 {.name = "trigger", .doc = "what set an urge off, or null"},
                 {.name = "text", .kind = Kind::text, .doc = "what happened or was not sent"},
                 {.name = "passed",
                  .kind = Kind::boolean,
                  .doc = "for an urge waited out: whether it passed; null when not asked"},
                 {.name = "by",
                  .kind = Kind::choice,
                  .doc = "for a slip: who reached out (me, them or both), or null",
                  .choices = {"me", "them", "both"}},
                 {.name = "lesson", .kind = Kind::text, .doc = "what a slip taught, or null"},
                 {.name = "removed_at",
                  .kind = Kind::utc_time,
                  .doc = "when it was removed, or null while it is shown"},
             },
         .identity = {"kind", "at", "text", "intensity"}},
    };
    return types;
}

void Store::export_records(const std::function<void(std::string_view)>& sink) {
    records::export_types(db_, record_types(), sink);
}

struct Store::ImportHooks {
    Store& store;
    db::Statement period_exists, running;
    std::set<std::string, std::less<>> periods_seen;

    explicit ImportHooks(Store& s)
        : store(s), period_exists(s.db_.prepare("SELECT 1 FROM nocontact_period WHERE uid = ?")),
          running(s.db_.prepare("SELECT start_day FROM nocontact_period WHERE ended_at IS NULL")) {}

    records::Verdict period(records::Incoming& r) {
        // Only one period runs at a time: a second running one cannot come in beside it.
        if (!r.optional_text("ended_at")) {
            bool busy = running.step();
            std::string since = busy ? running.text(0) : "";
            running.reset();
            if (busy)
                throw r.error(fmt::format("a period is already running here since {}; end it "
                                          "before importing another running one",
                                          since));
        }
        if (r.optional_text("end_reason") && !r.optional_text("ended_at"))
            throw r.error("field 'end_reason' is given, but 'ended_at' is not");
        if (dates::parse_utc(r.text("started_at")) > dates::now())
            throw r.error("field 'started_at' is in the future; a period starts once it begins");
        if (auto ended = r.optional_text("ended_at");
            ended && dates::parse_utc(*ended) < dates::parse_utc(r.text("started_at")))
            throw r.error("field 'ended_at' comes before 'started_at'");
        dates::Instant started = dates::parse_utc(r.text("started_at"));
        dates::Day utc_day = dates::add_days(
            dates::Day{1970, 1, 1}, static_cast<int>(started / 86400 - (started % 86400 < 0)));
        // A zone is at most 14 hours from UTC, and day_starts_at can move it one day back.
        if (std::abs(dates::days_between(parse_day(r.text("start_day")), utc_day)) > 1)
            throw r.error("field 'start_day' is more than a day away from 'started_at'");
        if (std::string zone = r.text("zone"); !known_zone(zone))
            throw r.error(fmt::format("field 'zone': '{}' is not a time zone known here",
                                      text::escape_controls(zone)));
        periods_seen.insert(*r.uid);
        return records::Verdict::insert;
    }

    records::Verdict event(records::Incoming& r) {
        if (auto p = r.optional_text("period"); p && !periods_seen.count(*p)) {
            period_exists.bind(1, *p);
            bool found = period_exists.step();
            period_exists.reset();
            if (!found)
                throw r.error(fmt::format("period '{}' is not stored; its \"period\" record must "
                                          "come first",
                                          text::escape_controls(*p)));
            periods_seen.insert(*p);
        }
        std::string kind = r.text("kind");
        if (kind != "urge" && r.has("passed"))
            throw r.error("field 'passed' belongs to an urge");
        if (kind == "unsent" && !r.optional_text("text"))
            throw r.error("an unsent message needs its 'text'");
        if (kind != "slip" && (r.optional_text("by") || r.optional_text("lesson")))
            throw r.error("fields 'by' and 'lesson' belong to a slip");
        if (kind != "urge" && r.has("intensity"))
            throw r.error("field 'intensity' belongs to an urge");
        return records::Verdict::insert;
    }
};

std::vector<records::Plan> Store::import_plans(ImportHooks& hooks) {
    const auto& types = record_types();
    return {
        {&types[0], [&hooks](records::Incoming& r) { return hooks.period(r); }, {}},
        {&types[1], [&hooks](records::Incoming& r) { return hooks.event(r); }, {}},
    };
}

std::unique_ptr<Store::ImportHooks, void (*)(Store::ImportHooks*)> Store::make_import_hooks() {
    return {new ImportHooks(*this), [](ImportHooks* hooks) { delete hooks; }};
}

ImportStats Store::import_records(jsonl::Reader& reader) {
    ImportHooks hooks(*this);
    auto counts = records::import_all(db_, reader, import_plans(hooks), "nocontact");
    return {counts.of("nocontact", "period"), counts.of("nocontact", "event"), counts.skipped};
}

// ---- output ------------------------------------------------------------------------------

output::Table status_table(const Status& s) {
    output::Table t;
    t.columns = {Column{"period", Shown::machine_only},
                 Column{"started", Shown::always, false, output::Fit::keep},
                 Column{"day", Shown::always, true},
                 Column{"days", Shown::always, true},
                 Column{"days_left", Shown::always, true},
                 Column{"streak", Shown::always, true},
                 Column{"streak_since", Shown::machine_only},
                 Column{"urges_today", Shown::always, true},
                 Column{"urges_7_days", Shown::always, true},
                 Column{"urges_total", Shown::machine_only},
                 Column{"slips", Shown::machine_only},
                 Column{"clean_days", Shown::machine_only},
                 Column{"longest_streak", Shown::machine_only},
                 Column{"next_milestone", Shown::always, true},
                 Column{"next_milestone_on", Shown::always, false, output::Fit::keep},
                 Column{"zone", Shown::machine_only}};
    const Milestone* next = s.next_milestone();
    t.rows.push_back({s.period.id, dates::format_day(s.period.start_day), std::int64_t{s.day},
                      std::int64_t{s.period.days}, std::int64_t{s.days_left},
                      std::int64_t{s.streak}, dates::format_day(s.streak_since), s.urges_today,
                      s.urges_week, s.urges_total, s.slips, std::int64_t{s.clean_days},
                      std::int64_t{s.longest_streak},
                      next ? Value(std::int64_t{next->days}) : Value(),
                      next ? Value(dates::format_day(next->day)) : Value(),
                      s.period.zone.empty() ? Value() : Value(s.period.zone)});
    return t;
}

output::Table history_table(const std::vector<PeriodSummary>& rows, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"period", Shown::always, true},
                 Column{"started", Shown::always, false, output::Fit::keep},
                 Column{"ended", Shown::always, false, output::Fit::keep},
                 Column{"days", Shown::always, true},
                 Column{"days_run", Shown::always, true},
                 Column{"longest_streak", Shown::always, true},
                 Column{"slips", Shown::always, true},
                 Column{"urges", Shown::always, true},
                 Column{"reason"},
                 Column{"note"},
                 Column{"end_note"}};
    for (const auto& r : rows) {
        Value ended;
        if (r.period.ended_at) {
            dates::ZoneScope zone(r.period.zone);
            ended = dates::format_day(dates::local_day(*r.period.ended_at, day_start));
        }
        t.rows.push_back(
            {r.period.id, dates::format_day(r.period.start_day), ended, std::int64_t{r.period.days},
             std::int64_t{r.days_run}, std::int64_t{r.longest_streak}, r.slips, r.urges,
             optional(r.period.end_reason), optional(r.period.note), optional(r.period.end_note)});
    }
    return t;
}

output::Table log_table(const std::vector<Event>& events, dates::DayStart day_start) {
    output::Table t;
    t.columns = {Column{"id", Shown::always, true},
                 Column{"day", Shown::always, false, output::Fit::keep},
                 Column{"at", Shown::machine_only},
                 Column{"kind", Shown::always, false, output::Fit::keep},
                 Column{"intensity", Shown::always, true},
                 Column{"trigger"},
                 Column{"text"},
                 Column{"passed"},
                 Column{"by"},
                 Column{"lesson"}};
    for (const auto& e : events)
        t.rows.push_back({e.id, dates::format_day(dates::local_day(e.at, day_start)),
                          dates::format_utc(e.at), e.kind,
                          e.intensity ? Value(*e.intensity) : Value(), optional(e.trigger),
                          optional(e.text), e.passed ? Value(*e.passed) : Value(), optional(e.by),
                          optional(e.lesson)});
    return t;
}

output::Table milestones_table(const std::vector<Milestone>& milestones) {
    output::Table t;
    t.columns = {Column{"days", Shown::always, true},
                 Column{"on", Shown::always, false, output::Fit::keep}, Column{"reached"}};
    for (const auto& m : milestones)
        t.rows.push_back({std::int64_t{m.days}, dates::format_day(m.day), m.reached});
    return t;
}

std::string ics_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == ';' || c == ',')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\r')
            continue;
        out += c;
    }
    return out;
}

std::string ics_line(std::string_view line) {
    // RFC 5545 3.1: at most 75 octets per line, continued with CRLF and one space; a fold
    // never splits a UTF-8 sequence.
    std::string out;
    std::size_t limit = 75;
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
            --cut;
        if (cut == 0)
            cut = limit; // not UTF-8 at all: cut where the octets run out
        out += line.substr(0, cut);
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = 74; // the leading space counts
    }
    out += line;
    out += "\r\n";
    return out;
}

std::string milestones_ics(const Status& s, dates::Instant now) {
    auto compact = [](const dates::Day& d) {
        return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day);
    };
    std::string stamp = dates::format_utc(now);
    stamp.erase(std::remove(stamp.begin(), stamp.end(), '-'), stamp.end());
    stamp.erase(std::remove(stamp.begin(), stamp.end(), ':'), stamp.end());
    std::string out = ics_line("BEGIN:VCALENDAR") + ics_line("VERSION:2.0") +
                      ics_line("PRODID:-//rekindle//nocontact milestones//EN") +
                      ics_line("CALSCALE:GREGORIAN");
    for (const auto& m : s.milestones) {
        if (m.reached)
            continue;
        out += ics_line("BEGIN:VEVENT");
        out += ics_line(fmt::format("UID:{}-{}d@rekindle.invalid", s.period.uid, m.days));
        out += ics_line("DTSTAMP:" + stamp);
        // A slip moves every milestone to come: the count of slips tells a calendar that
        // has the event already that this one is newer.
        out += ics_line(fmt::format("SEQUENCE:{}", s.slips));
        out += ics_line("DTSTART;VALUE=DATE:" + compact(m.day));
        out += ics_line("DTEND;VALUE=DATE:" + compact(dates::add_days(m.day, 1)));
        out += ics_line("SUMMARY:" + ics_text(fmt::format("{} {} of space", m.days,
                                                          m.days == 1 ? "day" : "days")));
        out +=
            ics_line("DESCRIPTION:" +
                     ics_text(fmt::format("{} {} without contact since {}. Whatever today brings, "
                                          "the days you kept are yours.",
                                          m.days, m.days == 1 ? "day" : "days",
                                          dates::format_day(s.streak_since))));
        out += ics_line("TRANSP:TRANSPARENT");
        out += ics_line("END:VEVENT");
    }
    out += ics_line("END:VCALENDAR");
    return out;
}

std::string urge_heatmap(const std::vector<std::pair<dates::Day, std::int64_t>>& days, bool ascii,
                         bool sunday_first) {
    if (days.empty())
        return {};
    std::int64_t most = 0;
    for (const auto& [d, n] : days)
        most = std::max(most, n);
    std::string out = chart::heatmap(days, chart::Look{ascii, false, sunday_first});
    out += fmt::format(
        "{} to {}: {}, at most {} in a day\n", dates::format_day(days.front().first),
        dates::format_day(days.back().first),
        [&] {
            std::int64_t total = 0;
            for (const auto& [d, n] : days)
                total += n;
            return fmt::format("{} {}", total, total == 1 ? "urge" : "urges");
        }(),
        most);
    return out;
}

} // namespace rekindle::nocontact

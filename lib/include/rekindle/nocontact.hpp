#pragma once
/// The nocontact tool's domain: periods of no contact, the urges resisted and the slips
/// learned from within them, unsent messages, milestones, and the day arithmetic behind
/// "day N". A period's days are counted in the time zone it was started in, so they do
/// not move when $TZ changes. It never prints.

#include "rekindle/config.hpp"
#include "rekindle/dates.hpp"
#include "rekindle/db.hpp"
#include "rekindle/jsonl.hpp"
#include "rekindle/output.hpp"
#include "rekindle/records.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rekindle::nocontact {

/// The `[nocontact]` settings.
struct Settings {
    int days = 30; ///< a new period's length
    std::vector<int> milestones{1, 3, 7, 14, 21, 30, 60, 90};
    bool reset_streak_on_slip = true;
};

/// Reads `[nocontact]`; ConfigError (78) with `path:line:column` for a bad value.
Settings load_settings(const config::Config& config);

/// One period of no contact.
struct Period {
    std::int64_t id = 0;
    std::string uid;
    dates::Day start_day;
    dates::Instant started_at = 0;
    int days = 30;
    std::string zone; ///< the time zone its days are counted in ("" for the system's)
    std::optional<std::string> note;
    std::optional<dates::Instant> ended_at;
    std::optional<std::string> end_reason;
    std::optional<std::string> end_note;
    std::int64_t urges = 0; ///< urges resisted in it (not removed)
};

/// One urge, slip or unsent message.
struct Event {
    std::int64_t id = 0;
    std::optional<std::string> period; ///< the uid of the period it happened in
    std::string kind;                  ///< urge, slip or unsent
    dates::Instant at = 0;
    std::optional<std::int64_t> intensity;
    std::optional<std::string> trigger;
    std::optional<std::string> text;
    std::optional<bool> passed; ///< an urge waited out: whether it passed
    std::optional<std::string> by;
    std::optional<std::string> lesson;
};

/// A milestone of the current streak.
struct Milestone {
    int days = 0;
    dates::Day day; ///< the day it is (or was) reached
    bool reached = false;
};

/// Where a period stands today.
struct Status {
    Period period;
    dates::Day today;
    int day = 1;       ///< the start day is day 1
    int days_left = 0; ///< length minus day, never below 0
    int streak = 0;    ///< whole days since the start or the last slip
    dates::Day streak_since;
    std::int64_t urges_today = 0;
    std::int64_t urges_week = 0; ///< today and the six days before
    std::int64_t urges_total = 0;
    std::int64_t slips = 0;
    int clean_days = 0; ///< days of the period so far without a slip
    int longest_streak = 0;
    std::vector<Milestone> milestones;
    [[nodiscard]] const Milestone* next_milestone() const;
};

/// One row of `history`.
struct PeriodSummary {
    Period period;
    int days_run = 0; ///< days from its start to its end (or today)
    int longest_streak = 0;
    std::int64_t slips = 0;
    std::int64_t urges = 0;
};

/// What a new urge, slip or unsent message holds.
struct NewEvent {
    std::string kind;
    std::optional<dates::Instant> at;
    std::optional<std::int64_t> intensity;
    std::optional<std::string> trigger;
    std::optional<std::string> text;
    std::optional<std::string> by;
    std::optional<std::string> lesson;
};

/// What an import did.
struct ImportStats {
    int periods = 0, events = 0, skipped = 0;
};

// ---- day arithmetic (pure) ------------------------------------------------------------

/// The day number of `today` in a period that started on `start` (the start day is 1).
int day_number(const dates::Day& start, const dates::Day& today);
/// The milestones of a streak that began on `since`, as of `today`.
std::vector<Milestone> milestones_of(const std::vector<int>& days, const dates::Day& since,
                                     const dates::Day& today);
/// The longest run of whole days without a slip, from `start` to `today`, given the days of
/// the slips (in any order).
int longest_streak(const dates::Day& start, const dates::Day& today,
                   std::vector<dates::Day> slip_days);

/// Periods and events over one database. Writers run each call as one transaction.
class Store {
  public:
    Store(db::Database& db, Settings settings, dates::DayStart day_start);

    /// Starts a period; ConflictError (1) naming the running one when there is one.
    Period start(std::optional<int> days, dates::Instant at,
                 const std::optional<std::string>& note);
    /// The running period, if any.
    std::optional<Period> active();
    /// Where the running period stands at `now`; nothing when none is running.
    std::optional<Status> status(dates::Instant now);
    /// Where the period that was running at `at` stood then (the newest one started by
    /// then, if it had not yet ended), whether or not it runs now.
    std::optional<Status> status_at(dates::Instant at);
    /// Records an urge, slip or unsent message; returns its id.
    std::int64_t record(const NewEvent& event);
    /// Records whether an urge waited out passed.
    void set_passed(std::int64_t id, bool passed);
    /// Ends the running period; ConflictError (1) when none is running.
    Period end(const std::string& reason, const std::optional<std::string>& note,
               dates::Instant at);
    std::vector<PeriodSummary> history(dates::Instant now);
    /// Events, oldest first, within [since, until] and of one kind when given.
    std::vector<Event> log(std::optional<dates::Instant> since, std::optional<dates::Instant> until,
                           const std::optional<std::string>& kind);
    Event event(std::int64_t id);
    /// Events of one kind (not removed) within [since, until], oldest first, through the
    /// (kind, at) index.
    std::vector<Event> events(std::string_view kind, dates::Instant since, dates::Instant until);
    /// How many events of one kind (not removed) lie within [since, until].
    std::int64_t count(std::string_view kind, dates::Instant since, dates::Instant until);
    /// Hides an event (it stays in export); UsageError when there is none.
    void remove(std::int64_t id);
    /// Urges per day of the running period (or the last `days` days), oldest first.
    std::vector<std::pair<dates::Day, std::int64_t>> urges_per_day(dates::Instant now, int days);

    void export_records(const std::function<void(std::string_view)>& sink);
    ImportStats import_records(jsonl::Reader& reader);
    struct ImportHooks;
    std::vector<records::Plan> import_plans(ImportHooks& hooks);
    std::unique_ptr<ImportHooks, void (*)(ImportHooks*)> make_import_hooks();

  private:
    db::Database& db_;
    Settings settings_;
    dates::DayStart day_start_;
    Status status_of(const Period& p, dates::Instant now);
};

/// The record types nocontact keeps, in export order: period, event.
const std::vector<records::RecordType>& record_types();

// ---- output --------------------------------------------------------------------------

output::Table status_table(const Status& s);
output::Table history_table(const std::vector<PeriodSummary>& rows, dates::DayStart day_start);
output::Table log_table(const std::vector<Event>& events, dates::DayStart day_start);
output::Table milestones_table(const std::vector<Milestone>& milestones);
/// An iCalendar file (RFC 5545) with one all-day event per upcoming milestone: CRLF line
/// ends, lines folded at 75 octets, a UID and DTSTAMP on each event.
std::string milestones_ics(const Status& s, dates::Instant now);
/// Folds one content line at 75 octets (never inside a UTF-8 sequence), CRLF-terminated.
std::string ics_line(std::string_view line);
/// Escapes TEXT for iCalendar: backslash, semicolon, comma and newline.
std::string ics_text(std::string_view text);
/// A calendar heatmap of urges per day: weeks as columns, weekdays as rows (Monday first,
/// or Sunday when `sunday_first`), in Unicode shades or, when `ascii`, in plain characters.
std::string urge_heatmap(const std::vector<std::pair<dates::Day, std::int64_t>>& days, bool ascii,
                         bool sunday_first);

} // namespace rekindle::nocontact

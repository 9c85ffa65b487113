#pragma once
/// The selfcare tool's domain: activities in categories (shipped, from the config, or the
/// person's own), the log of what was done, mood check-ins, weekly goals, streaks, reports,
/// and the import of a Daylio history. Days are the person's local days, fixed when an
/// entry is written. It never prints.

#include "rekindle/config.hpp"
#include "rekindle/dates.hpp"
#include "rekindle/db.hpp"
#include "rekindle/jsonl.hpp"
#include "rekindle/output.hpp"
#include "rekindle/records.hpp"

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rekindle::selfcare {

/// Where an activity was defined.
enum class Origin { shipped, config, mine };
std::string_view origin_name(Origin origin);

struct Activity {
    std::string name; ///< as shown and stored, e.g. "balanced meal"
    std::string category;
    std::vector<std::string> aliases;
    Origin origin = Origin::shipped;
};

/// A weekly goal from `[[selfcare.goal]]`: one activity or one category, counted in
/// entries (`per_week`) or in minutes (`minutes_per_week`).
struct Goal {
    std::optional<std::string> activity;
    std::optional<std::string> category;
    std::int64_t target = 0;
    bool minutes = false; ///< the target is minutes, not entries
    std::string place;    ///< `file:line:column` of its definition
    [[nodiscard]] std::string label() const;
};

struct Category {
    std::string name;
    std::string description;
};

/// The `[selfcare]` settings and the activity catalogue from TOML.
struct Settings {
    std::vector<Activity> activities; ///< shipped, then the config's
    std::vector<Category> categories; ///< shipped, then the config's
    std::vector<Goal> goals;
    double low_mood_threshold = 4; ///< a 7-day average at or below it brings the notice
    bool low_mood_notice = true;
    int rest_days_per_week = 0; ///< days a week a streak may rest without breaking
    bool sunday_first = false;  ///< the top-level week_starts
    std::string daylio_category = "imported";
    /// Daylio mood labels (folded, trimmed) and their 1-10 numbers, defaults first.
    std::vector<std::pair<std::string, std::int64_t>> daylio_moods;
};

/// Reads the shipped activities (`activities.toml`) and `[selfcare]`. Throws ConfigError
/// (78) with `path:line:column` for a bad value, naming a close match where there is one.
Settings load_settings(const std::string& shipped_path, const config::Config& config);

/// A name as activities are matched: case folded, white space left out.
std::string match_key(std::string_view name);

/// One entry of the log, or a mood check-in (no activity).
struct Entry {
    std::int64_t id = 0;
    std::string uid;
    std::optional<std::string> activity;
    std::optional<std::string> category;
    dates::Instant at = 0;
    dates::Day day;
    std::optional<std::int64_t> minutes;
    std::optional<std::int64_t> mood;
    std::optional<std::string> text;
    std::vector<std::string> tags;
};

/// What `log` or `mood` writes.
struct NewEntry {
    std::optional<std::string> activity;     ///< as typed; none for a mood check-in
    std::optional<std::string> new_category; ///< with --new: the activity is added to it
    dates::Instant at = 0;
    std::optional<std::int64_t> minutes;
    std::optional<std::int64_t> mood;
    std::optional<std::string> text;
    std::vector<std::string> tags;
};

struct ListQuery {
    std::optional<dates::Day> since, until;
    std::optional<std::string> category;
    std::optional<std::string> activity;
    std::optional<std::string> tag;
    std::int64_t limit = 0; ///< the newest `limit` (0: all), still shown oldest first
};

/// An activity with how often and how recently it was done.
struct ActivityUse {
    Activity activity;
    std::int64_t entries = 0;
    std::int64_t minutes = 0;
    std::optional<dates::Day> last_day;
};

/// What `streak` looks at: everything, one activity, or one category.
struct Scope {
    enum class Kind { all, activity, category };
    Kind kind = Kind::all;
    std::string name;
    [[nodiscard]] std::string key() const; ///< "", "a:NAME" or "c:NAME"
};

/// Runs of days with at least one entry.
struct Streak {
    int current = 0; ///< days from its first to its last active day; 0 when broken
    std::optional<dates::Day> current_since;
    int current_active = 0; ///< days with an entry in the current run
    int longest = 0;
    std::optional<dates::Day> longest_since, longest_until;
    int active_days = 0; ///< days with an entry, in all
    std::optional<dates::Day> last_day;
};

/// The runs in `days` (sorted, distinct) as of `today`. A run may rest up to `rest_days`
/// days in each week (weeks start on Sunday when `sunday_first`) without breaking; today
/// itself never breaks it, since it is not over.
Streak streak_of(const std::vector<dates::Day>& days, const dates::Day& today, int rest_days,
                 bool sunday_first);

/// The first day of the week holding `d`.
dates::Day week_start(const dates::Day& d, bool sunday_first);

struct GoalProgress {
    Goal goal;
    std::int64_t done = 0;
    std::int64_t target = 0;
    int percent = 0; ///< of the target, capped at 999
    dates::Day week; ///< the first day of the week it counts
    [[nodiscard]] bool met() const { return done >= target; }
};

/// Progress of each goal between `from` and `to` (a week), from the entries per day.
struct Total {
    std::string name;
    std::string category;
    std::int64_t entries = 0;
    std::int64_t minutes = 0;
};

/// Everything `report` shows for the days `from` to `to`.
struct Report {
    dates::Day from, to;
    int days = 0;
    int active_days = 0;
    std::int64_t entries = 0;
    std::int64_t minutes = 0;
    std::vector<Total> categories; ///< most minutes first, then most entries
    std::vector<Total> activities;
    int goal_weeks = 0; ///< goals times the weeks that start in the period
    int goals_met = 0;
    std::int64_t mood_readings = 0;
    std::optional<double> mood_average;
    std::optional<double> mood_trend; ///< change in mood per week (least squares)
    /// Check-ins on days with self-care and on days without, and how many days each rests on.
    std::optional<double> mood_with, mood_without;
    int days_with = 0, days_without = 0;
    std::vector<std::pair<dates::Day, std::int64_t>> per_day;       ///< entries, every day
    std::vector<std::pair<dates::Day, std::optional<double>>> mood; ///< average, every day
};

/// The slope of `values` against their positions (least squares); none under two points.
std::optional<double> trend_of(const std::vector<std::pair<double, double>>& points);

/// The recent mood: readings of today and the six days before, and their average.
struct RecentMood {
    std::int64_t readings = 0;
    std::optional<double> average;
};

/// One row of a Daylio export, read and checked.
struct DaylioRow {
    std::size_t line = 0; ///< where the row starts in the file
    dates::Day day;
    int hour = 0, minute = 0;
    std::string mood_label;
    std::int64_t mood = 0;
    std::vector<std::string> activities;
    std::optional<std::string> note;
};

/// Reads a Daylio CSV export (`full_date,date,weekday,time,mood,activities[,note_title],note`).
/// Throws DataError (65) naming `FILE:LINE` for a malformed row, a bad date or time, or a
/// mood label `moods` does not map.
std::vector<DaylioRow> read_daylio(std::istream& in, const std::string& name,
                                   const std::vector<std::pair<std::string, std::int64_t>>& moods);

/// "6:50 pm", "12:05 AM" or "14:58" as hour and minute; nothing when it is none of those.
std::optional<std::pair<int, int>> daylio_time(std::string_view text);

/// What an import did.
struct ImportStats {
    int activities = 0, entries = 0, skipped = 0;
};

/// The log over one database. Writers run each call as one transaction.
class Store {
  public:
    Store(db::Database& db, Settings settings, dates::DayStart day_start);

    /// Every activity: the catalogue's, then the person's own (stored).
    std::vector<Activity> catalog();
    /// The activity `name` names (by name or alias, case and spaces ignored); UsageError (2)
    /// with a did-you-mean when there is none.
    Activity resolve(std::string_view name);
    /// The category `name` names (case and spaces ignored); UsageError (2) with a
    /// did-you-mean when there is none.
    std::string resolve_category(std::string_view name);
    /// The categories there are: the catalogue's, the config's, then those only the
    /// person's own activities use, each with how many activities it holds.
    std::vector<std::pair<Category, std::int64_t>> categories();

    /// Logs an activity or a mood check-in; returns its id.
    std::int64_t add(const NewEntry& entry);
    std::vector<Entry> list(const ListQuery& query);
    Entry entry(std::int64_t id);
    /// Hides an entry (it stays in export); UsageError when there is none.
    void remove(std::int64_t id);

    std::vector<ActivityUse> activities();
    Streak streak(const Scope& scope, const dates::Day& today);
    /// Each goal's progress in the week holding `today`.
    std::vector<GoalProgress> goals(const dates::Day& today);
    /// Entries (and minutes) of `scope` on `day`.
    std::int64_t entries_on(const Scope& scope, const dates::Day& from, const dates::Day& to);
    RecentMood recent_mood(const dates::Day& today);
    /// The average mood of each day from `from` to `to` that has a reading (with an
    /// activity or not), oldest first.
    std::vector<std::pair<dates::Day, double>> mood_by_day(const dates::Day& from,
                                                           const dates::Day& to);
    /// The day of the newest entry (activity or check-in), if there is one.
    std::optional<dates::Day> last_day();
    Report report(const dates::Day& from, const dates::Day& to);

    void export_records(const std::function<void(std::string_view)>& sink);
    ImportStats import_records(jsonl::Reader& reader);
    /// Brings a Daylio history in: each row a mood check-in with its note, and one entry per
    /// activity; activities not known are added to `daylio_category`. All or nothing;
    /// importing the same file twice adds nothing.
    ImportStats import_daylio(std::istream& in, const std::string& name);

    struct ImportHooks;
    std::vector<records::Plan> import_plans(ImportHooks& hooks);
    std::unique_ptr<ImportHooks, void (*)(ImportHooks*)> make_import_hooks();
    [[nodiscard]] const Settings& settings() const { return settings_; }

  private:
    db::Database& db_;
    Settings settings_;
    dates::DayStart day_start_;
    struct DayCount {
        dates::Day day;
        std::int64_t entries = 0, minutes = 0;
    };
    /// Entries and minutes per day of `scope` within [from, to], from the day summary.
    std::vector<DayCount> days_of(const Scope& scope, const std::optional<dates::Day>& from,
                                  const std::optional<dates::Day>& to);
    /// Brings the day summary up to the newest entry (inside a write transaction).
    void catch_up();
    void count_in(const std::optional<std::string>& activity,
                  const std::optional<std::string>& category, const std::string& day,
                  std::int64_t entries, std::int64_t minutes);
    std::optional<Activity> find(std::string_view name);
    /// Each goal with what it counts; ConfigError naming its place when that is not defined.
    std::vector<std::pair<Goal, Scope>> goal_scopes();
    /// The activities and the match keys of their names and aliases, read once.
    struct Catalog {
        std::vector<Activity> all;
        std::map<std::string, std::size_t> names;
    };
    std::optional<Catalog> catalog_;
    const Catalog& loaded_catalog();
    /// A read transaction for what reads the summary and the rows after it, unless one is
    /// open already.
    std::unique_ptr<db::Transaction> read_snapshot();
};

/// The record types selfcare keeps, in export order: activity, entry.
const std::vector<records::RecordType>& record_types();

// ---- output --------------------------------------------------------------------------

output::Table list_table(const std::vector<Entry>& entries);
output::Table activities_table(const std::vector<ActivityUse>& uses);
output::Table streak_table(const Streak& s, const Scope& scope);
/// Goals with a bar column shown only in the human table.
output::Table goals_table(const std::vector<GoalProgress>& goals);
/// The report as rows (section, name, entries, minutes, value), for tsv, csv and jsonl.
output::Table report_table(const Report& r);
/// The report as one JSON object, the same numbers with no drawing.
std::string report_json(const Report& r);

} // namespace rekindle::selfcare

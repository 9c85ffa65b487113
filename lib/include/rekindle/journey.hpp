#pragma once
/// The view across the five tools: `rekindle status` (where each part of the journey stands
/// today) and `rekindle review` (a week or a month looked back on, against the one before,
/// with the links between areas that only one database can show). It reads through each
/// tool's own Store and never writes or prints.

#include "rekindle/checklist.hpp"
#include "rekindle/config.hpp"
#include "rekindle/dates.hpp"
#include "rekindle/db.hpp"
#include "rekindle/nocontact.hpp"
#include "rekindle/output.hpp"
#include "rekindle/reflect.hpp"
#include "rekindle/selfcare.hpp"
#include "rekindle/signals.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rekindle::journey {

/// What the view needs besides the database: shipped content, config, and the day rules.
struct Sources {
    std::string share_dir;
    const config::Config* config = nullptr;
    dates::DayStart day_start = 0;
};

// ---- status ------------------------------------------------------------------------------

/// The no-contact part of `status`.
struct NoContactStatus {
    std::optional<nocontact::Status> running; ///< the running period, if one is
    std::optional<dates::Day> last_ended;     ///< when none runs: the day the last one ended
    std::int64_t urges_recent = 0;            ///< urges of the last 7 days (today included)
    std::int64_t urges_before = 0;            ///< urges of the 7 days before those
};

/// The self-care part of `status`.
struct SelfcareStatus {
    bool any = false;                          ///< anything logged ever
    std::int64_t entries_recent = 0;           ///< activities of the last 7 days
    std::vector<selfcare::GoalProgress> goals; ///< this calendar week's
    std::int64_t mood_readings = 0;            ///< of the last 7 days
    std::optional<double> mood_average;        ///< of the last 7 days
    std::optional<double> mood_trend;          ///< change per week over the last 28 days
    bool low_mood = false; ///< the average is at or below the threshold (and the
                           ///< notice is on)
    [[nodiscard]] int goals_met() const;
};

/// The checklist part of `status`.
struct ChecklistStatus {
    int done = 0, total = 0, lists = 0;
    std::optional<std::string> next_list; ///< the first shipped list not yet complete
};

/// The reflection part of `status`.
struct ReflectStatus {
    std::int64_t entries_recent = 0;    ///< of the last 7 days
    std::optional<dates::Day> last;     ///< the day of the newest entry
    std::vector<std::string> untouched; ///< themes with no entry yet (incident aside)
};

/// The whole of `status`, as of `today`.
struct Status {
    dates::Day today;
    NoContactStatus nocontact;
    SelfcareStatus selfcare;
    ChecklistStatus checklist;
    ReflectStatus reflect;
    signals::Score signals; ///< `signals == 0`: nothing in the window
};

/// Where every part stands at `now`. Reads only.
Status status(db::Database& db, const Sources& sources, dates::Instant now);

// ---- review ------------------------------------------------------------------------------

enum class Span { week, month };

/// The first and last day of the week or month holding `day`.
std::pair<dates::Day, dates::Day> period_of(Span span, const dates::Day& day, bool sunday_first);

/// A comparison across areas: the average of something on one group of days against
/// another, and how many days each rests on. Left out when either group is too small.
struct Link {
    std::string id;          ///< "mood_selfcare", "urges_selfcare", "urges_contact", ...
    std::string what;        ///< "mood", "urges a day"
    std::string with, other; ///< what the two groups of days are
    double with_value = 0, other_value = 0;
    int with_days = 0, other_days = 0;
};

/// Days each side of a link needs before it is shown.
inline constexpr int link_min_days = 3;
/// How many days after contact count as "the days after contact".
inline constexpr int days_after_contact = 3;

/// One checklist item ticked in the period.
struct Ticked {
    std::string list_title;
    std::string item_title;
    dates::Instant at = 0;
    std::optional<std::string> note;
};

/// A period looked back on.
struct Review {
    Span span = Span::week;
    dates::DayStart day_start = 0;     ///< for the days of the times below
    dates::Day from, to;               ///< the whole period
    dates::Day until;                  ///< its last day so far (today when it is not over)
    dates::Day before_from, before_to; ///< the period before

    struct NoContact {
        std::optional<nocontact::Status> at_end; ///< the period running at its last day
        std::vector<nocontact::Period> ended;    ///< periods that ended within it
        std::int64_t urges = 0, urges_before = 0;
        std::int64_t urges_passed = 0;   ///< urges waited out that passed
        std::optional<double> intensity; ///< average intensity of its urges
        std::vector<std::pair<std::string, std::int64_t>> triggers; ///< most frequent first
        std::vector<nocontact::Event> slips;                        ///< with what was learned
        std::int64_t slips_before = 0;
        std::int64_t unsent = 0;
    } nocontact;

    selfcare::Report selfcare, selfcare_before;

    struct Checklist {
        std::vector<Ticked> ticked;
        int done = 0, total = 0; ///< now
    } checklist;

    struct Reflect {
        std::vector<reflect::Summary> entries; ///< oldest first
        std::int64_t entries_before = 0;
        std::vector<std::pair<std::string, std::int64_t>> themes; ///< touched in the period
        std::vector<reflect::Entry> full;                         ///< whole entries, with --full
    } reflect;

    struct Signals {
        std::int64_t logged = 0, logged_before = 0;
        signals::Score at_end, before_end;
    } signals;

    std::vector<Link> links;
    bool low_mood = false; ///< the period's mood average is at or below the threshold
};

/// The review of the period of `span` holding `day`, as of `now`. `full` reads each
/// reflection whole. Reads only.
Review review(db::Database& db, const Sources& sources, Span span, const dates::Day& day,
              dates::Instant now, bool full);

// ---- output ------------------------------------------------------------------------------

/// `status` for a person: one screen, a line or two per part, wrapped at spaces to `width`
/// columns (0: no limit).
std::string status_text(const Status& s, bool color, std::size_t width = 0);
/// `status --short`: one line, for a prompt or a status bar.
std::string status_line(const Status& s);
/// `status --format tsv` (and csv): one row per figure, named "part.field".
output::Table status_table(const Status& s);
/// `status --format json`: every figure as a field, one object per part.
std::string status_json(const Status& s);
/// `review`: the period as a Markdown document.
std::string review_markdown(const Review& r);
/// `review --format json`: the same data.
std::string review_json(const Review& r);

} // namespace rekindle::journey

#pragma once
/// The signals tool's domain: signs from the other person, both toward and away, and an
/// honest reading of them in which each sign fades with its age and words count fully only
/// in so far as actions back them up. It never promises an outcome, and it never prints.

#include "rekindle/config.hpp"
#include "rekindle/dates.hpp"
#include "rekindle/db.hpp"
#include "rekindle/jsonl.hpp"
#include "rekindle/output.hpp"
#include "rekindle/records.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::signals {

/// One kind of signal: shipped in signals.toml or added in `[[signals.kind]]`.
struct Kind {
    std::string id;
    std::string description;
    bool toward = true;  ///< toward (open to trying again) or away
    bool action = false; ///< something done, or (false) something said
    double weight = 1.0; ///< how much one signal of strength 1 counts, when new
    bool final = false;  ///< a clear "no" (says-its-over): the reading leads with respect
    bool shipped = true;
};

/// The reading's constants, all configurable in `[signals]`.
struct Rule {
    double half_life_days = 14;   ///< a signal counts half as much after this many days
    int window_days = 90;         ///< signals older than this are not read at all
    double unbacked_words = 0.25; ///< the share of toward words that counts without actions
    int low_confidence_below = 5; ///< fewer signals than this in the window: confidence low
    double clear_at = 1.0;        ///< a balance at or beyond ±this leans one way
};

struct Settings {
    std::vector<Kind> kinds;
    Rule rule;
    bool sunday_first = false; ///< the top-level week_starts, for trend's weeks
};

/// Reads the shipped kinds and `[signals]`. Throws ConfigError (78) with
/// `path:line:column` for a bad value.
Settings load_settings(const std::string& shipped_path, const config::Config& config);

/// A signal as stored.
struct Signal {
    std::int64_t id = 0;
    std::string uid;
    std::string kind;
    dates::Instant at = 0;
    dates::Day day;
    std::int64_t strength = 2;
    std::optional<std::string> text;
};

/// Signals of one kind on one day, as the reading sees them.
struct DayKind {
    dates::Day day;
    std::string kind;
    std::int64_t strength = 0; ///< the sum of their strengths
    std::int64_t signals = 0;
};

/// The reading on one day.
struct Score {
    dates::Day date;
    int window_days = 0;
    std::int64_t signals = 0; ///< in the window
    double words = 0;         ///< W: toward words minus away words, each decayed
    double actions = 0;       ///< A: the same for actions
    double words_toward = 0;  ///< W+: the toward part of the words
    double backed = 0;        ///< the part of W+ that actions back: min(max(A, 0), W+)
    double overall = 0;
    std::string confidence;    ///< "low" or "moderate" (never more: no reading is certain)
    std::string lean;          ///< "toward", "away" or "unclear"
    bool final_recent = false; ///< a clear "no" within one half-life
    std::string summary;       ///< the plain-language line
};

/// One day's signals, summed per part before any decay (sign x weight x strength).
struct DayTotal {
    dates::Day day;
    double words_toward = 0, words_away = 0, actions = 0;
    std::int64_t signals = 0;
    bool final = false; ///< a clear "no" among them
};

/// Sums `days` per day with the weights of `kinds`, oldest first; unknown kinds drop out.
std::vector<DayTotal> totals_of(const std::vector<DayKind>& days, const std::vector<Kind>& kinds);

/// The reading on `date` from day totals sorted oldest first.
Score score_from(const std::vector<DayTotal>& totals, const dates::Day& date, const Rule& rule);

/// The reading of `days` (the signals of the window) on `date`: the rule of the man page.
/// Each signal counts sign x weight x strength x 0.5^(age / half-life), age in whole days;
/// overall = A + W- + backed + unbacked_words x (W+ - backed).
Score score_of(const std::vector<DayKind>& days, const dates::Day& date,
               const std::vector<Kind>& kinds, const Rule& rule);

struct ListQuery {
    std::optional<dates::Day> since;
    std::optional<bool> toward;
    std::optional<bool> action;
};

struct ImportStats {
    int signals = 0, skipped = 0;
};

class Store {
  public:
    Store(db::Database& db, Settings settings, dates::DayStart day_start);

    /// The kind `id` names; UsageError (2) with a did-you-mean when there is none.
    const Kind& kind(std::string_view id) const;
    /// Records a signal; returns its id.
    std::int64_t log(std::string_view kind, dates::Instant at, std::int64_t strength,
                     const std::optional<std::string>& text);
    std::vector<Signal> list(const ListQuery& query);
    Signal signal(std::int64_t id);
    void remove(std::int64_t id);
    /// The reading on `date`, over the `window_days` before it (the rule's when not given).
    Score score(const dates::Day& date, std::optional<int> window_days = std::nullopt);
    /// The reading at the end of each of the last `weeks` weeks (the current one as of
    /// `today`), oldest first.
    std::vector<std::pair<dates::Day, Score>> trend(const dates::Day& today, int weeks,
                                                    bool sunday_first);

    void export_records(const std::function<void(std::string_view)>& sink);
    ImportStats import_records(jsonl::Reader& reader);
    struct ImportHooks;
    std::vector<records::Plan> import_plans(ImportHooks& hooks);
    std::unique_ptr<ImportHooks, void (*)(ImportHooks*)> make_import_hooks();
    [[nodiscard]] const Settings& settings() const { return settings_; }

  private:
    db::Database& db_;
    Settings settings_;
    dates::DayStart day_start_;
    std::vector<DayKind> days_between(const dates::Day& from, const dates::Day& to);
};

/// The record types signals keeps: signal.
const std::vector<records::RecordType>& record_types();

output::Table list_table(const std::vector<Signal>& signals, const std::vector<Kind>& kinds);
output::Table kinds_table(const std::vector<Kind>& kinds);
output::Table score_table(const Score& s);
output::Table trend_table(const std::vector<std::pair<dates::Day, Score>>& weeks);

} // namespace rekindle::signals

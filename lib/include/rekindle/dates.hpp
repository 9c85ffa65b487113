#pragma once
/// Human dates and local days. Instants are seconds since the epoch (UTC); days are the
/// person's local days in `$TZ`, shifted by `day_starts_at` so that a late-night entry can
/// count for the day before.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rekindle::dates {

/// Seconds since 1970-01-01T00:00:00Z.
using Instant = std::int64_t;

/// The instants parse() gives: 0001-01-01T00:00:00Z ..= 9999-12-31T23:59:59Z. It also
/// refuses an instant whose year on the local clock falls outside 0001..9999.
inline constexpr Instant earliest = -62135596800;
inline constexpr Instant latest = 253402300799;
/// The instants the stored form holds: every four-digit year, 0000-01-01T00:00:00Z ..=
/// 9999-12-31T23:59:59Z (year 0000 so that times stored before years were checked stay
/// readable).
inline constexpr Instant earliest_stored = -62167219200;

/// A calendar day, proleptic Gregorian.
struct Day {
    int year = 1970;
    int month = 1; ///< 1..12
    int day = 1;   ///< 1..31
    auto operator<=>(const Day&) const = default;
};

/// Minutes after local midnight at which a new day begins (0..1439), e.g. 240 for "04:00".
using DayStart = int;

/// Parses "HH:MM" (00:00..23:59) into minutes; throws UsageError naming `what` otherwise.
DayStart parse_day_start(std::string_view hh_mm, std::string_view what = "day_starts_at");

/// The current instant, or `$REKINDLE_NOW` (an ISO-8601 UTC time in earliest..latest) when
/// set, so tests and demos can fix the clock; throws DataError when it is not one.
Instant now();

/// The person's day that `t` falls on: local date of `t` minus `day_start` minutes.
Day local_day(Instant t, DayStart day_start = 0);

/// The instant of local `hour:minute` on `d`. When the clocks go back over it, the first
/// time the clock shows it; when they go forward over it, that time moved forward by the
/// length of the skip (01:30 on a night that jumps from 01:00 to 02:00 is 02:30).
Instant local_time(const Day& d, int hour, int minute);

/// `d` moved by `n` days (negative goes back).
Day add_days(const Day& d, int n);

/// Whole days from `a` to `b` (negative when `b` comes first).
int days_between(const Day& a, const Day& b);

/// The time zone local days are counted in now: $TZ, or "" for the system's own.
std::string current_zone();

/// Counts local days and times in `zone` ("" for the system's own) while it lives, then
/// puts back the zone that was in effect. Not for use across threads.
class ZoneScope {
  public:
    explicit ZoneScope(const std::string& zone);
    ZoneScope(const ZoneScope&) = delete;
    ZoneScope& operator=(const ZoneScope&) = delete;
    ~ZoneScope();

  private:
    std::string saved_;
    bool had_ = false;
};

/// 0 = Monday .. 6 = Sunday.
int weekday(const Day& d);

/// "YYYY-MM-DD".
std::string format_day(const Day& d);

/// The day "YYYY-MM-DD" names (the stored form, years 0000..9999), or nothing when it is not
/// one: the exact inverse of format_day, without going through an instant.
std::optional<Day> parse_day(std::string_view text);

/// "YYYY-MM-DDTHH:MM:SSZ", which parse_utc reads back to `t`; throws DataError when `t` is
/// outside earliest_stored..latest, rather than write a time that could not be read back.
std::string format_utc(Instant t);

/// `t` in the stored form, first moved within earliest_stored..latest: a bound of a range of
/// stored times, which a time beyond the stored ones bounds as well as the last of them.
std::string format_utc_bound(Instant t);

/// Parses "YYYY-MM-DDTHH:MM:SSZ" (the stored form), with seconds 00..59 (no leap second);
/// throws DataError on anything else.
Instant parse_utc(std::string_view iso);

/// Parses the date grammar of DESIGN.md relative to `now`:
/// `now`, `today`, `yesterday`, `N days ago`, `-Nd`, a weekday name (the most recent
/// one, today included), `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `HH:MM` (the most recent time the
/// clock showed it). `now` and `today` give `now` itself; a day without a time gives the
/// middle of that day (its noon when days start at midnight), so it stays on that day
/// whatever `day_starts_at` is; today, named any way, is `now`, never a moment to come.
///
/// When the clocks change (the man page says the same):
/// When the clocks go back and a time of day comes round twice, 01:30 alone means the most
/// recent of the two that has passed (yesterday's when neither has yet), and a full date
/// and time such as 2026-10-25T01:30 means the first of the two, refused as in the future
/// when even that is still to come. When the clocks go forward
/// and skip a time, that time is moved forward by the length of the skip: 01:30 on a night
/// that jumps from 01:00 to 02:00 means 02:30.
///
/// Every instant it returns lies in earliest..latest with a local year of 0001..9999, so
/// format_utc writes it and parse_utc reads it back unchanged; a date outside that range
/// throws UsageError, as does anything else it cannot read (with a hint).
Instant parse(std::string_view text, Instant now, DayStart day_start = 0);

} // namespace rekindle::dates

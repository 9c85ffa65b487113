#include "rekindle/dates.hpp"

#include "rekindle/error.hpp"
#include "rekindle/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <optional>
#include <vector>

namespace rekindle::dates {
namespace {

// Howard Hinnant's days-from-civil: days since 1970-01-01 for a proleptic Gregorian date.
constexpr std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = static_cast<unsigned>((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr std::int64_t seconds_per_day = 86400;
static_assert(earliest == days_from_civil(1, 1, 1) * seconds_per_day);
static_assert(latest == days_from_civil(9999, 12, 31) * seconds_per_day + seconds_per_day - 1);
static_assert(earliest_stored == days_from_civil(0, 1, 1) * seconds_per_day);

constexpr bool keepable_year(int year) {
    return year >= 1 && year <= 9999;
}

Day civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Day{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[static_cast<std::size_t>(m - 1)];
}

// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width) {
    if (pos + width > s.size())
        return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return std::nullopt;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

std::optional<Day> try_day(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return std::nullopt;
    auto y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
    if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return std::nullopt;
    return Day{*y, *m, *d};
}

// "HH:MM" -> minutes after midnight.
std::optional<int> try_clock(std::string_view s) {
    if (s.size() != 5 || s[2] != ':')
        return std::nullopt;
    auto h = digits(s, 0, 2), m = digits(s, 3, 2);
    if (!h || !m || *h > 23 || *m > 59)
        return std::nullopt;
    return *h * 60 + *m;
}

std::optional<int> try_weekday(std::string_view word) {
    static constexpr std::array<std::string_view, 7> names{
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (word == names[i] || (word.size() == 3 && names[i].substr(0, 3) == word))
            return static_cast<int>(i);
    return std::nullopt;
}

std::optional<int> try_count(std::string_view s) {
    int n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || n < 0 || n > 4'000'000)
        return std::nullopt;
    return n;
}

[[noreturn]] void out_of_range(std::string_view raw) {
    throw UsageError(fmt::format("'{}' is outside the dates I can keep: the years 0001 to 9999, "
                                 "both on the local clock and in UTC",
                                 raw));
}

// The clock on the wall at `t`, or nothing when the C library cannot tell.
std::optional<std::tm> local_clock(Instant t) {
    auto tt = static_cast<std::time_t>(t);
    std::tm tm{};
    if (!localtime_r(&tt, &tm))
        return std::nullopt;
    return tm;
}

std::optional<int> local_year(Instant t) {
    auto tm = local_clock(t);
    return tm ? std::optional<int>(tm->tm_year + 1900) : std::nullopt;
}

// How far the wall clock is ahead of UTC at `t`, in seconds.
std::int64_t offset_at(Instant t) {
    auto tm = local_clock(t);
    if (!tm)
        throw DataError(fmt::format("cannot tell the local time {} seconds after 1970", t));
    std::int64_t wall =
        days_from_civil(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday) * seconds_per_day +
        tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
    return wall - t;
}

// Every instant at which the wall clock shows `hour:minute` on `d`, earliest first: two when
// the clocks go back over it, one usually. When the clocks skip it, the one instant it
// names shifted forward by the length of the skip. (mktime with tm_isdst = -1 only guesses
// between the two, and its guess depends on what it was asked before.)
std::vector<Instant> occurrences(const Day& d, int hour, int minute) {
    // The wall time read as if it were UTC; each instant showing it is `wall` minus the
    // offset in force then. Offsets stay within 26 hours of UTC, so every such instant lies
    // within 26 hours of `wall`: gather the offsets in force over that window, probing it
    // every 13 hours (no zone changes its clocks twice within 13 hours), and keep those that
    // really give this wall time back.
    const std::int64_t wall =
        days_from_civil(d.year, d.month, d.day) * seconds_per_day + hour * 3600 + minute * 60;
    std::vector<std::int64_t> offsets;
    for (std::int64_t probe = -26; probe <= 26; probe += 13) {
        std::int64_t offset = offset_at(wall + probe * 3600);
        if (std::find(offsets.begin(), offsets.end(), offset) == offsets.end())
            offsets.push_back(offset);
    }
    std::vector<Instant> found;
    for (auto offset : offsets)
        if (offset_at(wall - offset) == offset)
            found.push_back(wall - offset);
    std::sort(found.begin(), found.end());
    if (!found.empty())
        return found;
    // Skipped: the clocks jumped from offset `before` to a larger `after` across it, so
    // wall - before lies just after the jump and wall - after just before it.
    for (auto before : offsets) {
        std::int64_t after = offset_at(wall - before);
        if (after > before && offset_at(wall - after) == before)
            return {wall - before};
    }
    return {wall - offsets.front()}; // not reached with real zones
}

// The latest of `candidates` (earliest first) that is not after `now`; the earliest when
// all of them are still to come.
Instant latest_passed(const std::vector<Instant>& candidates, Instant now) {
    auto after = std::upper_bound(candidates.begin(), candidates.end(), now);
    return after == candidates.begin() ? candidates.front() : *(after - 1);
}

// `t` itself when it can be stored and shown (its year in UTC and on the local clock is
// 0001..9999); a UsageError naming `raw` otherwise.
Instant keepable(Instant t, std::string_view raw) {
    auto year = local_year(t);
    if (t < earliest || t > latest || !year || !keepable_year(*year))
        out_of_range(raw);
    return t;
}

// The middle of the person's day `d`: twelve hours after it starts, so a day-only date stays
// on that day whatever `day_starts_at` is.
Instant middle_of(const Day& d, DayStart day_start) {
    int minutes = day_start + 12 * 60;
    Day calendar = minutes >= 24 * 60 ? add_days(d, 1) : d;
    minutes %= 24 * 60;
    return local_time(calendar, minutes / 60, minutes % 60);
}

} // namespace

DayStart parse_day_start(std::string_view hh_mm, std::string_view what) {
    auto minutes = try_clock(hh_mm);
    if (!minutes)
        throw UsageError(fmt::format("{} '{}' is not a time of day like \"04:00\"", what, hh_mm));
    return *minutes;
}

Instant now() {
    if (const char* fixed = std::getenv("REKINDLE_NOW"); fixed && *fixed) {
        Instant t = parse_utc(fixed);
        if (t < earliest)
            throw DataError(
                fmt::format("REKINDLE_NOW '{}' is outside the years 0001 to 9999", fixed));
        return t;
    }
    return static_cast<Instant>(std::time(nullptr));
}

Day local_day(Instant t, DayStart day_start) {
    auto tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    Day d{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    // Compare with the instant the day starts, so that DST days (even a start inside the
    // repeated hour) keep days in order.
    if (day_start > 0 && t < local_time(d, day_start / 60, day_start % 60))
        d = add_days(d, -1);
    return d;
}

Instant local_time(const Day& d, int hour, int minute) {
    return occurrences(d, hour, minute).front();
}

Day add_days(const Day& d, int n) {
    return civil_from_days(days_from_civil(d.year, d.month, d.day) + n);
}

int days_between(const Day& a, const Day& b) {
    return static_cast<int>(days_from_civil(b.year, b.month, b.day) -
                            days_from_civil(a.year, a.month, a.day));
}

std::string current_zone() {
    const char* tz = std::getenv("TZ");
    if (tz && !*tz)
        return "UTC"; // set but empty means UTC to the C library, not the system's zone
    return tz ? tz : "";
}

ZoneScope::ZoneScope(const std::string& zone) {
    const char* tz = std::getenv("TZ");
    had_ = tz != nullptr;
    saved_ = tz ? tz : "";
    if (zone.empty())
        ::unsetenv("TZ");
    else
        ::setenv("TZ", zone.c_str(), 1);
    ::tzset();
}

ZoneScope::~ZoneScope() {
    if (had_)
        ::setenv("TZ", saved_.c_str(), 1);
    else
        ::unsetenv("TZ");
    ::tzset();
}

int weekday(const Day& d) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    auto z = days_from_civil(d.year, d.month, d.day);
    return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

std::string format_day(const Day& d) {
    return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string format_utc_bound(Instant t) {
    return format_utc(std::clamp(t, earliest_stored, latest));
}

std::string format_utc(Instant t) {
    // Plain arithmetic, the exact inverse of parse_utc (gmtime would count leap seconds
    // under the "right/" zones).
    if (t < earliest_stored || t > latest)
        throw DataError(fmt::format("the time {} seconds after 1970 is outside the years 0000 to "
                                    "9999 and cannot be stored",
                                    t));
    std::int64_t days = t / seconds_per_day - (t % seconds_per_day < 0);
    auto second = static_cast<int>(t - days * seconds_per_day);
    Day d = civil_from_days(days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day,
                       second / 3600, second / 60 % 60, second % 60);
}

Instant parse_utc(std::string_view iso) {
    auto day = try_day(iso.substr(0, 10));
    auto h = digits(iso, 11, 2), m = digits(iso, 14, 2), s = digits(iso, 17, 2);
    if (iso.size() != 20 || !day || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' ||
        iso[19] != 'Z' || !h || !m || !s || *h > 23 || *m > 59 || *s > 59)
        throw DataError(fmt::format("'{}' is not a UTC time like \"2026-11-20T14:30:00Z\"", iso));
    return days_from_civil(day->year, day->month, day->day) * seconds_per_day + *h * 3600 +
           *m * 60 + *s;
}

Instant parse(std::string_view raw, Instant now_t, DayStart day_start) {
    std::string text = text::ascii_lower(text::trim(raw));
    // Every answer goes through keepable(), so it can be stored and read back exactly.
    auto keep = [&](Instant t) { return keepable(t, raw); };
    Day today = local_day(now_t, day_start);

    // A day without a time means its middle, but today means now: never a moment to come.
    auto day_point = [&](const Day& d) {
        if (!keepable_year(d.year))
            out_of_range(raw);
        return keep(d == today ? now_t : middle_of(d, day_start));
    };
    if (text == "now" || text == "today")
        return keep(now_t);
    if (text == "yesterday")
        return day_point(add_days(today, -1));
    if (auto d = try_day(text))
        return day_point(*d);
    if (text.size() == 16 && text[10] == 't') {
        auto d = try_day(text.substr(0, 10));
        auto clock = try_clock(text.substr(11));
        if (d && clock) {
            if (!keepable_year(d->year))
                out_of_range(raw);
            // Shown twice on that day: the first time, as a person writing the date most
            // likely means (a time still to come is refused by the caller).
            return keep(occurrences(*d, *clock / 60, *clock % 60).front());
        }
    }
    if (auto clock = try_clock(text)) {
        // The most recent time the clock showed it, not in the future: today's, or else
        // yesterday's (or the day before, when the clocks skipped a whole day).
        Day calendar = local_day(now_t, 0);
        for (int back = 0; back < 3; ++back) {
            Day d = add_days(calendar, -back);
            if (!keepable_year(d.year))
                out_of_range(raw);
            Instant at = latest_passed(occurrences(d, *clock / 60, *clock % 60), now_t);
            if (at <= now_t)
                return keep(at);
        }
        out_of_range(raw); // not reached with real zones
    }
    if (auto wd = try_weekday(text)) {
        int back = (weekday(today) - *wd + 7) % 7;
        return day_point(add_days(today, -back));
    }
    if (text.size() >= 3 && text.front() == '-' && text.back() == 'd') {
        if (auto n = try_count(std::string_view(text).substr(1, text.size() - 2)))
            return day_point(add_days(today, -*n));
    }
    constexpr std::string_view ago = " days ago", ago1 = " day ago";
    for (auto suffix : {ago, ago1}) {
        if (text.size() > suffix.size() && text.ends_with(suffix)) {
            if (auto n = try_count(std::string_view(text).substr(0, text.size() - suffix.size())))
                return day_point(add_days(today, -*n));
        }
    }
    throw UsageError(fmt::format("'{}' is not a date I understand; try \"today\", \"yesterday\", "
                                 "\"3 days ago\", \"-3d\", \"monday\", \"2026-11-20\", "
                                 "\"2026-11-20T14:30\" or \"14:30\"",
                                 raw));
}

std::optional<Day> parse_day(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int parts[3] = {0, 0, 0};
    std::size_t at = 0;
    for (int p = 0; p < 3; ++p) {
        std::size_t width = p == 0 ? 4 : 2;
        for (std::size_t k = 0; k < width; ++k, ++at) {
            char c = text[at];
            if (c < '0' || c > '9')
                return std::nullopt;
            parts[p] = parts[p] * 10 + (c - '0');
        }
        ++at; // the dash
    }
    if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 ||
        parts[2] > days_in_month(parts[0], parts[1]))
        return std::nullopt;
    return Day{parts[0], parts[1], parts[2]};
}

} // namespace rekindle::dates

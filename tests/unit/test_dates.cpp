#include "rekindle/dates.hpp"
#include "rekindle/error.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <string>

using namespace rekindle;
using namespace rekindle::dates;

namespace {
// Sets TZ for one test and restores it after.
struct ZoneGuard {
    std::string old;
    bool had;
    explicit ZoneGuard(const char* zone) {
        const char* o = std::getenv("TZ");
        had = o != nullptr;
        if (had)
            old = o;
        setenv("TZ", zone, 1);
        tzset();
    }
    ~ZoneGuard() {
        if (had)
            setenv("TZ", old.c_str(), 1);
        else
            unsetenv("TZ");
        tzset();
    }
};
std::string day_of(Instant t, DayStart start = 0) {
    return format_day(local_day(t, start));
}
} // namespace

TEST_CASE("UTC times round-trip through their stored form", "[dates]") {
    Instant t = parse_utc("2026-11-20T14:30:05Z");
    CHECK(format_utc(t) == "2026-11-20T14:30:05Z");
    CHECK(parse_utc("1970-01-01T00:00:00Z") == 0);
    CHECK_THROWS_AS(parse_utc("2026-11-20 14:30"), DataError);
    CHECK_THROWS_AS(parse_utc("2026-02-30T00:00:00Z"), DataError);
}

TEST_CASE("calendar arithmetic crosses month and year ends and leap days", "[dates]") {
    CHECK(format_day(add_days({2026, 12, 31}, 1)) == "2027-01-01");
    CHECK(format_day(add_days({2027, 1, 1}, -1)) == "2026-12-31");
    CHECK(format_day(add_days({2028, 2, 28}, 1)) == "2028-02-29");
    CHECK(format_day(add_days({2026, 2, 28}, 1)) == "2026-03-01");
    CHECK(format_day(add_days({2026, 3, 1}, -1)) == "2026-02-28");
    CHECK(weekday({2026, 11, 26}) == 3); // a Thursday
    CHECK(weekday({2000, 1, 1}) == 5);   // a Saturday
}

TEST_CASE("the grammar of DESIGN.md parses relative to now", "[dates]") {
    ZoneGuard zone("UTC");
    Instant now = parse_utc("2026-11-26T15:00:00Z"); // Thursday
    CHECK(parse("now", now) == now);
    CHECK(parse("today", now) == now);
    CHECK(format_utc(parse("yesterday", now)) == "2026-11-25T12:00:00Z");
    CHECK(format_utc(parse("3 days ago", now)) == "2026-11-23T12:00:00Z");
    CHECK(format_utc(parse("1 day ago", now)) == "2026-11-25T12:00:00Z");
    CHECK(format_utc(parse("-3d", now)) == "2026-11-23T12:00:00Z");
    CHECK(format_utc(parse("monday", now)) == "2026-11-23T12:00:00Z");
    CHECK(parse("Thu", now) == now); // today is the most recent, and means now
    CHECK(parse("2026-11-26", now) == now);
    CHECK(parse("0 days ago", now) == now);
    Instant morning = parse_utc("2026-11-26T08:00:00Z"); // before noon, today is still now
    CHECK(parse("2026-11-26", morning) == morning);
    CHECK(format_utc(parse("friday", now)) == "2026-11-20T12:00:00Z");
    CHECK(format_utc(parse("2026-11-20", now)) == "2026-11-20T12:00:00Z");
    CHECK(format_utc(parse("2026-11-20T14:30", now)) == "2026-11-20T14:30:00Z");
    CHECK(format_utc(parse("09:15", now)) == "2026-11-26T09:15:00Z");
    CHECK(format_utc(parse("16:00", now)) == "2026-11-25T16:00:00Z"); // not yet today
    CHECK_THROWS_AS(parse("tomorrowish", now), UsageError);
    CHECK_THROWS_AS(parse("2026-13-01", now), UsageError);
    CHECK_THROWS_AS(parse("25:00", now), UsageError);
    CHECK_THROWS_AS(parse("-d", now), UsageError);
}

TEST_CASE("day_starts_at moves late-night times to the day before", "[dates]") {
    ZoneGuard zone("UTC");
    Instant late = parse_utc("2026-11-27T02:30:00Z");
    CHECK(day_of(late) == "2026-11-27");
    CHECK(day_of(late, parse_day_start("04:00")) == "2026-11-26");
    CHECK(day_of(parse_utc("2026-11-27T04:00:00Z"), 240) == "2026-11-27");
    // At 02:30 with days starting at 04:00, "today" is still the 26th; yesterday's middle
    // is twelve hours after its 04:00 start.
    CHECK(format_utc(parse("yesterday", late, 240)) == "2026-11-25T16:00:00Z");
    CHECK(day_of(parse("yesterday", late, 240), 240) == "2026-11-25");
    // Clock times are the most recent ones: 01:00 tonight, 23:00 last evening.
    CHECK(format_utc(parse("01:00", late, 240)) == "2026-11-27T01:00:00Z");
    CHECK(format_utc(parse("23:00", late, 240)) == "2026-11-26T23:00:00Z");
    // At 10:00 with a 04:00 start, 02:00 is this morning's, not tomorrow's.
    Instant ten = parse_utc("2026-11-27T10:00:00Z");
    CHECK(format_utc(parse("02:00", ten, 240)) == "2026-11-27T02:00:00Z");
    // A day that starts after noon still keeps day-only dates on their day.
    CHECK(day_of(parse("2026-11-18", ten, 13 * 60), 13 * 60) == "2026-11-18");
    CHECK(day_of(parse("yesterday", ten, 13 * 60), 13 * 60) == "2026-11-25");
    CHECK_THROWS_AS(parse_day_start("4am"), UsageError);
    CHECK_THROWS_AS(parse_day_start("24:00"), UsageError);
}

TEST_CASE("local days follow TZ across daylight saving changes", "[dates]") {
    ZoneGuard zone("Europe/Berlin");
    // 2026-03-29: clocks go from 02:00 to 03:00 (UTC+1 -> UTC+2).
    CHECK(day_of(parse_utc("2026-03-28T23:30:00Z")) == "2026-03-29"); // 00:30 CET
    CHECK(day_of(parse_utc("2026-03-28T22:59:00Z")) == "2026-03-28");
    Instant noon = local_time({2026, 3, 29}, 12, 0);
    CHECK(format_utc(noon) == "2026-03-29T10:00:00Z");
    // 2026-10-25: clocks go from 03:00 back to 02:00; the day is 25 hours long.
    Instant start = local_time({2026, 10, 25}, 0, 0);
    Instant next = local_time({2026, 10, 26}, 0, 0);
    CHECK(next - start == 25 * 3600);
    CHECK(day_of(parse_utc("2026-10-25T22:59:00Z")) == "2026-10-25"); // 23:59 CET
    CHECK(day_of(parse_utc("2026-10-25T23:00:00Z")) == "2026-10-26");
    // "yesterday" from a DST day still lands on the previous calendar day.
    Instant after = parse_utc("2026-03-29T08:00:00Z");
    CHECK(day_of(parse("yesterday", after)) == "2026-03-28");
    // A late-night cut-off follows the clock on the wall, also on DST days.
    CHECK(day_of(parse_utc("2026-03-29T01:30:00Z"), 240) == "2026-03-28"); // 03:30 CEST
    CHECK(day_of(parse_utc("2026-03-29T02:00:00Z"), 240) == "2026-03-29"); // 04:00 CEST
}

TEST_CASE("days stay in order when a day starts inside the repeated autumn hour", "[dates]") {
    ZoneGuard zone("America/New_York");
    DayStart start = parse_day_start("01:30");          // 2026-11-01 repeats 01:00-02:00
    Instant first = parse_utc("2026-11-01T05:45:00Z");  // 01:45 EDT
    Instant second = parse_utc("2026-11-01T06:15:00Z"); // 01:15 EST, later
    CHECK(day_of(first, start) <= day_of(second, start));
    CHECK(day_of(parse_utc("2026-11-01T12:00:00Z"), start) == "2026-11-01");
}

TEST_CASE("REKINDLE_NOW fixes the clock", "[dates]") {
    setenv("REKINDLE_NOW", "2026-01-02T03:04:05Z", 1);
    CHECK(format_utc(now()) == "2026-01-02T03:04:05Z");
    unsetenv("REKINDLE_NOW");
    CHECK(now() > parse_utc("2026-01-01T00:00:00Z"));
}

namespace {
// True when `t` is stored with a four-digit year and read back as the same instant.
bool stored_exactly(Instant t) {
    try {
        std::string stored = format_utc(t);
        return stored.size() == 20 && stored.substr(0, 4) != "0000" && parse_utc(stored) == t;
    } catch (const Error&) {
        return false;
    }
}
bool local_year_keepable(Instant t) {
    int year = local_day(t).year;
    return year >= 1 && year <= 9999;
}
} // namespace

TEST_CASE("stored times keep four-digit years and whole seconds", "[dates]") {
    Instant first = parse_utc("0001-01-01T00:00:00Z");
    Instant last = parse_utc("9999-12-31T23:59:59Z");
    CHECK(format_utc(first) == "0001-01-01T00:00:00Z");
    CHECK(format_utc(last) == "9999-12-31T23:59:59Z");
    CHECK(format_utc(parse_utc("1969-12-31T23:59:59Z")) == "1969-12-31T23:59:59Z");
    CHECK(format_utc(parse_utc("0004-02-29T12:34:56Z")) == "0004-02-29T12:34:56Z");
    // Year 0000 is still read, and written back the same, so that times stored before
    // years were checked stay readable; nothing is written that could not be read back.
    Instant zero = parse_utc("0000-01-01T00:00:00Z");
    CHECK(zero == first - 366 * 86400);
    CHECK(format_utc(zero) == "0000-01-01T00:00:00Z");
    CHECK(format_utc(first - 1) == "0000-12-31T23:59:59Z");
    CHECK_THROWS_AS(format_utc(zero - 1), DataError);
    CHECK_THROWS_AS(format_utc(last + 1), DataError);
    CHECK_THROWS_AS(parse_utc("-001-12-31T22:41:01Z"), DataError);
    // No leap seconds: 23:59:60 would come back as the next day's 00:00:00.
    CHECK_THROWS_AS(parse_utc("2016-12-31T23:59:60Z"), DataError);
    setenv("REKINDLE_NOW", "0000-06-01T00:00:00Z", 1);
    CHECK_THROWS_AS(now(), DataError);
    unsetenv("REKINDLE_NOW");
}

TEST_CASE("a date before year 1 in UTC is refused, not stored as a negative year", "[dates]") {
    ZoneGuard zone("Asia/Tokyo"); // +09:18:59 local mean time before 1888
    Instant now = parse_utc("2026-11-26T15:00:00Z");
    CHECK_THROWS_AS(parse("0000-01-01T08:00", now), UsageError);
    CHECK_THROWS_AS(parse("0000-12-31", now), UsageError);
    // Local year 1, but 0000-12-31T22:41:01Z in UTC.
    CHECK_THROWS_AS(parse("0001-01-01T08:00", now), UsageError);
    Instant kept = parse("0001-01-01T10:00", now);
    CHECK(format_utc(kept) == "0001-01-01T00:41:01Z");
    CHECK(parse_utc(format_utc(kept)) == kept);
    // Counting back past year 1 is refused too.
    Instant early = parse_utc("0001-01-02T00:00:00Z");
    CHECK_THROWS_AS(parse("100000 days ago", early), UsageError);
    CHECK_THROWS_AS(parse("-3d", early), UsageError);
}

TEST_CASE("every date form at the ends of the range is refused or kept exactly", "[dates]") {
    const char* const zones[] = {
        "UTC",          "Asia/Tokyo", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago",
        "Europe/London"};
    const char* const nows[] = {"0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z",
                                "0001-01-03T12:00:00Z", "9999-12-30T12:00:00Z",
                                "9999-12-31T12:00:00Z", "9999-12-31T23:59:59Z"};
    const char* const forms[] = {"now",
                                 "today",
                                 "yesterday",
                                 "1 day ago",
                                 "2 days ago",
                                 "3 days ago",
                                 "100000 days ago",
                                 "-1d",
                                 "-2d",
                                 "-100000d",
                                 "monday",
                                 "tuesday",
                                 "wednesday",
                                 "thursday",
                                 "friday",
                                 "saturday",
                                 "sunday",
                                 "0000-12-31",
                                 "0001-01-01",
                                 "0001-01-02",
                                 "9999-12-30",
                                 "9999-12-31",
                                 "0000-12-31T23:59",
                                 "0001-01-01T00:00",
                                 "0001-01-01T08:00",
                                 "0001-01-01T14:00",
                                 "0001-01-01T23:59",
                                 "0001-01-02T00:00",
                                 "9999-12-31T00:00",
                                 "9999-12-31T10:00",
                                 "9999-12-31T20:00",
                                 "9999-12-31T23:59",
                                 "00:00",
                                 "08:00",
                                 "12:00",
                                 "23:59"};
    const DayStart starts[] = {0, 240, 13 * 60};
    int kept = 0, refused = 0;
    for (const char* zone_name : zones) {
        ZoneGuard zone(zone_name);
        for (const char* now_text : nows) {
            Instant now = parse_utc(now_text);
            for (DayStart start : starts) {
                for (const char* form : forms) {
                    INFO("TZ=" << zone_name << " now=" << now_text << " day_start=" << start
                               << " date=" << form);
                    Instant t = 0;
                    try {
                        t = parse(form, now, start);
                    } catch (const UsageError&) {
                        ++refused;
                        continue;
                    }
                    ++kept;
                    CHECK(stored_exactly(t));
                    CHECK(local_year_keepable(t));
                }
            }
        }
    }
    // Both outcomes happen, so the sweep tests something either way.
    CHECK(kept > 0);
    CHECK(refused > 0);
}

TEST_CASE("a clock time shown twice is the most recent one that has passed", "[dates]") {
    ZoneGuard zone("Europe/London"); // 2026-10-25: 02:00 BST goes back to 01:00 GMT
    Instant second_pass = parse_utc("2026-10-25T01:15:00Z"); // 01:15 GMT
    // 01:30 BST (00:30Z) has passed, 01:30 GMT (01:30Z) is still to come.
    CHECK(format_utc(parse("01:30", second_pass)) == "2026-10-25T00:30:00Z");
    CHECK(format_utc(parse("2026-10-25T01:30", second_pass)) == "2026-10-25T00:30:00Z");
    CHECK(day_of(parse("01:30", second_pass)) == "2026-10-25");
    // Once both have passed, the later one for a clock time; a full date-time still means
    // the first time the clock showed it.
    Instant later = parse_utc("2026-10-25T02:00:00Z");
    CHECK(format_utc(parse("01:30", later)) == "2026-10-25T01:30:00Z");
    CHECK(format_utc(parse("2026-10-25T01:30", later)) == "2026-10-25T00:30:00Z");
    // Before either: yesterday's 01:30 for a clock time; the earlier one (still in the
    // future, which callers refuse) for a date-time.
    Instant before = parse_utc("2026-10-25T00:20:00Z"); // 01:20 BST
    CHECK(format_utc(parse("01:30", before)) == "2026-10-24T00:30:00Z");
    CHECK(format_utc(parse("2026-10-25T01:30", before)) == "2026-10-25T00:30:00Z");
    // A time shown once on that day is unaffected.
    CHECK(format_utc(parse("00:45", second_pass)) == "2026-10-24T23:45:00Z");
    CHECK(format_utc(parse("02:30", parse_utc("2026-10-25T03:00:00Z"))) == "2026-10-25T02:30:00Z");
}

TEST_CASE("half-hour and odd-minute clock changes repeat times the same way", "[dates]") {
    SECTION("Lord Howe goes back half an hour at 02:00") {
        ZoneGuard zone("Australia/Lord_Howe");           // 2026-04-05 02:00 +11 -> 01:30 +10:30
        Instant now = parse_utc("2026-04-04T15:10:00Z"); // 01:40 +10:30, second pass
        CHECK(format_utc(parse("01:45", now)) == "2026-04-04T14:45:00Z");
        CHECK(format_utc(parse("2026-04-05T01:45", now)) == "2026-04-04T14:45:00Z");
        Instant later = parse_utc("2026-04-04T15:20:00Z");
        CHECK(format_utc(parse("01:45", later)) == "2026-04-04T15:15:00Z");
        CHECK(format_utc(parse("2026-04-05T01:45", later)) == "2026-04-04T14:45:00Z");
    }
    SECTION("Chatham goes back an hour at 03:45") {
        ZoneGuard zone("Pacific/Chatham");               // 2026-04-05 03:45 +13:45 -> 02:45 +12:45
        Instant now = parse_utc("2026-04-04T14:10:00Z"); // 02:55 +12:45
        CHECK(format_utc(parse("03:00", now)) == "2026-04-04T13:15:00Z");
        CHECK(format_utc(parse("2026-04-05T03:00", now)) == "2026-04-04T13:15:00Z");
        Instant later = parse_utc("2026-04-04T14:20:00Z"); // 03:05 +12:45
        CHECK(format_utc(parse("03:00", later)) == "2026-04-04T14:15:00Z");
        CHECK(format_utc(parse("2026-04-05T03:00", later)) == "2026-04-04T13:15:00Z");
    }
}

TEST_CASE("a clock time that was skipped moves forward by the length of the skip", "[dates]") {
    SECTION("London skips 01:00-02:00") {
        ZoneGuard zone("Europe/London"); // 2026-03-29: 01:00 GMT -> 02:00 BST
        CHECK(format_utc(local_time({2026, 3, 29}, 1, 30)) == "2026-03-29T01:30:00Z"); // 02:30
        Instant noon = parse_utc("2026-03-29T11:00:00Z");
        CHECK(format_utc(parse("2026-03-29T01:30", noon)) == "2026-03-29T01:30:00Z");
        CHECK(format_utc(parse("01:30", noon)) == "2026-03-29T01:30:00Z");
        // At 02:10 BST the moved 01:30 (02:30 BST) is still to come: yesterday's then.
        Instant just_after = parse_utc("2026-03-29T01:10:00Z");
        CHECK(format_utc(parse("01:30", just_after)) == "2026-03-28T01:30:00Z");
        CHECK(format_utc(local_time({2026, 3, 29}, 0, 59)) == "2026-03-29T00:59:00Z");
        CHECK(format_utc(local_time({2026, 3, 29}, 2, 0)) == "2026-03-29T01:00:00Z");
    }
    SECTION("Lord Howe skips half an hour, Chatham an hour from 02:45") {
        ZoneGuard lord_howe("Australia/Lord_Howe"); // 2026-10-04 02:00 +10:30 -> 02:30 +11
        CHECK(format_utc(local_time({2026, 10, 4}, 2, 15)) == "2026-10-03T15:45:00Z"); // 02:45
        ZoneGuard chatham("Pacific/Chatham"); // 2026-09-27 02:45 +12:45 -> 03:45 +13:45
        CHECK(format_utc(local_time({2026, 9, 27}, 3, 0)) == "2026-09-26T14:15:00Z"); // 04:00
    }
    SECTION("Samoa skipped 2011-12-30 altogether") {
        ZoneGuard zone("Pacific/Apia"); // 2011-12-29 24:00 -10 -> 2011-12-31 00:00 +14
        CHECK(format_utc(local_time({2011, 12, 30}, 12, 0)) == "2011-12-30T22:00:00Z");
        Instant now = parse_utc("2011-12-31T00:00:00Z"); // 14:00 on the 31st
        CHECK(format_utc(parse("13:00", now)) == "2011-12-30T23:00:00Z");
        // 15:00 is still to come today and was skipped yesterday: the 29th's.
        CHECK(format_utc(parse("15:00", now)) == "2011-12-30T01:00:00Z");
    }
}

TEST_CASE("days that start inside a repeated or skipped hour stay whole", "[dates]") {
    ZoneGuard zone("Europe/London");
    DayStart start = parse_day_start("01:30");
    // The day starts the first time the clock shows 01:30: 00:30Z, in BST.
    CHECK(format_utc(local_time({2026, 10, 25}, 1, 30)) == "2026-10-25T00:30:00Z");
    CHECK(day_of(parse_utc("2026-10-25T00:15:00Z"), start) == "2026-10-24"); // 01:15 BST
    CHECK(day_of(parse_utc("2026-10-25T00:45:00Z"), start) == "2026-10-25"); // 01:45 BST
    CHECK(day_of(parse_utc("2026-10-25T01:15:00Z"), start) == "2026-10-25"); // 01:15 GMT
    // A day whose middle falls in the repeated hour keeps its day-only dates.
    DayStart afternoon = parse_day_start("13:30");
    Instant now = parse_utc("2026-10-27T12:00:00Z");
    CHECK(format_utc(parse("2026-10-24", now, afternoon)) == "2026-10-25T00:30:00Z");
    CHECK(day_of(parse("2026-10-24", now, afternoon), afternoon) == "2026-10-24");
    CHECK(day_of(parse("2026-10-25", now, afternoon), afternoon) == "2026-10-25");
    // Spring: a 01:30 start falls in the skipped hour and moves to 02:30 BST.
    CHECK(day_of(parse_utc("2026-03-29T01:15:00Z"), start) == "2026-03-28"); // 02:15 BST
    CHECK(day_of(parse_utc("2026-03-29T01:30:00Z"), start) == "2026-03-29"); // 02:30 BST
    CHECK(day_of(parse("2026-03-28", now, afternoon), afternoon) == "2026-03-28");
}

namespace {
std::string local_wall(Instant t) {
    auto tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M", &tm);
    return text;
}
} // namespace

TEST_CASE("a time typed at the very moment it names is that moment, around clock changes",
          "[dates]") {
    struct Change {
        const char* zone;
        const char* day_before; // UTC; three days from here are walked every 15 minutes
    };
    const Change changes[] = {
        {"Europe/London", "2026-03-28T00:00:00Z"},
        {"Europe/London", "2026-10-24T00:00:00Z"},
        {"America/New_York", "2026-10-31T00:00:00Z"},
        {"America/St_Johns", "2026-03-07T00:00:00Z"},
        {"Australia/Lord_Howe", "2026-04-03T12:00:00Z"},
        {"Australia/Lord_Howe", "2026-10-02T12:00:00Z"},
        {"Pacific/Chatham", "2026-04-03T12:00:00Z"},
        {"Pacific/Chatham", "2026-09-25T12:00:00Z"},
        {"Pacific/Apia", "2011-12-29T00:00:00Z"},
    };
    for (const auto& change : changes) {
        ZoneGuard zone(change.zone);
        Instant from = parse_utc(change.day_before);
        for (Instant t = from; t < from + 3 * 86400; t += 15 * 60) {
            auto tt = static_cast<std::time_t>(t);
            std::tm tm{};
            localtime_r(&tt, &tm);
            char date_time[32], clock[8];
            std::strftime(date_time, sizeof date_time, "%Y-%m-%dT%H:%M", &tm);
            std::strftime(clock, sizeof clock, "%H:%M", &tm);
            INFO("TZ=" << change.zone << " at " << format_utc(t) << " = " << date_time);
            // A full date-time names the first time its clock showed it: `t` itself, or,
            // on the second pass through a repeated hour, the same wall time one pass ago.
            Instant named = parse(date_time, t);
            CHECK((named == t ||
                   (named < t && t - named <= 3600 && local_wall(named) == local_wall(t))));
            CHECK(parse(clock, t) == t);
        }
    }
}

TEST_CASE("stored days read back exactly, and nothing else reads as one", "[dates]") {
    CHECK(dates::parse_day("2026-11-27") == dates::Day{2026, 11, 27});
    CHECK(dates::parse_day("2024-02-29") == dates::Day{2024, 2, 29});
    CHECK(dates::parse_day("0000-01-01") == dates::Day{0, 1, 1});
    CHECK(dates::parse_day("9999-12-31") == dates::Day{9999, 12, 31});
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31", "2026-1-01",
                            "26-11-27", "2026-11-27T", "2026/11/27", "", "２０２６-11-27"})
        CHECK_FALSE(dates::parse_day(bad));
}

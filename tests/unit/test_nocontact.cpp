#include "rekindle/error.hpp"
#include "rekindle/nocontact.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <sstream>

using namespace rekindle;
using namespace rekindle::nocontact;
using dates::Day;

namespace {
struct Clock {
    // Fixes "now" for the store, as REKINDLE_NOW does for the tools.
    explicit Clock(const char* iso) { ::setenv("REKINDLE_NOW", iso, 1); }
    ~Clock() { ::unsetenv("REKINDLE_NOW"); }
    void set(const char* iso) { ::setenv("REKINDLE_NOW", iso, 1); }
};

struct Zone {
    explicit Zone(const char* tz) {
        ::setenv("TZ", tz, 1);
        ::tzset();
    }
    ~Zone() {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
};

struct Fixture {
    TempDir tmp;
    db::Database db = db::Database::open(tmp.file("n.db"), db::Mode::read_write);
    Store store{db, Settings{}, 0};
};

dates::Instant utc(const char* iso) {
    return dates::parse_utc(iso);
}

NewEvent urge(std::optional<dates::Instant> at = std::nullopt) {
    NewEvent e;
    e.kind = "urge";
    e.at = at;
    return e;
}
} // namespace

TEST_CASE("day numbers count the start day as day 1, across month and year ends", "[nocontact]") {
    CHECK(day_number(Day{2026, 11, 27}, Day{2026, 11, 27}) == 1);
    CHECK(day_number(Day{2026, 1, 31}, Day{2026, 2, 1}) == 2);
    CHECK(day_number(Day{2024, 2, 28}, Day{2024, 3, 1}) == 3); // a leap year
    CHECK(day_number(Day{2026, 12, 31}, Day{2027, 1, 1}) == 2);
    CHECK(day_number(Day{2026, 12, 1}, Day{2027, 1, 30}) == 61);
}

TEST_CASE("milestones are dated from the streak's start and reached on that day", "[nocontact]") {
    auto ms = milestones_of({1, 7, 30}, Day{2026, 12, 25}, Day{2027, 1, 1});
    REQUIRE(ms.size() == 3);
    CHECK(ms[0].day == Day{2026, 12, 26});
    CHECK(ms[0].reached);
    CHECK(ms[1].day == Day{2027, 1, 1});
    CHECK(ms[1].reached);
    CHECK(ms[2].day == Day{2027, 1, 24});
    CHECK_FALSE(ms[2].reached);
}

TEST_CASE("the longest streak runs between slips", "[nocontact]") {
    CHECK(longest_streak(Day{2026, 1, 1}, Day{2026, 1, 31}, {}) == 30);
    CHECK(longest_streak(Day{2026, 1, 1}, Day{2026, 1, 31}, {Day{2026, 1, 21}, Day{2026, 1, 5}}) ==
          16);
    CHECK(longest_streak(Day{2026, 1, 1}, Day{2026, 1, 1}, {Day{2026, 1, 1}}) == 0);
}

TEST_CASE("day numbers do not jump when the clocks change, either way", "[nocontact]") {
    Zone berlin("Europe/Berlin");
    Fixture f;
    // Spring forward on 2026-03-29, fall back on 2026-10-25.
    Clock clock("2026-03-28T10:00:00Z");
    f.store.start(10, utc("2026-03-28T10:00:00Z"), std::nullopt);
    clock.set("2026-03-29T22:30:00Z"); // 00:30 on the 30th in Berlin
    CHECK(f.store.status(dates::now())->day == 3);
    clock.set("2026-03-29T21:30:00Z"); // 23:30 on the 29th
    CHECK(f.store.status(dates::now())->day == 2);
    f.store.end("stopped", std::nullopt, dates::now());

    clock.set("2026-10-24T12:00:00Z");
    f.store.start(10, dates::now(), std::nullopt);
    clock.set("2026-10-25T22:59:00Z"); // 23:59 on the 25th, a 25-hour day
    CHECK(f.store.status(dates::now())->day == 2);
    clock.set("2026-10-25T23:00:00Z"); // midnight: the 26th
    CHECK(f.store.status(dates::now())->day == 3);
}

TEST_CASE("day_starts_at counts the small hours for the day before", "[nocontact]") {
    Zone utc_zone("UTC");
    TempDir tmp;
    auto db = db::Database::open(tmp.file("n.db"), db::Mode::read_write);
    Store store{db, Settings{}, 4 * 60};
    Clock clock("2026-11-20T12:00:00Z");
    store.start(30, dates::now(), std::nullopt);
    clock.set("2026-11-21T01:30:00Z"); // still the 20th until 04:00
    store.record(urge());
    auto s = store.status(dates::now());
    CHECK(s->day == 1);
    CHECK(s->urges_today == 1);
    clock.set("2026-11-21T04:00:00Z");
    s = store.status(dates::now());
    CHECK(s->day == 2);
    CHECK(s->urges_today == 0);
    CHECK(s->urges_week == 1);
}

TEST_CASE("a period keeps its days when TZ changes", "[nocontact]") {
    Fixture f;
    Clock clock("2026-11-20T12:00:00Z");
    {
        Zone tokyo("Asia/Tokyo");
        f.store.start(30, dates::now(), std::nullopt); // 21:00 on the 20th in Tokyo
    }
    clock.set("2026-11-20T16:00:00Z"); // 01:00 on the 21st in Tokyo, still the 20th in Los Angeles
    Zone la("America/Los_Angeles");
    CHECK(f.store.status(dates::now())->day == 2);
}

TEST_CASE("a start in the future, or a second running period, is refused", "[nocontact]") {
    Zone z("UTC");
    Fixture f;
    Clock clock("2026-11-20T12:00:00Z");
    CHECK_THROWS_AS(f.store.start(30, utc("2026-11-21T12:00:00Z"), std::nullopt), UsageError);
    f.store.start(30, utc("2026-11-18T12:00:00Z"), std::nullopt);
    try {
        f.store.start(30, dates::now(), std::nullopt);
        FAIL("a second period started");
    } catch (const ConflictError& e) {
        CHECK_THAT(e.what(), Catch::Contains("since 2026-11-18 (day 3)"));
    }
}

TEST_CASE("a slip restarts the streak and keeps every total", "[nocontact]") {
    Zone z("UTC");
    Fixture f;
    Clock clock("2026-11-01T12:00:00Z");
    f.store.start(30, dates::now(), std::nullopt);
    clock.set("2026-11-05T12:00:00Z");
    f.store.record(urge());
    f.store.record(urge());
    NewEvent slip;
    slip.kind = "slip";
    slip.lesson = "Late evenings are hard";
    f.store.record(slip);
    clock.set("2026-11-08T12:00:00Z");
    auto s = f.store.status(dates::now());
    CHECK(s->day == 8);
    CHECK(s->streak == 3);
    CHECK(s->streak_since == Day{2026, 11, 5});
    CHECK(s->urges_total == 2);
    CHECK(s->slips == 1);
    CHECK(s->clean_days == 7);
    CHECK(s->longest_streak == 4);
    CHECK(s->next_milestone()->days == 7);
    CHECK(s->next_milestone()->day == Day{2026, 11, 12});

    TempDir tmp;
    auto db2 = db::Database::open(tmp.file("k.db"), db::Mode::read_write);
    Store keep{db2, Settings{.reset_streak_on_slip = false}, 0};
    clock.set("2026-11-01T12:00:00Z");
    keep.start(30, dates::now(), std::nullopt);
    clock.set("2026-11-05T12:00:00Z");
    keep.record(slip);
    clock.set("2026-11-08T12:00:00Z");
    CHECK(keep.status(dates::now())->streak == 7);
}

TEST_CASE("settings come from [nocontact], checked", "[nocontact]") {
    auto s = load_settings(config::Config::from_string(
        "[nocontact]\ndays = 60\nmilestones = [30, 7, 7]\nreset_streak_on_slip = false\n",
        "c.toml"));
    CHECK(s.days == 60);
    CHECK(s.milestones == std::vector<int>{7, 30});
    CHECK_FALSE(s.reset_streak_on_slip);
    CHECK_THROWS_AS(load_settings(config::Config::from_string("[nocontact]\ndays = 0\n", "c")),
                    ConfigError);
    CHECK_THROWS_AS(
        load_settings(config::Config::from_string("[nocontact]\nmilestones = [\"x\"]\n", "c")),
        ConfigError);
}

TEST_CASE("the calendar file follows RFC 5545's line rules", "[nocontact]") {
    CHECK(ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
    std::string long_line = "DESCRIPTION:" + std::string(100, 'x') + "é" + std::string(60, 'y');
    std::string folded = ics_line(long_line);
    std::size_t start = 0;
    std::string unfolded;
    while (start < folded.size()) {
        auto end = folded.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        CHECK(end - start <= 75);
        std::string piece = folded.substr(start, end - start);
        unfolded += start == 0 ? piece : piece.substr(1);
        if (start > 0)
            CHECK(piece[0] == ' ');
        start = end + 2;
    }
    CHECK(unfolded == long_line);

    Status s;
    s.period.uid = "abc";
    s.streak_since = Day{2026, 11, 1};
    s.milestones = milestones_of({1, 7}, Day{2026, 11, 1}, Day{2026, 11, 3});
    std::string ics = milestones_ics(s, utc("2026-11-03T10:00:00Z"));
    CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
    CHECK(ics.find("DTSTART;VALUE=DATE:20261108\r\n") != std::string::npos);
    CHECK(ics.find("DTSTART;VALUE=DATE:20261102") == std::string::npos); // reached already
    CHECK(ics.find("UID:abc-7d@rekindle.invalid\r\n") != std::string::npos);
    CHECK(ics.find("DTSTAMP:20261103T100000Z\r\nSEQUENCE:0\r\n") != std::string::npos);
    CHECK(ics.ends_with("END:VCALENDAR\r\n"));
    for (std::size_t i = 0; i < ics.size(); ++i)
        if (ics[i] == '\n')
            CHECK(i > 0);
}

TEST_CASE("export then import of periods and events loses nothing", "[nocontact]") {
    Zone z("UTC");
    Fixture f;
    Clock clock("2026-11-01T12:00:00Z");
    f.store.start(30, dates::now(), std::string("begin"));
    NewEvent e = urge();
    e.intensity = 7;
    e.trigger = "a song";
    f.store.record(e);
    std::string first;
    f.store.export_records([&](std::string_view s) { first += s; });
    TempDir tmp;
    auto db2 = db::Database::open(tmp.file("b.db"), db::Mode::read_write);
    Store copy{db2, Settings{}, 0};
    std::istringstream in(first);
    jsonl::Reader reader(in, "x.jsonl");
    auto stats = copy.import_records(reader);
    CHECK(stats.periods == 1);
    CHECK(stats.events == 1);
    std::string second;
    copy.export_records([&](std::string_view s) { second += s; });
    CHECK(second == first);
    std::istringstream bad("{\"type\":\"event\",\"kind\":\"urge\",\"period\":\"nope\"}\n");
    jsonl::Reader reader2(bad, "bad.jsonl");
    CHECK_THROWS_WITH(copy.import_records(reader2), Catch::Contains("bad.jsonl:1:"));
}

TEST_CASE("the heatmap draws a week per column, in plain characters when asked", "[nocontact]") {
    std::vector<std::pair<Day, std::int64_t>> days;
    for (int i = 0; i < 14; ++i)
        days.emplace_back(dates::add_days(Day{2026, 11, 2}, i), i % 3); // from a Monday
    std::string map = urge_heatmap(days, true, false);
    CHECK(map.rfind("Mon .", 0) == 0);
    CHECK(map.find("13 urges") != std::string::npos);
    CHECK(map.find("\xE2") == std::string::npos); // no Unicode in plain mode
}

TEST_CASE("a period's urge count follows every urge stored or removed", "[nocontact]") {
    Zone z("UTC");
    Fixture f;
    Clock clock("2026-11-01T12:00:00Z");
    f.store.start(30, dates::now(), std::nullopt);
    auto first = f.store.record(urge());
    f.store.record(urge());
    CHECK(f.store.status(dates::now())->urges_total == 2);
    f.store.remove(first);
    CHECK(f.store.status(dates::now())->urges_total == 1);
    std::string exported;
    f.store.export_records([&](std::string_view s) { exported += s; });
    TempDir tmp;
    auto db2 = db::Database::open(tmp.file("c.db"), db::Mode::read_write);
    Store copy{db2, Settings{}, 0};
    std::istringstream in(exported);
    jsonl::Reader reader(in, "x");
    copy.import_records(reader);
    CHECK(copy.status(dates::now())->urges_total == 1);
}

TEST_CASE("regressions from the sanitizer review of nocontact", "[nocontact]") {
    Zone z("UTC");
    SECTION("a slip dated after today does not count yet") {
        Fixture f;
        Clock clock("2026-11-01T12:00:00Z");
        f.store.start(30, dates::now(), std::nullopt);
        NewEvent slip;
        slip.kind = "slip";
        slip.at = dates::parse_utc("2026-11-05T12:00:00Z");
        clock.set("2026-11-06T12:00:00Z");
        f.store.record(slip);
        clock.set("2026-11-03T12:00:00Z"); // the clock went back: the slip is still to come
        auto s = f.store.status(dates::now());
        CHECK(s->slips == 0);
        CHECK(s->longest_streak == 2);
    }
    SECTION("urges today count this period's only") {
        Fixture f;
        Clock clock("2026-11-01T09:00:00Z");
        f.store.record(urge());
        clock.set("2026-11-01T10:00:00Z");
        f.store.start(30, dates::now(), std::nullopt);
        auto s = f.store.status(dates::now());
        CHECK(s->urges_today == 0);
        CHECK(s->urges_total == 0);
    }
    SECTION("folding text that is not UTF-8 still ends") {
        std::string odd(200, '\x80');
        std::string folded = ics_line(odd);
        CHECK(folded.size() > odd.size());
    }
    SECTION("the busiest day is the darkest") {
        std::string map = urge_heatmap({{Day{2026, 11, 2}, 1}}, true, false);
        CHECK(map.rfind("Mon #", 0) == 0);
    }
    SECTION("TZ set but empty is UTC, not the system's zone") {
        ::setenv("TZ", "", 1);
        CHECK(dates::current_zone() == "UTC");
        ::unsetenv("TZ");
        CHECK(dates::current_zone().empty());
        ::setenv("TZ", "UTC", 1);
    }
}

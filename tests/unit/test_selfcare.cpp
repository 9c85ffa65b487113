#include "rekindle/error.hpp"
#include "rekindle/selfcare.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

using namespace rekindle;
using namespace rekindle::selfcare;
using dates::Day;

namespace {
struct Clock {
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

std::string shipped() {
    return std::string(REKINDLE_SOURCE_DIR) + "/share/rekindle/activities.toml";
}

Settings settings_from(std::string_view toml) {
    return load_settings(shipped(), config::Config::from_string(toml));
}

struct Fixture {
    TempDir tmp;
    db::Database db = db::Database::open(tmp.file("s.db"), db::Mode::read_write);
    Store store;
    explicit Fixture(std::string_view toml = "", dates::DayStart day_start = 0)
        : store(db, settings_from(toml), day_start) {}
    std::int64_t log(const char* activity, const char* at, std::optional<std::int64_t> minutes = {},
                     std::optional<std::int64_t> mood = {}) {
        NewEntry e;
        e.activity = activity;
        e.at = dates::parse_utc(at);
        e.minutes = minutes;
        e.mood = mood;
        return store.add(e);
    }
    std::int64_t check_in(std::int64_t mood, const char* at) {
        NewEntry e;
        e.mood = mood;
        e.at = dates::parse_utc(at);
        return store.add(e);
    }
};

std::vector<Day> days(std::initializer_list<Day> list) {
    return {list};
}
} // namespace

TEST_CASE("activities match by name or alias, without case or spaces", "[selfcare]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    CHECK(f.store.resolve("Balanced Meal").name == "balanced meal");
    CHECK(f.store.resolve("balancedmeal").name == "balanced meal");
    CHECK(f.store.resolve(" JOG ").name == "running");
    CHECK(f.store.resolve("jog").category == "body");
    try {
        (void)f.store.resolve("yogga");
        FAIL("an unknown activity was accepted");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()).find("did you mean 'yoga'?") != std::string::npos);
    }
}

TEST_CASE("the config adds activities, categories and goals, and refuses bad ones", "[selfcare]") {
    auto s = settings_from(R"(
[selfcare]
categories = ["creative"]
rest_days_per_week = 1
[[selfcare.activity]]
name = "pottery"
category = "creative"
aliases = ["clay"]
[[selfcare.goal]]
category = "body"
minutes_per_week = 150
)");
    CHECK(std::any_of(s.activities.begin(), s.activities.end(),
                      [](const Activity& a) { return a.name == "pottery"; }));
    CHECK(s.rest_days_per_week == 1);
    REQUIRE(s.goals.size() == 1);
    CHECK(s.goals[0].minutes);
    CHECK(s.goals[0].target == 150);
    CHECK_THROWS_AS(settings_from("[[selfcare.activity]]\nname = \"x\"\ncategory = \"bdy\"\n"),
                    ConfigError);
    CHECK_THROWS_AS(settings_from("[[selfcare.goal]]\nactivity = \"running\"\n"), ConfigError);
    CHECK_THROWS_AS(settings_from("[[selfcare.goal]]\nactivity = \"running\"\nper_week = 0\n"),
                    ConfigError);
    CHECK_THROWS_AS(settings_from("[[selfcare.goal]]\nactivity = \"running\"\ncategory = "
                                  "\"body\"\nper_week = 2\n"),
                    ConfigError);
    CHECK_THROWS_AS(settings_from("[selfcare]\nrest_days_per_week = 7\n"), ConfigError);
    CHECK_THROWS_AS(settings_from("[selfcare]\nlow_mood_threshold = 11\n"), ConfigError);
    try {
        (void)settings_from("[[selfcare.activity]]\nname = \"x\"\ncategory = \"bdy\"\n");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("did you mean 'body'?") != std::string::npos);
        CHECK(std::string(e.what()).find(":3:") != std::string::npos);
    }
}

TEST_CASE("weeks start on Monday or on Sunday", "[selfcare]") {
    CHECK(week_start(Day{2026, 11, 27}, false) == Day{2026, 11, 23}); // a Friday
    CHECK(week_start(Day{2026, 11, 23}, false) == Day{2026, 11, 23}); // Monday itself
    CHECK(week_start(Day{2026, 11, 29}, false) == Day{2026, 11, 23}); // Sunday ends it
    CHECK(week_start(Day{2026, 11, 29}, true) == Day{2026, 11, 29});  // Sunday begins it
    CHECK(week_start(Day{2026, 11, 28}, true) == Day{2026, 11, 22});
    CHECK(week_start(Day{2027, 1, 1}, false) == Day{2026, 12, 28}); // across a year
}

TEST_CASE("streaks: runs, gaps and today", "[selfcare][streak]") {
    Day today{2026, 11, 27};
    SECTION("nothing logged") {
        auto s = streak_of({}, today, 0, false);
        CHECK(s.current == 0);
        CHECK(s.longest == 0);
        CHECK_FALSE(s.last_day);
    }
    SECTION("a run up to yesterday is still current: today is not over") {
        auto s = streak_of(days({{2026, 11, 24}, {2026, 11, 25}, {2026, 11, 26}}), today, 0, false);
        CHECK(s.current == 3);
        CHECK(s.current_since == Day{2026, 11, 24});
        CHECK(s.longest == 3);
    }
    SECTION("a missed day breaks the run") {
        auto s = streak_of(days({{2026, 11, 20},
                                 {2026, 11, 21},
                                 {2026, 11, 22},
                                 {2026, 11, 23},
                                 {2026, 11, 25},
                                 {2026, 11, 26},
                                 {2026, 11, 27}}),
                           today, 0, false);
        CHECK(s.current == 3);
        CHECK(s.current_since == Day{2026, 11, 25});
        CHECK(s.longest == 4);
        CHECK(s.longest_since == Day{2026, 11, 20});
        CHECK(s.longest_until == Day{2026, 11, 23});
        CHECK(s.active_days == 7);
    }
    SECTION("two days without an entry end the current run") {
        auto s = streak_of(days({{2026, 11, 23}, {2026, 11, 24}, {2026, 11, 25}}), today, 0, false);
        CHECK(s.current == 0);
        CHECK(s.longest == 3);
        CHECK(s.last_day == Day{2026, 11, 25});
    }
    SECTION("a day after today is not counted yet") {
        auto s = streak_of(days({{2026, 11, 27}, {2026, 11, 30}}), today, 0, false);
        CHECK(s.active_days == 1);
        CHECK(s.current == 1);
    }
}

TEST_CASE("streaks: rest days let a weekly rhythm count as unbroken", "[selfcare][streak]") {
    Day today{2026, 11, 27}; // a Friday; the week began on Monday 23rd
    // Mon..Sat of the week of the 16th with Wednesday off, then the week of the 23rd with
    // Tuesday off.
    auto active = days({{2026, 11, 16},
                        {2026, 11, 17},
                        {2026, 11, 19},
                        {2026, 11, 20},
                        {2026, 11, 21},
                        {2026, 11, 22},
                        {2026, 11, 23},
                        {2026, 11, 25},
                        {2026, 11, 26},
                        {2026, 11, 27}});
    SECTION("without rest days each gap breaks") {
        auto s = streak_of(active, today, 0, false);
        CHECK(s.current == 3);
        CHECK(s.longest == 5); // the 19th to the 23rd
    }
    SECTION("one rest day a week keeps it whole, rest days counted in its length") {
        auto s = streak_of(active, today, 1, false);
        CHECK(s.current == 12);
        CHECK(s.current_since == Day{2026, 11, 16});
        CHECK(s.current_active == 10);
    }
    SECTION("two rests in one week are one too many") {
        auto two = days({{2026, 11, 23}, {2026, 11, 25}, {2026, 11, 27}});
        auto s = streak_of(two, today, 1, false);
        CHECK(s.current == 1);
        CHECK(s.longest == 3);
        CHECK(streak_of(two, today, 2, false).current == 5);
    }
    SECTION("the week a rest falls in depends on week_starts") {
        // Sunday the 22nd and Monday the 23rd missed: one in each Monday week, but both in
        // the same Sunday week.
        auto split = days({{2026, 11, 20}, {2026, 11, 21}, {2026, 11, 24}});
        CHECK(streak_of(split, Day{2026, 11, 24}, 1, false).current == 5);
        CHECK(streak_of(split, Day{2026, 11, 24}, 1, true).current == 1);
    }
    SECTION("resting up to yesterday keeps the current run") {
        auto s = streak_of(days({{2026, 11, 24}, {2026, 11, 25}}), today, 1, false);
        CHECK(s.current == 2); // the 26th rested; today is not over
        CHECK(streak_of(days({{2026, 11, 24}, {2026, 11, 25}}), today, 0, false).current == 0);
    }
}

TEST_CASE("entries count for the day day_starts_at gives them, even across DST",
          "[selfcare][streak]") {
    Zone zone("Europe/London");
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f("", 4 * 60); // days begin at 04:00
    // 01:30 on the 25th is still the 24th's night.
    f.log("walking", "2026-11-25T01:30:00Z");
    f.log("walking", "2026-11-26T09:00:00Z");
    auto list = f.store.list({});
    REQUIRE(list.size() == 2);
    CHECK(list[0].day == Day{2026, 11, 24});
    auto s = f.store.streak({Scope::Kind::activity, "walking"}, Day{2026, 11, 26});
    CHECK(s.current == 1); // the 25th has no entry: only today's run
    CHECK(s.current_since == Day{2026, 11, 26});
    CHECK(s.active_days == 2);

    // The clocks went back on 2026-10-25 in London: 00:30 UTC is 01:30 BST, the 25th.
    Fixture g;
    g.log("yoga", "2026-10-24T22:30:00Z"); // 23:30 BST on the 24th
    g.log("yoga", "2026-10-25T00:30:00Z"); // 01:30 BST on the 25th
    g.log("yoga", "2026-10-26T00:30:00Z"); // 00:30 GMT on the 26th
    auto y = g.store.streak({Scope::Kind::activity, "yoga"}, Day{2026, 10, 26});
    CHECK(y.current == 3);
    CHECK(y.current_since == Day{2026, 10, 24});
}

TEST_CASE("goals count this week's entries or minutes", "[selfcare][goals]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f(R"(
[[selfcare.goal]]
activity = "jog"
per_week = 3
[[selfcare.goal]]
category = "body"
minutes_per_week = 150
)");
    f.log("running", "2026-11-22T10:00:00Z", 60); // Sunday: last week when weeks start Monday
    f.log("running", "2026-11-23T10:00:00Z", 30);
    f.log("running", "2026-11-25T10:00:00Z", 40);
    f.log("yoga", "2026-11-26T10:00:00Z", 90);
    f.log("reading", "2026-11-26T11:00:00Z", 300);
    auto goals = f.store.goals(Day{2026, 11, 27});
    REQUIRE(goals.size() == 2);
    CHECK(goals[0].goal.activity == "running"); // the alias names it
    CHECK(goals[0].done == 2);
    CHECK(goals[0].target == 3);
    CHECK(goals[0].percent == 66);
    CHECK_FALSE(goals[0].met());
    CHECK(goals[1].done == 160);
    CHECK(goals[1].met());

    // With weeks starting on Sunday, Sunday's run counts.
    Fixture g("week_starts = \"sunday\"\n[[selfcare.goal]]\nactivity = \"running\"\nper_week = "
              "3\n");
    g.log("running", "2026-11-22T10:00:00Z");
    g.log("running", "2026-11-23T10:00:00Z");
    g.log("running", "2026-11-21T10:00:00Z"); // Saturday: the week before
    CHECK(g.store.goals(Day{2026, 11, 27})[0].done == 2);
}

TEST_CASE("a goal naming an unknown activity is a config error with its place",
          "[selfcare][goals]") {
    Fixture f("[[selfcare.goal]]\nactivity = \"runing\"\nper_week = 3\n");
    try {
        (void)f.store.goals(Day{2026, 11, 27});
        FAIL("no error");
    } catch (const ConfigError& e) {
        // The place of the goal's activity key, on the line after [[selfcare.goal]].
        CHECK(std::string(e.what()).find("config.toml:2:") != std::string::npos);
        CHECK(std::string(e.what()).find("did you mean 'running'?") != std::string::npos);
    }
}

TEST_CASE("removing an entry takes it out of streaks and goals, not out of export", "[selfcare]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f("[[selfcare.goal]]\nactivity = \"running\"\nper_week = 3\n");
    f.log("running", "2026-11-26T10:00:00Z", 20);
    auto id = f.log("running", "2026-11-27T10:00:00Z", 20);
    CHECK(f.store.goals(Day{2026, 11, 27})[0].done == 2);
    f.store.remove(id);
    CHECK(f.store.goals(Day{2026, 11, 27})[0].done == 1);
    CHECK(f.store.streak({}, Day{2026, 11, 27}).current == 1);
    CHECK_THROWS_AS(f.store.remove(id), UsageError);
    std::string out;
    f.store.export_records([&](std::string_view t) { out += t; });
    CHECK(out.find("\"removed_at\":\"2026-11-27T12:00:00Z\"") != std::string::npos);
}

TEST_CASE("rows written by another program are counted without a write", "[selfcare]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    f.log("running", "2026-11-26T10:00:00Z");
    f.db.exec("INSERT INTO selfcare_entry (uid, activity, category, at, day, recorded_at) "
              "VALUES ('x1', 'running', 'body', '2026-11-27T09:00:00Z', '2026-11-27', "
              "'2026-11-27T09:00:00Z')");
    CHECK(f.store.streak({Scope::Kind::activity, "running"}, Day{2026, 11, 27}).current == 2);
    CHECK(f.store.entries_on({Scope::Kind::category, "body"}, Day{2026, 11, 27},
                             Day{2026, 11, 27}) == 1);
    // The next write brings the summary up to date, and counts nothing twice.
    f.log("running", "2026-11-27T11:00:00Z");
    CHECK(f.store.entries_on({}, Day{2026, 11, 26}, Day{2026, 11, 27}) == 3);
}

TEST_CASE("the mood of the last seven days", "[selfcare][mood]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    f.check_in(2, "2026-11-20T10:00:00Z"); // eight days ago: left out
    f.check_in(3, "2026-11-21T10:00:00Z");
    f.check_in(4, "2026-11-27T10:00:00Z");
    f.log("walking", "2026-11-27T11:00:00Z", 20, 5);
    auto m = f.store.recent_mood(Day{2026, 11, 27});
    CHECK(m.readings == 3);
    REQUIRE(m.average);
    CHECK(*m.average == Approx(4.0));
}

TEST_CASE("a report's totals, goals and mood comparison", "[selfcare][report]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f("[[selfcare.goal]]\nactivity = \"walking\"\nper_week = 2\n");
    f.log("walking", "2026-11-23T10:00:00Z", 30);
    f.log("walking", "2026-11-24T10:00:00Z", 30);
    f.log("reading", "2026-11-24T20:00:00Z", 45);
    f.check_in(7, "2026-11-23T21:00:00Z"); // a day with self-care
    f.check_in(5, "2026-11-24T21:00:00Z"); // with
    f.check_in(3, "2026-11-25T21:00:00Z"); // without
    auto r = f.store.report(Day{2026, 11, 23}, Day{2026, 11, 27});
    CHECK(r.days == 5);
    CHECK(r.entries == 3);
    CHECK(r.minutes == 105);
    CHECK(r.active_days == 2);
    REQUIRE(r.categories.size() == 2);
    CHECK(r.categories[0].name == "body");
    CHECK(r.categories[0].minutes == 60);
    CHECK(r.goal_weeks == 1);
    CHECK(r.goals_met == 1);
    CHECK(r.mood_readings == 3);
    CHECK(*r.mood_average == Approx(5.0));
    CHECK(*r.mood_trend == Approx(-14.0)); // falling by 2 a day
    CHECK(*r.mood_with == Approx(6.0));
    CHECK(r.days_with == 2);
    CHECK(*r.mood_without == Approx(3.0));
    CHECK(r.days_without == 1);
    CHECK(r.per_day.size() == 5);
    CHECK(r.per_day[1].second == 2);
    CHECK_FALSE(r.mood[4].second);
}

TEST_CASE("the trend is the least-squares slope", "[selfcare][report]") {
    CHECK_FALSE(trend_of({}));
    CHECK_FALSE(trend_of({{0, 5}}));
    CHECK(*trend_of({{0, 1}, {1, 2}, {2, 3}}) == Approx(1.0));
    CHECK(*trend_of({{0, 4}, {1, 6}, {2, 4}, {3, 6}}) == Approx(0.4));
}

TEST_CASE("Daylio times in both clocks", "[selfcare][daylio]") {
    CHECK(daylio_time("6:50 pm") == std::pair{18, 50});
    CHECK(daylio_time("12:05 AM") == std::pair{0, 5});
    CHECK(daylio_time("12:30 pm") == std::pair{12, 30});
    CHECK(daylio_time("14:58") == std::pair{14, 58});
    CHECK(daylio_time("9:07\xE2\x80\xAFpm") == std::pair{21, 7});
    CHECK_FALSE(daylio_time("25:00"));
    CHECK_FALSE(daylio_time("13:00 pm"));
    CHECK_FALSE(daylio_time("6:60 pm"));
    CHECK_FALSE(daylio_time("noon"));
    CHECK_FALSE(daylio_time(""));
}

TEST_CASE("Daylio rows in both column layouts", "[selfcare][daylio]") {
    auto moods = settings_from("").daylio_moods;
    std::istringstream old_layout("\xEF\xBB\xBF"
                                  "full_date,date,weekday,time,mood,activities,note\n"
                                  "2026-11-20,November 20,Friday,6:50 pm, Good ,"
                                  "\" reading |  walking | friends \",\"a calm \"\"day\"\"\"\n");
    auto rows = read_daylio(old_layout, "old.csv", moods);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].line == 2);
    CHECK(rows[0].mood == 7);
    CHECK(rows[0].hour == 18);
    CHECK(rows[0].activities == std::vector<std::string>{"reading", "walking", "friends"});
    CHECK(rows[0].note == "a calm \"day\"");

    std::istringstream new_layout(
        "full_date,date,weekday,time,mood,activities,note_title,note\r\n"
        "2026-11-21,Nov 21,Saturday,14:58,awful,,Hard day,\"first line\nsecond line\"\r\n"
        "2026-11-22,Nov 22,Sunday,08:00,meh,sleep,,\r\n");
    rows = read_daylio(new_layout, "new.csv", moods);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].mood == 1);
    CHECK(rows[0].activities.empty());
    CHECK(rows[0].note == "Hard day\n\nfirst line\nsecond line");
    CHECK(rows[1].line == 4); // the quoted line break moved it down
    CHECK_FALSE(rows[1].note);
}

TEST_CASE("a bad Daylio row names its line", "[selfcare][daylio]") {
    auto moods = settings_from("[selfcare.daylio.moods]\n\"So-So\" = 4\n").daylio_moods;
    auto error_of = [&](const std::string& body) {
        std::istringstream in("full_date,date,weekday,time,mood,activities,note\n" + body);
        try {
            (void)read_daylio(in, "d.csv", moods);
        } catch (const DataError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(error_of("2026-11-20,a,b,10:00, so-so ,,\n").empty()); // a label of the config
    CHECK(error_of("2026-11-20,a,b,10:00,great,,\n").find("d.csv:2: mood 'great'") == 0);
    CHECK(error_of("2026-11-20,a,b,10:00,good,,\n2026-13-01,a,b,10:00,good,,\n")
              .find("d.csv:3: full_date") == 0);
    CHECK(error_of("2026-11-20,a,b,25:00,good,,\n").find("d.csv:2: time") == 0);
    CHECK(error_of("2026-11-20,a,b,10:00,good,\n").find("d.csv:2: 6 fields") == 0);
    CHECK(error_of("2026-11-20,a,b,10:00,good,,\"open\n").find("d.csv:2: a quoted field") == 0);
    std::istringstream not_daylio("a,b,c\n1,2,3\n");
    CHECK_THROWS_AS(read_daylio(not_daylio, "x.csv", moods), DataError);
}

TEST_CASE("a Daylio import is idempotent and adds unknown activities", "[selfcare][daylio]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    std::string csv = "full_date,date,weekday,time,mood,activities,note\n"
                      "2026-11-20,x,Friday,6:50 pm,good,reading | Gaming,nice\n"
                      "2026-11-21,x,Saturday,09:00,bad,,\n";
    std::istringstream once(csv);
    auto stats = f.store.import_daylio(once, "d.csv");
    CHECK(stats.entries == 4);
    CHECK(stats.activities == 1);
    CHECK(f.store.resolve("gaming").category == "imported");
    std::istringstream twice(csv);
    auto again = f.store.import_daylio(twice, "d.csv");
    CHECK(again.entries == 0);
    CHECK(again.activities == 0);
    CHECK(f.store.list({}).size() == 4);
}

TEST_CASE("export and import lose nothing", "[selfcare][records]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture a;
    NewEntry e;
    e.activity = "pottery";
    e.new_category = "joy";
    e.at = dates::parse_utc("2026-11-26T10:00:00Z");
    e.minutes = 45;
    e.text = "muddy hands\nand a bowl";
    e.tags = {"#Calm"};
    a.store.add(e);
    a.check_in(6, "2026-11-26T21:00:00Z");
    std::string out;
    a.store.export_records([&](std::string_view t) { out += t; });

    Fixture b;
    std::istringstream in(out);
    jsonl::Reader reader(in, "export.jsonl");
    auto stats = b.store.import_records(reader);
    CHECK(stats.entries == 2);
    CHECK(b.store.resolve("pottery").category == "joy");
    std::string again;
    b.store.export_records([&](std::string_view t) { again += t; });
    CHECK(again == out);
    auto list = b.store.list({});
    REQUIRE(list.size() == 2);
    CHECK(list[0].tags == std::vector<std::string>{"calm"});
    CHECK(b.store.streak({Scope::Kind::activity, "pottery"}, Day{2026, 11, 27}).current == 1);
}

TEST_CASE("a bad line imports nothing and names where it is", "[selfcare][records]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    std::istringstream in(
        R"({"type":"entry","tool":"selfcare","activity":"running","at":"2026-11-26T10:00:00Z"}
{"type":"entry","tool":"selfcare","activity":"running","at":"2026-11-26T11:00:00Z","mood":11}
)");
    jsonl::Reader reader(in, "bad.jsonl");
    try {
        (void)f.store.import_records(reader);
        FAIL("no error");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("bad.jsonl:2: field 'mood'") == 0);
    }
    CHECK(f.store.list({}).empty());
}

#include "rekindle/journey.hpp"
#include "rekindle/text.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

using namespace rekindle;
using namespace rekindle::journey;
using dates::Day;

namespace {
struct Clock {
    explicit Clock(const char* iso) { ::setenv("REKINDLE_NOW", iso, 1); }
    ~Clock() { ::unsetenv("REKINDLE_NOW"); }
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

dates::Instant utc(const char* iso) {
    return dates::parse_utc(iso);
}

std::string share() {
    return std::string(REKINDLE_SOURCE_DIR) + "/share/rekindle";
}

// A database and the stores of every tool over it, all with the same config.
struct World {
    TempDir tmp;
    config::Config config;
    db::Database db = db::Database::open(tmp.file("j.db"), db::Mode::read_write);
    nocontact::Store nocontact;
    selfcare::Store selfcare;
    checklist::Store checklist;
    reflect::Store reflect;
    signals::Store signals;

    explicit World(std::string_view toml = "")
        : config(config::Config::from_string(toml)),
          nocontact(db, nocontact::load_settings(config), 0),
          selfcare(db, selfcare::load_settings(share() + "/activities.toml", config), 0),
          checklist(db, checklist::load_catalog(share() + "/checklists.toml", config)),
          reflect(db, reflect::load_catalog(share() + "/prompts.toml", config)),
          signals(db, signals::load_settings(share() + "/signals.toml", config), 0) {}

    [[nodiscard]] Sources sources() const { return Sources{share(), &config, 0}; }

    void urge(const char* at, std::int64_t intensity = 5, const char* trigger = nullptr) {
        nocontact::NewEvent e;
        e.kind = "urge";
        e.at = utc(at);
        e.intensity = intensity;
        if (trigger)
            e.trigger = trigger;
        nocontact.record(e);
    }
    void slip(const char* at, const char* lesson) {
        nocontact::NewEvent e;
        e.kind = "slip";
        e.at = utc(at);
        e.text = "sent a message";
        e.lesson = lesson;
        nocontact.record(e);
    }
    void activity(const char* at, const char* name, std::int64_t minutes = 30) {
        selfcare::NewEntry e;
        e.activity = name;
        e.at = utc(at);
        e.minutes = minutes;
        selfcare.add(e);
    }
    void mood(const char* at, std::int64_t mood) {
        selfcare::NewEntry e;
        e.at = utc(at);
        e.mood = mood;
        selfcare.add(e);
    }
};

const Link* find_link(const Review& r, std::string_view id) {
    for (const auto& l : r.links)
        if (l.id == id)
            return &l;
    return nullptr;
}
} // namespace

TEST_CASE("a period is the calendar week or month holding the day", "[journey]") {
    Day friday{2026, 11, 27};
    CHECK(period_of(Span::week, friday, false) == std::pair{Day{2026, 11, 23}, Day{2026, 11, 29}});
    CHECK(period_of(Span::week, friday, true) == std::pair{Day{2026, 11, 22}, Day{2026, 11, 28}});
    CHECK(period_of(Span::month, friday, false) == std::pair{Day{2026, 11, 1}, Day{2026, 11, 30}});
    CHECK(period_of(Span::month, Day{2026, 12, 31}, false) ==
          std::pair{Day{2026, 12, 1}, Day{2026, 12, 31}});
    CHECK(period_of(Span::month, Day{2028, 2, 10}, false) ==
          std::pair{Day{2028, 2, 1}, Day{2028, 2, 29}});
}

TEST_CASE("status on an empty database says how to begin each part", "[journey]") {
    Clock clock("2026-11-27T20:00:00Z");
    World w;
    auto s = status(w.db, w.sources(), dates::now());
    CHECK(s.today == Day{2026, 11, 27});
    CHECK_FALSE(s.nocontact.running);
    CHECK_FALSE(s.selfcare.any);
    CHECK(s.checklist.done == 0);
    CHECK(s.checklist.next_list == "reflection");
    CHECK_FALSE(s.reflect.last);
    CHECK(s.reflect.untouched.size() == w.reflect.catalog().themes.size() - 1); // incident aside
    CHECK(s.signals.signals == 0);

    auto screen = status_text(s, false);
    CHECK_THAT(screen, Catch::Contains("'rekindle nocontact start'"));
    CHECK_THAT(screen, Catch::Contains("'rekindle selfcare log walking'"));
    CHECK_THAT(screen, Catch::Contains("checklist show reflection'"));
    CHECK_THAT(screen, Catch::Contains("'rekindle reflect'"));
    CHECK_THAT(screen, Catch::Contains("'rekindle signals log KIND'"));
    CHECK(status_line(s) == "nothing recorded yet; 'rekindle status' shows how to begin\n");
    auto json = status_json(s);
    CHECK_THAT(json, Catch::Contains("\"next_step\":\"rekindle nocontact start\""));
    CHECK_THAT(json, Catch::Contains("\"next_step\":\"rekindle reflect\""));
}

TEST_CASE("status gathers every part's figures", "[journey]") {
    Clock clock("2026-11-27T20:00:00Z");
    World w("[[selfcare.goal]]\nactivity = \"walking\"\nper_week = 2\n");
    w.nocontact.start(30, utc("2026-11-01T09:00:00Z"), std::nullopt);
    w.urge("2026-11-12T20:00:00Z"); // the 7 days before the last 7 (Nov 14..20): not this one
    w.urge("2026-11-15T20:00:00Z");
    w.urge("2026-11-20T23:59:00Z");
    w.urge("2026-11-21T00:00:00Z"); // the first moment of the last 7 days
    w.urge("2026-11-27T19:00:00Z");
    w.slip("2026-11-24T21:00:00Z", "waiting an hour helps");
    w.activity("2026-11-23T10:00:00Z", "walking");
    w.activity("2026-11-26T10:00:00Z", "walking");
    w.activity("2026-11-26T12:00:00Z", "reading");
    w.activity("2026-11-10T10:00:00Z", "reading"); // long ago
    w.mood("2026-11-25T20:00:00Z", 5);
    w.mood("2026-11-26T20:00:00Z", 7);
    w.mood("2026-11-20T20:00:00Z", 3); // the day before the last 7
    w.checklist.check("reflection", {"1", "2"}, std::nullopt, utc("2026-11-20T10:00:00Z"));
    reflect::NewEntry entry;
    entry.theme = "breakup";
    entry.text = "what I see now";
    entry.at = utc("2026-11-25T21:00:00Z");
    w.reflect.add(entry);
    w.signals.log("initiates", utc("2026-11-26T18:00:00Z"), 2, std::nullopt);

    auto s = status(w.db, w.sources(), dates::now());
    REQUIRE(s.nocontact.running);
    CHECK(s.nocontact.running->day == 27);
    CHECK(s.nocontact.running->streak == 3);
    CHECK(s.nocontact.urges_recent == 2);
    CHECK(s.nocontact.urges_before == 2);
    CHECK(s.selfcare.any);
    CHECK(s.selfcare.entries_recent == 3);
    REQUIRE(s.selfcare.goals.size() == 1);
    CHECK(s.selfcare.goals_met() == 1);
    CHECK(s.selfcare.mood_readings == 2);
    CHECK(*s.selfcare.mood_average == Approx(6.0));
    // Three daily averages over 28 days: 3 on the 20th, 5 on the 25th, 7 on the 26th.
    REQUIRE(s.selfcare.mood_trend);
    CHECK(*s.selfcare.mood_trend > 0);
    CHECK_FALSE(s.selfcare.low_mood);
    CHECK(s.checklist.done == 2);
    CHECK(s.checklist.next_list == "reflection");
    CHECK(s.reflect.entries_recent == 1);
    CHECK(s.reflect.last == Day{2026, 11, 25});
    CHECK(std::find(s.reflect.untouched.begin(), s.reflect.untouched.end(), "breakup") ==
          s.reflect.untouched.end());
    CHECK(s.signals.signals == 1);

    CHECK(status_line(s) ==
          "day 27/30 (streak 3), urges 2, goals 1/1, mood 6.0, checklist 6%, reflections 1, "
          "signals toward\n");
    auto screen = status_text(s, false);
    CHECK_THAT(screen, Catch::Contains("day 27 of 30 · 3 days since the last slip"));
    CHECK_THAT(screen, Catch::Contains("urges: 2 in the last 7 days, 2 in the 7 before"));
    CHECK_THAT(screen, Catch::Contains("goals this week: 1 of 1 met"));
    auto table = status_table(s);
    bool found = false;
    for (const auto& row : table.rows)
        if (std::get<std::string>(row[0]) == "nocontact.urges_last_7_days") {
            found = true;
            CHECK(std::get<std::int64_t>(row[1]) == 2);
        }
    CHECK(found);
}

TEST_CASE("a low week of mood points to people who can help", "[journey]") {
    Clock clock("2026-11-27T20:00:00Z");
    World w;
    w.mood("2026-11-26T20:00:00Z", 3);
    w.mood("2026-11-27T10:00:00Z", 4);
    auto s = status(w.db, w.sources(), dates::now());
    CHECK(s.selfcare.low_mood);
    CHECK_THAT(status_text(s, false), Catch::Contains("a counsellor or doctor"));

    World quiet("[selfcare]\nlow_mood_notice = false\n");
    quiet.mood("2026-11-26T20:00:00Z", 3);
    CHECK_FALSE(status(quiet.db, quiet.sources(), dates::now()).selfcare.low_mood);
}

TEST_CASE("the review compares the week with the one before and links the areas", "[journey]") {
    Clock clock("2026-11-29T20:00:00Z");
    World w;
    w.nocontact.start(30, utc("2026-11-01T09:00:00Z"), std::nullopt);
    // The week before: three urges.
    w.urge("2026-11-17T20:00:00Z");
    w.urge("2026-11-18T20:00:00Z");
    w.urge("2026-11-22T20:00:00Z");
    // This week (Nov 23..29): self-care on the 23rd, 26th, 27th and 29th.
    for (const char* at : {"2026-11-23T10:00:00Z", "2026-11-26T10:00:00Z", "2026-11-27T10:00:00Z",
                           "2026-11-29T10:00:00Z"})
        w.activity(at, "walking");
    // Check-ins: 7 on self-care days, 4 on the others.
    for (const char* at : {"2026-11-23T21:00:00Z", "2026-11-26T21:00:00Z", "2026-11-27T21:00:00Z"})
        w.mood(at, 7);
    for (const char* at : {"2026-11-24T21:00:00Z", "2026-11-25T21:00:00Z", "2026-11-28T21:00:00Z"})
        w.mood(at, 4);
    // Contact on the 24th; urges on the three days after it, and one on the 28th.
    w.slip("2026-11-24T20:00:00Z", "I felt worse after, not better");
    w.urge("2026-11-25T20:00:00Z", 8, "evening");
    w.urge("2026-11-25T22:00:00Z", 6, "evening");
    w.urge("2026-11-26T20:00:00Z", 4, "photos");
    w.urge("2026-11-27T20:00:00Z", 2, "evening");
    w.urge("2026-11-28T20:00:00Z", 5);

    auto r = review(w.db, w.sources(), Span::week, Day{2026, 11, 29}, dates::now(), false);
    CHECK(r.from == Day{2026, 11, 23});
    CHECK(r.until == Day{2026, 11, 29});
    CHECK(r.before_from == Day{2026, 11, 16});
    CHECK(r.nocontact.urges == 5);
    CHECK(r.nocontact.urges_before == 3);
    CHECK(*r.nocontact.intensity == Approx(5.0));
    REQUIRE(r.nocontact.triggers.size() == 2);
    CHECK(r.nocontact.triggers[0] == std::pair<std::string, std::int64_t>{"evening", 3});
    REQUIRE(r.nocontact.slips.size() == 1);
    CHECK(r.selfcare.entries == 4);
    CHECK(r.selfcare_before.entries == 0);

    const Link* mood = find_link(r, "mood_selfcare");
    REQUIRE(mood);
    CHECK(mood->with_value == Approx(7.0));
    CHECK(mood->with_days == 3);
    CHECK(mood->other_value == Approx(4.0));
    CHECK(mood->other_days == 3);
    // Urges on the 4 self-care days: 0, 1, 1, 0; on the 3 others: 0, 2, 1.
    const Link* urges = find_link(r, "urges_selfcare");
    REQUIRE(urges);
    CHECK(urges->with_days == 4);
    CHECK(urges->with_value == Approx(0.5));
    CHECK(urges->other_days == 3);
    CHECK(urges->other_value == Approx(1.0));
    // After contact (25, 26, 27): 2, 1, 1; other days (23, 28, 29): 0, 1, 0.
    const Link* after = find_link(r, "urges_contact");
    REQUIRE(after);
    CHECK(after->with_days == 3);
    CHECK(after->with_value == Approx(4.0 / 3));
    CHECK(after->other_days == 3);
    CHECK(after->other_value == Approx(1.0 / 3));
    // Mood after contact: 4 (25), 7 (26), 7 (27); on other days: 7 (23), 4 (28).
    CHECK_FALSE(find_link(r, "mood_contact")); // two other days are too few

    auto md = review_markdown(r);
    CHECK_THAT(md, Catch::StartsWith("# Review of the week 2026-11-23 to 2026-11-29\n"));
    CHECK_THAT(md, Catch::Contains("- Urges: 5 (the week before: 3)"));
    CHECK_THAT(md, Catch::Contains("What I learned: I felt worse after, not better"));
    CHECK_THAT(md, Catch::Contains("- Mood: 7.0 on days with self-care (3 days), against 4.0 on "
                                   "days without (3 days)."));
    CHECK_THAT(md, Catch::Contains("- Urges a day: 1.3 on the days after contact (3 days), "
                                   "against 0.3 on other days (3 days)."));
    auto json = review_json(r);
    CHECK_THAT(json, Catch::Contains("\"id\":\"urges_selfcare\""));
    CHECK_THAT(json, Catch::Contains("\"urges\":5,\"urges_before\":3"));
}

TEST_CASE("a review with too few days says nothing of links", "[journey]") {
    Clock clock("2026-11-24T20:00:00Z"); // Tuesday: two days of the week so far
    World w;
    w.nocontact.start(30, utc("2026-11-01T09:00:00Z"), std::nullopt);
    w.activity("2026-11-23T10:00:00Z", "walking");
    w.mood("2026-11-23T21:00:00Z", 7);
    w.mood("2026-11-24T19:00:00Z", 4);
    auto r = review(w.db, w.sources(), Span::week, Day{2026, 11, 24}, dates::now(), false);
    CHECK(r.until == Day{2026, 11, 24});
    CHECK(r.links.empty());
    auto md = review_markdown(r);
    CHECK_THAT(md, Catch::Contains("So far: 2 of its 7 days."));
    CHECK_THAT(md, Catch::Contains("Too few days yet"));
}

TEST_CASE("a review across a change of the clocks keeps each thing on its local day", "[journey]") {
    Zone zone("Europe/London"); // the clocks go back at 01:00 UTC on 2026-10-25
    Clock clock("2026-11-01T12:00:00Z");
    World w;
    w.nocontact.start(60, utc("2026-10-01T09:00:00Z"), std::nullopt);
    w.urge("2026-10-18T23:30:00Z"); // 00:30 BST on Monday the 19th: the week of the 19th
    w.urge("2026-10-25T23:30:00Z"); // 23:30 GMT on Sunday the 25th: still that week
    w.urge("2026-10-26T00:30:00Z"); // 00:30 GMT on Monday the 26th: the next week
    auto earlier = review(w.db, w.sources(), Span::week, Day{2026, 10, 12}, dates::now(), false);
    CHECK(earlier.nocontact.urges == 0);
    auto week = review(w.db, w.sources(), Span::week, Day{2026, 10, 21}, dates::now(), false);
    CHECK(week.nocontact.urges == 2);
    CHECK(week.nocontact.urges_before == 0);
    auto next = review(w.db, w.sources(), Span::week, Day{2026, 10, 26}, dates::now(), false);
    CHECK(next.nocontact.urges == 1);
    CHECK(next.nocontact.urges_before == 2);

    // Status's last 7 days begin at local midnight too: on Sunday Nov 1 that is Oct 26 00:00 GMT.
    auto s = status(w.db, w.sources(), dates::now());
    CHECK(s.nocontact.urges_recent == 1);
    CHECK(s.nocontact.urges_before == 2);
}

TEST_CASE("a review keeps what the person wrote from shaping the document", "[journey]") {
    Clock clock("2026-11-27T20:00:00Z");
    World w;
    w.nocontact.start(30, utc("2026-11-01T09:00:00Z"), std::nullopt);
    w.slip("2026-11-24T20:00:00Z", "line one\n# not a heading\x1b[31m");
    reflect::NewEntry entry;
    entry.theme = "breakup";
    entry.text = "first line\n\n## also not a heading";
    entry.at = utc("2026-11-25T21:00:00Z");
    w.reflect.add(entry);
    auto r = review(w.db, w.sources(), Span::week, Day{2026, 11, 27}, dates::now(), true);
    auto md = review_markdown(r);
    CHECK_THAT(md, Catch::Contains("What I learned: line one # not a heading\\x1b[31m"));
    CHECK_THAT(md, Catch::Contains("> first line\n>\n> ## also not a heading\n"));
    CHECK(md.find("\x1b") == std::string::npos);
    REQUIRE(r.reflect.full.size() == 1);
}

TEST_CASE("a review remembers a period of no contact that has since ended", "[journey]") {
    Clock clock("2026-11-29T20:00:00Z");
    World w;
    w.nocontact.start(30, utc("2026-11-19T10:00:00Z"), std::nullopt);
    w.nocontact.end("stopped", std::nullopt, utc("2026-11-27T10:00:00Z"));
    auto before = review(w.db, w.sources(), Span::week, Day{2026, 11, 22}, dates::now(), false);
    REQUIRE(before.nocontact.at_end);
    CHECK(before.nocontact.at_end->day == 4);
    CHECK(before.nocontact.ended.empty());
    CHECK_THAT(review_markdown(before), Catch::Contains("- Day 4 of 30; 3 days since the start."));
    auto week = review(w.db, w.sources(), Span::week, Day{2026, 11, 29}, dates::now(), false);
    CHECK_FALSE(week.nocontact.at_end);
    REQUIRE(week.nocontact.ended.size() == 1);
    auto md = review_markdown(week);
    CHECK_THAT(md, Catch::Contains("- The period begun on 2026-11-19 ended on 2026-11-27 "
                                   "(stopped)."));
    CHECK_THAT(md, !Catch::Contains("Nothing recorded"));
    auto s = status(w.db, w.sources(), dates::now());
    CHECK(s.nocontact.last_ended == Day{2026, 11, 27});
    CHECK(status_line(s) == "no period of no contact running\n");
}

TEST_CASE("a period past its planned length is not 'day 41 of 30'", "[journey]") {
    Clock clock("2026-11-29T20:00:00Z");
    World w;
    w.nocontact.start(30, utc("2026-10-20T10:00:00Z"), std::nullopt);
    auto s = status(w.db, w.sources(), dates::now());
    REQUIRE(s.nocontact.running);
    CHECK(s.nocontact.running->day == 41);
    CHECK_THAT(status_text(s, false),
               Catch::Contains("day 41; the 30 days you planned are behind you"));
    CHECK_THAT(status_line(s), Catch::StartsWith("day 41 (streak 40)"));
}

TEST_CASE("the status screen wraps at spaces to the terminal's width", "[journey]") {
    Clock clock("2026-11-27T20:00:00Z");
    World w;
    auto s = status(w.db, w.sources(), dates::now());
    auto screen = status_text(s, false, 60);
    std::size_t start = 0;
    while (start < screen.size()) {
        auto end = screen.find('\n', start);
        CHECK(text::display_width(screen.substr(start, end - start)) <= 60);
        start = end + 1;
    }
    CHECK_THAT(screen, Catch::Contains("checklist show reflection'"));
    CHECK_THAT(status_text(s, false, 0), Catch::Contains("begin with 'rekindle selfcare log "
                                                         "walking' or 'rekindle selfcare mood 6'"));
}

TEST_CASE("a review at the end of the calendar stays within year 9999", "[journey]") {
    Clock clock("9999-12-31T12:00:00Z");
    World w;
    auto r = review(w.db, w.sources(), Span::week, Day{9999, 12, 31}, dates::now(), false);
    CHECK(r.to == Day{9999, 12, 31});
    CHECK_THAT(review_markdown(r), Catch::StartsWith("# Review of the week 9999-12-27 to "
                                                     "9999-12-31\n"));
}

TEST_CASE("a review lists ticks in the order they happened, and reads only known kinds",
          "[journey]") {
    Clock clock("2026-11-29T20:00:00Z");
    World w;
    w.checklist.check("reflection", {"1"}, std::nullopt, utc("2026-11-28T10:00:00Z"));
    w.checklist.check("reflection", {"2"}, std::nullopt, utc("2026-11-24T10:00:00Z")); // dated back
    w.signals.log("initiates", utc("2026-11-26T18:00:00Z"), 2, std::nullopt);
    w.db.prepare("INSERT INTO signals_signal (uid, kind, at, day, strength, recorded_at) VALUES "
                 "('x', 'no-such-kind', '2026-11-27T10:00:00Z', '2026-11-27', 2, "
                 "'2026-11-27T10:00:00Z')")
        .run();
    auto r = review(w.db, w.sources(), Span::week, Day{2026, 11, 29}, dates::now(), false);
    REQUIRE(r.checklist.ticked.size() == 2);
    CHECK(r.checklist.ticked[0].at < r.checklist.ticked[1].at);
    CHECK(r.signals.logged == 1);
}

TEST_CASE("a review of the first week of the calendar has no week before to read", "[journey]") {
    Clock clock("0001-01-10T12:00:00Z");
    World w("week_starts = \"sunday\"\n");
    auto r = review(w.db, w.sources(), Span::week, Day{1, 1, 3}, dates::now(), false);
    CHECK(r.from == Day{1, 1, 1});
    CHECK(r.before_to.year == 0);
    CHECK(r.signals.before_end.signals == 0);
    CHECK_THAT(review_markdown(r), Catch::StartsWith("# Review of the week 0001-01-01 to "));
}

TEST_CASE("the first day of a period, and the day of a slip, read kindly", "[journey]") {
    Clock clock("2026-11-27T20:00:00Z");
    World w;
    w.nocontact.start(30, utc("2026-11-27T09:00:00Z"), std::nullopt);
    CHECK_THAT(status_text(status(w.db, w.sources(), dates::now()), false),
               Catch::Contains("day 1 of 30 · begun today · 1 day clear tomorrow"));
    World later;
    later.nocontact.start(30, utc("2026-11-20T09:00:00Z"), std::nullopt);
    later.slip("2026-11-27T10:00:00Z", "it was late and I was tired");
    auto s = status(later.db, later.sources(), dates::now());
    CHECK_THAT(status_text(s, false), Catch::Contains("day 8 of 30 · a fresh start today"));
    auto r = review(later.db, later.sources(), Span::week, Day{2026, 11, 27}, dates::now(), false);
    CHECK_THAT(review_markdown(r), Catch::Contains("- Day 8 of 30; a fresh start today.\n"));
    CHECK_THAT(review_markdown(r), !Catch::Contains("waited out"));
}

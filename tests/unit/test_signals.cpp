#include "rekindle/error.hpp"
#include "rekindle/signals.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <sstream>

using namespace rekindle;
using namespace rekindle::signals;
using dates::Day;

namespace {
struct Clock {
    explicit Clock(const char* iso) { ::setenv("REKINDLE_NOW", iso, 1); }
    ~Clock() { ::unsetenv("REKINDLE_NOW"); }
};

Settings settings_from(std::string_view toml = "") {
    return load_settings(std::string(REKINDLE_SOURCE_DIR) + "/share/rekindle/signals.toml",
                         config::Config::from_string(toml));
}

const Day today{2026, 11, 27};

Score read(std::vector<DayKind> days, const Rule& rule = {}) {
    return score_of(days, today, settings_from().kinds, rule);
}

struct Fixture {
    TempDir tmp;
    db::Database db = db::Database::open(tmp.file("s.db"), db::Mode::read_write);
    Store store;
    explicit Fixture(std::string_view toml = "") : store(db, settings_from(toml), 0) {}
};
} // namespace

TEST_CASE("an empty history reads as nothing, kindly", "[signals]") {
    auto s = read({});
    CHECK(s.signals == 0);
    CHECK(s.overall == 0);
    CHECK(s.lean == "unclear");
    CHECK(s.confidence == "low");
    CHECK(s.summary == "No signals in the last 90 days. Whatever they do, your own growth is "
                       "worth it.");
}

TEST_CASE("each signal halves in weight every half-life", "[signals]") {
    auto now = read({{today, "initiates", 2, 1}});
    CHECK(now.actions == Approx(2.0));
    auto two_weeks = read({{dates::add_days(today, -14), "initiates", 2, 1}});
    CHECK(two_weeks.actions == Approx(1.0));
    auto four_weeks = read({{dates::add_days(today, -28), "follows-through", 3, 1}});
    CHECK(four_weeks.actions == Approx(2.0 * 3 * 0.25));
    Rule week;
    week.half_life_days = 7;
    CHECK(read({{dates::add_days(today, -7), "initiates", 2, 1}}, week).actions == Approx(1.0));
}

TEST_CASE("words without actions count only in part", "[signals]") {
    // misses-you (weight 1) x 3 and regret (weight 1) x 2, today: W+ = 5, no actions.
    auto s = read({{today, "misses-you", 3, 1}, {today, "regret", 2, 1}});
    CHECK(s.words == Approx(5.0));
    CHECK(s.actions == Approx(0.0));
    CHECK(s.backed == Approx(0.0));
    CHECK(s.overall == Approx(1.25)); // 0.25 x 5
    CHECK(s.lean == "toward");
    CHECK(s.summary.starts_with("Warm words, with few actions behind them so far."));
    Rule none;
    none.unbacked_words = 0;
    CHECK(read({{today, "misses-you", 3, 1}}, none).overall == Approx(0.0));
}

TEST_CASE("actions back words up to their own weight", "[signals]") {
    // W+ = 2 (misses-you x 2), A = 3 (follows-through weight 2 x 1 + initiates x 1).
    auto s = read({{today, "misses-you", 2, 1},
                   {today, "follows-through", 1, 1},
                   {today, "initiates", 1, 1}});
    CHECK(s.actions == Approx(3.0));
    CHECK(s.backed == Approx(2.0));
    CHECK(s.overall == Approx(5.0)); // 3 + 0 + 2 + 0.25 x 0
    CHECK(s.summary.starts_with("Their actions lean toward you"));
    CHECK(s.summary.find("not a promise") != std::string::npos);
}

TEST_CASE("actions without words count fully", "[signals]") {
    auto s = read({{today, "contacts-more", 2, 1}});
    CHECK(s.words == 0);
    CHECK(s.overall == Approx(2.0));
    CHECK(s.lean == "toward");
}

TEST_CASE("away signals lean away and the reading says a choice deserves respect", "[signals]") {
    auto s = read(
        {{today, "no-reply", 2, 1}, {today, "asks-for-space", 2, 1}, {today, "misses-you", 2, 1}});
    // A = -2; W- = -3 (weight 1.5 x 2); W+ = 2, none backed: 0.25 x 2.
    CHECK(s.actions == Approx(-2.0));
    CHECK(s.words == Approx(-1.0));
    CHECK(s.overall == Approx(-4.5));
    CHECK(s.lean == "away");
    CHECK(s.summary.find("Their choice deserves respect") != std::string::npos);

    auto over = read(
        {{dates::add_days(today, -13), "says-its-over", 1, 1}, {today, "follows-through", 3, 1}});
    CHECK(over.final_recent);
    CHECK(over.overall > 1);    // the numbers lean toward,
    CHECK(over.lean == "away"); // but a clear no is taken at its word
    CHECK(over.summary.starts_with("They have said it is over."));
    auto later = read({{dates::add_days(today, -14), "says-its-over", 1, 1}});
    CHECK_FALSE(later.final_recent); // a half-life later it is one sign among others

    Rule week;
    week.window_days = 7; // shorter than the half-life: the no still leads
    auto short_window = read({{dates::add_days(today, -10), "says-its-over", 1, 1}}, week);
    CHECK(short_window.signals == 0);
    CHECK(short_window.final_recent);
    CHECK(short_window.summary.starts_with("They have said it is over."));
}

TEST_CASE("actions alone never claim words were backed; zero leans nowhere", "[signals]") {
    auto s = read({{today, "follows-through", 1, 1}});
    CHECK(s.summary.starts_with("Their actions lean toward you. This is a reading"));
    Rule zero;
    zero.clear_at = 0;
    zero.low_confidence_below = 0;
    auto even = read({{today, "no-reply", 1, 1}, {today, "initiates", 1, 1}}, zero);
    CHECK(even.overall == Approx(0.0));
    CHECK(even.lean == "unclear");
    CHECK(read({}, zero).confidence == "low");
}

TEST_CASE("the confidence rule and the window", "[signals]") {
    std::vector<DayKind> four{{today, "initiates", 1, 4}};
    auto s = read(four);
    CHECK(s.signals == 4);
    CHECK(s.confidence == "low");
    CHECK(s.summary.ends_with(" It rests on only 4 signals, so hold it lightly."));
    CHECK(read({{today, "initiates", 1, 5}}).confidence == "moderate");
    // Day 89 is read; day 90 is past the window; a day after the reading is not yet.
    auto edge = read({{dates::add_days(today, -89), "initiates", 1, 1},
                      {dates::add_days(today, -90), "initiates", 1, 1},
                      {dates::add_days(today, 1), "initiates", 1, 1}});
    CHECK(edge.signals == 1);
    CHECK(edge.actions == Approx(std::pow(0.5, 89.0 / 14)));
}

TEST_CASE("the man page's worked example", "[signals]") {
    auto s = read({{today, "misses-you", 2, 1},
                   {Day{2026, 11, 13}, "regret", 2, 1},
                   {Day{2026, 11, 20}, "initiates", 1, 1},
                   {Day{2026, 10, 30}, "no-reply", 2, 1}});
    CHECK(s.words == Approx(3.0));
    CHECK(s.actions == Approx(std::sqrt(0.5) - 0.5));
    CHECK(s.backed == Approx(std::sqrt(0.5) - 0.5));
    CHECK(s.overall == Approx(1.1124).epsilon(0.0001));
    CHECK(s.lean == "toward");
    CHECK(s.confidence == "low");
    CHECK(s.summary == "Warm words, with few actions behind them so far. What they do says more "
                       "than what they say. It rests on only 4 signals, so hold it lightly.");
}

TEST_CASE("the config changes weights and adds kinds", "[signals]") {
    auto s = settings_from(R"(
[signals]
half_life_days = 7
[[signals.kind]]
id = "regret"
weight = 0.5
[[signals.kind]]
id = "sends-photos"
direction = "toward"
nature = "word"
weight = 0.25
)");
    CHECK(s.rule.half_life_days == 7);
    auto regret = std::find_if(s.kinds.begin(), s.kinds.end(),
                               [](const Kind& k) { return k.id == "regret"; });
    CHECK(regret->weight == 0.5);
    CHECK_FALSE(regret->action);
    CHECK(s.kinds.back().id == "sends-photos");
    CHECK_THROWS_AS(settings_from("[[signals.kind]]\nid = \"x\"\nnature = \"word\"\n"),
                    ConfigError);
    CHECK_THROWS_AS(settings_from("[[signals.kind]]\nid = \"x\"\ndirection = \"sideways\"\n"
                                  "nature = \"word\"\n"),
                    ConfigError);
    CHECK_THROWS_AS(settings_from("[signals]\nhalf_life_days = 0\n"), ConfigError);
    CHECK_THROWS_AS(settings_from("[[signals.kind]]\nid = \"Bad Id\"\n"), ConfigError);
}

TEST_CASE("the store reads what was logged, and forgets what was removed", "[signals]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    f.store.log("misses-you", dates::parse_utc("2026-11-27T09:00:00Z"), 2, "said so");
    auto id = f.store.log("no-reply", dates::parse_utc("2026-11-27T10:00:00Z"), 2, std::nullopt);
    CHECK(f.store.score(today).overall == Approx(-2 + 0.5));
    f.store.remove(id);
    CHECK(f.store.score(today).overall == Approx(0.5));
    CHECK(f.store.score(today).signals == 1);
    CHECK_THROWS_AS(f.store.log("mises-you", dates::now(), 2, std::nullopt), UsageError);
    CHECK_THROWS_AS(f.store.log("regret", dates::now(), 4, std::nullopt), UsageError);
    CHECK_THROWS_AS(f.store.log("regret", dates::parse_utc("2026-11-28T10:00:00Z"), 2, {}),
                    UsageError);
    try {
        (void)f.store.kind("mises-you");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()).find("did you mean 'misses-you'?") != std::string::npos);
    }
    ListQuery away;
    away.toward = false;
    CHECK(f.store.list(away).empty()); // the removed no-reply is gone
    ListQuery words;
    words.action = false;
    CHECK(f.store.list(words).size() == 1);
}

TEST_CASE("the trend reads each week at its end", "[signals]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    f.store.log("initiates", dates::parse_utc("2026-11-10T10:00:00Z"), 2, std::nullopt);
    auto weeks = f.store.trend(today, 3, false);
    REQUIRE(weeks.size() == 3);
    CHECK(weeks[0].first == Day{2026, 11, 9});
    CHECK(weeks[0].second.date == Day{2026, 11, 15});
    CHECK(weeks[0].second.actions == Approx(2 * std::pow(0.5, 5.0 / 14)));
    CHECK(weeks[2].second.date == today); // the week in progress is read as of today
    CHECK(weeks[2].second.actions == Approx(2 * std::pow(0.5, 17.0 / 14)));
    CHECK_THROWS_AS(f.store.trend(today, 0, false), UsageError);
}

TEST_CASE("signals export and import losslessly; an unknown kind is refused",
          "[signals][records]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture a;
    a.store.log("regret", dates::parse_utc("2026-11-20T10:00:00Z"), 3, "a long talk\nat last");
    std::string out;
    a.store.export_records([&](std::string_view t) { out += t; });
    Fixture b;
    std::istringstream in(out);
    jsonl::Reader reader(in, "s.jsonl");
    CHECK(b.store.import_records(reader).signals == 1);
    std::string again;
    b.store.export_records([&](std::string_view t) { again += t; });
    CHECK(again == out);
    CHECK(b.store.score(today).words == Approx(3 * std::pow(0.5, 0.5)));

    std::istringstream bad(R"({"type":"signal","tool":"signals","kind":"regret"}
{"type":"signal","tool":"signals","kind":"telepathy"}
)");
    jsonl::Reader r2(bad, "bad.jsonl");
    try {
        (void)b.store.import_records(r2);
        FAIL("no error");
    } catch (const DataError& e) {
        CHECK(std::string(e.what()).find("bad.jsonl:2: field 'kind'") == 0);
    }
    CHECK(b.store.list({}).size() == 1);
}

TEST_CASE("the day summary follows every change to a signal, by anyone", "[signals]") {
    Clock clock("2026-11-27T12:00:00Z");
    Fixture f;
    f.store.log("misses-you", dates::parse_utc("2026-11-27T09:00:00Z"), 2, std::nullopt);
    auto id = f.store.log("regret", dates::parse_utc("2026-11-27T10:00:00Z"), 2, std::nullopt);
    f.store.remove(id);
    CHECK(f.store.score(today).signals == 1);
    // Another program brings it back, edits one, deletes one: the reading follows.
    f.db.exec("UPDATE signals_signal SET removed_at = NULL WHERE kind = 'regret'");
    CHECK(f.store.score(today).signals == 2);
    CHECK(f.store.score(today).words == Approx(4.0));
    f.db.exec("UPDATE signals_signal SET kind = 'hostile', strength = 1 WHERE kind = 'regret'");
    CHECK(f.store.score(today).words == Approx(2.0 - 1.0));
    f.db.exec("UPDATE signals_signal SET day = '2026-11-13' WHERE kind = 'misses-you'");
    CHECK(f.store.score(today).words == Approx(1.0 - 1.0));
    f.db.exec("DELETE FROM signals_signal");
    CHECK(f.store.score(today).signals == 0);
}

TEST_CASE("an imported signal must fall on a day of the years 0001 to 9999", "[signals]") {
    Clock clock("9999-12-31T20:00:00Z");
    ::setenv("TZ", "Pacific/Kiritimati", 1);
    ::tzset();
    Fixture f;
    std::istringstream in(
        R"({"type":"signal","tool":"signals","kind":"regret","at":"9999-12-31T19:00:00Z"}
)");
    jsonl::Reader reader(in, "late.jsonl");
    CHECK_THROWS_AS(f.store.import_records(reader), DataError);
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    CHECK(settings_from("[[signals.kind]]\nid = \"regret\"\nweight = -0.0\n").kinds[2].weight ==
          0.0);
    CHECK_FALSE(std::signbit(
        settings_from("[[signals.kind]]\nid = \"regret\"\nweight = -0.0\n").kinds[2].weight));
}

#include "rekindle/error.hpp"
#include "rekindle/reflect.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <sstream>

using namespace rekindle;
using namespace rekindle::reflect;

namespace {
const std::string shipped = std::string(REKINDLE_SOURCE_DIR) + "/share/rekindle/prompts.toml";

Catalog catalog_with(std::string_view user_toml = "") {
    return load_catalog(shipped, config::Config::from_string(user_toml, "user.toml"));
}

struct Fixture {
    TempDir tmp;
    db::Database db = db::Database::open(tmp.file("r.db"), db::Mode::read_write);
    Store store{db, catalog_with()};
};

template <typename E> std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return "no error";
}

std::string exported(Store& store) {
    std::string out;
    store.export_records([&](std::string_view text) { out += text; });
    return out;
}

NewEntry answer(std::string prompt, std::string text) {
    NewEntry e;
    auto cat = catalog_with();
    const auto& p = cat.require_prompt(prompt);
    e.theme = p.theme;
    e.answers.push_back({p.id, p.question, std::move(text)});
    return e;
}

NewEntry note(std::string text, std::optional<dates::Instant> at = std::nullopt) {
    NewEntry e;
    e.text = std::move(text);
    e.at = at;
    return e;
}

dates::Instant utc(const char* iso) {
    return dates::parse_utc(iso);
}
} // namespace

TEST_CASE("the shipped prompts cover the guide's themes, each prompt with a stable id",
          "[reflect]") {
    auto cat = catalog_with();
    for (const char* theme : {"breakup", "my-part", "shared", "communication", "change", "growth",
                              "trust", "conversation", "incident"}) {
        INFO(theme);
        REQUIRE(cat.theme(theme));
        CHECK_FALSE(cat.theme(theme)->prompts.empty());
        for (const auto& p : cat.theme(theme)->prompts) {
            CHECK(p.id.rfind(std::string(theme) + ".", 0) == 0);
            CHECK_FALSE(p.question.empty());
        }
    }
    CHECK(cat.theme("incident")->prompts.size() == 6);
    CHECK(cat.theme("trust")->prompts.size() == 4);
    CHECK(cat.theme("conversation")->prompts.size() == 4);
}

TEST_CASE("the config adds themes and prompts and turns shipped ones off", "[reflect]") {
    auto cat = catalog_with(R"(
[reflect]
disabled = ["conversation", "trust.regret"]
[[reflect.themes]]
name = "work"
title = "Work and us"
[[reflect.themes.prompts]]
id = "work.balance"
question = "Did work crowd out time together?"
[[reflect.themes]]
name = "growth"
[[reflect.themes.prompts]]
id = "growth.mine"
question = "What did I learn this week?"
hint = "One thing is enough."
)");
    CHECK_FALSE(cat.theme("conversation"));
    CHECK_FALSE(cat.prompt("trust.regret"));
    CHECK(cat.prompt("trust.actions"));
    REQUIRE(cat.theme("work"));
    CHECK(cat.theme("work")->title == "Work and us");
    CHECK_FALSE(cat.prompt("work.balance")->shipped);
    CHECK(cat.prompt("growth.mine")->theme == "growth");
    CHECK(cat.theme("growth")->prompts.back().id == "growth.mine");
}

TEST_CASE("a bad prompt definition is a config error naming its place", "[reflect]") {
    auto fails = [](std::string_view toml) {
        return message_of<ConfigError>([&] { catalog_with(toml); });
    };
    CHECK_THAT(fails("[[reflect.themes]]\nname = \"x\"\n[[reflect.themes.prompts]]\n"
                     "id = \"trust.regret\"\nquestion = \"q?\"\n"),
               Catch::Contains("user.toml:4:") && Catch::Contains("used twice"));
    CHECK_THAT(fails("[[reflect.themes]]\nname = \"Bad Name\"\n"),
               Catch::Contains("user.toml:2:") && Catch::Contains("theme name"));
    CHECK_THAT(
        fails("[[reflect.themes]]\nname = \"x\"\n[[reflect.themes.prompts]]\nid = \"x.a\"\n"),
        Catch::Contains("'question' is missing"));
    CHECK_THAT(fails("[reflect]\ndisabled = [\"trsut\"]\n"),
               Catch::Contains("user.toml:2:") && Catch::Contains("did you mean 'trust'?"));
    CHECK_THAT(fails("[reflect]\nthemes = 3\n"), Catch::Contains("array of tables"));
}

TEST_CASE("unknown themes and prompts are usage errors with a suggestion", "[reflect]") {
    auto cat = catalog_with();
    CHECK_THAT(message_of<UsageError>([&] { cat.require_theme("my-prat"); }),
               Catch::Contains("did you mean 'my-part'?"));
    CHECK_THAT(message_of<UsageError>([&] { cat.require_prompt("my-part.patiense"); }),
               Catch::Contains("did you mean 'my-part.patience'?"));
}

TEST_CASE("hashtags become tags, lower-cased, once each; numbers are not tags", "[reflect]") {
    CHECK(hashtags("I felt #Lonely, then #lonely again. Item #1 (#work-life)") ==
          std::vector<std::string>{"lonely", "work-life"});
    CHECK(hashtags("mid#word and ##double #ÉTÉ") == std::vector<std::string>{"été"});
    CHECK(normal_tag("#Family") == "family");
    CHECK_THROWS_AS(normal_tag("two words"), UsageError);
    CHECK_THROWS_AS(normal_tag("#"), UsageError);
}

TEST_CASE("an entry keeps its answers in order, its tags and its time", "[reflect]") {
    Fixture f;
    NewEntry e = answer("my-part.patience", "When they were late.\nEvery time. #patience");
    e.answers.push_back({"my-part.appreciation", "q", "The small dinners."});
    e.tags = {"Family"};
    e.at = utc("2026-11-20T20:00:00Z");
    auto id = f.store.add(e);
    auto got = f.store.get(id);
    CHECK(got.theme == std::optional<std::string>("my-part"));
    REQUIRE(got.answers.size() == 2);
    CHECK(got.answers[0].prompt == "my-part.patience");
    CHECK(got.answers[0].text == "When they were late.\nEvery time. #patience");
    CHECK(got.answers[1].prompt == "my-part.appreciation");
    CHECK(got.tags == std::vector<std::string>{"family", "patience"});
    CHECK(got.at == utc("2026-11-20T20:00:00Z"));
    CHECK(got.words() == 10);
}

TEST_CASE("an empty entry, an unknown prompt or bad text is refused and stores nothing",
          "[reflect]") {
    Fixture f;
    CHECK_THROWS_AS(f.store.add(note("   \n ")), UsageError);
    NewEntry bad;
    bad.answers.push_back({"nope.nope", "q", "text"});
    CHECK_THROWS_AS(f.store.add(bad), UsageError);
    CHECK_THROWS_AS(f.store.add(note(std::string("bad \xC3 byte"))), DataError);
    CHECK(f.store.list({}).empty());
}

TEST_CASE("list filters by day, theme and tag, newest first, with a limit", "[reflect]") {
    Fixture f;
    f.store.add(note("first #a", utc("2026-11-01T12:00:00Z")));
    auto e2 = answer("trust.actions", "second");
    e2.at = utc("2026-11-10T12:00:00Z");
    f.store.add(e2);
    f.store.add(note("third #a", utc("2026-11-20T12:00:00Z")));
    auto all = f.store.list({});
    REQUIRE(all.size() == 3);
    CHECK(all[0].preview == "third #a");
    CHECK(all[1].answers == 1);
    CHECK(f.store.list({.limit = 1}).size() == 1);
    CHECK(f.store.list({.theme = "trust"}).size() == 1);
    CHECK(f.store.list({.tag = "#A"}).size() == 2);
    CHECK(f.store.list({.since = utc("2026-11-05T00:00:00Z"), .until = utc("2026-11-15T00:00:00Z")})
              .size() == 1);
}

TEST_CASE("answers to one prompt come oldest first, across entries", "[reflect]") {
    Fixture f;
    auto later = answer("change.first-step", "Call a friend");
    later.at = utc("2026-11-20T12:00:00Z");
    auto earlier = answer("change.first-step", "Sleep");
    earlier.at = utc("2026-10-01T12:00:00Z");
    f.store.add(later);
    f.store.add(earlier);
    auto rows = f.store.answers("change.first-step");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].text == "Sleep");
    CHECK(rows[1].text == "Call a friend");
}

TEST_CASE("search finds answers, free text and titles, ranked, with marked snippets", "[reflect]") {
    Fixture f;
    f.store.add(note("I kept score of who apologised first."));
    f.store.add(answer("communication.listening", "I stopped listening to the CAFÉ story."));
    auto hits = f.store.search("apolog*", 10);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].snippet.find(std::string(output::mark_open) + "apologised" +
                               std::string(output::mark_close)) != std::string::npos);
    CHECK(f.store.search("cafe", 10).size() == 1);
    CHECK(f.store.search("\"kept score\"", 10).size() == 1);
    CHECK(f.store.search("score OR listening", 10).size() == 2);
    CHECK(f.store.search("score NOT apologised", 10).empty());
    for (const char* bad : {"\"open", "a AND", "well-being", "NOT x", "  "}) {
        INFO(bad);
        auto msg = message_of<UsageError>([&] { f.store.search(bad, 10); });
        CHECK(msg != "no error");
        CHECK(msg.find("fts5") == std::string::npos);
    }
}

TEST_CASE("editing keeps the earlier version and the index follows", "[reflect]") {
    Fixture f;
    auto id = f.store.add(answer("trust.regret", "The silence."));
    auto before = f.store.get(id);
    NewEntry edited = answer("trust.regret", "The long silence.");
    edited.answers.push_back({"trust.actions", "q", "I answer now."});
    CHECK(f.store.edit(id, edited));
    auto after = f.store.get(id);
    REQUIRE(after.answers.size() == 2);
    CHECK(after.answers[0].text == "The long silence.");
    CHECK(after.answers[1].prompt == "trust.actions");
    REQUIRE(after.revisions.size() == 1);
    CHECK(after.revisions[0].text.find("The silence.") != std::string::npos);
    CHECK(after.edited_at);
    CHECK(f.store.search("long", 10).size() == 1);
    CHECK(f.store.search("answer", 10).size() == 1);
    // The same content again changes nothing and keeps no revision.
    CHECK_FALSE(f.store.edit(id, edited));
    CHECK(f.store.get(id).revisions.size() == 1);
    // An answer left empty goes; the revision keeps it.
    NewEntry shorter = answer("trust.actions", "I answer now.");
    CHECK(f.store.edit(id, shorter));
    CHECK(f.store.get(id).answers.size() == 1);
    CHECK(f.store.search("silence", 10).empty());
    CHECK(f.store.get(id).revisions.size() == 2);
    (void)before;
}

TEST_CASE("a removed entry is hidden everywhere but export", "[reflect]") {
    Fixture f;
    auto id = f.store.add(answer("growth.lessons", "Patience with myself."));
    f.store.remove(id);
    CHECK(f.store.list({}).empty());
    CHECK(f.store.search("patience", 10).empty());
    CHECK(f.store.answers("growth.lessons").empty());
    CHECK_THROWS_AS(f.store.get(id), UsageError);
    CHECK_THROWS_AS(f.store.remove(id), UsageError);
    CHECK(exported(f.store).find("\"removed_at\":\"") != std::string::npos);
}

TEST_CASE("the least answered theme comes first, the incident theme aside", "[reflect]") {
    Fixture f;
    CHECK(f.store.least_answered_theme().name == "breakup");
    f.store.add(answer("breakup.root-causes", "x"));
    CHECK(f.store.least_answered_theme().name == "my-part");
    Store only_incident{f.db, catalog_with("[reflect]\ndisabled = [\"breakup\", \"my-part\", "
                                           "\"shared\", \"communication\", \"change\", "
                                           "\"growth\", \"trust\", \"conversation\"]\n")};
    CHECK_THROWS_AS(only_incident.least_answered_theme(), UsageError);
}

TEST_CASE("prompt uses and stats count what was written", "[reflect]") {
    Fixture f;
    f.store.add(answer("trust.regret", "one two three"));
    f.store.add(note("four five #x", utc("2026-10-03T12:00:00Z")));
    auto uses = f.store.prompt_uses(std::string("trust"));
    REQUIRE(uses.size() == 4);
    auto regret = std::find_if(uses.begin(), uses.end(),
                               [](const PromptUse& u) { return u.prompt->id == "trust.regret"; });
    CHECK(regret->answered == 1);
    auto s = f.store.stats(0);
    CHECK(s.total.entries == 2);
    CHECK(s.total.words == 6);
    CHECK(std::find(s.untouched.begin(), s.untouched.end(), "trust") == s.untouched.end());
    CHECK(std::find(s.untouched.begin(), s.untouched.end(), "breakup") != s.untouched.end());
    REQUIRE(s.months.size() == 2);
    CHECK(s.months[0].name == "2026-10");
    REQUIRE(s.tags.size() == 1);
    CHECK(s.tags[0].name == "x");
}

TEST_CASE("a journal exported and imported into an empty database loses nothing", "[reflect]") {
    Fixture f;
    auto id = f.store.add(answer("trust.regret", "tab\there \"quoted\" 😊 \x1b[31m"));
    f.store.edit(id, answer("trust.regret", "changed"));
    f.store.add(note("free #tag"));
    std::string first = exported(f.store);

    TempDir other;
    auto db2 = db::Database::open(other.file("b.db"), db::Mode::read_write);
    Store copy{db2, catalog_with()};
    std::istringstream in(first);
    jsonl::Reader reader(in, "export.jsonl");
    auto stats = copy.import_records(reader);
    CHECK(stats.entries == 2);
    CHECK(stats.answers == 1);
    CHECK(stats.revisions == 1);
    CHECK(exported(copy) == first);
    CHECK(copy.search("changed", 10).size() == 1);
    CHECK(copy.list({.tag = "tag"}).size() == 1);

    std::istringstream again(first);
    jsonl::Reader reader2(again, "export.jsonl");
    auto second = copy.import_records(reader2);
    CHECK(second.entries + second.answers + second.revisions == 0);
    CHECK(second.skipped == 4);
}

TEST_CASE("a bad line makes the import write nothing, naming the line", "[reflect]") {
    Fixture f;
    std::istringstream in(
        "{\"type\":\"entry\",\"uid\":\"e1\",\"text\":\"fine\"}\n"
        "{\"type\":\"answer\",\"entry\":\"e1\",\"prompt\":\"trust.regret\",\"text\":\"ok\"}\n"
        "{\"type\":\"answer\",\"entry\":\"nope\",\"prompt\":\"trust.regret\",\"text\":\"x\"}\n");
    jsonl::Reader reader(in, "in.jsonl");
    CHECK_THAT(message_of<DataError>([&] { f.store.import_records(reader); }),
               Catch::Contains("in.jsonl:3:") && Catch::Contains("'nope'"));
    CHECK(f.store.list({}).empty());

    std::istringstream typo("{\"type\":\"entry\",\"theme\":\"turst\",\"text\":\"x\"}\n");
    jsonl::Reader reader2(typo, "in.jsonl");
    CHECK_THAT(message_of<DataError>([&] { f.store.import_records(reader2); }),
               Catch::Contains("did you mean 'trust'?"));
}

TEST_CASE("a hand-written answer takes its question and place from the catalogue", "[reflect]") {
    Fixture f;
    std::istringstream in(
        "{\"type\":\"entry\",\"uid\":\"e1\",\"theme\":\"trust\",\"title\":\"t\"}\n"
        "{\"type\":\"answer\",\"entry\":\"e1\",\"prompt\":\"trust.regret\",\"text\":\"a\"}\n"
        "{\"type\":\"answer\",\"entry\":\"e1\",\"prompt\":\"trust.actions\",\"text\":\"b\"}\n");
    jsonl::Reader reader(in, "in.jsonl");
    f.store.import_records(reader);
    auto e = f.store.get(f.store.list({}).at(0).id);
    REQUIRE(e.answers.size() == 2);
    CHECK(e.answers[0].question == f.store.catalog().prompt("trust.regret")->question);
    CHECK(e.answers[1].text == "b");
}

TEST_CASE("the editor's template reads back what was written under each heading", "[reflect]") {
    auto cat = catalog_with();
    const Theme& trust = *cat.theme("trust");
    std::vector<const Prompt*> prompts;
    for (const auto& p : trust.prompts)
        prompts.push_back(&p);
    Entry blank;
    blank.tags = {"start"};
    std::string t = editor_template({"a note"}, blank, prompts);
    CHECK(t.rfind("# a note\ntags: start\n", 0) == 0);
    auto unchanged = parse_template(t, cat, {}, "f.md");
    CHECK(unchanged.answers.size() == 4);
    CHECK(std::all_of(unchanged.answers.begin(), unchanged.answers.end(),
                      [](const Answer& a) { return a.text.empty(); }));

    std::string filled = t;
    auto at = filled.find("{trust.regret}\n");
    filled.insert(at + 15, "\nI regret it.\n\n#notes are tags, \"# \" lines are not\n# dropped\n");
    filled.insert(filled.find("tags: start") + 11, " more");
    auto e = parse_template(filled, cat, {}, "f.md");
    CHECK(e.tags == std::vector<std::string>{"start", "more"});
    auto regret = std::find_if(e.answers.begin(), e.answers.end(),
                               [](const Answer& a) { return a.prompt == "trust.regret"; });
    CHECK(regret->text == "I regret it.\n\n#notes are tags, \"# \" lines are not");

    CHECK_THAT(message_of<DataError>(
                   [&] { parse_template("## What? {trust.nope}\nx\n", cat, {}, "f.md"); }),
               Catch::Contains("f.md:1:") && Catch::Contains("trust.nope"));
    CHECK_THAT(message_of<DataError>([&] {
                   parse_template("## A {trust.regret}\nx\n## B {trust.regret}\n", cat, {}, "f.md");
               }),
               Catch::Contains("f.md:3:") && Catch::Contains("twice"));
    // A prompt no longer in the catalogue is still read for an entry that answered it.
    auto kept = parse_template("## Old? {gone.one}\nstill here\n", cat,
                               {{"gone.one", "Old question?", "was"}}, "f.md");
    REQUIRE(kept.answers.size() == 1);
    CHECK(kept.answers[0].question == "Old question?");
}

TEST_CASE("an entry's template and plain text keep title and free text", "[reflect]") {
    auto cat = catalog_with();
    Entry e;
    e.title = "A day";
    e.text = "Body\nline two";
    std::string t = editor_template({}, e, {});
    auto back = parse_template(t, cat, {}, "f.md");
    CHECK(back.title == std::optional<std::string>("A day"));
    CHECK(back.text == std::optional<std::string>("Body\nline two"));
    CHECK(plain_text(e) == "title: A day\n\nBody\nline two\n");
}

TEST_CASE("jrnl's plain-text format is read entry by entry", "[reflect]") {
    ::setenv("TZ", "UTC", 1);
    std::istringstream in("[2026-01-02 09:15] Walked by the river. It was cold. @walk\n"
                          "Second line.\n"
                          "\n"
                          "[2026-01-05 10:40 PM] A hard evening *\n"
                          "Nearly texted. @urge @Evening\n"
                          "[2026-01-06 07:00:30] What now? More\n");
    auto entries = parse_jrnl(in, "j.txt");
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].title == "Walked by the river.");
    CHECK(entries[0].body == "It was cold. @walk\nSecond line.");
    CHECK(entries[0].tags == std::vector<std::string>{"walk"});
    CHECK(entries[0].at == utc("2026-01-02T09:15:00Z"));
    CHECK_FALSE(entries[0].starred);
    CHECK(entries[1].title == "A hard evening");
    CHECK(entries[1].starred);
    CHECK(entries[1].at == utc("2026-01-05T22:40:00Z"));
    CHECK(entries[1].tags == std::vector<std::string>{"urge", "evening"});
    CHECK(entries[2].title == "What now?");
    CHECK(entries[2].body == "More");
    CHECK(entries[2].line == 6);
}

TEST_CASE("a jrnl line that cannot be read is named", "[reflect]") {
    auto fails = [](const std::string& text) {
        std::istringstream in(text);
        return message_of<DataError>([&] { parse_jrnl(in, "j.txt"); });
    };
    CHECK_THAT(fails("[2026-01-02 09:15] ok\n\n\n[2026-02-30 10:00] bad\n"),
               Catch::Contains("j.txt:4:"));
    CHECK_THAT(fails("not an entry\n"), Catch::Contains("j.txt:1:"));
    CHECK_THAT(fails("[2026-01-02 25:00] late\n"), Catch::Contains("j.txt:1:"));
    CHECK_THAT(fails("[2026-01-02 09:15] x\nbad \xff byte\n"), Catch::Contains("j.txt:2:"));
}

TEST_CASE("a jrnl file imported twice is stored once", "[reflect]") {
    Fixture f;
    std::istringstream in("[2026-01-02 09:15] One. @a\n[2026-01-03 09:15] Two *\n");
    auto entries = parse_jrnl(in, "j.txt");
    CHECK(import_jrnl(f.store, f.db, entries).entries == 2);
    CHECK(import_jrnl(f.store, f.db, entries).entries == 0);
    auto rows = f.store.list({});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].starred);
    CHECK(f.store.search("one", 10).size() == 1);
}

TEST_CASE("the Markdown export has a section per entry with questions as headings", "[reflect]") {
    Fixture f;
    f.store.add(answer("trust.regret", "The silence."));
    std::string md;
    export_markdown(f.store, 0, [&](std::string_view s) { md += s; });
    CHECK(md.rfind("# Reflection journal\n", 0) == 0);
    CHECK(md.find("\n## ") != std::string::npos);
    CHECK(md.find("### " + f.store.catalog().prompt("trust.regret")->question +
                  "\n\nThe silence.\n") != std::string::npos);
}

TEST_CASE("tables show entries, hits and stats with their columns", "[reflect]") {
    Fixture f;
    f.store.add(note("kept score"));
    auto hits = hits_table(f.store.search("score", 5), 0);
    REQUIRE(hits.rows.size() == 1);
    std::string tsv = output::render(hits, output::Format::tsv);
    CHECK(tsv.find("kept **score**") != std::string::npos);
    std::string coloured = output::render(hits, output::Format::table, {true, true, 80});
    CHECK(coloured.find("\x1b[1;33mscore\x1b[0m") != std::string::npos);
    auto list = output::render(list_table(f.store.list({}), 0), output::Format::tsv);
    CHECK(list.rfind("id\tday\tat\ttheme\tpreview\tanswers\ttags\tstarred\n", 0) == 0);
}

TEST_CASE("regressions from the sanitizer review", "[reflect]") {
    SECTION("an imported question is one line, so it can head an answer in the editor") {
        Fixture f;
        std::istringstream in("{\"type\":\"entry\",\"uid\":\"e1\",\"text\":\"x\"}\n"
                              "{\"type\":\"answer\",\"entry\":\"e1\",\"prompt\":\"trust.regret\","
                              "\"question\":\"Line one\\nline two\",\"text\":\"a\"}\n");
        jsonl::Reader reader(in, "in.jsonl");
        CHECK_THAT(message_of<DataError>([&] { f.store.import_records(reader); }),
                   Catch::Contains("in.jsonl:2:") && Catch::Contains("one line"));
    }
    SECTION("carriage returns and lines that look like notes survive an edit") {
        auto cat = catalog_with();
        Entry e;
        e.text = "a\r\n#\r\n# heading\r\nb";
        auto back = parse_template(editor_template({}, e, {}), cat, {}, "f.md");
        CHECK(back.text == e.text);
    }
    SECTION("a word that folds longer than a tag may be is only text") {
        std::string word;
        for (int i = 0; i < 30; ++i)
            word += "\xC8\xBA"; // U+023A, which folds to a three-byte letter
        CHECK(hashtags("#" + word + " and #fine").size() == 1);
        Fixture f;
        CHECK_NOTHROW(f.store.add(note("#" + word)));
    }
    SECTION("a tag ends at any space, and never holds one") {
        CHECK(hashtags("#calm\xC2\xA0then") == std::vector<std::string>{"calm"});
        CHECK(hashtags("#calm\xE2\x80\xA8next") == std::vector<std::string>{"calm"});
        CHECK_THROWS_AS(normal_tag("a\xE2\x80\xA8z"), UsageError);
        CHECK_THROWS_AS(normal_tag("a\xC2\xA0z"), UsageError);
    }
    SECTION("an entry answers each prompt once, so it can always be edited") {
        Fixture f;
        std::istringstream in(
            "{\"type\":\"entry\",\"uid\":\"e1\",\"text\":\"x\"}\n"
            "{\"type\":\"answer\",\"uid\":\"a1\",\"entry\":\"e1\",\"prompt\":\"trust.regret\","
            "\"text\":\"a\"}\n"
            "{\"type\":\"answer\",\"uid\":\"a2\",\"entry\":\"e1\",\"prompt\":\"trust.regret\","
            "\"text\":\"b\"}\n");
        jsonl::Reader reader(in, "in.jsonl");
        CHECK_THAT(message_of<DataError>([&] { f.store.import_records(reader); }),
                   Catch::Contains("in.jsonl:3:") && Catch::Contains("already has an answer"));
    }
    SECTION("a jrnl entry with nothing in it is left out") {
        ::setenv("TZ", "UTC", 1);
        Fixture f;
        std::istringstream in("[2026-01-02 09:15] *\n\n[2026-01-03 09:15] Real.\n");
        auto stats = import_jrnl(f.store, f.db, parse_jrnl(in, "j.txt"));
        CHECK(stats.entries == 1);
        CHECK(stats.empty == 1);
    }
}

TEST_CASE("regressions from the hostile pass", "[reflect]") {
    SECTION("a tag is valid UTF-8 without bidi controls, so every backup can be restored") {
        CHECK_THROWS_AS(normal_tag("caf\xE9"), UsageError);
        CHECK_THROWS_AS(normal_tag("a\xE2\x80\xAEz"), UsageError);
        Fixture f;
        NewEntry e = note("x");
        e.tags = {"caf\xE9"};
        CHECK_THROWS_AS(f.store.add(e), UsageError);
    }
    SECTION("a very long entry gets a plain snippet around the match") {
        Fixture f;
        std::string text(200 * 1024, 'a');
        for (std::size_t i = 50; i < text.size(); i += 50)
            text[i] = ' ';
        text.insert(150000, " needle ");
        f.store.add(note(text));
        auto hits = f.store.search("needle", 5);
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].snippet.find(std::string(output::mark_open) + "needle" +
                                   std::string(output::mark_close)) != std::string::npos);
        CHECK(hits[0].snippet.size() < 400);
    }
    SECTION("jrnl: bracketed body text, seconds, repeats, another time zone, year 9999") {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
        std::istringstream body("[2026-01-02 09:15] One.\n[2019-2020] was our best year.\n");
        auto one = parse_jrnl(body, "j.txt");
        REQUIRE(one.size() == 1);
        CHECK(one[0].body == "[2019-2020] was our best year.");
        std::istringstream seconds("[2026-01-02 09:15:61] x\n");
        CHECK_THROWS_AS(parse_jrnl(seconds, "j.txt"), DataError);

        Fixture f;
        std::string journal = "[2026-01-02 09:15] Same.\n[2026-01-02 09:15] Same.\n";
        std::istringstream twice(journal);
        CHECK(import_jrnl(f.store, f.db, parse_jrnl(twice, "j.txt")).entries == 2);
        ::setenv("TZ", "Pacific/Kiritimati", 1);
        ::tzset();
        std::istringstream elsewhere(journal);
        CHECK(import_jrnl(f.store, f.db, parse_jrnl(elsewhere, "j.txt")).entries == 0);
        ::setenv("TZ", "America/St_Johns", 1);
        ::tzset();
        std::istringstream last("[2026-01-02 09:15] ok\n\n\n[9999-12-31 23:59] Last.\n");
        CHECK_THAT(message_of<DataError>([&] { parse_jrnl(last, "j.txt"); }),
                   Catch::Contains("j.txt:4:"));
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    SECTION("an edit of the tags alone keeps the text exactly as stored") {
        Fixture f;
        auto id = f.store.add(note("first line\r\nsecond line\r\n\r\n  "));
        auto before = f.store.get(id);
        auto edited = parse_template(editor_template({}, before, {}), f.store.catalog(), {}, "f");
        CHECK_FALSE(f.store.edit(id, edited));
        edited.tags = {"new"};
        CHECK(f.store.edit(id, edited));
        CHECK(f.store.get(id).text == before.text);
    }
}

TEST_CASE("an edit never saves over a change made while the editor was open", "[reflect]") {
    Fixture f;
    auto id = f.store.add(answer("trust.regret", "first"));
    Entry read = f.store.get(id);
    CHECK(f.store.edit(id, answer("trust.regret", "meanwhile")));
    CHECK_THROWS_AS(f.store.edit(id, answer("trust.regret", "mine"), &read), ConflictError);
    CHECK(f.store.get(id).answers[0].text == "meanwhile");
    Entry fresh = f.store.get(id);
    CHECK(f.store.edit(id, answer("trust.regret", "mine"), &fresh));
}

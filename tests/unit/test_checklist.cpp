#include "rekindle/checklist.hpp"
#include "rekindle/error.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace rekindle;
using namespace rekindle::checklist;

namespace {
const std::string shipped = std::string(REKINDLE_SOURCE_DIR) + "/share/rekindle/checklists.toml";

Catalog catalog_with(std::string_view user_toml = "") {
    return load_catalog(shipped, config::Config::from_string(user_toml, "user.toml"));
}

struct Fixture {
    TempDir tmp;
    db::Database db = db::Database::open(tmp.file("c.db"), db::Mode::read_write);
    Store store{db, catalog_with("[checklist.lists.mornings]\ntitle = \"Mornings\"\n"
                                 "items = [\"Drink water\", { title = \"Walk\", detail = \"ten "
                                 "minutes\" }]\n")};
    dates::Instant t = dates::parse_utc("2026-11-20T10:00:00Z");
};

std::string usage_message(const std::function<void()>& f) {
    try {
        f();
    } catch (const UsageError& e) {
        return e.what();
    }
    return "no error";
}

std::string exported(Store& store) {
    std::string out;
    store.export_records([&](std::string_view text) { out += text; });
    return out;
}
} // namespace

TEST_CASE("the shipped lists follow the guide's stages", "[checklist]") {
    auto c = catalog_with();
    std::vector<std::string> names;
    for (const auto& l : c.lists)
        names.push_back(l.name);
    CHECK(names ==
          std::vector<std::string>{"reflection", "growth", "trust", "conversation", "foundation"});
    CHECK(c.find("reflection")->items.size() == 5);
    CHECK(c.find("growth")->items.size() == 5);
    for (const auto& l : c.lists)
        for (const auto& i : l.items) {
            CHECK_FALSE(i.title.empty());
            CHECK_FALSE(i.detail.empty());
        }
}

TEST_CASE("config lists join the catalog and may not reuse shipped names", "[checklist]") {
    auto c = catalog_with("[checklist.lists.mine]\nitems = [\"A\", \"A\"]\n");
    const auto* mine = c.find("mine");
    REQUIRE(mine);
    CHECK(mine->origin == Origin::config);
    CHECK(mine->title == "mine");
    CHECK(mine->items[0].key == "a");
    CHECK(mine->items[1].key == "a-2");
    try {
        catalog_with("\n[checklist.lists.trust]\nitems = []\n");
        FAIL("expected an error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) ==
              "user.toml:2:18: list 'trust' is shipped with rekindle; give yours another name");
    }
    CHECK_THROWS_AS(catalog_with("[checklist.lists.Bad]\nitems = []\n"), ConfigError);
    CHECK_THROWS_AS(catalog_with("[checklist.lists.x]\nitems = [3]\n"), ConfigError);
    try {
        catalog_with("\n[checklist.lists.x]\nitems = [{ detail = \"no title\" }]\n");
        FAIL("expected an error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).starts_with("user.toml:3:"));
    }
}

TEST_CASE("checking and unchecking is kept as history", "[checklist]") {
    Fixture f;
    auto changes = f.store.check("reflection", {"1", "comm"}, std::string("a first look"), f.t);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].outcome == Outcome::changed);
    auto list = f.store.list("reflection");
    CHECK(list.done() == 2);
    CHECK(list.items[0].done);
    CHECK(list.items[0].checked_at == f.t);
    CHECK(list.items[0].note == "a first look");
    CHECK(list.items[3].done);

    CHECK(f.store.check("reflection", {"1"}, std::nullopt, f.t)[0].outcome == Outcome::unchanged);
    f.store.uncheck("reflection", {"reasons"}, f.t + 60);
    CHECK(f.store.list("reflection").done() == 1);
    CHECK(f.store.uncheck("reflection", {"1"}, f.t)[0].outcome == Outcome::unchanged);

    CHECK(f.store.reset("reflection", f.t + 120) == 1);
    CHECK(f.store.list("reflection").done() == 0);
    auto events = f.store.history(std::string("reflection"));
    REQUIRE(events.size() == 4);
    CHECK(events[0].action == "check");
    CHECK(events[2].action == "uncheck");
    CHECK(events[3].action == "reset");
    CHECK(events[3].item_title == "Your communication patterns");
}

TEST_CASE("one bad item changes nothing", "[checklist]") {
    Fixture f;
    CHECK_THROWS_AS(f.store.check("reflection", {"1", "nonsense"}, std::nullopt, f.t), UsageError);
    CHECK(f.store.list("reflection").done() == 0);
    CHECK(f.store.history(std::nullopt).empty());
}

TEST_CASE("items resolve by number, key, title or a word's prefix", "[checklist]") {
    Fixture f;
    auto list = f.store.list("reflection");
    CHECK(Store::resolve(list, "3").def.key == "shared");
    CHECK(Store::resolve(list, "own-part").number == 2);
    CHECK(Store::resolve(list, "SHARED RESPONSIBILITY").number == 3);
    CHECK(Store::resolve(list, "commun").number == 4);
    CHECK(Store::resolve(list, "fut").number == 5);
    CHECK(usage_message([&] { Store::resolve(list, "sh"); }) ==
          "item 'sh' is ambiguous in 'reflection': it could be 2 'Your own shortcomings', "
          "3 'Shared responsibility'");
    CHECK(usage_message([&] { Store::resolve(list, "9"); }) ==
          "'reflection' has items 1 to 5; there is no item 9");
    CHECK(usage_message([&] {
              Store::resolve(list, "zzz");
          }).starts_with("no item 'zzz' in 'reflection'; its items are: 1 The reasons"));
}

TEST_CASE("items resolve without case in any script", "[checklist]") {
    auto c = catalog_with("[checklist.lists.trips]\n"
                          "items = [\"İzmir in spring\", \"Ÿpres\", \"ΟΔΟΣ ΠΑΝΟΡΜΟΥ\", "
                          "\"Straße fegen\", \"Cafe\u0301 crème\", \"Ώρα για καφέ\"]\n");
    TempDir tmp;
    auto db = db::Database::open(tmp.file("c.db"), db::Mode::read_write);
    Store store{db, c};
    auto list = store.list("trips");
    CHECK(list.items[0].def.key == "izmir-in-spring");
    CHECK(list.items[1].def.key == "ÿpres");
    CHECK(list.items[2].def.key == "οδοσ-πανορμου");
    CHECK(Store::resolve(list, "izmir").number == 1); // İ folds to i + U+0307
    CHECK(Store::resolve(list, "İZMİR IN SPRING").number == 1);
    CHECK(Store::resolve(list, "ÿp").number == 2);
    CHECK(Store::resolve(list, "οδος").number == 3); // a final ς finds Σ
    CHECK(Store::resolve(list, "πανορμου").number == 3);
    CHECK(Store::resolve(list, "ώρα").number == 6); // a capital with tonos
    CHECK(Store::resolve(list, "STRASSE").number == 4);
    CHECK(Store::resolve(list, "café").number == 5); // composed é finds e + U+0301
}

TEST_CASE("unknown lists suggest the closest name", "[checklist]") {
    Fixture f;
    CHECK(usage_message([&] { f.store.list("refelction"); }) ==
          "no list named 'refelction'; did you mean 'reflection'?");
    CHECK(usage_message([&] { f.store.list("zzzzzzzz"); }).find("the lists are 'reflection'") !=
          std::string::npos);
}

TEST_CASE("the person's own lists: create, add, remove with history kept", "[checklist]") {
    Fixture f;
    f.store.create("mine", "My own list");
    CHECK_THROWS_AS(f.store.create("mine", ""), ConflictError);
    CHECK_THROWS_AS(f.store.create("trust", ""), ConflictError);
    CHECK_THROWS_AS(f.store.create("mornings", ""), ConflictError);
    CHECK_THROWS_AS(f.store.create("Bad Name", ""), UsageError);
    auto item = f.store.add("mine", "Call my sister", "on Sundays");
    CHECK(item.number == 1);
    CHECK(item.def.key == "call-my-sister");
    CHECK(f.store.add("mine", "Call my sister", "").def.key == "call-my-sister-2");
    CHECK(f.store.add("growth", "Learn to cook", "").number == 6);
    f.store.check("mine", {"1"}, std::nullopt, f.t);

    auto removed = f.store.remove_item("mine", "call-my-sister-2");
    CHECK(removed.def.title == "Call my sister");
    CHECK(f.store.list("mine").total() == 1);
    CHECK_THROWS_AS(f.store.remove_item("trust", "1"), ConflictError);
    CHECK_THROWS_AS(f.store.remove_list("trust"), ConflictError);
    CHECK_THROWS_AS(f.store.remove_list("mornings"), ConflictError);
    CHECK(f.store.remove_list("mine") == 1);
    CHECK_THROWS_AS(f.store.list("mine"), UsageError);
    // The history and the export still hold what was written.
    CHECK(f.store.history(std::nullopt).size() == 1);
    CHECK(exported(f.store).find("\"removed_at\":\"") != std::string::npos);
    // A new list of the same name starts clean: old checks never attach to new items.
    f.store.create("mine", "");
    CHECK(f.store.add("mine", "Call my sister", "").def.key == "call-my-sister-3");
    CHECK(f.store.list("mine").done() == 0);
}

TEST_CASE("export then import into an empty database loses nothing", "[checklist]") {
    Fixture f;
    f.store.create("mine", "Mine");
    f.store.add("mine", "Tab\there, \"quotes\" and caf\xC3\xA9", "detail");
    f.store.check("mine", {"1"}, std::string("line one\nline two"), f.t);
    f.store.check("trust", {"2", "3"}, std::nullopt, f.t + 5);
    f.store.uncheck("trust", {"3"}, f.t + 10);
    f.store.create("gone", "");
    f.store.remove_list("gone");
    std::string first = exported(f.store);

    TempDir other;
    auto db2 = db::Database::open(other.file("d.db"), db::Mode::read_write);
    Store copy(db2, catalog_with());
    std::istringstream in(first);
    jsonl::Reader reader(in, "export.jsonl");
    auto stats = copy.import_records(reader);
    CHECK(stats.lists == 2);
    CHECK(stats.items == 1);
    CHECK(stats.events == 4);
    CHECK(exported(copy) == first);

    std::istringstream again(first);
    jsonl::Reader reader2(again, "export.jsonl");
    auto second = copy.import_records(reader2);
    CHECK(second.skipped == 7);
    CHECK(exported(copy) == first);
}

TEST_CASE("a bad line makes the whole import change nothing", "[checklist]") {
    Fixture f;
    std::string good = "{\"type\":\"list\",\"name\":\"mine\",\"title\":\"M\","
                       "\"created_at\":\"2026-11-20T10:00:00Z\",\"removed_at\":null}\n";
    auto try_import = [&](const std::string& text) {
        std::istringstream in(text);
        jsonl::Reader reader(in, "in.jsonl");
        try {
            f.store.import_records(reader);
        } catch (const DataError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(try_import(good + "{\"type\":\"event\",\"list\":\"mine\",\"item\":\"x\","
                            "\"action\":\"tick\",\"at\":\"2026-11-20T10:00:00Z\","
                            "\"recorded_at\":\"2026-11-20T10:00:00Z\"}\n") ==
          "in.jsonl:2: field 'action' is 'tick', but must be check, uncheck or reset");
    CHECK(try_import(good + "{\"type\":\"item\",\"list\":\"nope\",\"key\":\"k\",\"title\":\"t\","
                            "\"created_at\":\"2026-11-20T10:00:00Z\"}\n")
              .starts_with("in.jsonl:2: list 'nope' is not defined"));
    CHECK(try_import(good + "{\"type\":\"list\",\"name\":\"x\",\"title\":\"M\","
                            "\"created_at\":\"yesterday\"}\n")
              .starts_with("in.jsonl:2: field 'created_at': 'yesterday' is not a UTC time"));
    CHECK(try_import("{\"type\":\"mood\"}\n") ==
          "in.jsonl:1: field 'type' is 'mood', but must be list, item or event");
    CHECK(try_import(good + "{\"type\":\"list\",\"name\":\"y\",\"title\":\"M\","
                            "\"created_at\":\"2026-11-20T10:00:00Z\",\"extra\":1}\n") ==
          "in.jsonl:2: unknown field 'extra'");
    CHECK(exported(f.store) == records::header_line() + "\n"); // nothing but the header
}

TEST_CASE("tables carry the columns each command promises", "[checklist]") {
    Fixture f;
    f.store.check("reflection", {"1"}, std::string("n"), f.t);
    auto lists = f.store.lists();
    auto t = lists_table(lists);
    CHECK(t.columns[0].name == "name");
    CHECK(std::get<std::int64_t>(t.rows[0][2]) == 1);
    CHECK(std::get<std::int64_t>(t.rows[0][4]) == 20);
    auto p = progress_table(lists);
    CHECK(p.rows.size() == lists.size() + 1);
    CHECK(std::get<std::string>(p.rows.back()[0]) == overall_row);
    CHECK(std::get<std::int64_t>(p.rows.back()[1]) == 1);
    auto items = items_table(f.store.list("reflection"), 0);
    CHECK(std::get<bool>(items.rows[0][2]));
    CHECK(std::get<std::string>(items.rows[0][4]) == "2026-11-20T10:00:00Z");
    CHECK(percent(2, 3) == 66);
    CHECK(percent(0, 0) == 0);
    // done * 100 used to overflow an int past 21.4 million items.
    CHECK(percent(30'000'000, 40'000'000) == 75);
    CHECK(percent(2'000'000'000, 2'000'000'000) == 100);
}

#include "rekindle/config.hpp"
#include "rekindle/error.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace rekindle;
using namespace rekindle::config;

namespace {
std::string error_of(std::string_view text) {
    try {
        (void)Config::from_string(text, "c.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("typed lookups with defaults", "[config]") {
    auto c =
        Config::from_string("database = \"~/x.db\"\n[checklist.lists.mine]\ntitle = \"Mine\"\n");
    CHECK(c.string("database") == "~/x.db");
    CHECK(c.string_or("color", "auto") == "auto");
    CHECK(c.string("checklist.lists.mine.title") == "Mine");
    CHECK(c.node("checklist.lists") != nullptr);
    CHECK(c.node("nothing.here") == nullptr);
    CHECK(c.warnings().empty());
}

TEST_CASE("bad TOML reports path:line:column", "[config]") {
    CHECK(error_of("color = \"auto\"\nday_starts_at = \n").starts_with("c.toml:2:"));
    CHECK(error_of("a = 1\nb = [1,\n").starts_with("c.toml:"));
    std::string msg = error_of("x = [1,\n");
    CHECK(msg.substr(msg.find(": ") + 2, 1) == "e"); // lowercase, as all our messages
}

TEST_CASE("invalid UTF-8 is rejected before parsing, with its place", "[config]") {
    CHECK(error_of("editor = \"vi\"\nx = \"\xC3\x28\"\n") == "c.toml:2:6: invalid UTF-8 (byte 19)");
    CHECK(error_of("\xFF") == "c.toml:1:1: invalid UTF-8 (byte 0)");
}

TEST_CASE("values of the wrong type or outside their set are errors with a place", "[config]") {
    CHECK(error_of("\n\ncolor = \"sometimes\"") ==
          "c.toml:3:9: 'color' is 'sometimes', but must be one of auto, always, never");
    CHECK(error_of("database = 3") == "c.toml:1:12: 'database' must be a string");
    CHECK(error_of("day_starts_at = \"4am\"").starts_with("c.toml:1:17: day_starts_at '4am'"));
    CHECK(error_of("week_starts = \"friday\"").find("monday, sunday") != std::string::npos);
    CHECK(error_of("checklist = 1").find("'checklist' must be a table") != std::string::npos);
}

TEST_CASE("unknown keys warn with a suggestion instead of being ignored", "[config]") {
    auto c = Config::from_string(
        "colour = \"never\"\n[checklist]\nlist = {}\n[hooks]\nanything = 1\n", "c.toml");
    REQUIRE(c.warnings().size() == 2);
    // Keys are visited in name order, so the [checklist] warning comes first.
    CHECK(c.warnings()[0] == "c.toml:3:1: unknown key 'checklist.list'; did you mean 'lists'?");
    CHECK(c.warnings()[1] == "c.toml:1:1: unknown key 'colour'; did you mean 'color'?");
}

TEST_CASE("the [reflect] keys are known, down to each prompt", "[config]") {
    auto c = Config::from_string("[reflect]\neditor = true\ndisabled = []\ndisabeld = []\n"
                                 "[[reflect.themes]]\nname = \"x\"\ntitel = \"X\"\n"
                                 "[[reflect.themes.prompts]]\nid = \"x.a\"\nquestion = \"?\"\n"
                                 "hnit = \"h\"\n",
                                 "c.toml");
    REQUIRE(c.warnings().size() == 3);
    CHECK(c.warnings()[0] ==
          "c.toml:4:1: unknown key 'reflect.disabeld'; did you mean 'disabled'?");
    // Keys in name order: the theme's "prompts" before its "titel".
    CHECK(c.warnings()[1] ==
          "c.toml:11:1: unknown key 'reflect.themes[].prompts[].hnit'; did you mean 'hint'?");
    CHECK(c.warnings()[2] ==
          "c.toml:7:1: unknown key 'reflect.themes[].titel'; did you mean 'title'?");
}

TEST_CASE("layers: shipped defaults are overridden by the user file", "[config]") {
    TempDir tmp;
    std::ofstream(tmp.file("defaults.toml")) << "color = \"auto\"\nweek_starts = \"monday\"\n";
    std::ofstream(tmp.file("user.toml")) << "week_starts = \"sunday\"\n";
    auto c = Config::load({tmp.file("defaults.toml"), tmp.file("user.toml"), false});
    CHECK(c.string("color") == "auto");
    CHECK(c.string("week_starts") == "sunday");
    CHECK(c.user_path() == tmp.file("user.toml"));
}

TEST_CASE("a missing default user file is fine; a named one is not", "[config]") {
    TempDir tmp;
    auto c = Config::load({"", tmp.file("absent.toml"), false});
    CHECK(c.user_path().empty());
    CHECK_THROWS_AS(Config::load({"", tmp.file("absent.toml"), true}), NoInputError);
}

TEST_CASE("nesting is limited however it is written, and valid files pass", "[config]") {
    std::string dotted_in_table = "[reflect]\nx = { ";
    for (int i = 0; i < 50000; ++i)
        dotted_in_table += "k.";
    dotted_in_table += "k = 1 }\n";
    CHECK_THROWS_WITH(config::parse_text(dotted_in_table, "deep.toml"),
                      Catch::Contains("nested more than 64 levels"));
    std::string arrays = "x = ";
    arrays.append(100, '[').append(100, ']').append("\n");
    CHECK_THROWS_WITH(config::parse_text(arrays, "deep.toml"), Catch::Contains("deep.toml:1:"));
    std::string floats = "a = [\n";
    for (int i = 0; i < 200; ++i) // appended piece by piece: GCC 12 misreads " " + string
        floats.append(" ").append(std::to_string(i)).append(".5,\n");
    floats += "]\nb = \"\"\"x\"\"\"\"\nc = { d = [1.5, 2.5], e.f = 3 }\n";
    CHECK_NOTHROW(config::parse_text(floats, "ok.toml"));
}

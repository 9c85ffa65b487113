#include "rekindle/error.hpp"
#include "rekindle/output.hpp"
#include "rekindle/text.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace rekindle;
using namespace rekindle::output;

namespace {
Table sample() {
    Table t;
    t.columns = {
        Column{"name"},  Column{"count", Shown::always, true}, Column{"ok"},
        Column{"ratio"}, Column{"bar", Shown::table_only},     Column{"id", Shown::machine_only}};
    t.rows.push_back(
        {std::string("a\tb"), std::int64_t{3}, true, 0.5, std::string("##"), std::string("x1")});
    t.rows.push_back({std::string("say \"hi\", ok\nbye\\"), std::int64_t{12}, false, Value(),
                      std::string(""), Value()});
    return t;
}
} // namespace

TEST_CASE("formats parse by name", "[output]") {
    CHECK(parse_format("jsonl") == Format::jsonl);
    CHECK(parse_format("table") == Format::table);
    CHECK_THROWS_AS(parse_format("xml"), UsageError);
}

TEST_CASE("tsv has a header and escapes tab, newline, CR and backslash", "[output]") {
    CHECK(render(sample(), Format::tsv) == "name\tcount\tok\tratio\tid\n"
                                           "a\\tb\t3\ttrue\t0.5\tx1\n"
                                           "say \"hi\", ok\\nbye\\\\\t12\tfalse\t\t\n");
}

TEST_CASE("csv follows RFC 4180", "[output]") {
    CHECK(render(sample(), Format::csv) == "name,count,ok,ratio,id\r\n"
                                           "a\tb,3,true,0.5,x1\r\n"
                                           "\"say \"\"hi\"\", ok\nbye\\\",12,false,,\r\n");
}

TEST_CASE("json keeps numbers as numbers and null as null", "[output]") {
    CHECK(render(sample(), Format::jsonl) ==
          "{\"name\":\"a\\tb\",\"count\":3,\"ok\":true,\"ratio\":0.5,\"id\":\"x1\"}\n"
          "{\"name\":\"say \\\"hi\\\", ok\\nbye\\\\\",\"count\":12,\"ok\":false,\"ratio\":null,"
          "\"id\":null}\n");
    std::string json = render(sample(), Format::json);
    CHECK(json.front() == '[');
    CHECK(json.find("\"count\":12") != std::string::npos);
    CHECK(render(Table{{Column{"a"}}, {}}, Format::json) == "[]\n");
    CHECK(json_quote(std::string("\x01\x1b", 2)) == "\"\\u0001\\u001b\"");
}

TEST_CASE("tables align by display width and escape control characters", "[output]") {
    Table t;
    t.columns = {Column{"name"}, Column{"n", Shown::always, true}};
    t.rows.push_back({std::string("\xE6\x97\xA5\xE6\x9C\xAC"), std::int64_t{5}});
    t.rows.push_back({std::string("\x1b[2Jab"), std::int64_t{10}});
    std::string out = render(t, Format::table);
    CHECK(out == "name        n\n"
                 "日本        5\n"
                 "\\x1b[2Jab  10\n");
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(render(sample(), Format::table).find("bar") != std::string::npos);
    CHECK(render(sample(), Format::table).find("[x]") != std::string::npos);
    CHECK(render(t, Format::table, Style{true, true}).starts_with("\x1b[1mname"));
}

TEST_CASE("tables wider than the terminal shorten text columns from the right", "[output]") {
    Table t;
    t.columns = {Column{"title"}, Column{"n", Shown::always, true},
                 Column{"day", Shown::always, false, Fit::keep}, Column{"detail"}};
    t.rows.push_back({std::string(30, 't'), std::int64_t{123456}, std::string("2026-11-26"),
                      std::string(60, 'x')});
    auto lines_fit = [](const std::string& out, std::size_t width) {
        for (std::size_t start = 0; start < out.size();) {
            auto end = out.find('\n', start);
            if (rekindle::text::display_width(out.substr(start, end - start)) > width)
                return false;
            start = end + 1;
        }
        return true;
    };
    std::string out = render(t, Format::table, Style{false, true, 80});
    CHECK(lines_fit(out, 80));
    CHECK(out.find(std::string(30, 't')) != std::string::npos); // the title stays whole
    CHECK(out.find("x…") != std::string::npos);                 // the detail gave way
    CHECK(out.find("123456") != std::string::npos);
    out = render(t, Format::table, Style{false, true, 50});
    CHECK(lines_fit(out, 50));
    CHECK(out.find("2026-11-26") != std::string::npos); // kept columns are never cut
    CHECK(out.find("t…") != std::string::npos);
    CHECK(render(t, Format::tsv, Style{false, true, 40}).find(std::string(60, 'x')) !=
          std::string::npos);
    CHECK(rekindle::text::truncate_to_width("日本語", 4) == "日…");
    CHECK(rekindle::text::truncate_to_width("abc", 3) == "abc");
}

TEST_CASE("table-only and machine-only columns go where they belong", "[output]") {
    CHECK(render(sample(), Format::tsv).find("bar") == std::string::npos);
    CHECK(render(sample(), Format::table).find(" id") == std::string::npos);
}

TEST_CASE("writing to a closed pipe is a quiet BrokenPipe, other failures are IoError",
          "[output]") {
    std::signal(SIGPIPE, SIG_IGN);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    close(fds[0]);
    CHECK_THROWS_AS(write_all(fds[1], "hello"), BrokenPipe);
    close(fds[1]);
    int full = open("/dev/full", O_WRONLY);
    REQUIRE(full >= 0);
    CHECK_THROWS_AS(write_all(full, "hello"), IoError);
    close(full);
}

TEST_CASE("JsonWriter nests objects and arrays with their commas", "[output]") {
    output::JsonWriter j;
    j.open_object().field("a", std::int64_t{1}).open_array("list");
    j.item(std::string("x")).open_object().field("b", output::Value()).close();
    j.item(true).close().open_object("inner").close().field("c", 0.5).close();
    CHECK(j.text() == R"({"a":1,"list":["x",{"b":null},true],"inner":{},"c":0.5})");
}

TEST_CASE("JsonWriter refuses to close what is not open or to write past the end", "[output]") {
    output::JsonWriter j;
    j.open_object().close();
    CHECK_THROWS_AS(j.close(), std::logic_error);
    CHECK_THROWS_AS(j.open_object("k"), std::logic_error);
    CHECK(j.text() == "{}");
}

#include "rekindle/error.hpp"
#include "rekindle/jsonl.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace rekindle;

TEST_CASE("records are read line by line with typed fields", "[jsonl]") {
    std::istringstream in("{\"type\":\"list\",\"n\":3,\"note\":null}\n\n  \r\n"
                          "{\"type\":\"event\",\"text\":\"caf\\u00e9\"}\r\n");
    jsonl::Reader reader(in, "in.jsonl");
    const auto* r = reader.next();
    REQUIRE(r);
    CHECK(r->string("type") == "list");
    CHECK(r->integer("n") == 3);
    CHECK_FALSE(r->optional_string("note"));
    CHECK(r->has("note"));
    CHECK_FALSE(r->has("missing"));
    CHECK(r->where() == "in.jsonl:1");
    r = reader.next();
    REQUIRE(r);
    CHECK(r->string("text") == "caf\xC3\xA9");
    CHECK(r->where() == "in.jsonl:4");
    CHECK(reader.next() == nullptr);
}

TEST_CASE("bad lines name the file, the line and the field", "[jsonl]") {
    auto message_for = [](const std::string& text, auto&& use) {
        std::istringstream in(text);
        jsonl::Reader reader(in, "-");
        try {
            while (const auto* r = reader.next())
                use(*r);
        } catch (const DataError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    auto noop = [](const jsonl::Record&) {};
    CHECK(message_for("{}\n{\"a\":\n", noop).starts_with("stdin:2: not valid JSON"));
    CHECK(message_for("[1,2]\n", noop) == "stdin:1: expected a JSON object, found an array");
    CHECK(message_for("{\"a\":\"\xff\"}\n", noop).starts_with("stdin:1: not valid JSON"));
    CHECK(message_for("{\"a\":1}\n", [](const jsonl::Record& r) { (void)r.string("a"); }) ==
          "stdin:1: field 'a' must be a string, not a number");
    CHECK(message_for("{}\n", [](const jsonl::Record& r) { (void)r.string("b"); }) ==
          "stdin:1: field 'b' is missing");
    CHECK(message_for("{\"a\":1,\"zz\":2}\n", [](const jsonl::Record& r) { r.only({"a"}); }) ==
          "stdin:1: unknown field 'zz'");
    CHECK(message_for("{\"n\":1.5}\n", [](const jsonl::Record& r) { (void)r.integer("n"); }) ==
          "stdin:1: field 'n' must be a whole number, not a number");
}

TEST_CASE("a long input is read line by line to the end", "[jsonl]") {
    std::stringstream in;
    for (int i = 0; i < 20000; ++i)
        in << "{\"i\":" << i << ",\"pad\":\"" << std::string(100, 'x') << "\"}\n";
    jsonl::Reader reader(in, "big");
    std::int64_t sum = 0;
    while (const auto* r = reader.next())
        sum += r->integer("i");
    CHECK(sum == 20000LL * 19999 / 2);
    CHECK(reader.line() == 20000);
}

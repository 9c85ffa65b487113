#include "rekindle/session.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace rekindle;

namespace {
std::vector<session::Question> three() {
    return {{"a", "First?", "a hint"}, {"b", "Second?", ""}, {"c", "Third?", ""}};
}
} // namespace

TEST_CASE("a session keeps answers of several lines, ended by an empty line", "[session]") {
    std::istringstream in("one\ntwo\n\nthree\n\nfour\n\n");
    std::ostringstream out;
    auto r = session::run("intro", three(), in, out);
    REQUIRE(r.answers.size() == 3);
    CHECK(r.answers[0] == std::pair<std::size_t, std::string>{0, "one\ntwo"});
    CHECK(r.answers[1].second == "three");
    CHECK(r.answers[2].second == "four");
    CHECK_FALSE(r.stopped);
    CHECK(out.str().find("1/3  First?") != std::string::npos);
    CHECK(out.str().find("a hint") != std::string::npos);
}

TEST_CASE("an empty first line skips a question", "[session]") {
    std::istringstream in("\nsecond answer\n\n\n");
    std::ostringstream out;
    auto r = session::run("intro", three(), in, out);
    REQUIRE(r.answers.size() == 1);
    CHECK(r.answers[0].first == 1);
    CHECK_FALSE(r.stopped);
}

TEST_CASE("the end of input stops the session and keeps what was written", "[session]") {
    std::istringstream in("kept\n\ncut short");
    std::ostringstream out;
    auto r = session::run("intro", three(), in, out);
    REQUIRE(r.answers.size() == 2);
    CHECK(r.answers[1].second == "cut short");
    CHECK(r.stopped);
}

TEST_CASE("the end of input at the start saves nothing", "[session]") {
    std::istringstream in("");
    std::ostringstream out;
    auto r = session::run("intro", three(), in, out);
    CHECK(r.answers.empty());
    CHECK(r.stopped);
}

TEST_CASE("stored text cannot drive the terminal through a question", "[session]") {
    std::istringstream in("");
    std::ostringstream out;
    session::run("intro", {{"x", "Why\x1b[2J?", ""}}, in, out);
    CHECK(out.str().find('\x1b') == std::string::npos);
}

TEST_CASE("ask_line reads one line, and nothing at the end of input", "[session]") {
    std::istringstream in("yes\r\n");
    std::ostringstream out;
    CHECK(session::ask_line(in, out, "ok? ") == std::optional<std::string>("yes"));
    CHECK(session::ask_line(in, out, "again? ") == std::nullopt);
}

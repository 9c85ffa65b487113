#include "rekindle/cli.hpp"
#include "rekindle/error.hpp"

#include <catch2/catch.hpp>

using namespace rekindle;

TEST_CASE("colour: flag, then NO_COLOR, then config, then the terminal", "[cli]") {
    CHECK(cli::want_color("always", "never", false, true));
    CHECK_FALSE(cli::want_color("never", "always", true, false));
    CHECK_FALSE(cli::want_color("", "always", true, true)); // NO_COLOR beats config
    CHECK(cli::want_color("", "always", false, false));
    CHECK_FALSE(cli::want_color("", "never", true, false));
    CHECK(cli::want_color("", "auto", true, false));
    CHECK_FALSE(cli::want_color("", "auto", false, false));
    CHECK_FALSE(cli::want_color("auto", "always", false, false));
}

TEST_CASE("error lines follow the contract", "[cli]") {
    CHECK(cli::error_line("checklist", "no list named 'x'") ==
          "rekindle-checklist: error: no list named 'x'");
}

namespace {
int run_with(std::vector<std::string> args, const std::function<int()>& body) {
    CLI::App app{"test", "rekindle-test"};
    cli::CommonOptions o;
    cli::add_common_options(app, o, "test");
    app.add_subcommand("go", "go");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    return cli::run("test", app, static_cast<int>(argv.size()), argv.data(), body);
}
} // namespace

TEST_CASE("run maps errors to the documented exit codes", "[cli]") {
    auto ok = [] { return 0; };
    CHECK(run_with({"t", "go"}, ok) == 0);
    CHECK(run_with({"t", "--format", "xml"}, ok) == 2);
    CHECK(run_with({"t", "--nope"}, ok) == 2);
    CHECK(run_with({"t", "go", "--format=json"}, ok) == 0); // common options after a subcommand
    CHECK(run_with({"t", "go"}, []() -> int { throw DataError("bad"); }) == 65);
    CHECK(run_with({"t", "go"}, []() -> int { throw ConfigError("bad"); }) == 78);
    CHECK(run_with({"t", "go"}, []() -> int { throw BusyError("bad"); }) == 75);
    CHECK(run_with({"t", "go"}, []() -> int { throw BrokenPipe(); }) == 0);
    CHECK(run_with({"t", "go"}, []() -> int { throw std::logic_error("bug"); }) == 70);
}

TEST_CASE("a text argument is taken as given", "[cli]") {
    CHECK(cli::text_argument(std::string("Call my sister"), "item text") == "Call my sister");
    CHECK_THROWS_AS(cli::text_argument(std::string("   "), "item text"), UsageError);
    CHECK_THROWS_AS(cli::text_argument(std::string("\xC3("), "item text"), DataError);
}

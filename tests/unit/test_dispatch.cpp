#include "rekindle/dispatch.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sys/stat.h>

using namespace rekindle;

namespace {
void make_tool(const std::string& path, bool exec = true) {
    std::ofstream(path) << "#!/bin/sh\n";
    ::chmod(path.c_str(), exec ? 0755 : 0644);
}
} // namespace

TEST_CASE("tools are searched beside the dispatcher, then libexec, then PATH", "[dispatch]") {
    auto dirs = dispatch::search_dirs("/opt/bin", "/opt/libexec/rekindle", "/usr/bin::/bin");
    REQUIRE(dirs.size() == 5);
    CHECK(dirs[0] == "/opt/bin");
    CHECK(dirs[1] == "/opt/libexec/rekindle");
    CHECK(dirs[2] == "/usr/bin");
    CHECK(dirs[3] == ".");
    CHECK(dirs[4] == "/bin");
}

TEST_CASE("an empty PATH entry anywhere means the current folder", "[dispatch]") {
    using V = std::vector<std::string>;
    CHECK(dispatch::search_dirs("/e", "/l", "/bin:") == V{"/e", "/l", "/bin", "."});
    CHECK(dispatch::search_dirs("/e", "/l", ":/bin") == V{"/e", "/l", ".", "/bin"});
    CHECK(dispatch::search_dirs("/e", "/l", ":") == V{"/e", "/l", "."});
    CHECK(dispatch::search_dirs("/e", "/l", "") == V{"/e", "/l"});
}

TEST_CASE("the first executable rekindle-<tool> wins; others are listed as external",
          "[dispatch]") {
    TempDir a, b;
    make_tool(a.file("rekindle-checklist"));
    make_tool(b.file("rekindle-checklist"));
    make_tool(b.file("rekindle-mine"));
    make_tool(b.file("rekindle-notexec"), false);
    std::vector<std::string> dirs{a.path.string(), b.path.string()};
    CHECK(dispatch::find_tool("checklist", dirs) == a.file("rekindle-checklist"));
    CHECK(dispatch::find_tool("mine", dirs) == b.file("rekindle-mine"));
    CHECK_FALSE(dispatch::find_tool("notexec", dirs));
    CHECK_FALSE(dispatch::find_tool("../rekindle-mine", dirs));
    auto tools = dispatch::available_tools(dirs);
    REQUIRE(tools.size() == 2);
    CHECK(tools[0].name == "checklist");
    CHECK(tools[0].path == a.file("rekindle-checklist"));
    CHECK(tools[0].description.find("tick off") != std::string::npos);
    CHECK(tools[1].name == "mine");
    CHECK(tools[1].description == "(an external tool)");
}

TEST_CASE("the command table names the five tools and the data tool", "[dispatch]") {
    std::vector<std::string> names;
    for (const auto& t : dispatch::known_tools())
        names.emplace_back(t.name);
    CHECK(names == std::vector<std::string>{"reflect", "nocontact", "selfcare", "signals",
                                            "checklist", "data"});
}

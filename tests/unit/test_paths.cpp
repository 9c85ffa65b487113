#include "rekindle/paths.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

using namespace rekindle;

namespace {
struct EnvGuard {
    std::string name, old;
    bool had;
    EnvGuard(const char* n, const char* value) : name(n) {
        const char* o = std::getenv(n);
        had = o != nullptr;
        if (had)
            old = o;
        if (value)
            setenv(n, value, 1);
        else
            unsetenv(n);
    }
    ~EnvGuard() {
        if (had)
            setenv(name.c_str(), old.c_str(), 1);
        else
            unsetenv(name.c_str());
    }
};
} // namespace

TEST_CASE("XDG locations with their fallbacks", "[paths]") {
    EnvGuard home("HOME", "/home/someone");
    {
        EnvGuard data("XDG_DATA_HOME", nullptr);
        EnvGuard conf("XDG_CONFIG_HOME", nullptr);
        CHECK(paths::default_database() == "/home/someone/.local/share/rekindle/rekindle.db");
        CHECK(paths::default_config() == "/home/someone/.config/rekindle/config.toml");
    }
    {
        EnvGuard data("XDG_DATA_HOME", "/data");
        EnvGuard conf("XDG_CONFIG_HOME", "relative/ignored");
        CHECK(paths::default_database() == "/data/rekindle/rekindle.db");
        CHECK(paths::default_config() == "/home/someone/.config/rekindle/config.toml");
    }
}

TEST_CASE("paths expand ~ and resolve relative to a base", "[paths]") {
    EnvGuard home("HOME", "/home/someone");
    CHECK(paths::expand("~/x.db") == "/home/someone/x.db");
    CHECK(paths::expand("x.db", "/etc/rekindle") == "/etc/rekindle/x.db");
    CHECK(paths::expand("/abs.db", "/etc") == "/abs.db");
    CHECK(paths::expand("rel.db") == "rel.db");
}

TEST_CASE("shipped content is found through REKINDLE_SHARE_DIR or beside the executable",
          "[paths]") {
    {
        EnvGuard share("REKINDLE_SHARE_DIR", "/opt/share");
        CHECK(paths::share_dir() == "/opt/share");
    }
    EnvGuard share("REKINDLE_SHARE_DIR", nullptr);
    // The test binary lives in the build tree, which mirrors an installed prefix.
    CHECK(paths::share_dir().ends_with("share/rekindle"));
    CHECK(paths::env("REKINDLE_SHARE_DIR") == std::nullopt);
}

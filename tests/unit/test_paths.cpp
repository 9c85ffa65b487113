#include "rekindle/paths.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

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
    auto beside =
        std::filesystem::path(paths::executable_dir()) / ".." / "share" / "rekindle-content";
    REQUIRE(std::filesystem::is_directory(beside));
    CHECK(std::filesystem::equivalent(paths::share_dir(), beside));
    CHECK(std::filesystem::is_regular_file(std::filesystem::path(paths::share_dir()) /
                                           "checklists.toml"));
    CHECK(paths::env("REKINDLE_SHARE_DIR") == std::nullopt);
}

namespace {
unsigned mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}
} // namespace

TEST_CASE("the default data folder is made private, and only that folder", "[paths]") {
    namespace fs = std::filesystem;
    char templ[] = "/tmp/rekindle-paths-XXXXXX";
    REQUIRE(::mkdtemp(templ) != nullptr);
    fs::path base = templ;
    struct Cleanup {
        fs::path p;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } cleanup{base};
    EnvGuard data("XDG_DATA_HOME", base.c_str());
    fs::path dir = base / "rekindle";

    SECTION("a missing folder is not made") {
        CHECK_FALSE(paths::secure_default_data_dir());
        CHECK_FALSE(fs::exists(dir));
    }
    SECTION("an open folder loses every group and other bit") {
        fs::create_directory(dir);
        REQUIRE(::chmod(dir.c_str(), 0755) == 0);
        CHECK(paths::secure_default_data_dir());
        CHECK(mode_of(dir) == 0700);
        CHECK_FALSE(paths::secure_default_data_dir()); // already private
        CHECK(mode_of(dir) == 0700);
    }
    SECTION("a symlink is not followed") {
        fs::create_directory(base / "elsewhere");
        REQUIRE(::chmod((base / "elsewhere").c_str(), 0755) == 0);
        fs::create_directory_symlink(base / "elsewhere", dir);
        CHECK_FALSE(paths::secure_default_data_dir());
        CHECK(mode_of(base / "elsewhere") == 0755);
    }
}

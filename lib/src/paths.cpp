#include "rekindle/paths.hpp"

#include "rekindle/error.hpp"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#ifndef REKINDLE_INSTALL_DATADIR
#define REKINDLE_INSTALL_DATADIR "/usr/local/share/rekindle-content"
#endif

namespace rekindle::paths {
namespace fs = std::filesystem;

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v)
        return std::nullopt;
    return std::string(v);
}

std::string executable_dir() {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : exe.parent_path().string();
}

std::string share_dir() {
    if (auto dir = env("REKINDLE_SHARE_DIR"))
        return *dir;
    std::error_code ec;
    auto beside = fs::path(executable_dir()) / ".." / "share" / "rekindle-content";
    if (fs::is_directory(beside, ec))
        return fs::weakly_canonical(beside, ec).string();
    return REKINDLE_INSTALL_DATADIR;
}

namespace {
std::string home() {
    if (auto h = env("HOME"))
        return *h;
    throw ConfigError("HOME is not set, so there is no default place for rekindle's files; "
                      "set HOME or pass --db and --config");
}

std::string xdg(const char* variable, const char* fallback) {
    // The XDG spec says relative values are invalid and must be ignored.
    if (auto v = env(variable); v && fs::path(*v).is_absolute())
        return *v;
    return (fs::path(home()) / fallback).string();
}
} // namespace

std::string default_database() {
    return (fs::path(xdg("XDG_DATA_HOME", ".local/share")) / "rekindle" / "rekindle.db").string();
}

bool secure_default_data_dir() {
    auto dir = fs::path(default_database()).parent_path();
    // Opened without following a symlink, then checked and changed through the same
    // descriptor, so nothing can be swapped in between.
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st {};
    bool tightened = false;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() &&
        (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        tightened = ::fchmod(fd, st.st_mode & 07777 & ~(S_IRWXG | S_IRWXO)) == 0;
    ::close(fd);
    return tightened;
}

std::string default_config() {
    return (fs::path(xdg("XDG_CONFIG_HOME", ".config")) / "rekindle" / "config.toml").string();
}

std::string expand(const std::string& path, const std::string& base_dir) {
    if (path == "~" || path.starts_with("~/"))
        return home() + path.substr(1);
    if (!base_dir.empty() && fs::path(path).is_relative())
        return (fs::path(base_dir) / path).string();
    return path;
}

} // namespace rekindle::paths

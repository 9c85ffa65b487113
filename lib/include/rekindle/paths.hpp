#pragma once
/// Where things live: the database, the config file, shipped content, per DESIGN.md.

#include <optional>
#include <string>

namespace rekindle::paths {

/// The folder holding the running executable (from /proc/self/exe).
std::string executable_dir();

/// Shipped content: `$REKINDLE_SHARE_DIR` when set, else `<exe>/../share/rekindle` when it
/// exists (build tree and installed prefix alike), else the configured install location.
std::string share_dir();

/// `$XDG_DATA_HOME/rekindle/rekindle.db`, with `~/.local/share` when XDG_DATA_HOME is unset.
std::string default_database();

/// `$XDG_CONFIG_HOME/rekindle/config.toml`, with `~/.config` when XDG_CONFIG_HOME is unset.
std::string default_config();

/// Expands a leading `~/` to `$HOME/`, and makes a relative path relative to `base_dir`.
std::string expand(const std::string& path, const std::string& base_dir = "");

/// The value of environment variable `name` when set and non-empty.
std::optional<std::string> env(const char* name);

} // namespace rekindle::paths

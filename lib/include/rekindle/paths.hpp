#pragma once
/// Where things live: the database, the config file, shipped content, per DESIGN.md.

#include <optional>
#include <string>

namespace rekindle::paths {

/// The folder holding the running executable (from /proc/self/exe).
std::string executable_dir();

/// Shipped content: `$REKINDLE_SHARE_DIR` when set, else `<exe>/../share/rekindle-content`
/// when it exists (build tree and installed prefix alike), else the configured install
/// location. Never `share/rekindle`: under a `~/.local` prefix that is the person's own
/// data folder (see default_database()), which must hold nothing installed.
std::string share_dir();

/// `$XDG_DATA_HOME/rekindle/rekindle.db`, with `~/.local/share` when XDG_DATA_HOME is unset.
std::string default_database();

/// Makes the folder of default_database() private (0700) when it exists, is a real folder
/// (not a symlink), is owned by the effective user and is open to anyone else (an earlier
/// install may have left it 0755) by taking away every group and other bit. For writers that use
/// the default database only: a folder named by --db, $REKINDLE_DB or the config is the person's
/// choice and is left alone. Returns whether the mode was changed; a folder that is missing, not
/// ours or cannot be changed is left as it is.
bool secure_default_data_dir();

/// `$XDG_CONFIG_HOME/rekindle/config.toml`, with `~/.config` when XDG_CONFIG_HOME is unset.
std::string default_config();

/// Expands a leading `~/` to `$HOME/`, and makes a relative path relative to `base_dir`.
std::string expand(const std::string& path, const std::string& base_dir = "");

/// The value of environment variable `name` when set and non-empty.
std::optional<std::string> env(const char* name);

} // namespace rekindle::paths

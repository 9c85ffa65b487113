#pragma once
/// Layered TOML configuration: shipped defaults (share/rekindle/config.toml) < the user's
/// file < environment < flags. Bytes are checked as UTF-8 before toml++ sees them, errors
/// carry `path:line:column`, and unknown keys become warnings with a suggestion.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace rekindle::config {

/// Where the configuration comes from.
struct Sources {
    std::string defaults_path;  ///< shipped defaults; must exist when non-empty
    std::string user_path;      ///< the person's file; see `user_required`
    bool user_required = false; ///< true when named by --config or $REKINDLE_CONFIG
};

/// The merged configuration.
class Config {
  public:
    /// Reads and merges the sources. Throws ConfigError (78) with `path:line:column` for
    /// malformed TOML, invalid UTF-8 or a value of the wrong type, NoInputError (66) when a
    /// required user file is missing.
    static Config load(const Sources& sources);

    /// A config made from TOML text, for tests.
    static Config from_string(std::string_view toml_text, std::string_view name = "config.toml");

    /// The string at a dotted key ("checklist.lists"), if set.
    [[nodiscard]] std::optional<std::string> string(std::string_view dotted) const;
    [[nodiscard]] std::string string_or(std::string_view dotted, std::string_view fallback) const;
    /// Whether weeks start on Sunday (`week_starts`), rather than on Monday.
    [[nodiscard]] bool sunday_first() const;
    /// The node at a dotted key, for structured values such as lists of tables.
    [[nodiscard]] const toml::node* node(std::string_view dotted) const;
    /// `path:line:column` of a node, for error messages.
    [[nodiscard]] std::string where(const toml::node& node) const;

    /// Warnings found while loading (unknown keys), ready to print.
    [[nodiscard]] const std::vector<std::string>& warnings() const { return warnings_; }
    /// The user file that was read, or empty.
    [[nodiscard]] const std::string& user_path() const { return user_path_; }

  private:
    toml::table root_;
    std::string user_path_;
    std::vector<std::string> warnings_;
};

/// Parses one TOML file (UTF-8 checked first). Throws ConfigError with `path:line:column`.
toml::table parse_file(const std::string& path);

/// Parses TOML text named `name` in messages. Throws ConfigError with `name:line:column`.
toml::table parse_text(std::string_view text, std::string_view name);

} // namespace rekindle::config

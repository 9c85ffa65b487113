#pragma once
/// The `rekindle` command table: which tools exist, where their `rekindle-<tool>`
/// executables are, as git finds its `git-<cmd>` externals.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rekindle::dispatch {

/// A tool rekindle ships, with its one-line description.
struct KnownTool {
    std::string_view name;
    std::string_view description;
};

/// The tools rekindle ships, in the order of the guide.
const std::vector<KnownTool>& known_tools();

/// A tool found on disk.
struct FoundTool {
    std::string name;        ///< "checklist" for rekindle-checklist
    std::string description; ///< the shipped description, or a note that it is external
    std::string path;        ///< the executable
};

/// Where tools are looked for, in order: the dispatcher's own folder, the install's
/// libexec folder, then each entry of `path_env` (a PATH value).
std::vector<std::string> search_dirs(const std::string& exe_dir, const std::string& libexec_dir,
                                     std::string_view path_env);

/// The first executable `rekindle-<name>` in `dirs`.
std::optional<std::string> find_tool(std::string_view name, const std::vector<std::string>& dirs);

/// Every `rekindle-*` executable in `dirs` (first one wins), sorted by name.
std::vector<FoundTool> available_tools(const std::vector<std::string>& dirs);

} // namespace rekindle::dispatch

#include "rekindle/dispatch.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unistd.h>

namespace rekindle::dispatch {
namespace fs = std::filesystem;

const std::vector<KnownTool>& known_tools() {
    static const std::vector<KnownTool> tools{
        {"reflect", "a guided journal: what went wrong, your part, what must change"},
        {"nocontact", "keep a no-contact period: days, urges, slips and what they taught"},
        {"selfcare", "log self-care and growth: activities, mood, weekly goals"},
        {"signals", "an honest reading of signs from your ex: words against actions"},
        {"checklist", "tick off the guide's key points, and lists of your own"},
        {"data", "every tool's records at once, behind 'rekindle export' and 'import'"},
    };
    return tools;
}

std::vector<std::string> search_dirs(const std::string& exe_dir, const std::string& libexec_dir,
                                     std::string_view path_env) {
    std::vector<std::string> dirs;
    auto push = [&](const std::string& d) {
        if (!d.empty() && std::find(dirs.begin(), dirs.end(), d) == dirs.end())
            dirs.push_back(d);
    };
    push(exe_dir);
    push(libexec_dir);
    // An empty PATH entry, leading, trailing or between two colons, means the current folder,
    // by POSIX; an empty PATH names none.
    for (std::size_t start = 0; !path_env.empty() && start <= path_env.size();) {
        auto colon = path_env.find(':', start);
        auto end = colon == std::string_view::npos ? path_env.size() : colon;
        std::string entry(path_env.substr(start, end - start));
        push(entry.empty() ? "." : entry);
        start = end + 1;
    }
    return dirs;
}

namespace {
bool executable(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}
} // namespace

std::optional<std::string> find_tool(std::string_view name, const std::vector<std::string>& dirs) {
    if (name.empty() || name.find('/') != std::string_view::npos)
        return std::nullopt;
    for (const auto& d : dirs) {
        fs::path candidate = fs::path(d) / ("rekindle-" + std::string(name));
        if (executable(candidate))
            return candidate.string();
    }
    return std::nullopt;
}

std::vector<FoundTool> available_tools(const std::vector<std::string>& dirs) {
    std::map<std::string, FoundTool> found;
    for (const auto& d : dirs) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(d, ec)) {
            std::string file = entry.path().filename().string();
            if (!file.starts_with("rekindle-") || file.size() == 9 || !executable(entry.path()))
                continue;
            std::string name = file.substr(9);
            if (found.count(name))
                continue;
            std::string description = "(an external tool)";
            for (const auto& k : known_tools())
                if (k.name == name)
                    description = std::string(k.description);
            found.emplace(name, FoundTool{name, description, entry.path().string()});
        }
    }
    std::vector<FoundTool> out;
    for (auto& [name, tool] : found)
        out.push_back(std::move(tool));
    return out;
}

} // namespace rekindle::dispatch

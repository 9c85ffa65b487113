#include "rekindle/chart.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <string_view>

namespace rekindle::chart {
namespace {
// Left-aligned blocks from one eighth to a full cell.
constexpr std::array<std::string_view, 9> eighths{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
constexpr std::array<std::string_view, 8> heights{"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
} // namespace

std::string progress_bar(long done, long total, int width) {
    if (width <= 0)
        return {};
    long cells_eighths = total > 0 ? std::clamp(done, 0L, total) * width * 8 / total : 0;
    std::string bar;
    int used = 0;
    for (; cells_eighths >= 8; cells_eighths -= 8, ++used)
        bar += eighths[8];
    if (cells_eighths > 0) {
        bar += eighths[static_cast<std::size_t>(cells_eighths)];
        ++used;
    }
    bar.append(static_cast<std::size_t>(width - used), ' ');
    return bar;
}

std::string sparkline(const std::vector<double>& values) {
    if (values.empty())
        return {};
    auto [low, high] = std::minmax_element(values.begin(), values.end());
    // Counts start at zero: a day with none is the lowest bar, however the others look.
    double lo = std::min(*low, 0.0), hi = *high;
    double span = hi - lo;
    std::string line;
    for (double v : values) {
        std::size_t level = span > 0 ? static_cast<std::size_t>((v - lo) / span * 7.0 + 0.5) : 0;
        line += heights[std::min<std::size_t>(level, 7)];
    }
    return line;
}

std::string heatmap(const std::vector<std::pair<dates::Day, std::int64_t>>& days, const Look& look,
                    bool months) {
    if (days.empty())
        return {};
    static constexpr std::array<std::string_view, 5> shades{"·", "░", "▒", "▓", "█"};
    static constexpr std::array<std::string_view, 5> plain{".", "-", "+", "*", "#"};
    // Greens from dark to bright in the 256-colour palette, as contribution graphs use.
    static constexpr std::array<int, 4> greens{22, 28, 34, 40};
    std::int64_t most = 0;
    for (const auto& [d, n] : days)
        most = std::max(most, n);
    auto level = [&](std::int64_t n) -> std::size_t {
        if (n <= 0 || most <= 0)
            return 0;
        return std::min<std::size_t>(4, static_cast<std::size_t>((n * 4 + most - 1) / most));
    };
    auto cell = [&](std::size_t l) -> std::string {
        if (look.ascii && !look.color)
            return std::string(plain[l]);
        if (!look.color)
            return std::string(shades[l]);
        std::string_view glyph = look.ascii ? (l == 0 ? "." : "#") : (l == 0 ? "·" : "█");
        if (l == 0)
            return fmt::format("\x1b[90m{}\x1b[0m", glyph);
        return fmt::format("\x1b[38;5;{}m{}\x1b[0m", greens[l - 1], glyph);
    };
    auto row_of = [&](const dates::Day& d) {
        int wd = dates::weekday(d); // 0 = Monday
        return look.sunday_first ? (wd + 1) % 7 : wd;
    };
    int lead = row_of(days.front().first);
    int weeks = (lead + static_cast<int>(days.size()) + 6) / 7;
    std::vector<std::vector<std::string>> grid(7, std::vector<std::string>(weeks, " "));
    for (std::size_t i = 0; i < days.size(); ++i) {
        int index = lead + static_cast<int>(i);
        grid[index % 7][index / 7] = cell(level(days[i].second));
    }
    static constexpr std::array<std::string_view, 7> monday_names{"Mon", "Tue", "Wed", "Thu",
                                                                  "Fri", "Sat", "Sun"};
    static constexpr std::array<std::string_view, 7> sunday_names{"Sun", "Mon", "Tue", "Wed",
                                                                  "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> month_names{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto& names = look.sunday_first ? sunday_names : monday_names;
    std::string out;
    if (months) {
        // Each month's name over the first week holding its first day, when there is room.
        std::string line(4 + static_cast<std::size_t>(weeks), ' ');
        std::size_t free_from = 4;
        for (std::size_t i = 0; i < days.size(); ++i) {
            const auto& d = days[i].first;
            if (d.day != 1 && i != 0)
                continue;
            std::size_t column = 4 + (lead + i) / 7;
            if (column < free_from || column + 3 > line.size() + 2)
                continue;
            if (column + 3 > line.size())
                line.resize(column + 3, ' ');
            line.replace(column, 3, month_names[static_cast<std::size_t>(d.month - 1)]);
            free_from = column + 4;
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    for (int r = 0; r < 7; ++r) {
        std::string line(names[static_cast<std::size_t>(r)]);
        line += ' ';
        for (int w = 0; w < weeks; ++w)
            line += grid[static_cast<std::size_t>(r)][static_cast<std::size_t>(w)];
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string level_line(const std::vector<std::optional<double>>& values, double low, double high,
                       const Look& look) {
    static constexpr std::string_view ascii_steps = "._-~=+*#";
    std::string line;
    double span = high - low;
    for (const auto& v : values) {
        if (!v) {
            line += ' ';
            continue;
        }
        double share = span > 0 ? std::clamp((*v - low) / span, 0.0, 1.0) : 1.0;
        auto level = static_cast<std::size_t>(share * 7.0 + 0.5);
        std::string glyph =
            look.ascii ? std::string(1, ascii_steps[level]) : std::string(heights[level]);
        if (look.color) {
            int colour = share < 1.0 / 3 ? 34 : share < 2.0 / 3 ? 33 : 32;
            line += fmt::format("\x1b[{}m{}\x1b[0m", colour, glyph);
        } else {
            line += glyph;
        }
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

} // namespace rekindle::chart

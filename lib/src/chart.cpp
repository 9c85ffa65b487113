#include "rekindle/chart.hpp"

#include <algorithm>
#include <array>
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

} // namespace rekindle::chart

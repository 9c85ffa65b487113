#pragma once
/// Small terminal charts drawn with Unicode blocks: progress bars, sparklines and calendar
/// heatmaps, in plain ASCII where the locale cannot show blocks and in colour on request.

#include "rekindle/dates.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rekindle::chart {

/// A bar `width` cells wide, filled in eighths for `done` of `total`
/// (e.g. "█████▍    "). An empty total draws an empty bar.
std::string progress_bar(long done, long total, int width = 20);

/// One block character per value, scaled between zero (or the series' minimum, when it is
/// below zero) and its maximum; an all-zero series is all lowest bars.
std::string sparkline(const std::vector<double>& values);

/// How a heatmap or a level line is drawn.
struct Look {
    bool ascii = false;        ///< plain characters instead of Unicode blocks
    bool color = false;        ///< ANSI colours (a full block in deepening green per level)
    bool sunday_first = false; ///< weeks start on Sunday rather than Monday
};

/// A calendar heatmap of counts per day (consecutive days, oldest first): weeks as columns,
/// weekdays as rows, each row named; the busiest day is the darkest and any count at all
/// shows. With `months`, a line of month names over the weeks they begin in. Lines end
/// without trailing spaces.
std::string heatmap(const std::vector<std::pair<dates::Day, std::int64_t>>& days, const Look& look,
                    bool months = false);

/// One cell per value, its height on the fixed scale `low`..`high` (so equal values always
/// look equal), a blank for a missing value. In colour, values in the lowest third are
/// blue, the middle yellow and the top green.
std::string level_line(const std::vector<std::optional<double>>& values, double low, double high,
                       const Look& look);

} // namespace rekindle::chart

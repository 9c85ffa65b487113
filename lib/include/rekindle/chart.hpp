#pragma once
/// Small terminal charts drawn with Unicode blocks: progress bars now, sparklines for
/// series; heatmaps come with the tools that need them.

#include <string>
#include <vector>

namespace rekindle::chart {

/// A bar `width` cells wide, filled in eighths for `done` of `total`
/// (e.g. "█████▍    "). An empty total draws an empty bar.
std::string progress_bar(long done, long total, int width = 20);

/// One block character per value, scaled between zero (or the series' minimum, when it is
/// below zero) and its maximum; an all-zero series is all lowest bars.
std::string sparkline(const std::vector<double>& values);

} // namespace rekindle::chart

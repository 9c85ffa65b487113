#include "rekindle/chart.hpp"
#include "rekindle/text.hpp"

#include <catch2/catch.hpp>

using namespace rekindle;

TEST_CASE("progress bars keep their width and fill in eighths", "[chart]") {
    CHECK(text::display_width(chart::progress_bar(0, 5, 10)) == 10);
    CHECK(text::display_width(chart::progress_bar(3, 7, 10)) == 10);
    CHECK(chart::progress_bar(5, 5, 4) == "████");
    CHECK(chart::progress_bar(1, 2, 4) == "██  ");
    CHECK(chart::progress_bar(1, 2, 1) == "▌");
    CHECK(chart::progress_bar(1, 16, 1) == " "); // less than an eighth of a cell
    CHECK(chart::progress_bar(0, 0, 3) == "   ");
    CHECK(chart::progress_bar(9, 5, 2) == "██"); // clamped
}

TEST_CASE("sparklines scale from zero to the maximum", "[chart]") {
    CHECK(chart::sparkline({}).empty());
    CHECK(chart::sparkline({0, 8}) == "▁█");
    CHECK(chart::sparkline({0, 0, 0}) == "▁▁▁"); // days without urges stay at the bottom
    CHECK(chart::sparkline({2, 2, 2}) == "███");
    CHECK(chart::sparkline({-4, 4}) == "▁█");
}

// A chart as data: what is drawn (bars, cells, intervals), on what scale, with every word of its
// title, axes and text alternative already in the report's language. The report builds charts from
// the ranking and the result (charts.hpp); svg.hpp draws them. Keeping the two apart means the
// drawing code never decides what a chart says, and tests can count what a chart holds without
// parsing SVG.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// How a chart is laid out.
enum class ChartShape : std::uint8_t {
    horizontal_bars, ///< one bar per category, top to bottom (the ranking, departments)
    vertical_bars,   ///< one bar per category, left to right (score bands; Pareto with its cumulative line)
    heatmap,         ///< a cell per category (row) and series (column), coloured by value
    grouped_bars,    ///< per category, one bar per series side by side (a unit against the cohort, groups)
    intervals,       ///< per category, a line from low to high with a point at the value (rank intervals)
    lines,           ///< per category, a line through its values in each series from left to right (a
                     ///< slope chart of ranks between two rounds, trends over several)
};

/// How values are written on the axis and in labels.
enum class ChartScale : std::uint8_t {
    points, ///< with the chart's decimals
    share,  ///< 0.9774 as 97.7%
    count,  ///< whole numbers
    rank,   ///< whole numbers, 1 at the top or left
};

/// One thing drawn: a bar, a cell or an interval.
struct ChartMark {
    std::size_t category = 0; ///< row (bars, heatmap rows, groups of bars, intervals)
    std::size_t series = 0;   ///< heatmap column, or the bar within a group
    double value = 0;         ///< bar length, cell value, the interval's point
    double low = 0, high = 0; ///< an interval's ends
    std::uint8_t tone = 0;    ///< colour: a grade's index, a series' index (svg.hpp's palette)
    std::string tip;          ///< what a pointer resting on it shows ("青溪区：977.36 分")
    /// data-* attributes that name what it stands for (unit, indicator, department, band).
    std::vector<std::pair<std::string, std::string>> data;
};

/// A reference line across the value axis: the pass line, a grade's threshold.
struct ChartLine {
    double value = 0;
    std::string label;
    std::uint8_t tone = 0;
};

/// A key to colours: a grade, a series.
struct ChartLegend {
    std::string label;
    std::uint8_t tone = 0;
};

struct Chart {
    std::string id; ///< "ranking", "heatmap", "unit-LS01" …: the figure's id and data-chart
    ChartShape shape = ChartShape::horizontal_bars;
    ChartScale scale = ChartScale::points;
    int decimals = 2; ///< of points
    std::string title;
    /// The text alternative: what the chart shows, in sentences (read by screen readers, shown
    /// under the chart, and what a reader of the printed text gets).
    std::string description;
    std::string value_axis;              ///< the value axis' label
    std::string category_axis;           ///< the category axis' label
    double min = 0, max = 1;             ///< the value axis' range
    std::vector<std::string> categories; ///< row or column labels, in drawing order
    std::vector<std::string> series;     ///< heatmap columns, bars within a group
    std::vector<ChartMark> marks;
    std::vector<ChartLine> lines;
    std::vector<ChartLegend> legend;
    /// Pareto charts: the cumulative share (0 to 1) after each category, drawn as a line on a
    /// second axis; empty for other charts.
    std::vector<double> cumulative;
    std::string cumulative_axis; ///< the second axis' label
    /// Rows left out between two shown ones ("… 3,160 units …"): after category `gap_after`.
    std::size_t gap_after = 0;
    std::string gap_label; ///< empty: no gap
};

} // namespace shifan

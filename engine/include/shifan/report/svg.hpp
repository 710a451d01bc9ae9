// Charts drawn as SVG (chart.hpp), for the HTML report and notices: no script, no font or image
// fetched, every text from the inputs escaped (markup.hpp), the same chart always the same bytes.
//
// Each drawn item of the chart's marks is an element with the class "mark" and the mark's data-*
// attributes (a <rect> bar or cell, a <line> interval), with a <title> child a pointer resting on
// it shows; the <svg> carries role="img", a <title> and a <desc> (the text alternative). Sizes are
// in CSS pixels of a 720-pixel-wide drawing that scales down to the width of the page (an A4 page
// in print), so a chart is never clipped.
#pragma once

#include "shifan/export.hpp"

#include "shifan/report/chart.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace shifan {

/// The chart as one <svg> element.
SHIFAN_API std::string chart_svg(const Chart& chart);

/// The chart as <svg> elements of at most `rows_per_drawing` rows each (bars, heatmap rows and
/// intervals; other charts are one drawing), on the same axis and colours, so that a long chart
/// prints as drawings a page high each instead of one clipped at the page's foot. The first
/// carries the legend and reference lines; ids after the first get "-2", "-3" …
SHIFAN_API std::vector<std::string> chart_svgs(const Chart& chart, std::size_t rows_per_drawing = 40);

} // namespace shifan

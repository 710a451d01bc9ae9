// Charts drawn as SVG (declared in svg.hpp). Geometry only: every word comes with the chart.
#include "shifan/report/svg.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/markup.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace shifan {
namespace {

constexpr double width = 720; ///< of the drawing, in CSS pixels
constexpr double font_size = 12;
constexpr double row_height = 20;
constexpr double bar_height = 13;

/// Colours by tone: grades best first (green, blue, amber, red), then purple, teal, the grey of a
/// cohort mean and the lighter grey of a unit without a grade. Chosen to stay apart in greyscale
/// print as well.
constexpr std::array<const char*, 8> palette{"#1b7f3b", "#2f6db3", "#d48a00", "#c0392b",
                                             "#7b4fa0", "#138a8a", "#8c96a0", "#b9c0c8"};

const char* colour(std::uint8_t tone) { return palette[tone % palette.size()]; }

/// A coordinate with one decimal: enough for a screen, and the same bytes every time.
std::string num(double value) {
    const double rounded = std::round(value * 10) / 10;
    return fmt::format("{:.1f}", rounded == 0 ? 0.0 : rounded);
}

/// How wide a text is drawn, estimated: a Chinese character takes the font size, others about half.
double text_width(std::string_view text) { return static_cast<double>(display_width(text)) * font_size * 0.55; }

/// A label cut to at most `max_width` pixels, with "…" when cut (the mark's title keeps it whole).
std::string fitted(const std::string& text, double max_width) {
    if (text_width(text) <= max_width) return text;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t next = i + 1;
        while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80)
            ++next;
        if (text_width(out + text.substr(i, next - i)) + font_size > max_width) break;
        out += text.substr(i, next - i);
        i = next;
    }
    return out + "…";
}

/// About five round steps between `low` and `high`: 1, 2, 2.5 or 5 times a power of ten; whole
/// numbers for counts and ranks.
std::vector<double> ticks(double low, double high, bool whole) {
    const double range = high - low;
    if (!(range > 0)) return {low};
    const double raw = range / 5;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (const double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = factor * power;
        if (step >= raw) break;
    }
    if (whole) step = std::max(1.0, std::round(step));
    std::vector<double> out;
    for (double v = std::ceil(low / step - 1e-9) * step; v <= high + 1e-9 * step; v += step)
        out.push_back(std::abs(v) < 1e-12 ? 0 : v);
    return out;
}

/// The chart with its value axis ending on a round step (977 of at most 1,000 points: 1,000), so
/// that the last bar never runs past the last tick; shares keep their 100%.
Chart rounded_up(const Chart& chart) {
    Chart out = chart;
    if (chart.scale == ChartScale::share || !(chart.max > chart.min)) return out;
    const std::vector<double> steps =
        ticks(chart.min, chart.max, chart.scale == ChartScale::count || chart.scale == ChartScale::rank);
    if (steps.size() < 2) return out;
    const double step = steps[1] - steps[0];
    out.max = std::ceil(chart.max / step - 1e-9) * step;
    return out;
}

/// A value as the chart writes it: a tick of the axis without trailing zeros (600, 62.5%), a bar's
/// label with its decimals (977.36, 97.7%).
enum class Label : std::uint8_t { tick, value };

std::string label(const Chart& chart, double value, Label kind) {
    const auto number = [&](double v, int decimals) {
        return kind == Label::tick ? format_points(v, decimals) : format_fixed(v, decimals);
    };
    switch (chart.scale) {
    case ChartScale::share:
        return number(value * 100, 1) + "%";
    case ChartScale::count:
    case ChartScale::rank:
        return fmt::format("{}", static_cast<long long>(std::llround(value)));
    case ChartScale::points:
        break;
    }
    return number(value, chart.decimals);
}

std::string tick_label(const Chart& chart, double value) { return label(chart, value, Label::tick); }
std::string value_label(const Chart& chart, double value) { return label(chart, value, Label::value); }

/// data-* attributes and the title child of a mark.
std::string data_attributes(const ChartMark& mark) {
    std::string out;
    for (const auto& [key, value] : mark.data)
        out += fmt::format(" data-{}=\"{}\"", key, markup_escape(value));
    return out;
}

std::string tip(const ChartMark& mark) {
    return mark.tip.empty() ? std::string() : "<title>" + markup_escape(mark.tip) + "</title>";
}

std::string text(double x, double y, const std::string& content, std::string_view attributes = {}) {
    return fmt::format("<text x=\"{}\" y=\"{}\"{}>{}</text>", num(x), num(y),
                       attributes.empty() ? "" : " " + std::string(attributes), markup_escape(content));
}

/// The legend in one row at `y`: a swatch and a label per entry.
std::string legend(const Chart& chart, double x, double y) {
    std::string out;
    for (const ChartLegend& entry : chart.legend) {
        out += fmt::format("<rect class=\"swatch\" x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>", num(x),
                           num(y - 9), colour(entry.tone));
        out += text(x + 14, y, entry.label, "class=\"legend\"");
        x += 14 + text_width(entry.label) + 16;
    }
    return out;
}

/// A value axis across the bottom of a plot from `left` to `right` at `y`, with its ticks,
/// grid lines up to `top` and its label.
std::string value_axis(const Chart& chart, double left, double right, double top, double y) {
    std::string out = fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", num(left), num(y),
                                  num(right), num(y));
    const bool whole = chart.scale == ChartScale::count || chart.scale == ChartScale::rank;
    for (const double v : ticks(chart.min, chart.max, whole)) {
        const double x = left + (v - chart.min) / (chart.max - chart.min) * (right - left);
        out +=
            fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x), num(top), num(y));
        out += text(x, y + 14, tick_label(chart, v), "text-anchor=\"middle\" class=\"tick\"");
    }
    out += text((left + right) / 2, y + 32, chart.value_axis, "text-anchor=\"middle\" class=\"axis-label\"");
    return out;
}

/// The top of a row of a chart drawn by rows from `top`: rows after the gap move down one.
double row_top(const Chart& chart, double top, std::size_t category) {
    const bool after_gap = !chart.gap_label.empty() && category >= chart.gap_after;
    return top + static_cast<double>(category + (after_gap ? 1 : 0)) * row_height;
}

/// The rows' labels, right-aligned before `left`, and the gap's label centred on `gap_x`.
std::string row_labels(const Chart& chart, double left, double top, double gap_x) {
    std::string out;
    for (std::size_t c = 0; c < chart.categories.size(); ++c)
        out += text(left - 8, row_top(chart, top, c) + row_height / 2 + 4, fitted(chart.categories[c], left - 12),
                    "text-anchor=\"end\" class=\"category\"");
    if (!chart.gap_label.empty())
        out += text(gap_x, top + static_cast<double>(chart.gap_after) * row_height + row_height / 2 + 4,
                    chart.gap_label, "text-anchor=\"middle\" class=\"gap\"");
    return out;
}

double label_column(const Chart& chart, double widest) {
    double w = text_width(chart.category_axis);
    for (const std::string& label : chart.categories)
        w = std::max(w, text_width(label));
    return std::min(widest, w) + 8;
}

std::string open_svg(const Chart& chart, double height) {
    const std::string id = markup_escape(chart.id);
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-drawing\" viewBox=\"0 0 {0} {1}\" "
                       "width=\"{0}\" height=\"{1}\" role=\"img\" aria-labelledby=\"{2}-title {2}-desc\" "
                       "font-size=\"{3}\">"
                       "<title id=\"{2}-title\">{4}</title><desc id=\"{2}-desc\">{5}</desc>",
                       num(width), num(height), id, num(font_size), markup_escape(chart.title),
                       markup_escape(chart.description));
}

/// Categories top to bottom with a bar each (the ranking, departments) or an interval each (ranks).
std::string horizontal(const Chart& chart) {
    const double left = label_column(chart, 200) + 8;
    const double right = width - 70;
    const double top = chart.legend.empty() && chart.lines.empty() ? 24 : 50;
    const std::size_t rows = chart.categories.size() + (chart.gap_label.empty() ? 0 : 1);
    const double bottom = top + static_cast<double>(rows) * row_height + 4;
    std::string out = open_svg(chart, bottom + 40);
    out += text(4, 14, chart.category_axis, "class=\"axis-label\"");
    if (!chart.legend.empty()) out += legend(chart, left, 14);
    out += value_axis(chart, left, right, top, bottom);
    const auto x_of = [&](double v) {
        return left + (std::clamp(v, chart.min, chart.max) - chart.min) / (chart.max - chart.min) * (right - left);
    };
    const auto y_of = [&](std::size_t category) { return row_top(chart, top, category); };
    out += row_labels(chart, left, top, (left + right) / 2);
    for (const ChartMark& mark : chart.marks) {
        const double y = y_of(mark.category) + (row_height - bar_height) / 2;
        if (chart.shape == ChartShape::intervals) {
            const double mid = y + bar_height / 2;
            out += fmt::format("<line class=\"mark\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
                               "stroke-width=\"4\" stroke-linecap=\"round\"{}>{}</line>",
                               num(x_of(mark.low)), num(mid), num(x_of(mark.high)), num(mid), colour(mark.tone),
                               data_attributes(mark), tip(mark));
            out += fmt::format("<circle class=\"median\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#fff\" stroke=\"{}\" "
                               "stroke-width=\"2\"/>",
                               num(x_of(mark.value)), num(mid), colour(mark.tone));
            continue;
        }
        const double x0 = x_of(chart.min), x1 = x_of(mark.value);
        out += fmt::format("<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}>{}</rect>",
                           num(x0), num(y), num(std::max(x1 - x0, 1.0)), num(bar_height), colour(mark.tone),
                           data_attributes(mark), tip(mark));
        out += text(x1 + 4, y + bar_height - 2, value_label(chart, mark.value), "class=\"value\"");
    }
    for (std::size_t i = 0; i < chart.lines.size(); ++i) {
        const ChartLine& line = chart.lines[i];
        const double x = x_of(line.value);
        out += fmt::format("<line class=\"threshold\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>",
                           num(x), num(top - 4), num(bottom), colour(line.tone));
        // Labels alternate between two heights, so that close thresholds do not overprint.
        out += text(x, top - (i % 2 == 0 ? 8 : 20), line.label, "text-anchor=\"middle\" class=\"threshold-label\"");
    }
    return out + "</svg>";
}

/// Categories left to right with a bar each; a Pareto chart adds its cumulative share.
std::string vertical(const Chart& chart) {
    const double left = 56, right = width - (chart.cumulative.empty() ? 16 : 56), top = 24;
    const double slot = (right - left) / static_cast<double>(std::max<std::size_t>(chart.categories.size(), 1));
    double widest = 0;
    for (const std::string& label : chart.categories)
        widest = std::max(widest, text_width(label));
    const bool slanted = widest > slot - 4;
    const double plot_bottom = 230;
    const double labels = slanted ? std::min(widest, 90.0) * 0.72 + 16 : 18;
    std::string out = open_svg(chart, plot_bottom + labels + 34);
    const auto y_of = [&](double v) {
        return plot_bottom -
               (std::clamp(v, chart.min, chart.max) - chart.min) / (chart.max - chart.min) * (plot_bottom - top);
    };
    out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", num(left),
                       num(plot_bottom), num(right));
    const bool whole = chart.scale == ChartScale::count || chart.scale == ChartScale::rank;
    for (const double v : ticks(chart.min, chart.max, whole)) {
        out += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", num(left),
                           num(y_of(v)), num(right));
        out += text(left - 6, y_of(v) + 4, tick_label(chart, v), "text-anchor=\"end\" class=\"tick\"");
    }
    out += fmt::format("<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(14 {}) rotate(-90)\">{}"
                       "</text>",
                       num((top + plot_bottom) / 2), markup_escape(chart.value_axis));
    for (const ChartMark& mark : chart.marks) {
        const double x = left + static_cast<double>(mark.category) * slot + slot * 0.15;
        const double y = y_of(mark.value);
        out += fmt::format("<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}>{}</rect>",
                           num(x), num(y), num(slot * 0.7), num(std::max(plot_bottom - y, 0.0)), colour(mark.tone),
                           data_attributes(mark), tip(mark));
        if (mark.value > 0)
            out +=
                text(x + slot * 0.35, y - 4, value_label(chart, mark.value), "text-anchor=\"middle\" class=\"value\"");
    }
    for (std::size_t c = 0; c < chart.categories.size(); ++c) {
        const double x = left + (static_cast<double>(c) + 0.5) * slot;
        const std::string label = fitted(chart.categories[c], 90);
        if (slanted)
            out += fmt::format("<text class=\"category\" text-anchor=\"end\" transform=\"translate({} {}) "
                               "rotate(-45)\">{}</text>",
                               num(x + 4), num(plot_bottom + 12), markup_escape(label));
        else
            out += text(x, plot_bottom + 15, label, "text-anchor=\"middle\" class=\"category\"");
    }
    out += text((left + right) / 2, plot_bottom + labels + 26, chart.category_axis,
                "text-anchor=\"middle\" class=\"axis-label\"");
    if (!chart.cumulative.empty()) {
        const auto y_share = [&](double share) { return plot_bottom - share * (plot_bottom - top); };
        std::string points;
        for (std::size_t c = 0; c < chart.cumulative.size(); ++c)
            points += (c ? " " : "") + num(left + (static_cast<double>(c) + 0.5) * slot) + "," +
                      num(y_share(chart.cumulative[c]));
        out += fmt::format("<polyline class=\"cumulative\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
                           "stroke-width=\"2\"/>",
                           points, colour(1));
        for (std::size_t c = 0; c < chart.cumulative.size(); ++c)
            out += fmt::format("<circle class=\"cumulative-point\" cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"/>",
                               num(left + (static_cast<double>(c) + 0.5) * slot), num(y_share(chart.cumulative[c])),
                               colour(1));
        for (const double share : {0.0, 0.25, 0.5, 0.75, 1.0})
            out += text(right + 6, y_share(share) + 4, format_points(share * 100, 0) + "%", "class=\"tick\"");
        out += fmt::format("<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate({} {}) "
                           "rotate(90)\">{}</text>",
                           num(width - 10), num((top + plot_bottom) / 2), markup_escape(chart.cumulative_axis));
    }
    return out + "</svg>";
}

/// A light-to-dark blue for a value between the chart's min and max.
std::string heat(double value, double low, double high) {
    const double t = high > low ? std::clamp((value - low) / (high - low), 0.0, 1.0) : 1.0;
    const auto mix = [&](int from, int to) { return static_cast<int>(std::lround(from + (to - from) * t)); };
    return fmt::format("#{:02x}{:02x}{:02x}", mix(0xee, 0x10), mix(0xf3, 0x4a), mix(0xfa, 0x8c));
}

std::string heatmap(const Chart& chart) {
    const double left = label_column(chart, 180) + 8;
    const double top = 40;
    const double cell =
        std::min(80.0, (width - left - 8) / static_cast<double>(std::max<std::size_t>(chart.series.size(), 1)));
    const std::size_t rows = chart.categories.size() + (chart.gap_label.empty() ? 0 : 1);
    const double bottom = top + static_cast<double>(rows) * row_height;
    std::string out = open_svg(chart, bottom + 44);
    out += text(4, top - 8, chart.category_axis, "class=\"axis-label\"");
    for (std::size_t s = 0; s < chart.series.size(); ++s)
        out += text(left + (static_cast<double>(s) + 0.5) * cell, top - 8, fitted(chart.series[s], cell - 2),
                    "text-anchor=\"middle\" class=\"category\"");
    const auto y_of = [&](std::size_t category) { return row_top(chart, top, category); };
    out += row_labels(chart, left, top, left + static_cast<double>(chart.series.size()) * cell / 2);
    const double middle = (chart.min + chart.max) / 2;
    for (const ChartMark& mark : chart.marks) {
        const double x = left + static_cast<double>(mark.series) * cell, y = y_of(mark.category);
        out += fmt::format("<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}>{}</rect>",
                           num(x + 1), num(y + 1), num(cell - 2), num(row_height - 2),
                           heat(mark.value, chart.min, chart.max), data_attributes(mark), tip(mark));
        out += text(x + cell / 2, y + row_height / 2 + 4, value_label(chart, mark.value),
                    mark.value > middle ? "text-anchor=\"middle\" class=\"cell-value dark\""
                                        : "text-anchor=\"middle\" class=\"cell-value\"");
    }
    // The colour key: five steps from the lowest value to the highest.
    const double key_y = bottom + 14;
    out += text(left, key_y + 10, chart.value_axis, "text-anchor=\"end\" class=\"axis-label\"");
    for (int step = 0; step < 5; ++step) {
        const double v = chart.min + (chart.max - chart.min) * step / 4.0;
        const double x = left + 8 + step * 64.0;
        out += fmt::format("<rect class=\"key\" x=\"{}\" y=\"{}\" width=\"24\" height=\"12\" fill=\"{}\"/>", num(x),
                           num(key_y), heat(v, chart.min, chart.max));
        out += text(x + 28, key_y + 10, value_label(chart, v), "class=\"tick\"");
    }
    return out + "</svg>";
}

/// Per category, one bar per series side by side (a unit against the cohort mean; groups).
std::string grouped(const Chart& chart) {
    const double left = label_column(chart, 220) + 8;
    const double right = width - 60;
    const double top = 44;
    const double bar = chart.series.size() > 3 ? 8 : 11;
    const double block = static_cast<double>(chart.series.size()) * bar + 8;
    const double bottom = top + static_cast<double>(chart.categories.size()) * block + 4;
    std::string out = open_svg(chart, bottom + 40);
    out += text(4, 14, chart.category_axis, "class=\"axis-label\"");
    out += legend(chart, left, 30);
    out += value_axis(chart, left, right, top, bottom);
    const auto x_of = [&](double v) {
        return left + (std::clamp(v, chart.min, chart.max) - chart.min) / (chart.max - chart.min) * (right - left);
    };
    for (std::size_t c = 0; c < chart.categories.size(); ++c)
        out += text(left - 8, top + static_cast<double>(c) * block + block / 2 + 2,
                    fitted(chart.categories[c], left - 12), "text-anchor=\"end\" class=\"category\"");
    for (const ChartMark& mark : chart.marks) {
        const double y = top + static_cast<double>(mark.category) * block + 4 + static_cast<double>(mark.series) * bar;
        const double x0 = x_of(chart.min), x1 = x_of(mark.value);
        out += fmt::format("<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}>{}</rect>",
                           num(x0), num(y), num(std::max(x1 - x0, 1.0)), num(bar - 1), colour(mark.tone),
                           data_attributes(mark), tip(mark));
        if (chart.series.size() <= 3)
            out += text(x1 + 4, y + bar - 2, value_label(chart, mark.value), "class=\"value small\"");
    }
    return out + "</svg>";
}

/// A line per category across the series (rounds) from left to right: a slope chart of ranks
/// between two rounds, or trends over more. Rank 1 is at the top; labels name the lines at both ends.
std::string lines(const Chart& chart) {
    const bool ranks = chart.scale == ChartScale::rank;
    const double side = std::min(170.0, label_column(chart, 170) + 40);
    const double left = side, right = width - side, top = 40;
    const double span = std::max(chart.max - chart.min, 1e-9);
    // A row of 16 pixels per line drawn (ranks far apart are drawn to scale, not a row each).
    const double plot = ranks ? std::max(200.0, static_cast<double>(chart.categories.size()) * 16) : 300;
    const double bottom = top + plot;
    std::string out = open_svg(chart, bottom + 44);
    const std::size_t columns = std::max<std::size_t>(chart.series.size(), 2);
    const auto x_of = [&](std::size_t series) {
        return left + static_cast<double>(series) / static_cast<double>(columns - 1) * (right - left);
    };
    const auto y_of = [&](double v) {
        const double t = (std::clamp(v, chart.min, chart.max) - chart.min) / span;
        return ranks ? top + t * plot : bottom - t * plot;
    };
    if (!chart.legend.empty()) out += legend(chart, left, 14);
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
        out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x_of(s)),
                           num(top - 6), num(bottom + 6));
        out += text(x_of(s), bottom + 22, chart.series[s], "text-anchor=\"middle\" class=\"category\"");
    }
    if (!ranks)
        for (const double v : ticks(chart.min, chart.max, false)) {
            out += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", num(left),
                               num(y_of(v)), num(right));
            out += text(left - 6, y_of(v) + 4, tick_label(chart, v), "text-anchor=\"end\" class=\"tick\"");
        }
    out += text((left + right) / 2, bottom + 40, chart.value_axis, "text-anchor=\"middle\" class=\"axis-label\"");
    // Each category's marks, in series order, joined by one polyline.
    std::vector<std::vector<const ChartMark*>> by_line(chart.categories.size());
    for (const ChartMark& mark : chart.marks)
        if (mark.category < by_line.size()) by_line[mark.category].push_back(&mark);
    for (std::size_t c = 0; c < by_line.size(); ++c) {
        auto& marks = by_line[c];
        if (marks.empty()) continue;
        std::stable_sort(marks.begin(), marks.end(),
                         [](const ChartMark* a, const ChartMark* b) { return a->series < b->series; });
        const char* stroke = colour(marks.front()->tone);
        std::string points;
        for (const ChartMark* mark : marks)
            points +=
                fmt::format("{}{},{}", points.empty() ? "" : " ", num(x_of(mark->series)), num(y_of(mark->value)));
        out += fmt::format("<g class=\"line\" data-line=\"{}\">", c);
        if (marks.size() > 1)
            out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>", points,
                               stroke);
        for (const ChartMark* mark : marks)
            out += fmt::format("<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"{}>{}</circle>",
                               num(x_of(mark->series)), num(y_of(mark->value)), colour(mark->tone),
                               data_attributes(*mark), tip(*mark));
        const std::string name = fitted(chart.categories[c], side - 44);
        const ChartMark &first = *marks.front(), &last = *marks.back();
        // A slope chart names its lines at both ends; trends at their last point only, the left
        // side holding the value axis' ticks.
        if (ranks)
            out += text(x_of(first.series) - 8, y_of(first.value) + 4, name + " " + value_label(chart, first.value),
                        "text-anchor=\"end\" class=\"category\"");
        out += text(x_of(last.series) + 8, y_of(last.value) + 4, value_label(chart, last.value) + " " + name,
                    "class=\"category\"");
        out += "</g>";
    }
    return out + "</svg>";
}

} // namespace

namespace {

std::string drawn(const Chart& chart) {
    switch (chart.shape) {
    case ChartShape::vertical_bars:
        return vertical(chart);
    case ChartShape::heatmap:
        return heatmap(chart);
    case ChartShape::grouped_bars:
        return grouped(chart);
    case ChartShape::lines:
        return lines(chart);
    case ChartShape::horizontal_bars:
    case ChartShape::intervals:
        break;
    }
    return horizontal(chart);
}

/// The axis every drawing of a chart shares: a heatmap's colours span its values as they are.
/// Lines keep their axis as given too: ranks from 1 to the last, shares as they fall.
Chart with_axis(const Chart& given) {
    return given.shape == ChartShape::heatmap || given.shape == ChartShape::lines ? given : rounded_up(given);
}

} // namespace

std::string chart_svg(const Chart& chart) { return drawn(with_axis(chart)); }

std::vector<std::string> chart_svgs(const Chart& given, std::size_t rows_per_drawing) {
    const Chart chart = with_axis(given);
    const bool by_rows = chart.shape == ChartShape::horizontal_bars || chart.shape == ChartShape::heatmap ||
                         chart.shape == ChartShape::intervals;
    if (!by_rows || rows_per_drawing == 0 || chart.categories.size() <= rows_per_drawing) return {drawn(chart)};
    std::vector<std::string> out;
    for (std::size_t first = 0; first < chart.categories.size(); first += rows_per_drawing) {
        const std::size_t last = std::min(first + rows_per_drawing, chart.categories.size());
        Chart part = chart;
        part.id = out.empty() ? chart.id : fmt::format("{}-{}", chart.id, out.size() + 1);
        part.categories.assign(chart.categories.begin() + static_cast<std::ptrdiff_t>(first),
                               chart.categories.begin() + static_cast<std::ptrdiff_t>(last));
        part.marks.clear();
        for (const ChartMark& mark : chart.marks)
            if (mark.category >= first && mark.category < last) {
                part.marks.push_back(mark);
                part.marks.back().category -= first;
            }
        // The gap line belongs to the drawing whose rows it follows.
        const bool gap_here = !chart.gap_label.empty() && chart.gap_after > first && chart.gap_after <= last;
        part.gap_label = gap_here ? chart.gap_label : std::string();
        part.gap_after = gap_here ? chart.gap_after - first : 0;
        // Reference lines and the legend head the first drawing only.
        if (!out.empty()) {
            part.lines.clear();
            part.legend.clear();
        }
        out.push_back(drawn(part));
    }
    return out;
}

} // namespace shifan

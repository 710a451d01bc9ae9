// The summaries of `validate` and `gen` (declared in summaries.hpp).
#include "shifan/report/summaries.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"
#include "shifan/report/text.hpp"

#include <map>

#include <fmt/format.h>

namespace shifan {
namespace {

/// The short name of a conversion: "GB18030 (converted to UTF-8)", "96% read as 0.96" …
Msg conversion_name(Conversion conversion) {
    switch (conversion) {
    case Conversion::encoding_gb18030:
        return Msg::note_sheet_encoding_gb18030;
    case Conversion::encoding_utf16:
        return Msg::note_sheet_encoding_utf16;
    case Conversion::byte_order_mark:
        return Msg::note_sheet_byte_order_mark;
    case Conversion::delimiter_tab:
        return Msg::note_sheet_delimiter_tab;
    case Conversion::delimiter_semicolon:
        return Msg::note_sheet_delimiter_semicolon;
    case Conversion::header_alias:
        return Msg::note_sheet_header_alias;
    case Conversion::trailing_empty:
        return Msg::note_sheet_trailing_empty;
    case Conversion::boolean_word:
        return Msg::note_convert_boolean_word;
    case Conversion::percent:
        return Msg::note_convert_percent;
    case Conversion::full_width:
        return Msg::note_convert_full_width;
    case Conversion::thousands:
        return Msg::note_convert_thousands;
    case Conversion::date_form:
        return Msg::note_convert_date_form;
    case Conversion::text_to_number:
        return Msg::note_convert_text_to_number;
    case Conversion::excel_serial_date:
        return Msg::note_convert_excel_serial_date;
    case Conversion::value_name:
        return Msg::note_convert_value_name;
    case Conversion::unfilled_row:
        return Msg::note_sheet_unfilled_row;
    }
    return Msg::note_convert_text_to_number;
}

/// One line per kind of conversion made while reading: what, how many times, and the first place.
std::string conversions_text(const Conversions& conversions, Language language) {
    std::string out;
    for (const auto& [what, count] : conversions.counts()) {
        const std::string& place = count.place.in(language);
        const std::string first =
            place.empty() ? count.file
                          : say(language, Msg::summary_conversion_place, arg("file", count.file), arg("place", place));
        // Encodings and delimiters are counted by file; the rest by cell or header.
        const bool by_file = what == Conversion::encoding_gb18030 || what == Conversion::encoding_utf16 ||
                             what == Conversion::byte_order_mark || what == Conversion::delimiter_tab ||
                             what == Conversion::delimiter_semicolon;
        out += say(language, by_file ? Msg::summary_conversion_files : Msg::summary_conversion,
                   arg("what", say(language, conversion_name(what))), arg("count", count.count),
                   arg("en_s", en_plural_s(count.count)), arg("first", first));
    }
    return out;
}

} // namespace

std::vector<std::string> conversion_notes(const Conversions& conversions, Language language) {
    std::vector<std::string> notes;
    const std::string text = conversions_text(conversions, language);
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::size_t begin = at;
        while (begin < end && text[begin] == ' ')
            ++begin;
        if (begin < end) notes.push_back(text.substr(begin, end - begin));
        at = end + 1;
    }
    return notes;
}

std::string validation_summary(const Validation& validation, Language language) {
    const Sources& sources = validation.sources;
    const Framework& framework = validation.framework;
    // At most 20 items, then how many more.
    const auto listed = [&](std::vector<std::string> items) {
        const std::size_t more = items.size() > 20 ? items.size() - 20 : 0;
        items.resize(items.size() - more);
        const std::string list = joined(language, Msg::list_separator, items);
        return more ? say(language, Msg::summary_more, arg("list", list), arg("more", more)) : list;
    };
    std::map<int, std::size_t> per_level;
    for (const Indicator& node : framework.nodes())
        if (node.level > 0) ++per_level[node.level];
    std::vector<std::string> levels;
    for (const auto& [level, count] : per_level)
        levels.push_back(say(language, Msg::summary_level_count,
                             arg("level", level_text(static_cast<std::uint16_t>(level), language)),
                             arg("count", count)));
    std::string out = say(language, Msg::summary_indicators, arg("file", sources.indicators.string()),
                          arg("id", framework.id()), arg("name", framework.name()));
    out += say(language, Msg::summary_framework, arg("points", format_points(framework.total_points(), 6)),
               arg("levels", joined(language, Msg::list_separator, levels)), arg("leaves", framework.leaves().size()));
    const auto ok = [&] { return escape_controls(out + say(language, Msg::summary_ok), true); };
    if (!validation.rubric) return ok();

    const Rubric& rubric = *validation.rubric;
    std::map<std::string, std::size_t> per_type;
    std::size_t rule_count = 0, caps = 0;
    for (NodeIndex n = 0; n < framework.size(); ++n) {
        for (const Rule& rule : rubric.rules(n)) {
            ++per_type[std::string(rule.type_name())];
            ++rule_count;
        }
        caps += rubric.loss_cap(n) ? 1 : 0;
    }
    std::vector<std::string> types;
    for (const auto& [type, count] : per_type)
        types.push_back(
            say(language, Msg::summary_rule_count, arg("type", rule_type_text(type, language)), arg("count", count)));
    out += say(language, Msg::summary_rubric, arg("file", sources.rubric.string()), arg("id", rubric.id()),
               arg("name", rubric.name()));
    out += say(language, Msg::summary_rules, arg("rules", rule_count),
               arg("types", joined(language, Msg::list_separator, types)), arg("caps", caps),
               arg("precision", rubric.precision()),
               arg("missing", say(language, rubric.missing_evidence() == MissingEvidencePolicy::zero
                                                ? Msg::summary_missing_zero
                                                : Msg::summary_missing_error)));
    if (!rubric.bonus().items.empty() || !rubric.vetoes().empty() || !rubric.unit_deductions().empty())
        out += say(language, Msg::summary_unit_level, arg("bonus", rubric.bonus().items.size()),
                   arg("vetoes", rubric.vetoes().size()), arg("deductions", rubric.unit_deductions().size()));
    if (const CompositePolicy* composite = rubric.composite()) {
        out += say(language, Msg::summary_composite, arg("field", composite->field),
                   arg("fields", composite->fields.size()), arg("lower", composite->directions.size()),
                   arg("weights", weight_source_text(composite->weights, language)),
                   arg("ahp", composite->ahp.empty()
                                  ? std::string()
                                  : say(language, Msg::summary_ahp_file, arg("file", composite->ahp.string()))));
        if (!rubric.gives_points()) out += say(language, Msg::summary_index_only);
    }
    if (!validation.round) return ok();

    const Round& round = *validation.round;
    out += say(language, Msg::summary_evidence, arg("file", sources.evidence.string()), arg("id", round.id()),
               arg("name", round.name()));
    if (!rubric.gives_points()) {
        out += say(language, Msg::summary_composite_values, arg("units", round.unit_count()),
                   arg("present", validation.composite_present), arg("cells", validation.composite_values));
        return ok();
    }
    const Coverage& covered = *validation.coverage;
    out += say(language, Msg::summary_coverage, arg("units", round.unit_count()), arg("covered", covered.covered()),
               arg("cells", covered.cells),
               arg("share", covered.cells ? format_percent(static_cast<double>(covered.covered()) / covered.cells)
                                          : std::string("-")));
    std::size_t event_counts[3] = {};
    for (const Event& event : round.events())
        ++event_counts[static_cast<int>(event.type)];
    if (!round.events().empty())
        out += say(language, Msg::summary_events, arg("bonus", event_counts[0]), arg("vetoes", event_counts[1]),
                   arg("deductions", event_counts[2]));
    if (!covered.missing.empty()) {
        std::vector<std::string> missing;
        for (const auto& [unit, node] : covered.missing)
            missing.push_back(fmt::format("{} {}", round.units()[unit].id, framework[node].code));
        out += say(language, Msg::summary_no_evidence, arg("list", listed(std::move(missing))));
    }
    out += conversions_text(validation.conversions, language);
    if (!covered.unread_fields.empty()) {
        std::vector<std::string> unread;
        for (const auto& [where, units] : covered.unread_fields)
            unread.push_back(say(language, Msg::summary_unread_field,
                                 arg("field", fmt::format("{}.{}", where.first, where.second)), arg("units", units),
                                 arg("en_s", en_plural_s(units))));
        out += say(language, Msg::summary_unread_fields, arg("list", listed(std::move(unread))));
    }
    return ok();
}

namespace {

/// "12.3 MB": a file size for the summary line.
std::string file_size(std::uintmax_t bytes) {
    if (bytes < 1000) return fmt::format("{} B", bytes);
    if (bytes < 1'000'000) return fmt::format("{:.1f} kB", static_cast<double>(bytes) / 1e3);
    if (bytes < 1'000'000'000) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
    return fmt::format("{:.2f} GB", static_cast<double>(bytes) / 1e9);
}

} // namespace

std::string synthetic_round_summary(const std::filesystem::path& dir, const SyntheticOptions& options,
                                    Language language) {
    namespace fs = std::filesystem;
    std::string sizes;
    std::uintmax_t csv_bytes = 0;
    std::size_t csv_files = 0;
    for (const fs::path& file : synthetic_round_files()) {
        const std::uintmax_t bytes = fs::file_size(dir / file);
        if (file.has_parent_path()) {
            csv_bytes += bytes;
            ++csv_files;
        } else {
            sizes +=
                say(language, Msg::summary_synthetic_file, arg("file", file.string()), arg("size", file_size(bytes)));
        }
    }
    return say(language, Msg::summary_synthetic, arg("dir", dir.string()), arg("files", sizes), arg("csv", "csv/"),
               arg("tables", csv_files), arg("size", file_size(csv_bytes)), arg("units", options.units),
               arg("leaves", options.leaves), arg("seed", options.seed));
}

} // namespace shifan

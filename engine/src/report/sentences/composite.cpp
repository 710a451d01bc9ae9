// Words for the special cases of a composite index: normalisation, aggregation and weights, in the
// report's language.
#include "shifan/report/sentences.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

/// A number in a note: up to six decimals, no trailing zeros (0.6, 71.5, 100).
std::string number(double value) { return format_points(value, 6); }

std::string child_name(const std::vector<std::string>& names, std::uint32_t j, Language language) {
    return names.empty() ? say(language, Msg::composite_child, arg("index", j + 1)) : names[j];
}

/// The children's names joined as joined() joins them, each appended where it is (a note of a
/// composite index of 30,000 units names children some 40,000 times).
std::string children_text(const std::vector<std::string>& names, const std::vector<std::uint32_t>& children,
                          Language language) {
    std::string out;
    for (std::uint32_t j : children) {
        if (!out.empty()) out += message(Msg::list_separator).text(language);
        if (names.empty())
            out += child_name(names, j, language);
        else
            out += names[j];
    }
    return out;
}

} // namespace

std::string aggregation_text(Aggregation method, Language language) {
    switch (method) {
    case Aggregation::arithmetic:
        return say(language, Msg::aggregation_arithmetic);
    case Aggregation::geometric:
        return say(language, Msg::aggregation_geometric);
    case Aggregation::harmonic:
        return say(language, Msg::aggregation_harmonic);
    case Aggregation::generalised:
        return say(language, Msg::aggregation_generalised);
    case Aggregation::topsis:
        return say(language, Msg::aggregation_topsis);
    case Aggregation::grey:
        return say(language, Msg::aggregation_grey);
    }
    return {};
}

std::string weight_source_text(WeightSource source, Language language) {
    // A switch, not a table: a new source is a compile-time warning here, not a read past the end.
    switch (source) {
    case WeightSource::indicators:
        return say(language, Msg::weights_source_system);
    case WeightSource::equal:
        return say(language, Msg::weights_source_equal);
    case WeightSource::entropy:
        return say(language, Msg::weights_source_entropy);
    case WeightSource::critic:
        return say(language, Msg::weights_source_critic);
    case WeightSource::cv:
        return say(language, Msg::weights_source_cv);
    case WeightSource::ahp:
        return say(language, Msg::weights_source_ahp);
    case WeightSource::pca:
        return say(language, Msg::weights_source_pca);
    }
    return {};
}

std::string normalisation_note_text(const NormalisationNote& note, Language language) {
    using Kind = NormalisationNote::Kind;
    switch (note.kind) {
    case Kind::all_missing:
        return say(language, Msg::norm_all_missing);
    case Kind::constant:
        return say(language, Msg::norm_constant, arg("value", number(note.value)));
    case Kind::single:
        return say(language, Msg::norm_single, arg("value", number(note.value)));
    case Kind::constant_ties:
        return say(language, Msg::norm_constant_ties);
    case Kind::beyond_worst:
    case Kind::beyond_best:
        return say(language, note.kind == Kind::beyond_worst ? Msg::norm_beyond_worst : Msg::norm_beyond_best,
                   arg("units", note.units), arg("en_s", en_plural_s(note.units)), arg("bound", number(note.bound)),
                   arg("value", number(note.value)));
    case Kind::no_positive:
        return say(language,
                   note.direction == Direction::higher ? Msg::norm_no_positive_max : Msg::norm_no_positive_min,
                   arg("bound", number(note.bound)));
    }
    return {};
}

std::string normalisation_notes_text(const std::vector<NormalisationNote>& notes, Language language) {
    std::vector<std::string> parts;
    for (const NormalisationNote& note : notes)
        parts.push_back(normalisation_note_text(note, language));
    return joined(language, Msg::reason_separator, parts);
}

std::string normalisation_notes_text(const NormalisedColumn& column, Language language) {
    return normalisation_notes_text(column.notes, language);
}

std::string treatment_text(const TreatedColumn& treated, Language language) {
    using Outcome = TreatedColumn::Outcome;
    if (treated.outcome == Outcome::within) return {};
    const Msg message = treated.outcome == Outcome::winsorised ? Msg::treat_winsorised
                        : treated.outcome == Outcome::logged   ? Msg::treat_logged
                                                               : Msg::treat_still_beyond;
    const std::string formula = treated.upper ? fmt::format("ln(x − {} + 1)", format_value(treated.before.min))
                                              : fmt::format("−ln({} − x + 1)", format_value(treated.before.max));
    return say(language, message, arg("skewness", number(treated.before.skewness)),
               arg("kurtosis", number(treated.before.kurtosis)),
               arg("skewness_limit", format_value(treated.spec.skewness)),
               arg("kurtosis_limit", format_value(treated.spec.kurtosis)), arg("points", treated.points.size()),
               arg("formula", formula), arg("skewness_after", number(treated.after.skewness)),
               arg("kurtosis_after", number(treated.after.kurtosis)));
}

std::string winsorised_point_text(const WinsorisedPoint& point, Language language) {
    return say(language, Msg::treat_point, arg("from", format_value(point.from)), arg("to", format_value(point.to)));
}

std::string aggregation_note_text(const AggregationNote& note, const std::vector<std::string>& child_names,
                                  Language language) {
    using Kind = AggregationNote::Kind;
    const auto first = [&] { return child_name(child_names, note.children.front(), language); };
    switch (note.kind) {
    case Kind::all_missing:
        return note.count == 1 ? say(language, Msg::agg_one_missing, arg("child", first()))
                               : say(language, Msg::agg_all_missing, arg("count", note.count));
    case Kind::weightless:
        return say(language, Msg::agg_weightless, arg("children", children_text(child_names, note.children, language)));
    case Kind::renormalised:
        return say(language, Msg::agg_renormalised,
                   arg("children", children_text(child_names, note.children, language)),
                   arg("present", note.count - note.children.size()), arg("count", note.count),
                   arg("share", number(note.share)));
    case Kind::counted_as_zero:
        return say(language, Msg::agg_counted_as_zero,
                   arg("children", children_text(child_names, note.children, language)));
    case Kind::nothing_to_impute:
        return note.grouped
                   ? say(language, Msg::agg_nothing_to_impute_group, arg("child", first()), arg("group", note.group))
                   : say(language, Msg::agg_nothing_to_impute, arg("child", first()));
    case Kind::imputed:
        return say(language,
                   note.median ? (note.grouped ? Msg::agg_imputed_median_group : Msg::agg_imputed_median)
                               : (note.grouped ? Msg::agg_imputed_group : Msg::agg_imputed),
                   arg("child", first()), arg("value", number(note.value)));
    case Kind::insufficient_data:
        return say(language, Msg::agg_insufficient_data, arg("present", note.count - note.children.size()),
                   arg("count", note.count), arg("share", number(note.share)), arg("minimum", number(note.value)));
    case Kind::indistinct:
        return say(language, Msg::agg_indistinct, arg("method", aggregation_text(note.method, language)),
                   arg("value", number(note.value)));
    case Kind::zero_absorbs:
        return note.method == Aggregation::generalised
                   ? say(language, Msg::agg_zero_generalised, arg("power", number(note.value)), arg("child", first()))
                   : say(language, Msg::agg_zero, arg("method", aggregation_text(note.method, language)),
                         arg("child", first()));
    }
    return {};
}

std::string composite_note_text(const Framework& framework, NodeIndex node, const AggregationNote& note,
                                Language language) {
    std::vector<std::string> names;
    for (NodeIndex child : framework[node].children)
        names.push_back(framework[child].code);
    return aggregation_note_text(note, names, language);
}

std::string weight_note_text(const WeightNote& note, const Framework* framework, Language language) {
    using Kind = WeightNote::Kind;
    std::string text;
    const std::string source = say(language, note.ahp ? Msg::weight_subjective_ahp : Msg::weight_subjective_system);
    switch (note.kind) {
    case Kind::units_left_out: {
        // Named units are listed by name ("X3"); without names, by row ("unit 3").
        std::vector<std::string> rows;
        for (std::size_t row : note.rows)
            rows.push_back(std::to_string(row + 1));
        text = note.names.empty()
                   ? say(language, Msg::weight_units_left_out_rows, arg("left", note.rows.size()),
                         arg("total", note.total), arg("en_s", en_plural_s(note.rows.size())),
                         arg("units", joined(language, Msg::list_separator, rows)))
                   : say(language, Msg::weight_units_left_out, arg("left", note.rows.size()), arg("total", note.total),
                         arg("units", joined(language, Msg::list_separator, note.names)));
        break;
    }
    case Kind::constant:
        text = say(language, Msg::weight_constant, arg("column", note.column + 1), arg("total", note.total),
                   arg("value", fmt::format("{:g}", note.value)));
        break;
    case Kind::combined_linear:
        text = say(language, Msg::weight_combined_linear, arg("source", source),
                   arg("subjective", format_value(note.value)), arg("objective", format_value(1 - note.value)));
        break;
    case Kind::combined_multiplicative:
        text = say(language, Msg::weight_combined_multiplicative, arg("source", source));
        break;
    case Kind::pca_components: {
        const PcaRetention& retention = note.retention;
        std::string rule = retention.rule == PcaRetention::Rule::kaiser ? say(language, Msg::weight_pca_rule_kaiser)
                           : retention.rule == PcaRetention::Rule::variance
                               ? say(language, Msg::weight_pca_rule_variance, arg("share", number(retention.share)))
                               : say(language, Msg::weight_pca_rule_count, arg("count", retention.count));
        // More kept than the rule alone gives: an eigenvalue equal to the last one's came along.
        if (note.column > note.by_rule) rule += say(language, Msg::weight_pca_rule_tied);
        std::vector<std::string> eigenvalues;
        for (double value : note.eigenvalues)
            eigenvalues.push_back(number(value));
        text = say(language, Msg::weight_pca_components, arg("kept", note.column), arg("total", note.total),
                   arg("rule", rule), arg("share", number(note.value)),
                   arg("eigenvalues", joined(language, Msg::list_separator, eigenvalues)));
        break;
    }
    }
    if (framework && note.node != no_node)
        text = say(language, Msg::note_of_node, arg("code", (*framework)[note.node].code), arg("note", text));
    return text;
}

} // namespace shifan

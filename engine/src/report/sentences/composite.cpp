// Words for the special cases of a composite index: normalisation, aggregation and weights.
#include "shifan/report/sentences.hpp"

#include "shifan/infra/numbers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace shifan {
namespace {

/// A number in a note: up to six decimals, no trailing zeros (0.6, 71.5, 100).
std::string number(double value) { return format_points(value, 6); }

std::string units_phrase(std::size_t count) { return fmt::format("{} unit{}", count, count == 1 ? "" : "s"); }

std::string child_name(const std::vector<std::string>& names, std::uint32_t j) {
    return names.empty() ? fmt::format("child {}", j + 1) : names[j];
}

std::string children_text(const std::vector<std::string>& names, const std::vector<std::uint32_t>& children) {
    std::vector<std::string> shown;
    for (std::uint32_t j : children)
        shown.push_back(child_name(names, j));
    return fmt::format("{}", fmt::join(shown, ", "));
}

} // namespace

std::string normalisation_note_text(const NormalisationNote& note) {
    using Kind = NormalisationNote::Kind;
    switch (note.kind) {
    case Kind::all_missing:
        return "no present value: every unit is missing";
    case Kind::constant:
        return fmt::format("constant column: every unit gets {}", number(note.value));
    case Kind::single:
        return fmt::format("a single unit: it gets {}", number(note.value));
    case Kind::constant_ties:
        return "constant column: every unit ties with every other and gets 50";
    case Kind::beyond_worst:
        return fmt::format("{} beyond the worst goalpost ({}) clamped to {}", units_phrase(note.units),
                           number(note.bound), number(note.value));
    case Kind::beyond_best:
        return fmt::format("{} beyond the best goalpost ({}) clamped to {}", units_phrase(note.units),
                           number(note.bound), number(note.value));
    case Kind::no_positive:
        return fmt::format("the {} is {}, not above 0, so a fraction of it means nothing: every unit gets 0",
                           note.direction == Direction::higher ? "maximum" : "minimum", number(note.bound));
    }
    return {};
}

std::string normalisation_notes_text(const std::vector<NormalisationNote>& notes) {
    std::vector<std::string> parts;
    for (const NormalisationNote& note : notes)
        parts.push_back(normalisation_note_text(note));
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::string normalisation_notes_text(const NormalisedColumn& column) { return normalisation_notes_text(column.notes); }

std::string aggregation_note_text(const AggregationNote& note, const std::vector<std::string>& child_names) {
    using Kind = AggregationNote::Kind;
    switch (note.kind) {
    case Kind::all_missing:
        return note.count == 1 ? fmt::format("{} missing: no value", child_name(child_names, note.children.front()))
                               : fmt::format("all {} children missing: no value", note.count);
    case Kind::weightless:
        return fmt::format("{} missing and the present children weigh 0: no value",
                           children_text(child_names, note.children));
    case Kind::renormalised:
        return fmt::format("{} missing: weights renormalised over {} of {} children ({} of the weight)",
                           children_text(child_names, note.children), note.count - note.children.size(), note.count,
                           number(note.share));
    case Kind::counted_as_zero:
        return fmt::format("{} missing: counted as 0", children_text(child_names, note.children));
    case Kind::nothing_to_impute: {
        const std::string name = child_name(child_names, note.children.front());
        return note.grouped ? fmt::format("{} missing and no unit of its group ({}) has a value to impute: no value",
                                          name, note.group)
                            : fmt::format("{} missing and no unit has a value to impute: no value", name);
    }
    case Kind::imputed: {
        const std::string name = child_name(child_names, note.children.front());
        return note.grouped
                   ? fmt::format("{} missing: imputed with the group mean {}", name, number(note.value))
                   : fmt::format("{} missing: imputed with the mean {} of all units", name, number(note.value));
    }
    case Kind::zero_absorbs: {
        const std::string name = child_name(child_names, note.children.front());
        return note.method == Aggregation::generalised
                   ? fmt::format("generalised mean with power {} and a zero ({}): 0", number(note.value), name)
                   : fmt::format("{} mean with a zero ({}): 0", aggregation_key(note.method), name);
    }
    }
    return {};
}

std::string composite_note_text(const Framework& framework, NodeIndex node, const AggregationNote& note) {
    std::vector<std::string> names;
    for (NodeIndex child : framework[node].children)
        names.push_back(framework[child].code);
    return aggregation_note_text(note, names);
}

std::string weight_note_text(const WeightNote& note, const Framework* framework) {
    using Kind = WeightNote::Kind;
    std::string text;
    switch (note.kind) {
    case Kind::units_left_out: {
        // Named units are listed by name ("X3"); without names, by row ("unit 3").
        std::vector<std::string> listed = note.names;
        if (listed.empty())
            for (std::size_t row : note.rows)
                listed.push_back(std::to_string(row + 1));
        text = fmt::format("{} of {} units left out for a missing value (listwise deletion): {}{}", note.rows.size(),
                           note.total,
                           !note.names.empty()     ? ""
                           : note.rows.size() == 1 ? "unit "
                                                   : "units ",
                           fmt::join(listed, ", "));
        break;
    }
    case Kind::constant:
        text = fmt::format("indicator {} is constant over the {} units used (every value {:g}): it carries no "
                           "information and gets weight 0",
                           note.column + 1, note.total, note.value);
        break;
    case Kind::combined_linear:
        text = fmt::format("data-driven weights combined linearly with the {} ones: {} × subjective + {} × objective",
                           note.ahp ? "AHP" : "indicator system's", format_value(note.value),
                           format_value(1 - note.value));
        break;
    case Kind::combined_multiplicative:
        text = fmt::format("data-driven weights combined multiplicatively with the {} ones: s·o / Σ s·o",
                           note.ahp ? "AHP" : "indicator system's");
        break;
    }
    if (framework && note.node != no_node) text = fmt::format("{}: {}", (*framework)[note.node].code, text);
    return text;
}

} // namespace shifan

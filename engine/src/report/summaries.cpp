// The summaries of `validate` and `gen` (declared in summaries.hpp).
#include "shifan/report/summaries.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/text.hpp"

#include <map>

#include <fmt/format.h>

namespace shifan {

std::string validation_summary(const Validation& validation) {
    const Sources& sources = validation.sources;
    const Framework& framework = validation.framework;
    std::string out;
    std::map<int, std::size_t> per_level;
    for (const Indicator& node : framework.nodes())
        if (node.level > 0) ++per_level[node.level];
    std::string levels;
    for (const auto& [level, count] : per_level)
        levels += fmt::format("{}level {}: {}", levels.empty() ? "" : ", ", level, count);
    out += fmt::format("indicators  {}: '{}' {}\n", sources.indicators.string(), framework.id(), framework.name());
    out += fmt::format("            {} points; {}; {} leaves\n", format_points(framework.total_points(), 6), levels,
                       framework.leaves().size());
    const auto ok = [&] { return escape_controls(out + "OK\n", true); };
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
    std::string types;
    for (const auto& [type, count] : per_type)
        types += fmt::format("{}{} {}", types.empty() ? "" : ", ", type, count);
    out += fmt::format("rubric      {}: '{}' {}\n", sources.rubric.string(), rubric.id(), rubric.name());
    out += fmt::format("            {} rules ({}); loss caps on {} indicators; precision {}; missing evidence: {}\n",
                       rule_count, types, caps, rubric.precision(),
                       rubric.missing_evidence() == MissingEvidencePolicy::zero ? "zero" : "error");
    if (!rubric.bonus().items.empty() || !rubric.vetoes().empty() || !rubric.unit_deductions().empty())
        out += fmt::format("            unit-level: {} bonus items, {} veto kinds, {} deduction kinds\n",
                           rubric.bonus().items.size(), rubric.vetoes().size(), rubric.unit_deductions().size());
    if (const CompositePolicy* composite = rubric.composite()) {
        static constexpr const char* sources_of_weights[] = {"the indicator system",     "equal", "entropy", "CRITIC",
                                                             "coefficient of variation", "AHP"};
        out += fmt::format("            composite index: values in field '{}' ({} per-leaf fields, {} lower is "
                           "better); weights from {}{}\n",
                           composite->field, composite->fields.size(), composite->directions.size(),
                           sources_of_weights[static_cast<int>(composite->weights)],
                           composite->ahp.empty() ? std::string() : fmt::format(" ({})", composite->ahp.string()));
        if (!rubric.gives_points()) out += "            no rules: the rubric gives no points, only the index\n";
    }
    if (!validation.round) return ok();

    const Round& round = *validation.round;
    out += fmt::format("evidence    {}: '{}' {}\n", sources.evidence.string(), round.id(), round.name());
    if (!rubric.gives_points()) {
        out += fmt::format("            {} units; {} of {} unit × leaf values present\n", round.unit_count(),
                           validation.composite_present, validation.composite_values);
        return ok();
    }
    const Coverage& covered = *validation.coverage;
    out += fmt::format("            {} units; {} of {} unit × leaf cells have evidence ({})\n", round.unit_count(),
                       covered.covered(), covered.cells,
                       covered.cells ? format_percent(static_cast<double>(covered.covered()) / covered.cells) : "-");
    std::size_t event_counts[3] = {};
    for (const Event& event : round.events())
        ++event_counts[static_cast<int>(event.type)];
    if (!round.events().empty())
        out += fmt::format("            events: {} bonus, {} veto, {} deduction\n", event_counts[0], event_counts[1],
                           event_counts[2]);
    if (!covered.missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < covered.missing.size() && i < 20; ++i)
            list += fmt::format("{}{} {}", i ? ", " : "", round.units()[covered.missing[i].first].id,
                                framework[covered.missing[i].second].code);
        if (covered.missing.size() > 20) list += fmt::format(", … ({} more)", covered.missing.size() - 20);
        out += "            no evidence: " + list + "\n";
    }
    if (!covered.unread_fields.empty()) {
        std::string list;
        std::size_t shown = 0;
        for (const auto& [where, units] : covered.unread_fields) {
            if (shown++ == 20) {
                list += fmt::format(", … ({} more)", covered.unread_fields.size() - 20);
                break;
            }
            list += fmt::format("{}{}.{} ({} unit{})", list.empty() ? "" : ", ", where.first, where.second, units,
                                units == 1 ? "" : "s");
        }
        out += "            warning: fields no rule reads: " + list + "\n";
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

std::string synthetic_round_summary(const std::filesystem::path& dir, const SyntheticOptions& options) {
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
            sizes += fmt::format("{} ({}), ", file.string(), file_size(bytes));
        }
    }
    return fmt::format("wrote {}: {}csv/ ({} tables, {}); {} units x {} indicators, seed {}\n", dir.string(), sizes,
                       csv_files, file_size(csv_bytes), options.units, options.leaves, options.seed);
}

} // namespace shifan

// Synthetic rounds for the benchmarks (`shifan gen`'s generator, 125 leaves, seed 1) at the sizes
// the figures are quoted for: 300, 3,200, 32,000 and 100,000 units. A round is written to a
// directory under the system's temporary directory once and reused by later runs (a marker file
// says it is complete); the loaded round of one size is kept between benchmarks, and replaced when
// a benchmark asks for another size, so that the 100,000-unit round is never held beside others.
#pragma once

#include "shifan/analyse/uncertainty.hpp"
#include "shifan/infra/synthetic.hpp"
#include "shifan/shifan.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <fmt/format.h>

namespace shifan::bench {

inline constexpr std::uint32_t leaves = 125;

/// The directory of the synthetic round with `units` units, written on first use.
inline std::filesystem::path round_directory(std::uint32_t units) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / fmt::format("shifan-bench-{}x{}-s1", units, leaves);
    const fs::path marker = dir / "complete";
    if (!fs::exists(marker)) {
        SyntheticOptions options;
        options.units = units;
        options.leaves = leaves;
        write_synthetic_round(options, dir);
        std::ofstream(marker) << "written by shifan_bench\n";
    }
    return dir;
}

/// Total size of the files of an evidence source (a JSON file or a CSV directory).
inline std::uintmax_t input_bytes(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(path)) return fs::file_size(path);
    std::uintmax_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file()) bytes += entry.file_size();
    return bytes;
}

struct LoadedRound {
    std::uint32_t units = 0;
    Framework framework;
    Rubric rubric;
    Round round;
};

/// The loaded round with `units` units (loaded from its JSON files; the previous size is dropped).
inline const LoadedRound& loaded_round(std::uint32_t units) {
    static std::unique_ptr<LoadedRound> cached;
    if (cached && cached->units == units) return *cached;
    cached.reset();
    const std::filesystem::path dir = round_directory(units);
    Framework framework = load_framework(dir / "indicators.json");
    Rubric rubric = load_rubric(dir / "rubric.json", framework);
    Round round = load_round(dir / "evidence.json", framework);
    cached =
        std::make_unique<LoadedRound>(LoadedRound{units, std::move(framework), std::move(rubric), std::move(round)});
    return *cached;
}

/// A field's value as CSV and JSON write it (synthetic grades hold no quotes or commas).
inline std::string field_text(const Round& round, const FieldValue& field, bool json) {
    if (field.kind == FieldKind::number) return fmt::format("{}", field.number());
    if (field.kind == FieldKind::boolean) return field.number() != 0 ? "true" : "false";
    return json ? fmt::format("\"{}\"", round.text(field.text())) : std::string(round.text(field.text()));
}

/// Every (leaf, field) some unit of the round has, in the order first met: a wide table's columns.
inline std::vector<std::pair<NodeIndex, StringId>> field_columns(const Round& round) {
    std::vector<std::pair<NodeIndex, StringId>> columns;
    for (const EvidenceEntry& entry : round.entries())
        for (const FieldValue& field : round.fields(entry))
            if (std::find(columns.begin(), columns.end(), std::pair{entry.node, field.name}) == columns.end())
                columns.emplace_back(entry.node, field.name);
    return columns;
}

/// The round's fields as a wide table: `unit`, then a column `<code>.<field>` per field.
inline std::string wide_fields_csv(const Framework& framework, const Round& round) {
    const auto columns = field_columns(round);
    std::string csv = "unit";
    for (const auto& [node, name] : columns)
        csv += fmt::format(",{}.{}", framework[node].code, round.text(name));
    csv += '\n';
    for (UnitIndex u = 0; u < round.unit_count(); ++u) {
        csv += round.units()[u].id;
        for (const auto& [node, name] : columns) {
            csv += ',';
            const EvidenceEntry* entry = round.entry(node, u);
            const FieldValue* field = entry ? round.field(*entry, name) : nullptr;
            if (field) csv += field_text(round, *field, false);
        }
        csv += '\n';
    }
    return csv;
}

/// The round's units and fields only (no findings, ratings or events), as composite-index data is
/// kept: a JSON file (`fields.json`) and a wide table (`wide/`: units.csv and one fields.csv row per
/// unit), holding the same values, written once.
inline std::filesystem::path fields_only_directory(std::uint32_t units) {
    namespace fs = std::filesystem;
    const fs::path dir = round_directory(units);
    const fs::path out = dir / "fields-only";
    const fs::path marker = dir / "fields-only-complete";
    if (fs::exists(marker)) return out;
    fs::create_directories(out / "wide");
    fs::copy_file(dir / "csv" / "units.csv", out / "wide" / "units.csv", fs::copy_options::overwrite_existing);
    const Framework framework = load_framework(dir / "indicators.json");
    const Round round = load_round(dir / "evidence.json", framework);
    std::string json = fmt::format("{{\"round\": {{\"id\": \"{}\"}}, \"units\": [\n", round.id());
    for (UnitIndex u = 0; u < round.unit_count(); ++u) {
        const Unit& unit = round.units()[u];
        json +=
            fmt::format("{}{{\"id\": \"{}\", \"name\": \"{}\", \"evidence\": {{", u ? ",\n" : "", unit.id, unit.name);
        const char* entry_separator = "";
        for (NodeIndex leaf : framework.leaves()) {
            const EvidenceEntry* entry = round.entry(leaf, u);
            if (!entry || round.fields(*entry).empty()) continue;
            json += fmt::format("{}\"{}\": {{\"fields\": {{", entry_separator, framework[leaf].code);
            entry_separator = ", ";
            const char* field_separator = "";
            for (const FieldValue& field : round.fields(*entry)) {
                json += fmt::format("{}\"{}\": {}", field_separator, round.text(field.name),
                                    field_text(round, field, true));
                field_separator = ", ";
            }
            json += "}}";
        }
        json += "}}";
    }
    json += "\n]}\n";
    std::ofstream(out / "wide" / "fields.csv", std::ios::binary) << wide_fields_csv(framework, round);
    std::ofstream(out / "fields.json", std::ios::binary) << json;
    std::ofstream(marker) << "written by shifan_bench\n";
    return out;
}

/// The same round with its fields as one wide table, the other tables as they are: written once
/// beside the long CSV tables.
inline std::filesystem::path wide_round_directory(std::uint32_t units) {
    namespace fs = std::filesystem;
    const fs::path dir = round_directory(units);
    const fs::path wide = dir / "wide";
    const fs::path marker = dir / "wide-complete";
    if (fs::exists(marker)) return wide;
    fs::create_directories(wide);
    for (const char* table : {"units.csv", "entries.csv", "findings.csv", "ratings.csv", "events.csv"})
        if (fs::exists(dir / "csv" / table))
            fs::copy_file(dir / "csv" / table, wide / table, fs::copy_options::overwrite_existing);
    const Framework framework = load_framework(dir / "indicators.json");
    const Round round = load_round(dir / "evidence.json", framework);
    std::ofstream(wide / "fields.csv", std::ios::binary) << wide_fields_csv(framework, round);
    std::ofstream(marker) << "written by shifan_bench\n";
    return wide;
}

} // namespace shifan::bench

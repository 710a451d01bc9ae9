// The evidence of a synthetic round: every unit's entries, findings, ratings and events, as the
// evidence JSON and the CSV round tables at once. Private to the engine.
#pragma once

#include "infra/synthetic/plan.hpp"

#include <array>
#include <cstddef>
#include <functional>
#include <string>

namespace shifan::detail::synthetic {

/// The round's text: JSON and the CSV tables, in the order of synthetic_round_files().
enum Table : std::size_t {
    evidence_json,
    units_csv,
    entries_csv,
    fields_csv,
    findings_csv,
    ratings_csv,
    events_csv,
    table_count
};
inline constexpr std::array<const char*, table_count> table_names{
    "evidence.json", "units.csv", "entries.csv", "fields.csv", "findings.csv", "ratings.csv", "events.csv"};

/// A piece of every table's text.
using Tables = std::array<std::string, table_count>;

/// Generates the evidence and hands it to `sink` piece by piece, in order (a piece is a Tables
/// whose strings continue the previous piece's; the sink may clear them). Units are independent
/// (each has its own random stream), so slices of units are generated on several threads while
/// the sink consumes the previous batch; the text is the same for any number of threads.
void generate_evidence(const Plan& plan, const std::function<void(Tables&)>& sink);

} // namespace shifan::detail::synthetic

// Synthetic rounds (`shifan gen`): a reproducible indicator system, rubric and round of any size,
// for benchmarks and tests at national scale. The same options give byte-identical text on every
// machine: random numbers come from splitmix64 (no std distributions) and every number is printed
// with fmt in a fixed format.
//
// What a round holds:
//   - indicators: 8-10 first-level indicators (from the seed), 32-36 second-level and exactly
//     `leaves` leaves, 1000 points in whole or half points that add up at every level;
//   - rubric: every rule type of rubrics/README.md in realistic proportions (most leaves met,
//     tiers, proportional or deductions; a few of each rarer type, cohort-relative rules some
//     within a unit attribute), loss caps, grades with a quota and eligibility, ranking and report
//     defaults, bonus items with caps, the three veto effects and unit deductions;
//   - evidence: units with level, region and province; an entry for nearly every leaf, findings,
//     expert ratings and events; the same evidence as JSON and as the CSV round tables.
#pragma once

#include "shifan/export.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

struct SyntheticOptions {
    std::uint32_t units = 3200; ///< 1 … 1,000,000
    std::uint32_t leaves = 125; ///< 40 … 400
    std::uint64_t seed = 1;     ///< any value; the same seed gives the same round
};

/// The smallest and largest sizes a synthetic round accepts.
inline constexpr std::uint32_t synthetic_min_units = 1;
inline constexpr std::uint32_t synthetic_max_units = 1'000'000;
inline constexpr std::uint32_t synthetic_min_leaves = 40;
inline constexpr std::uint32_t synthetic_max_leaves = 400;

/// A synthetic round held in memory.
struct SyntheticRound {
    std::string indicators; ///< `shifan.indicators/1` JSON
    std::string rubric;     ///< `shifan.rubric/1` JSON
    std::string evidence;   ///< `shifan.evidence/1` JSON
    /// The same evidence as CSV round tables: file name (units.csv, fields.csv, …) → text.
    std::vector<std::pair<std::string, std::string>> csv;
};

/// Throws std::invalid_argument naming the option when a size is out of range.
SHIFAN_API void check_synthetic_options(const SyntheticOptions& options);

/// The whole round as strings.
SHIFAN_API SyntheticRound generate_synthetic_round(const SyntheticOptions& options);

/// The files a synthetic round writes, relative to its directory, in the order written.
SHIFAN_API std::vector<std::filesystem::path> synthetic_round_files();

/// Writes DIR/indicators.json, DIR/rubric.json, DIR/evidence.json and DIR/csv/*.csv (the
/// directories are created). The evidence is streamed unit by unit, so memory stays small at any
/// size; every file is written under a temporary name and renamed when all are complete, so a
/// failure leaves no partial file. Throws std::invalid_argument for bad options and
/// OutputError naming the file for a write failure.
SHIFAN_API void write_synthetic_round(const SyntheticOptions& options, const std::filesystem::path& dir);

} // namespace shifan

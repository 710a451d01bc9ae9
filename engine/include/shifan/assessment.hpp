// The front door: one object that owns a loaded assessment (indicator system, rubric, round) and
// hands out what users want from it — the scored result, the ranking, the report's tables, the
// explanation of one unit, what-if, uncertainty, the composite index — and the audit and document
// to publish any of them with.
//
//   const auto assessment = shifan::Assessment::load({"indicators/hunan-2021-2025.json",
//                                                     "rubrics/hunan-2021-2025.json",
//                                                     "examples/lanshan-2025/evidence.json"});
//   const shifan::Ranking ranking = assessment.rank();
//   const auto tables = assessment.report(ranking);
//   shifan::publish(assessment.document("report", tables), {shifan::Format::xlsx, "report.xlsx"},
//                   nullptr, std::cout);
//
// An Assessment is cheap to copy (its state is shared and never changes). Everything it hands out
// that refers to the inputs — the Result above all — shares their ownership, so nothing it gives
// can dangle, whatever outlives what.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/composite.hpp"
#include "shifan/analyse/evidence_changes.hpp"
#include "shifan/analyse/uncertainty.hpp"
#include "shifan/analyse/whatif.hpp"
#include "shifan/infra/audit.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/load/conversions.hpp"
#include "shifan/load/coverage.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/publish.hpp"
#include "shifan/report/report.hpp"
#include "shifan/score/result.hpp"
#include "shifan/score/score.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shifan {

/// Where an assessment's inputs are (paths as given: relative to the working directory).
struct Sources {
    std::filesystem::path indicators; ///< the indicator system, .json or .csv
    std::filesystem::path rubric;     ///< the rubric, .json
    std::filesystem::path evidence;   ///< the round: a .json file or a directory of CSV tables
    std::filesystem::path grades;     ///< optional: grades apart from the rubric, used instead of its own
    std::filesystem::path ahp;        ///< optional: AHP judgements for the composite index, instead of the
                                      ///< file the rubric's composite member names
};

struct LoadOptions {
    unsigned threads = 0; ///< scoring threads (0: chosen by the size of the round); results are the same
    /// Hash the input files (SHA-256, on a second thread while they load) for the audit of outputs
    /// that will be written.
    bool digests = false;
    /// The language of what is written; unset: the rubric's `language`, else `fallback_language`.
    std::optional<Language> language;
    Language fallback_language = Language::en;
    /// For a rubric that defines only a composite index: read the round for the index's values
    /// alone (load_round_values). Read so from CSV tables or a workbook, round() holds the units
    /// and events without their entries; composite() gives the same as without.
    bool composite_only = false;
};

/// The options of a command as given, by long name, for the audit: a switch has no value; an
/// option given several times has its values one per line, in order.
using GivenOptions = std::map<std::string, std::optional<std::string>>;

class Assessment;

/// What `validate` found in the inputs given: each loaded as far as they go.
struct Validation {
    Sources sources;
    Framework framework;
    std::optional<Rubric> rubric;
    std::optional<Round> round;
    std::optional<Coverage> coverage;  ///< a round scored by points: its evidence coverage
    Conversions conversions;           ///< what reading the round converted (encodings, TRUE, 96% …)
    std::vector<InputError> warnings;  ///< what deserves a look but does not stop a run (fields no rule reads)
    std::size_t composite_values = 0;  ///< a rubric that defines only a composite index: unit × leaf values …
    std::size_t composite_present = 0; ///< … and those present
};

/// What to try with a what-if.
struct WhatIfRequest {
    std::vector<std::string> units;      ///< the units whose gaps to show; with changes, default: the changed units
    std::vector<EvidenceChange> changes; ///< applied in order to a copy of the round, which is scored again
    RankOptions ranking;                 ///< the same for the ranking before and after
    std::optional<ShortlistPolicy> shortlist; ///< default: the rubric's report.shortlist
    unsigned threads = 0;                     ///< for scoring the changed round
};

/// What a what-if found.
struct SHIFAN_API WhatIf {
    Ranking before;                             ///< the ranking of the assessment as it is
    std::vector<AppliedChange> applied;         ///< the changes, as applied
    std::shared_ptr<const Assessment> changed;  ///< the changed round, scored (null without changes)
    Ranking after;                              ///< the ranking after the changes (before, without changes)
    std::vector<UnitGaps> gaps;                 ///< the gaps of the units asked for, after the changes
    std::vector<UnitIndex> changed_units;       ///< the units whose evidence changed, in the order of the changes
    std::shared_ptr<const Assessment> original; ///< the assessment as it is

    /// The result the gaps and `after` refer to: the changed round's, or the original's.
    const Result& result() const;
};

/// The ids of the what-if tables, in order: changes, whatif, gaps, recoverable.
SHIFAN_API const std::vector<std::string>& whatif_table_ids();
/// The what-if tables (`ids` picks among whatif_table_ids(); empty: all that apply); the gaps and
/// recoverable points are titled as after the changes when there were changes. Throws
/// std::invalid_argument naming an unknown id, or when the ids name no table this what-if makes.
SHIFAN_API std::vector<Table> whatif_tables(const WhatIf& whatif, const std::vector<std::string>& ids = {});

/// A composite index and its ranking.
struct CompositeOutcome {
    CompositeResult index;
    std::vector<CompositeRow> rows; ///< in rank order
    int precision = 2;              ///< decimals it is published and ranked with (full_precision: unrounded)
    double collinear = 0.9;         ///< the diagnostics' threshold of collinear sibling pairs
};

/// The ids of the composite index's tables, in order: composite, composite_weights, composite_notes
/// (what `shifan composite` publishes by default), composite_raw, composite_treated,
/// composite_normalised, composite_nodes, composite_availability, and the diagnostics:
/// composite_statistics, composite_correlations, composite_pairs, composite_alpha.
SHIFAN_API const std::vector<std::string>& composite_table_ids();

class SHIFAN_API Assessment {
public:
    /// Loads the indicator system, the rubric against it and the round against it. The round is
    /// scored on the first call of result() (the scoring invariants checked), and the grades file
    /// read on the first call of grades() or rank(). Throws InputError naming the file, the place
    /// and the problem.
    static Assessment load(const Sources& sources, const LoadOptions& options = {});
    /// An assessment of inputs built in memory (its outputs' audits list no input files). Its
    /// evidence is checked against the fields' domains as loaded evidence is (InputError).
    /// Its language is `language`, else the rubric's, else English.
    Assessment(Framework framework, Rubric rubric, Round round, const ScoreOptions& options = {},
               std::optional<Language> language = std::nullopt);

    const Framework& framework() const noexcept;
    const Rubric& rubric() const noexcept;
    const Round& round() const noexcept;
    const Sources& sources() const noexcept;
    /// The language its tables, sentences and explanations are written in.
    Language language() const noexcept;
    /// What deserves a look but does not stop a run, found while loading: fields no rule reads.
    const std::vector<InputError>& warnings() const noexcept;
    /// What reading the round converted to take it as a person meant it (encodings, header names,
    /// TRUE, 96%, 2025/3/1 …), counted by kind.
    const Conversions& conversions() const noexcept;
    /// The scored result. Copies of it share the ownership of the inputs, so they stay valid after
    /// the assessment is gone. Throws InputError when the rubric defines only a composite index.
    const Result& result() const;

    /// The unit with `id`, or else the one unit with that name (青溪区 for LS01); throws InputError
    /// naming the round, with the nearest ids and names, when there is none.
    UnitIndex unit(std::string_view id) const;

    /// The grades rankings use unless told otherwise: the grades file's when given (read on the
    /// first call; throws InputError), else the rubric's.
    const GradePolicy& grades() const;
    /// Ranks the result; options left unset take the rubric's defaults (and grades()).
    Ranking rank(RankOptions options = {}) const;
    /// The report's tables for a ranking of this assessment (ReportOptions::from(rubric()) in the
    /// assessment's language by default).
    std::vector<Table> report(const Ranking& ranking) const;
    std::vector<Table> report(const Ranking& ranking, const ReportOptions& options) const;
    /// Where the unit with `id` lost its points (ranked by the rubric's defaults).
    std::string explain(std::string_view id) const;
    /// The same as a document: the explanation's table (see explanation_table), printed in the
    /// terminal as the prose of explain().
    Document explanation(std::string_view id) const;
    /// Gaps of units to their next grade, rank and the shortlist, and re-scores with changed
    /// evidence (units by id or unique name; a value set is read and checked as a loaded one).
    /// Throws InputError for a change that names nothing in the round or a field no rule of its
    /// leaf reads, std::invalid_argument
    /// for options that do not fit (a shortlist grade without grades).
    WhatIf what_if(const WhatIfRequest& request) const;
    /// How sure every rank and grade of `nominal` (a ranking of this assessment) is.
    Uncertainty uncertainty(const Ranking& nominal, const UncertaintyOptions& options) const;
    /// The composite index the rubric defines, weighted by AHP from the sources' judgements file or
    /// the one the rubric names (relative to the rubric's folder), ranked by `method` (default: the
    /// rubric's). Throws InputError for evidence that cannot enter it, std::invalid_argument for
    /// data a method cannot take.
    /// `precision` (0 … 15 decimals, or full_precision) replaces the rubric's for the index: its
    /// ranks are decided on the figures as published. `collinear` (in (0, 1]) replaces the rubric's
    /// threshold of collinear sibling pairs in the diagnostics.
    CompositeOutcome composite(std::optional<RankMethod> method = std::nullopt,
                               std::optional<int> precision = std::nullopt,
                               std::optional<double> collinear = std::nullopt) const;

    /// The audit of an output of `command` given `options`: the ids, the shifan version and the
    /// digests of every input file read (needs LoadOptions::digests; waits for them).
    Audit audit(std::string command, GivenOptions options) const;
    /// Tables as a document of this assessment: headed by the round, indicator system and rubric.
    Document document(std::string command, std::vector<Table> tables, bool lone_table = false) const;
    /// The composite index's tables as a document: `ids` picks among composite_table_ids() in
    /// their order (empty: the ranking, weights and notes). Throws std::invalid_argument naming an
    /// unknown id.
    Document composite_document(const CompositeOutcome& outcome, const std::vector<std::string>& ids = {}) const;

private:
    friend Validation validate(const Sources& sources);
    struct State;
    explicit Assessment(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

/// Loads what is given, in order: the indicator system, then the rubric against it, then the round,
/// scored (the invariants checked) with its evidence coverage, or for a rubric that defines only a
/// composite index, that index. Throws InputError on the first problem.
SHIFAN_API Validation validate(const Sources& sources);

} // namespace shifan

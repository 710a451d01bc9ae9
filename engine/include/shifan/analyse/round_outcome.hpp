// A scored round as a comparison across rounds needs it: the indicator tree with each node's maximum
// and lead departments, and per unit its published total, score rate, rank, grade and the points of
// every node. Built from a round scored in this process (round_outcome) or read back from the
// result.json an earlier run wrote (load/result_file.hpp), so that last year's published result can
// be compared without its inputs.
#pragma once

#include "shifan/export.hpp"

#include "shifan/rank/rank.hpp"
#include "shifan/score/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shifan {

/// One node of a round's indicator tree (the root left out).
struct OutcomeIndicator {
    static constexpr std::size_t top = static_cast<std::size_t>(-1);

    std::string code, name;
    std::size_t parent = top; ///< index of the parent; `top` for a first-level indicator
    int level = 1;            ///< 1 for a first-level indicator
    double max = 0;           ///< maximum points
    bool leaf = true;
    /// The lead departments (牵头单位), inherited from the nearest ancestor naming any; "" when none.
    std::vector<std::string> lead;
};

struct OutcomeUnit {
    std::string id, name;
    double total = 0;      ///< as published (rounded to the rubric's precision)
    double score_rate = 0; ///< total / the system's maximum, unrounded
    std::uint32_t rank = 0;
    bool excluded = false;      ///< vetoed out of the ranking (rank 0)
    std::string grade;          ///< "" when ungraded or excluded
    std::vector<double> scores; ///< per indicator (the order of RoundOutcome::indicators), as published
};

struct RoundOutcome {
    std::string label;  ///< how the comparison names the round ("2024")
    std::string source; ///< what it was read from, for messages
    std::string round_id, round_name, system_id, system_name, rubric_id;
    double max = 0;                           ///< the indicator system's maximum
    int precision = 2;                        ///< decimals of published points
    std::vector<OutcomeIndicator> indicators; ///< in pre-order
    std::vector<OutcomeUnit> units;           ///< in rank order, excluded units last

    /// The index of an indicator or unit by code or id.
    std::optional<std::size_t> indicator(std::string_view code) const;
    std::optional<std::size_t> unit(std::string_view id) const;
    /// Builds the indexes after the lists are filled.
    void index();

private:
    std::unordered_map<std::string, std::size_t> by_code_, by_id_;
};

/// The outcome of a round scored and ranked in this process.
SHIFAN_API RoundOutcome round_outcome(const Ranking& ranking, const Result& result, std::string label);

} // namespace shifan

// Reading the rules of a rubric: one reader per rule type, found by the rule's "type" in one table
// (rule_readers.cpp). Private to the engine; the rubric loader uses it for every leaf's rules.
#pragma once

#include "shifan/load/rule_types.hpp"

#include "infra/problems.hpp"
#include "load/json_reader.hpp"

#include <string>
#include <vector>

namespace shifan::detail {

/// A tier as written: its size is a share, or points to be turned into a share once the rule's
/// points are known.
struct TierAsWritten {
    double at = 0;
    double size = 0;
    bool in_points = false;
    std::string pointer;
};

struct RuleAsWritten {
    Rule rule;
    bool points_given = false;
    std::vector<TierAsWritten> tiers;
};

/// "expected \"a\" or \"b\", found \"x\"" in both languages: a string member that takes one of two words.
Bilingual expected_two(const char* first, const char* second, const std::string& found);

/// Reads one rule of a leaf's list; its "type" picks the reader. Throws InputError naming the JSON
/// pointer of what is wrong (an unknown type lists the types there are), StopReading when a formula
/// rule cannot be checked for want of its library.
RuleAsWritten read_rule(const JsonReader& reader, const json& item, const std::string& pointer);

} // namespace shifan::detail

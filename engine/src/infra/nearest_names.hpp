// The nearest valid names to one that names nothing, for the messages of options and arguments that
// name things (--group, --department, --unit, --tables, grades, fields): a misspelt or half-typed
// name is answered with what it most likely meant ("司法局" → 县司法局, "Region" → region), else with
// the valid names when they are few, else with how to list them.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shifan::detail {

/// The edit distance of two names (optimal string alignment: insertions, deletions, substitutions
/// and transpositions of neighbours), counted in Unicode code points so that a Chinese character is
/// one edit, with ASCII letters compared without case. A byte that is not valid UTF-8 counts as one.
std::size_t name_distance(std::string_view a, std::string_view b);

/// How near `candidate` is to `given`: 0 when they differ only in the case of ASCII letters, 1 when
/// one contains the other (the shorter being two code points at least, or one Chinese character),
/// else their distance when it is at most a third of the longer name (at least 1), or when the two
/// share a run of at least two code points and two thirds of `given`; nothing when it is not near.
std::optional<std::size_t> nearness(std::string_view given, std::string_view candidate);

/// A valid name: the spellings that name it (an id and a name, a key and its title) and how
/// messages show it.
struct NameCandidate {
    std::vector<std::string> spellings;
    Bilingual shown;

    /// A name spelt and shown one way.
    static NameCandidate plain(std::string name);
    /// A name with a second spelling shown after it: "region（片区）" / "region (片区)"; `alias` alone
    /// when it is empty or the same as `name`.
    static NameCandidate with_alias(std::string name, std::string alias);
};

/// Each name as a plain candidate.
SHIFAN_API std::vector<NameCandidate> plain_candidates(const std::vector<std::string>& names);

/// The candidates near `given`, nearest first, ties in the order of `candidates`; at most `limit`.
/// A candidate is as near as its nearest spelling.
std::vector<std::size_t> nearest_names(std::string_view given, const std::vector<NameCandidate>& candidates,
                                       std::size_t limit = 5);

/// What follows "no such name" in a message: "；是否指：a、b" / "; did you mean: a, b" when some
/// candidates are near; else "；可选：…" / "; choose from: …" listing them all when there are at
/// most `listed`; else (or when there are none) `otherwise`, which says how to find the valid names.
SHIFAN_API Bilingual suggestion_tail(std::string_view given, const std::vector<NameCandidate>& candidates,
                                     const Bilingual& otherwise, std::size_t listed = 12);

} // namespace shifan::detail

// What a command says when it has nothing but a summary to print: `validate` on the inputs it
// loaded, `gen` on the round it wrote.
#pragma once

#include "shifan/export.hpp"

#include "shifan/assessment.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/infra/synthetic.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace shifan {

/// The inputs loaded, counted (levels, rules by type, units, evidence coverage, events, fields no
/// rule reads …) and "OK", one line each, controls in names made visible.
SHIFAN_API std::string validation_summary(const Validation& validation, Language language = Language::en);

/// What was converted while reading an input as a person meant it (GB18030, tabs, Chinese headers …),
/// one sentence per kind: what, how many times, and the first place.
SHIFAN_API std::vector<std::string> conversion_notes(const Conversions& conversions, Language language = Language::en);

/// One line: the files of a synthetic round written into `dir` with their sizes, and its options.
SHIFAN_API std::string synthetic_round_summary(const std::filesystem::path& dir, const SyntheticOptions& options,
                                               Language language = Language::en);

} // namespace shifan

// Small pieces the report's tables share. Private to the engine.
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/score/result.hpp"

#include <string>

namespace shifan::detail {

/// The round as titles name it: its name, else its id.
inline std::string round_title(const Round& round) { return round.name().empty() ? round.id() : round.name(); }
inline std::string round_title(const Result& result) { return round_title(result.round()); }

/// A share as a percentage with two decimals and no trailing zeros: 0.9 → "90%", 0.925 → "92.5%".
inline std::string percent_label(double share) { return format_points(share * 100, 2) + "%"; }

} // namespace shifan::detail

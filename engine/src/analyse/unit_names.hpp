// Units as people name them on the command line: by id (LS01) or by name (青溪区). An id wins over a
// name; a name two units share names neither; anything else is answered with the nearest units.
#pragma once

#include "shifan/infra/language.hpp"
#include "shifan/load/round.hpp"

#include <optional>
#include <string_view>
#include <variant>

namespace shifan::detail {

/// The unit `name` names: the unit with that id, else the one unit with that name. Otherwise the
/// problem in both languages: the name shared (with the ids of the units that share it), or no such
/// unit (with the nearest ids and names, or how to list them).
std::variant<UnitIndex, Bilingual> find_named_unit(const Round& round, std::string_view name);

/// The unit `name` names; throws InputError naming the round's file, `place` and the problem, in
/// `language` when given (the language of the assessment).
UnitIndex named_unit(const Round& round, std::string_view name, const Bilingual& place = {},
                     std::optional<Language> language = std::nullopt);

} // namespace shifan::detail

// Units by id or name (declared in unit_names.hpp).
#include "analyse/unit_names.hpp"

#include "shifan/infra/error.hpp"

#include "infra/language/say.hpp"
#include "infra/nearest_names.hpp"

#include <string>
#include <vector>

namespace shifan::detail {

std::variant<UnitIndex, Bilingual> find_named_unit(const Round& round, std::string_view name) {
    if (const auto unit = round.find_unit(name)) return *unit;
    const std::vector<Unit>& units = round.units();
    std::vector<std::string> sharing;
    std::optional<UnitIndex> named;
    for (UnitIndex u = 0; u < units.size(); ++u)
        if (!units[u].name.empty() && units[u].name == name) {
            named = u;
            sharing.push_back(units[u].id);
        }
    if (sharing.size() == 1) return *named;
    if (sharing.size() > 1)
        return both(Msg::err_name_unit_shared, arg("count", sharing.size()), arg("name", name),
                    arg("ids", joined_in_both(Msg::id_separator, sharing)));
    std::vector<NameCandidate> candidates;
    candidates.reserve(units.size());
    for (const Unit& unit : units)
        candidates.push_back(NameCandidate::with_alias(unit.id, unit.name));
    const Bilingual otherwise =
        units.empty() ? both(Msg::err_name_no_units) : both(Msg::err_name_units_many, arg("count", units.size()));
    return both(Msg::err_name_unit, arg("name", name), arg("tail", suggestion_tail(name, candidates, otherwise)));
}

UnitIndex named_unit(const Round& round, std::string_view name, const Bilingual& place,
                     std::optional<Language> language) {
    auto found = find_named_unit(round, name);
    if (const UnitIndex* unit = std::get_if<UnitIndex>(&found)) return *unit;
    InputError error(round.source(), place, std::get<Bilingual>(std::move(found)));
    if (language) error.set_language(*language);
    throw error;
}

} // namespace shifan::detail

// Places kept as text, read back in both languages (places.hpp).
#include "infra/language/places.hpp"

#include <charconv>

namespace shifan {

Bilingual stored_place(std::string_view location) {
    // `unit U1 evidence/A2/fields/rate`: where a CSV unit's entries are (load_round_csv).
    static constexpr std::string_view unit = "unit ", evidence = " evidence";
    if (location.starts_with(unit)) {
        const std::size_t end = location.find(evidence);
        const std::size_t rest = end == std::string_view::npos ? end : end + evidence.size();
        if (end != std::string_view::npos && end > unit.size() && (rest == location.size() || location[rest] == '/'))
            return both(Msg::place_unit_evidence, arg("unit", location.substr(unit.size(), end - unit.size())),
                        arg("rest", location.substr(rest)));
    }
    // `row N`, alone or after the name of a CSV file (a JSON pointer never ends so).
    static constexpr std::string_view row = "row ";
    const std::size_t at = location.rfind(row);
    if (at == std::string_view::npos) return Bilingual::same(std::string(location));
    const std::string_view digits = location.substr(at + row.size());
    std::size_t number = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        return Bilingual::same(std::string(location));
    if (at == 0) return at_row(number);
    const std::string_view file = location.substr(0, at - 1);
    if (location[at - 1] == ' ' && (file.ends_with(".csv") || file.ends_with(".CSV")))
        return both(Msg::place_file_row, arg("file", file), arg("row", number));
    return Bilingual::same(std::string(location));
}

} // namespace shifan

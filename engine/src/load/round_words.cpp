#include "load/round_words.hpp"

#include "infra/language/say.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/rubric.hpp"

#include <algorithm>

namespace shifan::detail {

RoundWords::RoundWords(const Framework& framework, const Rubric& rubric) {
    for (const BonusItem& item : rubric.bonus().items)
        bonus_.push_back({item.id, item.name});
    for (const VetoKind& veto : rubric.vetoes())
        veto_.push_back({veto.kind, veto.name});
    for (const UnitDeductionKind& deduction : rubric.unit_deductions())
        deduction_.push_back({deduction.kind, deduction.name});
    for (NodeIndex node = 0; node < framework.size() && node < rubric.node_count(); ++node)
        for (const Rule& rule : rubric.rules(node))
            if (const auto* deduction = std::get_if<DeductionRule>(&rule.spec))
                for (const auto& [key, amount] : deduction->severity)
                    severities_.push_back(key);
}

std::optional<EventType> RoundWords::event_type(std::string_view word) {
    if (word == "加分") return EventType::bonus;
    if (word == "否决" || word == "一票否决") return EventType::veto;
    if (word == "扣分") return EventType::deduction;
    return std::nullopt;
}

std::optional<std::string> RoundWords::event_key(EventType type, std::string_view word) const {
    const std::vector<Named>& list = type == EventType::bonus ? bonus_ : type == EventType::veto ? veto_ : deduction_;
    const Named* found = nullptr;
    for (const Named& named : list) {
        if (named.key == word) return std::nullopt;
        if (named.name == word) {
            if (found) return std::nullopt; // two of one name: the key must be written
            found = &named;
        }
    }
    if (!found) return std::nullopt;
    return found->key;
}

std::optional<std::string_view> RoundWords::severity(std::string_view word) const {
    if (std::find(severities_.begin(), severities_.end(), word) != severities_.end()) return std::nullopt;
    static constexpr std::pair<std::string_view, Msg> known[] = {{"minor", Msg::severity_minor},
                                                                 {"major", Msg::severity_major},
                                                                 {"serious", Msg::severity_serious},
                                                                 {"critical", Msg::severity_critical}};
    for (const auto& [key, id] : known)
        if (word == message(id).zh) return key;
    return std::nullopt;
}

} // namespace shifan::detail

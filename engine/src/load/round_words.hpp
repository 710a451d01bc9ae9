// The words a person writes in a round's tables for what evidence files write as keys: an event's
// type (加分, 否决, 扣分), a bonus item, veto kind or deduction kind by its name in the rubric
// (国家级表彰 for national_award), a finding's severity by the usual Chinese word (一般 for minor).
// The collection template offers these words in its drop-down lists (report/collection_template.hpp);
// the round reader reads them back as keys and counts each as a conversion (Conversion::value_name).
#pragma once

#include "shifan/load/round.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shifan {

class Framework;
class Rubric;

namespace detail {

class RoundWords {
public:
    /// Without a rubric, only the fixed words are known: event types and the common severities.
    RoundWords() = default;
    RoundWords(const Framework& framework, const Rubric& rubric);

    /// 加分 → bonus, 否决 and 一票否决 → veto, 扣分 → deduction.
    static std::optional<EventType> event_type(std::string_view word);
    /// The key a bonus item, veto kind or deduction kind (as `type` says) is named by `word`, when
    /// `word` is no key of the rubric and exactly one entry has it as its name.
    std::optional<std::string> event_key(EventType type, std::string_view word) const;
    /// The severity key (minor, major, serious, critical) a Chinese word (一般, 较大, 严重, 重大)
    /// names, when `word` is no severity the rubric's deduction rules list.
    std::optional<std::string_view> severity(std::string_view word) const;

private:
    struct Named {
        std::string key, name;
    };
    std::vector<Named> bonus_, veto_, deduction_;
    std::vector<std::string> severities_; ///< the rubric's deduction rules' severity keys
};

} // namespace detail
} // namespace shifan

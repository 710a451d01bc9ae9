// An error that is only a reason, in both languages: whoever catches it says what could not be done
// and where ("{target}: cannot write: {reason}" for a workbook, the rule's place for a formula).
#pragma once

#include "shifan/infra/language.hpp"

#include <stdexcept>
#include <utility>

namespace shifan::detail {

struct ReasonError : std::runtime_error {
    explicit ReasonError(Bilingual why) : std::runtime_error(why.en), reason(std::move(why)) {}
    Bilingual reason;
};

} // namespace shifan::detail

// The roles an audit gives its inputs ("indicators", "evidence" …) and the catalogue's words for
// them, for the audit sheet and for verify's messages alike.
#pragma once

#include "infra/language/say.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace shifan {

/// The message naming an input's role (指标体系, 佐证材料 …), or nothing for a role shifan does not write.
inline std::optional<Msg> audit_role_message(std::string_view role) {
    static constexpr std::array<std::pair<std::string_view, Msg>, 5> roles{{{"indicators", Msg::audit_role_indicators},
                                                                            {"rubric", Msg::audit_role_rubric},
                                                                            {"evidence", Msg::audit_role_evidence},
                                                                            {"grades", Msg::audit_role_grades},
                                                                            {"ahp", Msg::audit_role_ahp}}};
    for (const auto& [name, id] : roles)
        if (role == name) return id;
    return std::nullopt;
}

} // namespace shifan

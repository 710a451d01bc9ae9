// How well a round's evidence covers what the rubric reads: leaf cells without an entry, and fields
// that no rule of their indicator reads (usually a misspelt field name, which would otherwise show
// up only as a "field is absent" loss on the correctly spelt one).
#pragma once

#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

struct Coverage {
    std::size_t cells = 0;                                ///< units × leaves
    std::vector<std::pair<UnitIndex, NodeIndex>> missing; ///< cells without an entry, by unit then leaf
    /// (indicator code, field name) → how many units give that field although no rule reads it.
    std::map<std::pair<std::string, std::string>, std::size_t> unread_fields;

    std::size_t covered() const { return cells - missing.size(); }
};

inline Coverage coverage(const Framework& framework, const Rubric& rubric, const Round& round) {
    Coverage out;
    out.cells = round.unit_count() * framework.leaves().size();
    for (UnitIndex u = 0; u < round.unit_count(); ++u)
        for (NodeIndex leaf : framework.leaves())
            if (!round.entry(leaf, u)) out.missing.emplace_back(u, leaf);
    for (const EvidenceEntry& entry : round.entries()) {
        const std::vector<Rule>& rules = rubric.rules(entry.node);
        for (const FieldValue& field : round.fields(entry)) {
            const std::string_view name = round.text(field.name);
            bool read = false;
            for (const Rule& rule : rules)
                for (std::string_view read_name : rule.fields())
                    read = read || read_name == name;
            if (!read) ++out.unread_fields[{framework[entry.node].code, std::string(name)}];
        }
    }
    return out;
}

} // namespace shifan

// Field domains (字段取值范围): the type and range of every evidence field a rubric's rules read — a
// share in [0, 1], a non-negative count, a number with bounds, a boolean, a grade from a rule's
// list, a date. Inferred from the rules where that is safe, declared by the rubric's `fields`
// member where it is not, so that a value outside its domain (96 for 0.96, −0.5, 1e308) is an error
// instead of a silent misscore. The inference, rule type by rule type, is documented in
// rubrics/README.md ("Field domains") and at infer() in field_domains.cpp.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/language.hpp"
#include "shifan/load/framework.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

enum class FieldDomainType : std::uint8_t { share, count, number, boolean, grade, date, text };

/// "share", "count", "number", "boolean", "grade", "date" or "text", as rubrics write it.
SHIFAN_API std::string_view field_domain_type_name(FieldDomainType type) noexcept;
SHIFAN_API std::optional<FieldDomainType> parse_field_domain_type(std::string_view text) noexcept;

/// A field as the rubric's `fields` member declares it.
struct FieldDeclaration {
    std::string name;
    FieldDomainType type = FieldDomainType::number;
    std::optional<double> min, max;
    std::string unit, description;
    std::string location; ///< JSON pointer of the declaration in the rubric (`/fields/T7/satisfaction`)
};

/// What a field may hold.
struct FieldDomain {
    FieldDomainType type = FieldDomainType::number;
    /// Bounds of share, count and number fields (a share's lie within [0, 1], a count's min is ≥ 0).
    std::optional<double> min, max;
    /// An inferred ceiling above which a value is refused as absurd rather than out of range: 100 ×
    /// the target of a proportional rule (higher is better) whose target is above 1. A declared
    /// `max` replaces it.
    std::optional<double> absurd_above;
    /// A number field read only by formulas or a composite index, where true and false count as 1
    /// and 0: booleans are accepted as they are.
    bool boolean_allowed = false;
    std::vector<std::string> grades; ///< grade fields: the names the rule lists, best first
    bool false_allowed = false;      ///< date fields of deadline rules: false means not done
    std::string unit, description;   ///< as declared
    bool declared = false;
    /// Where the domain comes from: the declaration's JSON pointer, or the rule's that implied it
    /// (of several rules reading the field, the one whose domain is the stricter).
    std::string basis;
    /// The type of the rule at `basis` ("proportional"); "composite" for the composite index's
    /// field; empty when declared.
    std::string basis_rule;
};

/// What the domain allows, as messages say it: "a share between 0 and 1 (such as 0.96 or 96%)".
SHIFAN_API Bilingual describe_domain(const FieldDomain& domain);
/// Where the domain comes from: "declared at /fields/T7/satisfaction", "the proportional rule at
/// /rules/T69/0".
SHIFAN_API Bilingual domain_basis(const FieldDomain& domain);

class Rubric;

/// The domains of every field the rules of a rubric read, by leaf.
class SHIFAN_API FieldDomains {
public:
    /// The domain of `field` in the evidence of `leaf`, or nullptr when no rule of the leaf reads it.
    const FieldDomain* find(NodeIndex leaf, std::string_view field) const;
    /// The fields a leaf's rules read, with their domains, in the order the rules first name them.
    const std::vector<std::pair<std::string, FieldDomain>>& of(NodeIndex leaf) const;

    /// Builds the domains (field_domains() does; the inputs are not kept).
    FieldDomains(const Framework& framework, const Rubric& rubric);

private:
    std::vector<std::vector<std::pair<std::string, FieldDomain>>> by_leaf_;
};

/// The domains of a rubric's fields: inferred from its rules, replaced by its declarations. Throws
/// InputError naming the rubric and the JSON pointer when two rules of a leaf need incompatible
/// domains for one field (a boolean and a number), when a declaration does not fit a rule reading
/// the field (a met rule on a declared number), or when a leaf's declaration names a field none of
/// its rules reads (with the nearest name). Rubric::parse_json calls it, so a loaded rubric has
/// consistent domains.
SHIFAN_API FieldDomains field_domains(const Framework& framework, const Rubric& rubric);

} // namespace shifan

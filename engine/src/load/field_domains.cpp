// Field domains: inferred from the rules that read each field, replaced by the rubric's
// declarations (field_domains.hpp; the inference table is in rubrics/README.md).
#include "shifan/load/field_domains.hpp"
#include "infra/nearest_names.hpp"

#include "shifan/analyse/composite_policy.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/load/rubric.hpp"

#include "infra/language/say.hpp"
#include "load/spreadsheet_values.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <type_traits>

namespace shifan {
namespace {

constexpr std::string_view type_names[] = {"share", "count", "number", "boolean", "grade", "date", "text"};

bool numeric(FieldDomainType type) {
    return type == FieldDomainType::share || type == FieldDomainType::count || type == FieldDomainType::number;
}

/// What a rule needs a field to be whatever is declared: the kind of value its arithmetic reads.
enum class Need : std::uint8_t { boolean, number, number_or_boolean, grade, date };

/// One rule's reading of one field: what it needs, and the domain it implies.
struct FieldRead {
    std::string_view field;
    Need need = Need::number;
    FieldDomain domain;
};

FieldDomain implied(FieldDomainType type, std::string_view basis, std::string_view rule) {
    FieldDomain domain;
    domain.type = type;
    domain.basis = basis;
    domain.basis_rule = rule;
    if (type == FieldDomainType::share) {
        domain.min = 0;
        domain.max = 1;
    }
    if (type == FieldDomainType::count) domain.min = 0;
    return domain;
}

/// Tiers on a rate: every threshold within [0, 1] and at least one fractional (0.95). Tiers at 0
/// and 1 only may count findings or meetings (`at least 1 meeting`), so they stay numbers.
bool tiers_on_a_share(const std::vector<Tier>& tiers) {
    bool fractional = false;
    for (const Tier& tier : tiers) {
        if (tier.at < 0 || tier.at > 1) return false;
        fractional = fractional || tier.at != std::floor(tier.at);
    }
    return fractional;
}

/// The fields a rule reads and the domains it implies: the inference table of rubrics/README.md.
std::vector<FieldRead> readings_of(const Rule& rule) {
    std::vector<FieldRead> out;
    const auto read = [&](std::string_view field, Need need, FieldDomainType type) -> FieldDomain& {
        out.push_back({field, need, implied(type, rule.location, rule.type_name())});
        return out.back().domain;
    };
    std::visit(
        [&](const auto& spec) {
            using Spec = std::decay_t<decltype(spec)>;
            if constexpr (std::is_same_v<Spec, MetRule>) {
                read(spec.field, Need::boolean, FieldDomainType::boolean);
            } else if constexpr (std::is_same_v<Spec, ChecklistRule>) {
                for (const ChecklistItem& item : spec.items)
                    read(item.field, Need::boolean, FieldDomainType::boolean);
            } else if constexpr (std::is_same_v<Spec, GradeRule>) {
                FieldDomain& domain = read(spec.field, Need::grade, FieldDomainType::grade);
                for (const auto& grade : spec.grades)
                    domain.grades.push_back(grade.first);
            } else if constexpr (std::is_same_v<Spec, DeadlineRule>) {
                read(spec.field, Need::date, FieldDomainType::date).false_allowed = true;
            } else if constexpr (std::is_same_v<Spec, TiersRule>) {
                read(spec.field, Need::number,
                     tiers_on_a_share(spec.tiers) ? FieldDomainType::share : FieldDomainType::number);
            } else if constexpr (std::is_same_v<Spec, ProportionalRule>) {
                // A target of at most 1 is a rate's (100%, 95%, under 5%). Above 1 it is a count's
                // or an amount's: exceeding it earns everything, but (higher is better) a value
                // a hundred times the target is a slip, not an achievement.
                if (spec.target <= 1) {
                    read(spec.field, Need::number, FieldDomainType::share);
                } else {
                    FieldDomain& domain = read(spec.field, Need::number, FieldDomainType::number);
                    domain.min = 0;
                    if (spec.direction == Direction::higher) domain.absurd_above = 100 * spec.target;
                }
            } else if constexpr (std::is_same_v<Spec, SurveyRule>) {
                if (spec.measure == SurveyMeasure::share) {
                    read(spec.field, Need::number, FieldDomainType::share);
                } else {
                    FieldDomain& domain = read(spec.field, Need::number, FieldDomainType::number);
                    domain.min = spec.scale_min;
                    domain.max = spec.scale_max;
                }
                if (!spec.sample_field.empty()) read(spec.sample_field, Need::number, FieldDomainType::count);
            } else if constexpr (std::is_same_v<Spec, FormulaRule>) {
                for (const std::string& field : spec.fields)
                    read(field, Need::number_or_boolean, FieldDomainType::number).boolean_allowed = true;
            } else if constexpr (std::is_same_v<Spec, BestRatioRule>) {
                read(spec.cohort.field, Need::number, FieldDomainType::number).min = 0;
            } else if constexpr (requires { spec.cohort; }) {
                read(spec.cohort.field, Need::number, FieldDomainType::number);
            }
            // Deductions and expert panels read findings and ratings, not fields.
        },
        rule.spec);
    return out;
}

std::optional<double> larger(std::optional<double> a, std::optional<double> b) {
    if (!a || !b) return a ? a : b;
    return std::max(*a, *b);
}
std::optional<double> smaller(std::optional<double> a, std::optional<double> b) {
    if (!a || !b) return a ? a : b;
    return std::min(*a, *b);
}

/// How much a domain says: its type beyond a plain number, and each bound.
int constraints(const FieldDomain& d) {
    return (d.type != FieldDomainType::number ? 1 : 0) + (d.min ? 1 : 0) + (d.max ? 1 : 0) + (d.absurd_above ? 1 : 0);
}

/// The domain of a field two rules read: the stricter of the two, or nullopt when no value could
/// satisfy both (a boolean and a number, a share and a count, bounds that do not meet, grade lists
/// with no grade in common).
std::optional<FieldDomain> narrower(const FieldDomain& a, const FieldDomain& b) {
    using enum FieldDomainType;
    // A formula reads true and false as 1 and 0, so a boolean field can also feed a formula.
    if (a.type == boolean && (b.type == boolean || b.boolean_allowed)) return a;
    if (b.type == boolean && a.boolean_allowed) return b;
    if (numeric(a.type) && numeric(b.type)) {
        if (a.type != number && b.type != number && a.type != b.type) return std::nullopt;
        FieldDomain out = a.type == number && b.type != number ? b : a;
        if (a.type == b.type && constraints(b) > constraints(a)) out = b;
        out.boolean_allowed = a.boolean_allowed && b.boolean_allowed;
        out.min = larger(a.min, b.min);
        out.max = smaller(a.max, b.max);
        out.absurd_above = smaller(a.absurd_above, b.absurd_above);
        if (out.min && out.max && *out.min > *out.max) return std::nullopt;
        return out;
    }
    if (a.type == grade && b.type == grade) {
        FieldDomain out = a;
        std::erase_if(out.grades, [&](const std::string& g) {
            return std::find(b.grades.begin(), b.grades.end(), g) == b.grades.end();
        });
        if (out.grades.empty()) return std::nullopt;
        return out;
    }
    if (a.type == date && b.type == date) return a;
    return std::nullopt;
}

bool fits(FieldDomainType declared, Need need) {
    switch (need) {
    case Need::boolean:
        return declared == FieldDomainType::boolean;
    case Need::number:
        return numeric(declared);
    case Need::number_or_boolean:
        return numeric(declared) || declared == FieldDomainType::boolean;
    case Need::grade:
        return declared == FieldDomainType::grade || declared == FieldDomainType::text;
    case Need::date:
        return declared == FieldDomainType::date;
    }
    return false;
}

Bilingual describe_need(const FieldRead& reading) {
    switch (reading.need) {
    case Need::boolean:
    case Need::grade:
    case Need::date:
        return describe_domain(reading.domain);
    case Need::number:
        return both(Msg::err_domain_is_number);
    case Need::number_or_boolean:
        return both(Msg::err_domain_is_number_or_boolean);
    }
    return {};
}

/// The domain a declaration gives, keeping what the rules need whatever is declared: a grade
/// rule's list, a deadline's false for "not done", a formula's booleans.
FieldDomain declared_domain(const FieldDeclaration& declaration, const FieldDomain& inferred) {
    using enum FieldDomainType;
    FieldDomain out;
    // A text read by a grade rule is one of its grades: the rule checks that anyway.
    out.type = declaration.type == text ? grade : declaration.type;
    out.declared = true;
    out.basis = declaration.location;
    out.unit = declaration.unit;
    out.description = declaration.description;
    out.min = declaration.min;
    out.max = declaration.max;
    if (out.type == share) {
        out.min = declaration.min.value_or(0);
        out.max = declaration.max.value_or(1);
    }
    if (out.type == count) out.min = declaration.min.value_or(0);
    if (numeric(out.type)) {
        out.boolean_allowed = inferred.boolean_allowed;
        if (!declaration.max) out.absurd_above = inferred.absurd_above;
    }
    if (out.type == grade) out.grades = inferred.grades;
    if (out.type == date) out.false_allowed = inferred.false_allowed;
    return out;
}

} // namespace

std::string_view field_domain_type_name(FieldDomainType type) noexcept {
    return type_names[static_cast<std::size_t>(type)];
}

std::optional<FieldDomainType> parse_field_domain_type(std::string_view text) noexcept {
    for (std::size_t i = 0; i < std::size(type_names); ++i)
        if (type_names[i] == text) return static_cast<FieldDomainType>(i);
    return std::nullopt;
}

Bilingual describe_domain(const FieldDomain& domain) {
    const auto bound = [](double value) { return format_value(value); };
    switch (domain.type) {
    case FieldDomainType::share:
        if (domain.min.value_or(0) == 0 && domain.max.value_or(1) == 1) return both(Msg::err_domain_is_share);
        return both(Msg::err_domain_is_share_between, arg("min", bound(domain.min.value_or(0))),
                    arg("max", bound(domain.max.value_or(1))));
    case FieldDomainType::count:
        if (domain.max)
            return both(Msg::err_domain_is_count_between, arg("min", bound(domain.min.value_or(0))),
                        arg("max", bound(*domain.max)));
        if (domain.min.value_or(0) > 0) return both(Msg::err_domain_is_count_from, arg("min", bound(*domain.min)));
        return both(Msg::err_domain_is_count);
    case FieldDomainType::number:
        if (domain.min && domain.max)
            return both(Msg::err_domain_is_number_between, arg("min", bound(*domain.min)),
                        arg("max", bound(*domain.max)));
        if (domain.min) return both(Msg::err_domain_is_number_from, arg("min", bound(*domain.min)));
        if (domain.max) return both(Msg::err_domain_is_number_to, arg("max", bound(*domain.max)));
        return both(domain.boolean_allowed ? Msg::err_domain_is_number_or_boolean : Msg::err_domain_is_number);
    case FieldDomainType::boolean:
        return both(Msg::err_domain_is_boolean);
    case FieldDomainType::grade:
        return both(Msg::err_domain_is_grade, arg("grades", joined_in_both(Msg::id_separator, domain.grades)));
    case FieldDomainType::date:
        return both(Msg::err_domain_is_date);
    case FieldDomainType::text:
        return both(Msg::err_domain_is_text);
    }
    return {};
}

Bilingual domain_basis(const FieldDomain& domain) {
    if (domain.declared) return both(Msg::err_domain_basis_declared, arg("pointer", domain.basis));
    if (domain.basis_rule == "composite") return both(Msg::err_domain_basis_composite, arg("pointer", domain.basis));
    return both(Msg::err_domain_basis_rule, arg("pointer", domain.basis), arg("rule", domain.basis_rule));
}

FieldDomains::FieldDomains(const Framework& framework, const Rubric& rubric) : by_leaf_(framework.size()) {
    const auto fail = [&](const std::string& pointer, Bilingual problem) {
        throw InputError(rubric.source(), Bilingual::same(pointer), std::move(problem));
    };
    for (NodeIndex leaf : framework.leaves()) {
        auto& fields = by_leaf_[leaf];
        std::vector<std::vector<FieldRead>> readings; // per field, as `fields`
        const auto take = [&](FieldRead reading) {
            const auto it = std::find_if(fields.begin(), fields.end(),
                                         [&](const auto& field) { return field.first == reading.field; });
            if (it == fields.end()) {
                fields.emplace_back(std::string(reading.field), reading.domain);
                readings.push_back({std::move(reading)});
                return;
            }
            const auto combined = narrower(it->second, reading.domain);
            if (!combined)
                fail(reading.domain.basis,
                     both(Msg::err_domain_rubric_conflict, arg("field", it->first),
                          arg("first", domain_basis(it->second)), arg("first_domain", describe_domain(it->second)),
                          arg("second", domain_basis(reading.domain)),
                          arg("second_domain", describe_domain(reading.domain))));
            it->second = *combined;
            readings[static_cast<std::size_t>(it - fields.begin())].push_back(std::move(reading));
        };
        for (const Rule& rule : rubric.rules(leaf))
            for (FieldRead& reading : readings_of(rule))
                take(std::move(reading));
        if (const CompositePolicy* composite = rubric.composite()) {
            // The composite index reads every leaf's raw value as a number (true and false as 1 and 0).
            FieldRead reading{composite->field_of(leaf), Need::number_or_boolean,
                              implied(FieldDomainType::number, "/composite", "composite")};
            reading.domain.boolean_allowed = true;
            take(std::move(reading));
        }
        for (const FieldDeclaration& declaration : rubric.field_declarations(leaf)) {
            const auto it = std::find_if(fields.begin(), fields.end(),
                                         [&](const auto& field) { return field.first == declaration.name; });
            if (it == fields.end()) {
                if (fields.empty())
                    fail(declaration.location, both(Msg::err_domain_rubric_not_read_none,
                                                    arg("code", framework[leaf].code), arg("field", declaration.name)));
                const auto nearest = std::min_element(fields.begin(), fields.end(), [&](const auto& a, const auto& b) {
                    return detail::name_distance(a.first, declaration.name) <
                           detail::name_distance(b.first, declaration.name);
                });
                fail(declaration.location, both(Msg::err_domain_rubric_not_read, arg("code", framework[leaf].code),
                                                arg("field", declaration.name), arg("nearest", nearest->first)));
            }
            for (const FieldRead& reading : readings[static_cast<std::size_t>(it - fields.begin())])
                if (!fits(declaration.type, reading.need))
                    fail(declaration.location + "/type",
                         both(Msg::err_domain_rubric_declared_conflict, arg("field", declaration.name),
                              arg("type", field_domain_type_name(declaration.type)),
                              arg("rule", domain_basis(reading.domain)), arg("needed", describe_need(reading))));
            it->second = declared_domain(declaration, it->second);
        }
    }
}

const FieldDomain* FieldDomains::find(NodeIndex leaf, std::string_view field) const {
    if (leaf >= by_leaf_.size()) return nullptr;
    for (const auto& [name, domain] : by_leaf_[leaf])
        if (name == field) return &domain;
    return nullptr;
}

const std::vector<std::pair<std::string, FieldDomain>>& FieldDomains::of(NodeIndex leaf) const {
    static const std::vector<std::pair<std::string, FieldDomain>> none;
    return leaf < by_leaf_.size() ? by_leaf_[leaf] : none;
}

FieldDomains field_domains(const Framework& framework, const Rubric& rubric) { return FieldDomains(framework, rubric); }

} // namespace shifan

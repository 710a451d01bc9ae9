// The collection workbook: what it asks for (the model of collection_model.hpp), the units it is
// made for, and the files it is written to. The cells themselves are written by
// collection_workbook.cpp.
#include "shifan/report/collection_template.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/load/field_domains.hpp"
#include "shifan/load/round.hpp"

#include "infra/file_io.hpp"
#include "infra/file_names.hpp"
#include "infra/language/places.hpp"
#include "infra/language/say.hpp"
#include "load/csv_aliases.hpp"
#include "load/csv_table.hpp"
#include "report/collection_model.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <type_traits>
#include <variant>

namespace shifan {
namespace detail {
namespace {

std::string points_text(double points) { return format_points(points, 2); }

/// A value of a field as people write it: a share as a percentage, anything else as written.
std::string value_text(double value, bool share) { return share ? format_percent(value) : format_value(value); }

std::string better(Language language, Direction direction) {
    return say(language, direction == Direction::higher ? Msg::tpl_higher_better : Msg::tpl_lower_better);
}

std::string scope(Language language, const Cohort& cohort) {
    if (cohort.group.empty()) return say(language, Msg::tpl_scope_all);
    return say(language, Msg::tpl_scope_group, arg("group", cohort.group));
}

std::string tier_list(Language language, const std::vector<Tier>& tiers, Direction direction, bool share) {
    std::vector<std::string> items;
    for (const Tier& tier : tiers)
        items.push_back(
            say(language, Msg::tpl_rule_tier,
                arg("cmp", say(language, direction == Direction::higher ? Msg::tpl_at_least : Msg::tpl_at_most)),
                arg("at", value_text(tier.at, share)), arg("share", format_percent(tier.share))));
    return joined(language, Msg::reason_separator, items);
}

/// How `rule` gives points for `field`, in one sentence.
std::string scoring_sentence(Language language, const Rule& rule, std::string_view field, const FieldDomain& domain) {
    const bool share = domain.type == FieldDomainType::share;
    const std::string yes = say(language, Msg::tpl_true), no = say(language, Msg::tpl_false);
    // Named arguments refer to their values: the strings must outlive them.
    const std::string rule_points = points_text(rule.points);
    const auto points = arg("points", rule_points);
    return std::visit(
        [&](const auto& spec) -> std::string {
            using Spec = std::decay_t<decltype(spec)>;
            if constexpr (std::is_same_v<Spec, MetRule>) {
                return say(language, Msg::tpl_rule_met, arg("yes", yes), arg("no", no), points);
            } else if constexpr (std::is_same_v<Spec, TiersRule>) {
                return say(language, Msg::tpl_rule_tiers, points,
                           arg("tiers", tier_list(language, spec.tiers, spec.direction, share)),
                           arg("otherwise", format_percent(spec.otherwise)));
            } else if constexpr (std::is_same_v<Spec, ProportionalRule>) {
                return say(language,
                           spec.direction == Direction::higher ? Msg::tpl_rule_proportional_higher
                                                               : Msg::tpl_rule_proportional_lower,
                           arg("target", value_text(spec.target, share)), points);
            } else if constexpr (std::is_same_v<Spec, GradeRule>) {
                std::vector<std::string> grades;
                for (const auto& [grade, earned] : spec.grades)
                    grades.push_back(say(language, Msg::tpl_rule_grade_share, arg("grade", grade),
                                         arg("share", format_percent(earned))));
                return say(language, Msg::tpl_rule_grade, points,
                           arg("grades", joined(language, Msg::reason_separator, grades)));
            } else if constexpr (std::is_same_v<Spec, ChecklistRule>) {
                for (const ChecklistItem& item : spec.items)
                    if (item.field == field)
                        return say(language, Msg::tpl_rule_checklist, arg("item", item.name), arg("yes", yes),
                                   arg("points", points_text(item.points)));
                return {};
            } else if constexpr (std::is_same_v<Spec, SurveyRule>) {
                if (field == spec.sample_field) {
                    if (!spec.min_sample) return say(language, Msg::tpl_rule_survey_sample);
                    return say(language,
                               spec.below_min == BelowMinimum::zero ? Msg::tpl_rule_survey_sample_zero
                                                                    : Msg::tpl_rule_survey_sample_warn,
                               arg("min", format_value(*spec.min_sample)));
                }
                if (!spec.tiers.empty())
                    return say(language, Msg::tpl_rule_survey_tiers, points,
                               arg("tiers", tier_list(language, spec.tiers, Direction::higher, share)),
                               arg("otherwise", format_percent(spec.otherwise)));
                return say(language, Msg::tpl_rule_survey_linear, arg("low", value_text(spec.low, share)),
                           arg("high", value_text(spec.high, share)), points);
            } else if constexpr (std::is_same_v<Spec, DeadlineRule>) {
                if (spec.all_if_late)
                    return say(language, Msg::tpl_rule_deadline_all, points, arg("deadline", spec.deadline));
                const Msg per = spec.per == LatePeriod::day    ? Msg::tpl_rule_deadline_day
                                : spec.per == LatePeriod::week ? Msg::tpl_rule_deadline_week
                                                               : Msg::tpl_rule_deadline_month;
                return say(language, per, points, arg("deadline", spec.deadline), arg("loss", points_text(spec.loss)));
            } else if constexpr (std::is_same_v<Spec, FormulaRule>) {
                return say(language, Msg::tpl_rule_formula, points, arg("expression", spec.expression));
            } else if constexpr (std::is_same_v<Spec, BestRatioRule>) {
                return say(language, Msg::tpl_rule_best_ratio, arg("scope", scope(language, spec.cohort)),
                           arg("better", better(language, spec.cohort.direction)), points);
            } else if constexpr (std::is_same_v<Spec, RankLadderRule>) {
                const auto common = [&](Msg id, const auto&... more) {
                    return say(language, id, arg("scope", scope(language, spec.cohort)),
                               arg("better", better(language, spec.cohort.direction)), more...);
                };
                if (spec.ladder.empty())
                    return common(Msg::tpl_rule_rank_step, points, arg("step", points_text(spec.step)),
                                  arg("floor", points_text(spec.floor)));
                std::vector<std::string> ladder;
                for (double rung : spec.ladder)
                    ladder.push_back(points_text(rung));
                return common(Msg::tpl_rule_rank_ladder, arg("ladder", joined(language, Msg::id_separator, ladder)),
                              arg("otherwise", points_text(spec.otherwise)));
            } else if constexpr (std::is_same_v<Spec, GroupMeanRule>) {
                const std::string within = scope(language, spec.cohort);
                const std::string direction = better(language, spec.cohort.direction);
                const auto where = arg("scope", within);
                const auto how = arg("better", direction);
                if (spec.linear) return say(language, Msg::tpl_rule_group_mean_linear, where, how, points);
                return say(language, Msg::tpl_rule_group_mean_step, where, how, points,
                           arg("step", value_text(spec.step, share)), arg("loss", points_text(spec.loss)));
            } else if constexpr (std::is_same_v<Spec, NormalisedRule>) {
                const std::string direction = better(language, spec.cohort.direction);
                const auto how = arg("better", direction);
                if (spec.goalposts)
                    return say(language, Msg::tpl_rule_goalposts, arg("low", value_text(spec.goalposts->first, share)),
                               arg("high", value_text(spec.goalposts->second, share)), how, points);
                return say(language, Msg::tpl_rule_normalised, arg("scope", scope(language, spec.cohort)), how, points);
            } else {
                return {}; // deductions and expert panels read findings and ratings, not fields
            }
        },
        rule.spec);
}

bool reads(const Rule& rule, std::string_view field) {
    const std::vector<std::string_view> fields = rule.fields();
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

/// The values a field takes, in words.
std::string allowed_values(Language language, const FieldDomain& domain) {
    const std::string yes = say(language, Msg::tpl_true), no = say(language, Msg::tpl_false);
    switch (domain.type) {
    case FieldDomainType::boolean:
        return joined(language, Msg::id_separator, {yes, no});
    case FieldDomainType::grade:
        return joined(language, Msg::id_separator, domain.grades);
    case FieldDomainType::share:
        return say(language, Msg::tpl_allowed_share, arg("min", format_percent(domain.min.value_or(0))),
                   arg("max", format_percent(domain.max.value_or(1))));
    case FieldDomainType::count:
        if (domain.max)
            return say(language, Msg::tpl_allowed_count_between, arg("min", format_value(domain.min.value_or(0))),
                       arg("max", format_value(*domain.max)));
        return say(language, Msg::tpl_allowed_count, arg("min", format_value(domain.min.value_or(0))));
    case FieldDomainType::number:
        if (domain.boolean_allowed)
            return say(language, Msg::tpl_allowed_number_or_boolean, arg("yes", yes), arg("no", no));
        if (domain.min && domain.max)
            return say(language, Msg::tpl_allowed_number_between, arg("min", format_value(*domain.min)),
                       arg("max", format_value(*domain.max)));
        if (domain.min) return say(language, Msg::tpl_allowed_number_from, arg("min", format_value(*domain.min)));
        if (domain.max) return say(language, Msg::tpl_allowed_number_to, arg("max", format_value(*domain.max)));
        return say(language, Msg::tpl_allowed_number);
    case FieldDomainType::date:
        if (domain.false_allowed) return say(language, Msg::tpl_allowed_deadline, arg("no", no));
        return say(language, Msg::tpl_allowed_date);
    case FieldDomainType::text:
        return say(language, Msg::tpl_allowed_text);
    }
    return {};
}

Msg type_word(FieldDomainType type) {
    switch (type) {
    case FieldDomainType::boolean:
        return Msg::tpl_type_boolean;
    case FieldDomainType::share:
        return Msg::tpl_type_share;
    case FieldDomainType::count:
        return Msg::tpl_type_count;
    case FieldDomainType::number:
        return Msg::tpl_type_number;
    case FieldDomainType::grade:
        return Msg::tpl_type_grade;
    case FieldDomainType::date:
        return Msg::tpl_type_date;
    case FieldDomainType::text:
        break;
    }
    return Msg::tpl_type_text;
}

/// A value the rules mention for a numeric field (a tier, a target, a goalpost), for its example.
std::optional<double> mentioned_value(const std::vector<Rule>& rules, std::string_view field) {
    for (const Rule& rule : rules) {
        if (const auto* survey = std::get_if<SurveyRule>(&rule.spec);
            survey && survey->sample_field == field && survey->min_sample)
            return survey->min_sample; // a sample just large enough
        if (rule.field() != field) continue;
        if (const auto* tiers = std::get_if<TiersRule>(&rule.spec); tiers && !tiers->tiers.empty())
            return tiers->tiers.front().at;
        if (const auto* proportional = std::get_if<ProportionalRule>(&rule.spec)) return proportional->target;
        if (const auto* survey = std::get_if<SurveyRule>(&rule.spec))
            return survey->tiers.empty() ? survey->high : survey->tiers.front().at;
        if (const auto* normalised = std::get_if<NormalisedRule>(&rule.spec); normalised && normalised->goalposts)
            return normalised->goalposts->second;
    }
    return std::nullopt;
}

std::string example_value(Language language, const FieldDomain& domain, const std::vector<Rule>& rules,
                          std::string_view field, const Indicator& leaf) {
    switch (domain.type) {
    case FieldDomainType::boolean:
        return say(language, Msg::tpl_true);
    case FieldDomainType::grade:
        return domain.grades.empty() ? std::string() : domain.grades.front();
    case FieldDomainType::share: {
        const double low = domain.min.value_or(0), high = domain.max.value_or(1);
        return format_percent(std::clamp(mentioned_value(rules, field).value_or(low + 0.95 * (high - low)), low, high));
    }
    case FieldDomainType::count:
    case FieldDomainType::number: {
        double value = mentioned_value(rules, field).value_or(10);
        if (domain.type == FieldDomainType::count) value = std::ceil(value);
        if (domain.min) value = std::max(value, *domain.min);
        if (domain.max) value = std::min(value, *domain.max);
        return format_value(value);
    }
    case FieldDomainType::date:
        for (const Rule& rule : rules)
            if (const auto* deadline = std::get_if<DeadlineRule>(&rule.spec); deadline && deadline->field == field)
                return deadline->deadline;
        return leaf.deadline;
    case FieldDomainType::text:
        break;
    }
    return say(language, Msg::tpl_example_text);
}

/// The alert on a refused value: what the cell takes, or "choose from the list" when that is too long.
std::string error_text(Language language, const std::string& allowed) {
    constexpr std::size_t longest = 200; // Excel shows at most 255 characters
    if (allowed.size() > longest) return say(language, Msg::tpl_error_choose);
    return say(language, Msg::tpl_error_allowed, arg("allowed", allowed));
}

CellCheck field_check(Language language, const FieldDomain& domain, const std::string& allowed) {
    CellCheck check;
    check.error = error_text(language, allowed);
    check.input = say(language, Msg::tpl_input_allowed, arg("allowed", allowed));
    switch (domain.type) {
    case FieldDomainType::boolean:
        check = list_check({say(language, Msg::tpl_true), say(language, Msg::tpl_false)}, language);
        check.error = error_text(language, allowed);
        break;
    case FieldDomainType::grade:
        check = list_check(domain.grades, language);
        check.error = error_text(language, allowed);
        break;
    case FieldDomainType::share:
        check.kind = CellCheck::Kind::decimal;
        check.min = domain.min.value_or(0);
        check.max = domain.max.value_or(1);
        check.percent = true;
        check.input = say(language, Msg::tpl_input_share, arg("allowed", allowed));
        break;
    case FieldDomainType::count:
        check.kind = CellCheck::Kind::whole;
        check.min = domain.min.value_or(0);
        check.max = domain.max;
        break;
    case FieldDomainType::number:
        if (domain.boolean_allowed) break; // a formula reads true and false too: nothing to check
        check.kind = CellCheck::Kind::decimal;
        check.min = domain.min;
        check.max = domain.max;
        break;
    case FieldDomainType::date:
        check.date_format = true;
        if (domain.false_allowed) { // a deadline's field: false (not done) is no date
            check.input = say(language, Msg::tpl_input_deadline, arg("no", say(language, Msg::tpl_false)));
            break;
        }
        check.kind = CellCheck::Kind::date;
        check.input = say(language, Msg::tpl_input_date);
        break;
    case FieldDomainType::text:
        check.input.clear();
        check.error.clear();
        break;
    }
    return check;
}

std::string severity_shown(Language language, const std::string& key) {
    if (language == Language::en) return key;
    if (key == "minor") return say(language, Msg::severity_minor);
    if (key == "major") return say(language, Msg::severity_major);
    if (key == "serious") return say(language, Msg::severity_serious);
    if (key == "critical") return say(language, Msg::severity_critical);
    return key;
}

int severity_rank(const std::string& key) {
    static constexpr std::string_view ranked[] = {"minor", "major", "serious", "critical"};
    return static_cast<int>(std::find(std::begin(ranked), std::end(ranked), key) - std::begin(ranked));
}

void add_once(std::vector<std::string>& list, std::string item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

} // namespace

CellCheck list_check(std::vector<std::string> choices, Language language) {
    CellCheck check;
    if (choices.empty()) return check;
    check.kind = CellCheck::Kind::list;
    check.choices = std::move(choices);
    check.input = say(language, Msg::tpl_input_choose);
    check.error = error_text(language, joined(language, Msg::id_separator, check.choices));
    return check;
}

CellCheck method_check(const Indicator& indicator, Language language) {
    return list_check(indicator.methods, language);
}

TemplateModel template_model(const Framework& framework, const Rubric& rubric, Language language) {
    TemplateModel model;
    model.language = language;
    const FieldDomains domains = field_domains(framework, rubric);
    std::vector<std::string> severities; // keys, as the deduction rules name them
    for (const NodeIndex leaf : framework.leaves()) {
        const Indicator& indicator = framework[leaf];
        const std::vector<Rule>& rules = rubric.rules(leaf);
        for (const auto& [field, domain] : domains.of(leaf)) {
            TemplateField out;
            out.leaf = leaf;
            out.field = field;
            out.type = say(language, type_word(domain.type));
            out.allowed = allowed_values(language, domain);
            out.unit = domain.unit;
            std::vector<std::string> sentences;
            std::string what = domain.description;
            for (const Rule& rule : rules) {
                if (!reads(rule, field)) continue;
                if (std::string sentence = scoring_sentence(language, rule, field, domain); !sentence.empty())
                    sentences.push_back(std::move(sentence));
                if (const auto* checklist = std::get_if<ChecklistRule>(&rule.spec); checklist && what.empty())
                    for (const ChecklistItem& item : checklist->items)
                        if (item.field == field) what = item.name;
                if (what.empty()) what = rule.label;
            }
            if (sentences.empty() && domain.basis_rule == "composite")
                sentences.push_back(say(language, Msg::tpl_rule_composite));
            if (what.empty()) what = indicator.name;
            out.scoring = joined(language, Msg::reason_separator, sentences);
            out.guide = domain.unit.empty()
                            ? say(language, Msg::tpl_guide, arg("what", what), arg("allowed", out.allowed))
                            : say(language, Msg::tpl_guide_unit, arg("what", what), arg("allowed", out.allowed),
                                  arg("unit", domain.unit));
            out.example = example_value(language, domain, rules, field, indicator);
            out.check = field_check(language, domain, out.allowed);
            model.fields.push_back(std::move(out));
        }
        if (!domains.of(leaf).empty())
            model.field_leaves.push_back(leaf);
        else if (!rules.empty())
            model.entry_leaves.push_back(leaf);
        bool deducts = false, rated = false;
        for (const Rule& rule : rules) {
            if (const auto* deduction = std::get_if<DeductionRule>(&rule.spec)) {
                deducts = true;
                for (const auto& [severity, amount] : deduction->severity)
                    add_once(severities, severity);
            }
            if (const auto* panel = std::get_if<ExpertPanelRule>(&rule.spec)) {
                rated = true;
                model.rating_min = std::min(model.rating_min.value_or(panel->scale_min), panel->scale_min);
                model.rating_max = std::max(model.rating_max.value_or(panel->scale_max), panel->scale_max);
            }
        }
        if (deducts) model.finding_leaves.push_back(leaf);
        if (rated) model.rating_leaves.push_back(leaf);
    }
    // The four severities of the catalogue from the least, then any other in the rubric's order.
    std::stable_sort(severities.begin(), severities.end(),
                     [](const std::string& a, const std::string& b) { return severity_rank(a) < severity_rank(b); });
    for (const std::string& severity : severities)
        model.severities.push_back(severity_shown(language, severity));
    const bool zh = language == Language::zh;
    for (const BonusItem& item : rubric.bonus().items)
        add_once(model.bonus_items, zh && !item.name.empty() ? item.name : item.id);
    for (const VetoKind& veto : rubric.vetoes())
        add_once(model.event_kinds, zh && !veto.name.empty() ? veto.name : veto.kind);
    for (const UnitDeductionKind& deduction : rubric.unit_deductions())
        add_once(model.event_kinds, zh && !deduction.name.empty() ? deduction.name : deduction.kind);

    const std::string at_least_one = say(language, Msg::tpl_allowed_count, arg("min", 1));
    model.count_check.kind = CellCheck::Kind::whole;
    model.count_check.min = 1;
    model.count_check.input = say(language, Msg::tpl_input_allowed, arg("allowed", at_least_one));
    model.count_check.error = error_text(language, at_least_one);
    model.date_check.kind = CellCheck::Kind::date;
    model.date_check.date_format = true;
    model.date_check.input = say(language, Msg::tpl_input_date);
    model.date_check.error = error_text(language, say(language, Msg::tpl_allowed_date));
    return model;
}

} // namespace detail

std::optional<CollectionLayout> parse_collection_layout(std::string_view text) {
    if (text == "long") return CollectionLayout::long_rows;
    if (text == "wide") return CollectionLayout::wide;
    return std::nullopt;
}

namespace {

bool has_extension(const std::filesystem::path& path, std::string_view wanted) {
    std::string extension = path.extension().string();
    for (char& c : extension)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return extension == wanted;
}

/// A units CSV as the round reader reads units.csv: the id and name columns (or their Chinese
/// names), the round's id and name from its metadata rows.
CollectionUnits read_units_table(const std::filesystem::path& path, const Framework& framework) {
    const std::string source = path.string();
    detail::CsvTable table = detail::read_csv(detail::read_file(path), source);
    table.apply_aliases(detail::csv_aliases::units);
    table.require_columns({"id"});
    CollectionUnits out;
    for (const auto& [key, meta] : table.metadata) {
        if (key == "id") {
            out.round_id = meta.value;
        } else if (key == "name") {
            out.round_name = meta.value;
        } else if (key == "indicators") {
            if (meta.value != framework.id())
                throw InputError(source, at_row(meta.row),
                                 both(Msg::err_round_wrong_system, arg("wanted", meta.value),
                                      arg("loaded", framework.id()), arg("source", framework.source())));
        } else if (key.starts_with("attribute ")) {
            out.attribute_names.emplace_back(key.substr(key.find_first_not_of(' ', 10)), meta.value);
        } else {
            throw InputError(source, at_row(meta.row), both(Msg::err_round_csv_unknown_metadata, arg("key", key)));
        }
    }
    std::map<std::string, std::size_t> row_of_id;
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        CollectionUnit unit{table.cell(row, "id"), table.cell(row, "name"), {}};
        for (std::size_t c = 0; c < table.header.size(); ++c)
            if (table.header[c] != "id" && table.header[c] != "name" && !table.rows[row][c].empty())
                unit.attributes.emplace_back(table.header[c], table.rows[row][c]);
        if (unit.id.empty()) throw InputError(source, table.cell_place(row, "id"), both(Msg::err_round_unit_id_empty));
        const auto [first, added] = row_of_id.try_emplace(unit.id, row);
        if (!added)
            throw InputError(
                source, table.row_place(row),
                both(Msg::err_round_unit_duplicate, arg("id", unit.id), arg("first", table.row_place(first->second))));
        out.units.push_back(std::move(unit));
    }
    if (out.units.empty()) throw InputError(source, Bilingual{}, both(Msg::err_tpl_no_units));
    return out;
}

} // namespace

CollectionUnits load_collection_units(const std::filesystem::path& path, const Framework& framework) {
    std::error_code ignored;
    if (has_extension(path, ".csv") && !std::filesystem::is_directory(path, ignored))
        return read_units_table(path, framework);
    if (!std::filesystem::is_directory(path, ignored) && !has_extension(path, ".json") && !has_extension(path, ".xlsx"))
        throw InputError(path.string(), Bilingual{}, both(Msg::err_tpl_units_kind));
    const Round round = load_round(path, framework);
    CollectionUnits out{round.id(), round.name(), {}, round.attribute_names()};
    for (const Unit& unit : round.units())
        out.units.push_back({unit.id, unit.name, unit.attributes});
    if (out.units.empty()) throw InputError(path.string(), Bilingual{}, both(Msg::err_tpl_no_units));
    return out;
}

std::string collection_round_id(const Framework& framework, const CollectionTemplateOptions& options) {
    return options.round_id.empty() ? framework.id() + "-collection" : options.round_id;
}

namespace {

/// The most rows of the long layout in one workbook: two validations a row stay within Excel's
/// limit of 65,534 a sheet.
constexpr std::size_t max_long_rows = 30'000;

void check_deadline(const CollectionTemplateOptions& options) {
    if (!options.deadline.empty() && !parse_date(options.deadline))
        throw ArgumentError(both(Msg::err_tpl_deadline, arg("value", options.deadline)));
}

void write_one(OutputBatch& batch, const std::filesystem::path& file, const detail::TemplateWorkbook& workbook) {
    const std::filesystem::path temporary = batch.path_for(file);
    try {
        detail::write_template_workbook(temporary, workbook);
    } catch (const detail::TemplateFailure& failure) {
        throw OutputError(both(Msg::err_out_cannot_write, arg("target", file.string()), arg("reason", failure.reason)));
    }
}

} // namespace

void write_collection_template(const Framework& framework, const Rubric& rubric,
                               const CollectionTemplateOptions& options, const std::filesystem::path& file) {
    OutputBatch batch;
    write_collection_template(batch, framework, rubric, options, file);
    batch.commit();
}

void write_collection_template(OutputBatch& batch, const Framework& framework, const Rubric& rubric,
                               const CollectionTemplateOptions& options, const std::filesystem::path& file) {
    check_deadline(options);
    const detail::TemplateModel model = detail::template_model(framework, rubric, options.language);
    // Excel keeps at most about 64,000 validated ranges in a sheet and drops them all beyond; the
    // long layout checks each row's value and method apart.
    const std::size_t rows = options.units.size() * model.fields.size();
    if (options.layout == CollectionLayout::long_rows && rows > max_long_rows)
        throw ArgumentError(both(Msg::err_tpl_long_too_many, arg("units", options.units.size()),
                                 arg("fields", model.fields.size()), arg("rows", rows), arg("limit", max_long_rows)));
    write_one(batch, file,
              {framework, rubric, model, options, collection_round_id(framework, options), options.units, false});
}

std::string unit_template_file_name(const CollectionUnit& unit) {
    const std::string id = detail::safe_file_stem(unit.id);
    if (id.empty()) return {};
    return unit.name.empty() ? id + ".xlsx" : id + "-" + detail::safe_file_stem(unit.name) + ".xlsx";
}

std::vector<std::filesystem::path> write_unit_collection_templates(const Framework& framework, const Rubric& rubric,
                                                                   const CollectionTemplateOptions& options,
                                                                   const std::filesystem::path& dir) {
    check_deadline(options);
    if (options.units.empty()) throw ArgumentError(both(Msg::err_tpl_per_unit_needs_units));
    if (options.layout != CollectionLayout::long_rows) throw ArgumentError(both(Msg::err_tpl_per_unit_wide));
    const auto cannot_write = [&](Bilingual reason) {
        return OutputError(both(Msg::err_out_cannot_write, arg("target", dir.string()), arg("reason", reason)));
    };
    // Every name is checked before anything is written: a clash is never an overwrite.
    std::vector<std::string> names;
    for (const CollectionUnit& unit : options.units) {
        names.push_back(unit_template_file_name(unit));
        if (names.back().empty()) throw cannot_write(both(Msg::err_tpl_unit_no_file_name, arg("id", unit.id)));
    }
    if (const auto clash = detail::same_file_names(names))
        throw cannot_write(both(Msg::err_tpl_same_file_name, arg("first", options.units[clash->first].id),
                                arg("second", options.units[clash->second].id), arg("file", names[clash->second])));
    OutputBatch batch;
    batch.make_directory(dir);
    const detail::TemplateModel model = detail::template_model(framework, rubric, options.language);
    const std::string round_id = collection_round_id(framework, options);
    std::vector<std::filesystem::path> written;
    for (std::size_t i = 0; i < names.size(); ++i) {
        written.push_back(dir / names[i]);
        write_one(batch, written.back(), {framework, rubric, model, options, round_id, {options.units[i]}, true});
    }
    batch.commit();
    return written;
}

} // namespace shifan

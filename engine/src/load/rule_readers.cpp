// The rule readers (declared in rule_readers.hpp): one function per rule type, each checking the
// members its type allows and what they must hold, registered in one table by type name.
#include "load/rule_readers.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/score/formula.hpp"

#include "infra/language/say.hpp"
#include "score/muparser_library.hpp"

#include <array>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace shifan::detail {

Bilingual expected_two(const char* first, const char* second, const std::string& found) {
    return both(Msg::err_rubric_expected_two, arg("first", first), arg("second", second), arg("found", found));
}

namespace {

/// The same naming the member: "measure must be \"share\" or \"mean\", found \"x\"".
Bilingual member_two(const char* member, const char* first, const char* second, const std::string& found) {
    return both(Msg::err_rubric_member_two, arg("member", member), arg("first", first), arg("second", second),
                arg("found", found));
}

Direction read_direction(const JsonReader& reader, const json& rule, const std::string& pointer) {
    const json* v = reader.find(rule, "direction");
    if (!v) return Direction::higher;
    const std::string text = reader.string(*v, JsonReader::child(pointer, "direction"));
    if (text == "higher") return Direction::higher;
    if (text == "lower") return Direction::lower;
    reader.fail(JsonReader::child(pointer, "direction"), member_two("direction", "higher", "lower", text));
}

std::string read_field(const JsonReader& reader, const json& rule, const std::string& pointer) {
    return reader.non_empty_string(reader.require(rule, pointer, "field"), JsonReader::child(pointer, "field"));
}

void read_tiers(const JsonReader& reader, const json& list, const std::string& pointer, Direction direction,
                std::vector<TierAsWritten>& out) {
    reader.expect_array(list, pointer);
    if (list.empty()) reader.fail(pointer, both(Msg::err_rubric_no_tier));
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string tp = JsonReader::child(pointer, i);
        const json& tier = list[i];
        reader.expect_object(tier, tp);
        reader.allow_only(tier, tp, {"at", "share", "points"});
        TierAsWritten written;
        written.pointer = tp;
        written.at = reader.number(reader.require(tier, tp, "at"), JsonReader::child(tp, "at"));
        const json* share = reader.find(tier, "share");
        const json* points = reader.find(tier, "points");
        if ((share != nullptr) == (points != nullptr)) reader.fail(tp, both(Msg::err_rubric_tier_share_or_points));
        if (share) {
            written.size = reader.share(*share, JsonReader::child(tp, "share"));
        } else {
            written.size = reader.number_at_least(*points, JsonReader::child(tp, "points"), 0);
            written.in_points = true;
        }
        if (i > 0) {
            const TierAsWritten& previous = out.back();
            const bool ordered = direction == Direction::higher ? written.at < previous.at : written.at > previous.at;
            // Higher is better: each tier's threshold lies below the one before (and the reverse).
            const bool higher = direction == Direction::higher;
            if (!ordered)
                reader.fail(JsonReader::child(tp, "at"),
                            both(Msg::err_rubric_tiers_order, arg("direction", higher ? "higher" : "lower"),
                                 arg("compare", both(higher ? Msg::err_rubric_lower : Msg::err_rubric_higher)),
                                 arg("previous", format_value(previous.at))));
        }
        out.push_back(written);
    }
}

Cohort read_cohort(const JsonReader& reader, const json& rule, const std::string& pointer) {
    Cohort cohort;
    cohort.field = read_field(reader, rule, pointer);
    cohort.direction = read_direction(reader, rule, pointer);
    if (const json* v = reader.find(rule, "group"))
        cohort.group = reader.non_empty_string(*v, JsonReader::child(pointer, "group"));
    return cohort;
}

std::pair<double, double> read_range(const JsonReader& reader, const json& value, const std::string& pointer,
                                     const char* what) {
    // `what` is the member ("scale", "linear", "goalposts"), named as written in both languages.
    reader.expect_array(value, pointer);
    if (value.size() != 2) reader.fail(pointer, both(Msg::err_rubric_range_size, arg("what", what)));
    const double low = reader.number(value[0], JsonReader::child(pointer, 0));
    const double high = reader.number(value[1], JsonReader::child(pointer, 1));
    if (high <= low) reader.fail(pointer, both(Msg::err_rubric_range_order, arg("what", what)));
    return {low, high};
}

void read_met(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    reader.allow_only(item, pointer, {"type", "label", "points", "field"});
    out.rule.spec = MetRule{read_field(reader, item, pointer)};
}

void read_tiers(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "field", "direction", "tiers", "otherwise"});
    TiersRule tiers;
    tiers.field = read_field(reader, item, pointer);
    tiers.direction = read_direction(reader, item, pointer);
    if (const json* v = reader.find(item, "otherwise")) tiers.otherwise = reader.share(*v, at("otherwise"));
    read_tiers(reader, reader.require(item, pointer, "tiers"), at("tiers"), tiers.direction, out.tiers);
    out.rule.spec = std::move(tiers);
}

void read_proportional(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "field", "direction", "target"});
    ProportionalRule proportional;
    proportional.field = read_field(reader, item, pointer);
    proportional.direction = read_direction(reader, item, pointer);
    proportional.target = reader.number(reader.require(item, pointer, "target"), at("target"));
    if (proportional.target <= 0)
        reader.fail(at("target"),
                    both(Msg::err_rubric_target_positive, arg("target", format_value(proportional.target))));
    out.rule.spec = proportional;
}

void read_deduction(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "per_finding", "severity", "cap", "methods"});
    DeductionRule deduction;
    if (const json* v = reader.find(item, "per_finding"))
        deduction.per_finding = reader.number_at_least(*v, at("per_finding"), 0);
    if (const json* v = reader.find(item, "severity")) {
        reader.expect_object(*v, at("severity"));
        for (auto it = v->begin(); it != v->end(); ++it)
            deduction.severity.emplace_back(
                it.key(), reader.number_at_least(it.value(), JsonReader::child(at("severity"), it.key()), 0));
    }
    if (!deduction.per_finding && deduction.severity.empty())
        reader.fail(pointer, both(Msg::err_rubric_deduction_amount));
    if (const json* v = reader.find(item, "cap")) deduction.cap = reader.number_at_least(*v, at("cap"), 0);
    if (const json* v = reader.find(item, "methods")) deduction.methods = reader.string_list(*v, at("methods"));
    out.rule.spec = std::move(deduction);
}

void read_expert_panel(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "scale", "trim_min"});
    ExpertPanelRule panel;
    if (const json* v = reader.find(item, "scale")) {
        reader.expect_array(*v, at("scale"));
        if (v->size() != 2) reader.fail(at("scale"), both(Msg::err_rubric_scale_size));
        panel.scale_min = reader.number((*v)[0], JsonReader::child(at("scale"), 0));
        panel.scale_max = reader.number((*v)[1], JsonReader::child(at("scale"), 1));
        if (panel.scale_max <= panel.scale_min) reader.fail(at("scale"), both(Msg::err_rubric_scale_order));
    }
    if (const json* v = reader.find(item, "trim_min"))
        panel.trim_min = static_cast<std::uint32_t>(reader.whole_number(*v, at("trim_min"), 3, 1000));
    out.rule.spec = panel;
}

void read_grade(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "field", "grades"});
    GradeRule grade;
    grade.field = read_field(reader, item, pointer);
    const json& grades = reader.require(item, pointer, "grades");
    reader.expect_object(grades, at("grades"));
    if (grades.empty()) reader.fail(at("grades"), both(Msg::err_rubric_no_grade_in_rule));
    for (auto it = grades.begin(); it != grades.end(); ++it)
        grade.grades.emplace_back(it.key(), reader.share(it.value(), JsonReader::child(at("grades"), it.key())));
    // Best first, as people list grades (优, 良, 中, 差), whatever order the JSON object had.
    std::stable_sort(grade.grades.begin(), grade.grades.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    out.rule.spec = std::move(grade);
}

void read_checklist(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "items"});
    ChecklistRule checklist;
    const json& items = reader.require(item, pointer, "items");
    reader.expect_array(items, at("items"));
    if (items.empty()) reader.fail(at("items"), both(Msg::err_rubric_no_checklist_item));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string ip = JsonReader::child(at("items"), i);
        reader.expect_object(items[i], ip);
        reader.allow_only(items[i], ip, {"field", "name", "points"});
        ChecklistItem entry;
        entry.field = reader.non_empty_string(reader.require(items[i], ip, "field"), JsonReader::child(ip, "field"));
        entry.name = reader.non_empty_string(reader.require(items[i], ip, "name"), JsonReader::child(ip, "name"));
        entry.points =
            reader.number_at_least(reader.require(items[i], ip, "points"), JsonReader::child(ip, "points"), 0);
        checklist.items.push_back(std::move(entry));
    }
    out.rule.spec = std::move(checklist);
}

void read_survey(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer,
                      {"type", "label", "points", "field", "measure", "scale", "linear", "tiers", "otherwise",
                       "sample_field", "min_sample", "below_min"});
    SurveyRule survey;
    survey.field = read_field(reader, item, pointer);
    if (const json* v = reader.find(item, "measure")) {
        const std::string measure = reader.string(*v, at("measure"));
        if (measure == "share")
            survey.measure = SurveyMeasure::share;
        else if (measure == "mean")
            survey.measure = SurveyMeasure::mean;
        else
            reader.fail(at("measure"), member_two("measure", "share", "mean", measure));
    }
    if (const json* v = reader.find(item, "scale")) {
        std::tie(survey.scale_min, survey.scale_max) = read_range(reader, *v, at("scale"), "scale");
    } else if (survey.measure == SurveyMeasure::mean) {
        reader.fail(pointer, both(Msg::err_rubric_survey_scale));
    }
    survey.low = survey.scale_min;
    survey.high = survey.scale_max;
    if (const json* v = reader.find(item, "linear"))
        std::tie(survey.low, survey.high) = read_range(reader, *v, at("linear"), "linear");
    if (const json* v = reader.find(item, "tiers")) {
        if (reader.find(item, "linear")) reader.fail(pointer, both(Msg::err_rubric_survey_tiers_and_linear));
        read_tiers(reader, *v, at("tiers"), Direction::higher, out.tiers);
    }
    if (const json* v = reader.find(item, "otherwise")) survey.otherwise = reader.share(*v, at("otherwise"));
    if (const json* v = reader.find(item, "sample_field"))
        survey.sample_field = reader.non_empty_string(*v, at("sample_field"));
    if (const json* v = reader.find(item, "min_sample")) {
        survey.min_sample = static_cast<double>(reader.whole_number(*v, at("min_sample"), 1, 100'000'000));
        if (survey.sample_field.empty()) reader.fail(at("min_sample"), both(Msg::err_rubric_min_sample_field));
    }
    if (const json* v = reader.find(item, "below_min")) {
        const std::string policy = reader.string(*v, at("below_min"));
        if (policy == "zero")
            survey.below_min = BelowMinimum::zero;
        else if (policy == "warn")
            survey.below_min = BelowMinimum::warn;
        else
            reader.fail(at("below_min"), expected_two("zero", "warn", policy));
    }
    out.rule.spec = std::move(survey);
}

void read_deadline(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "field", "deadline", "late"});
    DeadlineRule deadline;
    deadline.field = read_field(reader, item, pointer);
    if (const json* v = reader.find(item, "deadline")) {
        deadline.deadline = reader.string(*v, at("deadline"));
        if (!parse_date(deadline.deadline))
            reader.fail(at("deadline"), both(Msg::err_rubric_date, arg("found", deadline.deadline)));
    }
    const json& late = reader.require(item, pointer, "late");
    if (late.is_string() && late.get<std::string>() == "all") {
        deadline.all_if_late = true;
    } else {
        if (!late.is_object()) reader.fail(at("late"), both(Msg::err_rubric_late));
        reader.allow_only(late, at("late"), {"per", "loss"});
        const std::string per_at = JsonReader::child(at("late"), "per");
        const std::string per = reader.string(reader.require(late, at("late"), "per"), per_at);
        if (per == "day")
            deadline.per = LatePeriod::day;
        else if (per == "week")
            deadline.per = LatePeriod::week;
        else if (per == "month")
            deadline.per = LatePeriod::month;
        else
            reader.fail(per_at, both(Msg::err_rubric_expected_three, arg("first", "day"), arg("second", "week"),
                                     arg("third", "month"), arg("found", per)));
        deadline.loss =
            reader.number_at_least(reader.require(late, at("late"), "loss"), JsonReader::child(at("late"), "loss"), 0);
    }
    out.rule.spec = std::move(deadline);
}

void read_formula(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "expression", "fields", "result"});
    FormulaRule formula;
    formula.expression = reader.non_empty_string(reader.require(item, pointer, "expression"), at("expression"));
    formula.fields = reader.string_list(reader.require(item, pointer, "fields"), at("fields"));
    if (formula.fields.empty()) reader.fail(at("fields"), both(Msg::err_rubric_formula_no_field));
    if (const json* v = reader.find(item, "result")) {
        const std::string result = reader.string(*v, at("result"));
        if (result != "share" && result != "points") reader.fail(at("result"), expected_two("share", "points", result));
        formula.result_in_points = result == "points";
    }
    // Without muparser no formula can be checked, and every formula rule would say so again.
    try {
        static_cast<void>(mup::functions());
    } catch (const RuntimeLibraryUnavailable& unavailable) {
        throw StopReading(InputError(reader.source(), Bilingual::same(at("expression")), unavailable.reason));
    }
    if (Bilingual problem = formula_problem_text(formula); !problem.empty())
        reader.fail(at("expression"), std::move(problem));
    out.rule.spec = std::move(formula);
}

void read_best_ratio(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "field", "direction", "group", "zero_best"});
    BestRatioRule best;
    best.cohort = read_cohort(reader, item, pointer);
    if (const json* v = reader.find(item, "zero_best")) {
        const std::string policy = reader.string(*v, at("zero_best"));
        if (policy != "zero" && policy != "full") reader.fail(at("zero_best"), expected_two("zero", "full", policy));
        best.full_when_best_zero = policy == "full";
    }
    out.rule.spec = std::move(best);
}

void read_rank_ladder(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(
        item, pointer,
        {"type", "label", "points", "field", "direction", "group", "ladder", "otherwise", "step", "floor"});
    RankLadderRule ladder;
    ladder.cohort = read_cohort(reader, item, pointer);
    const json* steps = reader.find(item, "ladder");
    const json* step = reader.find(item, "step");
    if ((steps != nullptr) == (step != nullptr)) reader.fail(pointer, both(Msg::err_rubric_ladder_or_step));
    if (steps) {
        reader.expect_array(*steps, at("ladder"));
        if (steps->empty()) reader.fail(at("ladder"), both(Msg::err_rubric_ladder_empty));
        for (std::size_t i = 0; i < steps->size(); ++i) {
            const double points = reader.number_at_least((*steps)[i], JsonReader::child(at("ladder"), i), 0);
            if (!ladder.ladder.empty() && points > ladder.ladder.back())
                reader.fail(JsonReader::child(at("ladder"), i), both(Msg::err_rubric_ladder_order));
            ladder.ladder.push_back(points);
        }
        if (const json* v = reader.find(item, "otherwise"))
            ladder.otherwise = reader.number_at_least(*v, at("otherwise"), 0);
        if (ladder.otherwise > ladder.ladder.back())
            reader.fail(at("otherwise"), both(Msg::err_rubric_otherwise_above_ladder));
    } else {
        if (reader.find(item, "otherwise"))
            reader.fail(at("otherwise"), both(Msg::err_rubric_otherwise_without_ladder));
        ladder.step = reader.number(*step, at("step"));
        if (ladder.step <= 0)
            reader.fail(at("step"), both(Msg::err_rubric_step_positive, arg("step", format_value(ladder.step))));
        if (const json* v = reader.find(item, "floor")) ladder.floor = reader.number_at_least(*v, at("floor"), 0);
    }
    out.rule.spec = std::move(ladder);
}

void read_group_mean(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "field", "direction", "group", "below"});
    GroupMeanRule mean;
    mean.cohort = read_cohort(reader, item, pointer);
    if (const json* below = reader.find(item, "below")) {
        reader.expect_object(*below, at("below"));
        const std::string mode =
            reader.string(reader.require(*below, at("below"), "mode"), JsonReader::child(at("below"), "mode"));
        if (mode == "linear") {
            reader.allow_only(*below, at("below"), {"mode"});
        } else if (mode == "step") {
            reader.allow_only(*below, at("below"), {"mode", "step", "loss"});
            mean.linear = false;
            const std::string step_at = JsonReader::child(at("below"), "step");
            mean.step = reader.number(reader.require(*below, at("below"), "step"), step_at);
            if (mean.step <= 0)
                reader.fail(step_at, both(Msg::err_rubric_step_positive, arg("step", format_value(mean.step))));
            mean.loss = reader.number_at_least(reader.require(*below, at("below"), "loss"),
                                               JsonReader::child(at("below"), "loss"), 0);
        } else {
            reader.fail(JsonReader::child(at("below"), "mode"), expected_two("linear", "step", mode));
        }
    }
    out.rule.spec = std::move(mean);
}

void read_normalised(const JsonReader& reader, const json& item, const std::string& pointer, RuleAsWritten& out) {
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };
    reader.allow_only(item, pointer, {"type", "label", "points", "field", "direction", "group", "goalposts"});
    NormalisedRule normalised;
    normalised.cohort = read_cohort(reader, item, pointer);
    if (const json* v = reader.find(item, "goalposts"))
        normalised.goalposts = read_range(reader, *v, at("goalposts"), "goalposts");
    out.rule.spec = std::move(normalised);
}

using RuleReader = void (*)(const JsonReader&, const json&, const std::string&, RuleAsWritten&);

/// Every rule type and its reader, in the order rubrics/README.md lists them.
constexpr std::pair<std::string_view, RuleReader> rule_readers[] = {
    {"met", read_met},
    {"tiers", read_tiers},
    {"proportional", read_proportional},
    {"deduction", read_deduction},
    {"expert_panel", read_expert_panel},
    {"grade", read_grade},
    {"checklist", read_checklist},
    {"survey", read_survey},
    {"deadline", read_deadline},
    {"formula", read_formula},
    {"best_ratio", read_best_ratio},
    {"rank_ladder", read_rank_ladder},
    {"group_mean", read_group_mean},
    {"normalised", read_normalised},
};

/// "met, tiers, … or normalised" / "met、tiers、……或 normalised": the type names are identifiers.
Bilingual rule_type_list() {
    std::vector<std::string> names;
    for (const auto& [name, read] : rule_readers)
        names.emplace_back(name);
    const std::string last = names.back();
    names.pop_back();
    return in_both([&](Language language) {
        return say(language, Msg::err_rubric_last_choice, arg("list", joined(language, Msg::id_separator, names)),
                   arg("last", last));
    });
}

} // namespace

RuleAsWritten read_rule(const JsonReader& reader, const json& item, const std::string& pointer) {
    reader.expect_object(item, pointer);
    RuleAsWritten out;
    Rule& rule = out.rule;
    rule.location = pointer;
    const std::string type =
        reader.non_empty_string(reader.require(item, pointer, "type"), JsonReader::child(pointer, "type"));
    if (const json* v = reader.find(item, "label")) rule.label = reader.string(*v, JsonReader::child(pointer, "label"));
    if (const json* v = reader.find(item, "points")) {
        rule.points = reader.number_at_least(*v, JsonReader::child(pointer, "points"), 0);
        out.points_given = true;
    }
    for (const auto& [name, read] : rule_readers)
        if (name == type) {
            read(reader, item, pointer, out);
            return out;
        }
    reader.fail(JsonReader::child(pointer, "type"),
                both(Msg::err_rubric_unknown_rule_type, arg("type", type), arg("types", rule_type_list())));
}

} // namespace shifan::detail

// Rubrics from the JSON format documented in rubrics/README.md, checked against their indicator
// system so that every problem is found when the rubric is loaded, never while scoring.
#include "file_io.hpp"
#include "json_reader.hpp"
#include "shifan/numbers.hpp"
#include "shifan/rubric.hpp"

#include <algorithm>
#include <cmath>

namespace shifan {
namespace {

using detail::json;
using detail::JsonReader;

Direction read_direction(const JsonReader& reader, const json& rule, const std::string& pointer) {
    const json* v = reader.find(rule, "direction");
    if (!v) return Direction::higher;
    const std::string text = reader.string(*v, JsonReader::child(pointer, "direction"));
    if (text == "higher") return Direction::higher;
    if (text == "lower") return Direction::lower;
    reader.fail(JsonReader::child(pointer, "direction"),
                fmt::format("direction must be \"higher\" or \"lower\", found \"{}\"", text));
}

std::string read_field(const JsonReader& reader, const json& rule, const std::string& pointer) {
    return reader.non_empty_string(reader.require(rule, pointer, "field"), JsonReader::child(pointer, "field"));
}

/// A tier as written: its size is a share, or points to be turned into a share once the rule's
/// points are known.
struct TierAsWritten {
    double at = 0;
    double size = 0;
    bool in_points = false;
    std::string pointer;
};

struct RuleAsWritten {
    Rule rule;
    bool points_given = false;
    std::vector<TierAsWritten> tiers;
};

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
    const auto at = [&](std::string_view key) { return JsonReader::child(pointer, key); };

    if (type == "met") {
        reader.allow_only(item, pointer, {"type", "label", "points", "field"});
        rule.spec = MetRule{read_field(reader, item, pointer)};
    } else if (type == "tiers") {
        reader.allow_only(item, pointer, {"type", "label", "points", "field", "direction", "tiers", "otherwise"});
        TiersRule tiers;
        tiers.field = read_field(reader, item, pointer);
        tiers.direction = read_direction(reader, item, pointer);
        if (const json* v = reader.find(item, "otherwise")) tiers.otherwise = reader.share(*v, at("otherwise"));
        const json& list = reader.require(item, pointer, "tiers");
        reader.expect_array(list, at("tiers"));
        if (list.empty()) reader.fail(at("tiers"), "a tiers rule needs at least one tier");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string tp = JsonReader::child(at("tiers"), i);
            const json& tier = list[i];
            reader.expect_object(tier, tp);
            reader.allow_only(tier, tp, {"at", "share", "points"});
            TierAsWritten written;
            written.pointer = tp;
            written.at = reader.number(reader.require(tier, tp, "at"), JsonReader::child(tp, "at"));
            const json* share = reader.find(tier, "share");
            const json* points = reader.find(tier, "points");
            if ((share != nullptr) == (points != nullptr))
                reader.fail(tp, "a tier gives either \"share\" or \"points\", exactly one of them");
            if (share) {
                written.size = reader.share(*share, JsonReader::child(tp, "share"));
            } else {
                written.size = reader.number_at_least(*points, JsonReader::child(tp, "points"), 0);
                written.in_points = true;
            }
            if (i > 0) {
                const TierAsWritten& previous = out.tiers.back();
                const bool ordered =
                    tiers.direction == Direction::higher ? written.at < previous.at : written.at > previous.at;
                if (!ordered)
                    reader.fail(JsonReader::child(tp, "at"),
                                fmt::format("tiers are listed best first: with direction \"{}\" each \"at\" must be "
                                            "{} than the one before ({})",
                                            tiers.direction == Direction::higher ? "higher" : "lower",
                                            tiers.direction == Direction::higher ? "lower" : "higher",
                                            format_value(previous.at)));
            }
            out.tiers.push_back(written);
        }
        rule.spec = std::move(tiers);
    } else if (type == "proportional") {
        reader.allow_only(item, pointer, {"type", "label", "points", "field", "direction", "target"});
        ProportionalRule proportional;
        proportional.field = read_field(reader, item, pointer);
        proportional.direction = read_direction(reader, item, pointer);
        proportional.target = reader.number(reader.require(item, pointer, "target"), at("target"));
        if (proportional.target <= 0)
            reader.fail(at("target"), fmt::format("target must be > 0, found {}", format_value(proportional.target)));
        rule.spec = proportional;
    } else if (type == "deduction") {
        reader.allow_only(item, pointer, {"type", "label", "per_finding", "severity", "cap"});
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
            reader.fail(pointer, "a deduction rule needs \"per_finding\" or a \"severity\" table");
        if (const json* v = reader.find(item, "cap")) deduction.cap = reader.number_at_least(*v, at("cap"), 0);
        rule.spec = std::move(deduction);
    } else if (type == "expert_panel") {
        reader.allow_only(item, pointer, {"type", "label", "points", "scale", "trim_min"});
        ExpertPanelRule panel;
        if (const json* v = reader.find(item, "scale")) {
            reader.expect_array(*v, at("scale"));
            if (v->size() != 2) reader.fail(at("scale"), "scale is [min, max]");
            panel.scale_min = reader.number((*v)[0], JsonReader::child(at("scale"), 0));
            panel.scale_max = reader.number((*v)[1], JsonReader::child(at("scale"), 1));
            if (panel.scale_max <= panel.scale_min)
                reader.fail(at("scale"), "scale max must be greater than scale min");
        }
        if (const json* v = reader.find(item, "trim_min"))
            panel.trim_min = static_cast<std::uint32_t>(reader.whole_number(*v, at("trim_min"), 3, 1000));
        rule.spec = panel;
    } else if (type == "grade") {
        reader.allow_only(item, pointer, {"type", "label", "points", "field", "grades"});
        GradeRule grade;
        grade.field = read_field(reader, item, pointer);
        const json& grades = reader.require(item, pointer, "grades");
        reader.expect_object(grades, at("grades"));
        if (grades.empty()) reader.fail(at("grades"), "a grade rule needs at least one grade");
        for (auto it = grades.begin(); it != grades.end(); ++it)
            grade.grades.emplace_back(it.key(), reader.share(it.value(), JsonReader::child(at("grades"), it.key())));
        // Best first, as people list grades (优, 良, 中, 差), whatever order the JSON object had.
        std::stable_sort(grade.grades.begin(), grade.grades.end(),
                         [](const auto& x, const auto& y) { return x.second > y.second; });
        rule.spec = std::move(grade);
    } else {
        reader.fail(at("type"), fmt::format("unknown rule type \"{}\" (expected met, tiers, proportional, deduction, "
                                            "expert_panel or grade)",
                                            type));
    }
    return out;
}

/// Sizes the base rules of a leaf and turns tier points into shares.
void settle_leaf(const JsonReader& reader, const Indicator& leaf, const std::string& pointer,
                 std::vector<RuleAsWritten>& written) {
    std::size_t base_rules = 0;
    for (const RuleAsWritten& w : written)
        base_rules += w.rule.is_base() ? 1 : 0;
    double sum = 0;
    for (RuleAsWritten& w : written) {
        if (!w.rule.is_base()) continue;
        if (!w.points_given) {
            if (base_rules > 1)
                reader.fail(w.rule.location,
                            fmt::format("'{}' has {} base rules: each needs \"points\"", leaf.code, base_rules));
            w.rule.points = leaf.points;
        }
        sum += w.rule.points;
    }
    if (base_rules > 0 && std::fabs(sum - leaf.points) > points_tolerance)
        reader.fail(pointer, fmt::format("base rules of '{}' give {} points, but the indicator has {} (difference {})",
                                         leaf.code, format_points(sum, 9), format_points(leaf.points, 9),
                                         format_points(sum - leaf.points, 9)));
    for (RuleAsWritten& w : written) {
        auto* tiers = std::get_if<TiersRule>(&w.rule.spec);
        if (!tiers) continue;
        for (const TierAsWritten& t : w.tiers) {
            double share = t.size;
            if (t.in_points) {
                if (t.size > w.rule.points + points_tolerance)
                    reader.fail(JsonReader::child(t.pointer, "points"),
                                fmt::format("tier gives {} points, more than the rule's {}", format_value(t.size),
                                            format_points(w.rule.points, 9)));
                share = w.rule.points > 0 ? t.size / w.rule.points : 0;
            }
            if (!tiers->tiers.empty() && share > tiers->tiers.back().share + points_tolerance)
                reader.fail(t.pointer, "a lower tier cannot give more than the tier before it");
            tiers->tiers.push_back(Tier{t.at, share});
        }
        if (tiers->otherwise > tiers->tiers.back().share + points_tolerance)
            reader.fail(JsonReader::child(w.rule.location, "otherwise"),
                        "\"otherwise\" cannot give more than the last tier");
    }
}

} // namespace

Rubric Rubric::parse_json(std::string_view text, const Framework& framework, const std::string& source) {
    const json root = detail::parse_json_strict(text, source);
    JsonReader reader(source);
    reader.expect_object(root, "");
    reader.allow_only(root, "",
                      {"format", "id", "name", "indicators", "precision", "missing_evidence", "loss_caps", "rules"});
    reader.check_format(root, "shifan.rubric/1");

    Rubric rubric;
    rubric.source_ = source;
    rubric.id_ = reader.non_empty_string(reader.require(root, "", "id"), "/id");
    if (const json* v = reader.find(root, "name")) rubric.name_ = reader.string(*v, "/name");
    rubric.framework_id_ = reader.non_empty_string(reader.require(root, "", "indicators"), "/indicators");
    if (rubric.framework_id_ != framework.id())
        reader.fail("/indicators", fmt::format("the rubric scores indicator system '{}', but '{}' ({}) is loaded",
                                               rubric.framework_id_, framework.id(), framework.source()));
    if (const json* v = reader.find(root, "precision"))
        rubric.precision_ = static_cast<int>(reader.whole_number(*v, "/precision", 0, 6));
    if (const json* v = reader.find(root, "missing_evidence")) {
        const std::string policy = reader.string(*v, "/missing_evidence");
        if (policy == "zero")
            rubric.missing_evidence_ = MissingEvidencePolicy::zero;
        else if (policy == "error")
            rubric.missing_evidence_ = MissingEvidencePolicy::error;
        else
            reader.fail("/missing_evidence", fmt::format("expected \"zero\" or \"error\", found \"{}\"", policy));
    }

    rubric.rules_.assign(framework.size(), {});
    rubric.loss_caps_.assign(framework.size(), std::nullopt);
    if (const json* caps = reader.find(root, "loss_caps")) {
        reader.expect_object(*caps, "/loss_caps");
        for (auto it = caps->begin(); it != caps->end(); ++it) {
            const std::string at = JsonReader::child("/loss_caps", it.key());
            const auto node = framework.find(it.key());
            if (!node) reader.fail(at, fmt::format("unknown indicator code '{}'", it.key()));
            rubric.loss_caps_[*node] = reader.number_at_least(it.value(), at, 0);
        }
    }

    const json& rules = reader.require(root, "", "rules");
    reader.expect_object(rules, "/rules");
    for (auto it = rules.begin(); it != rules.end(); ++it) {
        const std::string at = JsonReader::child("/rules", it.key());
        const auto node = framework.find(it.key());
        if (!node) reader.fail(at, fmt::format("unknown indicator code '{}'", it.key()));
        const Indicator& leaf = framework[*node];
        if (!leaf.is_leaf())
            reader.fail(at, fmt::format("'{}' is not a leaf indicator; rules belong to leaves (its points come from "
                                        "its children)",
                                        it.key()));
        reader.expect_array(it.value(), at);
        if (it.value().empty()) reader.fail(at, fmt::format("'{}' has an empty list of rules", it.key()));
        std::vector<RuleAsWritten> written;
        for (std::size_t i = 0; i < it.value().size(); ++i)
            written.push_back(read_rule(reader, it.value()[i], JsonReader::child(at, i)));
        settle_leaf(reader, leaf, at, written);
        for (RuleAsWritten& w : written)
            rubric.rules_[*node].push_back(std::move(w.rule));
    }
    for (NodeIndex leaf : framework.leaves())
        if (rubric.rules_[leaf].empty())
            reader.fail("/rules", fmt::format("leaf indicator '{}' ({}) has no rule", framework[leaf].code,
                                              framework[leaf].name));
    return rubric;
}

Rubric load_rubric(const std::filesystem::path& file, const Framework& framework) {
    return Rubric::parse_json(detail::read_file(file), framework, file.string());
}

} // namespace shifan

// result.json read back into a RoundOutcome.
#include "shifan/load/result_file.hpp"

#include "shifan/report/result_json.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "load/json_reader.hpp"

#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace shifan {

RoundOutcome parse_round_outcome(std::string_view text, const std::string& source, std::string label) {
    using detail::json;
    const json document = detail::parse_json_strict_without(
        text, source, {"lost", "bonus_lines", "vetoes", "attributes", "first_level", "audit"});
    const detail::JsonReader reader(source);
    reader.expect_object(document, "");
    // Version 2 changed only the ledger's lines (records instead of sentences), which are not read
    // here; version 3 also gives a unit's scores as an array in the order of the nodes, not as an
    // object keyed by code. A result of any of them compares alike.
    const json* format = reader.find(document, "format");
    const std::string version = format && format->is_string() ? format->get<std::string>() : std::string();
    const bool scores_by_code = version == "shifan.result/1" || version == "shifan.result/2";
    if (!scores_by_code && version != result_format) {
        // "shifan.result/N" with N above this version's: a later shifan wrote it, and the user needs
        // to hear that (and which versions compare reads) rather than that the file is no result.
        if (detail::later_version(version, result_format))
            reader.fail("/format", both(Msg::err_compare_result_newer, arg("found", version),
                                        arg("expected", std::string(result_format))));
        // Another of shifan's files (the round's evidence, a rubric) named where a result belongs.
        if (std::optional<Bilingual> other = detail::format_problem(version, result_format))
            reader.fail("/format", std::move(*other));
        reader.fail("/format", both(Msg::err_compare_not_a_result, arg("expected", std::string(result_format))));
    }
    RoundOutcome out;
    out.label = std::move(label);
    out.source = source;
    const json& round = reader.require(document, "", "round");
    out.round_id = reader.string(reader.require(round, "/round", "id"), "/round/id");
    if (const json* name = reader.find(round, "name")) out.round_name = reader.string(*name, "/round/name");
    const json& system = reader.require(document, "", "indicators");
    out.system_id = reader.string(reader.require(system, "/indicators", "id"), "/indicators/id");
    if (const json* name = reader.find(system, "name")) out.system_name = reader.string(*name, "/indicators/name");
    out.max = reader.number_at_least(reader.require(system, "/indicators", "max"), "/indicators/max", 0);
    const json& rubric = reader.require(document, "", "rubric");
    out.rubric_id = reader.string(reader.require(rubric, "/rubric", "id"), "/rubric/id");
    out.precision = static_cast<int>(
        reader.number_at_least(reader.require(rubric, "/rubric", "precision"), "/rubric/precision", 0));
    // Results written before they held the tree cannot be compared: their maxima are unknown.
    const json* nodes = reader.find(system, "nodes");
    if (!nodes) reader.fail("/indicators", both(Msg::err_compare_result_without_nodes));
    reader.expect_array(*nodes, "/indicators/nodes");
    std::unordered_map<std::string, std::size_t> codes;
    for (std::size_t i = 0; i < nodes->size(); ++i) {
        const std::string at = detail::JsonReader::child("/indicators/nodes", i);
        const json& node = (*nodes)[i];
        reader.expect_object(node, at);
        OutcomeIndicator indicator;
        indicator.code = reader.non_empty_string(reader.require(node, at, "code"), at + "/code");
        indicator.name = reader.string(reader.require(node, at, "name"), at + "/name");
        const std::string parent = reader.string(reader.require(node, at, "parent"), at + "/parent");
        indicator.max = reader.number_at_least(reader.require(node, at, "max"), at + "/max", 0);
        indicator.lead = reader.string_list(reader.require(node, at, "lead"), at + "/lead");
        if (indicator.lead.empty()) indicator.lead.emplace_back();
        if (codes.contains(indicator.code))
            reader.fail(at + "/code", both(Msg::err_compare_result_duplicate_code, arg("code", indicator.code)));
        if (!parent.empty()) {
            // Pre-order: a parent comes before its children.
            const auto p = codes.find(parent);
            if (p == codes.end())
                reader.fail(at + "/parent", both(Msg::err_compare_result_unknown_parent, arg("code", parent)));
            indicator.parent = p->second;
            indicator.level = out.indicators[p->second].level + 1;
            out.indicators[p->second].leaf = false;
        }
        codes.emplace(indicator.code, out.indicators.size());
        out.indicators.push_back(std::move(indicator));
    }
    const json& units = reader.require(document, "", "units");
    reader.expect_array(units, "/units");
    std::unordered_set<std::string> ids;
    for (std::size_t u = 0; u < units.size(); ++u) {
        const std::string at = detail::JsonReader::child("/units", u);
        const json& entry = units[u];
        reader.expect_object(entry, at);
        OutcomeUnit unit;
        unit.id = reader.non_empty_string(reader.require(entry, at, "id"), at + "/id");
        if (const json* name = reader.find(entry, "name")) unit.name = reader.string(*name, at + "/name");
        unit.total = reader.number(reader.require(entry, at, "total"), at + "/total");
        unit.score_rate = out.max > 0 ? unit.total / out.max : 0;
        unit.rank =
            static_cast<std::uint32_t>(reader.number_at_least(reader.require(entry, at, "rank"), at + "/rank", 0));
        if (const json* excluded = reader.find(entry, "excluded"))
            unit.excluded = reader.boolean(*excluded, at + "/excluded");
        if (const json* grade = reader.find(entry, "grade")) unit.grade = reader.string(*grade, at + "/grade");
        const json& scores = reader.require(entry, at, "scores");
        unit.scores.assign(out.indicators.size(), 0.0);
        if (scores_by_code) {
            reader.expect_object(scores, at + "/scores");
            for (std::size_t i = 0; i < out.indicators.size(); ++i) {
                const std::string& code = out.indicators[i].code;
                unit.scores[i] = reader.number(reader.require(scores, at + "/scores", code),
                                               detail::JsonReader::child(at + "/scores", code));
            }
        } else {
            reader.expect_array(scores, at + "/scores");
            if (scores.size() != out.indicators.size())
                reader.fail(at + "/scores", both(Msg::err_compare_result_score_count, arg("count", scores.size()),
                                                 arg("nodes", out.indicators.size())));
            for (std::size_t i = 0; i < out.indicators.size(); ++i)
                unit.scores[i] = reader.number(scores[i], detail::JsonReader::child(at + "/scores", i));
        }
        if (!ids.insert(unit.id).second)
            reader.fail(at + "/id", both(Msg::err_compare_result_duplicate_unit, arg("id", unit.id)));
        out.units.push_back(std::move(unit));
    }
    out.index();
    return out;
}

std::filesystem::path result_file_of(const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::is_directory(path, error) ? path / "result.json" : path;
}

RoundOutcome read_round_outcome(const std::filesystem::path& file, std::string label) {
    const std::filesystem::path path = result_file_of(file);
    const std::string text = detail::read_file(path);
    return parse_round_outcome(text, path.string(), std::move(label));
}

} // namespace shifan

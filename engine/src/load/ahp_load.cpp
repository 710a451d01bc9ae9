#include "shifan/analyse/ahp.hpp"
#include "shifan/load/ahp_file.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "load/json_reader.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace shifan {
namespace {

using detail::json;
using detail::JsonReader;

/// A matrix entry: a number, or a fraction or number written as text ("1/3", "5").
double read_entry(const JsonReader& reader, const json& value, const std::string& at) {
    if (value.is_number()) return reader.number(value, at);
    if (!value.is_string())
        reader.fail(at, both(Msg::err_ind_ahp_entry, arg("found", detail::describe_json_text(value))));
    const std::string text = value.get<std::string>();
    const auto parse = [&](std::string_view part) {
        double out = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        if (ec != std::errc() || end != part.data() + part.size() || part.empty())
            reader.fail(at, both(Msg::err_ind_ahp_entry_text, arg("text", text)));
        return out;
    };
    const std::size_t slash = text.find('/');
    if (slash == std::string::npos) return parse(text);
    const double denominator = parse(std::string_view(text).substr(slash + 1));
    if (denominator == 0) reader.fail(at, both(Msg::err_ind_ahp_divides_by_zero, arg("text", text)));
    return parse(std::string_view(text).substr(0, slash)) / denominator;
}

Eigen::MatrixXd read_matrix(const JsonReader& reader, const json& value, const std::string& at, std::size_t n) {
    reader.expect_array(value, at);
    if (value.size() != n) reader.fail(at, both(Msg::err_ind_ahp_rows, arg("count", n), arg("found", value.size())));
    Eigen::MatrixXd m(n, n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string row_at = JsonReader::child(at, i);
        reader.expect_array(value[i], row_at);
        if (value[i].size() != n)
            reader.fail(row_at, both(Msg::err_ind_ahp_entries, arg("count", n), arg("found", value[i].size())));
        for (std::size_t j = 0; j < n; ++j)
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
                read_entry(reader, value[i][j], JsonReader::child(row_at, j));
    }
    if (Bilingual problem = pairwise_problem(m); !problem.empty()) reader.fail(at, std::move(problem));
    return m;
}

ExpertJudgement read_expert(const JsonReader& reader, const json& value, const std::string& at, std::size_t n,
                            bool alone) {
    ExpertJudgement expert;
    expert.location = at;
    if (!alone) {
        reader.expect_object(value, at);
        reader.allow_only(value, at, {"name", "weight", "matrix"});
        expert.name = reader.non_empty_string(reader.require(value, at, "name"), JsonReader::child(at, "name"));
        if (const json* w = reader.find(value, "weight")) {
            expert.weight = reader.number(*w, JsonReader::child(at, "weight"));
            if (expert.weight <= 0) reader.fail(JsonReader::child(at, "weight"), both(Msg::err_ind_ahp_expert_weight));
        }
        expert.matrix = read_matrix(reader, reader.require(value, at, "matrix"), JsonReader::child(at, "matrix"), n);
    } else {
        expert.matrix = read_matrix(reader, value, at, n);
        expert.location = at;
    }
    return expert;
}

/// An optional member naming one of `choices`; `otherwise` when absent.
template <class Enum>
Enum read_choice(const JsonReader& reader, const json& root, const std::string& at, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum otherwise) {
    const json* value = reader.find(root, key);
    return value ? reader.choice<Enum>(*value, JsonReader::child(at, key), choices) : otherwise;
}

} // namespace

AhpJudgements parse_ahp_json(std::string_view text, const std::string& source) {
    const json root = detail::parse_json_strict(text, source);
    JsonReader reader(source);
    reader.expect_object(root, "");
    reader.check_format(root, "shifan.ahp/1");
    reader.allow_only(
        root, "",
        {"format", "id", "name", "indicators", "method", "group", "priority_mean", "consistency", "judgements"});
    AhpJudgements out;
    out.source = source;
    if (const json* v = reader.find(root, "id")) out.id = reader.string(*v, "/id");
    if (const json* v = reader.find(root, "indicators")) out.indicators = reader.non_empty_string(*v, "/indicators");
    out.method =
        read_choice<AhpMethod>(reader, root, "", "method",
                               {{"eigenvector", AhpMethod::eigenvector}, {"geometric_mean", AhpMethod::geometric_mean}},
                               AhpMethod::eigenvector);
    out.group = read_choice<GroupMethod>(reader, root, "", "group",
                                         {{"aij", GroupMethod::aij}, {"aip", GroupMethod::aip}}, GroupMethod::aij);
    out.priority_mean = read_choice<PriorityMean>(
        reader, root, "", "priority_mean",
        {{"arithmetic", PriorityMean::arithmetic}, {"geometric", PriorityMean::geometric}}, PriorityMean::arithmetic);
    if (const json* consistency = reader.find(root, "consistency")) {
        reader.expect_object(*consistency, "/consistency");
        reader.allow_only(*consistency, "/consistency", {"threshold", "on_inconsistent"});
        if (const json* v = reader.find(*consistency, "threshold")) {
            out.threshold = reader.number(*v, "/consistency/threshold");
            if (out.threshold <= 0) reader.fail("/consistency/threshold", both(Msg::err_ind_ahp_threshold));
        }
        out.consistency = read_choice<ConsistencyPolicy>(
            reader, *consistency, "/consistency", "on_inconsistent",
            {{"warn", ConsistencyPolicy::warn}, {"error", ConsistencyPolicy::error}}, ConsistencyPolicy::warn);
    }
    const json& judgements = reader.require(root, "", "judgements");
    reader.expect_array(judgements, "/judgements");
    if (judgements.empty()) reader.fail("/judgements", both(Msg::err_ind_ahp_no_judgements));
    std::set<std::string> seen;
    for (std::size_t k = 0; k < judgements.size(); ++k) {
        const std::string at = JsonReader::child("/judgements", k);
        const json& item = judgements[k];
        reader.expect_object(item, at);
        reader.allow_only(item, at, {"node", "children", "matrix", "experts"});
        NodeJudgement node;
        node.location = at;
        node.node = reader.string(reader.require(item, at, "node"), JsonReader::child(at, "node"));
        if (!seen.insert(node.node).second)
            reader.fail(JsonReader::child(at, "node"), both(Msg::err_ind_ahp_judged_twice, arg("node", node.node)));
        node.children = reader.string_list(reader.require(item, at, "children"), JsonReader::child(at, "children"));
        if (node.children.size() < 2)
            reader.fail(JsonReader::child(at, "children"), both(Msg::err_ind_ahp_few_children));
        std::set<std::string> distinct(node.children.begin(), node.children.end());
        if (distinct.size() != node.children.size())
            reader.fail(JsonReader::child(at, "children"), both(Msg::err_ind_ahp_child_twice));
        const json* matrix = reader.find(item, "matrix");
        const json* experts = reader.find(item, "experts");
        if ((matrix != nullptr) == (experts != nullptr)) reader.fail(at, both(Msg::err_ind_ahp_matrix_or_experts));
        if (matrix) {
            node.experts.push_back(
                read_expert(reader, *matrix, JsonReader::child(at, "matrix"), node.children.size(), true));
        } else {
            reader.expect_array(*experts, JsonReader::child(at, "experts"));
            if (experts->empty()) reader.fail(JsonReader::child(at, "experts"), both(Msg::err_ind_ahp_no_experts));
            std::set<std::string> names;
            for (std::size_t e = 0; e < experts->size(); ++e) {
                const std::string expert_at = JsonReader::child(JsonReader::child(at, "experts"), e);
                node.experts.push_back(read_expert(reader, (*experts)[e], expert_at, node.children.size(), false));
                if (!names.insert(node.experts.back().name).second)
                    reader.fail(JsonReader::child(expert_at, "name"),
                                both(Msg::err_ind_ahp_expert_twice, arg("name", node.experts.back().name)));
            }
        }
        out.nodes.push_back(std::move(node));
    }
    return out;
}

AhpJudgements load_ahp(const std::filesystem::path& file) {
    return parse_ahp_json(detail::read_file(file), file.string());
}

} // namespace shifan

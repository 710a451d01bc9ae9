#include "shifan/load/framework.hpp"

#include <nlohmann/json.hpp>

namespace shifan {
namespace {

using ordered = nlohmann::ordered_json;

ordered node_json(const Framework& framework, NodeIndex n, const std::vector<double>* points,
                  const std::vector<double>* weights) {
    const Indicator& node = framework[n];
    ordered out;
    out["code"] = node.code;
    out["name"] = node.name;
    if (weights && n != 0) // the root keeps its points: the shares below are of them
        out["weight"] = (*weights)[n];
    else
        out["points"] = points ? (*points)[n] : node.points;
    if (!node.methods.empty()) out["methods"] = node.methods;
    if (!node.lead.empty()) out["lead"] = node.lead;
    if (!node.participating.empty()) out["participating"] = node.participating;
    if (!node.deadline.empty()) out["deadline"] = node.deadline;
    if (!node.description.empty()) out["description"] = node.description;
    if (!node.rectification.empty()) out["rectification"] = node.rectification;
    if (!node.rectification_deadline.empty()) out["rectification_deadline"] = node.rectification_deadline;
    if (!node.children.empty()) {
        ordered children = ordered::array();
        for (NodeIndex c : node.children)
            children.push_back(node_json(framework, c, points, weights));
        out["children"] = std::move(children);
    }
    return out;
}

} // namespace

std::string framework_json(const Framework& framework, const std::vector<double>* points,
                           const std::vector<double>* weights) {
    ordered doc;
    doc["format"] = "shifan.indicators/1";
    doc["id"] = framework.id();
    doc["name"] = framework.name();
    ordered list = ordered::array();
    if (framework.implicit_root()) {
        doc["total"] = points ? (*points)[0] : framework.total_points();
        for (NodeIndex c : framework.root().children)
            list.push_back(node_json(framework, c, points, weights));
    } else {
        list.push_back(node_json(framework, 0, points, weights));
    }
    doc["indicators"] = std::move(list);
    return doc.dump(2) + "\n";
}

} // namespace shifan

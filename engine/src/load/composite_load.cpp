#include "load/composite_load.hpp"

#include "infra/language/say.hpp"
#include "shifan/analyse/composite_policy.hpp"
#include "shifan/load/limits.hpp"

namespace shifan::detail {
namespace {

NodeIndex node_of(const JsonReader& reader, const Framework& framework, const std::string& code, const std::string& at,
                  bool leaf) {
    const auto node = framework.find(code);
    if (!node) reader.fail(at, both(Msg::err_ind_composite_unknown_code, arg("code", code)));
    if (leaf && !framework[*node].is_leaf()) reader.fail(at, both(Msg::err_ind_composite_not_leaf, arg("code", code)));
    if (!leaf && framework[*node].is_leaf()) reader.fail(at, both(Msg::err_ind_composite_leaf, arg("code", code)));
    return *node;
}

NormalisationSpec read_normalisation(const JsonReader& reader, const json& value, const std::string& at,
                                     NormalisationSpec spec) {
    reader.expect_object(value, at);
    reader.allow_only(value, at, {"method", "low", "high", "target", "lower", "upper"});
    if (const json* v = reader.find(value, "method"))
        spec.method = reader.choice<Normalisation>(*v, JsonReader::child(at, "method"),
                                                   {{"min_max", Normalisation::min_max},
                                                    {"z_score", Normalisation::z_score},
                                                    {"rank", Normalisation::rank},
                                                    {"percentile_rank", Normalisation::percentile_rank},
                                                    {"distance_to_target", Normalisation::distance_to_target},
                                                    {"goalposts", Normalisation::goalposts},
                                                    {"fraction_of_max", Normalisation::fraction_of_max},
                                                    {"none", Normalisation::none}});
    const auto number = [&](const char* key, double& into) {
        if (const json* v = reader.find(value, key)) into = reader.number(*v, JsonReader::child(at, key));
    };
    number("low", spec.low);
    number("high", spec.high);
    number("target", spec.target);
    number("lower", spec.lower);
    number("upper", spec.upper);
    if (spec.high <= spec.low) reader.fail(at, both(Msg::err_ind_composite_high_low));
    if (spec.method == Normalisation::distance_to_target && spec.target <= 0)
        reader.fail(at, both(Msg::err_ind_composite_target));
    if (spec.method == Normalisation::goalposts && spec.upper <= spec.lower)
        reader.fail(at, both(Msg::err_ind_composite_goalposts));
    return spec;
}

/// An outlier treatment: {"skewness", "kurtosis", "max_points", "log"} over `spec`'s values.
OutlierSpec read_treatment(const JsonReader& reader, const json& value, const std::string& at, OutlierSpec spec) {
    reader.expect_object(value, at);
    reader.allow_only(value, at, {"skewness", "kurtosis", "max_points", "log"});
    if (const json* v = reader.find(value, "skewness"))
        spec.skewness = reader.number_at_least(*v, JsonReader::child(at, "skewness"), 0);
    if (const json* v = reader.find(value, "kurtosis"))
        spec.kurtosis = reader.number(*v, JsonReader::child(at, "kurtosis"));
    if (const json* v = reader.find(value, "max_points"))
        spec.max_points = static_cast<std::size_t>(
            reader.whole_number(*v, JsonReader::child(at, "max_points"), 0, limits::max_units));
    if (const json* v = reader.find(value, "log")) spec.log = reader.boolean(*v, JsonReader::child(at, "log"));
    return spec;
}

AggregationSpec read_aggregation(const JsonReader& reader, const json& value, const std::string& at,
                                 AggregationSpec spec) {
    const AggregationSpec inherited = spec;
    reader.expect_object(value, at);
    reader.allow_only(value, at, {"method", "power", "missing", "min_share", "vector", "resolution", "scale"});
    if (const json* v = reader.find(value, "method"))
        spec.method = reader.choice<Aggregation>(*v, JsonReader::child(at, "method"),
                                                 {{"arithmetic", Aggregation::arithmetic},
                                                  {"geometric", Aggregation::geometric},
                                                  {"harmonic", Aggregation::harmonic},
                                                  {"generalised", Aggregation::generalised},
                                                  {"topsis", Aggregation::topsis},
                                                  {"grey", Aggregation::grey}});
    if (const json* v = reader.find(value, "power")) {
        spec.power = reader.number(*v, JsonReader::child(at, "power"));
        if (spec.power == 0) reader.fail(JsonReader::child(at, "power"), both(Msg::err_ind_composite_power_zero));
    }
    if (spec.method == Aggregation::generalised && !reader.find(value, "power") &&
        inherited.method != Aggregation::generalised)
        reader.fail(at, both(Msg::err_ind_composite_power_needed));
    if (const json* v = reader.find(value, "missing"))
        spec.missing = reader.choice<MissingPolicy>(*v, JsonReader::child(at, "missing"),
                                                    {{"renormalise", MissingPolicy::renormalise},
                                                     {"zero", MissingPolicy::zero},
                                                     {"mean", MissingPolicy::mean},
                                                     {"median", MissingPolicy::median},
                                                     {"group_mean", MissingPolicy::group_mean},
                                                     {"group_median", MissingPolicy::group_median}});
    if (const json* v = reader.find(value, "min_share")) spec.min_share = reader.share(*v, at + "/min_share");
    // The settings of the methods that compare units with the ideal, each with its own method only.
    const bool compares = spec.method == Aggregation::topsis || spec.method == Aggregation::grey;
    if (const json* v = reader.find(value, "vector")) {
        if (spec.method != Aggregation::topsis) reader.fail(at + "/vector", both(Msg::err_ind_composite_vector));
        spec.vector = reader.boolean(*v, at + "/vector");
    }
    if (const json* v = reader.find(value, "resolution")) {
        if (spec.method != Aggregation::grey) reader.fail(at + "/resolution", both(Msg::err_ind_composite_resolution));
        spec.resolution = reader.number(*v, at + "/resolution");
        if (!(spec.resolution > 0 && spec.resolution <= 1))
            reader.fail(at + "/resolution",
                        both(Msg::err_ind_composite_resolution_range, arg("value", spec.resolution)));
    }
    if (const json* v = reader.find(value, "scale")) {
        if (!compares) reader.fail(at + "/scale", both(Msg::err_ind_composite_scale));
        spec.scale = reader.number(*v, at + "/scale");
        if (!(spec.scale > 0))
            reader.fail(at + "/scale", both(Msg::err_ind_composite_scale_range, arg("value", spec.scale)));
    }
    return spec;
}

} // namespace

std::shared_ptr<const CompositePolicy> read_composite_policy(const JsonReader& reader, const json& value,
                                                             const Framework& framework) {
    const std::string at = "/composite";
    reader.expect_object(value, at);
    reader.allow_only(value, at,
                      {"field", "fields", "directions", "treat", "treat_leaves", "normalise", "normalise_leaves",
                       "aggregate", "aggregate_nodes", "weights", "ahp", "group", "combine", "pca", "collinear"});
    auto policy = std::make_shared<CompositePolicy>();
    if (const json* v = reader.find(value, "field")) policy->field = reader.non_empty_string(*v, at + "/field");
    if (const json* fields = reader.find(value, "fields")) {
        reader.expect_object(*fields, at + "/fields");
        for (auto it = fields->begin(); it != fields->end(); ++it) {
            const std::string where = JsonReader::child(at + "/fields", it.key());
            policy->fields[node_of(reader, framework, it.key(), where, true)] =
                reader.non_empty_string(it.value(), where);
        }
    }
    if (const json* directions = reader.find(value, "directions")) {
        reader.expect_object(*directions, at + "/directions");
        for (auto it = directions->begin(); it != directions->end(); ++it) {
            const std::string where = JsonReader::child(at + "/directions", it.key());
            policy->directions[node_of(reader, framework, it.key(), where, true)] = reader.choice<Direction>(
                it.value(), where, {{"higher", Direction::higher}, {"lower", Direction::lower}});
        }
    }
    if (const json* v = reader.find(value, "treat")) policy->treat = read_treatment(reader, *v, at + "/treat", {});
    if (const json* leaves = reader.find(value, "treat_leaves")) {
        reader.expect_object(*leaves, at + "/treat_leaves");
        for (auto it = leaves->begin(); it != leaves->end(); ++it) {
            const std::string where = JsonReader::child(at + "/treat_leaves", it.key());
            const NodeIndex leaf = node_of(reader, framework, it.key(), where, true);
            // false: this leaf is left as it is; an object: its own thresholds over the rubric-wide ones.
            if (it.value().is_boolean() && !it.value().get<bool>())
                policy->leaf_treat[leaf] = std::nullopt;
            else
                policy->leaf_treat[leaf] =
                    read_treatment(reader, it.value(), where, policy->treat.value_or(OutlierSpec{}));
        }
    }
    if (const json* v = reader.find(value, "normalise"))
        policy->normalise = read_normalisation(reader, *v, at + "/normalise", policy->normalise);
    if (const json* leaves = reader.find(value, "normalise_leaves")) {
        reader.expect_object(*leaves, at + "/normalise_leaves");
        for (auto it = leaves->begin(); it != leaves->end(); ++it) {
            const std::string where = JsonReader::child(at + "/normalise_leaves", it.key());
            policy->leaf_normalise[node_of(reader, framework, it.key(), where, true)] =
                read_normalisation(reader, it.value(), where, policy->normalise);
        }
    }
    if (const json* v = reader.find(value, "aggregate"))
        policy->aggregate = read_aggregation(reader, *v, at + "/aggregate", policy->aggregate);
    if (const json* nodes = reader.find(value, "aggregate_nodes")) {
        reader.expect_object(*nodes, at + "/aggregate_nodes");
        for (auto it = nodes->begin(); it != nodes->end(); ++it) {
            const std::string where = JsonReader::child(at + "/aggregate_nodes", it.key());
            policy->node_aggregate[node_of(reader, framework, it.key(), where, false)] =
                read_aggregation(reader, it.value(), where, policy->aggregate);
        }
    }
    if (const json* v = reader.find(value, "weights"))
        policy->weights = reader.choice<WeightSource>(*v, at + "/weights",
                                                      {{"indicators", WeightSource::indicators},
                                                       {"equal", WeightSource::equal},
                                                       {"entropy", WeightSource::entropy},
                                                       {"critic", WeightSource::critic},
                                                       {"cv", WeightSource::cv},
                                                       {"ahp", WeightSource::ahp},
                                                       {"pca", WeightSource::pca}});
    if (const json* v = reader.find(value, "ahp")) policy->ahp = reader.non_empty_string(*v, at + "/ahp");
    if (const json* combine = reader.find(value, "combine")) {
        const std::string where = at + "/combine";
        reader.expect_object(*combine, where);
        reader.allow_only(*combine, where, {"how", "alpha"});
        policy->combine = Combination::linear;
        if (const json* v = reader.find(*combine, "how"))
            policy->combine = reader.choice<Combination>(
                *v, where + "/how", {{"linear", Combination::linear}, {"multiplicative", Combination::multiplicative}});
        if (const json* v = reader.find(*combine, "alpha")) {
            if (policy->combine != Combination::linear)
                reader.fail(where + "/alpha", both(Msg::err_ind_composite_alpha));
            policy->alpha = reader.share(*v, where + "/alpha");
        }
        if (policy->weights != WeightSource::entropy && policy->weights != WeightSource::critic &&
            policy->weights != WeightSource::cv && policy->weights != WeightSource::pca)
            reader.fail(where, both(Msg::err_ind_composite_combine));
    }
    if (const json* pca = reader.find(value, "pca")) {
        const std::string where = at + "/pca";
        reader.expect_object(*pca, where);
        reader.allow_only(*pca, where, {"retain", "share", "count"});
        if (const json* v = reader.find(*pca, "retain"))
            policy->pca.rule = reader.choice<PcaRetention::Rule>(*v, where + "/retain",
                                                                 {{"kaiser", PcaRetention::Rule::kaiser},
                                                                  {"variance", PcaRetention::Rule::variance},
                                                                  {"count", PcaRetention::Rule::count}});
        const json* share = reader.find(*pca, "share");
        const json* count = reader.find(*pca, "count");
        if (share && policy->pca.rule != PcaRetention::Rule::variance)
            reader.fail(where + "/share", both(Msg::err_ind_composite_pca_share));
        if (count && policy->pca.rule != PcaRetention::Rule::count)
            reader.fail(where + "/count", both(Msg::err_ind_composite_pca_count));
        if (share) {
            policy->pca.share = reader.share(*share, where + "/share");
            if (policy->pca.share == 0) reader.fail(where + "/share", both(Msg::err_ind_composite_pca_share_zero));
        }
        if (count)
            policy->pca.count =
                static_cast<std::size_t>(reader.whole_number(*count, where + "/count", 1, limits::max_indicators));
        if (policy->weights != WeightSource::pca) reader.fail(where, both(Msg::err_ind_composite_pca_unused));
    }
    if (const json* v = reader.find(value, "collinear")) {
        policy->collinear = reader.share(*v, at + "/collinear");
        if (policy->collinear == 0) reader.fail(at + "/collinear", both(Msg::err_ind_composite_collinear_zero));
    }
    if (policy->weights == WeightSource::ahp && policy->ahp.empty())
        reader.fail(at, both(Msg::err_ind_composite_ahp_file));
    if (policy->weights != WeightSource::ahp && !policy->combine && !policy->ahp.empty())
        reader.fail(at + "/ahp", both(Msg::err_ind_composite_ahp_unused));
    if (const json* v = reader.find(value, "group")) policy->group = reader.non_empty_string(*v, at + "/group");
    // Without "group", group_mean and group_median impute over all units (one group).
    return policy;
}

} // namespace shifan::detail

// shifan composite: a composite index (normalise, weight, aggregate up the tree) and its ranking.
#include "command.hpp"

#include <charconv>

namespace shifan::cli {
namespace {

/// --precision: a number of decimals (0 … 15) or "full"; none: the rubric's.
std::optional<int> composite_precision(const std::string& text) {
    if (text.empty()) return std::nullopt;
    if (text == "full") return full_precision;
    int decimals = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), decimals);
    if (error != std::errc{} || end != text.data() + text.size() || decimals < 0 || decimals > max_composite_precision)
        throw UsageError(both(Msg::err_cli_composite_precision, arg("command", "composite"), arg("precision", text),
                              arg("most", max_composite_precision)));
    return decimals;
}

/// --collinear: a correlation in (0, 1]; none: the rubric's.
std::optional<double> composite_collinear(const std::string& text) {
    if (text.empty()) return std::nullopt;
    const std::optional<double> value = number_argument(text);
    if (!value || !(*value > 0 && *value <= 1))
        throw UsageError(both(Msg::err_cli_composite_collinear, arg("command", "composite"), arg("value", text)));
    return value;
}

} // namespace

int run_composite(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    TableOutput output_args;
    std::string method, ahp, tables, precision_text, collinear_text;
    auto options = input_options(inputs, true, language);
    po::options_description output(say(language, Msg::help_weights_composite_output));
    output_args.add_to(output, say(language, Msg::help_weights_composite_out), language);
    output.add_options()("rank-method", po::value(&method)->value_name("METHOD"),
                         say(language, Msg::help_weights_composite_rank_method).c_str())(
        "ahp", po::value(&ahp)->value_name("FILE"), say(language, Msg::help_weights_composite_ahp).c_str())(
        "tables", po::value(&tables)->value_name("LIST"), say(language, Msg::help_weights_composite_tables).c_str())(
        "precision", po::value(&precision_text)->value_name("N|full"),
        say(language, Msg::help_weights_composite_precision).c_str())(
        "collinear", po::value(&collinear_text)->value_name("R"),
        say(language, Msg::help_weights_composite_collinear).c_str());
    options.add(output);
    GivenOptions given;
    if (!parse("composite", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    require("composite", inputs.rubric, "rubric");
    require("composite", inputs.evidence, "evidence");
    const Destination destination = output_args.destination("composite");
    const std::optional<RankMethod> rank_by = rank_method("composite", method);
    const std::vector<std::string> picked = split_list(tables);
    check_tables("composite", picked, composite_table_ids());
    const std::optional<int> precision = composite_precision(precision_text);
    const std::optional<double> collinear = composite_collinear(collinear_text);
    Sources sources = inputs.sources();
    sources.ahp = ahp;
    LoadOptions load = load_options(0, !destination.out.empty());
    load.composite_only = true; // the values of a wide table go straight into the index's matrix
    const Assessment& assessment = kept_to_the_end(load_assessment(sources, load));
    CompositeOutcome outcome;
    try {
        outcome = assessment.composite(rank_by, precision, collinear);
    } catch (const std::invalid_argument& e) {
        throw UsageError(
            both(Msg::error_in_file_nowhere, arg("file", inputs.evidence), arg("problem", argument_text(e))));
    }
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("composite", given);
    const CompositeOutcome& index = kept_to_the_end(std::move(outcome));
    publish_tables("composite", kept_to_the_end(assessment.composite_document(index, picked)), destination,
                   destination.out.empty() ? nullptr : &audit, true);
    return exit_ok;
}

} // namespace shifan::cli

// shifan composite: a composite index (normalise, weight, aggregate up the tree) and its ranking.
#include "command.hpp"

namespace shifan::cli {

int run_composite(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    TableOutput output_args;
    std::string method, ahp;
    auto options = input_options(inputs, true, language);
    po::options_description output(say(language, Msg::help_weights_composite_output));
    output_args.add_to(output, say(language, Msg::help_weights_composite_out), language);
    output.add_options()("rank-method", po::value(&method)->value_name("METHOD"),
                         say(language, Msg::help_weights_composite_rank_method).c_str())(
        "ahp", po::value(&ahp)->value_name("FILE"), say(language, Msg::help_weights_composite_ahp).c_str());
    options.add(output);
    GivenOptions given;
    if (!parse("composite", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    require("composite", inputs.rubric, "rubric");
    require("composite", inputs.evidence, "evidence");
    const Destination destination = output_args.destination("composite");
    const std::optional<RankMethod> rank_by = rank_method("composite", method);
    Sources sources = inputs.sources();
    sources.ahp = ahp;
    const Assessment assessment = load_assessment(sources, load_options(0, !destination.out.empty()));
    CompositeOutcome outcome;
    try {
        outcome = assessment.composite(rank_by);
    } catch (const std::invalid_argument& e) {
        throw UsageError(
            both(Msg::error_in_file_nowhere, arg("file", inputs.evidence), arg("problem", argument_text(e))));
    }
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("composite", given);
    publish_tables("composite", assessment.composite_document(outcome), destination,
                   destination.out.empty() ? nullptr : &audit);
    return exit_ok;
}

} // namespace shifan::cli

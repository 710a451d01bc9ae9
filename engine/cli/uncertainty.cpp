// shifan uncertainty: how sure each rank and grade is, by Monte Carlo replications under varied
// weights, methods and expert ratings.
#include "command.hpp"

#include <optional>

namespace shifan::cli {

int run_uncertainty(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    UncertaintyOptions analysis;
    std::vector<std::string> variations;
    std::string methods, normalisations;
    bool no_progress = false;
    auto options = input_options(inputs, true, language);
    po::options_description model(say(language, Msg::help_cmd_uncertainty_caption_varies));
    model.add_options()("vary-weights,w", po::value(&variations)->value_name("SPEC")->composing(),
                        say(language, Msg::help_cmd_uncertainty_vary_weights).c_str())(
        "methods", po::value(&methods)->value_name("LIST"), say(language, Msg::help_cmd_uncertainty_methods).c_str())(
        "normalisations", po::value(&normalisations)->value_name("LIST"),
        say(language, Msg::help_cmd_uncertainty_normalisations).c_str())(
        "rating-noise", po::bool_switch(&analysis.rating_noise),
        say(language, Msg::help_cmd_uncertainty_rating_noise).c_str());
    po::options_description run(say(language, Msg::help_cmd_uncertainty_caption_replications));
    run.add_options()("replications,n", po::value(&analysis.replications)->value_name("N"),
                      say(language, Msg::help_cmd_uncertainty_replications).c_str())(
        "seed", po::value(&analysis.seed)->value_name("S"), say(language, Msg::help_cmd_uncertainty_seed).c_str())(
        "top", po::value(&analysis.top)->value_name("N"), say(language, Msg::help_cmd_uncertainty_top).c_str())(
        "sensitivity", po::bool_switch(&analysis.sensitivity),
        say(language, Msg::help_cmd_uncertainty_sensitivity).c_str())(
        "no-progress", po::bool_switch(&no_progress), say(language, Msg::help_cmd_uncertainty_no_progress).c_str());
    po::options_description output(say(language, Msg::help_cmd_caption_output));
    output_args.add_to(output, say(language, Msg::help_cmd_uncertainty_out), language);
    ranking_args.add_to(output, language);
    ranking_args.add_grades_to(output, inputs, language);
    options.add(model).add(run).add(output);
    GivenOptions given;
    if (!parse("uncertainty", "--indicators FILE --rubric FILE --evidence FILE [--vary-weights SPEC]... [options]",
               options, args, &given))
        return exit_ok;
    const Destination destination = output_args.destination("uncertainty");
    for (const std::string& text : variations) {
        try {
            analysis.weights.push_back(parse_weight_variation(text));
        } catch (const std::invalid_argument& e) {
            throw UsageError(
                both(Msg::err_cli_vary_weights, arg("command", "uncertainty"), arg("problem", argument_text(e))));
        }
    }
    for (const std::string& name : split_list(methods)) {
        if (name == "arithmetic")
            analysis.aggregations.push_back(Aggregation::arithmetic);
        else if (name == "geometric")
            analysis.aggregations.push_back(Aggregation::geometric);
        else if (name == "harmonic")
            analysis.aggregations.push_back(Aggregation::harmonic);
        else
            throw UsageError(both(Msg::err_cli_methods, arg("command", "uncertainty"), arg("name", name)));
    }
    for (const std::string& name : split_list(normalisations)) {
        if (name == "none")
            analysis.normalisations.push_back(Normalisation::none);
        else if (name == "min_max")
            analysis.normalisations.push_back(Normalisation::min_max);
        else
            throw UsageError(both(Msg::err_cli_normalisations, arg("command", "uncertainty"), arg("name", name)));
    }
    analysis.threads = output_args.threads;
    // Ctrl-C asks the replications to stop (nothing is written then, see main); caught from before
    // loading, so that an interrupt while the round is read stops the run as soon as it starts.
    Progress progress;
    analysis.progress = &progress;
    std::optional<InterruptGuard> interrupt(std::in_place, progress);
    const Assessment assessment =
        load_scored("uncertainty", inputs.sources(), output_args.threads, !destination.out.empty());
    const Ranking ranking = rank_checked("uncertainty", assessment, ranking_args.options("uncertainty", inputs.grades));
    Uncertainty result;
    {
        const ProgressBar bar(progress, say(command_language(), Msg::cli_progress_replications), 2, !no_progress);
        try {
            result = assessment.uncertainty(ranking, analysis);
        } catch (const std::invalid_argument& e) {
            // The analysis names itself ("uncertainty: nothing varies: …").
            throw UsageError(both(Msg::err_cli_analysis_problem, arg("problem", argument_text(e))));
        }
    }
    interrupt.reset(); // writing the outputs is not interrupted half-way: they are renamed into place
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("uncertainty", given);
    publish_tables("uncertainty",
                   assessment.document("uncertainty",
                                       uncertainty_tables(result, ranking, assessment.result(), assessment.language())),
                   destination, destination.out.empty() ? nullptr : &audit);
    return exit_ok;
}

} // namespace shifan::cli

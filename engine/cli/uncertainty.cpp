// shifan uncertainty: how sure each rank and grade is, by Monte Carlo replications under varied
// weights, methods and expert ratings.
#include "command.hpp"

#include <optional>

namespace shifan::cli {

void UncertaintyArgs::add_to(po::options_description& model, po::options_description& run, Language language,
                             bool tables) {
    model.add_options()("vary-weights,w", po::value(&variations)->value_name("SPEC")->composing(),
                        say(language, Msg::help_cmd_uncertainty_vary_weights).c_str())(
        "methods", po::value(&methods)->value_name("LIST"), say(language, Msg::help_cmd_uncertainty_methods).c_str())(
        "normalisations", po::value(&normalisations)->value_name("LIST"),
        say(language, Msg::help_cmd_uncertainty_normalisations).c_str())(
        "rating-noise", po::bool_switch(&analysis.rating_noise),
        say(language, Msg::help_cmd_uncertainty_rating_noise).c_str());
    run.add_options()("replications,n", po::value(&analysis.replications)->value_name("N"),
                      say(language, Msg::help_cmd_uncertainty_replications).c_str())(
        "seed", po::value(&analysis.seed)->value_name("S"), say(language, Msg::help_cmd_uncertainty_seed).c_str());
    if (tables)
        run.add_options()("top", po::value(&analysis.top)->value_name("N"),
                          say(language, Msg::help_cmd_uncertainty_top).c_str())(
            "sensitivity", po::bool_switch(&analysis.sensitivity),
            say(language, Msg::help_cmd_uncertainty_sensitivity).c_str());
    run.add_options()("no-progress", po::bool_switch(&no_progress),
                      say(language, Msg::help_cmd_uncertainty_no_progress).c_str());
}

bool UncertaintyArgs::varies() const {
    return !variations.empty() || !methods.empty() || !normalisations.empty() || analysis.rating_noise;
}

UncertaintyOptions UncertaintyArgs::options(const std::string& command) const {
    UncertaintyOptions out = analysis;
    for (const std::string& text : variations) {
        try {
            out.weights.push_back(parse_weight_variation(text));
        } catch (const std::invalid_argument& e) {
            throw UsageError(
                both(Msg::err_cli_vary_weights, arg("command", command), arg("problem", argument_text(e))));
        }
    }
    for (const std::string& name : split_list(methods)) {
        if (name == "arithmetic")
            out.aggregations.push_back(Aggregation::arithmetic);
        else if (name == "geometric")
            out.aggregations.push_back(Aggregation::geometric);
        else if (name == "harmonic")
            out.aggregations.push_back(Aggregation::harmonic);
        else
            throw UsageError(both(Msg::err_cli_methods, arg("command", command), arg("name", name)));
    }
    for (const std::string& name : split_list(normalisations)) {
        if (name == "none")
            out.normalisations.push_back(Normalisation::none);
        else if (name == "min_max")
            out.normalisations.push_back(Normalisation::min_max);
        else
            throw UsageError(both(Msg::err_cli_normalisations, arg("command", command), arg("name", name)));
    }
    return out;
}

Uncertainty UncertaintyArgs::run(const std::string& command, const Assessment& assessment, const Ranking& ranking,
                                 unsigned threads, Progress& progress) const {
    UncertaintyOptions run_options = options(command);
    run_options.threads = threads;
    run_options.progress = &progress;
    const ProgressBar bar(progress, say(command_language(), Msg::cli_progress_replications), 2, !no_progress);
    try {
        return assessment.uncertainty(ranking, run_options);
    } catch (const std::invalid_argument& e) {
        // The analysis names itself ("uncertainty: nothing varies: …").
        throw UsageError(both(Msg::err_cli_analysis_problem, arg("problem", argument_text(e))));
    }
}

int run_uncertainty(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    UncertaintyArgs uncertainty;
    auto options = input_options(inputs, true, language);
    po::options_description model(say(language, Msg::help_cmd_uncertainty_caption_varies));
    po::options_description run(say(language, Msg::help_cmd_uncertainty_caption_replications));
    uncertainty.add_to(model, run, language);
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
    uncertainty.options("uncertainty"); // a bad specification is reported before the round is read
    // Ctrl-C asks the replications to stop (nothing is written then, see main); caught from before
    // loading, so that an interrupt while the round is read stops the run as soon as it starts.
    Progress progress;
    std::optional<InterruptGuard> interrupt(std::in_place, progress);
    const Assessment assessment =
        load_scored("uncertainty", inputs.sources(), output_args.threads, !destination.out.empty());
    const Ranking ranking = rank_checked("uncertainty", assessment, ranking_args.options("uncertainty", inputs.grades));
    const Uncertainty result = uncertainty.run("uncertainty", assessment, ranking, output_args.threads, progress);
    interrupt.reset(); // writing the outputs is not interrupted half-way: they are renamed into place
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("uncertainty", given);
    publish_tables("uncertainty",
                   assessment.document("uncertainty",
                                       uncertainty_tables(result, ranking, assessment.result(), assessment.language())),
                   destination, destination.out.empty() ? nullptr : &audit, false);
    return exit_ok;
}

} // namespace shifan::cli

// shifan rank: the full ranking, with first-level scores, rates and ranks, grades and groups.
#include "command.hpp"

namespace shifan::cli {

int run_rank(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    auto options = input_options(inputs, true, language);
    po::options_description output(say(language, Msg::help_caption_output));
    output_args.add_to(output, say(language, Msg::help_rank_out), language);
    ranking_args.add_to(output, language);
    ranking_args.add_grades_to(output, inputs, language);
    options.add(output);
    GivenOptions given;
    if (!parse("rank", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    const Destination destination = output_args.destination("rank");
    const Assessment assessment = load_scored("rank", inputs.sources(), output_args.threads, !destination.out.empty());
    const Ranking ranking = rank_checked("rank", assessment, ranking_args.options("rank", inputs.grades));
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("rank", given);
    const Table table = ranking_data(ranking, assessment.result(), {true, true, assessment.language()});
    publish_tables("rank", assessment.document("rank", {table}, true), destination,
                   destination.out.empty() ? nullptr : &audit, false);
    return exit_ok;
}

} // namespace shifan::cli

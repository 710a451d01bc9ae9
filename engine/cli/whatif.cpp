// shifan whatif: the fewest points a unit needs for its next grade, rank and the shortlist, and where
// to recover them; or a re-score with findings withdrawn or evidence corrected.
#include "command.hpp"

namespace shifan::cli {

int run_whatif(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    std::vector<std::string> unit_ids, withdrawals, settings;
    std::string tables, shortlist_grade;
    std::optional<std::size_t> shortlist_top;
    auto options = input_options(inputs, true, language);
    po::options_description what(say(language, Msg::help_cmd_whatif_caption));
    what.add_options()("unit,u", po::value(&unit_ids)->value_name("ID"),
                       say(language, Msg::help_cmd_whatif_unit).c_str())(
        "withdraw", po::value(&withdrawals)->value_name("UNIT:CODE:FINDING"),
        say(language, Msg::help_cmd_whatif_withdraw).c_str())("set",
                                                              po::value(&settings)->value_name("UNIT:CODE:FIELD=VALUE"),
                                                              say(language, Msg::help_cmd_whatif_set).c_str())(
        "shortlist", po::value<std::size_t>()->value_name("N")->notifier([&](std::size_t v) { shortlist_top = v; }),
        say(language, Msg::help_cmd_whatif_shortlist).c_str())("shortlist-grade",
                                                               po::value(&shortlist_grade)->value_name("GRADE"),
                                                               say(language, Msg::help_cmd_shortlist_grade).c_str());
    options.add(what);
    po::options_description output(say(language, Msg::help_cmd_caption_output));
    output_args.add_to(output, say(language, Msg::help_cmd_out_tables), language);
    output.add_options()("tables", po::value(&tables)->value_name("LIST"),
                         say(language, Msg::help_cmd_whatif_tables).c_str());
    ranking_args.add_to(output, language);
    ranking_args.add_grades_to(output, inputs, language);
    options.add(output);
    GivenOptions given;
    if (!parse("whatif",
               "--indicators FILE --rubric FILE --evidence FILE --unit ID [--withdraw ...] [--set ...] "
               "[options]",
               options, args, &given))
        return exit_ok;
    const Destination destination = output_args.destination("whatif");
    const bool changing = !withdrawals.empty() || !settings.empty();
    if (unit_ids.empty() && !changing) throw UsageError(both(Msg::err_cli_whatif_nothing, arg("command", "whatif")));
    WhatIfRequest request;
    request.units = unit_ids;
    for (const std::string& text : withdrawals)
        request.changes.push_back(parse_withdraw(text));
    for (const std::string& text : settings)
        request.changes.push_back(parse_set(text));
    const std::vector<std::string> picked = split_list(tables);
    check_tables("whatif", picked, whatif_table_ids());
    const Assessment assessment =
        load_scored("whatif", inputs.sources(), output_args.threads, !destination.out.empty());
    request.ranking = ranking_args.options("whatif", inputs.grades);
    ShortlistPolicy shortlist = assessment.rubric().report().shortlist;
    if (shortlist_top) shortlist.top = *shortlist_top;
    if (!shortlist_grade.empty()) shortlist.grade = shortlist_grade;
    if (!shortlist.grade.empty() && shortlist.top == 0)
        throw UsageError(both(Msg::err_cli_whatif_shortlist_grade, arg("command", "whatif")));
    if (!shortlist_grade.empty()) // checked here, as the shortlist is only drawn up for the gaps of units
        as_usage("whatif", [&] {
            check_shortlist_grade(request.ranking.grades ? *request.ranking.grades : assessment.grades(), shortlist);
        });
    request.shortlist = shortlist;
    request.threads = output_args.threads;
    const WhatIf whatif = as_usage("whatif", [&] { return assessment.what_if(request); });
    std::vector<Table> built;
    try {
        built = whatif_tables(whatif, picked);
    } catch (const std::invalid_argument&) {
        throw UsageError(both(Msg::err_cli_whatif_no_table, arg("command", "whatif"), arg("tables", tables)));
    }
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("whatif", given);
    publish_tables("whatif", assessment.document("whatif", std::move(built)), destination,
                   destination.out.empty() ? nullptr : &audit, true);
    return exit_ok;
}

} // namespace shifan::cli

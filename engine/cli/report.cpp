// shifan report: every table of an evaluation report.
#include "command.hpp"

namespace shifan::cli {

int run_report(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    std::string tables, department, unit_id, shortlist_grade;
    std::optional<double> pass_line, band_width;
    std::optional<std::size_t> weak_spots, shortlist_top;
    auto options = input_options(inputs, true, language);
    po::options_description output(say(language, Msg::help_cmd_caption_output));
    output_args.add_to(output, say(language, Msg::help_cmd_out_tables), language);
    output.add_options()("tables", po::value(&tables)->value_name("LIST"),
                         say(language, Msg::help_cmd_report_tables).c_str());
    options.add(output);
    po::options_description analysis(say(language, Msg::help_cmd_report_caption_analysis));
    ranking_args.add_to(analysis, language);
    ranking_args.add_grades_to(analysis, inputs, language);
    analysis.add_options()("pass-line",
                           po::value<double>()->value_name("RATE")->notifier([&](double v) { pass_line = v; }),
                           say(language, Msg::help_cmd_report_pass_line).c_str())(
        "band-width", po::value<double>()->value_name("SHARE")->notifier([&](double v) { band_width = v; }),
        say(language, Msg::help_cmd_report_band_width).c_str())(
        "weak-spots", po::value<std::size_t>()->value_name("N")->notifier([&](std::size_t v) { weak_spots = v; }),
        say(language, Msg::help_cmd_report_weak_spots).c_str())(
        "shortlist", po::value<std::size_t>()->value_name("N")->notifier([&](std::size_t v) { shortlist_top = v; }),
        say(language, Msg::help_cmd_report_shortlist).c_str())(
        "shortlist-grade", po::value(&shortlist_grade)->value_name("GRADE"),
        say(language, Msg::help_cmd_shortlist_grade).c_str())("department", po::value(&department)->value_name("NAME"),
                                                              say(language, Msg::help_cmd_report_department).c_str())(
        "unit,u", po::value(&unit_id)->value_name("ID"), say(language, Msg::help_cmd_report_unit).c_str());
    options.add(analysis);
    GivenOptions given;
    if (!parse("report", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    const Destination destination = output_args.destination("report");
    const std::vector<std::string> picked = split_list(tables);
    check_tables("report", picked, report_table_ids());
    const Assessment assessment =
        load_scored("report", inputs.sources(), output_args.threads, !destination.out.empty());
    const Ranking ranking = rank_checked("report", assessment, ranking_args.options("report", inputs.grades));
    ReportOptions report = ReportOptions::from(assessment.rubric());
    report.language = assessment.language();
    if (pass_line) report.statistics.pass_line = *pass_line;
    if (band_width) report.statistics.band_width = *band_width;
    if (weak_spots) report.weak_spots = *weak_spots;
    if (shortlist_top) report.shortlist.top = *shortlist_top;
    // Names are checked whether or not a table asked for uses them: none is ignored.
    if (!shortlist_grade.empty()) {
        report.shortlist.grade = shortlist_grade;
        as_usage("report", [&] { check_shortlist_grade(ranking.grades, report.shortlist); });
    }
    report.tables = picked;
    if (!department.empty()) {
        report.rectification.department = department_key(department);
        as_usage("report", [&] { check_department(assessment.framework(), *report.rectification.department); });
    }
    if (!unit_id.empty()) report.rectification.unit = assessment.unit(unit_id);
    std::vector<Table> built = as_usage("report", [&] { return assessment.report(ranking, report); });
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("report", given);
    publish_tables("report", assessment.document("report", std::move(built)), destination,
                   destination.out.empty() ? nullptr : &audit);
    return exit_ok;
}

} // namespace shifan::cli

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
    po::options_description output("Output");
    output_args.add_to(output, "write here instead of stdout: a file, a directory for several CSV tables (one "
                               "file per table), a .xlsx workbook (written atomically)", language);
    output.add_options()("tables", po::value(&tables)->value_name("LIST"),
                         "only these tables, comma-separated: ranking, shortlist, statistics, score_bands, "
                         "first_level_rates, indicator_losses, weak_spots, departments, rectification, "
                         "indicator_scores, lost_points (default: all)");
    options.add(output);
    po::options_description analysis("Ranking and analysis (defaults: the rubric's ranking, grades and report)");
    ranking_args.add_to(analysis, language);
    ranking_args.add_grades_to(analysis, inputs, language);
    analysis.add_options()("pass-line",
                           po::value<double>()->value_name("RATE")->notifier([&](double v) { pass_line = v; }),
                           "score rate a unit needs to pass (default 0.6)")(
        "band-width", po::value<double>()->value_name("SHARE")->notifier([&](double v) { band_width = v; }),
        "width of a score band as a share of the maximum (default 0.1)")(
        "weak-spots", po::value<std::size_t>()->value_name("N")->notifier([&](std::size_t v) { weak_spots = v; }),
        "weakest and strongest indicators listed per unit (default 5)")(
        "shortlist", po::value<std::size_t>()->value_name("N")->notifier([&](std::size_t v) { shortlist_top = v; }),
        "name the top N eligible units of every group (0: no shortlist)")(
        "shortlist-grade", po::value(&shortlist_grade)->value_name("GRADE"),
        "named units need this grade or a better one")("department", po::value(&department)->value_name("NAME"),
                                                       "the rectification list of this department only")(
        "unit,u", po::value(&unit_id)->value_name("ID"), "the rectification list of this unit only");
    options.add(analysis);
    GivenOptions given;
    if (!parse("report", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    const Destination destination = output_args.destination("report");
    const Assessment assessment =
        load_scored("report", inputs.sources(), output_args.threads, !destination.out.empty());
    const Ranking ranking = assessment.rank(ranking_args.options("report", inputs.grades));
    ReportOptions report = ReportOptions::from(assessment.rubric());
    report.language = assessment.language();
    if (pass_line) report.statistics.pass_line = *pass_line;
    if (band_width) report.statistics.band_width = *band_width;
    if (weak_spots) report.weak_spots = *weak_spots;
    if (shortlist_top) report.shortlist.top = *shortlist_top;
    if (!shortlist_grade.empty()) report.shortlist.grade = shortlist_grade;
    report.tables = split_list(tables);
    if (!department.empty()) report.rectification.department = department_key(department);
    if (!unit_id.empty()) report.rectification.unit = assessment.unit(unit_id);
    std::vector<Table> built;
    try {
        built = assessment.report(ranking, report);
    } catch (const std::invalid_argument& e) {
        throw UsageError(
            both(Msg::err_cli_command_problem, arg("command", "report"), arg("problem", argument_text(e))));
    }
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("report", given);
    publish_tables("report", assessment.document("report", std::move(built)), destination,
                   destination.out.empty() ? nullptr : &audit);
    return exit_ok;
}

} // namespace shifan::cli

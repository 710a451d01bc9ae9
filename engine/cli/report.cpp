// shifan report: every table of an evaluation report.
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

int run_report(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    UncertaintyArgs uncertainty;
    std::string tables, department, unit_id, shortlist_grade, per_unit;
    std::optional<double> pass_line, band_width;
    std::optional<std::size_t> weak_spots, shortlist_top;
    auto options = input_options(inputs, true, language);
    po::options_description output(say(language, Msg::help_cmd_caption_output));
    output_args.add_to(output, say(language, Msg::help_cmd_out_tables), language);
    output.add_options()("tables", po::value(&tables)->value_name("LIST"),
                         say(language, Msg::help_cmd_report_tables).c_str())(
        "per-unit", po::value(&per_unit)->value_name("DIR"), say(language, Msg::help_cmd_report_per_unit).c_str());
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
    po::options_description intervals(say(language, Msg::help_cmd_report_caption_uncertainty));
    uncertainty.add_to(intervals, intervals, language, false);
    options.add(intervals);
    GivenOptions given;
    if (!parse("report", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    const Destination destination = output_args.destination("report");
    const bool page = destination.format == Format::html || destination.format == Format::pdf;
    // Options that would change nothing are refused, not ignored.
    for (const char* name : {"replications", "seed", "no-progress"})
        if (given.contains(name) && !uncertainty.varies())
            throw UsageError(both(Msg::err_cli_report_interval_option, arg("command", "report"), arg("option", name)));
    if (uncertainty.varies() && !page)
        throw UsageError(both(Msg::err_cli_report_intervals_need_page, arg("command", "report"),
                              arg("format", output_args.format_name("report"))));
    if (uncertainty.varies()) uncertainty.options("report");
    std::optional<Format> notice_format;
    if (!per_unit.empty()) {
        notice_format = destination.format == Format::table ? Format::html : destination.format;
        if (*notice_format != Format::html && *notice_format != Format::markdown && *notice_format != Format::xlsx)
            throw UsageError(both(Msg::err_cli_per_unit_format, arg("command", "shifan report"),
                                  arg("format", output_args.format_name("report"))));
    }
    const std::vector<std::string> picked = split_list(tables);
    check_tables("report", picked, report_table_ids());
    const bool written = !destination.out.empty() || !per_unit.empty();
    const Assessment& assessment =
        kept_to_the_end(load_scored("report", inputs.sources(), output_args.threads, written));
    const Ranking& ranking =
        kept_to_the_end(rank_checked("report", assessment, ranking_args.options("report", inputs.grades)));
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
    // A page of a large round holds the tables of the round as a whole (unless --tables says otherwise).
    const std::size_t units = assessment.result().unit_count();
    if (page && picked.empty())
        for (const std::string& id : page_table_ids(units))
            if (id != "shortlist" || report.shortlist.top > 0) report.tables.push_back(id);
    if (!department.empty()) {
        report.rectification.department = department_key(department);
        as_usage("report", [&] { check_department(assessment.framework(), *report.rectification.department); });
    }
    if (!unit_id.empty()) report.rectification.unit = assessment.unit(unit_id);
    std::vector<Table> built = as_usage("report", [&] { return assessment.report(ranking, report); });
    const Audit audit = written ? assessment.audit("report", given) : Audit{};
    if (notice_format) {
        const std::vector<std::filesystem::path> files =
            write_notices(ranking, assessment.result(), report, per_unit, *notice_format, &audit);
        std::cout << say(assessment.language(), Msg::notice_written, arg("count", files.size()), arg("dir", per_unit),
                         arg("en_s", en_plural_s(files.size())))
                  << "\n";
        // With --per-unit the report itself is written only where --out asks for it.
        if (destination.out.empty()) return exit_ok;
    }
    Document document = assessment.document("report", std::move(built));
    if (page) {
        std::optional<Uncertainty> intervals;
        if (uncertainty.varies()) {
            Progress progress;
            const InterruptGuard interrupt(progress);
            intervals = uncertainty.run("report", assessment, ranking, output_args.threads, progress);
        }
        add_report_drawing(document, ranking, assessment.result(), report, intervals ? &*intervals : nullptr);
        if (picked.empty() && !page_table_ids(units).empty())
            document.notes.push_back(say(
                assessment.language(), Msg::html_detail_left_out, arg("units", units),
                arg("tables", joined(assessment.language(), Msg::list_separator, unit_table_ids())),
                arg("per_unit", "--per-unit DIR"), arg("formats", "--format xlsx|csv|md"), arg("option", "--tables")));
    }
    publish_tables("report", document, destination, destination.out.empty() ? nullptr : &audit, true);
    kept_to_the_end(std::move(document));
    return exit_ok;
}

} // namespace shifan::cli

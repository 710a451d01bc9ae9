// The shifan command: a thin shell over the library. Exit codes: 0 success, 2 bad input or
// arguments (one line on stderr naming file, place and problem), 1 internal failure.
#include "shifan/shifan.hpp"

#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

namespace po = boost::program_options;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_internal = 1;
constexpr int exit_bad_input = 2;

/// Problems with the command line or with where outputs go: reported like bad input.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* const overview = R"(shifan — score demonstration-site assessments

Usage: shifan <command> [options]

Commands:
  validate   check an indicator system, and optionally a rubric and a round, and summarise them
  score      score a round and print the ranking table (or write ranking.csv and result.json)
  explain    show where one unit lost its points, largest first, with the arithmetic
  rank       the full ranking: first-level scores, rates and ranks, grades, groups
  report     every table of an evaluation report: ranking, shortlist, statistics, weak spots,
             departments and rectification lists, indicator scores, lost points

Run 'shifan <command> --help' for a command's options.
Exit codes: 0 success, 2 bad input or arguments, 1 internal failure.
)";

struct Inputs {
    std::string indicators, rubric, evidence;
};

po::options_description input_options(Inputs& inputs, bool rubric_and_evidence_required) {
    po::options_description options("Inputs");
    const char* suffix = rubric_and_evidence_required ? " (required)" : "";
    options.add_options()("indicators,i", po::value(&inputs.indicators)->required()->value_name("FILE"),
                          "indicator system, .json or .csv (required)")(
        "rubric,r", po::value(&inputs.rubric)->value_name("FILE"), (std::string("rubric, .json") + suffix).c_str())(
        "evidence,e", po::value(&inputs.evidence)->value_name("FILE"),
        (std::string("round: units and evidence, a .json file or a directory of CSV tables") + suffix).c_str());
    return options;
}

/// Parses a subcommand's options; returns false when --help was printed.
bool parse(const std::string& command, const std::string& synopsis, po::options_description& options,
           const std::vector<std::string>& args) {
    options.add_options()("help,h", "show this help");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).run(), vm);
        if (vm.count("help")) {
            std::cout << "Usage: shifan " << command << " " << synopsis << "\n\n" << options << "\n";
            return false;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(fmt::format("shifan {}: {} (see 'shifan {} --help')", command, e.what(), command));
    }
    return true;
}

void require(const std::string& command, const std::string& value, const char* option) {
    if (value.empty())
        throw UsageError(
            fmt::format("shifan {}: the option '--{}' is required (see 'shifan {} --help')", command, option, command));
}

/// Loaded inputs and their result, kept together because the result refers to the inputs.
struct Assessment {
    shifan::Framework framework;
    shifan::Rubric rubric;
    shifan::Round round;
    std::optional<shifan::Result> result;

    static std::unique_ptr<Assessment> load(const Inputs& inputs, const shifan::ScoreOptions& options = {}) {
        auto framework = shifan::load_framework(inputs.indicators);
        auto rubric = shifan::load_rubric(inputs.rubric, framework);
        auto round = shifan::load_round(inputs.evidence, framework);
        auto a =
            std::unique_ptr<Assessment>(new Assessment{std::move(framework), std::move(rubric), std::move(round), {}});
        a->result.emplace(shifan::score(a->framework, a->rubric, a->round, options));
        if (const std::string broken = shifan::check_invariants(*a->result); !broken.empty())
            throw std::logic_error("scoring invariant violated: " + broken);
        return a;
    }
};

/// Options shared by the commands that rank: group, rank method, grades.
struct RankingArgs {
    std::string group, method, grades;
    bool no_grades = false;

    void add_to(po::options_description& options) {
        options.add_options()("group,g", po::value(&group)->value_name("ATTR"),
                              "also rank within groups of this unit attribute (default: the rubric's ranking.group)")(
            "rank-method", po::value(&method)->value_name("METHOD"),
            "competition (1, 2, 2, 4), dense (1, 2, 2, 3) or ordinal (ties broken by the rubric's tie_break, then "
            "id); default: the rubric's ranking.method, else competition");
    }
    void add_grades_to(po::options_description& options) {
        options.add_options()("grades", po::value(&grades)->value_name("FILE"),
                              "grades from this JSON file ({\"grades\": {...}} as in a rubric) instead of the "
                              "rubric's")("no-grades", po::bool_switch(&no_grades),
                                          "no grades, whatever the rubric says");
    }

    shifan::RankOptions options(const std::string& command, const shifan::Rubric& rubric) const {
        shifan::RankOptions rank_options;
        if (!group.empty()) rank_options.group_attribute = group;
        if (!method.empty()) {
            rank_options.method = shifan::parse_rank_method(method);
            if (!rank_options.method)
                throw UsageError(fmt::format(
                    "shifan {}: --rank-method must be competition, dense or ordinal, found '{}'", command, method));
        }
        if (no_grades && !grades.empty())
            throw UsageError(fmt::format("shifan {}: --grades and --no-grades exclude each other", command));
        if (no_grades) rank_options.grades = shifan::GradePolicy{};
        if (!grades.empty()) rank_options.grades = shifan::load_grades(grades, rubric);
        return rank_options;
    }
};

/// Output formats of the table commands.
const char* const table_formats = "table|csv|md|json|xlsx";

void check_table_format(const std::string& command, const std::string& format) {
    if (format != "table" && format != "csv" && format != "md" && format != "json" && format != "xlsx")
        throw UsageError(
            fmt::format("shifan {}: --format must be table, csv, md, json or xlsx, found '{}'", command, format));
}

void write_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
    try {
        shifan::write_files_atomically(files);
    } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
    }
}

/// The workbook's properties: what it is and the inputs it came from.
shifan::WorkbookProperties workbook_properties(const shifan::Result& result, const Inputs& inputs,
                                               const std::string& what) {
    shifan::WorkbookProperties properties;
    properties.title = shifan::report_heading(result);
    properties.subject = what;
    properties.comments = fmt::format("shifan {}", shifan::version);
    properties.custom = {{"round", result.round().id()},     {"indicators", result.framework().id()},
                         {"rubric", result.rubric().id()},   {"indicators_file", inputs.indicators},
                         {"rubric_file", inputs.rubric},     {"evidence", inputs.evidence},
                         {"shifan_version", shifan::version}};
    return properties;
}

/// Prints or writes tables in a format. csv: one table to stdout or PATH, several into the
/// directory PATH (one file per table id); xlsx: a workbook at PATH (required); the others: one
/// document, to stdout or PATH.
void emit_tables(const std::string& command, const std::vector<shifan::Table>& tables, const shifan::Result& result,
                 const Inputs& inputs, const std::string& format, const std::string& out, bool bom) {
    namespace fs = std::filesystem;
    if (format == "xlsx") {
        if (out.empty())
            throw UsageError(
                fmt::format("shifan {}: --format xlsx needs --out FILE.xlsx (a workbook is not printed)", command));
        try {
            shifan::write_xlsx(out, tables, workbook_properties(result, inputs, command));
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
        return;
    }
    if (format == "csv" && tables.size() > 1) {
        if (out.empty())
            throw UsageError(fmt::format("shifan {}: {} tables as CSV need --out DIR (one file per table), or choose "
                                         "one with --tables",
                                         command, tables.size()));
        std::error_code ec;
        if (fs::exists(out, ec) && !fs::is_directory(out, ec))
            throw UsageError(fmt::format("{}: the output directory exists and is not a directory", out));
        fs::create_directories(out, ec);
        if (ec) throw UsageError(fmt::format("{}: cannot create the output directory: {}", out, ec.message()));
        std::vector<std::pair<fs::path, std::string>> files;
        for (const shifan::Table& table : tables)
            files.emplace_back(fs::path(out) / (table.id + ".csv"), shifan::table_csv(table, bom));
        write_atomically(files);
        return;
    }
    std::string text;
    if (format == "csv")
        text = shifan::table_csv(tables.front(), bom);
    else if (format == "json")
        text = tables.size() == 1 && command == "rank" ? shifan::table_json(tables.front())
                                                       : shifan::report_json(tables, result);
    else if (format == "md")
        text = shifan::report_markdown(tables, result);
    else
        text = command == "rank" ? shifan::table_text(tables.front()) : shifan::report_text(tables, result);
    if (out.empty())
        std::cout << text;
    else
        write_atomically({{fs::path(out), text}});
}

/// The inputs of a command that scores: rubric and evidence required, everything loaded and scored.
std::unique_ptr<Assessment> load_required(const std::string& command, const Inputs& inputs, unsigned threads) {
    require(command, inputs.rubric, "rubric");
    require(command, inputs.evidence, "evidence");
    return Assessment::load(inputs, {threads});
}

int run_validate(const std::vector<std::string>& args) {
    Inputs inputs;
    auto options = input_options(inputs, false);
    if (!parse("validate", "--indicators FILE [--rubric FILE] [--evidence FILE]", options, args)) return exit_ok;
    if (!inputs.evidence.empty()) require("validate", inputs.rubric, "rubric");

    // The summary is printed only when everything checks out, so a failure prints one line.
    std::ostringstream report;
    const auto framework = shifan::load_framework(inputs.indicators);
    std::map<int, std::size_t> per_level;
    for (const auto& node : framework.nodes())
        if (node.level > 0) ++per_level[node.level];
    std::string levels;
    for (const auto& [level, count] : per_level)
        levels += fmt::format("{}level {}: {}", levels.empty() ? "" : ", ", level, count);
    report << fmt::format("indicators  {}: '{}' {}\n", inputs.indicators, framework.id(), framework.name());
    report << fmt::format("            {} points; {}; {} leaves\n", shifan::format_points(framework.total_points(), 6),
                          levels, framework.leaves().size());
    if (inputs.rubric.empty()) {
        report << "OK\n";
        std::cout << report.str();
        return exit_ok;
    }
    const auto rubric = shifan::load_rubric(inputs.rubric, framework);
    std::map<std::string, std::size_t> per_type;
    std::size_t rule_count = 0, caps = 0;
    for (shifan::NodeIndex n = 0; n < framework.size(); ++n) {
        for (const auto& rule : rubric.rules(n)) {
            ++per_type[std::string(rule.type_name())];
            ++rule_count;
        }
        caps += rubric.loss_cap(n) ? 1 : 0;
    }
    std::string types;
    for (const auto& [type, count] : per_type)
        types += fmt::format("{}{} {}", types.empty() ? "" : ", ", type, count);
    report << fmt::format("rubric      {}: '{}' {}\n", inputs.rubric, rubric.id(), rubric.name());
    report << fmt::format("            {} rules ({}); loss caps on {} indicators; precision {}; missing "
                          "evidence: {}\n",
                          rule_count, types, caps, rubric.precision(),
                          rubric.missing_evidence() == shifan::MissingEvidencePolicy::zero ? "zero" : "error");
    if (!rubric.bonus().items.empty() || !rubric.vetoes().empty() || !rubric.unit_deductions().empty())
        report << fmt::format("            unit-level: {} bonus items, {} veto kinds, {} deduction kinds\n",
                              rubric.bonus().items.size(), rubric.vetoes().size(), rubric.unit_deductions().size());
    if (inputs.evidence.empty()) {
        report << "OK\n";
        std::cout << report.str();
        return exit_ok;
    }
    const auto round = shifan::load_round(inputs.evidence, framework);
    const auto result = shifan::score(framework, rubric, round);
    if (const std::string broken = shifan::check_invariants(result); !broken.empty())
        throw std::logic_error("scoring invariant violated: " + broken);
    const shifan::Coverage covered = shifan::coverage(framework, rubric, round);
    report << fmt::format("evidence    {}: '{}' {}\n", inputs.evidence, round.id(), round.name());
    report << fmt::format("            {} units; {} of {} unit × leaf cells have evidence ({})\n", round.unit_count(),
                          covered.covered(), covered.cells,
                          covered.cells ? shifan::format_percent(static_cast<double>(covered.covered()) / covered.cells)
                                        : "-");
    std::size_t event_counts[3] = {};
    for (const shifan::Event& event : round.events())
        ++event_counts[static_cast<int>(event.type)];
    if (!round.events().empty())
        report << fmt::format("            events: {} bonus, {} veto, {} deduction\n", event_counts[0], event_counts[1],
                              event_counts[2]);
    if (!covered.missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < covered.missing.size() && i < 20; ++i)
            list += fmt::format("{}{} {}", i ? ", " : "", round.units()[covered.missing[i].first].id,
                                framework[covered.missing[i].second].code);
        if (covered.missing.size() > 20) list += fmt::format(", … ({} more)", covered.missing.size() - 20);
        report << "            no evidence: " << list << "\n";
    }
    if (!covered.unread_fields.empty()) {
        std::string list;
        std::size_t shown = 0;
        for (const auto& [where, units] : covered.unread_fields) {
            if (shown++ == 20) {
                list += fmt::format(", … ({} more)", covered.unread_fields.size() - 20);
                break;
            }
            list += fmt::format("{}{}.{} ({} unit{})", list.empty() ? "" : ", ", where.first, where.second, units,
                                units == 1 ? "" : "s");
        }
        report << "            warning: fields no rule reads: " << list << "\n";
    }
    report << "OK\n";
    std::cout << report.str();
    return exit_ok;
}

int run_score(const std::vector<std::string>& args) {
    Inputs inputs;
    RankingArgs ranking_args;
    std::string out_dir, format = "table";
    bool no_bom = false;
    unsigned threads = 0;
    auto options = input_options(inputs, true);
    po::options_description output("Output");
    output.add_options()("format,f", po::value(&format)->value_name("table|json|csv"),
                         "what to print on stdout: the ranking table (default), the full result as JSON, or the "
                         "ranking as CSV")(
        "out,o", po::value(&out_dir)->value_name("DIR"),
        "also write DIR/ranking.csv and DIR/result.json (created if needed; written atomically)");
    ranking_args.add_to(output);
    output.add_options()("no-bom", po::bool_switch(&no_bom), "write CSV without the UTF-8 byte-order mark")(
        "threads,t", po::value(&threads)->value_name("N"),
        "threads for scoring (default: chosen by the size of the round; results are identical for any N)");
    options.add(output);
    if (!parse("score", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args)) return exit_ok;
    if (format != "table" && format != "json" && format != "csv")
        throw UsageError(fmt::format("shifan score: --format must be table, json or csv, found '{}'", format));
    const auto a = load_required("score", inputs, threads);
    const auto ranking = shifan::rank(*a->result, ranking_args.options("score", a->rubric));
    if (!out_dir.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(out_dir, ec) && !std::filesystem::is_directory(out_dir, ec))
            throw UsageError(fmt::format("{}: the output directory exists and is not a directory", out_dir));
        std::filesystem::create_directories(out_dir, ec);
        if (ec) throw UsageError(fmt::format("{}: cannot create the output directory: {}", out_dir, ec.message()));
        write_atomically(
            {{std::filesystem::path(out_dir) / "ranking.csv", shifan::ranking_csv(ranking, *a->result, !no_bom)},
             {std::filesystem::path(out_dir) / "result.json", shifan::result_json(ranking, *a->result)}});
    }
    if (format == "json")
        std::cout << shifan::result_json(ranking, *a->result);
    else if (format == "csv")
        std::cout << shifan::ranking_csv(ranking, *a->result, !no_bom);
    else
        std::cout << shifan::ranking_table(ranking, *a->result);
    return exit_ok;
}

/// Output options of the table commands (rank, report).
struct TableOutput {
    std::string format = "table", out;
    bool no_bom = false;
    unsigned threads = 0;

    void add_to(po::options_description& options, const char* out_help) {
        options.add_options()("format,f", po::value(&format)->value_name(table_formats),
                              "table (aligned for a terminal, default), csv, md (Markdown), json or xlsx (a workbook; "
                              "needs --out)")("out,o", po::value(&out)->value_name("PATH"), out_help)(
            "no-bom", po::bool_switch(&no_bom), "write CSV without the UTF-8 byte-order mark")(
            "threads,t", po::value(&threads)->value_name("N"),
            "threads for scoring (default: chosen by the size of the round; results are identical for any N)");
    }
};

int run_rank(const std::vector<std::string>& args) {
    Inputs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    auto options = input_options(inputs, true);
    po::options_description output("Output");
    output_args.add_to(output, "write the ranking to this file instead of stdout (written atomically)");
    ranking_args.add_to(output);
    ranking_args.add_grades_to(output);
    options.add(output);
    if (!parse("rank", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args)) return exit_ok;
    check_table_format("rank", output_args.format);
    const auto a = load_required("rank", inputs, output_args.threads);
    const auto ranking = shifan::rank(*a->result, ranking_args.options("rank", a->rubric));
    emit_tables("rank", {shifan::ranking_data(ranking, *a->result)}, *a->result, inputs, output_args.format,
                output_args.out, !output_args.no_bom);
    return exit_ok;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    for (char c : text + ",") {
        if (c == ',') {
            if (!item.empty()) out.push_back(item);
            item.clear();
        } else if (c != ' ') {
            item += c;
        }
    }
    return out;
}

int run_report(const std::vector<std::string>& args) {
    Inputs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    std::string tables, department, unit_id, shortlist_grade;
    std::optional<double> pass_line, band_width;
    std::optional<std::size_t> weak_spots, shortlist_top;
    auto options = input_options(inputs, true);
    po::options_description output("Output");
    output_args.add_to(output, "write here instead of stdout: a file, a directory for several CSV tables (one "
                               "file per table), a .xlsx workbook (written atomically)");
    output.add_options()("tables", po::value(&tables)->value_name("LIST"),
                         "only these tables, comma-separated: ranking, shortlist, statistics, score_bands, "
                         "first_level_rates, indicator_losses, weak_spots, departments, rectification, "
                         "indicator_scores, lost_points (default: all)");
    options.add(output);
    po::options_description analysis("Ranking and analysis (defaults: the rubric's ranking, grades and report)");
    ranking_args.add_to(analysis);
    ranking_args.add_grades_to(analysis);
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
    if (!parse("report", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args)) return exit_ok;
    check_table_format("report", output_args.format);
    const auto a = load_required("report", inputs, output_args.threads);
    const auto ranking = shifan::rank(*a->result, ranking_args.options("report", a->rubric));
    auto report = shifan::ReportOptions::from(a->rubric);
    if (pass_line) report.statistics.pass_line = *pass_line;
    if (band_width) report.statistics.band_width = *band_width;
    if (weak_spots) report.weak_spots = *weak_spots;
    if (shortlist_top) report.shortlist.top = *shortlist_top;
    if (!shortlist_grade.empty()) report.shortlist.grade = shortlist_grade;
    report.tables = split_list(tables);
    report.rectification.department = department;
    if (!unit_id.empty()) {
        report.rectification.unit = a->round.find_unit(unit_id);
        if (!report.rectification.unit)
            throw UsageError(fmt::format("{}: no unit with id '{}' (the round has {} units)", inputs.evidence, unit_id,
                                         a->round.unit_count()));
    }
    std::vector<shifan::Table> built;
    try {
        built = shifan::report_tables(ranking, *a->result, report);
    } catch (const std::invalid_argument& e) {
        throw UsageError(fmt::format("shifan report: {}", e.what()));
    }
    emit_tables("report", built, *a->result, inputs, output_args.format, output_args.out, !output_args.no_bom);
    return exit_ok;
}

int run_explain(const std::vector<std::string>& args) {
    Inputs inputs;
    std::string unit_id;
    auto options = input_options(inputs, true);
    options.add_options()("unit,u", po::value(&unit_id)->required()->value_name("ID"),
                          "the unit to explain (required)");
    if (!parse("explain", "--unit ID --indicators FILE --rubric FILE --evidence FILE", options, args)) return exit_ok;
    const auto a = load_required("explain", inputs, 0);
    const auto unit = a->round.find_unit(unit_id);
    if (!unit)
        throw UsageError(fmt::format("{}: no unit with id '{}' (the round has {} units)", inputs.evidence, unit_id,
                                     a->round.unit_count()));
    const auto ranking = shifan::rank(*a->result);
    std::cout << shifan::explain_unit(ranking, *a->result, *unit);
    return exit_ok;
}

} // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    const std::vector<std::string> all(argv + 1, argv + argc);
    if (all.empty()) {
        std::cerr << overview;
        return exit_bad_input;
    }
    const std::string command = all.front();
    const std::vector<std::string> args(all.begin() + 1, all.end());
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << overview;
            return exit_ok;
        }
        if (command == "--version") {
            std::cout << "shifan " << shifan::version << "\n";
            return exit_ok;
        }
        int code = exit_bad_input;
        if (command == "validate")
            code = run_validate(args);
        else if (command == "score")
            code = run_score(args);
        else if (command == "explain")
            code = run_explain(args);
        else if (command == "rank")
            code = run_rank(args);
        else if (command == "report")
            code = run_report(args);
        else
            throw UsageError(
                fmt::format("shifan: unknown command '{}' (commands: validate, score, explain, rank, report; see "
                            "'shifan --help')",
                            command));
        std::cout.flush();
        return code;
    } catch (const shifan::InputError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    } catch (const UsageError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    } catch (const std::exception& e) {
        std::cerr << "internal error: " << e.what() << "\n";
        return exit_internal;
    }
}

// The shifan command: a thin shell over the library. Exit codes: 0 success, 2 bad input or
// arguments (one line on stderr naming file, place and problem), 1 internal failure.
#include "shifan/analyse/composite_round.hpp"
#include "shifan/analyse/uncertainty.hpp"
#include "shifan/infra/interrupt.hpp"
#include "shifan/infra/progress.hpp"
#include "shifan/infra/synthetic.hpp"
#include "shifan/shifan.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace po = boost::program_options;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_internal = 1;
constexpr int exit_bad_input = 2;
constexpr int exit_input_changed = 3;  // shifan verify: an input is missing or not what the audit records
constexpr int exit_output_differs = 4; // shifan verify: an output differs from a re-run
constexpr int exit_interrupted = 130;  // stopped by Ctrl-C (128 + SIGINT, as shells report it)

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
  weights    derive weights: AHP from pairwise judgements, or entropy, CRITIC, coefficient of
             variation or equal weights from a round's data; optionally write them as points
  composite  compute a composite index (normalise, weight, aggregate) and rank by it
  uncertainty how sure each rank and grade is: Monte Carlo replications under varied weights,
             methods or expert ratings; rank percentiles, flips of adjacent units, sensitivity
  whatif     the fewest points a unit needs for its next grade, next rank and the shortlist, and
             where to recover them; or re-score with a finding withdrawn or evidence corrected
  gen        write a reproducible synthetic round of any size: indicator system, rubric, and the
             evidence as JSON and as CSV tables
  verify     check outputs written with --out against their audit: the inputs still have the
             recorded SHA-256, and a re-run with the recorded options gives the same bytes

Run 'shifan <command> --help' for a command's options.
Exit codes: 0 success, 2 bad input or arguments, 1 internal failure, 130 interrupted (nothing
written); verify: 3 an input changed, 4 an output differs.
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

/// The options given on a command line, by long name; a switch has no value.
using GivenOptions = std::map<std::string, std::optional<std::string>>;

/// Parses a subcommand's options; returns false when --help was printed. `given` receives the
/// options as given (for the audit), without --help, --out and --threads, which change no content;
/// an option given several times has its values one per line, in order.
bool parse(const std::string& command, const std::string& synopsis, po::options_description& options,
           const std::vector<std::string>& args, GivenOptions* given = nullptr) {
    options.add_options()("help,h", "show this help");
    po::variables_map vm;
    try {
        const po::parsed_options parsed = po::command_line_parser(args).options(options).run();
        po::store(parsed, vm);
        if (given)
            for (const po::option& option : parsed.options) {
                if (option.string_key == "help" || option.string_key == "out" || option.string_key == "threads")
                    continue;
                std::optional<std::string> value;
                for (const std::string& token : option.value)
                    value = value ? *value + " " + token : token;
                auto [recorded, first] = given->try_emplace(option.string_key, value);
                if (!first && recorded->second && value) *recorded->second += "\n" + *value;
            }
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

/// Creates the output directory `dir` if needed; a file in its place, or a failure, is a usage error.
void make_output_directory(const std::string& dir) {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
        throw UsageError(fmt::format("{}: the output directory exists and is not a directory", dir));
    std::filesystem::create_directories(dir, ec);
    if (ec) throw UsageError(fmt::format("{}: cannot create the output directory: {}", dir, ec.message()));
}

template <class Files> void write_atomically(const Files& files) {
    try {
        shifan::write_files_atomically(files);
    } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
    }
}
void write_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
    write_atomically<std::vector<std::pair<std::filesystem::path, std::string>>>(files);
}
void write_atomically(const std::vector<shifan::OutputFile>& files) {
    write_atomically<std::vector<shifan::OutputFile>>(files);
}

/// Standard output as a sink.
class StdoutSink : public shifan::OutputSink {
public:
    void write(std::string_view text) override {
        std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
};

/// The inputs named on the command line (role, path; an empty path is skipped), hashed on a second
/// thread while the command loads them.
std::future<std::vector<shifan::AuditInput>> hash_inputs(std::vector<std::pair<std::string, std::string>> named) {
    return std::async(std::launch::async, [named = std::move(named)] {
        std::vector<shifan::AuditInput> all;
        for (const auto& [role, path] : named) {
            if (path.empty()) continue;
            std::vector<shifan::AuditInput> inputs = shifan::audit_inputs(role, path);
            all.insert(all.end(), inputs.begin(), inputs.end());
        }
        return all;
    });
}

/// The round's inputs (and a grades file), hashed while the command loads them when its output
/// is kept (`out` given); no digests otherwise.
std::future<std::vector<shifan::AuditInput>> hash_round_inputs(const std::string& out, const Inputs& inputs,
                                                               const std::string& grades = {}) {
    if (out.empty()) return {};
    return hash_inputs({{"indicators", inputs.indicators},
                        {"rubric", inputs.rubric},
                        {"evidence", inputs.evidence},
                        {"grades", grades}});
}

shifan::Audit make_audit(const std::string& command, const GivenOptions& given, const shifan::Framework& framework,
                         const shifan::Rubric& rubric, const shifan::Round& round,
                         std::vector<shifan::AuditInput> inputs) {
    return {shifan::version, command, given, framework.id(), rubric.id(), round.id(), std::move(inputs)};
}

/// The audit as the workbook's last sheet, for people; the properties hold it for programs.
shifan::Table audit_table(const shifan::Audit& audit) {
    shifan::Table table;
    table.id = "audit";
    table.title = "审计信息：输入文件、选项与版本";
    table.add_column("item", "项目");
    table.add_column("value", "内容");
    table.add_column("bytes", "字节数", shifan::CellKind::integer);
    table.add_column("sha256", "SHA-256");
    table.rows.push_back({std::string("shifan"), audit.shifan_version, {}, {}});
    table.rows.push_back({std::string("command"), audit.command, {}, {}});
    for (const auto& [name, value] : audit.options)
        table.rows.push_back({"option " + name, value.value_or("(on)"), {}, {}});
    table.rows.push_back({std::string("indicator_system"), audit.indicator_system, {}, {}});
    table.rows.push_back({std::string("rubric"), audit.rubric, {}, {}});
    table.rows.push_back({std::string("round"), audit.round, {}, {}});
    for (const shifan::AuditInput& input : audit.inputs)
        table.rows.push_back({"input " + input.role, input.path, static_cast<double>(input.bytes), input.sha256});
    table.notes.push_back("在写出本文件时的工作目录下运行 shifan verify --out 本文件：核对各输入文件的 "
                          "SHA-256，按记录的命令与选项重新计算，并与本文件逐项比较。");
    return table;
}

/// The workbook's properties: what it is and, from the audit, the inputs it came from.
shifan::WorkbookProperties workbook_properties(const std::string& title, const std::string& what,
                                               const shifan::Audit* audit) {
    shifan::WorkbookProperties properties;
    properties.title = title;
    properties.subject = what;
    properties.comments = fmt::format("shifan {}", shifan::version);
    if (audit) {
        try {
            properties.custom = shifan::audit_properties(*audit);
        } catch (const std::invalid_argument& e) {
            throw UsageError(fmt::format("shifan {}: {}", what, e.what()));
        }
    }
    return properties;
}

/// Where a written output keeps its audit when its format has no place for one (CSV, plain text).
std::string audit_side_file(const std::string& out) { return out + ".audit.json"; }

/// Prints or writes tables in a format. csv: one table to stdout or PATH, several into the
/// directory PATH (one file per table id); xlsx: a workbook at PATH (required); the others: one
/// document (under `heading`), to stdout or PATH. A written output carries the audit, when given:
/// JSON as its member "audit", Markdown as a closing comment, a workbook in its properties and an
/// "audit" sheet, CSV and text in a side file (DIR/audit.json, or PATH.audit.json).
void emit_plain_tables(const std::string& command, std::vector<shifan::Table> tables, const std::string& format,
                       const std::string& out, bool bom, const std::string& heading = {},
                       const shifan::WorkbookProperties& properties = {},
                       const std::vector<std::pair<std::string, std::string>>& json_header = {},
                       bool lone_table = false, const shifan::Audit* audit = nullptr) {
    namespace fs = std::filesystem;
    if (out.empty()) audit = nullptr; // printed outputs have no file to verify
    if (format == "xlsx") {
        if (out.empty())
            throw UsageError(
                fmt::format("shifan {}: --format xlsx needs --out FILE.xlsx (a workbook is not printed)", command));
        if (audit) tables.push_back(audit_table(*audit));
        try {
            shifan::write_xlsx(out, tables, properties);
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
        return;
    }
    const std::string audit_text = audit ? shifan::audit_json(*audit) + "\n" : std::string();
    if (format == "csv" && tables.size() > 1) {
        if (out.empty())
            throw UsageError(fmt::format("shifan {}: {} tables as CSV need --out DIR (one file per table), or choose "
                                         "one with --tables",
                                         command, tables.size()));
        make_output_directory(out);
        std::vector<std::pair<fs::path, std::string>> files;
        for (const shifan::Table& table : tables)
            files.emplace_back(fs::path(out) / (table.id + ".csv"), shifan::table_csv(table, bom));
        if (audit) files.emplace_back(fs::path(out) / "audit.json", audit_text);
        write_atomically(files);
        return;
    }
    std::string text;
    if (format == "csv") {
        text = shifan::table_csv(tables.front(), bom);
    } else if (format == "json") {
        text = lone_table || tables.size() == 1 ? shifan::table_json(tables.front())
                                                : shifan::tables_json(tables, json_header);
    } else if (format == "table" && lone_table) {
        text = shifan::table_text(tables.front());
    } else {
        text = format == "md" ? shifan::tables_markdown(tables, heading) : shifan::tables_text(tables, heading);
    }
    if (out.empty()) {
        std::cout << text;
    } else if (!audit) {
        write_atomically({{fs::path(out), text}});
    } else if (format == "json") {
        write_atomically({{fs::path(out), shifan::json_with_audit(text, *audit)}});
    } else if (format == "md") {
        write_atomically({{fs::path(out), shifan::markdown_with_audit(text, *audit)}});
    } else {
        write_atomically({{fs::path(out), text}, {fs::path(audit_side_file(out)), audit_text}});
    }
}

/// The tables of a scored round: the heading, workbook properties and JSON header name its inputs.
void emit_tables(const std::string& command, std::vector<shifan::Table> tables, const shifan::Result& result,
                 const std::string& format, const std::string& out, bool bom, const shifan::Audit* audit) {
    const std::string heading = shifan::report_heading(result);
    emit_plain_tables(command, std::move(tables), format, out, bom, heading,
                      workbook_properties(heading, command, audit), shifan::report_header(result), command == "rank",
                      audit);
}

/// The inputs of a command that scores: rubric and evidence required, everything loaded and scored.
std::unique_ptr<Assessment> load_required(const std::string& command, const Inputs& inputs, unsigned threads) {
    require(command, inputs.rubric, "rubric");
    require(command, inputs.evidence, "evidence");
    return Assessment::load(inputs, {threads});
}

/// The AHP file a composite rubric names (relative to the rubric's folder), or `override`.
std::optional<std::filesystem::path> composite_ahp_file(const shifan::Rubric& rubric, const std::string& rubric_file,
                                                        const std::string& override) {
    const shifan::CompositePolicy* policy = rubric.composite();
    if (!override.empty()) return override;
    if (!policy || policy->ahp.empty()) return std::nullopt;
    std::filesystem::path file = policy->ahp;
    if (file.is_relative()) file = std::filesystem::path(rubric_file).parent_path() / file;
    return file;
}

/// Reads the AHP file a composite rubric names, or `override`.
std::optional<shifan::AhpJudgements> composite_ahp(const shifan::Rubric& rubric, const std::string& rubric_file,
                                                   const std::string& override) {
    const auto file = composite_ahp_file(rubric, rubric_file, override);
    if (!file) return std::nullopt;
    return shifan::load_ahp(*file);
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
        std::cout << shifan::escape_controls(report.str(), true);
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
    if (const shifan::CompositePolicy* composite = rubric.composite()) {
        static constexpr const char* sources[] = {"the indicator system",     "equal", "entropy", "CRITIC",
                                                  "coefficient of variation", "AHP"};
        report << fmt::format("            composite index: values in field '{}' ({} per-leaf fields, {} lower is "
                              "better); weights from {}{}\n",
                              composite->field, composite->fields.size(), composite->directions.size(),
                              sources[static_cast<int>(composite->weights)],
                              composite->ahp.empty() ? std::string() : fmt::format(" ({})", composite->ahp.string()));
        if (!rubric.gives_points()) report << "            no rules: the rubric gives no points, only the index\n";
    }
    if (inputs.evidence.empty()) {
        report << "OK\n";
        std::cout << shifan::escape_controls(report.str(), true);
        return exit_ok;
    }
    const auto round = shifan::load_round(inputs.evidence, framework);
    if (!rubric.gives_points()) {
        const auto judgements = composite_ahp(rubric, inputs.rubric, "");
        try {
            const shifan::CompositeResult index =
                shifan::composite(framework, rubric, round, judgements ? &*judgements : nullptr);
            std::size_t present = 0;
            for (Eigen::Index i = 0; i < index.raw.size(); ++i)
                present += std::isnan(index.raw.data()[i]) ? 0 : 1;
            report << fmt::format("evidence    {}: '{}' {}\n", inputs.evidence, round.id(), round.name());
            report << fmt::format("            {} units; {} of {} unit × leaf values present\n", round.unit_count(),
                                  present, index.raw.size());
        } catch (const std::invalid_argument& e) {
            throw UsageError(fmt::format("{}: {}", inputs.evidence, e.what()));
        }
        report << "OK\n";
        std::cout << shifan::escape_controls(report.str(), true);
        return exit_ok;
    }
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
    std::cout << shifan::escape_controls(report.str(), true);
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
    GivenOptions given;
    if (!parse("score", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    if (format != "table" && format != "json" && format != "csv")
        throw UsageError(fmt::format("shifan score: --format must be table, json or csv, found '{}'", format));
    auto digests = hash_round_inputs(out_dir, inputs);
    const auto a = load_required("score", inputs, threads);
    const auto ranking = shifan::rank(*a->result, ranking_args.options("score", a->rubric));
    if (!out_dir.empty()) {
        make_output_directory(out_dir);
        const shifan::Audit audit = make_audit("score", given, a->framework, a->rubric, a->round, digests.get());
        const std::string csv = shifan::ranking_csv(ranking, *a->result, !no_bom);
        const std::filesystem::path dir(out_dir);
        write_atomically(
            {{dir / "ranking.csv", [&](shifan::OutputSink& sink) { sink.write(csv); }},
             {dir / "result.json",
              [&](shifan::OutputSink& sink) {
                  shifan::AuditedJsonSink audited(sink, audit);
                  shifan::write_result_json(audited, ranking, *a->result);
                  audited.finish();
              }},
             {dir / "audit.json", [&](shifan::OutputSink& sink) { sink.write(shifan::audit_json(audit) + "\n"); }}});
    }
    if (format == "json") {
        StdoutSink sink;
        shifan::write_result_json(sink, ranking, *a->result);
    } else if (format == "csv")
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
    GivenOptions given;
    if (!parse("rank", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    check_table_format("rank", output_args.format);
    auto digests = hash_round_inputs(output_args.out, inputs, ranking_args.grades);
    const auto a = load_required("rank", inputs, output_args.threads);
    const auto ranking = shifan::rank(*a->result, ranking_args.options("rank", a->rubric));
    std::optional<shifan::Audit> audit;
    if (digests.valid()) audit = make_audit("rank", given, a->framework, a->rubric, a->round, digests.get());
    emit_tables("rank", {shifan::ranking_data(ranking, *a->result)}, *a->result, output_args.format, output_args.out,
                !output_args.no_bom, audit ? &*audit : nullptr);
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
    GivenOptions given;
    if (!parse("report", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    check_table_format("report", output_args.format);
    auto digests = hash_round_inputs(output_args.out, inputs, ranking_args.grades);
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
    std::optional<shifan::Audit> audit;
    if (digests.valid()) audit = make_audit("report", given, a->framework, a->rubric, a->round, digests.get());
    emit_tables("report", std::move(built), *a->result, output_args.format, output_args.out, !output_args.no_bom,
                audit ? &*audit : nullptr);
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
    std::cout << shifan::escape_controls(shifan::explain_unit(ranking, *a->result, *unit), true);
    return exit_ok;
}

/// The AHP outcome as two tables: consistency per matrix, and the weights.
std::vector<shifan::Table> ahp_tables(const shifan::AhpJudgements& judgements, const shifan::AhpEvaluation& evaluation,
                                      const shifan::Framework* framework) {
    using shifan::CellKind;
    shifan::Table consistency;
    consistency.id = "ahp_consistency";
    consistency.title = "层次分析法：一致性检验";
    consistency.add_column("node", "指标");
    consistency.add_column("expert", "专家");
    consistency.add_column("n", "阶数", CellKind::integer);
    consistency.add_column("lambda_max", "λmax", CellKind::points, 4);
    consistency.add_column("ci", "CI", CellKind::points, 4);
    consistency.add_column("ri", "RI", CellKind::points, 2);
    consistency.add_column("cr", "CR", CellKind::points, 4);
    consistency.add_column("verdict", "结论");
    shifan::Table weights;
    weights.id = "ahp_weights";
    weights.title = "层次分析法：权重";
    weights.add_column("node", "指标");
    weights.add_column("child", "下级指标");
    if (framework) weights.add_column("name", "名称");
    weights.add_column("local_weight", "本级权重", CellKind::points, 6);
    if (framework) weights.add_column("global_weight", "全局权重", CellKind::points, 6);
    for (const shifan::NodeOutcome& outcome : evaluation.nodes) {
        const shifan::NodeJudgement& node = *outcome.judgement;
        for (const shifan::MatrixOutcome& m : outcome.matrices) {
            const auto n = static_cast<double>(m.result.weights.size());
            consistency.rows.push_back(
                {node.node, m.expert.empty() ? std::string(node.experts.size() > 1 ? "(合成)" : "") : m.expert, n,
                 m.result.lambda_max, m.result.ci, m.result.ri, m.result.cr,
                 std::string(m.result.consistent ? "通过" : "未通过")});
        }
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            std::vector<shifan::Cell> row{node.node, node.children[i]};
            const double local = outcome.weights(static_cast<Eigen::Index>(i));
            if (framework) row.emplace_back((*framework)[*framework->find(node.children[i])].name);
            row.emplace_back(local);
            if (framework) row.emplace_back(evaluation.global[*framework->find(node.children[i])]);
            weights.rows.push_back(std::move(row));
        }
    }
    static constexpr const char* methods[] = {"主特征向量法", "行几何平均法"};
    consistency.notes.push_back(fmt::format("权重由{}求得；CI = (λmax − n)/(n − 1)，CR = CI/RI（RI 取 Saaty "
                                            "随机一致性指标表），CR ≤ {} 为通过；二阶矩阵总是一致。",
                                            methods[static_cast<int>(judgements.method)],
                                            shifan::format_value(judgements.threshold)));
    if (judgements.group == shifan::GroupMethod::aij)
        consistency.notes.push_back("多位专家：按专家权重对判断矩阵逐元素取加权几何平均（AIJ），再由合成矩阵求权重。");
    else
        consistency.notes.push_back("多位专家：各自求权重后按专家权重取加权平均（AIP），再归一。");
    if (framework)
        weights.notes.push_back("全局权重 = 从根到该指标各级本级权重之积；未判断的指标沿用指标体系的分值比例。");
    return {consistency, weights};
}

int run_weights(const std::vector<std::string>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::cout << "Usage: shifan weights ahp FILE [--indicators FILE] [options]\n"
                     "       shifan weights entropy|critic|cv|equal --indicators FILE --evidence FILE [--rubric FILE] "
                     "[options]\n\n"
                     "Derives weights: AHP from pairwise comparison judgements (priority vectors, λmax, CI, CR), or\n"
                     "from a round's data among the leaves of each branch. --write FILE writes the indicator system\n"
                     "with points from the weights (children add up exactly to their parent).\n"
                     "Run 'shifan weights ahp --help' or 'shifan weights entropy --help' for the options.\n";
        return args.empty() ? exit_bad_input : exit_ok;
    }
    const std::string method = args.front();
    std::vector<std::string> rest(args.begin() + 1, args.end());
    Inputs inputs;
    TableOutput output_args;
    std::string write, write_as = "points", field, lower;
    int precision = -1; // unset: the rubric's precision, else 2
    po::options_description options("Options");
    options.add_options()("indicators,i", po::value(&inputs.indicators)->value_name("FILE"),
                          "indicator system, .json or .csv")("rubric,r", po::value(&inputs.rubric)->value_name("FILE"),
                                                             "optional: a rubric whose \"composite\" member says "
                                                             "which field holds each leaf's value and which way is "
                                                             "better")(
        "evidence,e", po::value(&inputs.evidence)->value_name("FILE"),
        "round: units and evidence")("write,w", po::value(&write)->value_name("FILE"),
                                     "write the indicator system with points from these weights (JSON)")(
        "precision", po::value(&precision)->value_name("N"),
        "decimals of the written points (default: the rubric's precision, else 2)")(
        "field", po::value(&field)->value_name("NAME"),
        "data-driven weights: the evidence field holding every leaf's value (default: the rubric's composite "
        "field, else \"value\")")("lower", po::value(&lower)->value_name("CODES"),
                                  "data-driven weights: leaves where lower is better, comma-separated (added to the "
                                  "rubric's)")(
        "as", po::value(&write_as)->value_name("points|weights"),
        "--write points (default: weight × the parent's points, adding up exactly) or weights (shares)");
    output_args.add_to(options, "write the tables to this file instead of stdout (written atomically)");
    std::string ahp_file;
    if (method == "ahp") {
        po::options_description positional_file;
        options.add_options()("file", po::value(&ahp_file)->value_name("FILE"), "AHP judgements (JSON)");
        po::positional_options_description positional;
        positional.add("file", 1);
        options.add_options()("help,h", "show this help");
        po::variables_map vm;
        try {
            po::store(po::command_line_parser(rest).options(options).positional(positional).run(), vm);
            if (vm.count("help")) {
                std::cout << "Usage: shifan weights ahp FILE [--indicators FILE] [options]\n\n" << options << "\n";
                return exit_ok;
            }
            po::notify(vm);
        } catch (const po::error& e) {
            throw UsageError(fmt::format("shifan weights: {} (see 'shifan weights ahp --help')", e.what()));
        }
        if (ahp_file.empty()) throw UsageError("shifan weights ahp: the judgements FILE is required");
    } else if (method == "entropy" || method == "critic" || method == "cv" || method == "equal") {
        if (!parse("weights " + method, "--indicators FILE --evidence FILE [--rubric FILE] [options]", options, rest))
            return exit_ok;
        require("weights " + method, inputs.indicators, "indicators");
        require("weights " + method, inputs.evidence, "evidence");
    } else {
        throw UsageError(fmt::format("shifan weights: unknown method '{}' (methods: ahp, entropy, critic, cv, equal; "
                                     "see 'shifan weights --help')",
                                     method));
    }
    const bool precision_given = precision != -1;
    if (precision_given && (precision < 0 || precision > 6))
        throw UsageError("shifan weights: --precision must be from 0 to 6");
    if (!precision_given) precision = 2;
    if (write_as != "points" && write_as != "weights")
        throw UsageError(fmt::format("shifan weights: --as must be points or weights, found '{}'", write_as));
    check_table_format("weights", output_args.format);
    if (!write.empty() && inputs.indicators.empty())
        throw UsageError("shifan weights: --write needs --indicators (the system the points are written into)");

    std::optional<shifan::Framework> framework;
    if (!inputs.indicators.empty()) framework = shifan::load_framework(inputs.indicators);
    std::vector<shifan::Table> tables;
    std::vector<double> local;
    if (method == "ahp") {
        const shifan::AhpJudgements judgements = shifan::load_ahp(ahp_file);
        const shifan::AhpEvaluation evaluation = shifan::evaluate_ahp(judgements, framework ? &*framework : nullptr);
        tables = ahp_tables(judgements, evaluation, framework ? &*framework : nullptr);
        local = evaluation.local;
    } else {
        // The rubric's composite member says where each leaf's value is and which way is better;
        // without one, every leaf's value is in `--field` (default "value") and higher is better.
        shifan::CompositePolicy policy;
        if (!inputs.rubric.empty()) {
            const shifan::Rubric rubric = shifan::load_rubric(inputs.rubric, *framework);
            if (rubric.composite()) policy = *rubric.composite();
            if (!precision_given) precision = rubric.precision();
        }
        if (!field.empty()) {
            policy.field = field;
            policy.fields.clear();
        }
        for (const std::string& code : split_list(lower)) {
            const auto node = framework->find(code);
            if (!node || !(*framework)[*node].is_leaf())
                throw UsageError(
                    fmt::format("shifan weights: --lower: '{}' is not a leaf of {}", code, inputs.indicators));
            policy.directions[*node] = shifan::Direction::lower;
        }
        const shifan::Round round = shifan::load_round(inputs.evidence, *framework);
        policy.weights = method == "entropy"  ? shifan::WeightSource::entropy
                         : method == "critic" ? shifan::WeightSource::critic
                         : method == "cv"     ? shifan::WeightSource::cv
                                              : shifan::WeightSource::equal;
        const Eigen::MatrixXd raw = shifan::detail::composite_raw_values(*framework, round, policy);
        shifan::ObjectiveLeafWeights objective;
        try {
            std::vector<std::string> ids;
            for (const shifan::Unit& unit : round.units())
                ids.push_back(unit.id);
            objective = shifan::objective_leaf_weights(*framework, raw, policy, ids);
        } catch (const std::invalid_argument& e) {
            throw UsageError(fmt::format("{}: {}", inputs.evidence, e.what()));
        }
        shifan::Table table;
        table.id = method + "_weights";
        static const std::map<std::string, std::string> method_names{
            {"entropy", "熵权法"}, {"critic", "CRITIC 法"}, {"cv", "变异系数法"}, {"equal", "等权重"}};
        table.title = fmt::format("{}：{}权重（末级指标）", round.name().empty() ? round.id() : round.name(),
                                  method_names.at(method));
        table.add_column("branch", "上级指标");
        table.add_column("code", "指标编号");
        table.add_column("name", "指标名称");
        table.add_column("field", "数据字段");
        table.add_column("direction", "方向");
        table.add_column("units", "有效单位数", shifan::CellKind::integer);
        table.add_column("weight", "本级权重", shifan::CellKind::points, 6);
        local = shifan::composite_weights(*framework);
        for (shifan::NodeIndex n = 1; n < framework->size(); ++n) {
            if (!objective.judged[n]) continue;
            const auto& parent = (*framework)[(*framework)[n].parent];
            local[n] = objective.weights[n];
            table.rows.push_back({parent.code, (*framework)[n].code, (*framework)[n].name, policy.field_of(n),
                                  std::string(policy.direction_of(n) == shifan::Direction::higher ? "正向" : "逆向"),
                                  static_cast<double>(objective.units_used[(*framework)[n].parent]),
                                  objective.weights[n]});
        }
        table.notes = objective.notes;
        table.notes.push_back(
            "每个只含末级指标的上级指标内，按该轮数据计算其末级指标的权重（同级之和为 "
            "1）；有缺失值的单位不参与计算；其余各级沿用指标体系的分值比例。公式见 rubrics/METHODS.md。");
        tables.push_back(std::move(table));
    }
    if (!write.empty() && write_as == "weights") {
        write_atomically({{std::filesystem::path(write), shifan::framework_json(*framework, nullptr, &local)}});
    } else if (!write.empty()) {
        std::vector<double> points;
        try {
            points = shifan::points_from_local_weights(*framework, local, precision);
        } catch (const std::invalid_argument& e) {
            throw UsageError(fmt::format("shifan weights: {}", e.what()));
        }
        write_atomically({{std::filesystem::path(write), shifan::framework_json(*framework, &points)}});
    }
    emit_plain_tables("weights", tables, output_args.format, output_args.out, !output_args.no_bom);
    return exit_ok;
}

int run_composite(const std::vector<std::string>& args) {
    Inputs inputs;
    TableOutput output_args;
    std::string method, ahp_override;
    auto options = input_options(inputs, true);
    po::options_description output("Output");
    output_args.add_to(output, "write here instead of stdout: a file, a directory for CSV tables, a .xlsx workbook");
    output.add_options()("rank-method", po::value(&method)->value_name("METHOD"),
                         "competition, dense or ordinal (default: the rubric's ranking.method)")(
        "ahp", po::value(&ahp_override)->value_name("FILE"),
        "AHP judgements to weight with, instead of the file the rubric names");
    options.add(output);
    GivenOptions given;
    if (!parse("composite", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    require("composite", inputs.rubric, "rubric");
    require("composite", inputs.evidence, "evidence");
    check_table_format("composite", output_args.format);
    std::optional<shifan::RankMethod> rank_method;
    if (!method.empty()) {
        rank_method = shifan::parse_rank_method(method);
        if (!rank_method)
            throw UsageError(fmt::format(
                "shifan composite: --rank-method must be competition, dense or ordinal, found '{}'", method));
    }
    auto digests = hash_round_inputs(output_args.out, inputs);
    const shifan::Framework framework = shifan::load_framework(inputs.indicators);
    const shifan::Rubric rubric = shifan::load_rubric(inputs.rubric, framework);
    const shifan::Round round = shifan::load_round(inputs.evidence, framework);
    const auto judgements = composite_ahp(rubric, inputs.rubric, ahp_override);
    std::optional<shifan::Audit> audit;
    if (digests.valid()) {
        std::vector<shifan::AuditInput> digested = digests.get();
        if (const auto ahp_file = composite_ahp_file(rubric, inputs.rubric, ahp_override)) {
            std::vector<shifan::AuditInput> ahp = shifan::audit_inputs("ahp", ahp_file->string());
            digested.insert(digested.end(), ahp.begin(), ahp.end());
        }
        audit = make_audit("composite", given, framework, rubric, round, std::move(digested));
    }
    shifan::CompositeResult result;
    try {
        result = shifan::composite(framework, rubric, round, judgements ? &*judgements : nullptr);
    } catch (const std::invalid_argument& e) {
        throw UsageError(fmt::format("{}: {}", inputs.evidence, e.what()));
    }
    const auto rows = shifan::rank_composite(result, round, rubric, rank_method);
    const shifan::WorkbookProperties properties =
        workbook_properties(fmt::format("{} — {} · {}", round.name().empty() ? round.id() : round.name(),
                                        framework.name(), rubric.name().empty() ? rubric.id() : rubric.name()),
                            "composite", audit ? &*audit : nullptr);
    emit_plain_tables("composite",
                      {shifan::composite_ranking_table(result, rows, framework, rubric, round),
                       shifan::composite_weights_table(result, framework),
                       shifan::composite_notes_table(result, framework, round)},
                      output_args.format, output_args.out, !output_args.no_bom, properties.title, properties,
                      {{"round", round.id()}, {"indicators", framework.id()}, {"rubric", rubric.id()}}, false,
                      audit ? &*audit : nullptr);
    return exit_ok;
}

int run_whatif(const std::vector<std::string>& args) {
    Inputs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    std::vector<std::string> unit_ids, withdrawals, settings;
    std::string tables, shortlist_grade;
    std::optional<std::size_t> shortlist_top;
    auto options = input_options(inputs, true);
    po::options_description what("What if");
    what.add_options()("unit,u", po::value(&unit_ids)->value_name("ID"),
                       "the unit whose gaps to show (repeatable; required without changes; with changes, the "
                       "changed units by default)")(
        "withdraw", po::value(&withdrawals)->value_name("UNIT:CODE:FINDING"),
        "re-score with this finding withdrawn: the unit, the leaf indicator, and the finding's reference (its "
        "own, else its entry's) or its position 1, 2, ... in the entry (repeatable)")(
        "set", po::value(&settings)->value_name("UNIT:CODE:FIELD=VALUE"),
        "re-score with this evidence field of the unit's entry for the leaf set to VALUE (a number, true or "
        "false, or text; repeatable)")(
        "shortlist", po::value<std::size_t>()->value_name("N")->notifier([&](std::size_t v) { shortlist_top = v; }),
        "the shortlist names the top N eligible units of every group (default: the rubric's report.shortlist)")(
        "shortlist-grade", po::value(&shortlist_grade)->value_name("GRADE"),
        "named units need this grade or a better one");
    options.add(what);
    po::options_description output("Output");
    output_args.add_to(output, "write here instead of stdout: a file, a directory for several CSV tables (one "
                               "file per table), a .xlsx workbook (written atomically)");
    output.add_options()("tables", po::value(&tables)->value_name("LIST"),
                         "only these tables, comma-separated: changes, whatif, gaps, recoverable (default: all "
                         "that apply)");
    ranking_args.add_to(output);
    ranking_args.add_grades_to(output);
    options.add(output);
    GivenOptions given;
    if (!parse("whatif",
               "--indicators FILE --rubric FILE --evidence FILE --unit ID [--withdraw ...] [--set ...] "
               "[options]",
               options, args, &given))
        return exit_ok;
    check_table_format("whatif", output_args.format);
    const bool changing = !withdrawals.empty() || !settings.empty();
    if (unit_ids.empty() && !changing)
        throw UsageError("shifan whatif: give --unit ID for its gaps, or changes to re-score with --withdraw or --set "
                         "(see 'shifan whatif --help')");
    std::vector<shifan::EvidenceChange> changes;
    for (const std::string& text : withdrawals)
        changes.push_back(shifan::parse_withdraw(text));
    for (const std::string& text : settings)
        changes.push_back(shifan::parse_set(text));
    const std::vector<std::string> picked = split_list(tables);
    for (const std::string& id : picked)
        if (id != "changes" && id != "whatif" && id != "gaps" && id != "recoverable")
            throw UsageError(fmt::format(
                "shifan whatif: unknown table '{}' in --tables (tables: changes, whatif, gaps, recoverable)", id));
    auto digests = hash_round_inputs(output_args.out, inputs, ranking_args.grades);
    const auto a = load_required("whatif", inputs, output_args.threads);
    const shifan::RankOptions rank_options = ranking_args.options("whatif", a->rubric);
    shifan::ShortlistPolicy shortlist = a->rubric.report().shortlist;
    if (shortlist_top) shortlist.top = *shortlist_top;
    if (!shortlist_grade.empty()) shortlist.grade = shortlist_grade;
    if (!shortlist.grade.empty() && shortlist.top == 0)
        throw UsageError("shifan whatif: --shortlist-grade needs --shortlist N (or the rubric's report.shortlist.top)");
    std::vector<shifan::UnitIndex> units;
    for (const std::string& id : unit_ids) {
        const auto unit = a->round.find_unit(id);
        if (!unit)
            throw UsageError(fmt::format("{}: no unit with id '{}' (the round has {} units)", inputs.evidence, id,
                                         a->round.unit_count()));
        units.push_back(*unit);
    }
    const shifan::Ranking before = shifan::rank(*a->result, rank_options);

    // With changes, a second round and its result: the gaps are those after the changes.
    std::vector<shifan::AppliedChange> applied;
    std::unique_ptr<shifan::Round> changed_round;
    std::optional<shifan::Result> changed_result;
    std::optional<shifan::Ranking> after;
    if (changing) {
        changed_round =
            std::make_unique<shifan::Round>(shifan::apply_changes(a->round, a->framework, changes, &applied));
        try {
            changed_result.emplace(shifan::score(a->framework, a->rubric, *changed_round, {output_args.threads}));
        } catch (const shifan::InputError& e) {
            // The place named is where the evidence was read from; the value there is the changed one.
            std::vector<std::string> given_changes;
            for (const shifan::EvidenceChange& change : changes)
                given_changes.push_back(change.given);
            throw shifan::InputError(e.file(), e.location(),
                                     fmt::format("{} (after {})", e.problem(), fmt::join(given_changes, ", ")));
        }
        if (const std::string broken = shifan::check_invariants(*changed_result); !broken.empty())
            throw std::logic_error("scoring invariant violated: " + broken);
        after.emplace(shifan::rank(*changed_result, rank_options));
        if (units.empty())
            for (const shifan::AppliedChange& change : applied)
                if (std::find(units.begin(), units.end(), change.unit) == units.end()) units.push_back(change.unit);
    }
    const shifan::Result& result = changing ? *changed_result : *a->result;
    const shifan::Ranking& ranking = changing ? *after : before;
    std::vector<shifan::UnitGaps> gaps;
    try {
        for (shifan::UnitIndex unit : units)
            gaps.push_back(shifan::unit_gaps(ranking, result, unit, shortlist));
    } catch (const std::invalid_argument& e) {
        throw UsageError(fmt::format("shifan whatif: {}", e.what()));
    }
    std::vector<shifan::Table> built;
    if (changing) {
        std::vector<shifan::UnitIndex> changed_units;
        for (const shifan::AppliedChange& change : applied)
            changed_units.push_back(change.unit);
        built.push_back(shifan::changes_table(applied, result));
        built.push_back(
            shifan::whatif_table(shifan::compare_rankings(before, ranking, changed_units), ranking, result));
    }
    built.push_back(shifan::gaps_table(gaps, ranking, result));
    built.push_back(shifan::recoverable_table(gaps, ranking, result));
    if (changing)
        for (std::size_t t = 2; t < built.size(); ++t)
            built[t].title = fmt::format("变更后的{}", built[t].title);
    if (!picked.empty())
        std::erase_if(built, [&](const shifan::Table& table) {
            return std::find(picked.begin(), picked.end(), table.id) == picked.end();
        });
    if (built.empty())
        throw UsageError(fmt::format("shifan whatif: --tables {} names no table this run makes (changes and whatif "
                                     "need --withdraw or --set)",
                                     tables));
    std::optional<shifan::Audit> audit;
    if (digests.valid()) audit = make_audit("whatif", given, a->framework, a->rubric, a->round, digests.get());
    emit_tables("whatif", std::move(built), *a->result, output_args.format, output_args.out, !output_args.no_bom,
                audit ? &*audit : nullptr);
    return exit_ok;
}

/// "12.3 MB": a file size for the summary line.
std::string file_size(std::uintmax_t bytes) {
    if (bytes < 1000) return fmt::format("{} B", bytes);
    if (bytes < 1'000'000) return fmt::format("{:.1f} kB", static_cast<double>(bytes) / 1e3);
    if (bytes < 1'000'000'000) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
    return fmt::format("{:.2f} GB", static_cast<double>(bytes) / 1e9);
}

/// A weight variation as given: "LEVEL:uniform:HALF-WIDTH" (0.2 or 20%) or "LEVEL:dirichlet:CONCENTRATION".
shifan::WeightVariation parse_variation(const std::string& text) {
    const auto fail = [&](const std::string& why) {
        return UsageError(fmt::format("shifan uncertainty: --vary-weights '{}': {} (write LEVEL:uniform:0.2, "
                                      "LEVEL:uniform:20% or LEVEL:dirichlet:50)",
                                      text, why));
    };
    const std::size_t first = text.find(':');
    const std::size_t second = first == std::string::npos ? first : text.find(':', first + 1);
    if (second == std::string::npos) throw fail("three parts separated by ':' expected");
    const std::string level = text.substr(0, first), noise = text.substr(first + 1, second - first - 1);
    std::string amount = text.substr(second + 1);
    shifan::WeightVariation variation;
    const auto whole = [](const std::string& digits) {
        return !digits.empty() && digits.size() <= 4 &&
               std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!whole(level)) throw fail(fmt::format("the level '{}' is not a whole number", level));
    variation.level = static_cast<std::uint16_t>(std::stoi(level));
    if (noise == "uniform") {
        variation.noise = shifan::WeightNoise::uniform;
    } else if (noise == "dirichlet") {
        variation.noise = shifan::WeightNoise::dirichlet;
    } else {
        throw fail(fmt::format("'{}' is not uniform or dirichlet", noise));
    }
    const bool percent = !amount.empty() && amount.back() == '%';
    if (percent) amount.pop_back();
    char* end = nullptr;
    const double value = amount.empty() ? std::nan("") : std::strtod(amount.c_str(), &end);
    if (amount.empty() || end != amount.c_str() + amount.size() || !std::isfinite(value))
        throw fail(fmt::format("'{}' is not a number", text.substr(second + 1)));
    if (percent && variation.noise == shifan::WeightNoise::dirichlet)
        throw fail("a Dirichlet concentration is a number, not a percentage");
    variation.amount = percent ? value / 100 : value;
    return variation;
}

int run_uncertainty(const std::vector<std::string>& args) {
    Inputs inputs;
    RankingArgs ranking_args;
    TableOutput output_args;
    shifan::UncertaintyOptions analysis;
    std::vector<std::string> variations;
    std::string methods, normalisations;
    bool no_progress = false;
    auto options = input_options(inputs, true);
    po::options_description model("What varies");
    model.add_options()("vary-weights,w", po::value(&variations)->value_name("SPEC")->composing(),
                        "vary the weights (points) of one level, keeping each parent's points: LEVEL:uniform:X "
                        "(each factor 1 ± X, e.g. 1:uniform:0.2 or 1:uniform:20%) or LEVEL:dirichlet:K (shares "
                        "around the nominal ones, concentration K; larger is closer); repeatable, one per level")(
        "methods", po::value(&methods)->value_name("LIST"),
        "alternative aggregations of the first-level score rates, one drawn per replication: arithmetic "
        "(the rubric's sum), geometric, harmonic (e.g. arithmetic,geometric)")(
        "normalisations", po::value(&normalisations)->value_name("LIST"),
        "alternative normalisations of the first-level score rates across units: none, min_max")(
        "rating-noise", po::bool_switch(&analysis.rating_noise),
        "re-draw every expert panel with replacement from its own ratings");
    po::options_description run("Replications");
    run.add_options()("replications,n", po::value(&analysis.replications)->value_name("N"),
                      "replications (default 1000)")(
        "seed", po::value(&analysis.seed)->value_name("S"),
        "random seed (default 1); the same seed gives the same "
        "results for any number of threads (--threads, which the replications use too)")(
        "top", po::value(&analysis.top)->value_name("N"), "report the chance of a rank within the top N (default 3)")(
        "sensitivity", po::bool_switch(&analysis.sensitivity),
        "also estimate which input moves the ranks most (first-order and total-effect indices per group; "
        "runs N × (inputs + 2) replications)")("no-progress", po::bool_switch(&no_progress),
                                               "no progress bar (it is shown only when stderr is a terminal)");
    po::options_description output("Output");
    output_args.add_to(output, "write the tables to this file (csv: a directory) instead of stdout");
    ranking_args.add_to(output);
    ranking_args.add_grades_to(output);
    options.add(model).add(run).add(output);
    GivenOptions given;
    if (!parse("uncertainty", "--indicators FILE --rubric FILE --evidence FILE [--vary-weights SPEC]... [options]",
               options, args, &given))
        return exit_ok;
    check_table_format("uncertainty", output_args.format);
    for (const std::string& text : variations)
        analysis.weights.push_back(parse_variation(text));
    for (const std::string& name : split_list(methods)) {
        if (name == "arithmetic")
            analysis.aggregations.push_back(shifan::Aggregation::arithmetic);
        else if (name == "geometric")
            analysis.aggregations.push_back(shifan::Aggregation::geometric);
        else if (name == "harmonic")
            analysis.aggregations.push_back(shifan::Aggregation::harmonic);
        else
            throw UsageError(
                fmt::format("shifan uncertainty: --methods: '{}' is not arithmetic, geometric or harmonic", name));
    }
    for (const std::string& name : split_list(normalisations)) {
        if (name == "none")
            analysis.normalisations.push_back(shifan::Normalisation::none);
        else if (name == "min_max")
            analysis.normalisations.push_back(shifan::Normalisation::min_max);
        else
            throw UsageError(fmt::format("shifan uncertainty: --normalisations: '{}' is not none or min_max", name));
    }
    analysis.threads = output_args.threads;
    auto digests = hash_round_inputs(output_args.out, inputs, ranking_args.grades);
    const auto a = load_required("uncertainty", inputs, output_args.threads);
    const auto ranking = shifan::rank(*a->result, ranking_args.options("uncertainty", a->rubric));
    shifan::Uncertainty result;
    {
        // Ctrl-C asks the replications to stop; nothing is written then (see main).
        shifan::Progress progress;
        analysis.progress = &progress;
        const shifan::InterruptGuard interrupt(progress);
        const shifan::ProgressBar bar(progress, "replications", 2, !no_progress);
        try {
            result = shifan::analyse_uncertainty(*a->result, ranking, analysis);
        } catch (const std::invalid_argument& e) {
            throw UsageError(fmt::format("shifan {}", e.what()));
        }
    }
    std::optional<shifan::Audit> audit;
    if (digests.valid()) audit = make_audit("uncertainty", given, a->framework, a->rubric, a->round, digests.get());
    emit_tables("uncertainty", shifan::uncertainty_tables(result, ranking, *a->result), *a->result, output_args.format,
                output_args.out, !output_args.no_bom, audit ? &*audit : nullptr);
    return exit_ok;
}

int run_gen(const std::vector<std::string>& args) {
    std::int64_t units = 3200, indicators = 125;
    std::uint64_t seed = 1;
    std::string out;
    po::options_description options("Options");
    options.add_options()("units,n", po::value(&units)->value_name("N"),
                          fmt::format("units in the round, {} to {} (default 3200)", shifan::synthetic_min_units,
                                      shifan::synthetic_max_units)
                              .c_str())(
        "indicators,m", po::value(&indicators)->value_name("M"),
        fmt::format("leaf indicators, {} to {} (default 125); the tree has 8-10 first-level and 32-36 second-level "
                    "indicators and 1000 points",
                    shifan::synthetic_min_leaves, shifan::synthetic_max_leaves)
            .c_str())("seed,s", po::value(&seed)->value_name("S"),
                      "random seed (default 1); the same seed gives byte-identical files")(
        "out,o", po::value(&out)->required()->value_name("DIR"),
        "write DIR/indicators.json, DIR/rubric.json, DIR/evidence.json and DIR/csv/*.csv (created if needed; "
        "written atomically) (required)");
    if (!parse("gen", "--out DIR [--units N] [--indicators M] [--seed S]", options, args)) return exit_ok;
    if (units < shifan::synthetic_min_units || units > shifan::synthetic_max_units)
        throw UsageError(fmt::format("shifan gen: --units must be between {} and {}, found {}",
                                     shifan::synthetic_min_units, shifan::synthetic_max_units, units));
    if (indicators < shifan::synthetic_min_leaves || indicators > shifan::synthetic_max_leaves)
        throw UsageError(fmt::format("shifan gen: --indicators must be between {} and {}, found {} (the tree has "
                                     "8-10 first-level and 32-36 second-level indicators)",
                                     shifan::synthetic_min_leaves, shifan::synthetic_max_leaves, indicators));
    shifan::SyntheticOptions synthetic;
    synthetic.units = static_cast<std::uint32_t>(units);
    synthetic.leaves = static_cast<std::uint32_t>(indicators);
    synthetic.seed = seed;
    make_output_directory(out);
    try {
        shifan::write_synthetic_round(synthetic, out);
    } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
    }
    namespace fs = std::filesystem;
    std::string sizes;
    std::uintmax_t csv_bytes = 0;
    std::size_t csv_files = 0;
    for (const fs::path& file : shifan::synthetic_round_files()) {
        const std::uintmax_t bytes = fs::file_size(fs::path(out) / file);
        if (file.has_parent_path()) {
            csv_bytes += bytes;
            ++csv_files;
        } else {
            sizes += fmt::format("{} ({}), ", file.string(), file_size(bytes));
        }
    }
    std::cout << fmt::format("wrote {}: {}csv/ ({} tables, {}); {} units x {} indicators, seed {}\n", out, sizes,
                             csv_files, file_size(csv_bytes), units, indicators, seed);
    return exit_ok;
}

/// Discards what is written to standard output while it lives (the re-run of `verify`).
class QuietStdout {
public:
    QuietStdout() : saved_(std::cout.rdbuf(&discard_)) {}
    ~QuietStdout() {
        std::cout.rdbuf(saved_);
        std::cout.clear();
    }
    QuietStdout(const QuietStdout&) = delete;
    QuietStdout& operator=(const QuietStdout&) = delete;

private:
    struct Discard : std::streambuf {
        int overflow(int c) override { return traits_type::not_eof(c); }
        std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
    };
    Discard discard_;
    std::streambuf* saved_;
};

/// A directory of its own under the system's temporary directory, removed with everything in it.
class ScratchDirectory {
public:
    ScratchDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "shifan-verify-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error(fmt::format("cannot create a temporary directory: {}", std::strerror(errno)));
        path_ = pattern;
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

std::string read_text(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw shifan::InputError(file, "", fmt::format("cannot read: {}", std::strerror(errno)));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A verification failure: printed as one line, with its own exit code.
struct VerifyFailure {
    int code;
    std::string message;
};

/// The audit of an output: DIR/audit.json, PATH.audit.json beside a file, or inside the file (JSON
/// member, Markdown comment, workbook properties).
shifan::Audit read_audit(const std::string& out, bool directory) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (directory) {
        const std::string file = (fs::path(out) / "audit.json").string();
        if (!fs::exists(file, ec))
            throw UsageError(fmt::format("{}: no audit: the directory has no audit.json (not written by shifan with "
                                         "--out, or written before outputs carried an audit)",
                                         out));
        return shifan::parse_audit(read_text(file), file);
    }
    if (fs::exists(audit_side_file(out), ec))
        return shifan::parse_audit(read_text(audit_side_file(out)), audit_side_file(out));
    const std::string extension = fs::path(out).extension().string();
    if (extension == ".json") return shifan::parse_audit_member(read_text(out), out);
    if (extension == ".md") return shifan::parse_markdown_audit(read_text(out), out);
    if (extension == ".xlsx") return shifan::parse_audit_properties(shifan::workbook_custom_properties(out), out);
    throw UsageError(fmt::format("{}: no audit: no {} beside it, and it is not a .json, .md or .xlsx output", out,
                                 audit_side_file(out)));
}

/// Every recorded input must be there with its recorded SHA-256, and a round directory must hold no
/// table the audit does not record.
void check_inputs(const shifan::Audit& audit) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const shifan::AuditInput& input : audit.inputs) {
        if (!fs::exists(input.path, ec))
            throw VerifyFailure{exit_input_changed, fmt::format("{}: the {} input is missing (recorded with sha256 {})",
                                                                input.path, input.role, input.sha256)};
        const shifan::FileDigest now = shifan::sha256_file(input.path);
        if (now.sha256 != input.sha256)
            throw VerifyFailure{exit_input_changed,
                                fmt::format("{}: the {} input changed since the output was written (sha256 {}, {} "
                                            "bytes; recorded {}, {} bytes)",
                                            input.path, input.role, now.sha256, now.bytes, input.sha256, input.bytes)};
    }
    for (const auto& [name, value] : audit.options) {
        if (!value || !fs::is_directory(*value, ec)) continue;
        for (const shifan::AuditInput& table : shifan::audit_inputs(name, *value)) {
            const bool recorded =
                std::any_of(audit.inputs.begin(), audit.inputs.end(),
                            [&](const shifan::AuditInput& input) { return input.path == table.path; });
            if (!recorded)
                throw VerifyFailure{exit_input_changed,
                                    fmt::format("{}: a table added to the {} directory since the output was written",
                                                table.path, name)};
        }
    }
}

int run_command(const std::string& command, const std::vector<std::string>& args);

int run_verify(const std::vector<std::string>& args) {
    namespace fs = std::filesystem;
    std::string out;
    po::options_description options("Options");
    options.add_options()("out,o", po::value(&out)->required()->value_name("PATH"),
                          "what --out wrote: a directory (its audit.json), or a file (.json, .md, .xlsx, or any "
                          "file with PATH.audit.json beside it) (required)");
    if (!parse("verify", "--out PATH", options, args)) return exit_ok;
    std::error_code ec;
    if (!fs::exists(out, ec)) throw UsageError(fmt::format("{}: no such file or directory", out));
    const bool directory = fs::is_directory(out, ec);
    const shifan::Audit audit = read_audit(out, directory);
    if (audit.command != "score" && audit.command != "rank" && audit.command != "report" &&
        audit.command != "composite" && audit.command != "whatif" && audit.command != "uncertainty")
        throw UsageError(
            fmt::format("{}: the audit records the command '{}', which verify cannot re-run", out, audit.command));
    if (audit.command == "score" && !directory)
        throw UsageError(fmt::format("{}: written by shifan score into a directory; verify the directory", out));
    if (audit.shifan_version != shifan::version)
        std::cerr << fmt::format("note: {} was written by shifan {}; this is shifan {}\n", out, audit.shifan_version,
                                 shifan::version);
    try {
        check_inputs(audit);

        // The recorded command again, into a scratch directory, its printing discarded.
        const ScratchDirectory scratch;
        const fs::path rerun = directory ? scratch.path() / "out" : scratch.path() / fs::path(out).filename();
        std::vector<std::string> rerun_args;
        for (const auto& [name, value] : audit.options) {
            if (!value) {
                rerun_args.push_back("--" + name);
                continue;
            }
            // An option given several times was recorded with its values one per line.
            std::istringstream values(*value);
            for (std::string one; std::getline(values, one);)
                rerun_args.insert(rerun_args.end(), {"--" + name, one});
        }
        rerun_args.insert(rerun_args.end(), {"--out", rerun.string()});
        {
            const QuietStdout quiet;
            run_command(audit.command, rerun_args);
        }

        // What the re-run wrote, file by file, against what is there.
        std::vector<std::pair<fs::path, fs::path>> pairs; // (re-run, checked)
        if (directory) {
            std::vector<std::string> names;
            for (const fs::directory_entry& entry : fs::directory_iterator(rerun))
                names.push_back(entry.path().filename().string());
            std::sort(names.begin(), names.end());
            for (const std::string& name : names)
                pairs.emplace_back(rerun / name, fs::path(out) / name);
            for (const fs::directory_entry& entry : fs::directory_iterator(out))
                if (!fs::exists(rerun / entry.path().filename()))
                    std::cerr << fmt::format("note: {}: not an output of the recorded command (not checked)\n",
                                             entry.path().string());
        } else {
            pairs.emplace_back(rerun, fs::path(out));
            if (fs::exists(audit_side_file(rerun.string())))
                pairs.emplace_back(audit_side_file(rerun.string()), audit_side_file(out));
        }
        for (const auto& [expected, checked] : pairs) {
            if (!fs::exists(checked, ec))
                throw VerifyFailure{exit_output_differs,
                                    fmt::format("{}: missing (the recorded command writes it)", checked.string())};
            const auto difference = checked.extension() == ".xlsx" ? shifan::workbook_difference(expected, checked)
                                                                   : shifan::file_difference(expected, checked);
            if (difference)
                throw VerifyFailure{exit_output_differs,
                                    fmt::format("{}: differs from a re-run from the recorded inputs at {}",
                                                checked.string(), *difference)};
        }
        std::cout << fmt::format("verified: {}: {} file{} match{} a re-run from {} unchanged input file{}\n", out,
                                 pairs.size(), pairs.size() == 1 ? "" : "s", pairs.size() == 1 ? "es" : "",
                                 audit.inputs.size(), audit.inputs.size() == 1 ? "" : "s");
        return exit_ok;
    } catch (const VerifyFailure& failure) {
        std::cerr << "error: " << failure.message << "\n";
        return failure.code;
    }
}

int run_command(const std::string& command, const std::vector<std::string>& args) {
    if (command == "validate") return run_validate(args);
    if (command == "score") return run_score(args);
    if (command == "explain") return run_explain(args);
    if (command == "rank") return run_rank(args);
    if (command == "report") return run_report(args);
    if (command == "weights") return run_weights(args);
    if (command == "composite") return run_composite(args);
    if (command == "uncertainty") return run_uncertainty(args);
    if (command == "whatif") return run_whatif(args);
    if (command == "gen") return run_gen(args);
    if (command == "verify") return run_verify(args);
    throw UsageError(fmt::format("shifan: unknown command '{}' (commands: validate, score, explain, rank, report, "
                                 "weights, composite, uncertainty, whatif, gen, verify; see 'shifan --help')",
                                 command));
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
        const int code = run_command(command, args);
        std::cout.flush();
        return code;
    } catch (const shifan::InputError& e) {
        // One line, whatever the input held: names in messages are quoted with their controls escaped.
        std::cerr << "error: " << shifan::escape_controls(e.what()) << "\n";
        return exit_bad_input;
    } catch (const UsageError& e) {
        std::cerr << "error: " << shifan::escape_controls(e.what()) << "\n";
        return exit_bad_input;
    } catch (const shifan::Cancelled&) {
        std::cerr << "interrupted: nothing written\n";
        return exit_interrupted;
    } catch (const std::exception& e) {
        std::cerr << "internal error: " << shifan::escape_controls(e.what()) << "\n";
        return exit_internal;
    }
}

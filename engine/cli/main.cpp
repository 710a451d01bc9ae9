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
    std::string out_dir, format = "table", group;
    bool no_bom = false;
    unsigned threads = 0;
    std::string method;
    auto options = input_options(inputs, true);
    po::options_description output("Output");
    output.add_options()("format,f", po::value(&format)->value_name("table|json|csv"),
                         "what to print on stdout: the ranking table (default), the full result as JSON, or the "
                         "ranking as CSV")(
        "out,o", po::value(&out_dir)->value_name("DIR"),
        "also write DIR/ranking.csv and DIR/result.json (created if needed; written atomically)")(
        "group,g", po::value(&group)->value_name("ATTR"),
        "also rank within groups of this unit attribute (default: the rubric's ranking.group)")(
        "rank-method", po::value(&method)->value_name("METHOD"),
        "competition (1, 2, 2, 4), dense (1, 2, 2, 3) or ordinal (ties broken by the rubric's tie_break, then id); "
        "default: the rubric's ranking.method, else competition")("no-bom", po::bool_switch(&no_bom),
                                                                  "write CSV without the UTF-8 byte-order mark")(
        "threads,t", po::value(&threads)->value_name("N"),
        "threads for scoring (default: chosen by the size of the round; results are identical for any N)");
    options.add(output);
    if (!parse("score", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args)) return exit_ok;
    require("score", inputs.rubric, "rubric");
    require("score", inputs.evidence, "evidence");
    if (format != "table" && format != "json" && format != "csv")
        throw UsageError(fmt::format("shifan score: --format must be table, json or csv, found '{}'", format));

    const auto a = Assessment::load(inputs, {threads});
    shifan::RankOptions rank_options;
    if (!group.empty()) rank_options.group_attribute = group;
    if (!method.empty()) {
        rank_options.method = shifan::parse_rank_method(method);
        if (!rank_options.method)
            throw UsageError(
                fmt::format("shifan score: --rank-method must be competition, dense or ordinal, found '{}'", method));
    }
    const auto ranking = shifan::rank(*a->result, rank_options);
    if (!out_dir.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(out_dir, ec) && !std::filesystem::is_directory(out_dir, ec))
            throw UsageError(fmt::format("{}: the output directory exists and is not a directory", out_dir));
        std::filesystem::create_directories(out_dir, ec);
        if (ec) throw UsageError(fmt::format("{}: cannot create the output directory: {}", out_dir, ec.message()));
        try {
            shifan::write_files_atomically(
                {{std::filesystem::path(out_dir) / "ranking.csv", shifan::ranking_csv(ranking, *a->result, !no_bom)},
                 {std::filesystem::path(out_dir) / "result.json", shifan::result_json(ranking, *a->result)}});
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
    }
    if (format == "json")
        std::cout << shifan::result_json(ranking, *a->result);
    else if (format == "csv")
        std::cout << shifan::ranking_csv(ranking, *a->result, !no_bom);
    else
        std::cout << shifan::ranking_table(ranking, *a->result);
    return exit_ok;
}

int run_explain(const std::vector<std::string>& args) {
    Inputs inputs;
    std::string unit_id;
    auto options = input_options(inputs, true);
    options.add_options()("unit,u", po::value(&unit_id)->required()->value_name("ID"),
                          "the unit to explain (required)");
    if (!parse("explain", "--unit ID --indicators FILE --rubric FILE --evidence FILE", options, args)) return exit_ok;
    require("explain", inputs.rubric, "rubric");
    require("explain", inputs.evidence, "evidence");
    const auto a = Assessment::load(inputs);
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
        else
            throw UsageError(fmt::format("shifan: unknown command '{}' (commands: validate, score, explain; see "
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

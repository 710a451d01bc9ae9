// The shifan command: a thin shell over the library's front door, one file per subcommand. Exit
// codes: 0 success, 2 bad input or arguments (one line on stderr naming file, place and problem),
// 1 internal failure, 130 interrupted; verify adds 3 (an input changed) and 4 (an output differs).
#include "command.hpp"

#include <iostream>

#include <fmt/format.h>

namespace shifan::cli {
namespace {

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

} // namespace

int run_command(const std::string& command, const Args& args) {
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
    const std::vector<std::string> commands{"validate",  "score",       "explain", "rank", "report", "weights",
                                            "composite", "uncertainty", "whatif",  "gen",  "verify"};
    throw UsageError(both(
        Msg::err_cli_unknown_command, arg("command", command),
        arg("commands", in_both([&](Language language) { return joined(language, Msg::id_separator, commands); }))));
}

} // namespace shifan::cli

int main(int argc, char** argv) {
    using namespace shifan;
    using namespace shifan::cli;
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
            std::cout << "shifan " << version << "\n";
            return exit_ok;
        }
        const int code = run_command(command, args);
        std::cout.flush();
        return code;
    } catch (const InputError& e) {
        // One line, whatever the input held: names in messages are quoted with their controls escaped.
        // The language: --lang, else the one the inputs declared (once the rubric was read), else the
        // environment's.
        const Language language = language_option().value_or(e.language().value_or(command_language()));
        std::cerr << say(language, Msg::error_line, arg("message", escape_controls(e.message(language)))) << "\n";
        return exit_bad_input;
    } catch (const UsageError& e) {
        const Language language = command_language();
        std::cerr << say(language, Msg::error_line, arg("message", escape_controls(e.text.in(language)))) << "\n";
        return exit_bad_input;
    } catch (const OutputError& e) { // where outputs go: reported like bad input
        const Language language = command_language();
        std::cerr << say(language, Msg::error_line, arg("message", escape_controls(e.message(language)))) << "\n";
        return exit_bad_input;
    } catch (const Cancelled&) {
        std::cerr << say(command_language(), Msg::error_interrupted) << "\n";
        return exit_interrupted;
    } catch (const std::exception& e) {
        std::cerr << say(command_language(), Msg::error_internal, arg("message", escape_controls(e.what()))) << "\n";
        return exit_internal;
    }
}

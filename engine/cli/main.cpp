// The shifan command: a thin shell over the library's front door, one file per subcommand, in a
// library of its own that the executable loads once it has decided how the command starts (start.cpp).
// Exit codes: 0 success, 2 bad input or arguments (one line on stderr naming file, place and problem),
// 1 internal failure, 130 interrupted; verify adds 3 (an input changed) and 4 (an output differs).
#include "command.hpp"
#include "start.hpp"

#include <iostream>

#include <fmt/format.h>

namespace shifan::cli {
namespace {

/// The overview of the commands, printed by `shifan --help` (or `shifan` alone).
std::string overview(Language language) {
    const std::pair<const char*, Msg> commands[] = {
        {"validate", Msg::help_overview_validate},   {"score", Msg::help_overview_score},
        {"explain", Msg::help_overview_explain},     {"rank", Msg::help_overview_rank},
        {"report", Msg::help_overview_report},       {"weights", Msg::help_overview_weights},
        {"composite", Msg::help_overview_composite}, {"uncertainty", Msg::help_overview_uncertainty},
        {"whatif", Msg::help_overview_whatif},       {"compare", Msg::help_overview_compare},
        {"template", Msg::help_tpl_overview},        {"gen", Msg::help_overview_gen},
        {"verify", Msg::help_overview_verify}};
    std::string out = say(language, Msg::help_overview_title);
    for (const auto& [name, description] : commands) {
        std::string text = say(language, description);
        for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1))
            text.insert(at + 1, 13, ' '); // further lines under the first
        out += fmt::format("  {:<10} {}\n", name, text);
    }
    return out + say(language, Msg::help_overview_footer);
}

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
    if (command == "compare") return run_compare(args);
    if (command == "template") return run_template(args);
    if (command == "gen") return run_gen(args);
    if (command == "verify") return run_verify(args);
    const std::vector<std::string> commands{"validate", "score",     "explain",     "rank",   "report",
                                            "weights",  "composite", "uncertainty", "whatif", "compare",
                                            "template", "gen",       "verify"};
    throw UsageError(both(Msg::err_cli_unknown_command, arg("command", command),
                          arg("commands", joined_in_both(Msg::id_separator, commands))));
}

} // namespace shifan::cli

extern "C" [[gnu::visibility("default")]] int shifan_command_main(int argc, char** argv) {
    using namespace shifan;
    using namespace shifan::cli;
    std::ios::sync_with_stdio(false);
    const std::vector<std::string> all(argv + 1, argv + argc);
    if (all.empty()) {
        std::cerr << overview(help_language({}));
        return exit_bad_input;
    }
    const std::string command = all.front();
    const std::vector<std::string> args(all.begin() + 1, all.end());
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << overview(help_language(args));
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
        // Several problems found at once: one line each, sorted by file and place.
        const Language language = language_option().value_or(e.language().value_or(command_language()));
        std::cerr << say(language, Msg::error_line, arg("message", escape_controls(e.message(language)))) << "\n";
        for (const InputError& other : e.others())
            std::cerr << say(language, Msg::error_line, arg("message", escape_controls(other.message(language))))
                      << "\n";
        if (e.omitted() > 0)
            std::cerr << say(language, Msg::error_more, arg("count", e.omitted()),
                             arg("en_s", en_plural_s(e.omitted())))
                      << "\n";
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

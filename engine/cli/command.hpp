// The shifan command: what its subcommands share — exit codes, usage errors, and the options that
// several of them take. Each subcommand is a file of its own (validate.cpp, score.cpp, …) that
// parses its options and calls the library's front door (shifan/assessment.hpp).
#pragma once

#include <shifan/infra/argument_error.hpp>
#include <shifan/shifan.hpp>

#include "infra/language/say.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/program_options.hpp>

namespace shifan::cli {

namespace po = boost::program_options;

constexpr int exit_ok = 0;
constexpr int exit_internal = 1;
constexpr int exit_bad_input = 2;
constexpr int exit_input_changed = 3;  // verify: an input is missing or not what the audit records
constexpr int exit_output_differs = 4; // verify: an output differs from a re-run
constexpr int exit_interrupted = 130;  // stopped by Ctrl-C (128 + SIGINT, as shells report it)

/// Problems with the command line: reported like bad input, in the language of the command (--lang,
/// else the environment's).
struct UsageError : std::runtime_error {
    explicit UsageError(Bilingual message) : std::runtime_error(message.en), text(std::move(message)) {}

    Bilingual text;
};

using Args = std::vector<std::string>;

/// Runs a subcommand by name (verify runs the command an audit records).
int run_command(const std::string& command, const Args& args);

int run_validate(const Args& args);
int run_score(const Args& args);
int run_explain(const Args& args);
int run_rank(const Args& args);
int run_report(const Args& args);
int run_weights(const Args& args);
int run_composite(const Args& args);
int run_whatif(const Args& args);
int run_uncertainty(const Args& args);
int run_gen(const Args& args);
int run_template(const Args& args);
int run_verify(const Args& args);
int run_compare(const Args& args);

/// The input files named on the command line, as given.
struct InputArgs {
    std::string indicators, rubric, evidence, grades;

    Sources sources() const { return {indicators, rubric, evidence, grades, {}}; }
};

/// --indicators, --rubric and --evidence.
po::options_description input_options(InputArgs& inputs, bool rubric_and_evidence_required, Language language);

/// Parses a subcommand's options (and `positional` arguments, if given), adding --help and --lang to
/// them; returns false when --help was printed. `given` receives the
/// options as given (for the audit), without --help, --out and --threads, which change no content, and --lang (the
/// audit records the language apart); an option given several times has its values one per line, in order.
bool parse(const std::string& command, const std::string& synopsis, po::options_description& options, const Args& args,
           GivenOptions* given = nullptr, const po::positional_options_description* positional = nullptr);

/// A problem boost::program_options found in the arguments of `command`: boost's own words in
/// English, the same in Chinese, and "see 'shifan <help> --help'".
Bilingual options_problem(const po::error& e, const std::string& command, const std::string& help);

/// The language of a command's help and option descriptions, before its options are parsed: a valid
/// --lang among `args`, else the environment's, else English.
Language help_language(const Args& args);
/// The language --lang chose in the last parse(), if it was given.
std::optional<Language> language_option();
/// The language of a command's output and messages: --lang, else the loaded inputs' (the rubric's),
/// else the environment's (LC_ALL, LC_MESSAGES, LANG starting with "zh"), else English.
Language command_language();
/// Remembers the language the inputs settled on (a command that loads them without load_assessment),
/// for the messages that follow.
void use_inputs_language(Language language);
/// Keeps the language choices of the command being run (its --lang, its inputs') and puts them back
/// when it goes, however it goes: `verify` runs the recorded command, which parses its own --lang
/// (the recorded output's), and an error of that run is then told in verify's language.
class KeptLanguage {
public:
    KeptLanguage();
    ~KeptLanguage();
    KeptLanguage(const KeptLanguage&) = delete;
    KeptLanguage& operator=(const KeptLanguage&) = delete;

private:
    std::optional<Language> chosen_, loaded_;
};

/// Holds `value` until the process ends and returns it there. What a command reads and makes (its
/// round, results, tables) is the last thing it uses before the process exits, which gives all its
/// memory back at once; destroying it first freed each of its blocks in turn (some 100,000 at
/// 30,000 units: 9 ms of a composite index's 230). The values stay reachable, so that a leak
/// checker does not count them, and are never destroyed.
void keep_to_the_end(std::shared_ptr<const void> value);
template <class T> const T& kept_to_the_end(T&& value) {
    auto held = std::make_shared<const std::remove_cvref_t<T>>(std::forward<T>(value));
    keep_to_the_end(held);
    return *held;
}

/// Assessment::load, remembering the language the inputs settled on for later messages.
Assessment load_assessment(const Sources& sources, const LoadOptions& options);
/// The load options of a command: its language from --lang, else the rubric's, else the environment's.
LoadOptions load_options(unsigned threads, bool digests);

/// Throws a UsageError when the option `--option` of `command` has no value.
void require(const std::string& command, const std::filesystem::path& value, const char* option);

/// Loads the inputs of a command that scores (rubric and evidence required) and scores them, hashing
/// the input files for the audit when the output is written (`out` given).
Assessment load_scored(const std::string& command, const Sources& sources, unsigned threads, bool digests);

/// "a,b, c" → {"a", "b", "c"}.
std::vector<std::string> split_list(const std::string& text);

/// Options shared by the commands that rank: group, rank method, grades.
struct RankingArgs {
    std::string group, method;
    bool no_grades = false;

    void add_to(po::options_description& options, Language language);
    /// --grades FILE (into `inputs.grades`) and --no-grades.
    void add_grades_to(po::options_description& options, InputArgs& inputs, Language language);
    /// The rank options the arguments give; `grades_file` is the --grades value.
    RankOptions options(const std::string& command, const std::filesystem::path& grades_file) const;
};

/// Options of the Monte Carlo replications (shifan uncertainty, and the rank intervals of a report
/// page): what varies and how many replications run.
struct UncertaintyArgs {
    UncertaintyOptions analysis;
    std::vector<std::string> variations;
    std::string methods, normalisations;
    bool no_progress = false;

    /// What varies (--vary-weights, --methods, --normalisations, --rating-noise) into `model`; the
    /// replications (--replications, --seed, --no-progress) into `run`.
    /// With `tables`, also --top and --sensitivity (what shifan uncertainty's tables show; a chart of
    /// rank intervals draws neither).
    void add_to(po::options_description& model, po::options_description& run, Language language, bool tables = true);
    /// Whether anything that varies was given.
    bool varies() const;
    /// The analysis' options; a UsageError naming `command` for a specification that is not one.
    UncertaintyOptions options(const std::string& command) const;
    /// Runs the analysis with a progress bar, reporting to `progress` (which an InterruptGuard may
    /// cancel); a UsageError for options the analysis cannot take.
    Uncertainty run(const std::string& command, const Assessment& assessment, const Ranking& ranking, unsigned threads,
                    Progress& progress) const;
};

/// assessment.rank(options), a name the options give that names nothing (an unknown --group) being a
/// UsageError naming `command`.
Ranking rank_checked(const std::string& command, const Assessment& assessment, const RankOptions& options);

/// Checks the ids given to --tables against `ids`: a UsageError naming `command`, the unknown id and
/// the nearest valid ones.
void check_tables(const std::string& command, const std::vector<std::string>& picked,
                  const std::vector<std::string>& ids);

/// Runs `body`, a std::invalid_argument it throws (an option that names nothing, a value out of
/// range) being a UsageError naming `command`.
template <class Body> auto as_usage(const std::string& command, Body&& body) {
    try {
        return body();
    } catch (const std::invalid_argument& e) {
        throw UsageError(both(Msg::err_cli_command_problem, arg("command", command), arg("problem", argument_text(e))));
    }
}

/// --rank-method as given: nothing when not given; a UsageError naming `command` when it is not a
/// method.
std::optional<RankMethod> rank_method(const std::string& command, const std::string& method);

/// --headers as given: titles or keys; a UsageError naming `command` for anything else.
CsvHeader csv_header(const std::string& command, const std::string& headers);
/// The help of --headers, the same for every command that writes CSV.
std::string headers_help(Language language);

/// Output options of the table commands.
/// A number written as the whole of `text` (an option's value), else nothing.
std::optional<double> number_argument(const std::string& text);

/// The suffix of `out` when it names a file format (.csv, .md, .json, .xlsx, .html, .htm, .pdf in
/// any case, as written), else empty.
std::string file_suffix_of(const std::string& out);

struct TableOutput {
    std::string
        format; ///< as given; empty: from the suffix of `out` (.csv, .md, .json, .xlsx, .html, .pdf), else table
    std::string out;
    bool no_bom = false;
    std::string headers = "titles";
    unsigned threads = 0;

    void add_to(po::options_description& options, const std::string& out_help, Language language);
    /// The destination; a UsageError naming `command` for an unknown format, or a format that
    /// contradicts the suffix of --out (a workbook named .csv).
    Destination destination(const std::string& command) const;
    /// The format's name as --format takes it, given or inferred ("table" …).
    std::string format_name(const std::string& command) const;
};

/// Publishes a document to stdout or --out, the usage problems of the format named after `command`
/// (`picks_tables`: the command has --tables, which a problem may suggest).
void publish_tables(const std::string& command, const Document& document, const Destination& destination,
                    const Audit* audit, bool picks_tables);

} // namespace shifan::cli

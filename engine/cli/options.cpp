// What the subcommands share (declared in command.hpp).
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

po::options_description input_options(InputArgs& inputs, bool rubric_and_evidence_required, Language language) {
    (void)language;
    po::options_description options("Inputs");
    const char* suffix = rubric_and_evidence_required ? " (required)" : "";
    options.add_options()("indicators,i", po::value(&inputs.indicators)->required()->value_name("FILE"),
                          "indicator system, .json or .csv (required)")(
        "rubric,r", po::value(&inputs.rubric)->value_name("FILE"), (std::string("rubric, .json") + suffix).c_str())(
        "evidence,e", po::value(&inputs.evidence)->value_name("FILE"),
        (std::string("round: units and evidence, a .json file or a directory of CSV tables") + suffix).c_str());
    return options;
}

namespace {

/// --lang of the command being run (verify runs a second one, which parses its own).
std::optional<Language> chosen_language;
/// The language of the inputs once they are loaded (the rubric's, or the environment's).
std::optional<Language> loaded_language;

} // namespace

std::optional<Language> language_option() { return chosen_language; }

Language help_language(const Args& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::optional<Language> given;
        if (args[i] == "--lang" && i + 1 < args.size()) given = parse_language(args[i + 1]);
        if (args[i].starts_with("--lang=")) given = parse_language(args[i].substr(7));
        if (given) return *given;
    }
    return language_from_environment().value_or(Language::en);
}

std::string headers_help(Language language) {
    (void)language;
    return "first row of CSV files: titles (the column titles in the report's language, default) or keys "
           "(stable machine keys, the same in every language)";
}

Language command_language() {
    return chosen_language.value_or(loaded_language.value_or(language_from_environment().value_or(Language::en)));
}

Assessment load_assessment(const Sources& sources, const LoadOptions& options) {
    Assessment assessment = Assessment::load(sources, options);
    loaded_language = assessment.language();
    return assessment;
}

LoadOptions load_options(unsigned threads, bool digests) {
    LoadOptions options;
    options.threads = threads;
    options.digests = digests;
    options.language = chosen_language;
    options.fallback_language = language_from_environment().value_or(Language::en);
    return options;
}

namespace {

/// The value boost's "invalid value" message quotes: "the argument ('abc') for option '--threads' is
/// invalid" (boost keeps the value to itself otherwise).
std::optional<std::string> invalid_value(const po::error& e) {
    const std::string text = e.what();
    const std::string before = "the argument ('", after = "') for option";
    const std::size_t start = text.find(before), end = text.rfind(after);
    if (start == std::string::npos || end == std::string::npos || end < start + before.size()) return std::nullopt;
    return text.substr(start + before.size(), end - start - before.size());
}

/// boost's problem in Chinese, by the exception's type and kind and the option it names; a problem
/// not foreseen here is quoted as boost writes it.
std::string options_problem_zh(const po::error& e) {
    const Language zh = Language::zh;
    const auto* named = dynamic_cast<const po::error_with_option_name*>(&e);
    if (!named) {
        if (dynamic_cast<const po::too_many_positional_options_error*>(&e))
            return say(zh, Msg::err_cli_too_many_arguments);
        return say(zh, Msg::err_cli_options_other, arg("problem", e.what()));
    }
    const std::string option = named->get_option_name();
    if (dynamic_cast<const po::unknown_option*>(&e)) return say(zh, Msg::err_cli_unknown_option, arg("option", option));
    if (const auto* ambiguous = dynamic_cast<const po::ambiguous_option*>(&e)) {
        std::vector<std::string> alternatives;
        for (const std::string& name : ambiguous->alternatives())
            alternatives.push_back("“--" + name + "”");
        return say(zh, Msg::err_cli_ambiguous_option, arg("option", option),
                   arg("alternatives", joined(zh, Msg::id_separator, alternatives)));
    }
    if (dynamic_cast<const po::required_option*>(&e))
        return say(zh, Msg::err_cli_required_option, arg("option", option));
    if (dynamic_cast<const po::multiple_occurrences*>(&e))
        return say(zh, Msg::err_cli_repeated_option, arg("option", option));
    if (dynamic_cast<const po::multiple_values*>(&e)) return say(zh, Msg::err_cli_single_value, arg("option", option));
    if (const auto* syntax = dynamic_cast<const po::invalid_syntax*>(&e)) {
        switch (syntax->kind()) {
        case po::invalid_syntax::missing_parameter:
            return say(zh, Msg::err_cli_value_required, arg("option", option));
        case po::invalid_syntax::extra_parameter:
        case po::invalid_syntax::long_adjacent_not_allowed:
        case po::invalid_syntax::short_adjacent_not_allowed:
            return say(zh, Msg::err_cli_no_value_taken, arg("option", option));
        case po::invalid_syntax::empty_adjacent_parameter:
            return say(zh, Msg::err_cli_value_after_equals, arg("option", option));
        default:
            break;
        }
    }
    if (const auto* validation = dynamic_cast<const po::validation_error*>(&e)) {
        switch (validation->kind()) {
        case po::validation_error::multiple_values_not_allowed:
            return say(zh, Msg::err_cli_single_value, arg("option", option));
        case po::validation_error::at_least_one_value_required:
            return say(zh, Msg::err_cli_value_required, arg("option", option));
        case po::validation_error::invalid_bool_value:
        case po::validation_error::invalid_option_value:
            if (const std::optional<std::string> value = invalid_value(e))
                return say(zh, Msg::err_cli_invalid_value, arg("option", option), arg("value", *value));
            break;
        case po::validation_error::invalid_option:
            return say(zh, Msg::err_cli_invalid_option, arg("option", option));
        }
    }
    return say(zh, Msg::err_cli_options_other, arg("problem", e.what()));
}

} // namespace

Bilingual options_problem(const po::error& e, const std::string& command, const std::string& help) {
    // In English, boost's own words, as they have always been printed.
    const Bilingual problem{options_problem_zh(e), e.what()};
    return both(Msg::err_cli_options, arg("command", command), arg("problem", problem), arg("help", help));
}

bool parse(const std::string& command, const std::string& synopsis, po::options_description& options, const Args& args,
           GivenOptions* given, const po::positional_options_description* positional) {
    std::string lang;
    options.add_options()("lang", po::value(&lang)->value_name("zh|en"),
                          "language of the output: zh (Chinese) or en (English); default: the rubric's "
                          "language, else the environment's (LANG starting with zh: Chinese), else English")(
        "help,h", "show this help");
    // --lang is read first, so that every message of this parse is in the language asked for.
    chosen_language = std::nullopt;
    loaded_language = std::nullopt;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::optional<std::string> value;
        if (args[i] == "--lang" && i + 1 < args.size()) value = args[i + 1];
        if (args[i].starts_with("--lang=")) value = args[i].substr(7);
        if (!value) continue;
        chosen_language = parse_language(*value);
        if (!chosen_language) // told in the environment's language, since the one asked for is unknown
            throw UsageError(both(Msg::err_cli_lang, arg("command", command), arg("value", *value)));
    }
    po::variables_map vm;
    try {
        po::command_line_parser parser(args);
        parser.options(options);
        if (positional) parser.positional(*positional);
        const po::parsed_options parsed = parser.run();
        po::store(parsed, vm);
        if (given)
            for (const po::option& option : parsed.options) {
                if (option.string_key == "help" || option.string_key == "out" || option.string_key == "threads" ||
                    option.string_key == "lang") // the audit records the language apart
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
        throw UsageError(options_problem(e, command, command));
    }
    return true;
}

void require(const std::string& command, const std::filesystem::path& value, const char* option) {
    if (value.empty())
        throw UsageError(both(Msg::err_cli_option_needed, arg("command", command), arg("option", option)));
}

Assessment load_scored(const std::string& command, const Sources& sources, unsigned threads, bool digests) {
    require(command, sources.rubric, "rubric");
    require(command, sources.evidence, "evidence");
    const Assessment assessment = load_assessment(sources, load_options(threads, digests));
    assessment.result(); // scored now, so that a problem in the evidence is reported before any option's
    return assessment;
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

void RankingArgs::add_to(po::options_description& options, Language language) {
    (void)language;
    options.add_options()("group,g", po::value(&group)->value_name("ATTR"),
                          "also rank within groups of this unit attribute (default: the rubric's ranking.group)")(
        "rank-method", po::value(&method)->value_name("METHOD"),
        "competition (1, 2, 2, 4), dense (1, 2, 2, 3) or ordinal (ties broken by the rubric's tie_break, then "
        "id); default: the rubric's ranking.method, else competition");
}

void RankingArgs::add_grades_to(po::options_description& options, InputArgs& inputs, Language language) {
    (void)language;
    options.add_options()("grades", po::value(&inputs.grades)->value_name("FILE"),
                          "grades from this JSON file ({\"grades\": {...}} as in a rubric) instead of the "
                          "rubric's")("no-grades", po::bool_switch(&no_grades), "no grades, whatever the rubric says");
}

std::optional<RankMethod> rank_method(const std::string& command, const std::string& method) {
    if (method.empty()) return std::nullopt;
    const std::optional<RankMethod> parsed = parse_rank_method(method);
    if (!parsed) throw UsageError(both(Msg::err_cli_rank_method, arg("command", command), arg("method", method)));
    return parsed;
}

RankOptions RankingArgs::options(const std::string& command, const std::filesystem::path& grades_file) const {
    RankOptions rank_options;
    if (!group.empty()) rank_options.group_attribute = group;
    rank_options.method = rank_method(command, method);
    if (no_grades && !grades_file.empty())
        throw UsageError(both(Msg::err_cli_grades_conflict, arg("command", command)));
    if (no_grades) rank_options.grades = GradePolicy{};
    return rank_options;
}

void TableOutput::add_to(po::options_description& options, const std::string& out_help, Language language) {
    (void)language;
    options.add_options()("format,f", po::value(&format)->value_name("table|csv|md|json|xlsx"),
                          "table (aligned for a terminal, default), csv, md (Markdown), json or xlsx (a workbook; "
                          "needs --out)")("out,o", po::value(&out)->value_name("PATH"), out_help.c_str())(
        "no-bom", po::bool_switch(&no_bom), "write CSV without the UTF-8 byte-order mark")(
        "headers", po::value(&headers)->value_name("titles|keys"), headers_help(language).c_str())(
        "threads,t", po::value(&threads)->value_name("N"),
        "threads for scoring (default: chosen by the size of the round; results are identical for any N)");
}

Destination TableOutput::destination(const std::string& command) const {
    const std::optional<Format> parsed = parse_format(format);
    if (!parsed) throw UsageError(both(Msg::err_cli_format, arg("command", command), arg("format", format)));
    return {*parsed, out, !no_bom, csv_header(command, headers)};
}

CsvHeader csv_header(const std::string& command, const std::string& headers) {
    if (headers == "titles") return CsvHeader::titles;
    if (headers == "keys") return CsvHeader::keys;
    throw UsageError(both(Msg::err_cli_headers, arg("command", command), arg("headers", headers)));
}

void publish_tables(const std::string& command, const Document& document, const Destination& destination,
                    const Audit* audit) {
    if (destination.out.empty()) {
        if (destination.format == Format::xlsx)
            throw UsageError(both(Msg::err_cli_xlsx_needs_file, arg("command", command)));
        if (destination.format == Format::csv && document.tables.size() > 1)
            throw UsageError(
                both(Msg::err_cli_csv_needs_directory, arg("command", command), arg("tables", document.tables.size())));
    }
    publish(document, destination, audit, std::cout);
}

} // namespace shifan::cli

// What the subcommands share (declared in command.hpp).
#include "command.hpp"

#include "infra/nearest_names.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

namespace shifan::cli {

po::options_description input_options(InputArgs& inputs, bool rubric_and_evidence_required, Language language) {
    po::options_description options(say(language, Msg::help_caption_inputs));
    const std::string required = rubric_and_evidence_required ? say(language, Msg::help_required) : "";
    options.add_options()("indicators,i", po::value(&inputs.indicators)->required()->value_name("FILE"),
                          say(language, Msg::help_indicators).c_str())(
        "rubric,r", po::value(&inputs.rubric)->value_name("FILE"),
        say(language, Msg::help_rubric, arg("required", required)).c_str())(
        "evidence,e", po::value(&inputs.evidence)->value_name("FILE"),
        say(language, Msg::help_evidence, arg("required", required)).c_str());
    return options;
}

namespace {

/// --lang of the command being run (verify runs a second one, which parses its own).
std::optional<Language> chosen_language;
/// The language of the inputs once they are loaded (the rubric's, or the environment's).
std::optional<Language> loaded_language;

/// The values of --lang among `args` ("--lang zh" or "--lang=zh"), in order.
std::vector<std::string> lang_values(const Args& args) {
    std::vector<std::string> values;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--lang" && i + 1 < args.size()) values.push_back(args[i + 1]);
        if (args[i].starts_with("--lang=")) values.push_back(args[i].substr(7));
    }
    return values;
}

} // namespace

std::optional<Language> language_option() { return chosen_language; }

Language help_language(const Args& args) {
    for (const std::string& value : lang_values(args))
        if (const std::optional<Language> given = parse_language(value)) return *given;
    return language_from_environment().value_or(Language::en);
}

std::string headers_help(Language language) { return say(language, Msg::help_headers); }

Language command_language() {
    return chosen_language.value_or(loaded_language.value_or(language_from_environment().value_or(Language::en)));
}

void use_inputs_language(Language language) { loaded_language = language; }

KeptLanguage::KeptLanguage() : chosen_(chosen_language), loaded_(loaded_language) {}

KeptLanguage::~KeptLanguage() {
    chosen_language = chosen_;
    loaded_language = loaded_;
}

void keep_to_the_end(std::shared_ptr<const void> value) {
    static auto* const kept = new std::vector<std::shared_ptr<const void>>; // never destroyed
    kept->push_back(std::move(value));
}

Assessment load_assessment(const Sources& sources, const LoadOptions& options) {
    Assessment assessment = Assessment::load(sources, options);
    loaded_language = assessment.language();
    // What deserves a look (fields no rule reads) is said by every command, on stderr.
    const Language language = language_option().value_or(assessment.language());
    for (const InputError& warning : assessment.warnings())
        std::cerr << say(language, Msg::warning_line, arg("message", escape_controls(warning.message(language))))
                  << "\n";
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

namespace {

/// The code point of UTF-8 `text` at `at`, and its length in bytes (a stray byte stands for itself).
std::pair<char32_t, std::size_t> code_point(std::string_view text, std::size_t at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    const std::size_t length = byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    if (at + length > text.size()) return {byte, 1};
    char32_t c = length == 1 ? byte : byte & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length; ++k)
        c = (c << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
    return {c, length};
}

/// Columns `text` takes in a terminal that shows Chinese: quotation marks, the ellipsis and the dash,
/// narrow in most terminals, are wide in some, and are counted wide here so that a line fits either.
std::size_t chinese_width(std::string_view text) {
    static constexpr std::u32string_view ambiguous = U"“”‘’…—";
    std::size_t width = display_width(text);
    for (std::size_t at = 0; at < text.size();) {
        const auto [c, length] = code_point(text, at);
        if (ambiguous.find(c) != std::u32string_view::npos) ++width;
        at += length;
    }
    return width;
}

/// `text` in lines of at most `width` terminal columns, as Chinese text breaks: at spaces (which go),
/// between Chinese characters and between Chinese and Latin text, but neither inside a word nor
/// before closing punctuation nor after opening punctuation. A word wider than `width` stands alone.
std::vector<std::string> wrapped(std::string_view text, std::size_t width) {
    static constexpr std::u32string_view closing = U"，。、；：！？）》」』】”’…—";
    static constexpr std::u32string_view opening = U"（《「『【“‘";
    struct Piece {
        std::string text; // what no line breaks inside
        bool space_before;
    };
    std::vector<Piece> pieces;
    bool space = false, glued = false;
    for (std::size_t at = 0; at < text.size();) {
        if (text[at] == ' ') {
            space = true;
            ++at;
            continue;
        }
        const auto [c, length] = code_point(text, at);
        std::string atom;
        bool glue_before = false, glue_after = false;
        if (c < 0x80) { // a Latin word: up to a space or a Chinese character
            std::size_t end = at;
            while (end < text.size() && text[end] != ' ' && static_cast<unsigned char>(text[end]) < 0x80)
                ++end;
            atom = text.substr(at, end - at);
            glue_before = std::string_view(",;:!?)]}").find(atom.front()) != std::string_view::npos;
            glue_after = std::string_view("([{").find(atom.back()) != std::string_view::npos;
            at = end;
        } else {
            atom = text.substr(at, length);
            glue_before = closing.find(c) != std::u32string_view::npos;
            glue_after = opening.find(c) != std::u32string_view::npos;
            at += length;
        }
        if (!pieces.empty() && !space && (glued || glue_before))
            pieces.back().text += atom;
        else
            pieces.push_back({atom, space});
        glued = glue_after;
        space = false;
    }
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_width = 0;
    for (const Piece& piece : pieces) {
        const std::size_t piece_width = chinese_width(piece.text);
        const std::size_t gap = piece.space_before && !line.empty() ? 1 : 0;
        if (!line.empty() && line_width + gap + piece_width > width) {
            lines.push_back(line);
            line.clear();
            line_width = 0;
        } else if (gap) {
            line += ' ';
            ++line_width;
        }
        line += piece.text;
        line_width += piece_width;
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
}

/// The help of `options` as boost lays it out, each description laid out again by display width:
/// boost counts bytes (39 a line at its 80 columns), which cuts a Chinese line after 13 characters,
/// or inside one. The descriptions are taken from the options, the rest (captions, option names,
/// blank lines) as boost wrote it, but for the colon after a caption, which is Chinese.
std::string chinese_help(const po::options_description& options) {
    std::ostringstream boost_help;
    boost_help << options;
    const std::size_t column = options.get_option_column_width();
    const std::size_t width = po::options_description::m_default_line_length - 1 - column; // as boost does
    const std::string indent(column, ' ');
    std::vector<std::pair<std::string, const po::option_description*>> names; // as boost writes them
    for (const auto& option : options.options())
        names.emplace_back("  " + option->format_name() + " " + option->format_parameter(), option.get());
    std::istringstream lines(boost_help.str());
    std::string out, line;
    bool described = false; // boost's lines of a description laid out again here are left out
    while (std::getline(lines, line)) {
        if (described && line.starts_with(indent)) continue;
        described = false;
        const auto named = std::find_if(names.begin(), names.end(), [&](const auto& name) {
            if (name.first.size() >= column) return line == name.first; // the description on the next line
            return line.size() > column && line.starts_with(name.first + std::string(column - name.first.size(), ' '));
        });
        if (named == names.end() || named->second->description().empty()) {
            if (!line.empty() && line.front() != ' ' && line.back() == ':') // a caption
                line.replace(line.size() - 1, 1, "：");
            out += line + "\n";
            continue;
        }
        const std::string& name = named->first;
        out += name.size() < column ? name + std::string(column - name.size(), ' ') : name + "\n" + indent;
        const std::string& description = named->second->description();
        bool first = true;
        for (std::size_t start = 0; start <= description.size();) { // paragraphs, one a line as given
            const std::size_t end = std::min(description.find('\n', start), description.size());
            for (const std::string& text : wrapped(std::string_view(description).substr(start, end - start), width)) {
                if (!first) out += "\n" + indent;
                out += text;
                first = false;
            }
            start = end + 1;
        }
        out += "\n";
        described = true;
    }
    return out;
}

} // namespace

bool parse(const std::string& command, const std::string& synopsis, po::options_description& options, const Args& args,
           GivenOptions* given, const po::positional_options_description* positional) {
    // --lang is read first, so that every message of this parse is in the language asked for.
    chosen_language = std::nullopt;
    loaded_language = std::nullopt;
    for (const std::string& value : lang_values(args)) {
        chosen_language = parse_language(value);
        if (!chosen_language) // told in the environment's language, since the one asked for is unknown
            throw UsageError(both(Msg::err_cli_lang, arg("command", command), arg("value", value)));
    }
    const Language language = command_language();
    std::string lang;
    options.add_options()("lang", po::value(&lang)->value_name("zh|en"),
                          say(language, Msg::help_lang).c_str())("help,h", say(language, Msg::help_help).c_str());
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
            std::string shown = synopsis; // the options as typed, "[options]" in the language of the help
            if (const std::size_t at = shown.find("[options]"); at != std::string::npos)
                shown.replace(at, 9, say(language, Msg::help_synopsis_options));
            std::cout << say(language, Msg::help_usage, arg("command", command), arg("synopsis", shown)) << "\n\n";
            if (language == Language::zh)
                std::cout << chinese_help(options);
            else
                std::cout << options;
            std::cout << "\n";
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
    options.add_options()("group,g", po::value(&group)->value_name("ATTR"), say(language, Msg::help_group).c_str())(
        "rank-method", po::value(&method)->value_name("METHOD"), say(language, Msg::help_rank_method).c_str());
}

void RankingArgs::add_grades_to(po::options_description& options, InputArgs& inputs, Language language) {
    options.add_options()("grades", po::value(&inputs.grades)->value_name("FILE"),
                          say(language, Msg::help_grades).c_str())("no-grades", po::bool_switch(&no_grades),
                                                                   say(language, Msg::help_no_grades).c_str());
}

std::optional<RankMethod> rank_method(const std::string& command, const std::string& method) {
    if (method.empty()) return std::nullopt;
    const std::optional<RankMethod> parsed = parse_rank_method(method);
    if (!parsed) throw UsageError(both(Msg::err_cli_rank_method, arg("command", command), arg("method", method)));
    return parsed;
}

Ranking rank_checked(const std::string& command, const Assessment& assessment, const RankOptions& options) {
    return as_usage(command, [&] { return assessment.rank(options); });
}

void check_tables(const std::string& command, const std::vector<std::string>& picked,
                  const std::vector<std::string>& ids) {
    for (const std::string& id : picked)
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw UsageError(
                both(Msg::err_cli_command_problem, arg("command", command),
                     arg("problem", both(Msg::err_name_table, arg("name", id),
                                         arg("tail", detail::suggestion_tail(id, detail::plain_candidates(ids),
                                                                             Bilingual{}, ids.size()))))));
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
    options.add_options()("format,f", po::value(&format)->value_name("table|csv|md|json|xlsx|html|pdf"),
                          say(language, Msg::help_format).c_str())(
        "out,o", po::value(&out)->value_name("PATH"), out_help.c_str())("no-bom", po::bool_switch(&no_bom),
                                                                        say(language, Msg::help_no_bom).c_str())(
        "headers", po::value(&headers)->value_name("titles|keys"), headers_help(language).c_str())(
        "threads,t", po::value(&threads)->value_name("N"), say(language, Msg::help_threads).c_str());
}

namespace {

/// The format a file's suffix names (.csv, .md, .json, .xlsx, .html or .htm, .pdf; any case), with
/// the suffix as written; none for other names, a directory among them.
std::optional<std::pair<std::string, std::string>> format_of_suffix(const std::string& out) {
    std::string suffix = std::filesystem::path(out).extension().string();
    std::string lower = suffix;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [ending, name] : std::initializer_list<std::pair<const char*, const char*>>{{".csv", "csv"},
                                                                                                 {".md", "md"},
                                                                                                 {".json", "json"},
                                                                                                 {".xlsx", "xlsx"},
                                                                                                 {".html", "html"},
                                                                                                 {".htm", "html"},
                                                                                                 {".pdf", "pdf"}})
        if (lower == ending) return std::make_pair(suffix, std::string(name));
    return std::nullopt;
}

} // namespace

std::optional<double> number_argument(const std::string& text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string file_suffix_of(const std::string& out) {
    const auto named = format_of_suffix(out);
    return named ? named->first : std::string();
}

std::string TableOutput::format_name(const std::string& command) const {
    if (!format.empty()) {
        if (!parse_format(format))
            throw UsageError(both(Msg::err_cli_format, arg("command", command), arg("format", format)));
        const auto named = format_of_suffix(out);
        // A workbook named .csv, or a table named .xlsx, is a slip that would leave a file no
        // program opens as its name says.
        if (named && named->second != format) {
            static const std::map<std::string, std::string> suffixes{
                {"table", ".txt"}, {"csv", ".csv"},   {"md", ".md"},  {"json", ".json"},
                {"xlsx", ".xlsx"}, {"html", ".html"}, {"pdf", ".pdf"}};
            throw UsageError(both(Msg::err_cli_format_suffix, arg("command", command), arg("format", format),
                                  arg("out", out), arg("suffix", named->first), arg("expected", suffixes.at(format)),
                                  arg("named", named->second)));
        }
        return format;
    }
    if (const auto named = format_of_suffix(out)) return named->second;
    return "table";
}

Destination TableOutput::destination(const std::string& command) const {
    return {*parse_format(format_name(command)), out, !no_bom, csv_header(command, headers)};
}

CsvHeader csv_header(const std::string& command, const std::string& headers) {
    if (headers == "titles") return CsvHeader::titles;
    if (headers == "keys") return CsvHeader::keys;
    throw UsageError(both(Msg::err_cli_headers, arg("command", command), arg("headers", headers)));
}

void publish_tables(const std::string& command, const Document& document, const Destination& destination,
                    const Audit* audit, bool picks_tables) {
    if (destination.out.empty()) {
        if (destination.format == Format::pdf)
            throw UsageError(both(Msg::err_out_pdf_needs_file, arg("command", "shifan " + command)));
        if (destination.format == Format::xlsx)
            throw UsageError(both(Msg::err_cli_xlsx_needs_file, arg("command", command)));
        if (destination.format == Format::csv && document.tables.size() > 1)
            throw UsageError(
                both(picks_tables ? Msg::err_cli_csv_needs_directory : Msg::err_cli_csv_needs_directory_only,
                     arg("command", command), arg("tables", document.tables.size())));
    }
    publish(document, destination, audit, std::cout);
}

} // namespace shifan::cli

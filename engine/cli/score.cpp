// shifan score: score a round and print its ranking, or write ranking.csv and result.json.
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

int run_score(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    RankingArgs ranking_args;
    std::string out_dir, format = "table";
    bool no_bom = false, reasons = false;
    std::string headers = "titles";
    unsigned threads = 0;
    auto options = input_options(inputs, true, language);
    po::options_description output(say(language, Msg::help_caption_output));
    output.add_options()("format,f", po::value(&format)->value_name("table|csv|md|json|xlsx"),
                         say(language, Msg::help_score_format).c_str())("out,o", po::value(&out_dir)->value_name("DIR"),
                                                                        say(language, Msg::help_score_out).c_str());
    ranking_args.add_to(output, language);
    output.add_options()("reasons", po::bool_switch(&reasons), say(language, Msg::help_score_reasons).c_str())(
        "no-bom", po::bool_switch(&no_bom), say(language, Msg::help_no_bom).c_str())(
        "headers", po::value(&headers)->value_name("titles|keys"), headers_help(language).c_str())(
        "threads,t", po::value(&threads)->value_name("N"), say(language, Msg::help_threads).c_str());
    options.add(output);
    GivenOptions given;
    if (!parse("score", "--indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    const std::optional<Format> parsed = parse_format(format);
    if (!parsed) throw UsageError(both(Msg::err_cli_format, arg("command", "score"), arg("format", format)));
    // score writes a directory: `--out 结果.xlsx` would make a folder of that name, not a workbook.
    if (const std::string suffix = file_suffix_of(out_dir); !suffix.empty() && !std::filesystem::is_directory(out_dir))
        throw UsageError(both(Msg::err_cli_score_out_is_a_file, arg("command", "score"), arg("out", out_dir),
                              arg("suffix", suffix),
                              arg("directory", std::filesystem::path(out_dir).replace_extension().string())));
    // A page or a PDF is a report: the ranking alone would make a poor one.
    if (*parsed == Format::html || *parsed == Format::pdf)
        throw UsageError(both(Msg::err_cli_score_document_format, arg("command", "score"), arg("format", format)));
    if (*parsed == Format::xlsx && out_dir.empty())
        throw UsageError(both(Msg::err_cli_score_xlsx_needs_directory, arg("command", "score")));
    if (reasons && out_dir.empty() && *parsed != Format::json)
        throw UsageError(both(Msg::err_cli_score_reasons_without_json, arg("command", "score")));
    const CsvHeader header = csv_header("score", headers);
    const Assessment& assessment = kept_to_the_end(load_scored("score", inputs.sources(), threads, !out_dir.empty()));
    const Ranking& ranking = kept_to_the_end(rank_checked("score", assessment, ranking_args.options("score", {})));
    std::string ranking_text; // ranking.csv as written, which --format csv prints too
    if (!out_dir.empty())
        ranking_text = write_result(ranking, assessment.result(), out_dir, !no_bom, assessment.audit("score", given),
                                    assessment.language(), header, *parsed == Format::xlsx, reasons);
    if (*parsed == Format::csv && !out_dir.empty())
        std::cout << ranking_text;
    else if (*parsed != Format::xlsx)
        print_result(ranking, assessment.result(), *parsed, !no_bom, std::cout, assessment.language(), header, reasons);
    return exit_ok;
}

} // namespace shifan::cli

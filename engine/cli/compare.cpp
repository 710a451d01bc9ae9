// shifan compare: two or more rounds side by side: changes, the progress ranking, trends and the
// follow-up of lost points (docs/compare.md).
#include "command.hpp"

#include <shifan/version.hpp>

namespace shifan::cli {

namespace {

/// One --round as given: LABEL=SOURCE, SOURCE a result.json, a directory holding one, or
/// INDICATORS,RUBRIC,EVIDENCE.
struct RoundArg {
    std::string label;
    std::vector<std::string> paths;
};

RoundArg round_arg(const std::string& given) {
    RoundArg out;
    std::string spec = given;
    if (const auto eq = given.find('='); eq != std::string::npos) {
        out.label = given.substr(0, eq);
        spec = given.substr(eq + 1);
    }
    std::size_t from = 0;
    for (std::size_t comma = spec.find(',');; comma = spec.find(',', from)) {
        out.paths.push_back(spec.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
        if (comma == std::string::npos) break;
        from = comma + 1;
    }
    const bool empty = std::any_of(out.paths.begin(), out.paths.end(), [](const std::string& p) { return p.empty(); });
    if ((out.paths.size() != 1 && out.paths.size() != 3) || empty ||
        (given.find('=') != std::string::npos && out.label.empty()))
        throw UsageError(both(Msg::err_cli_compare_round, arg("command", "compare"), arg("given", given)));
    return out;
}

} // namespace

int run_compare(const Args& args) {
    const Language language = help_language(args);
    TableOutput output_args;
    std::vector<std::string> rounds;
    std::string mapping_file, base, tables;
    po::options_description options(say(language, Msg::help_cmd_compare_caption));
    options.add_options()("round", po::value(&rounds)->value_name("LABEL=SOURCE"),
                          say(language, Msg::help_cmd_compare_round).c_str())(
        "mapping", po::value(&mapping_file)->value_name("FILE"), say(language, Msg::help_cmd_compare_mapping).c_str())(
        "base", po::value(&base)->value_name("LABEL"), say(language, Msg::help_cmd_compare_base).c_str());
    po::options_description output(say(language, Msg::help_cmd_caption_output));
    output_args.add_to(output, say(language, Msg::help_cmd_out_tables), language);
    output.add_options()("tables", po::value(&tables)->value_name("LIST"),
                         say(language, Msg::help_cmd_compare_tables).c_str());
    options.add(output);
    po::positional_options_description positional;
    positional.add("round", -1);
    GivenOptions given;
    if (!parse("compare", "LABEL=SOURCE LABEL=SOURCE ... [--mapping FILE] [options]", options, args, &given,
               &positional))
        return exit_ok;
    const Destination destination = output_args.destination("compare");
    if (rounds.size() < 2) throw UsageError(both(Msg::err_cli_compare_rounds, arg("command", "compare")));
    const std::vector<std::string> picked = split_list(tables);
    check_tables("compare", picked, comparison_table_ids());
    std::vector<RoundArg> specs;
    for (const std::string& round : rounds)
        specs.push_back(round_arg(round));
    const bool written = !destination.out.empty();
    std::vector<RoundOutcome> outcomes;
    std::vector<AuditInput> inputs;
    for (const RoundArg& spec : specs) {
        if (spec.paths.size() == 1) {
            const std::filesystem::path file = result_file_of(spec.paths[0]);
            outcomes.push_back(read_round_outcome(file, spec.label));
            if (written) {
                const std::vector<AuditInput> digests = audit_inputs("round", file.string());
                inputs.insert(inputs.end(), digests.begin(), digests.end());
            }
        } else {
            const Assessment assessment = load_scored("compare", {spec.paths[0], spec.paths[1], spec.paths[2], {}, {}},
                                                      output_args.threads, written);
            const Ranking ranking = rank_checked("compare", assessment, RankOptions{});
            outcomes.push_back(round_outcome(ranking, assessment.result(), spec.label));
            if (written) {
                const std::vector<AuditInput> digests = assessment.audit("compare", {}).inputs;
                inputs.insert(inputs.end(), digests.begin(), digests.end());
            }
        }
        RoundOutcome& outcome = outcomes.back();
        if (outcome.label.empty()) outcome.label = outcome.round_id;
    }
    RoundMapping mapping;
    if (!mapping_file.empty()) {
        mapping = read_round_mapping(mapping_file);
        if (written) {
            const std::vector<AuditInput> digests = audit_inputs("mapping", mapping_file);
            inputs.insert(inputs.end(), digests.begin(), digests.end());
        }
    }
    ComparisonOptions comparing;
    if (!base.empty()) comparing.base = base;
    const Comparison comparison =
        as_usage("compare", [&] { return compare_rounds(std::move(outcomes), mapping, comparing); });
    const Language words = command_language();
    const bool page = destination.format == Format::html || destination.format == Format::pdf;
    Document document = comparison_document(comparison, words, picked, page);
    // What reading the mapping converted (its encoding, Chinese headers) is said, not done silently.
    for (std::string& note : conversion_notes(mapping.conversions, words))
        document.notes.push_back(std::move(note));
    // The audit names every round's indicator system, rubric and round, in order.
    const auto ids = [&](std::string RoundOutcome::*id) {
        std::vector<std::string> list;
        for (const RoundOutcome& round : comparison.rounds)
            list.push_back(round.*id);
        return joined(Language::en, Msg::list_separator, list);
    };
    const Audit audit{version,
                      "compare",
                      std::string(language_code(words)),
                      given,
                      ids(&RoundOutcome::system_id),
                      ids(&RoundOutcome::rubric_id),
                      ids(&RoundOutcome::round_id),
                      std::move(inputs)};
    publish_tables("compare", document, destination, written ? &audit : nullptr, true);
    return exit_ok;
}

} // namespace shifan::cli

// shifan weights: AHP weights from pairwise judgements, or data-driven weights from a round; optionally
// the indicator system written with points from them.
#include "command.hpp"

#include "infra/nearest_names.hpp"

#include "shifan/load/limits.hpp"

#include <cmath>
#include <iostream>
#include <optional>

namespace shifan::cli {

namespace {

const char* const ahp_synopsis = "FILE [--indicators FILE] [options]";
const char* const data_synopsis = "--indicators FILE --evidence FILE [--rubric FILE] [options]";

/// The problems boost finds in the options of `weights ahp`, reported as they always have been (naming
/// the command "weights", its help "weights ahp"), before parse() reads them again for --lang and --help.
void check_ahp_options(const po::options_description& options, const po::positional_options_description& positional,
                       const Args& args) {
    po::options_description checked;
    checked.add(options).add_options()("lang", po::value<std::string>())("help,h", "");
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(args).options(checked).positional(positional).run(), vm);
    } catch (const po::error& e) {
        throw UsageError(options_problem(e, "weights", "weights ahp"));
    }
}

/// The components `weights pca` keeps: the rubric's rule, or the one --retain, --share and
/// --components give (a share or count alone keeps its rule: --share 0.9 means variance).
PcaRetention pca_retention(PcaRetention retention, const std::string& retain, const std::string& share,
                           const std::string& components) {
    const std::string command = "weights pca";
    if (!retain.empty()) {
        if (retain == "kaiser")
            retention.rule = PcaRetention::Rule::kaiser;
        else if (retain == "variance")
            retention.rule = PcaRetention::Rule::variance;
        else if (retain == "count")
            retention.rule = PcaRetention::Rule::count;
        else
            throw UsageError(both(Msg::err_cli_weights_retain, arg("command", command), arg("value", retain)));
    } else if (!share.empty()) {
        retention.rule = PcaRetention::Rule::variance;
    } else if (!components.empty()) {
        retention.rule = PcaRetention::Rule::count;
    }
    if (!share.empty()) {
        if (retention.rule != PcaRetention::Rule::variance)
            throw UsageError(both(Msg::err_cli_weights_retain_option, arg("command", command), arg("option", "share"),
                                  arg("rule", "variance")));
        const std::optional<double> value = number_argument(share);
        if (!value || !(*value > 0 && *value <= 1))
            throw UsageError(both(Msg::err_cli_weights_share, arg("command", command), arg("value", share)));
        retention.share = *value;
    }
    if (!components.empty()) {
        if (retention.rule != PcaRetention::Rule::count)
            throw UsageError(both(Msg::err_cli_weights_retain_option, arg("command", command),
                                  arg("option", "components"), arg("rule", "count")));
        const std::optional<double> value = number_argument(components);
        if (!value || !(*value >= 1 && *value <= limits::max_indicators && std::floor(*value) == *value))
            throw UsageError(both(Msg::err_cli_weights_components, arg("command", command), arg("value", components)));
        retention.count = static_cast<std::size_t>(*value);
    }
    return retention;
}

} // namespace

int run_weights(const Args& args) {
    const Language language = help_language(args);
    // The method comes first, after --lang if that is given before it (`shifan weights --lang zh --help`).
    std::size_t first = 0;
    while (first < args.size() && (args[first] == "--lang" || args[first].starts_with("--lang=")))
        first += args[first] == "--lang" ? 2 : 1;
    if (first >= args.size() || args[first] == "--help" || args[first] == "-h") {
        std::cout << say(language, Msg::help_weights_usage,
                         arg("ahp_synopsis", std::string("shifan weights ahp ") + ahp_synopsis),
                         arg("data_synopsis",
                             std::string("shifan weights entropy|critic|cv|pca|equal ") + data_synopsis))
                  << "\n";
        return first >= args.size() ? exit_bad_input : exit_ok;
    }
    const std::string method = args[first];
    std::vector<std::string> rest(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(first));
    rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(first) + 1, args.end());
    InputArgs inputs;
    TableOutput output_args;
    std::string write, write_as = "points", field, lower, retain, share, components;
    int precision = -1; // unset: the rubric's precision, else 2
    po::options_description options(say(language, Msg::help_weights_options));
    options.add_options()("indicators,i", po::value(&inputs.indicators)->value_name("FILE"),
                          say(language, Msg::help_weights_indicators).c_str())(
        "rubric,r", po::value(&inputs.rubric)->value_name("FILE"), say(language, Msg::help_weights_rubric).c_str())(
        "evidence,e", po::value(&inputs.evidence)->value_name("FILE"),
        say(language, Msg::help_weights_evidence).c_str())("write,w", po::value(&write)->value_name("FILE"),
                                                           say(language, Msg::help_weights_write).c_str())(
        "precision", po::value(&precision)->value_name("N"), say(language, Msg::help_weights_precision).c_str())(
        "field", po::value(&field)->value_name("NAME"), say(language, Msg::help_weights_field).c_str())(
        "lower", po::value(&lower)->value_name("CODES"), say(language, Msg::help_weights_lower).c_str())(
        "as", po::value(&write_as)->value_name("points|weights"), say(language, Msg::help_weights_as).c_str());
    if (method == "pca")
        options.add_options()("retain", po::value(&retain)->value_name("kaiser|variance|count"),
                              say(language, Msg::help_weights_retain).c_str())(
            "share", po::value(&share)->value_name("SHARE"), say(language, Msg::help_weights_share).c_str())(
            "components", po::value(&components)->value_name("N"), say(language, Msg::help_weights_components).c_str());
    output_args.add_to(options, say(language, Msg::help_weights_out), language);
    std::string ahp_file;
    if (method == "ahp") {
        options.add_options()("file", po::value(&ahp_file)->value_name("FILE"),
                              say(language, Msg::help_weights_ahp_file).c_str());
        po::positional_options_description positional;
        positional.add("file", 1);
        check_ahp_options(options, positional, rest);
        if (!parse("weights ahp", ahp_synopsis, options, rest, nullptr, &positional)) return exit_ok;
        if (ahp_file.empty()) throw UsageError(both(Msg::err_cli_weights_ahp_file, arg("command", "weights ahp")));
    } else if (method == "entropy" || method == "critic" || method == "cv" || method == "pca" || method == "equal") {
        if (!parse("weights " + method, data_synopsis, options, rest)) return exit_ok;
        require("weights " + method, inputs.indicators, "indicators");
        require("weights " + method, inputs.evidence, "evidence");
    } else {
        const std::vector<std::string> methods{"ahp", "entropy", "critic", "cv", "pca", "equal"};
        throw UsageError(both(Msg::err_cli_weights_method, arg("command", "weights"), arg("method", method),
                              arg("methods", joined_in_both(Msg::id_separator, methods))));
    }
    const bool precision_given = precision != -1;
    if (precision_given && (precision < 0 || precision > 6))
        throw UsageError(both(Msg::err_cli_weights_precision, arg("command", "weights")));
    if (!precision_given) precision = 2;
    if (write_as != "points" && write_as != "weights")
        throw UsageError(both(Msg::err_cli_weights_as, arg("command", "weights"), arg("value", write_as)));
    const Destination destination = output_args.destination("weights");
    if (!write.empty() && inputs.indicators.empty())
        throw UsageError(both(Msg::err_cli_weights_write, arg("command", "weights")));

    std::optional<Framework> framework;
    if (!inputs.indicators.empty()) framework = load_framework(inputs.indicators);
    std::vector<Table> tables;
    std::vector<double> local;
    if (method == "ahp") {
        const AhpJudgements judgements = load_ahp(ahp_file);
        const AhpEvaluation evaluation = evaluate_ahp(judgements, framework ? &*framework : nullptr);
        tables = ahp_tables(judgements, evaluation, framework ? &*framework : nullptr, command_language());
        local = evaluation.local;
    } else {
        // The rubric's composite member says where each leaf's value is and which way is better;
        // without one, every leaf's value is in `--field` (default "value") and higher is better.
        CompositePolicy policy;
        if (!inputs.rubric.empty()) {
            const Rubric rubric = load_rubric(inputs.rubric, *framework);
            if (rubric.composite()) policy = *rubric.composite();
            if (!precision_given) precision = rubric.precision();
        }
        if (!field.empty()) {
            policy.field = field;
            policy.fields.clear();
        }
        for (const std::string& code : split_list(lower)) {
            const auto node = framework->find(code);
            if (!node || !(*framework)[*node].is_leaf()) {
                std::vector<std::string> leaves;
                for (NodeIndex leaf : framework->leaves())
                    leaves.push_back((*framework)[leaf].code);
                const Bilingual problem = both(Msg::err_cli_weights_lower, arg("command", "weights"), arg("code", code),
                                               arg("file", inputs.indicators));
                const Bilingual nearest = detail::suggestion_tail(code, detail::plain_candidates(leaves), Bilingual{});
                throw UsageError({problem.zh + nearest.zh, problem.en + nearest.en});
            }
            policy.directions[*node] = Direction::lower;
        }
        if (method == "pca") policy.pca = pca_retention(policy.pca, retain, share, components);
        // A wide table's values go straight into the matrix the weights are computed from.
        const std::vector<std::string> fields = policy.leaf_fields(*framework);
        const RoundValues read = load_round_values(inputs.evidence, *framework, nullptr, fields);
        const Round& round = read.round;
        const WeightSource source = method == "entropy"  ? WeightSource::entropy
                                    : method == "critic" ? WeightSource::critic
                                    : method == "cv"     ? WeightSource::cv
                                    : method == "pca"    ? WeightSource::pca
                                                         : WeightSource::equal;
        LeafWeights weights;
        try {
            weights = leaf_weights(*framework, round, std::move(policy), source, read.values ? &*read.values : nullptr);
        } catch (const std::invalid_argument& e) {
            throw UsageError(
                both(Msg::error_in_file_nowhere, arg("file", inputs.evidence), arg("problem", argument_text(e))));
        }
        tables.push_back(leaf_weights_table(weights, *framework, round, command_language()));
        local = std::move(weights.local);
    }
    if (!write.empty() && write_as == "weights") {
        write_files_atomically({{std::filesystem::path(write), framework_json(*framework, nullptr, &local)}});
    } else if (!write.empty()) {
        std::vector<double> points;
        try {
            points = points_from_local_weights(*framework, local, precision);
        } catch (const std::invalid_argument& e) {
            throw UsageError(
                both(Msg::err_cli_command_problem, arg("command", "weights"), arg("problem", argument_text(e))));
        }
        write_files_atomically({{std::filesystem::path(write), framework_json(*framework, &points)}});
    }
    Document document;
    document.tables = std::move(tables);
    document.subject = "weights";
    publish_tables("weights", document, destination, nullptr, false);
    return exit_ok;
}

} // namespace shifan::cli

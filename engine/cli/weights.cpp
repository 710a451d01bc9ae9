// shifan weights: AHP weights from pairwise judgements, or data-driven weights from a round; optionally
// the indicator system written with points from them.
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

int run_weights(const Args& args) {
    const Language language = help_language(args);
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
    InputArgs inputs;
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
    output_args.add_to(options, "write the tables to this file instead of stdout (written atomically)", language);
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
            throw UsageError(options_problem(e, "weights", "weights ahp"));
        }
        if (ahp_file.empty()) throw UsageError(both(Msg::err_cli_weights_ahp_file, arg("command", "weights ahp")));
    } else if (method == "entropy" || method == "critic" || method == "cv" || method == "equal") {
        if (!parse("weights " + method, "--indicators FILE --evidence FILE [--rubric FILE] [options]", options, rest))
            return exit_ok;
        require("weights " + method, inputs.indicators, "indicators");
        require("weights " + method, inputs.evidence, "evidence");
    } else {
        const std::vector<std::string> methods{"ahp", "entropy", "critic", "cv", "equal"};
        throw UsageError(both(
            Msg::err_cli_weights_method, arg("command", "weights"), arg("method", method),
            arg("methods", in_both([&](Language language) { return joined(language, Msg::id_separator, methods); }))));
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
            if (!node || !(*framework)[*node].is_leaf())
                throw UsageError(both(Msg::err_cli_weights_lower, arg("command", "weights"), arg("code", code),
                                      arg("file", inputs.indicators)));
            policy.directions[*node] = Direction::lower;
        }
        const Round round = load_round(inputs.evidence, *framework);
        const WeightSource source = method == "entropy"  ? WeightSource::entropy
                                    : method == "critic" ? WeightSource::critic
                                    : method == "cv"     ? WeightSource::cv
                                                         : WeightSource::equal;
        LeafWeights weights;
        try {
            weights = leaf_weights(*framework, round, std::move(policy), source);
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
    publish_tables("weights", document, destination, nullptr);
    return exit_ok;
}

} // namespace shifan::cli

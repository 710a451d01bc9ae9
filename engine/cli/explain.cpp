// shifan explain: where one unit lost its points.
#include "command.hpp"

namespace shifan::cli {

int run_explain(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    std::string unit_id;
    TableOutput output_args;
    auto options = input_options(inputs, true, language);
    options.add_options()("unit,u", po::value(&unit_id)->required()->value_name("ID"),
                          say(language, Msg::help_explain_unit).c_str());
    po::options_description output(say(language, Msg::help_caption_output));
    output_args.add_to(output, say(language, Msg::help_explain_out), language);
    options.add(output);
    GivenOptions given;
    if (!parse("explain", "--unit ID --indicators FILE --rubric FILE --evidence FILE [options]", options, args, &given))
        return exit_ok;
    const Destination destination = output_args.destination("explain");
    const Assessment assessment =
        load_scored("explain", inputs.sources(), output_args.threads, !destination.out.empty());
    const Document document = assessment.explanation(unit_id);
    const Audit audit = destination.out.empty() ? Audit{} : assessment.audit("explain", given);
    publish_tables("explain", document, destination, destination.out.empty() ? nullptr : &audit, false);
    return exit_ok;
}

} // namespace shifan::cli

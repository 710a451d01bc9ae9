// shifan validate: load the inputs given, check them, and summarise them.
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

int run_validate(const Args& args) {
    const Language language = help_language(args);
    InputArgs inputs;
    auto options = input_options(inputs, false, language);
    if (!parse("validate", "--indicators FILE [--rubric FILE] [--evidence FILE]", options, args)) return exit_ok;
    if (!inputs.evidence.empty()) require("validate", inputs.rubric, "rubric");
    // The summary is printed only when everything checks out, so a failure prints one line.
    Validation validation;
    try {
        validation = validate(inputs.sources());
    } catch (const std::invalid_argument& e) { // data a composite index cannot take
        throw UsageError(
            both(Msg::error_in_file_nowhere, arg("file", inputs.evidence), arg("problem", argument_text(e))));
    }
    // The language chosen as for the other commands: --lang, the rubric's, the environment's.
    std::optional<Language> summary_language = language_option();
    if (!summary_language && validation.rubric) summary_language = validation.rubric->language();
    const Language language_used = summary_language.value_or(command_language());
    for (const InputError& warning : validation.warnings)
        std::cerr << say(language_used, Msg::warning_line,
                         arg("message", escape_controls(warning.message(language_used))))
                  << "\n";
    std::cout << validation_summary(validation, language_used);
    return exit_ok;
}

} // namespace shifan::cli

// shifan template: the collection workbook made from the rubric, one for all units or one per unit.
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

int run_template(const Args& args) {
    const Language language = help_language(args);
    std::string indicators, rubric_file, units_file, layout_name, round_id, round_name, deadline, out;
    bool per_unit = false;
    po::options_description options(say(language, Msg::help_caption_inputs));
    options.add_options()("indicators,i", po::value(&indicators)->required()->value_name("FILE"),
                          say(language, Msg::help_indicators).c_str())(
        "rubric,r", po::value(&rubric_file)->required()->value_name("FILE"),
        say(language, Msg::help_rubric, arg("required", say(language, Msg::help_required))).c_str())(
        "units,u", po::value(&units_file)->value_name("FILE"), say(language, Msg::help_tpl_units).c_str());
    po::options_description workbook(say(language, Msg::help_cmd_caption_output));
    workbook.add_options()("layout", po::value(&layout_name)->value_name("long|wide"),
                           say(language, Msg::help_tpl_layout).c_str())(
        "round-id", po::value(&round_id)->value_name("ID"), say(language, Msg::help_tpl_round_id).c_str())(
        "round-name", po::value(&round_name)->value_name("NAME"), say(language, Msg::help_tpl_round_name).c_str())(
        "deadline", po::value(&deadline)->value_name("YYYY-MM-DD"), say(language, Msg::help_tpl_deadline).c_str())(
        "per-unit", po::bool_switch(&per_unit), say(language, Msg::help_tpl_per_unit).c_str())(
        "out,o", po::value(&out)->required()->value_name("PATH"), say(language, Msg::help_tpl_out).c_str());
    options.add(workbook);
    if (!parse("template", "--indicators FILE --rubric FILE --out FILE.xlsx [options]", options, args)) return exit_ok;

    // Every option is checked before any input is read.
    const auto problem = [](const Bilingual& text) {
        return UsageError(both(Msg::err_cli_command_problem, arg("command", "template"), arg("problem", text)));
    };
    const std::optional<CollectionLayout> layout = parse_collection_layout(layout_name.empty() ? "long" : layout_name);
    if (!layout) throw UsageError(both(Msg::err_tpl_layout, arg("command", "template"), arg("layout", layout_name)));
    if (per_unit && *layout == CollectionLayout::wide) throw problem(both(Msg::err_tpl_per_unit_wide));
    if (per_unit && units_file.empty()) throw problem(both(Msg::err_tpl_per_unit_needs_units));
    if (!deadline.empty() && !parse_date(deadline)) throw problem(both(Msg::err_tpl_deadline, arg("value", deadline)));

    const Framework framework = load_framework(indicators);
    const Rubric rubric = load_rubric(rubric_file, framework);
    CollectionTemplateOptions template_options;
    // The language of the workbook and of what follows: --lang, else the rubric's, else the
    // environment's.
    template_options.language = language_option().value_or(rubric.language().value_or(command_language()));
    use_inputs_language(template_options.language);
    template_options.layout = *layout;
    template_options.round_id = round_id;
    template_options.round_name = round_name;
    template_options.deadline = deadline;
    if (!units_file.empty()) {
        CollectionUnits units;
        try {
            units = load_collection_units(units_file, framework);
        } catch (InputError& e) {
            e.set_language(template_options.language);
            throw;
        }
        template_options.units = std::move(units.units);
        template_options.attribute_names = std::move(units.attribute_names);
        if (template_options.round_id.empty()) template_options.round_id = units.round_id;
        if (template_options.round_name.empty()) template_options.round_name = units.round_name;
    }
    for (const std::string& role : {std::string("indicators"), std::string("rubric")})
        for (AuditInput& input : audit_inputs(role, role == "indicators" ? indicators : rubric_file))
            template_options.inputs.push_back(std::move(input));

    if (!per_unit) {
        as_usage("template", [&] { write_collection_template(framework, rubric, template_options, out); });
        return exit_ok;
    }
    const std::vector<std::filesystem::path> written =
        as_usage("template", [&] { return write_unit_collection_templates(framework, rubric, template_options, out); });
    std::cout << say(template_options.language, Msg::tpl_written, arg("count", written.size()), arg("dir", out),
                     arg("en_s", en_plural_s(written.size())))
              << "\n";
    return exit_ok;
}

} // namespace shifan::cli

// shifan gen: a reproducible synthetic round of any size.
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

int run_gen(const Args& args) {
    const Language language = help_language(args);
    std::int64_t units = 3200, indicators = 125;
    std::uint64_t seed = 1;
    std::string out;
    po::options_description options(say(language, Msg::help_cmd_caption_options));
    options.add_options()(
        "units,n", po::value(&units)->value_name("N"),
        say(language, Msg::help_cmd_gen_units, arg("min", synthetic_min_units), arg("max", synthetic_max_units))
            .c_str())(
        "indicators,m", po::value(&indicators)->value_name("M"),
        say(language, Msg::help_cmd_gen_indicators, arg("min", synthetic_min_leaves), arg("max", synthetic_max_leaves))
            .c_str())("seed,s", po::value(&seed)->value_name("S"), say(language, Msg::help_cmd_gen_seed).c_str())(
        "out,o", po::value(&out)->required()->value_name("DIR"), say(language, Msg::help_cmd_gen_out).c_str());
    if (!parse("gen", "--out DIR [--units N] [--indicators M] [--seed S]", options, args)) return exit_ok;
    if (units < synthetic_min_units || units > synthetic_max_units)
        throw UsageError(both(Msg::err_cli_gen_units, arg("command", "gen"), arg("min", synthetic_min_units),
                              arg("max", synthetic_max_units), arg("units", units)));
    if (indicators < synthetic_min_leaves || indicators > synthetic_max_leaves)
        throw UsageError(both(Msg::err_cli_gen_indicators, arg("command", "gen"), arg("min", synthetic_min_leaves),
                              arg("max", synthetic_max_leaves), arg("indicators", indicators)));
    SyntheticOptions synthetic;
    synthetic.units = static_cast<std::uint32_t>(units);
    synthetic.leaves = static_cast<std::uint32_t>(indicators);
    synthetic.seed = seed;
    make_output_directory(out);
    write_synthetic_round(synthetic, out);
    std::cout << synthetic_round_summary(out, synthetic, command_language());
    return exit_ok;
}

} // namespace shifan::cli

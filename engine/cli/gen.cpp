// shifan gen: a reproducible synthetic round of any size.
#include "command.hpp"

#include <iostream>

#include <fmt/format.h>

namespace shifan::cli {

int run_gen(const Args& args) {
    std::int64_t units = 3200, indicators = 125;
    std::uint64_t seed = 1;
    std::string out;
    po::options_description options("Options");
    options.add_options()(
        "units,n", po::value(&units)->value_name("N"),
        fmt::format("units in the round, {} to {} (default 3200)", synthetic_min_units, synthetic_max_units).c_str())(
        "indicators,m", po::value(&indicators)->value_name("M"),
        fmt::format("leaf indicators, {} to {} (default 125); the tree has 8-10 first-level and 32-36 second-level "
                    "indicators and 1000 points",
                    synthetic_min_leaves, synthetic_max_leaves)
            .c_str())("seed,s", po::value(&seed)->value_name("S"),
                      "random seed (default 1); the same seed gives byte-identical files")(
        "out,o", po::value(&out)->required()->value_name("DIR"),
        "write DIR/indicators.json, DIR/rubric.json, DIR/evidence.json and DIR/csv/*.csv (created if needed; "
        "written atomically) (required)");
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

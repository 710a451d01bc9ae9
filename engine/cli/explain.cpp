// shifan explain: where one unit lost its points.
#include "command.hpp"

#include <iostream>

namespace shifan::cli {

int run_explain(const Args& args) {
    InputArgs inputs;
    std::string unit_id;
    auto options = input_options(inputs, true);
    options.add_options()("unit,u", po::value(&unit_id)->required()->value_name("ID"),
                          "the unit to explain (required)");
    if (!parse("explain", "--unit ID --indicators FILE --rubric FILE --evidence FILE", options, args)) return exit_ok;
    const Assessment assessment = load_scored("explain", inputs.sources(), 0, false);
    std::cout << escape_controls(assessment.explain(unit_id), true);
    return exit_ok;
}

} // namespace shifan::cli

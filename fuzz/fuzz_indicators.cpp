// Indicator systems: the bytes as a JSON file and as a CSV table. A system that loads is written
// back as JSON, which must load again to the same tree.
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

namespace shifan::fuzz::indicators {

namespace {

void check_round_trip(const shifan::Framework& framework) {
    const shifan::Framework again = shifan::parse_framework_json(shifan::framework_json(framework), "written");
    if (again.size() != framework.size() || again.id() != framework.id())
        throw std::logic_error("the system written as JSON does not read back alike");
    for (shifan::NodeIndex i = 0; i < framework.size(); ++i)
        if (again[i].code != framework[i].code || again[i].parent != framework[i].parent ||
            again[i].points != framework[i].points)
            throw std::logic_error("the system written as JSON does not read back alike at " + framework[i].code);
}

} // namespace

int test_one_input(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = shifan::fuzz::as_text(data, size);
    try {
        check_round_trip(shifan::parse_framework_json(text, "indicators.json"));
    } catch (const shifan::InputError&) {
    }
    try {
        check_round_trip(shifan::parse_framework_csv(text, "indicators.csv", "fuzz"));
    } catch (const shifan::InputError&) {
    }
    return 0;
}

} // namespace shifan::fuzz::indicators

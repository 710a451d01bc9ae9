// Rubrics: the bytes as a rubric file against each of three indicator systems (the small one of
// the tests, the composite example and the Hunan system), then the matching round scored with it.
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

#include <memory>
#include <vector>

namespace shifan::fuzz::rubric {

namespace {

struct Fixture {
    shifan::Framework framework;
    shifan::Round round;
};

const std::vector<std::unique_ptr<Fixture>>& fixtures() {
    static const std::vector<std::unique_ptr<Fixture>> all = [] {
        using shifan::fuzz::source_file;
        std::vector<std::unique_ptr<Fixture>> out;
        for (const auto& [indicators, evidence] :
             {std::pair{"tests/data/small/indicators.json", "tests/data/small/evidence.json"},
              std::pair{"examples/composite/indicators.json", "examples/composite/evidence.json"},
              std::pair{"indicators/hunan-2021-2025.json", "examples/lanshan-2025/evidence.json"}}) {
            shifan::Framework framework = shifan::load_framework(source_file(indicators));
            shifan::Round round = shifan::load_round(source_file(evidence), framework);
            out.push_back(std::make_unique<Fixture>(Fixture{std::move(framework), std::move(round)}));
        }
        return out;
    }();
    return all;
}

} // namespace

int test_one_input(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = shifan::fuzz::as_text(data, size);
    for (const auto& fixture : fixtures()) {
        try {
            const shifan::Rubric rubric = shifan::Rubric::parse_json(text, fixture->framework, "rubric.json");
            try {
                (void)shifan::parse_grades_json(text, rubric, "grades.json");
            } catch (const shifan::InputError&) {
            }
            shifan::fuzz::score_round(fixture->framework, rubric, fixture->round);
            if (rubric.composite()) {
                try {
                    (void)shifan::composite(fixture->framework, rubric, fixture->round);
                } catch (const std::invalid_argument&) {
                    // Data a method cannot take (documented; the message names the unit).
                }
            }
        } catch (const shifan::InputError&) {
        }
    }
    return 0;
}

} // namespace shifan::fuzz::rubric

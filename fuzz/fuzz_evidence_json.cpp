// Evidence as JSON against the small indicator system and rubric of the tests. Both loaders read
// the bytes: whatever the fast one accepts, the strict one must accept too, and the two rounds
// must score alike; a round that loads is scored, ranked and written.
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

#include "load/round_load_fast.hpp"

#include <optional>

namespace shifan::fuzz::evidence_json {

namespace {

struct Fixture {
    shifan::Framework framework;
    shifan::Rubric rubric;
};

const Fixture& fixture() {
    static const Fixture f = [] {
        using shifan::fuzz::source_file;
        shifan::Framework framework = shifan::load_framework(source_file("tests/data/small/indicators.json"));
        shifan::Rubric rubric = shifan::load_rubric(source_file("tests/data/small/rubric.json"), framework);
        return Fixture{std::move(framework), std::move(rubric)};
    }();
    return f;
}

/// What scoring the round gives: the result as JSON, or the problem it reports.
std::string outcome(const shifan::Round& round) {
    const Fixture& f = fixture();
    try {
        shifan::fuzz::score_round(f.framework, f.rubric, round);
        const shifan::Result result = shifan::score(f.framework, f.rubric, round);
        return shifan::result_json(shifan::rank(result), result);
    } catch (const shifan::InputError& e) {
        return std::string("error: ") + e.what();
    }
}

} // namespace

int test_one_input(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = shifan::fuzz::as_text(data, size);
    const Fixture& f = fixture();
    const std::optional<shifan::Round> fast = shifan::detail::parse_round_json_fast(text, f.framework, "evidence.json");
    std::optional<shifan::Round> strict;
    try {
        strict = shifan::detail::parse_round_json_strict(text, f.framework, "evidence.json");
    } catch (const shifan::InputError&) {
        if (fast) throw std::logic_error("the fast loader accepted evidence the strict loader refuses");
    }
    if (strict) {
        const std::string strict_outcome = outcome(*strict);
        if (fast && outcome(*fast) != strict_outcome)
            throw std::logic_error("the fast and strict loaders read the evidence differently");
    }
    return 0;
}

} // namespace shifan::fuzz::evidence_json

// Words for the uncertain inputs of the Monte Carlo replications, in the report's language.
#include "shifan/report/sentences.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

/// "geometric", "arithmetic of min_max rates" / "几何平均", "极差标准化后的算术平均".
std::string method_name(const UncertainMethod& method, Language language) {
    static constexpr Msg normalisations[] = {Msg::normalisation_min_max,
                                             Msg::normalisation_z_score,
                                             Msg::normalisation_rank,
                                             Msg::normalisation_percentile_rank,
                                             Msg::normalisation_distance_to_target,
                                             Msg::normalisation_goalposts,
                                             Msg::normalisation_fraction_of_max};
    const auto [aggregation, normalisation] = method;
    const std::string aggregated = aggregation_text(aggregation, language);
    if (normalisation == Normalisation::none) return aggregated;
    return say(language, Msg::method_of_rates, arg("aggregation", aggregated),
               arg("normalisation", say(language, normalisations[static_cast<int>(normalisation)])));
}

} // namespace

std::string describe(const WeightVariation& variation, Language language) {
    if (variation.noise == WeightNoise::uniform)
        return say(language, Msg::uncertain_weights_uniform, arg("level", variation.level),
                   arg("amount", format_percent(variation.amount, 0)));
    return say(language, Msg::uncertain_weights_dirichlet, arg("level", variation.level),
               arg("kappa", format_value(variation.amount)));
}

std::string describe(const UncertainInput& input, Language language) {
    switch (input.kind) {
    case UncertainInput::Kind::weights:
        return describe(input.variation, language);
    case UncertainInput::Kind::methods: {
        std::vector<std::string> names;
        for (const UncertainMethod& method : input.methods)
            names.push_back(method_name(method, language));
        return say(language, Msg::uncertain_methods, arg("methods", joined(language, Msg::list_separator, names)));
    }
    case UncertainInput::Kind::ratings:
        return say(language, Msg::uncertain_ratings);
    case UncertainInput::Kind::fixed_method:
        return say(language, Msg::uncertain_fixed_method, arg("method", method_name(input.methods.front(), language)));
    }
    return {};
}

} // namespace shifan

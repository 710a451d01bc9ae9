// Words for the uncertain inputs of the Monte Carlo replications.
#include "shifan/report/sentences.hpp"

#include "shifan/infra/numbers.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

/// "geometric", "arithmetic of min_max rates".
std::string method_name(const UncertainMethod& method) {
    const auto [aggregation, normalisation] = method;
    if (normalisation == Normalisation::none) return std::string(aggregation_key(aggregation));
    return fmt::format("{} of {} rates", aggregation_key(aggregation), normalisation_key(normalisation));
}

} // namespace

std::string describe(const WeightVariation& variation) {
    if (variation.noise == WeightNoise::uniform)
        return fmt::format("weights at level {} ±{} (uniform)", variation.level, format_percent(variation.amount, 0));
    return fmt::format("weights at level {}, Dirichlet κ = {}", variation.level, format_value(variation.amount));
}

std::string describe(const UncertainInput& input) {
    switch (input.kind) {
    case UncertainInput::Kind::weights:
        return describe(input.variation);
    case UncertainInput::Kind::methods: {
        std::string list;
        for (const UncertainMethod& method : input.methods)
            list += (list.empty() ? "" : ", ") + method_name(method);
        return fmt::format("method ({})", list);
    }
    case UncertainInput::Kind::ratings:
        return "expert ratings (each panel re-drawn with replacement)";
    case UncertainInput::Kind::fixed_method:
        return fmt::format("method: {} in every replication", method_name(input.methods.front()));
    }
    return {};
}

} // namespace shifan

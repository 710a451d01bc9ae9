// Reading a rubric's "composite" member (see rubrics/METHODS.md), kept apart from the rule types.
#pragma once

#include "load/json_reader.hpp"
#include "shifan/load/framework.hpp"

#include <memory>

namespace shifan {
struct CompositePolicy;
namespace detail {

std::shared_ptr<const CompositePolicy> read_composite_policy(const JsonReader& reader, const json& value,
                                                             const Framework& framework);

} // namespace detail
} // namespace shifan

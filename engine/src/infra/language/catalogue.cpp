// The catalogue, compiled from catalogue.def.
#include "say.hpp"

#include <algorithm>
#include <iterator>

namespace shifan {
namespace {

constexpr Message catalogue[] = {
#define SHIFAN_MESSAGE(key, zh, en) {#key, zh, en},
#include "catalogue.def"
#undef SHIFAN_MESSAGE
};

} // namespace

std::span<const Message> message_catalogue() { return catalogue; }

const Message* find_message(std::string_view key) {
    const auto* found =
        std::find_if(std::begin(catalogue), std::end(catalogue), [&](const Message& m) { return m.key == key; });
    return found == std::end(catalogue) ? nullptr : found;
}

} // namespace shifan

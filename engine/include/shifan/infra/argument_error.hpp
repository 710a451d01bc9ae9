// Arguments an analysis cannot take (an option out of range, data a weighting method cannot weight):
// still std::invalid_argument, as the API has always thrown, but with the message in both languages
// so that the command line can print it in the reader's.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace shifan {

/// An argument that makes no sense, said in both languages (from the message catalogue); `what()` is
/// the English message, `message(language)` the one in either language.
class SHIFAN_API ArgumentError : public std::invalid_argument {
public:
    explicit ArgumentError(Bilingual message) : std::invalid_argument(message.en), message_(std::move(message)) {}

    const std::string& message(Language language) const noexcept { return message_.in(language); }
    const Bilingual& text() const noexcept { return message_; }

private:
    Bilingual message_;
};

/// The message of any std::invalid_argument in both languages: an ArgumentError's own, else the one
/// English text for both (what a caller that wraps the message with its own words needs).
inline Bilingual argument_text(const std::invalid_argument& error) {
    if (const auto* bilingual = dynamic_cast<const ArgumentError*>(&error)) return bilingual->text();
    return Bilingual::same(error.what());
}

} // namespace shifan

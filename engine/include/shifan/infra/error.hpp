// Errors that users can act on: every problem with the inputs names the file, the place in it and
// what is wrong, so that the command line can print it as one line, in Chinese or English.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// A problem with an input file (or an input built in memory): bad syntax, a wrong type, an unknown
/// code, points that do not add up. The place and the problem are written in both languages (from
/// the message catalogue); `what()` is the English `file: location: problem`, and `message(language)`
/// the line in either language.
class SHIFAN_API InputError : public std::runtime_error {
public:
    InputError(std::string file, Bilingual location, Bilingual problem);
#ifdef shifan_EXPORTS
    // The library writes every error in both languages, from the catalogue.
    InputError(std::string file, std::string location, std::string problem) = delete;
#else
    /// A problem in one language only (used for both): for embedders that raise their own.
    InputError(std::string file, std::string location, std::string problem)
        : InputError(std::move(file), Bilingual::same(std::move(location)), Bilingual::same(std::move(problem))) {}
#endif

    const std::string& file() const noexcept { return file_; }
    /// A JSON pointer (`/units/3/evidence/T5`), `line L, column C`, or `row R, column 'name'`.
    const std::string& location() const noexcept { return location_.en; }
    const std::string& problem() const noexcept { return problem_.en; }
    const Bilingual& location_text() const noexcept { return location_; }
    const Bilingual& problem_text() const noexcept { return problem_; }
    /// `file: location: problem` in `language`.
    std::string message(Language language) const;

    /// The language the inputs asked for (the rubric's, or the caller's choice), once it is known:
    /// set by the loader when the error arises after the rubric is read.
    std::optional<Language> language() const noexcept { return language_; }
    void set_language(Language language) noexcept { language_ = language; }

    /// When one pass over the inputs found several problems: the ones after this (the first), sorted
    /// by file and place, each with its own file, place and problem; empty for a single problem.
    const std::vector<InputError>& others() const noexcept;
    /// Problems found beyond the ones listed (the list stops at a limit: 200 in all).
    std::size_t omitted() const noexcept { return omitted_; }
    /// Attaches the problems after this one (loaders do, when they collect every problem at once).
    void attach(std::vector<InputError> others, std::size_t omitted);

private:
    std::string file_;
    Bilingual location_;
    Bilingual problem_;
    std::optional<Language> language_;
    std::shared_ptr<const std::vector<InputError>> others_; ///< shared: copies of an error stay cheap
    std::size_t omitted_ = 0;
};

/// Escapes one reference token of a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
inline std::string json_pointer_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

} // namespace shifan

// Errors that users can act on: every problem with the inputs names the file, the place in it and
// what is wrong, so that the command line can print it as one line.
#pragma once

#include "shifan/export.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace shifan {

/// A problem with an input file (or an input built in memory): bad syntax, a wrong type, an unknown
/// code, points that do not add up. `what()` is `file: location: problem`.
class SHIFAN_API InputError : public std::runtime_error {
public:
    InputError(std::string file, std::string location, std::string problem)
        : std::runtime_error(compose(file, location, problem)), file_(std::move(file)), location_(std::move(location)),
          problem_(std::move(problem)) {}

    const std::string& file() const noexcept { return file_; }
    /// A JSON pointer (`/units/3/evidence/T5`), `line L, column C`, or `row R, column 'name'`.
    const std::string& location() const noexcept { return location_; }
    const std::string& problem() const noexcept { return problem_; }

private:
    static std::string compose(const std::string& file, const std::string& location, const std::string& problem) {
        std::string text = file.empty() ? std::string("<input>") : file;
        if (!location.empty()) text += ": " + location;
        return text + ": " + problem;
    }

    std::string file_;
    std::string location_;
    std::string problem_;
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

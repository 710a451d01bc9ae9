// Input errors in both languages (shifan/infra/error.hpp).
#include "shifan/infra/error.hpp"

#include "infra/language/say.hpp"

namespace shifan {
namespace {

std::string compose(Language language, const std::string& file, const Bilingual& location, const Bilingual& problem) {
    const std::string name = file.empty() ? std::string(message(Msg::error_no_file).text(language)) : file;
    if (location.in(language).empty())
        return say(language, Msg::error_in_file_nowhere, arg("file", name), arg("problem", problem.in(language)));
    return say(language, Msg::error_in_file, arg("file", name), arg("location", location.in(language)),
               arg("problem", problem.in(language)));
}

} // namespace

InputError::InputError(std::string file, Bilingual location, Bilingual problem)
    : std::runtime_error(compose(Language::en, file, location, problem)), file_(std::move(file)),
      location_(std::move(location)), problem_(std::move(problem)) {}

std::string InputError::message(Language language) const { return compose(language, file_, location_, problem_); }

const std::vector<InputError>& InputError::others() const noexcept {
    static const std::vector<InputError> none;
    return others_ ? *others_ : none;
}

void InputError::attach(std::vector<InputError> others, std::size_t omitted) {
    others_ = others.empty() ? nullptr : std::make_shared<const std::vector<InputError>>(std::move(others));
    omitted_ = omitted;
}

} // namespace shifan

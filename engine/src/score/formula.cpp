#include "shifan/score/formula.hpp"

#include "infra/language/say.hpp"
#include "score/muparser_library.hpp"

#include <algorithm>
#include <cctype>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace shifan {
namespace detail {

/// A muparser parser of doubles, released when it goes. (Not in an anonymous namespace: a
/// Formula holds one.)
class FormulaParser {
public:
    FormulaParser() : handle_(mup::mupCreate(muBASETYPE_FLOAT)) {
        if (handle_ == nullptr) throw std::bad_alloc();
    }
    ~FormulaParser() {
        if (handle_ != nullptr) mup::mupRelease(handle_);
    }
    FormulaParser(FormulaParser&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    FormulaParser& operator=(FormulaParser&&) = delete;

    muParserHandle_t handle() const { return handle_; }
    /// Whether the last call failed (and forgets it, as muparser does).
    bool failed() const { return mup::mupError(handle_) != 0; }

    /// Declares the rule's fields as variables read from `values` (which must outlive the parser),
    /// sets its expression and parses it. Returns nothing (empty()) or the problem in both
    /// languages, with the position in the expression (1-based).
    Bilingual parse(const FormulaRule& rule, std::vector<double>& values) const {
        for (std::size_t i = 0; i < rule.fields.size(); ++i) {
            mup::mupDefineVar(handle_, rule.fields[i].c_str(), &values[i]);
            if (failed()) return both(Msg::err_score_formula_bad_variable, arg("field", rule.fields[i]));
        }
        mup::mupSetExpr(handle_, rule.expression.c_str());
        bool parsed = !failed();
        if (parsed) {
            mup::mupEval(handle_); // parses; an undeclared variable or a syntax error fails here
            parsed = !failed();
        }
        if (parsed) return {};
        // muparser counts positions from 0 inside its message; say it once, counted from 1. Its
        // message is English only: the Chinese quotes it after a Chinese lead.
        std::string message = mup::mupGetErrorMsg(handle_);
        if (const auto at = message.find(" at position "); at != std::string::npos) {
            auto end = at + 13;
            while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end])))
                ++end;
            message.erase(at, end - at);
        }
        while (!message.empty() && (message.back() == '.' || message.back() == ' '))
            message.pop_back();
        const auto position = static_cast<std::size_t>(mup::mupGetErrorPos(handle_));
        if (position >= rule.expression.size())
            return both(Msg::err_score_formula_syntax_end, arg("expression", rule.expression), arg("message", message));
        return both(Msg::err_score_formula_syntax, arg("expression", rule.expression), arg("message", message),
                    arg("position", position + 1));
    }

private:
    muParserHandle_t handle_;
};

} // namespace detail

namespace mup = detail::mup;

struct Formula::Impl {
    detail::FormulaParser parser;
    std::vector<double> values; // muparser reads variables through pointers into this
};

Formula::Formula(const FormulaRule& rule) : impl_(std::make_unique<Impl>()) {
    impl_->values.assign(rule.fields.size(), 0.0);
    // A rubric read by shifan has its formulas checked (formula_problem_text); a rule made
    // elsewhere is refused in the same words here.
    if (const Bilingual problem = impl_->parser.parse(rule, impl_->values); !problem.empty())
        throw std::invalid_argument(problem.en);
}

Formula::~Formula() = default;
Formula::Formula(Formula&&) noexcept = default;
Formula& Formula::operator=(Formula&&) noexcept = default;

double Formula::evaluate(std::span<const double> values) {
    std::copy(values.begin(), values.end(), impl_->values.begin());
    const double value = mup::mupEval(impl_->parser.handle());
    // The C interface answers 0 for a failed evaluation. A formula that parsed does not fail (its
    // infinities and NaN are checked by the scorer), so a failure here is shifan's, never a score.
    if (impl_->parser.failed())
        throw std::logic_error(std::string("muparser: ") + mup::mupGetErrorMsg(impl_->parser.handle()));
    return value;
}

Bilingual formula_problem_text(const FormulaRule& rule) {
    try {
        detail::FormulaParser parser;
        std::vector<double> values(rule.fields.size(), 1.0);
        return parser.parse(rule, values);
    } catch (const detail::RuntimeLibraryUnavailable& unavailable) {
        return unavailable.reason;
    }
}

std::string formula_problem(const FormulaRule& rule) { return formula_problem_text(rule).en; }

} // namespace shifan

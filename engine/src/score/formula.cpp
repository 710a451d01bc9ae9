#include "shifan/score/formula.hpp"

#include "infra/language/say.hpp"

#include <cctype>
#include <stdexcept>
#include <vector>

#include <muParser.h>

namespace shifan {

struct Formula::Impl {
    mu::Parser parser;
    std::vector<double> values; // muparser reads variables through pointers into this
};

Formula::Formula(const FormulaRule& rule) : impl_(std::make_unique<Impl>()) {
    impl_->values.assign(rule.fields.size(), 0.0);
    for (std::size_t i = 0; i < rule.fields.size(); ++i)
        impl_->parser.DefineVar(rule.fields[i], &impl_->values[i]);
    impl_->parser.SetExpr(rule.expression);
}

Formula::~Formula() = default;
Formula::Formula(Formula&&) noexcept = default;
Formula& Formula::operator=(Formula&&) noexcept = default;

double Formula::evaluate(std::span<const double> values) {
    std::copy(values.begin(), values.end(), impl_->values.begin());
    return impl_->parser.Eval();
}

Bilingual formula_problem_text(const FormulaRule& rule) {
    mu::Parser parser;
    std::vector<double> values(rule.fields.size(), 1.0);
    for (std::size_t i = 0; i < rule.fields.size(); ++i) {
        try {
            parser.DefineVar(rule.fields[i], &values[i]);
        } catch (const mu::Parser::exception_type&) {
            return both(Msg::err_score_formula_bad_variable, arg("field", rule.fields[i]));
        }
    }
    try {
        parser.SetExpr(rule.expression);
        parser.Eval(); // parses; an undeclared variable or a syntax error throws here
    } catch (const mu::Parser::exception_type& e) {
        // muparser counts positions from 0 inside its message; say it once, counted from 1. Its
        // message is English only: the Chinese quotes it after a Chinese lead.
        std::string message = e.GetMsg();
        if (const auto at = message.find(" at position "); at != std::string::npos) {
            auto end = at + 13;
            while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end])))
                ++end;
            message.erase(at, end - at);
        }
        while (!message.empty() && (message.back() == '.' || message.back() == ' '))
            message.pop_back();
        const auto position = static_cast<std::size_t>(e.GetPos());
        if (position >= rule.expression.size())
            return both(Msg::err_score_formula_syntax_end, arg("expression", rule.expression), arg("message", message));
        return both(Msg::err_score_formula_syntax, arg("expression", rule.expression), arg("message", message),
                    arg("position", position + 1));
    }
    return {};
}

std::string formula_problem(const FormulaRule& rule) { return formula_problem_text(rule).en; }

} // namespace shifan

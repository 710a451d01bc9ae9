#include "shifan/score/formula.hpp"

#include <cctype>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
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

std::string formula_problem(const FormulaRule& rule) {
    mu::Parser parser;
    std::vector<double> values(rule.fields.size(), 1.0);
    for (std::size_t i = 0; i < rule.fields.size(); ++i) {
        try {
            parser.DefineVar(rule.fields[i], &values[i]);
        } catch (const mu::Parser::exception_type&) {
            return fmt::format("field '{}' cannot be used in a formula: a variable name is letters, digits and _, "
                               "not starting with a digit",
                               rule.fields[i]);
        }
    }
    try {
        parser.SetExpr(rule.expression);
        parser.Eval(); // parses; an undeclared variable or a syntax error throws here
    } catch (const mu::Parser::exception_type& e) {
        // muparser counts positions from 0 inside its message; say it once, counted from 1.
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
            return fmt::format("formula \"{}\": {} (at the end)", rule.expression, message);
        return fmt::format("formula \"{}\": {} (at character {})", rule.expression, message, position + 1);
    }
    return {};
}

} // namespace shifan

// Formula rules: arithmetic over evidence fields, evaluated by muparser (opened when the first
// formula is read; embedders need neither its headers nor to link it).
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include "shifan/load/rubric.hpp"

#include <memory>
#include <span>
#include <string>

namespace shifan {

/// A formula ready to evaluate; not thread-safe, so each scoring thread makes its own.
class SHIFAN_API Formula {
public:
    /// Throws std::invalid_argument with formula_problem()'s words when the rule does not parse,
    /// and std::runtime_error when muparser cannot be opened.
    explicit Formula(const FormulaRule& rule);
    ~Formula();
    Formula(Formula&&) noexcept;
    Formula& operator=(Formula&&) noexcept;

    /// The value for the fields' values, given in the order of the rule's `fields`.
    double evaluate(std::span<const double> values);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Checks a formula when the rubric is loaded: the fields can be variable names, the expression
/// parses, and it uses no variable it does not declare. Returns nothing (empty()) or the problem in
/// both languages, with the position in the expression (1-based).
SHIFAN_API Bilingual formula_problem_text(const FormulaRule& rule);
/// The same problem in English only ("" when there is none).
SHIFAN_API std::string formula_problem(const FormulaRule& rule);

} // namespace shifan

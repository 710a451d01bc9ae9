// Reading problems and value problems reported together: when the rows of a CSV round hold
// problems, the reader still builds the round from its good rows and throws it with them, so that
// the evidence check can add the problems of the values read (a share of 96 beside an unknown unit)
// and a person fixes every table in one pass.
#pragma once

#include "shifan/infra/error.hpp"
#include "shifan/load/round.hpp"

#include <memory>
#include <utility>

namespace shifan {

class Framework;
class Rubric;

namespace detail {

/// The problems of reading a round (the first, the others attached), with the round its good rows
/// make, when one could be built.
class PartialRoundError : public InputError {
public:
    PartialRoundError(InputError problems, std::shared_ptr<const Round> partial)
        : InputError(std::move(problems)), partial_(std::move(partial)) {}
    const std::shared_ptr<const Round>& partial() const noexcept { return partial_; }

private:
    std::shared_ptr<const Round> partial_;
};

/// Throws the reading problems of `error` with the problems the evidence check finds in its partial
/// round after them, file by file (a file's reading problems, then its value problems), at most 200
/// lines listed in all.
[[noreturn]] void raise_with_value_problems(const PartialRoundError& error, const Framework& framework,
                                            const Rubric& rubric);

} // namespace detail
} // namespace shifan

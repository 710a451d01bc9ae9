// Every problem at once: loaders that can go on after a bad row or value collect the problems
// here and raise them together, sorted by file and place, so that a person fixes a file in one
// pass instead of one error per run.
#pragma once

#include "shifan/infra/error.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace shifan::detail {

/// A problem after which reading on is of no use, as every later part would report it again (the
/// library formula rules are checked with cannot be opened): Problems::attempt stops there, with
/// the problems found before it.
struct StopReading : InputError {
    explicit StopReading(InputError error) : InputError(std::move(error)) {}
};

class Problems {
public:
    /// How many problems are listed; the rest are counted ("and N more").
    static constexpr std::size_t limit = 200;

    /// Adds a problem; `row` and `column` (1-based, 0: none) order the problems of one file, and
    /// problems at the same place keep the order they were added in.
    void add(InputError error, std::uint64_t row = 0, std::uint64_t column = 0) {
        // A file gone wrong throughout (a table of another round) stops being stored, only counted.
        if (found_.size() >= kept) {
            ++dropped_;
            return;
        }
        found_.push_back({std::move(error), row, column, found_.size()});
    }
    /// Adds a problem and the ones attached to it (an error that already holds several).
    void add_all(InputError error, std::uint64_t row = 0, std::uint64_t column = 0) {
        const std::vector<InputError> others = error.others();
        const std::size_t omitted = error.omitted();
        error.attach({}, 0);
        add(std::move(error), row, column);
        for (const InputError& other : others)
            add(other, row, column);
        dropped_ += omitted;
    }
    /// Reads one part of a file (a rule, an indicator, a row): a problem it raises is kept and the
    /// caller goes on with the next part. Whether the part was read without a problem. A
    /// StopReading is thrown on, with every problem kept so far, through every attempt around it.
    template <class Read> bool attempt(Read&& read) {
        try {
            read();
            return true;
        } catch (StopReading& stop) {
            add_all(std::move(stop));
            throw StopReading(collect());
        } catch (InputError& error) {
            add_all(std::move(error));
            return false;
        }
    }
    /// Adds the problems `other` found, after these, as if they had been added here in that order.
    void absorb(Problems&& other) {
        for (Found& found : other.found_)
            add(std::move(found.error), found.row, found.column);
        dropped_ += other.dropped_;
        other.found_.clear();
        other.dropped_ = 0;
    }
    bool empty() const noexcept { return found_.empty(); }
    std::size_t size() const noexcept { return found_.size() + dropped_; }

    /// Throws the first problem (by file, row, column) with the others attached.
    [[noreturn]] void raise() { throw collect(); }
    void raise_if_any() {
        if (!empty()) raise();
    }
    /// The first problem (by file, row, column) with the others attached; the list is emptied.
    InputError collect() {
        std::sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
            return std::tie(a.error.file(), a.row, a.column, a.order) <
                   std::tie(b.error.file(), b.row, b.column, b.order);
        });
        std::vector<InputError> others;
        const std::size_t listed = std::min(found_.size(), limit);
        others.reserve(listed - 1);
        for (std::size_t i = 1; i < listed; ++i)
            others.push_back(std::move(found_[i].error));
        InputError first = std::move(found_.front().error);
        first.attach(std::move(others), found_.size() - listed + dropped_);
        found_.clear();
        dropped_ = 0;
        return first;
    }

private:
    struct Found {
        InputError error;
        std::uint64_t row, column;
        std::size_t order;
    };
    static constexpr std::size_t kept = 50 * limit;
    std::vector<Found> found_;
    std::size_t dropped_ = 0;
};

} // namespace shifan::detail

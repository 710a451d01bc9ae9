// One thread's reading of a CSV round's rows: the unit and leaf each row names, found first where
// the row before suggests, and the problems and conversions the rows gave. The CSV reader keeps
// one for the tables it reads itself, and the thread that reads the findings and ratings tables
// beside the fields table another, whose problems and conversions follow the reader's afterwards
// (round_csv.cpp).
#pragma once

#include "infra/language/say.hpp"
#include "infra/problems.hpp"
#include "load/csv_table.hpp"
#include "load/place_texts.hpp"
#include "load/spreadsheet_values.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/load/conversions.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan::detail {

/// `column` is the column's name (value); the message shows it as the table heads it (值).
[[noreturn]] inline void fail_at(const CsvReader& table, const CsvRow& row, std::string_view column,
                                 Bilingual problem) {
    throw InputError(table.source(), table.cell_place(row.number, column), std::move(problem));
}

class RowReading {
public:
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

    /// Reads rows of a round whose units `builder` holds (`unit_ids` in their order), leaves of
    /// `framework` (`column_of`: each node's place among the leaves, -1 for a branch); records
    /// problems in `problems` and conversions in `conversions`.
    RowReading(const Framework& framework, const RoundBuilder& builder, const std::vector<std::string>& unit_ids,
               const std::vector<std::int32_t>& column_of, Problems& problems, Conversions& conversions)
        : framework_(framework), builder_(builder), unit_ids_(unit_ids), column_of_(column_of), problems_(problems),
          conversions_(conversions) {}

    /// Calls `fn` for every data row, recording a bad row's problem and going on with the next.
    template <class Fn> void each_row(CsvReader& table, Fn&& fn) {
        table.for_each_row([&](const CsvRow& row) {
            try {
                fn(row);
            } catch (InputError& e) {
                problems_.add_all(std::move(e), row.number);
            }
        });
    }

    /// Runs `body` over a table; a problem with the table as a whole (a missing column) is recorded.
    template <class Body> void guarded(Body&& body) {
        try {
            body();
        } catch (InputError& e) {
            problems_.add_all(std::move(e));
        }
    }

    /// The unit the row names in `column`.
    UnitIndex unit_of(const CsvReader& table, const CsvRow& row, int column) {
        const std::string_view id = row.cell(column);
        // Rows of one unit usually follow each other.
        if (last_unit_ != none && same_text(id, last_unit_id_)) {
            if (last_unit_full_width_) converted(Conversion::full_width, table, row, "unit");
            return last_unit_;
        }
        bool full_width = false;
        std::optional<UnitIndex> unit = unit_in_order(id);
        if (!unit) {
            if (id.empty()) fail_at(table, row, "unit", both(Msg::err_csv_unit_empty));
            unit = find_as_typed(
                id, [&](std::string_view key) { return builder_.find_unit(key); }, full_width);
            if (!unit) fail_at(table, row, "unit", both(Msg::err_round_csv_unknown_unit, arg("id", id)));
            if (full_width) converted(Conversion::full_width, table, row, "unit");
        }
        last_unit_id_ = id;
        last_unit_ = *unit;
        last_unit_full_width_ = full_width;
        return *unit;
    }

    /// The leaf the row names in `column`.
    NodeIndex leaf_of(const CsvReader& table, const CsvRow& row, int column) {
        const std::string_view code = row.cell(column);
        if (last_leaf_ != none && same_text(code, last_code_)) {
            if (last_code_full_width_) converted(Conversion::full_width, table, row, "indicator");
            return last_leaf_;
        }
        if (code.empty()) fail_at(table, row, "indicator", both(Msg::err_csv_indicator_empty));
        bool full_width = false;
        std::optional<NodeIndex> node = leaf_in_order(code);
        if (!node) {
            node = find_as_typed(
                code, [&](std::string_view key) { return framework_.find(key); }, full_width);
            if (!node)
                fail_at(table, row, "indicator",
                        both(Msg::err_round_unknown_indicator_in, arg("code", code), arg("system", framework_.id())));
            if (!framework_[*node].is_leaf())
                fail_at(table, row, "indicator", both(Msg::err_round_not_leaf, arg("code", code)));
            if (full_width) converted(Conversion::full_width, table, row, "indicator");
        }
        last_code_ = code;
        last_leaf_ = *node;
        last_code_full_width_ = full_width;
        return *node;
    }

    /// The unit and leaf of the last row read (unit_of, leaf_of).
    UnitIndex last_unit() const noexcept { return last_unit_; }
    NodeIndex last_leaf() const noexcept { return last_leaf_; }

    /// A count of findings or events: a whole number from 1 to 1000000, 1 when the cell is empty;
    /// full-width digits and thousands separators read as a person means them.
    std::uint32_t count_of(const CsvReader& table, const CsvRow& row, int column) {
        const std::string_view text = row.cell(column);
        if (text.empty()) return 1;
        const auto number = read_number(text, false);
        if (!number || number->value != std::floor(number->value) || number->value < 1 || number->value > 1'000'000)
            fail_at(table, row, "count", both(Msg::err_round_csv_count, arg("text", text)));
        number->conversions.for_each([&](Conversion kind) { converted(kind, table, row, "count"); });
        return static_cast<std::uint32_t>(number->value);
    }

    /// Counts a conversion made in a cell.
    void converted(Conversion kind, const CsvReader& table, const CsvRow& row, std::string_view column) {
        conversions_.add_located(kind, [&] {
            return std::pair<std::string, Bilingual>(table.source(), table.cell_place(row.number, column));
        });
    }

private:
    /// The unit after the last row's, if it has `id`. Rows list the units in the units table's
    /// order, nearly always, so it is tried before the builder's table of ids (ids are unique, so it
    /// is the unit a lookup would find). At 100,000 units a lookup there waits on memory for the
    /// bucket, the node and the id: 4% of a load's samples.
    std::optional<UnitIndex> unit_in_order(std::string_view id) const {
        const std::size_t next = last_unit_ == none ? 0 : std::size_t{last_unit_} + 1;
        if (next < unit_ids_.size() && unit_ids_[next] == id) return static_cast<UnitIndex>(next);
        return std::nullopt;
    }

    /// The leaf with `code` among the few after the last row's, on into the next unit's first. Rows
    /// list a unit's leaves in the system's order, nearly always, though a table skips those it
    /// gives nothing for (a fields table the leaves without fields, an entries table those given
    /// fields), so these are tried before the system's table of codes (a lookup in it was 5% of a
    /// load). Codes are unique, so the leaf found is the one the lookup would find.
    std::optional<NodeIndex> leaf_in_order(std::string_view code) const {
        const auto& leaves = framework_.leaves();
        const std::size_t next = last_leaf_ == none ? 0 : static_cast<std::size_t>(column_of_[last_leaf_]) + 1;
        for (std::size_t k = next, tried = 0; tried < leaves_tried_in_order && tried < leaves.size(); ++k, ++tried) {
            if (k == leaves.size()) k = 0;
            if (same_text(code, framework_[leaves[k]].code)) return leaves[k];
        }
        return std::nullopt;
    }

    /// How many leaves leaf_of tries in the system's order before it looks the code up.
    static constexpr std::size_t leaves_tried_in_order = 8;

    /// What `find` finds for `text`, or for its ASCII form when it was typed in full-width forms with
    /// a Chinese input method (Ｕ０１, Ｔ３); `full_width` says whether that form was found.
    template <class Find> static auto find_as_typed(std::string_view text, Find&& find, bool& full_width)
        -> decltype(find(text)) {
        auto found = find(text);
        full_width = false;
        if (!found)
            if (const auto ascii = ascii_of_full_width(text)) {
                found = find(trim_cell(*ascii));
                full_width = found.has_value();
            }
        return found;
    }

    const Framework& framework_;
    const RoundBuilder& builder_;
    const std::vector<std::string>& unit_ids_;
    const std::vector<std::int32_t>& column_of_;
    Problems& problems_;
    Conversions& conversions_;
    std::string_view last_unit_id_, last_code_;
    UnitIndex last_unit_ = none;
    NodeIndex last_leaf_ = none;
    bool last_unit_full_width_ = false, last_code_full_width_ = false; ///< read as ASCII: counted again
};

} // namespace shifan::detail

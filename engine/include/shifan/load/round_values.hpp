// A round read for one number per unit and leaf, as a composite index takes them. A national
// round kept as a wide table (one row per unit, a column per leaf) holds hundreds of thousands of
// values; laid out as the round's entries they cost many times the table itself, which the index
// then reads back into a matrix. Read for its values, such a round goes straight from the table's
// cells into the matrix, with every check of the tables made as for the whole round.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/round.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace shifan {

/// A round read for the values of one field per leaf.
struct RoundValues {
    /// The round: its id, names, units, events and conversions; its entries only when `values` is empty.
    Round round;
    /// units × leaves (framework.leaves() order): the leaf's field, a number (true/false as 1/0);
    /// NaN where no value is given. Empty when the round was read whole instead.
    std::optional<Eigen::MatrixXd> values;
};

/// Reads the round at `path` as load_round does, for the value of `leaf_fields[k]` (one field name
/// per leaf, in framework.leaves() order). When the round is CSV tables or a workbook, every table
/// is read and checked as load_round reads it, but the round's entries are not built: the values
/// come from the fields tables (long or wide), and the round keeps its units and events. When its
/// only tables are units and wide fields tables (one row per unit), the values are taken as each
/// row is read, keeping no cell. A JSON round, a text value where a number is wanted, a field of
/// `leaf_fields` given nowhere (every_field_given: usually misspelt, and named best with the
/// fields the round's entries have), or any problem reads the round whole: `values` is then
/// empty, and the problems are reported exactly as load_round reports them.
SHIFAN_API RoundValues load_round_values(const std::filesystem::path& path, const Framework& framework,
                                         const Rubric* rubric, const std::vector<std::string>& leaf_fields);

/// Whether every field named in `leaf_fields` has a value in `values` (as load_round_values gives
/// them) for some unit at some leaf that takes it. A field given nowhere is usually misspelt: to
/// name the fields the round has instead, load_round_values reads the round whole.
SHIFAN_API bool every_field_given(const Eigen::MatrixXd& values, const std::vector<std::string>& leaf_fields);

} // namespace shifan

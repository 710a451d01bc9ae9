// How the indicator codes and unit ids of one round correspond to the next one's (shifan compare's
// --mapping): a CSV table, one correspondence per row.
//
//   kind        indicator or unit (指标 / 单位)
//   from_round  the earlier round's label (上一轮); may be left out when two rounds are compared
//   to_round    the later round's label (本轮); likewise
//   from        the code or id in the earlier round (原代码); empty: new in the later round
//   to          the code or id in the later round (新代码); empty: dropped
//   note        anything (说明), not read
//
// A code in several rows as `from` was split; several `from` with one `to` were merged (indicators
// or counties). Codes and ids no row names are matched as equal. docs/compare.md has examples.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/language.hpp"
#include "shifan/load/conversions.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace shifan {

struct MappingRow {
    enum class Kind : std::uint8_t { indicator, unit };
    Kind kind = Kind::indicator;
    std::string from_round, to_round; ///< labels; "" when the row leaves them out
    std::string from, to;             ///< "" for new (from) or dropped (to)
    std::size_t row = 0;              ///< the record number in the file, for messages
};

struct RoundMapping {
    std::string source; ///< the file, for messages; "" when there is none
    std::vector<MappingRow> rows;
    Conversions conversions; ///< made while reading it (its encoding, Chinese headers …)
};

/// The mapping in `bytes` (CSV as spreadsheets save it: any of the encodings and delimiters a round's
/// tables may have); `source` names it in messages. Throws InputError naming every bad row.
SHIFAN_API RoundMapping parse_round_mapping(std::string bytes, const std::string& source);
/// The same, read from a file.
SHIFAN_API RoundMapping read_round_mapping(const std::filesystem::path& file);

} // namespace shifan

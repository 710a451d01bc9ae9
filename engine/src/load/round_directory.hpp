// The files of a round directory: each table (units, entries, fields, findings, ratings, events)
// may be one file or several (`fields.csv`, `fields-X01.csv`, `fields-清河县.csv` … for one file
// per county), saved as .csv, .tsv or .txt (Excel's "Unicode 文本"); and workbooks (.xlsx, any
// name: one per county is usual), whose sheets are tables by their names (round_workbooks.hpp).
// Any other file is an error: nothing in the directory is ignored except hidden files (.DS_Store …).
#pragma once

#include "shifan/infra/error.hpp"
#include "shifan/infra/language.hpp"

#include <array>
#include <filesystem>
#include <string_view>
#include <vector>

namespace shifan::detail {

inline constexpr std::array<std::string_view, 6> round_table_names = {"units",    "entries", "fields",
                                                                      "findings", "ratings", "events"};

struct RoundDirectory {
    /// Per table of round_table_names: its files, the one named exactly first, then by name.
    std::array<std::vector<std::filesystem::path>, 6> tables;
    std::vector<std::filesystem::path> workbooks; ///< by name
    std::vector<InputError> problems;             ///< files that are not tables of a round, by name

    /// Every table file and workbook, in reading order (for the audit's digests).
    std::vector<std::filesystem::path> files() const {
        std::vector<std::filesystem::path> all;
        for (const auto& files : tables)
            all.insert(all.end(), files.begin(), files.end());
        all.insert(all.end(), workbooks.begin(), workbooks.end());
        return all;
    }
};

/// The table a workbook's sheet is, by its name (`单位` or `units`, `指标数据` or `fields` …, with a
/// suffix after `-` as files have): its index in round_table_names; sheet_not_read for the sheets
/// of instructions and lists a collection template holds; -1 for another name.
inline constexpr int sheet_not_read = 6;
int sheet_table(std::string_view sheet);
/// The names sheets of each table may have, for messages: `单位（units）、指标数据（fields）…`.
Bilingual sheet_names();

/// ".csv", ".tsv" or ".txt", in any case: the extensions a round's tables are saved with.
bool table_extension(std::string ext);

/// Lists a round directory; throws InputError when it cannot be read.
RoundDirectory list_round_directory(const std::filesystem::path& dir);

} // namespace shifan::detail

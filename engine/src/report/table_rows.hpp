// A Table written a row at a time, for the terminal (TableText) and as CSV: table_text() and
// table_csv() give them the table's rows, and a writer with rows too many to hold as cells (the
// ranking of a national round) gives them each row as it makes it. Private to the engine.
#pragma once

#include "report/aligned_text.hpp"
#include "shifan/report/table.hpp"

#include <string>
#include <vector>

namespace shifan::detail {

class TableText {
public:
    /// The columns, title and notes of `table`, which must outlive this; its rows are not read.
    explicit TableText(const Table& table);
    /// The next row's cells as table_text() shows them; throws OutputError, as every writer does,
    /// for a row longer than the columns.
    void add_row(const std::vector<Cell>& row);
    /// The title, the aligned columns and rows, and the notes, as table_text() writes them.
    std::string str() const;

private:
    static std::vector<std::string> titles(const Table& table);
    static std::vector<Align> alignments(const Table& table);

    const Table& table_;
    AlignedText aligned_;
};

/// Appends a CSV file's header line as table_csv() writes it: the byte-order mark when `bom`, the
/// columns' titles or keys.
void append_csv_header(std::string& out, const Table& table, bool bom, CsvHeader header);
/// Appends one row of `table` (its columns; its rows are not read) as table_csv() writes it;
/// throws OutputError for a row longer than the columns, `number` naming it (from 1).
void append_csv_row(std::string& out, const Table& table, const std::vector<Cell>& row, std::size_t number);

} // namespace shifan::detail

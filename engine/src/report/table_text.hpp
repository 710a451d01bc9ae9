// A Table written for the terminal a row at a time: table_text() gives it the table's rows, and
// a writer with rows too many to hold as cells (the ranking of a national round) gives it each row
// as it makes it. Private to the engine.
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

} // namespace shifan::detail

// Spreadsheet files as bytes: decoded (UTF-8, a byte-order mark, UTF-16, GB18030, or refused) and
// read as a CSV table (delimiter sniffed, empty ends dropped, the aliases of every round table
// applied). Whatever is accepted must be what the readers promise: UTF-8 text, plain UTF-8 left as
// it is, every row as wide as the header, rows in order, and the counts they report.
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

#include "infra/text_encoding.hpp"
#include "load/csv_aliases.hpp"
#include "load/csv_table.hpp"

#include <array>

namespace shifan::fuzz::text_encoding {

namespace {

void check(bool holds, const char* what) {
    if (!holds) throw std::logic_error(what);
}

void check_decoding(std::string_view bytes) {
    try {
        const shifan::detail::DecodedText decoded = shifan::detail::decode_text(std::string(bytes), "fuzz.csv");
        check(shifan::detail::utf8_prefix(decoded.text) == decoded.text.size(), "decoded text is not UTF-8");
        if (decoded.conversions.empty()) check(decoded.text == bytes, "UTF-8 text changed without a conversion");
        for (const auto& [what, count] : decoded.conversions.counts())
            check(what == shifan::Conversion::encoding_gb18030 || what == shifan::Conversion::encoding_utf16 ||
                      what == shifan::Conversion::byte_order_mark,
                  "decoding reports a conversion that is not an encoding");
    } catch (const shifan::InputError&) {
    }
}

void check_table(std::string_view bytes, std::string_view table) {
    try {
        shifan::detail::CsvReader reader{std::string(bytes), "fuzz.csv"};
        reader.apply_aliases(shifan::detail::round_table_aliases(table));
        const std::size_t width = reader.header().size();
        check(width > 0, "a table without columns");
        for (const std::string& name : reader.header())
            check(!name.empty(), "an empty column name");
        std::size_t rows = 0;
        std::size_t last = reader.metadata().empty() ? 0 : reader.metadata().back().second.row;
        reader.for_each_row([&](const shifan::detail::CsvRow& row) {
            check(row.cells.size() == width, "a row not as wide as the header");
            check(row.number > last, "rows out of order");
            bool empty = true;
            for (std::string_view cell : row.cells)
                empty = empty && cell.empty();
            check(!empty, "an empty row handed out");
            last = row.number;
            ++rows;
        });
        check(rows == reader.row_count(), "row_count differs from the rows walked");
        // The copied table reads the same.
        const shifan::detail::CsvTable copy = shifan::detail::read_csv(bytes, "fuzz.csv");
        check(copy.rows.size() == rows, "read_csv differs from CsvReader");
    } catch (const shifan::InputError&) {
    }
}

} // namespace

int test_one_input(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = shifan::fuzz::as_text(data, size);
    check_decoding(bytes);
    // The first byte picks the table whose aliases apply, so that each list is reached.
    static constexpr std::array<std::string_view, 6> tables{"units",    "entries", "fields",
                                                            "findings", "ratings", "events"};
    check_table(bytes, size == 0 ? "" : tables[data[0] % tables.size()]);
    return 0;
}

} // namespace shifan::fuzz::text_encoding

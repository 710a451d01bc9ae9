// What shifan converted while reading inputs as a person meant them: a GB18030 file, a
// tab-separated table, Chinese column headers, TRUE, 96%, 2025/3/1, full-width digits. Nothing is
// converted silently: every kind is counted with the first place it happened, and `validate` lists
// them.
#pragma once

#include "shifan/infra/language.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>

namespace shifan {

enum class Conversion : std::uint8_t {
    // files and tables
    encoding_gb18030, ///< a file that is not UTF-8, read as GB18030 (GBK, WPS's default)
    encoding_utf16,   ///< a UTF-16 file (Excel's "Unicode 文本"), read by its byte-order mark
    byte_order_mark,  ///< a UTF-8 byte-order mark dropped
    delimiter_tab,    ///< a tab-separated table
    delimiter_semicolon,
    header_alias,   ///< a column header read by its documented alias (单位 → unit)
    trailing_empty, ///< empty columns or rows at the end of a table dropped
    // values
    boolean_word,      ///< TRUE/FALSE, 是/否, √/×, Y/N, 1/0 read as a boolean
    percent,           ///< 96% or 96％ read as the share 0.96
    full_width,        ///< full-width digits, signs or punctuation (２６０) read as ASCII
    thousands,         ///< a thousands separator dropped (1,410)
    date_form,         ///< 2025/3/1 or 2025年3月1日 read as 2025-03-01
    text_to_number,    ///< a number written as text in a JSON file ("0.96")
    excel_serial_date, ///< an Excel date serial number (45717) read as the date (2025-03-01)
    value_name,        ///< a key given by its name (加分 for bonus, 一般 for minor, a bonus item's name)
    unfilled_row       ///< a row of a collection workbook with nothing filled in, read as no evidence
};

/// How many times each conversion was made, with the first place (file and place in it).
class Conversions {
public:
    struct Count {
        std::size_t count = 0;
        std::string file;
        Bilingual place;
    };

    void add(Conversion what, const std::string& file, const Bilingual& place, std::size_t times = 1) {
        add_located(
            what, [&] { return std::pair<std::string, Bilingual>(file, place); }, times);
    }
    /// The same with the place composed by `locate()` (file and place), called only the first time
    /// `what` is counted: for loaders that count a conversion in every cell.
    template <class Locate> void add_located(Conversion what, Locate&& locate, std::size_t times = 1) {
        Count& c = counts_[what];
        if (c.count == 0) std::tie(c.file, c.place) = locate();
        c.count += times;
    }
    void merge(const Conversions& other) {
        for (const auto& [what, c] : other.counts_)
            add(what, c.file, c.place, c.count);
    }
    bool empty() const noexcept { return counts_.empty(); }
    /// By kind, in the order of the enum.
    const std::map<Conversion, Count>& counts() const noexcept { return counts_; }

private:
    std::map<Conversion, Count> counts_;
};

} // namespace shifan

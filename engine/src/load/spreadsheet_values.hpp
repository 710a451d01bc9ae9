// Cell values as spreadsheet users write them, read as the person meant them: full-width digits
// typed with a Chinese input method (２６０), thousands separators (1,410), percentages (96%,
// 96％), the booleans of Excel, WPS and paper forms (TRUE, 是, √), and dates in the forms Chinese
// offices write (2025/3/1, 2025年3月1日). Pure functions: each reports which conversions it made,
// so that nothing is converted without being counted. Private to the engine; the evidence check
// (evidence_check.cpp) decides which reading a field's domain allows.
#pragma once

#include "shifan/load/conversions.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shifan::detail {

/// The conversions reading one cell made: a set of Conversion kinds.
class CellConversions {
public:
    void add(Conversion kind) noexcept { bits_ |= bit(kind); }
    bool has(Conversion kind) const noexcept { return (bits_ & bit(kind)) != 0; }
    bool empty() const noexcept { return bits_ == 0; }
    CellConversions& operator|=(CellConversions other) noexcept {
        bits_ |= other.bits_;
        return *this;
    }
    bool operator==(const CellConversions&) const = default;

    /// Calls `visit(kind)` for each kind in the set, in the order of the enum.
    template <class Visit> void for_each(Visit&& visit) const {
        for (unsigned k = 0; k < 32; ++k)
            if ((bits_ >> k) & 1u) visit(static_cast<Conversion>(k));
    }

private:
    static constexpr std::uint32_t bit(Conversion kind) noexcept { return 1u << static_cast<unsigned>(kind); }
    std::uint32_t bits_ = 0;
};

/// The text without the spaces around it: ASCII blanks, the no-break space and the ideographic
/// space U+3000, which spreadsheets and Chinese input methods leave at the ends of cells. Spaces
/// carry no meaning, so dropping them is not counted as a conversion.
std::string_view trim_cell(std::string_view text);

struct CellNumber {
    double value = 0;
    CellConversions conversions; ///< full_width, thousands, percent (empty for plain ASCII decimals)
};

/// A decimal number as a person writes it in a cell: ASCII (`0.96`, `-3`, `+2`, `1e3`); full-width
/// digits, sign, point and comma (`９６．５`: Conversion::full_width); thousands separators in
/// well-formed groups of three (`1,410`, `12,345.5`: Conversion::thousands; `1,41`, `0,96` and
/// `1234,567` are not numbers); and, where `percent_allowed`, a percentage (`96%`, `96％`,
/// `12.5 %`: Conversion::percent). A percentage is divided by 100 in the text (its decimal exponent
/// is lowered by two before the text is parsed), so `96%` is exactly the double `0.96` is.
/// Infinity, NaN, hexadecimal and anything else are not numbers: nullopt.
std::optional<CellNumber> read_number(std::string_view text, bool percent_allowed);

/// The number a person most likely meant by a decimal comma (`0,9` → "0.9", `1,41` → "1.41"):
/// one comma between digits that is no thousands separator. For the fix a message suggests, never a
/// reading (`1,41` may as well be a slip for 1,410).
std::optional<std::string> decimal_comma_text(std::string_view text);

struct CellBoolean {
    bool value = false;
    CellConversions conversions; ///< boolean_word, and full_width for `１`/`０`
};

/// A yes or no: `TRUE`/`FALSE`, `true`/`false`, `YES`/`NO`, `Y`/`N` (any case), `是`/`否`,
/// `对`/`错`, `√`/`×`, `✓`/`✗` (and `✔`/`✘`); where `digits_allowed` (a boolean field), also `1`/`0`.
/// Every reading is Conversion::boolean_word, since the value was written as a word. `有`/`无` are
/// not read (is_existence_word): they say whether something exists, which may be the opposite of
/// what the field asks.
std::optional<CellBoolean> read_boolean(std::string_view text, bool digits_allowed);

/// 有, 无, 没有: answers to "is there …?", which in a yes-or-no field such as `incident_free` mean
/// the opposite of 是 and 否. Refused, with a message asking for 是 or 否.
bool is_existence_word(std::string_view text);

struct CellDate {
    std::string iso;             ///< `YYYY-MM-DD`
    bool exists = true;          ///< false for a well-formed date the calendar lacks (2025-02-30)
    CellConversions conversions; ///< date_form, full_width
};

/// A calendar date: ISO `2025-03-01` as it is; `2025/3/1`, `2025-3-1`, `2025.3.1` (one separator,
/// a four-digit year, one- or two-digit month and day) and `2025年3月1日` become `2025-03-01`
/// (Conversion::date_form); full-width digits and separators are read too (Conversion::full_width).
/// nullopt when the text is none of these forms; `exists` is false when it is one of them but names
/// a day the calendar does not have.
std::optional<CellDate> read_date(std::string_view text);

/// The day an Excel date serial number stands for, as `YYYY-MM-DD`, in the 1900 date system every
/// Excel and WPS workbook made in China uses (day 1 is 1900-01-01; Excel counts a 29 February 1900
/// that never was, so from day 61 on, day n is n days after 1899-12-30). Only whole numbers from
/// 32874 (1990-01-01) to 73415 (2100-12-31) are read: outside those years a number in a date
/// field is far more likely a slip than a date. nullopt otherwise.
std::optional<std::string> excel_serial_date(double serial);

/// Text with full-width ASCII forms (`Ｔ３`, `Ｕ０１`: U+FF01–U+FF5E) and the ideographic space
/// written as ASCII; nullopt when there are none. For codes and ids typed with a Chinese input
/// method.
std::optional<std::string> ascii_of_full_width(std::string_view text);

/// A decimal written as text with its point moved two places left, as a person divides by 100:
/// "96" → "0.96", "79.5" → "0.795", "100" → "1", "5" → "0.05". For the fix a message suggests.
/// Text that is not a plain decimal (an exponent) comes back unchanged.
std::string hundredth_text(std::string_view decimal);

/// The number of code points of UTF-8 text (a byte that starts no valid sequence counts as one).
std::size_t code_point_count(std::string_view text);

} // namespace shifan::detail

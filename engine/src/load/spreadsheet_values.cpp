// Cell values as spreadsheet users write them (declared in spreadsheet_values.hpp).
#include "load/spreadsheet_values.hpp"

#include "shifan/load/dates.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace shifan::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
    return text.size() == lower.size() &&
           std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) { return ascii_lower(a) == b; });
}

/// The ASCII character the full-width form at `text[i]` stands for, or 0 when there is none. The
/// forms U+FF01 … U+FF5E are EF BC 81 … EF BD 9E in UTF-8, and U+FF01 + k stands for ASCII 0x21 + k.
char full_width_form_at(std::string_view text, std::size_t i) {
    if (i + 2 >= text.size() || static_cast<unsigned char>(text[i]) != 0xEF) return 0;
    const auto lead = static_cast<unsigned char>(text[i + 1]);
    const auto last = static_cast<unsigned char>(text[i + 2]);
    if ((lead != 0xBC && lead != 0xBD) || last < 0x80 || last > 0xBF) return 0;
    const unsigned code = 0xFF00u + (lead == 0xBD ? 0x40u : 0u) + (last - 0x80u);
    return code >= 0xFF01 && code <= 0xFF5E ? static_cast<char>(code - 0xFEE0) : 0;
}

/// The text with the full-width forms a Chinese input method types turned into ASCII: digits, `＋`,
/// `－`, `．`, `，`, `／` and `％`. `full_width` is set when a digit, sign or punctuation mark was
/// turned; `％` alone is not counted here (a percentage is counted as one).
std::string narrow(std::string_view text, bool& full_width) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ascii = full_width_form_at(text, i);
        const bool punctuation = ascii >= '+' && ascii <= '/'; // ＋ ， － ． ／
        if (ascii == '%' || punctuation || is_digit(ascii)) {
            out += ascii;
            full_width = full_width || ascii != '%';
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

/// `1,410` or `12,345,678`: a first group of one to three digits not starting with 0, then groups
/// of exactly three. (`0,96` is a European decimal, `1,41` a slip: neither is a thousands form.)
bool well_grouped(std::string_view digits) {
    std::size_t start = 0;
    for (std::size_t group = 0;; ++group) {
        const std::size_t comma = digits.find(',', start);
        const std::size_t size = (comma == std::string_view::npos ? digits.size() : comma) - start;
        if (group == 0 ? (size < 1 || size > 3 || digits[0] == '0') : size != 3) return false;
        if (comma == std::string_view::npos) return group > 0;
        start = comma + 1;
    }
}

/// A run of ASCII digits at `at`, at most `most` long; advances `at`. nullopt for fewer than `least`.
std::optional<int> digits_at(std::string_view text, std::size_t& at, std::size_t least, std::size_t most) {
    std::size_t end = at;
    while (end < text.size() && end - at < most && is_digit(text[end]))
        ++end;
    if (end - at < least || (end < text.size() && is_digit(text[end]))) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < end; ++i)
        value = value * 10 + (text[i] - '0');
    at = end;
    return value;
}

bool skip(std::string_view text, std::size_t& at, std::string_view word) {
    if (text.substr(at).starts_with(word)) {
        at += word.size();
        return true;
    }
    return false;
}

void skip_spaces(std::string_view text, std::size_t& at) {
    while (at < text.size() && text[at] == ' ')
        ++at;
}

/// The code points of UTF-8 text; a byte that starts no valid sequence is one code point of its own.
std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80           ? 1
                                   : (lead >> 5) == 0x6  ? 2
                                   : (lead >> 4) == 0xE  ? 3
                                   : (lead >> 3) == 0x1E ? 4
                                                         : 0;
        bool valid = length > 0 && i + length <= text.size();
        char32_t code = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            code = (code << 6) | (next & 0x3F);
        }
        out.push_back(valid ? code : lead);
        i += valid ? length : 1;
    }
    return out;
}

} // namespace

std::string_view trim_cell(std::string_view text) {
    // Nearly every cell has no space at either end: its first byte begins none of the spaces below
    // (ASCII blanks, 0xC2 of U+00A0, 0xE3 of U+3000) and its last ends none (0xA0, 0x80), which two
    // byte tests tell, instead of sixteen comparisons.
    const auto may_begin = [](unsigned char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xC2 || c == 0xE3;
    };
    const auto may_end = [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x80; };
    if (text.empty() ||
        (!may_begin(static_cast<unsigned char>(text.front())) && !may_end(static_cast<unsigned char>(text.back()))))
        return text;
    static constexpr std::array<std::string_view, 8> spaces = {" ", "\t", "\r", "\n", "\v", "\f", "\u00A0", "\u3000"};
    for (bool trimmed = true; trimmed && !text.empty();) {
        trimmed = false;
        for (std::string_view space : spaces) {
            if (text.starts_with(space)) {
                text.remove_prefix(space.size());
                trimmed = true;
            }
            if (text.ends_with(space)) {
                text.remove_suffix(space.size());
                trimmed = true;
            }
        }
    }
    return text;
}

std::optional<CellNumber> read_number(std::string_view text, bool percent_allowed) {
    CellNumber out;
    bool full_width = false;
    const std::string narrowed = narrow(trim_cell(text), full_width);
    if (full_width) out.conversions.add(Conversion::full_width);
    std::string_view rest = narrowed;
    const bool percent = rest.ends_with('%');
    if (percent) {
        if (!percent_allowed) return std::nullopt;
        rest.remove_suffix(1);
        while (rest.ends_with(' '))
            rest.remove_suffix(1);
        out.conversions.add(Conversion::percent);
    }

    // What std::from_chars reads: sign, digits, point, exponent; no '+' and no separators.
    std::string plain;
    std::size_t at = 0;
    if (at < rest.size() && (rest[at] == '+' || rest[at] == '-')) {
        if (rest[at] == '-') plain += '-';
        ++at;
    }
    const std::size_t whole_start = at;
    while (at < rest.size() && (is_digit(rest[at]) || rest[at] == ','))
        ++at;
    const std::string_view whole = rest.substr(whole_start, at - whole_start);
    if (whole.find(',') != std::string_view::npos) {
        if (!well_grouped(whole)) return std::nullopt;
        out.conversions.add(Conversion::thousands);
        std::copy_if(whole.begin(), whole.end(), std::back_inserter(plain), [](char c) { return c != ','; });
    } else {
        plain += whole;
    }
    std::size_t fraction_digits = 0;
    if (at < rest.size() && rest[at] == '.') {
        plain += '.';
        for (++at; at < rest.size() && is_digit(rest[at]); ++at, ++fraction_digits)
            plain += rest[at];
    }
    if (whole.empty() && fraction_digits == 0) return std::nullopt;
    int exponent = 0;
    bool has_exponent = false;
    if (at < rest.size() && (rest[at] == 'e' || rest[at] == 'E')) {
        if (out.conversions.has(Conversion::thousands)) return std::nullopt;
        ++at;
        const bool negative = at < rest.size() && rest[at] == '-';
        if (at < rest.size() && (rest[at] == '-' || rest[at] == '+')) ++at;
        const auto digits = digits_at(rest, at, 1, 4);
        if (!digits) return std::nullopt;
        exponent = negative ? -*digits : *digits;
        has_exponent = true;
    }
    if (at != rest.size()) return std::nullopt;
    // A percentage is the same decimal with its exponent two lower: "96e-2" is the decimal 0.96
    // exactly, so from_chars rounds it to the very double it gives for "0.96".
    if (percent) {
        exponent -= 2;
        has_exponent = true;
    }
    if (has_exponent) plain += fmt::format("e{}", exponent);
    double value = 0;
    const auto [end, error] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
    if (error != std::errc() || end != plain.data() + plain.size() || !std::isfinite(value)) return std::nullopt;
    out.value = value;
    return out;
}

std::optional<std::string> decimal_comma_text(std::string_view text) {
    bool full_width = false;
    std::string number = narrow(trim_cell(text), full_width);
    const std::size_t comma = number.find(',');
    if (comma == std::string::npos || number.find(',', comma + 1) != std::string::npos) return std::nullopt;
    const std::size_t digits_from = number.starts_with('-') || number.starts_with('+') ? 1 : 0;
    const std::string_view whole = std::string_view(number).substr(digits_from, comma - digits_from);
    const std::string_view fraction = std::string_view(number).substr(comma + 1);
    const auto all_digits = [](std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); };
    if (!all_digits(whole) || !all_digits(fraction) || well_grouped(number.substr(digits_from))) return std::nullopt;
    number[comma] = '.';
    return number;
}

std::optional<CellBoolean> read_boolean(std::string_view text, bool digits_allowed) {
    static constexpr std::array<std::string_view, 5> yes = {"是", "对", "√", "✓", "✔"};
    static constexpr std::array<std::string_view, 5> no = {"否", "错", "×", "✗", "✘"};
    static constexpr std::array<std::string_view, 3> yes_ascii = {"true", "yes", "y"};
    static constexpr std::array<std::string_view, 3> no_ascii = {"false", "no", "n"};
    const std::string_view word = trim_cell(text);
    CellBoolean out;
    out.conversions.add(Conversion::boolean_word);
    const auto among = [&](const auto& words, bool ignore_case) {
        return std::any_of(words.begin(), words.end(),
                           [&](std::string_view w) { return ignore_case ? equals_ignoring_case(word, w) : word == w; });
    };
    if (among(yes, false) || among(yes_ascii, true)) {
        out.value = true;
        return out;
    }
    if (among(no, false) || among(no_ascii, true)) return out;
    if (digits_allowed) {
        bool full_width = false;
        const std::string digit = narrow(word, full_width);
        if (digit == "1" || digit == "0") {
            out.value = digit == "1";
            if (full_width) out.conversions.add(Conversion::full_width);
            return out;
        }
    }
    return std::nullopt;
}

bool is_existence_word(std::string_view text) {
    const std::string_view word = trim_cell(text);
    return word == "有" || word == "无" || word == "没有";
}

std::optional<CellDate> read_date(std::string_view text) {
    bool full_width = false;
    const std::string narrowed = narrow(trim_cell(text), full_width);
    const std::string_view date = narrowed;
    std::size_t at = 0;
    const auto year = digits_at(date, at, 4, 4);
    if (!year) return std::nullopt;
    std::optional<int> month, day;
    bool iso = false;
    if (at < date.size() && (date[at] == '-' || date[at] == '/' || date[at] == '.')) {
        const char separator = date[at++];
        const std::size_t month_at = at;
        month = digits_at(date, at, 1, 2);
        const bool two_digit_month = at - month_at == 2;
        if (!month || at >= date.size() || date[at] != separator) return std::nullopt;
        const std::size_t day_at = ++at;
        day = digits_at(date, at, 1, 2);
        iso = separator == '-' && two_digit_month && at - day_at == 2;
    } else {
        // 2025年3月1日, with or without spaces between the parts
        skip_spaces(date, at);
        if (!skip(date, at, "年")) return std::nullopt;
        skip_spaces(date, at);
        month = digits_at(date, at, 1, 2);
        skip_spaces(date, at);
        if (!month || !skip(date, at, "月")) return std::nullopt;
        skip_spaces(date, at);
        day = digits_at(date, at, 1, 2);
        skip_spaces(date, at);
        if (!day || !skip(date, at, "日")) return std::nullopt;
    }
    if (!day || at != date.size()) return std::nullopt;
    CellDate out;
    out.iso = fmt::format("{:04}-{:02}-{:02}", *year, *month, *day);
    out.exists = parse_date(out.iso).has_value();
    if (!iso) out.conversions.add(Conversion::date_form);
    if (full_width) out.conversions.add(Conversion::full_width);
    return out;
}

std::optional<std::string> excel_serial_date(double serial) {
    if (!(serial >= 32874 && serial <= 73415) || serial != std::floor(serial)) return std::nullopt;
    // Days since 1970-01-01 (1899-12-30 is day -25569), then Howard Hinnant's civil_from_days.
    const std::int64_t z = static_cast<std::int64_t>(serial) - 25569 + 719468;
    const std::int64_t era = z / 146097; // z > 0 in the range read
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::optional<std::string> ascii_of_full_width(std::string_view text) {
    std::string out;
    bool changed = false;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (const char ascii = full_width_form_at(text, i)) {
            out += ascii;
            changed = true;
            i += 2;
            continue;
        }
        if (text.substr(i).starts_with("\u3000")) {
            out += ' ';
            changed = true;
            i += 2;
            continue;
        }
        out += text[i];
    }
    if (!changed) return std::nullopt;
    return out;
}

std::string hundredth_text(std::string_view decimal) {
    std::string_view digits = decimal;
    const bool negative = digits.starts_with('-');
    if (negative) digits.remove_prefix(1);
    const std::size_t point = digits.find('.');
    std::string whole(digits.substr(0, point));
    std::string fraction(point == std::string_view::npos ? std::string_view() : digits.substr(point + 1));
    const auto all_digits = [](const std::string& s) { return std::all_of(s.begin(), s.end(), is_digit); };
    if (whole.empty() || !all_digits(whole) || !all_digits(fraction)) return std::string(decimal);
    whole.insert(0, std::string(whole.size() < 3 ? 3 - whole.size() : 0, '0'));
    fraction.insert(0, whole.substr(whole.size() - 2));
    whole.erase(whole.size() - 2);
    whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
    fraction.erase(fraction.find_last_not_of('0') + 1);
    return (negative ? "-" : "") + whole + (fraction.empty() ? "" : "." + fraction);
}

std::size_t code_point_count(std::string_view text) { return code_points(text).size(); }

} // namespace shifan::detail

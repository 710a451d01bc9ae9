// Calendar dates as evaluators write them (YYYY-MM-DD): validity, day counts and month arithmetic
// for deadline rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace shifan {

struct Date {
    int year = 0;
    int month = 0; ///< 1..12
    int day = 0;   ///< 1..31

    auto operator<=>(const Date&) const = default;
};

inline bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

inline int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/// Parses `YYYY-MM-DD`; nullopt for anything else, including dates that do not exist (2023-02-29).
inline std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int digits[8];
    int k = 0;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        digits[k++] = text[i] - '0';
    }
    const Date date{digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3], digits[4] * 10 + digits[5],
                    digits[6] * 10 + digits[7]};
    if (date.year < 1 || date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > days_in_month(date.year, date.month))
        return std::nullopt;
    return date;
}

/// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's days_from_civil).
inline std::int64_t day_number(const Date& date) {
    const int y = date.year - (date.month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int mp = (date.month + 9) % 12;
    const int doy = (153 * mp + 2) / 5 + date.day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

/// The same day `months` months later, clamped to the end of a shorter month (01-31 + 1 → 02-28).
inline Date add_months(const Date& date, int months) {
    const int index = date.year * 12 + (date.month - 1) + months;
    Date out{index / 12, index % 12 + 1, 0};
    out.day = std::min(date.day, days_in_month(out.year, out.month));
    return out;
}

/// Whole months late, counted up: 0 when on time; m when `done` is after the deadline moved m − 1
/// months on and no later than the deadline moved m months on.
inline int months_late(const Date& deadline, const Date& done) {
    int months = 0;
    while (done > add_months(deadline, months))
        ++months;
    return months;
}

} // namespace shifan

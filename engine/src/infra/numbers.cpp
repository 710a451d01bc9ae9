// Printing published figures (declared in numbers.hpp).
#include "shifan/infra/numbers.hpp"

#include "infra/fixed_text.hpp"

#include <fmt/format.h>

namespace shifan {

std::string format_points(double value, int decimals) {
    std::string text = fmt::format("{:.{}f}", round_half_away(value, decimals), decimals);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
    return text;
}

std::string format_fixed(double value, int decimals) {
    if (char digits[detail::fixed_text_room]; char* end = detail::print_fixed(value, decimals, digits))
        return std::string(digits, end);
    return fmt::format("{:.{}f}", round_half_away(value, decimals), decimals);
}

std::string format_value(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
    return fmt::format("{}", value);
}

std::string format_percent(double share, int decimals) { return format_points(share * 100, decimals) + "%"; }

} // namespace shifan

// The fuzz targets, one per loader, and the names the fuzzing program is called by to run each.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shifan::fuzz {

// Each takes one input as libFuzzer's LLVMFuzzerTestOneInput does (fuzz_TARGET.cpp).
namespace indicators {
int test_one_input(const std::uint8_t* data, std::size_t size);
}
namespace rubric {
int test_one_input(const std::uint8_t* data, std::size_t size);
}
namespace evidence_json {
int test_one_input(const std::uint8_t* data, std::size_t size);
}
namespace evidence_csv {
int test_one_input(const std::uint8_t* data, std::size_t size);
}
namespace text_encoding {
int test_one_input(const std::uint8_t* data, std::size_t size);
}
namespace workbook {
int test_one_input(const std::uint8_t* data, std::size_t size);
}

struct Target {
    std::string_view name; ///< the program runs this target when called fuzz_NAME
    int (*test_one_input)(const std::uint8_t* data, std::size_t size);
};

inline constexpr std::array<Target, 6> targets{{
    {"indicators", indicators::test_one_input},
    {"rubric", rubric::test_one_input},
    {"evidence_json", evidence_json::test_one_input},
    {"evidence_csv", evidence_csv::test_one_input},
    {"text_encoding", text_encoding::test_one_input},
    {"workbook", workbook::test_one_input},
}};

} // namespace shifan::fuzz

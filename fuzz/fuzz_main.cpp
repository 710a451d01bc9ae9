// The fuzzing program: one libFuzzer program for the six targets, which runs the target it is
// called by (fuzz_indicators, fuzz_rubric, ...: links to it that the build makes beside it). One
// program rather than six, because each of the six compiled and linked the library's headers and
// the instrumented library again (docs/robustness.md, "Fuzzing and sanitizers").
#include "fuzz_targets.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

int (*chosen)(const std::uint8_t*, std::size_t) = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** argv) {
    std::string_view program = (*argv)[0];
    if (const std::size_t slash = program.rfind('/'); slash != std::string_view::npos) program.remove_prefix(slash + 1);
    for (const shifan::fuzz::Target& target : shifan::fuzz::targets)
        if (program.starts_with("fuzz_") && program.substr(5) == target.name) {
            chosen = target.test_one_input;
            std::fprintf(stderr, "fuzz target: %.*s\n", static_cast<int>(target.name.size()), target.name.data());
            return 0;
        }
    std::fprintf(stderr, "%.*s: run this program by the name of a fuzz target:", static_cast<int>(program.size()),
                 program.data());
    for (const shifan::fuzz::Target& target : shifan::fuzz::targets)
        std::fprintf(stderr, " fuzz_%.*s", static_cast<int>(target.name.size()), target.name.data());
    std::fprintf(stderr, " (links to it beside it)\n");
    std::exit(2);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return chosen(data, size); }

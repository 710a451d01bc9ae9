// Huge pages for national rounds. A round of 3,200 units touches over 100 MB of fresh memory, one
// 4 KiB page at a time, and each first touch is a page fault; on virtual machines a fault costs
// microseconds (11 µs on the machine of docs/performance.md), so that run spent a third of its time
// faulting. glibc backs its allocations with transparent huge pages (2 MiB, 512 times fewer faults)
// when GLIBC_TUNABLES says glibc.malloc.hugetlb=1, which it reads only when a program starts: so
// the command starts itself again once, with that added, when its inputs reach 1 MB. Smaller runs do
// not (a second start-up costs more than they would save), and neither does a run whose
// GLIBC_TUNABLES already says anything about hugetlb, nor one on a system without transparent
// huge pages. Nothing else changes: the same process (the same pid), arguments and output.
//
// With huge pages, two of glibc's thresholds are set too. Blocks of 128 KiB and more are otherwise
// mapped one by one (a units × leaves matrix, a file's text), and a mapping of 3 MB at no particular
// place gets no huge page, or one: 4 KiB faults again, three quarters of a composite index's 5,600.
// Up to 32 MiB they now come from the heap, whose growth glibc rounds to huge pages, and the heap
// grows 4 MiB beyond each need: a composite index of 3,000 units from a wide table took 740 faults
// instead of 5,600 and a fifth less time, a 3,200-unit score run 12,400 instead of 16,000. Freed
// blocks then stay in the heap: the 100,000-unit score run's peak did not move, but some rise a
// little (compare of two 3,200-unit results by 24 MiB; docs/performance.md).
//
// And every thread allocates from that heap (one arena). glibc gives a second thread an arena of
// its own, whose memory it does not ask huge pages for: the loaders' second thread (simdjson's
// batches, CSV tables split ahead) then faulted its memory in 4 KiB at a time, most of a 3,200-unit
// score run's 3,000 faults. With one arena the threads take turns at its lock, which measured no
// slower anywhere (docs/performance.md, twenty-sixth pass), and that run takes 900 to 1,300.
#include "command.hpp"
#include "infra/release_pages.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace shifan::cli {
namespace {

/// Inputs from this size on are worth a second start-up (about 80 units of evidence JSON, or a wide
/// table of 1,400 units × 125 values): it costs 5–10 ms, and huge pages saved 40 ms on a 300-unit
/// score run (4 MB) and 110 ms on a composite index of 3,000 units read from a wide table (2.2 MB).
constexpr std::uintmax_t large_inputs = std::uintmax_t{1} << 20;

/// What the second start adds to GLIBC_TUNABLES, each unless the user's value names it already.
constexpr std::string_view huge_page_tunables[] = {"glibc.malloc.hugetlb=1", "glibc.malloc.mmap_threshold=33554432",
                                                   "glibc.malloc.top_pad=4194304", "glibc.malloc.arena_max=1"};

/// The bytes of the file `path` names, or of the files directly in the directory it names; 0 when
/// it names neither.
std::uintmax_t input_size(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec) return 0;
    if (fs::is_regular_file(status)) {
        const std::uintmax_t size = fs::file_size(path, ec);
        return ec ? 0 : size;
    }
    if (!fs::is_directory(status)) return 0;
    std::uintmax_t bytes = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec))
        if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
    return bytes;
}

/// The size of every file the arguments may name: each argument, and each piece of it between
/// "=" and "," (--evidence=FILE, compare's LABEL=INDICATORS,RUBRIC,EVIDENCE).
std::uintmax_t argument_files_size(int argc, char** argv) {
    std::uintmax_t bytes = 0;
    for (int i = 2; i < argc; ++i) {
        const std::string_view text = argv[i];
        if (text.starts_with('-') && text.find('=') == std::string_view::npos) continue;
        std::size_t begin = 0;
        for (std::size_t at = 0; at <= text.size(); ++at)
            if (at == text.size() || text[at] == '=' || text[at] == ',') {
                if (at > begin) bytes += input_size(std::string(text.substr(begin, at - begin)));
                begin = at + 1;
            }
    }
    return bytes;
}

} // namespace

void use_huge_pages_for_large_inputs(int argc, char** argv) {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    const std::string current = tunables ? tunables : "";
    if (current.find("glibc.malloc.hugetlb") != std::string::npos) return; // said already, or started again
    if (argc < 3 || argument_files_size(argc, argv) < large_inputs || !detail::huge_pages_on_request()) return;
    std::string wanted = current;
    for (const std::string_view tunable : huge_page_tunables) {
        const std::string_view name = tunable.substr(0, tunable.find('='));
        if (current.find(name) != std::string::npos) continue; // the user's value stands
        if (!wanted.empty()) wanted += ':';
        wanted += tunable;
    }
    if (setenv("GLIBC_TUNABLES", wanted.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Not started again (no /proc, say): go on as we are, with the environment as it was.
    if (tunables)
        setenv("GLIBC_TUNABLES", current.c_str(), 1);
    else
        unsetenv("GLIBC_TUNABLES");
}

} // namespace shifan::cli

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
#include "start.hpp"

#include "infra/transparent_huge_pages.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

// Written with the C library only: this runs before the command's libraries are loaded (start.cpp).
namespace shifan::cli {
namespace {

/// Inputs from this size on are worth a second start-up (about 80 units of evidence JSON, or a wide
/// table of 1,400 units × 125 values): it costs 1–3 ms (this small program starts again, not the
/// command with its libraries: start.cpp), and huge pages saved 40 ms on a 300-unit
/// score run (4 MB) and 110 ms on a composite index of 3,000 units read from a wide table (2.2 MB).
constexpr std::uintmax_t large_inputs = std::uintmax_t{1} << 20;

/// What the second start adds to GLIBC_TUNABLES, each unless the user's value names it already.
constexpr const char* huge_page_tunables[] = {"glibc.malloc.hugetlb=1", "glibc.malloc.mmap_threshold=33554432",
                                              "glibc.malloc.top_pad=4194304", "glibc.malloc.arena_max=1"};

/// The bytes of the file `path` names, or of the files directly in the directory it names; 0 when
/// it names neither.
std::uintmax_t input_size(const char* path) {
    struct stat status;
    if (stat(path, &status) != 0) return 0;
    if (S_ISREG(status.st_mode)) return static_cast<std::uintmax_t>(status.st_size);
    if (!S_ISDIR(status.st_mode)) return 0;
    DIR* directory = opendir(path);
    if (!directory) return 0;
    std::uintmax_t bytes = 0;
    while (const dirent* entry = readdir(directory)) {
        struct stat file;
        if (fstatat(dirfd(directory), entry->d_name, &file, 0) == 0 && S_ISREG(file.st_mode))
            bytes += static_cast<std::uintmax_t>(file.st_size);
    }
    closedir(directory);
    return bytes;
}

/// The size of every file the arguments may name: each argument, and each piece of it between
/// "=" and "," (--evidence=FILE, compare's LABEL=INDICATORS,RUBRIC,EVIDENCE).
std::uintmax_t argument_files_size(int argc, char** argv) {
    std::uintmax_t bytes = 0;
    for (int i = 2; i < argc; ++i) {
        const char* text = argv[i];
        if (text[0] == '-' && !std::strchr(text, '=')) continue;
        for (const char* begin = text;;) {
            const std::size_t size = std::strcspn(begin, "=,");
            if (size > 0) {
                char* piece = strndup(begin, size);
                if (!piece) return bytes;
                bytes += input_size(piece);
                std::free(piece);
            }
            if (begin[size] == '\0') break;
            begin += size + 1;
        }
    }
    return bytes;
}

/// Whether the tunables `text` say anything about `tunable`'s name (its part before "=").
bool names(const char* text, const char* tunable) {
    return memmem(text, std::strlen(text), tunable, std::strcspn(tunable, "=")) != nullptr;
}

} // namespace

void use_huge_pages_for_large_inputs(int argc, char** argv) {
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    const char* current = tunables ? tunables : "";
    if (names(current, huge_page_tunables[0])) return; // hugetlb said already, or started again
    if (argc < 3 || argument_files_size(argc, argv) < large_inputs || !detail::read_huge_pages_on_request()) return;
    std::size_t room = std::strlen(current) + 1;
    for (const char* tunable : huge_page_tunables)
        room += std::strlen(tunable) + 1;
    char* const wanted = static_cast<char*>(std::malloc(room));
    char* const given = strdup(current); // setenv may let the value `current` points at go
    if (!wanted || !given) {
        std::free(wanted);
        std::free(given);
        return;
    }
    std::strcpy(wanted, given);
    for (const char* tunable : huge_page_tunables) {
        if (names(given, tunable)) continue; // the user's value stands
        if (wanted[0] != '\0') std::strcat(wanted, ":");
        std::strcat(wanted, tunable);
    }
    if (setenv("GLIBC_TUNABLES", wanted, 1) == 0) {
        execv("/proc/self/exe", argv);
        // Not started again (no /proc, say): go on as we are, with the environment as it was.
        if (tunables)
            setenv("GLIBC_TUNABLES", given, 1);
        else
            unsetenv("GLIBC_TUNABLES");
    }
    std::free(wanted);
    std::free(given);
}

} // namespace shifan::cli

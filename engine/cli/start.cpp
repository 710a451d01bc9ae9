// The shifan executable. It first decides whether the command should start again with huge pages
// (huge_pages.cpp), and only then loads the command (libshifan_command, beside the library) with
// the libraries it needs, and runs it. A run with large inputs starts twice, and its first start
// used to load every library only to replace them all: 5–9 ms of mapping and relocating that this
// program, which needs only the C library, does not do (docs/performance.md, thirtieth pass).
#include "start.hpp"

#include <cstdio>

#include <dlfcn.h>

int main(int argc, char** argv) {
    shifan::cli::use_huge_pages_for_large_inputs(argc, argv);
    // Found as the library is: beside the program (its RUNPATH, $ORIGIN/../lib), else in the
    // system's directories. Bound lazily, as the functions of a program's own libraries are.
    void* command = dlopen(SHIFAN_COMMAND_FILE, RTLD_LAZY);
    const auto run =
        command ? reinterpret_cast<decltype(&shifan_command_main)>(dlsym(command, "shifan_command_main")) : nullptr;
    if (!run) {
        // What the dynamic linker says when a program's library is missing, as it said it when the
        // command was linked into this program: there is no catalogue to say it with before the
        // library is loaded.
        std::fprintf(stderr, "%s: error while loading shared libraries: %s\n", argc > 0 ? argv[0] : "shifan",
                     dlerror());
        return 127;
    }
    return run(argc, argv);
}

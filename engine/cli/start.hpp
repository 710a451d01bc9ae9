// The shifan executable's own part: what it does before the command and its libraries are loaded.
// It needs nothing but the C library, so that a run that starts again (huge_pages.cpp) pays for a
// second start of this small program, not of the nine other libraries the command needs.
#pragma once

/// The command's entry point in libshifan_command (main.cpp): arguments as main() has them, the
/// exit status back.
extern "C" int shifan_command_main(int argc, char** argv);

namespace shifan::cli {

/// Starts the program again with glibc's huge pages when the files its arguments name add up to
/// 1 MB or more (huge_pages.cpp says why); returns when it does not.
void use_huge_pages_for_large_inputs(int argc, char** argv);

} // namespace shifan::cli

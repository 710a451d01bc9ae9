// Clean interruption of long runs: while an InterruptGuard is alive, SIGINT (Ctrl-C) and SIGTERM
// ask the run to stop by setting its Progress's cancel flag, so workers finish the piece they are
// on, the run throws Cancelled, outputs are not written half-way and the command exits with a
// message instead of dying mid-write.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/progress.hpp"

#include <csignal>

namespace shifan {

/// Installs SIGINT and SIGTERM handlers (sigaction) that set `progress.cancel`, and puts back the
/// handlers it found when destroyed. The handler does nothing but store to lock-free atomics, which
/// is all that is safe in a signal handler; the flag is reached through a static pointer because a
/// handler receives no argument. A second interrupt while the first is still being acted on
/// restores the signal's default action and raises it again, so a run stuck in one long piece of
/// work can still be killed with a second Ctrl-C; one within 100 ms of the first is taken as the
/// same request sent twice (a supervisor signalling the command and then its process group) and
/// changes nothing. Handlers are installed with SA_RESTART, so that
/// blocking calls elsewhere in the program are resumed rather than failing with EINTR.
///
/// Signal dispositions are process-wide: only one guard may be alive at a time (a second throws
/// std::logic_error), and `progress` must outlive the guard.
class SHIFAN_API InterruptGuard {
public:
    explicit InterruptGuard(Progress& progress);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    /// The signal that interrupted the run (SIGINT or SIGTERM), 0 if none: a command exits with
    /// 128 + it, as shells expect of a program stopped by a signal.
    int received() const noexcept;

private:
    struct sigaction previous_int_ {};
    struct sigaction previous_term_ {};
};

} // namespace shifan

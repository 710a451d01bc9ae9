// Progress of long runs (Monte Carlo replications): a counter the workers advance and a cancel flag
// they check between pieces of work, a pure function that words one progress line, and a bar that
// redraws that line on a terminal while the run lasts.
//
//   shifan::Progress progress(replications);
//   shifan::InterruptGuard guard(progress);             // Ctrl-C asks the workers to stop
//   shifan::ProgressBar bar(progress, "replications");  // draws on stderr only if it is a terminal
//   ... workers: for each replication { if (progress.cancelled()) stop; work; progress.advance(); }
//   progress.throw_if_cancelled();                      // never hand back a partial result
#pragma once

#include "shifan/export.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace shifan {

/// Thrown by a long run that was cancelled (by an interrupt or by its caller), so that the caller
/// gets either a whole result or none. `what()` is "interrupted".
class SHIFAN_API Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("interrupted") {}
};

/// Shared by the workers of a run, the display and the interrupt handler. Every member is safe to
/// use from any thread; `cancel` is also set from a signal handler, which is why it is a lock-free
/// atomic and nothing else.
struct Progress {
    explicit Progress(std::uint64_t total_ = 0) : total(total_) {}
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// Pieces of work finished so far.
    std::atomic<std::uint64_t> done{0};
    /// Pieces of work in the whole run; fixed before the workers start.
    std::uint64_t total = 0;
    /// Set to ask the workers to stop at the next piece of work.
    std::atomic<bool> cancel{false};

    /// Counts `n` more pieces as finished. Relaxed: the count orders nothing else, and every worker
    /// calls this once per piece, so it must stay a single uncontended-cheap instruction.
    void advance(std::uint64_t n = 1) noexcept { done.fetch_add(n, std::memory_order_relaxed); }
    /// True once the run was asked to stop; workers check it between pieces of work.
    bool cancelled() const noexcept { return cancel.load(std::memory_order_relaxed); }
    void request_cancel() noexcept { cancel.store(true, std::memory_order_relaxed); }
    /// Throws `Cancelled` if the run was asked to stop; called after the workers are joined.
    void throw_if_cancelled() const {
        if (cancelled()) throw Cancelled();
    }
};

/// One progress line, at most `width` display columns:
///
///   `[###############---------------]  50%  500/1,000 replications  412/s  0:02 left`
///
/// The bar takes what room the other fields leave, up to 30 columns inside the brackets (filled
/// `done × inner / total`, rounded down), and is left out when fewer than 10 would fit. The
/// percentage is rounded down, so 100% means finished, and is right-aligned in 4 columns so that
/// the line does not shift. Counts have thousands separators; the rate is per second (two
/// significant digits below 1/s, one decimal below 10/s, whole above); the time left is
/// `(total − done) / rate` rounded up, as m:ss or from an hour h:mm:ss. Before anything is done, or
/// with no time elapsed, the rate and time left are "—". When `done` reaches `total` the time is the
/// time taken (`0:02 elapsed`). When the width is too small, fields are dropped in this order: the
/// bar, `what`, the rate, the counts, the time; below 4 columns the line is empty. `done` above
/// `total` counts as `total`. Widths are display widths (a Chinese label takes two columns a
/// character).
SHIFAN_API std::string progress_line(std::uint64_t done, std::uint64_t total, double elapsed_seconds, std::size_t width,
                                     std::string_view what);

/// While alive, redraws `progress_line` for a `Progress` on a terminal every `interval`, from a
/// thread of its own. It draws only when its output is a terminal and TERM is not "dumb" (a pipe,
/// a file or an editor's shell gets nothing, so logs never fill with carriage returns), only while
/// the process is in the terminal's foreground, and never on stdout unless given it.
///
/// The first line is drawn one interval after construction, so a run shorter than that prints
/// nothing. On destruction, if a line was drawn, the final state is drawn once more and the line
/// is ended with a newline: the finished bar (or where an interrupted run stopped) stays on screen
/// above whatever is printed next.
class SHIFAN_API ProgressBar {
public:
    static constexpr std::chrono::milliseconds interval{100};

    /// `fd` is the output (stderr by default); `wanted = false` turns the bar off whatever the
    /// output is (a --quiet option).
    ProgressBar(Progress& progress, std::string label, int fd = 2, bool wanted = true);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// True when this bar draws (its output is a terminal, TERM is not "dumb", and it was wanted).
    bool enabled() const noexcept { return thread_.joinable(); }

    /// True when `fd` is a terminal and TERM is not "dumb".
    static bool shows_on(int fd);

private:
    void run();
    void draw();

    Progress& progress_;
    std::string label_;
    int fd_;
    std::chrono::steady_clock::time_point start_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    // Used by the drawing thread, then by the destructor after it is joined.
    bool drawn_ = false;
    bool failed_ = false;
    std::size_t last_width_ = 0;
    std::thread thread_;
};

} // namespace shifan

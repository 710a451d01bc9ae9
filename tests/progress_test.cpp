// Progress of long runs: the wording of the progress line (worked out by hand), a bar that draws
// only on a terminal (a pseudo-terminal here) and interrupts that ask a run to stop.
#include "shifan/infra/interrupt.hpp"
#include "shifan/infra/progress.hpp"
#include "shifan/report/text.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace progress_test {

using namespace shifan;

namespace {

std::string repeat(char c, std::size_t n) { return std::string(n, c); }

TEST(ProgressLine, Start) {
    // Nothing done yet: no rate and no time left. The fields take 39 columns, leaving the bar its
    // widest (30) in 79.
    EXPECT_EQ(progress_line(0, 1000, 0.0, 79, "replications"),
              "[" + repeat('-', 30) + "]   0%  0/1,000 replications  —/s  — left");
    EXPECT_EQ(progress_line(0, 1000, 3.0, 79, "replications"),
              "[" + repeat('-', 30) + "]   0%  0/1,000 replications  —/s  — left");
}

TEST(ProgressLine, Middle) {
    // 500 in 1.25 s is 400/s; 500 more take 1.25 s, shown rounded up. The line is exactly 79 wide.
    const std::string line = progress_line(500, 1000, 1.25, 79, "replications");
    EXPECT_EQ(line, "[" + repeat('#', 15) + repeat('-', 15) + "]  50%  500/1,000 replications  400/s  0:02 left");
    EXPECT_EQ(display_width(line), 79u);
    // Done but no time measured yet: the count is shown, the rate and time are not.
    EXPECT_EQ(progress_line(10, 100, 0.0, 79, "runs"),
              "[" + repeat('#', 3) + repeat('-', 27) + "]  10%  10/100 runs  —/s  — left");
    // Below 10/s one decimal; without a label the counts stand alone.
    EXPECT_EQ(progress_line(5, 20, 2.0, 79, ""),
              "[" + repeat('#', 7) + repeat('-', 23) + "]  25%  5/20  2.5/s  0:06 left");
    // Thousands separators in the counts and the rate: 1,234,567 in 100 s is 12,345.67/s, and
    // 765,433 more take 62.0001 s, shown as 1:03.
    EXPECT_EQ(progress_line(1234567, 2000000, 100.0, 100, "replications"),
              "[" + repeat('#', 18) + repeat('-', 12) +
                  "]  61%  1,234,567/2,000,000 replications  12,346/s  1:03 left");
}

TEST(ProgressLine, HoursLeft) {
    // 3 in 4 s is 0.75/s; 9,997 more take 13,329.33 s, rounded up to 13,330 s = 3 h 42 min 10 s.
    // The fields take 49 columns, leaving the bar 27; 3 × 27 / 10,000 fills none of it.
    EXPECT_EQ(progress_line(3, 10000, 4.0, 79, "replications"),
              "[" + repeat('-', 27) + "]   0%  3/10,000 replications  0.75/s  3:42:10 left");
}

TEST(ProgressLine, End) {
    // Finished: 100%, a full bar and the time taken instead of the time left.
    EXPECT_EQ(progress_line(1000, 1000, 2.5, 79, "replications"),
              "[" + repeat('#', 25) + "] 100%  1,000/1,000 replications  400/s  0:02 elapsed");
    EXPECT_EQ(progress_line(7, 7, 3725.9, 46, ""), "100%  7/7  0.0019/s  1:02:05 elapsed");
    // More than the total counts as the total; an empty run is finished.
    EXPECT_EQ(progress_line(12, 10, 1.0, 44, ""), "[" + repeat('#', 10) + "] 100%  10/10  10/s  0:01 elapsed");
    EXPECT_EQ(progress_line(12, 10, 1.0, 43, ""), "100%  10/10  10/s  0:01 elapsed");
    EXPECT_EQ(progress_line(0, 0, 0.0, 40, "runs"), "100%  0/0 runs  —/s  0:00 elapsed");
}

TEST(ProgressLine, ShareRoundsDown) {
    // 999 of 1,000 is 99% and 29 of the 30 marks: 100% and a full bar mean finished.
    EXPECT_EQ(progress_line(999, 1000, 9.99, 79, ""), "[" + repeat('#', 29) + "-]  99%  999/1,000  100/s  0:01 left");
}

TEST(ProgressLine, NarrowWidths) {
    // The fields take 45 columns: the bar needs 13 more (brackets, a space, 10 marks).
    const std::string full = " 25%  250/1,000 replications  25/s  0:30 left";
    EXPECT_EQ(progress_line(250, 1000, 10.0, 58, "replications"), "[##--------] " + full);
    EXPECT_EQ(progress_line(250, 1000, 10.0, 57, "replications"), full);
    EXPECT_EQ(progress_line(250, 1000, 10.0, 45, "replications"), full);
    // Then the label, the rate, the counts and the time go.
    EXPECT_EQ(progress_line(250, 1000, 10.0, 44, "replications"), " 25%  250/1,000  25/s  0:30 left");
    EXPECT_EQ(progress_line(250, 1000, 10.0, 31, "replications"), " 25%  250/1,000  0:30 left");
    EXPECT_EQ(progress_line(250, 1000, 10.0, 25, "replications"), " 25%  0:30 left");
    EXPECT_EQ(progress_line(250, 1000, 10.0, 14, "replications"), " 25%");
    EXPECT_EQ(progress_line(250, 1000, 10.0, 4, "replications"), " 25%");
    EXPECT_EQ(progress_line(250, 1000, 10.0, 3, "replications"), "");
}

TEST(ProgressLine, WideCharactersCountTwoColumns) {
    // 次重复 takes 6 columns, so the fields take 40 and the bar 60 − 40 − 3 = 17 (8 of them filled).
    const std::string line = progress_line(500, 1000, 1.25, 60, "次重复");
    EXPECT_EQ(line, "[" + repeat('#', 8) + repeat('-', 9) + "]  50%  500/1,000 次重复  400/s  0:02 left");
    EXPECT_EQ(display_width(line), 60u);
}

TEST(Progress, CountsAndCancels) {
    Progress progress(10);
    progress.advance();
    progress.advance(3);
    EXPECT_EQ(progress.done.load(), 4u);
    EXPECT_FALSE(progress.cancelled());
    EXPECT_NO_THROW(progress.throw_if_cancelled());
    progress.request_cancel();
    EXPECT_TRUE(progress.cancelled());
    try {
        progress.throw_if_cancelled();
        ADD_FAILURE() << "no exception";
    } catch (const Cancelled& e) {
        EXPECT_STREQ(e.what(), "interrupted");
    }
}

// Sets an environment variable for one test and puts back what was there.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value, 1);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

// A pseudo-terminal 50 columns wide, in raw mode so that what is written to the terminal side
// arrives on the controlling side byte for byte.
class Pty {
public:
    Pty() {
        master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) return;
        const char* name = ::ptsname(master_);
        if (name == nullptr) return;
        terminal_ = ::open(name, O_RDWR | O_NOCTTY);
        if (terminal_ < 0) return;
        termios mode{};
        ::tcgetattr(terminal_, &mode);
        ::cfmakeraw(&mode);
        ::tcsetattr(terminal_, TCSANOW, &mode);
        winsize size{};
        size.ws_row = 24;
        size.ws_col = 50;
        ::ioctl(master_, TIOCSWINSZ, &size);
    }
    ~Pty() {
        if (terminal_ >= 0) ::close(terminal_);
        if (master_ >= 0) ::close(master_);
    }
    Pty(const Pty&) = delete;
    Pty& operator=(const Pty&) = delete;

    /// False where the system has no pseudo-terminals to give (some containers).
    bool opened() const { return terminal_ >= 0; }
    int terminal() const { return terminal_; }

    /// True once something can be read, waiting at most `timeout_ms`.
    bool readable(int timeout_ms) const {
        pollfd wait{master_, POLLIN, 0};
        return ::poll(&wait, 1, timeout_ms) == 1 && (wait.revents & POLLIN) != 0;
    }

    /// What has been written so far (everything is written before this is called).
    std::string read_available() const {
        std::string out;
        char buffer[4096];
        while (readable(50)) {
            const ssize_t n = ::read(master_, buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    int master_ = -1;
    int terminal_ = -1;
};

TEST(ProgressBar, WritesNothingToAPipe) {
    int pipe_ends[2];
    ASSERT_EQ(::pipe(pipe_ends), 0);
    Progress progress(100);
    {
        ProgressBar bar(progress, "replications", pipe_ends[1]);
        EXPECT_FALSE(bar.enabled());
        progress.advance(40);
        std::this_thread::sleep_for(ProgressBar::interval * 2);
        progress.advance(60);
    }
    ::close(pipe_ends[1]);
    char c;
    EXPECT_EQ(::read(pipe_ends[0], &c, 1), 0); // end of file: nothing was written
    ::close(pipe_ends[0]);
}

TEST(ProgressBar, DrawsCarriageReturnLinesOnATerminal) {
    Pty pty;
    if (!pty.opened()) GTEST_SKIP() << "no pseudo-terminal";
    const ScopedEnv term("TERM", "xterm");
    EXPECT_TRUE(ProgressBar::shows_on(pty.terminal()));
    Progress progress(1000);
    std::string out;
    {
        ProgressBar bar(progress, "replications", pty.terminal());
        ASSERT_TRUE(bar.enabled());
        progress.advance(250);
        // The first line comes one interval after the start; waiting for it rather than sleeping
        // keeps the test quick on an idle machine and right on a busy one.
        ASSERT_TRUE(pty.readable(5000));
        out = pty.read_available();
        progress.advance(750);
    }
    out += pty.read_available();
    ASSERT_GE(out.size(), 2u);
    EXPECT_EQ(out.front(), '\r');
    EXPECT_EQ(out.back(), '\n');
    EXPECT_NE(out.find(" 25%  250/1,000 replications"), std::string::npos) << out;
    // Each line fits the 50 columns less one; the last is the finished run.
    std::string last;
    std::size_t start = 1;
    while (start <= out.size()) {
        std::size_t end = out.find('\r', start);
        if (end == std::string::npos) end = out.size();
        last = out.substr(start, end - start);
        EXPECT_LE(display_width(last), 49u) << last;
        start = end + 1;
    }
    EXPECT_EQ(last.rfind("100%  1,000/1,000", 0), 0u) << last;
    EXPECT_EQ(last.back(), '\n');
}

TEST(ProgressBar, WritesNothingWhenTurnedOff) {
    Pty pty;
    if (!pty.opened()) GTEST_SKIP() << "no pseudo-terminal";
    Progress progress(10);
    {
        const ScopedEnv term("TERM", "xterm");
        ProgressBar bar(progress, "replications", pty.terminal(), false);
        EXPECT_FALSE(bar.enabled());
        std::this_thread::sleep_for(ProgressBar::interval * 2);
    }
    {
        const ScopedEnv term("TERM", "dumb");
        EXPECT_FALSE(ProgressBar::shows_on(pty.terminal()));
        ProgressBar bar(progress, "replications", pty.terminal());
        EXPECT_FALSE(bar.enabled());
        std::this_thread::sleep_for(ProgressBar::interval * 2);
    }
    EXPECT_EQ(pty.read_available(), "");
}

volatile std::sig_atomic_t handled_before = 0;
void count_signal(int) { handled_before = handled_before + 1; }

// A handler of the test's own for SIGINT and SIGTERM, so that a guard that failed to install its
// own makes the test fail instead of ending the test program; the original ones are put back.
class TestHandlers {
public:
    TestHandlers() {
        struct sigaction action {};
        action.sa_handler = count_signal;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, &original_int_);
        ::sigaction(SIGTERM, &action, &original_term_);
        handled_before = 0;
    }
    ~TestHandlers() {
        ::sigaction(SIGINT, &original_int_, nullptr);
        ::sigaction(SIGTERM, &original_term_, nullptr);
    }
    TestHandlers(const TestHandlers&) = delete;
    TestHandlers& operator=(const TestHandlers&) = delete;

private:
    struct sigaction original_int_ {};
    struct sigaction original_term_ {};
};

void (*handler_of(int signal))(int) {
    struct sigaction now {};
    ::sigaction(signal, nullptr, &now);
    return now.sa_handler;
}

TEST(InterruptGuard, InterruptCancelsAndTheProcessGoesOn) {
    const TestHandlers before;
    Progress progress(10);
    {
        InterruptGuard guard(progress);
        EXPECT_EQ(guard.received(), 0);
        EXPECT_FALSE(progress.cancelled());
        ASSERT_EQ(std::raise(SIGINT), 0); // the handler has run when raise returns
        EXPECT_TRUE(progress.cancelled());
        EXPECT_EQ(guard.received(), SIGINT);
        EXPECT_EQ(handled_before, 0);
    }
    // The handlers found are back.
    EXPECT_EQ(handler_of(SIGINT), &count_signal);
    EXPECT_EQ(handler_of(SIGTERM), &count_signal);
    ASSERT_EQ(std::raise(SIGINT), 0);
    EXPECT_EQ(handled_before, 1);
}

TEST(InterruptGuard, TerminateCancels) {
    const TestHandlers before;
    Progress progress(10);
    {
        InterruptGuard guard(progress);
        ASSERT_EQ(std::raise(SIGTERM), 0);
        EXPECT_TRUE(progress.cancelled());
        EXPECT_EQ(guard.received(), SIGTERM);
    }
    EXPECT_EQ(handled_before, 0);
    EXPECT_EQ(handler_of(SIGTERM), &count_signal);
}

TEST(InterruptGuard, OneAtATime) {
    const TestHandlers before;
    Progress first(1);
    Progress second(1);
    {
        InterruptGuard guard(first);
        EXPECT_THROW(InterruptGuard{second}, std::logic_error);
        // The refused guard changed nothing.
        ASSERT_EQ(std::raise(SIGINT), 0);
        EXPECT_TRUE(first.cancelled());
        EXPECT_FALSE(second.cancelled());
    }
    // Once the first is gone another may be made.
    InterruptGuard guard(second);
    EXPECT_EQ(guard.received(), 0);
}

TEST(InterruptGuardDeathTest, SecondInterruptEndsTheProcess) {
    // A second Ctrl-C, pressed after the first (here 300 ms; the window is 100 ms).
    EXPECT_EXIT(
        {
            Progress progress(1);
            InterruptGuard guard(progress);
            std::raise(SIGINT);
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            std::raise(SIGINT);
            std::_Exit(0);
        },
        ::testing::KilledBySignal(SIGINT), "");
}

TEST(InterruptGuardDeathTest, TheSameRequestSentTwiceIsOne) {
    // A supervisor signals the command and then its process group: two signals at once, maybe of
    // two kinds. The run stops as for one, the first recorded.
    EXPECT_EXIT(
        {
            Progress progress(1);
            InterruptGuard guard(progress);
            std::raise(SIGINT);
            std::raise(SIGINT);
            std::raise(SIGTERM);
            std::_Exit(progress.cancelled() && guard.received() == SIGINT ? 7 : 1);
        },
        ::testing::ExitedWithCode(7), "");
}

} // namespace

} // namespace progress_test

// Progress of long runs: the wording of the progress line (worked out by hand), a bar that draws
// only on a terminal (a pseudo-terminal here).
#include "shifan/progress.hpp"
#include "shifan/text.hpp"

#include <gtest/gtest.h>

#include <cerrno>
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

} // namespace

#include "shifan/infra/progress.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace shifan {

namespace {

std::string grouped(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string clock_text(std::uint64_t seconds) {
    const std::uint64_t hours = seconds / 3600;
    const std::uint64_t minutes = seconds / 60 % 60;
    if (hours > 0) return fmt::format("{}:{:02}:{:02}", hours, minutes, seconds % 60);
    return fmt::format("{}:{:02}", minutes, seconds % 60);
}

// Seconds as a whole number, bounded so that absurd inputs (a rate of one per century) cannot
// overflow the conversion; 10^15 s is far beyond any run.
std::uint64_t whole_seconds(double seconds) { return static_cast<std::uint64_t>(std::min(seconds, 1e15)); }

std::string rate_text(double rate) {
    // Two significant digits below 1/s, so that one replication a minute reads 0.017/s, not 0.00/s.
    if (rate < 1) return fmt::format("{:.2g}/s", rate);
    if (rate < 10) return fmt::format("{:.1f}/s", rate);
    return grouped(static_cast<std::uint64_t>(std::llround(std::min(rate, 1e18)))) + "/s";
}

std::size_t terminal_columns(int fd) {
    winsize size{};
    if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

// Writes everything, retrying after a signal; false on any other failure.
bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

} // namespace

std::string progress_line(std::uint64_t done, std::uint64_t total, double elapsed_seconds, std::size_t width,
                          std::string_view what) {
    done = std::min(done, total);
    const bool finished = done == total;
    // Long double and the clamps keep the share exact enough and below 100% until the end, even
    // where done × 100 would overflow 64 bits.
    const auto share = [&](std::uint64_t scale) -> std::uint64_t {
        if (finished) return scale;
        const auto part = static_cast<std::uint64_t>(static_cast<long double>(done) * scale / total);
        return std::min(part, scale - 1);
    };
    const bool clocked = elapsed_seconds > 0 && std::isfinite(elapsed_seconds);
    const bool timed = done > 0 && clocked;

    const std::string percent = fmt::format("{:>3}%", share(100));
    const std::string counts = grouped(done) + "/" + grouped(total);
    const std::string rate = timed ? rate_text(static_cast<double>(done) / elapsed_seconds) : "—/s";
    std::string time;
    if (finished)
        time = clock_text(clocked ? whole_seconds(std::floor(elapsed_seconds)) : 0) + " elapsed";
    else if (timed)
        // (total − done) / (done / elapsed), less a hair so that a whole number of seconds computed
        // with rounding noise is not rounded up to the next.
        time = clock_text(whole_seconds(
                   std::ceil(static_cast<double>(total - done) * elapsed_seconds / static_cast<double>(done) - 1e-9))) +
               " left";
    else
        time = "— left";

    // The fields after the bar, fewest first dropped last: each step leaves one more out.
    std::vector<std::string> fallbacks;
    const std::string counted = what.empty() ? counts : counts + " " + std::string(what);
    fallbacks.push_back(percent + "  " + counted + "  " + rate + "  " + time);
    fallbacks.push_back(percent + "  " + counts + "  " + rate + "  " + time);
    fallbacks.push_back(percent + "  " + counts + "  " + time);
    fallbacks.push_back(percent + "  " + time);
    fallbacks.push_back(percent);

    constexpr std::size_t widest_bar = 30;
    constexpr std::size_t narrowest_bar = 10;
    const std::string& full = fallbacks.front();
    const std::size_t rest = display_width(full);
    // "[" + inner + "] " before the fields.
    if (width >= rest + 3 + narrowest_bar) {
        const std::size_t inner = std::min(widest_bar, width - rest - 3);
        const std::size_t filled = share(inner);
        return "[" + std::string(filled, '#') + std::string(inner - filled, '-') + "] " + full;
    }
    for (const std::string& line : fallbacks)
        if (display_width(line) <= width) return line;
    return {};
}

bool ProgressBar::shows_on(int fd) {
    if (::isatty(fd) != 1) return false;
    const char* term = std::getenv("TERM");
    return term == nullptr || std::string_view(term) != "dumb";
}

ProgressBar::ProgressBar(Progress& progress, std::string label, int fd, bool wanted)
    : progress_(progress), label_(std::move(label)), fd_(fd), start_(std::chrono::steady_clock::now()) {
    if (!wanted || !shows_on(fd)) return;
    try {
        thread_ = std::thread([this] { run(); });
    } catch (const std::system_error&) {
        // No thread to spare: the run goes on without a display rather than fail for one.
    }
}

ProgressBar::~ProgressBar() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (drawn_) {
        draw();
        if (!failed_) write_all(fd_, "\n");
    }
}

void ProgressBar::run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
        lock.unlock();
        draw();
        lock.lock();
    }
}

void ProgressBar::draw() {
    if (failed_) return;
    // A run started in the background (`shifan … &`) must not scribble over the shell's line; when
    // the terminal is not the caller's controlling terminal, tcgetpgrp fails and the bar draws.
    const pid_t foreground = ::tcgetpgrp(fd_);
    if (foreground >= 0 && foreground != ::getpgrp()) return;
    const std::size_t columns = terminal_columns(fd_);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    // One column is left free: writing in the last one makes some terminals wrap before the '\r'.
    const std::string line =
        progress_line(progress_.done.load(std::memory_order_relaxed), progress_.total, elapsed, columns - 1, label_);
    const std::size_t width = display_width(line);
    std::string out = "\r" + line;
    // Blanks over what is left of a longer previous line, within the terminal's width.
    if (width < last_width_) out.append(std::min(last_width_, columns - 1) - width, ' ');
    last_width_ = width;
    if (!write_all(fd_, out))
        failed_ = true;
    else
        drawn_ = true;
}

} // namespace shifan

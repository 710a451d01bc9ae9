#include "shifan/infra/interrupt.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <ctime>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace shifan {

namespace {

// What the handler touches. Only lock-free atomics may be used from a signal handler: a lock
// could be held by the very code the signal interrupted.
std::atomic<std::atomic<bool>*> cancel_flag{nullptr};
std::atomic<int> received_signal{0};
std::atomic<int> handlers_running{0};
std::atomic<bool> guard_alive{false};
std::atomic<std::int64_t> first_signal_ns{0}; ///< when the first signal came (monotonic clock); 0: none yet
static_assert(std::atomic<std::atomic<bool>*>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);
static_assert(std::atomic<std::int64_t>::is_always_lock_free);

/// A second signal this soon after the first is the same request sent twice, not a second Ctrl-C:
/// a supervisor such as `timeout` signals the command and then its whole process group, a few
/// microseconds apart. A person pressing Ctrl-C again takes far longer.
constexpr std::int64_t same_request_ns = 100'000'000;

std::int64_t monotonic_ns() { // clock_gettime is async-signal-safe
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

void on_interrupt(int signal) {
    const int saved_errno = errno; // the interrupted code may be about to read it
    handlers_running.fetch_add(1);
    // The first signal's time is set before the signal is recorded, so a second signal on another
    // thread finds it (a handler that sets it is the first, as far as time goes).
    const std::int64_t now = monotonic_ns();
    std::int64_t first = 0;
    if (first_signal_ns.compare_exchange_strong(first, now)) first = now;
    int recorded = 0;
    if (received_signal.compare_exchange_strong(recorded, signal)) {
        if (std::atomic<bool>* flag = cancel_flag.load()) flag->store(true);
    } else if (now - first >= same_request_ns) {
        // Asked to stop already, and still running: the run may be stuck in a long piece of work.
        // The default action is restored and the signal raised again; it is blocked while this
        // handler runs and is delivered, ending the process, as soon as the handler returns.
        struct sigaction fallback {};
        fallback.sa_handler = SIG_DFL;
        sigemptyset(&fallback.sa_mask);
        ::sigaction(signal, &fallback, nullptr);
        ::raise(signal);
    } // else the same request sent twice, which is being acted on already
    handlers_running.fetch_sub(1);
    errno = saved_errno;
}

} // namespace

InterruptGuard::InterruptGuard(Progress& progress) {
    if (guard_alive.exchange(true)) throw std::logic_error("shifan::InterruptGuard: another guard is alive");
    received_signal.store(0);
    first_signal_ns.store(0);
    cancel_flag.store(&progress.cancel);
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    // Each signal is held back while the handler for either runs, so handlers never overlap on a
    // thread and a second signal is acted on only after the first has been recorded.
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGINT, &action, &previous_int_) != 0) {
        const int error = errno;
        cancel_flag.store(nullptr);
        guard_alive.store(false);
        throw std::system_error(error, std::generic_category(), "sigaction(SIGINT)");
    }
    if (::sigaction(SIGTERM, &action, &previous_term_) != 0) {
        const int error = errno;
        ::sigaction(SIGINT, &previous_int_, nullptr);
        cancel_flag.store(nullptr);
        guard_alive.store(false);
        throw std::system_error(error, std::generic_category(), "sigaction(SIGTERM)");
    }
}

InterruptGuard::~InterruptGuard() {
    ::sigaction(SIGTERM, &previous_term_, nullptr);
    ::sigaction(SIGINT, &previous_int_, nullptr);
    cancel_flag.store(nullptr);
    // A handler started on another thread just before the handlers were put back may still be
    // about to store through the pointer it loaded; the Progress must outlive that store.
    while (handlers_running.load() != 0)
        std::this_thread::yield();
    guard_alive.store(false);
}

int InterruptGuard::received() const noexcept { return received_signal.load(); }

} // namespace shifan

// Threads, the one way shifan uses them: how many a piece of work gets, work split into parts, items
// taken from a common counter, items made on several threads and handed on in order, and one task
// beside the caller. Every helper joins the threads it starts before it returns (or is destroyed),
// hands the caller the exception a thread threw, and carries on with fewer threads when the system
// has none to give.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace shifan {

/// Hardware threads of the machine (at least 1).
inline unsigned hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

/// The threads a piece of work runs on. `requested` is what the caller asked for; 0 leaves the
/// choice to shifan: one per hardware thread, but no more than `useful_when_automatic` (below some
/// size of work a second thread costs more than it saves). Either way at least 1 and at most `most`
/// (the parts the work can be split into).
inline unsigned thread_count(unsigned requested, std::size_t useful_when_automatic,
                             std::size_t most = std::numeric_limits<unsigned>::max()) {
    std::size_t count = requested != 0 ? requested : std::min<std::size_t>(hardware_threads(), useful_when_automatic);
    count = std::clamp<std::size_t>(count, 1, std::max<std::size_t>(1, most));
    return static_cast<unsigned>(count);
}

/// Runs `work(part)` for every part 0 … parts − 1: part 0 on the calling thread, the others each on
/// a thread of its own (a part whose thread cannot be started runs on the calling thread after part
/// 0). Returns when every part is done; if parts threw, rethrows the exception of the lowest part,
/// so the error reported does not depend on timing.
template <class Work> void run_parts(unsigned parts, Work&& work) {
    if (parts <= 1) {
        work(0u);
        return;
    }
    std::vector<std::exception_ptr> errors(parts);
    std::vector<unsigned> unstarted;
    const auto guarded = [&](unsigned part) {
        try {
            work(part);
        } catch (...) {
            errors[part] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> threads;
        threads.reserve(parts - 1);
        for (unsigned part = 1; part < parts; ++part) {
            try {
                threads.emplace_back(guarded, part);
            } catch (const std::system_error&) {
                unstarted.push_back(part);
            }
        }
        guarded(0);
        for (unsigned part : unstarted)
            guarded(part);
    } // the threads join here
    for (const std::exception_ptr& error : errors)
        if (error) std::rethrow_exception(error);
}

/// Runs `work(thread, item)` for items 0 … count − 1 on `threads` threads (numbered 0 … threads − 1,
/// for scratch space of their own), each taking the next item as it comes free (for items of uneven
/// cost). Before each item `stop()` is asked whether to go on; once it says stop, or an item threw,
/// no thread takes another. Returns false when stopped before every item was done; rethrows the
/// first exception an item threw.
template <class Work, class Stop> bool run_items(unsigned threads, std::size_t count, Work&& work, Stop&& stop) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> halted{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    const auto take = [&](unsigned thread) {
        try {
            for (std::size_t item = next++; item < count && !halted; item = next++) {
                if (stop()) {
                    halted = true;
                    return;
                }
                work(thread, item);
            }
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!error) error = std::current_exception();
            halted = true;
        }
    };
    run_parts(static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1))), take);
    if (error) std::rethrow_exception(error);
    return !halted;
}

/// Makes items 0 … count − 1 on `threads` threads and hands them on in their order:
/// `make(index, item)` fills an Item (one of a few reused: clear it first) on whichever thread takes
/// the index as it comes free, and `take(item)` is called for each in index order, one at a time, on
/// the thread that made the item next in order or a later one. At most two items a thread are made
/// and not yet taken. Once a make or take throws, no thread makes or takes another; the exception of
/// the lowest index is rethrown. (The threads are started once for all the items: starting a pair
/// for each batch of items cost a 3,200-unit result.json 50 threads.)
template <class Item, class Make, class Take>
void make_in_order(unsigned threads, std::size_t count, Make&& make, Take&& take) {
    threads = std::max(threads, 1u);
    std::vector<Item> items(std::min<std::size_t>(2 * std::size_t{threads}, std::max<std::size_t>(count, 1)));
    std::vector<bool> made(items.size(), false);
    std::mutex mutex;
    std::condition_variable taken_one;
    std::size_t next = 0, taken = 0;
    bool taking = false; // a thread is handing items to `take`
    std::exception_ptr error;
    std::size_t error_index = 0;
    // With the mutex held.
    const auto fail = [&](std::size_t index) {
        if (!error || index < error_index) {
            error = std::current_exception();
            error_index = index;
        }
        taken_one.notify_all();
    };
    run_parts(threads, [&](unsigned) {
        std::unique_lock lock(mutex);
        for (;;) {
            taken_one.wait(lock, [&] { return error || next >= count || next < taken + items.size(); });
            if (error || next >= count) return;
            const std::size_t index = next++;
            lock.unlock();
            try {
                make(index, items[index % items.size()]);
            } catch (...) {
                lock.lock();
                fail(index);
                return;
            }
            lock.lock();
            made[index % items.size()] = true;
            if (taking) continue; // the thread taking items takes this one in its turn
            taking = true;
            while (!error && taken < count && made[taken % items.size()]) {
                lock.unlock();
                try {
                    take(items[taken % items.size()]);
                } catch (...) {
                    lock.lock();
                    taking = false;
                    fail(taken);
                    return;
                }
                lock.lock();
                made[taken % items.size()] = false;
                ++taken;
                taken_one.notify_all();
            }
            taking = false;
        }
    });
    if (error) std::rethrow_exception(error);
}

/// What to do when a background task cannot have a thread of its own.
enum class WithoutThread : std::uint8_t {
    run_later, ///< run it on the caller's thread when its result is wanted
    fail,      ///< throw std::system_error from the constructor (for a task that must run alongside)
};

/// One task run on a thread of its own while the caller goes on: `get()` waits for it and returns
/// its result or rethrows its exception; the destructor waits for it too (its result or exception
/// is then dropped), so a task never outlives what it refers to.
template <class Result = void> class Background {
public:
    template <class Task> explicit Background(Task&& task, WithoutThread without = WithoutThread::run_later)
        : task_(std::forward<Task>(task)) {
        try {
            thread_ = std::jthread([this] { run(); });
        } catch (const std::system_error&) {
            if (without == WithoutThread::fail) throw;
        }
    }
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;
    ~Background() { wait(); }

    /// Waits for the task; returns its result or rethrows what it threw. Call once.
    Result get() {
        wait();
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
        if constexpr (!std::is_void_v<Result>) return std::move(*result_);
    }

    /// Waits for the task without looking at its outcome.
    void wait() {
        if (thread_.joinable())
            thread_.join();
        else if (task_)
            run();
    }

private:
    void run() {
        auto task = std::exchange(task_, nullptr);
        try {
            if constexpr (std::is_void_v<Result>)
                task();
            else
                result_.emplace(task());
        } catch (...) {
            error_ = std::current_exception();
        }
    }

    std::function<Result()> task_;
    std::conditional_t<std::is_void_v<Result>, bool, std::optional<Result>> result_{};
    std::exception_ptr error_;
    std::jthread thread_;
};

} // namespace shifan

// Fresh memory faulted in on the other core while this one fills it. The first write to a page the
// process has never touched makes the kernel clear it (2 MiB at a time in huge pages); on the
// virtual machines of docs/performance.md that clearing was a third to a half of loading a
// 100,000-unit round from CSV tables, almost all of it while the gathered entries were handed to
// the builder, when the second core has nothing to do.
#pragma once

#include "infra/release_pages.hpp"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <system_error>
#include <thread>
#include <vector>

#include <sys/mman.h>

namespace shifan::detail {

/// Faults in the pages of a few regions about to be written from their fronts, on a thread of its
/// own (which allocates nothing), a step of each region in turn, in proportion to its size, so
/// that it keeps ahead of a caller that fills them together at their own rates (entries, their
/// fields, findings …). The pages a region lies on are faulted in whole. Pages
/// already there are passed over by the kernel; writing a page while it is being faulted in waits
/// for it (the contents are the caller's either way). Only room that will be written should be
/// given: a page faulted in but never written is memory taken for nothing. Stops when done, or
/// when destroyed (it waits for the step it is in, at most 2 MiB of each region). Does nothing
/// where the system has no MADV_POPULATE_WRITE (Linux before 5.14), or when no thread can be
/// started.
class FaultAhead {
public:
    struct Region {
        const void* begin = nullptr;
        std::size_t bytes = 0;
    };

    /// Regions of fewer bytes in all are left to the caller. Their clearing is a few milliseconds
    /// (a 3,200-unit round's arrays), and a thread beside the loaders' own would only take its turn
    /// with them; from 32,000 units on (122 MB of gathered fields) the other core is idle while they
    /// are written.
    static constexpr std::size_t worth_from = std::size_t{64} << 20;

    explicit FaultAhead(std::vector<Region> regions, std::size_t from = worth_from) : regions_(std::move(regions)) {
#ifdef MADV_POPULATE_WRITE
        std::size_t total = 0;
        for (const Region& region : regions_) {
            total += region.bytes;
            largest_ = std::max(largest_, region.bytes);
            next_.push_back(reinterpret_cast<std::uintptr_t>(region.begin));
        }
        if (total == 0 || total < from) return;
        try {
            thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
        } catch (const std::system_error&) {
            // No thread: the caller faults its pages in as it writes them.
        }
#endif
    }
    FaultAhead(const FaultAhead&) = delete;
    FaultAhead& operator=(const FaultAhead&) = delete;

    /// Whether a thread was started (the regions were large enough, and the system can).
    bool started() const noexcept { return thread_.joinable(); }
    /// Waits until every page has been faulted in (for tests; the loaders let the destructor stop
    /// it where it is).
    void wait() {
        if (thread_.joinable()) thread_.join();
    }

    /// The room for the next `count` elements of `array` (as far as reserved), as a region.
    template <class Array> static Region room_after(const Array& array, std::size_t count) {
        count = std::min(count, array.capacity() - array.size());
        return {array.data() + array.size(), count * sizeof(typename Array::value_type)};
    }

private:
    static constexpr std::uintptr_t step = std::uintptr_t{2} << 20;

    void run([[maybe_unused]] const std::stop_token& stop) {
#ifdef MADV_POPULATE_WRITE
        for (std::size_t done = 0; done < largest_; done += step)
            for (std::size_t r = 0; r < regions_.size(); ++r) {
                if (stop.stop_requested()) return;
                // This region's share of the step: its size in proportion to the largest's (all of
                // what is left, in the last).
                const auto begin = reinterpret_cast<std::uintptr_t>(regions_[r].begin);
                const std::uintptr_t to =
                    done + step >= largest_
                        ? begin + regions_[r].bytes
                        : begin + static_cast<std::uintptr_t>(static_cast<double>(regions_[r].bytes) *
                                                              static_cast<double>(done + step) /
                                                              static_cast<double>(largest_));
                if (to <= next_[r]) continue;
                // Advice: where the kernel refuses (no memory, a page it cannot map), the caller
                // faults the page in itself when it writes it. A kernel older than the headers the
                // library was built with (before Linux 5.14) does not know the advice at all. Two
                // steps may share a page at their meeting: the second passes it over.
                if (advise_pages(reinterpret_cast<const void*>(next_[r]), reinterpret_cast<const void*>(to),
                                 MADV_POPULATE_WRITE) != 0 &&
                    errno == EINVAL)
                    return;
                next_[r] = to;
            }
#endif
    }

    std::vector<Region> regions_;
    std::size_t largest_ = 0;          ///< bytes of the largest region
    std::vector<std::uintptr_t> next_; ///< per region: where the next step begins
    std::jthread thread_;              // last: asked to stop and joined (by its destructor) before regions_ go
};

} // namespace shifan::detail

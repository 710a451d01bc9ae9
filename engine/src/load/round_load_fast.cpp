// The fast evidence loader. A scanning thread reads the file in pieces (or takes a text given whole),
// finds the elements of the top-level "units" array with a scan that only follows strings and
// brackets, copies them in batches (one JSON array of up to 16 units) and parses each batch with
// simdjson's document parser, so memory stays that of a few batches; the loading thread takes the
// batches in file order and feeds RoundBuilder in the order the strict loader uses (object members
// by key, as nlohmann's objects iterate). The members around "units" ("format", "round") are
// checked as one small document at the end. Anything unexpected abandons the load; the caller then
// runs the strict loader, which words the message.
#include "load/round_load_fast.hpp"

#include "infra/byte_words.hpp"
#include "load/place_texts.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/load/limits.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <simdjson.h>

namespace shifan::detail {
namespace {

namespace dom = simdjson::dom;
using byte_words::bits_of;

/// Thrown to abandon the fast load.
struct Refused {};

[[noreturn]] void refuse() { throw Refused{}; }

/// Thrown by the scan when it reaches the end of the text it has been given so far: more may follow
/// (Scanner::scan reads it, or refuses when there is none).
struct Short {};

[[noreturn]] void short_of_text() { throw Short{}; }

template <class T> T value_of(simdjson::simdjson_result<T> result) {
    T value;
    if (std::move(result).get(value)) refuse();
    return value;
}

/// A text within the length limit (longer ones are left to the strict loader, which words it).
std::string_view checked(std::string_view text) {
    if (text.size() > limits::max_text_bytes) refuse();
    return text;
}

std::string_view string_of(dom::element value) { return checked(value_of(value.get_string())); }

std::string_view non_empty_string_of(dom::element value) {
    const std::string_view text = string_of(value);
    if (text.empty()) refuse();
    return text;
}

double number_of(dom::element value) {
    switch (value.type()) {
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
        return value_of(value.get_double());
    default:
        refuse();
    }
}

/// A whole number from 1 to 1,000,000 written without a fraction or exponent.
std::uint32_t count_of(dom::element value) {
    if (value.type() != dom::element_type::INT64 && value.type() != dom::element_type::UINT64) refuse();
    const std::uint64_t count = value_of(value.get_uint64());
    if (count < 1 || count > 1'000'000) refuse();
    return static_cast<std::uint32_t>(count);
}

/// The members of an object with a fixed set of names, each at most once.
template <std::size_t N> struct Members {
    std::array<dom::element, N> values{};
    std::uint32_t seen = 0;

    bool has(std::size_t i) const { return (seen >> i) & 1U; }
    const dom::element& operator[](std::size_t i) const { return values[i]; }
};

template <std::size_t N> Members<N> members_of(dom::element value, const std::array<std::string_view, N>& names) {
    static_assert(N <= 32);
    Members<N> out;
    for (const dom::key_value_pair member : value_of(value.get_object())) {
        std::size_t i = 0;
        while (i < N && !same_text(names[i], member.key))
            ++i;
        if (i == N || out.has(i)) refuse();
        out.seen |= 1U << i;
        out.values[i] = member.value;
    }
    return out;
}

/// An object's members sorted by key (the order the strict loader visits them in); a duplicate key
/// is refused.
void sorted_members(dom::element value, std::vector<std::pair<std::string_view, dom::element>>& out) {
    out.clear();
    for (const dom::key_value_pair member : value_of(value.get_object()))
        out.emplace_back(checked(member.key), member.value);
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::size_t i = 1; i < out.size(); ++i)
        if (out[i - 1].first == out[i].first) refuse();
}

// --- the scan ------------------------------------------------------------------------------------

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

const char* skip_space(const char* p, const char* end) {
    while (p != end && is_json_space(*p))
        ++p;
    return p;
}

/// From just after an opening quote to just after the closing one.
const char* skip_string(const char* p, const char* end) {
    while (true) {
        const auto* quote = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
        if (!quote) short_of_text();
        // The quote ends the string unless an odd number of backslashes precede it.
        const char* back = quote;
        while (back != p && back[-1] == '\\')
            --back;
        if ((quote - back) % 2 == 0) return quote + 1;
        p = quote + 1;
    }
}

enum : std::uint8_t { plain = 0, quote_char = 1, open_char = 2, close_char = 3, backslash_char = 4 };

constexpr std::array<std::uint8_t, 256> char_classes = [] {
    std::array<std::uint8_t, 256> classes{};
    classes['"'] = quote_char;
    classes['{'] = classes['['] = open_char;
    classes['}'] = classes[']'] = close_char;
    classes['\\'] = backslash_char;
    return classes;
}();

/// An object or array's brackets, strings and escapes, followed one character at a time.
class ContainerScan {
public:
    /// Takes the character at `at`, one of the six that matter or any other; true when it closes
    /// the container.
    bool take(const char* at) {
        if (at < escaped_end_) return false; // the character a backslash escapes
        switch (char_classes[static_cast<unsigned char>(*at)]) {
        case quote_char:
            in_string_ = !in_string_;
            return false;
        case backslash_char: // outside a string, the parse refuses it
            if (in_string_) escaped_end_ = at + 2;
            return false;
        case open_char:
            if (!in_string_) ++depth_;
            return false;
        case close_char:
            return !in_string_ && --depth_ == 0;
        default:
            return false;
        }
    }

#ifdef __SSE2__
    /// The width of a block the scan takes at once: four 16-byte loads, their marks in one 64-bit
    /// mask each (a block of 16 cost as much again in its fixed steps for a quarter of the text).
    static constexpr std::ptrdiff_t block_bytes = 64;

    /// Takes the 64 characters at `block`; the closing bracket's place in it, or -1. A block with
    /// no backslash (nearly every one) is taken as bit masks: the characters inside strings are
    /// those after an odd number of quotes (a prefix XOR of the quotes' mask), and the brackets
    /// outside them are only counted unless they may close the container here.
    int take_block(const char* block) {
        std::uint64_t quotes = 0, backslashes = 0, opens = 0, closes = 0;
        for (int part = 0; part < 4; ++part) {
            const __m128i bytes = byte_words::load_block(block + 16 * part);
            const auto mask = [&](char c) { return std::uint64_t{byte_words::marks(bytes, c)} << (16 * part); };
            quotes |= mask('"');
            backslashes |= mask('\\');
            opens |= mask('{') | mask('[');
            closes |= mask('}') | mask(']');
        }
        if (backslashes != 0 || block < escaped_end_) {
            for (std::uint64_t marks = quotes | backslashes | opens | closes; marks != 0; marks &= marks - 1)
                if (take(block + std::countr_zero(marks))) return std::countr_zero(marks);
            return -1;
        }
        std::uint64_t inside = quotes; // bit i: an odd number of quotes at 0 … i
        inside ^= inside << 1;
        inside ^= inside << 2;
        inside ^= inside << 4;
        inside ^= inside << 8;
        inside ^= inside << 16;
        inside ^= inside << 32;
        const bool odd_quotes = (inside >> 63) & 1U;
        if (in_string_) inside = ~inside;
        in_string_ = odd_quotes != in_string_;
        const std::uint64_t opened = opens & ~inside, closed = closes & ~inside;
        if (bits_of(closed) < depth_) {
            depth_ += bits_of(opened);
            depth_ -= bits_of(closed);
            return -1;
        }
        for (std::uint64_t marks = opened | closed; marks != 0; marks &= marks - 1) {
            const int at = std::countr_zero(marks);
            if ((opened >> at) & 1U)
                ++depth_;
            else if (--depth_ == 0)
                return at;
        }
        return -1;
    }
#endif

private:
    std::size_t depth_ = 0;
    bool in_string_ = false;
    const char* escaped_end_ = nullptr;
};

/// From an opening bracket to just after the bracket that closes it. Brackets are only counted, not
/// matched (the parse of the value checks them); a quote not escaped by a backslash begins or ends
/// a string, in which brackets do not count. A unit of a national round runs to 13 KB of short
/// strings: taken 16 bytes at a time, a 3,200-unit file was scanned in 44 ms of the scanning
/// thread instead of 91 by a search for each string's closing quote (most of it then the first
/// reading of the mapped file's pages); taken 64 bytes at a time, its units in memory are skipped
/// in 6.5 ms instead of 12.6.
const char* skip_container(const char* p, const char* end) {
    ContainerScan scan;
#ifdef __SSE2__
    for (; end - p >= ContainerScan::block_bytes; p += ContainerScan::block_bytes)
        if (const int at = scan.take_block(p); at >= 0) return p + at + 1;
#endif
    for (; p < end; ++p)
        if (scan.take(p)) return p + 1;
    short_of_text();
}

/// From the first character of a value to just after it. A number or literal reaching the end
/// may go on in the text that follows, and is short of text too (inside the root object, a value
/// is always followed by something).
const char* skip_value(const char* p, const char* end) {
    if (p == end) short_of_text();
    if (*p == '"') return skip_string(p + 1, end);
    if (*p == '{' || *p == '[') return skip_container(p, end);
    while (p != end && !is_json_space(*p) && *p != ',' && *p != '}' && *p != ']')
        ++p;
    if (p == end) short_of_text();
    return p;
}

// --- the scanning thread ---------------------------------------------------------------------------

/// A run of units copied as one JSON array, parsed on the scanning thread.
struct Batch {
    std::string text;
    dom::parser parser;
    dom::element root;
    std::size_t first_unit = 0;
    std::size_t end = 0; ///< where its last unit ends in the file
};

} // namespace

// A batch's parser takes memory in proportion to its text (about seven times it: the text, its
// structural indexes, the tape and the strings), on the scanning thread's arena, which glibc backs
// with 4 KiB pages when it is the thread's own (in an embedder's process, and in the command on
// small inputs; on large ones its threads share the main arena, in huge pages: cli/huge_pages.cpp),
// each fresh page a fault. Three batches of up to 64 units and 1 MB had a 3,200-unit load fault in
// about 29 MB there; 16 units and 256 KiB 13 MB less, at the same speed. A small file's batches are
// smaller still: a 51-unit `shifan score` (670 KB) faulted 1,470 pages with batches of 256 KiB and
// 970 with 32 KiB, 35 → 30 ms. Large files keep 256 KiB: with 32 KiB a 3,200-unit run switched
// threads four times as often (1,300 times) for the same time.
std::size_t fast_load_batch_bytes(std::size_t size) noexcept {
    constexpr std::size_t least = std::size_t{32} << 10, most = std::size_t{256} << 10;
    return std::clamp(size / 64, least, most);
}

namespace {

/// Batches going from the scanning thread to the loading one and back, in file order.
class Pipeline {
public:
    static constexpr std::size_t max_units = 16; // per batch

    /// For a text of `size` bytes in all.
    explicit Pipeline(std::size_t size) : max_bytes(fast_load_batch_bytes(size)) {
        for (Batch& batch : batches_)
            free_.push_back(&batch);
    }

    /// A batch is closed once its text reaches this (so it may pass it by a unit).
    const std::size_t max_bytes;

    /// A batch to fill, or nullptr when the loading thread gave up.
    Batch* take() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || !free_.empty(); });
        if (stopping_) return nullptr;
        Batch* batch = free_.front();
        free_.pop_front();
        return batch;
    }
    void publish(Batch* batch) {
        {
            std::lock_guard lock(mutex_);
            ready_.push_back(batch);
        }
        changed_.notify_all();
    }
    /// The scan is over: `rest` is the root without its units, or the scan failed.
    void close(bool ok, std::string rest = {}) {
        {
            std::lock_guard lock(mutex_);
            ok_ = ok;
            rest_ = std::move(rest);
            closed_ = true;
        }
        changed_.notify_all();
    }

    /// The next batch in file order, or nullptr at the end.
    Batch* next() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || !ready_.empty(); });
        if (ready_.empty()) return nullptr;
        Batch* batch = ready_.front();
        ready_.pop_front();
        return batch;
    }
    void give_back(Batch* batch) {
        {
            std::lock_guard lock(mutex_);
            free_.push_back(batch);
        }
        changed_.notify_all();
    }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
    }

    /// After next() returned nullptr.
    bool ok() const { return ok_; }
    const std::string& rest() const { return rest_; }

    std::size_t units_begin = 0; ///< where the first unit starts in the file (set before it is published)

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::array<Batch, 3> batches_;
    std::deque<Batch*> free_, ready_;
    bool stopping_ = false, closed_ = false, ok_ = false;
    std::string rest_;
};

/// The text the scan reads: all of it, when it is given in memory; from a file, a part of it in one
/// buffer, which the scan extends by reading on as it needs. Read into a buffer that stays in the
/// cache, the 42 MB of a 3,200-unit file cost this machine 12 ms; mapped, each page mapped on first
/// touch, 29 ms of the scanning thread, which was the load's slower one.
class Window {
public:
    explicit Window(std::string_view text) : begin_(text.data()), end_(text.data() + text.size()), final_(true) {}

    Window(const ChunkReader& read, std::size_t capacity)
        : read_(&read), capacity_(std::max(capacity, min_capacity)), buffer_(new char[capacity_]) {
        begin_ = end_ = buffer_.get();
        fill();
    }

    const char* begin() const noexcept { return begin_; }
    const char* end() const noexcept { return end_; }
    /// Whether the text ends at end().
    bool final() const noexcept { return final_; }
    /// Where `at` (in [begin(), end()]) is in the whole text.
    std::size_t offset(const char* at) const noexcept { return start_ + static_cast<std::size_t>(at - begin_); }

    /// Lets go of the text before `keep` and reads on after what is kept (doubling the buffer when
    /// what is kept fills it: a value longer than the buffer); returns where `keep`'s text now is.
    /// Not when final().
    const char* more(const char* keep) {
        const auto kept = static_cast<std::size_t>(end_ - keep);
        start_ += static_cast<std::size_t>(keep - begin_);
        if (kept == capacity_) {
            auto larger = std::make_unique<char[]>(2 * capacity_);
            std::memcpy(larger.get(), keep, kept);
            buffer_ = std::move(larger);
            capacity_ *= 2;
        } else {
            std::memmove(buffer_.get(), keep, kept);
        }
        begin_ = buffer_.get();
        end_ = begin_ + kept;
        fill();
        return begin_;
    }

private:
    /// Room for the longest start the scan looks at before it can ask for more (two byte-order
    /// marks), and then some.
    static constexpr std::size_t min_capacity = 64;

    /// Reads until the buffer is full or the text ends (the text is at the buffer's start).
    void fill() {
        char* const full = buffer_.get() + capacity_;
        char* at = buffer_.get() + (end_ - begin_);
        while (at != full) {
            const std::size_t got = (*read_)(at, static_cast<std::size_t>(full - at));
            if (got == 0) {
                final_ = true;
                break;
            }
            at += got;
        }
        end_ = at;
    }

    const ChunkReader* read_ = nullptr;
    std::size_t capacity_ = 0;
    std::unique_ptr<char[]> buffer_;
    const char* begin_ = nullptr;
    const char* end_ = nullptr;
    std::size_t start_ = 0; ///< where begin() is in the whole text
    bool final_ = false;
};

/// Finds the units and the root's other members, and parses the units in batches.
class Scanner {
public:
    Scanner(Window& window, Pipeline& pipeline) : window_(window), pipeline_(pipeline) {}

    void run() {
        const char* p = window_.begin();
        // A byte-order mark, and one more (the strict loader drops one, and nlohmann/json another).
        // The window holds the text's first 64 bytes, or all of it.
        for (int bom = 0; bom < 2 && window_.end() - p >= 3 && std::string_view(p, 3) == "\xEF\xBB\xBF"; ++bom)
            p += 3;
        bool closed = false; // the root's '}' read
        scan(p, [&](const char* at, const char* end) { p = opened(at, end, '{', '}', closed); });

        // The root's members other than "units", to check as one document at the end.
        std::string rest = "{";
        bool units_seen = false;
        while (!closed) {
            // The member's key, then its value and the ',' or '}' after it.
            bool units = false;
            const char* value = nullptr;
            scan(p, [&](const char* at, const char* end) {
                std::string_view key;
                const char* key_end = key_of(at, end, key);
                units = key == "\"units\"";
                value = value_of_member(key_end, end);
            });
            if (units && !units_seen) {
                units_seen = true;
                p = scan_units(value);
                if (!p) return; // the loading thread gave up
                scan(p, [&](const char* at, const char* end) { p = after_element(at, end, '}', closed); });
            } else {
                std::string_view key, text;
                scan(p, [&](const char* at, const char* end) {
                    const char* key_end = key_of(at, end, key);
                    const char* value_begin = value_of_member(key_end, end);
                    const char* value_end = skip_value(value_begin, end);
                    text = std::string_view(value_begin, static_cast<std::size_t>(value_end - value_begin));
                    p = after_element(value_end, end, '}', closed);
                });
                rest.append(key);
                rest += ':';
                rest.append(text);
                rest += ',';
            }
        }
        // Nothing but spaces after the root.
        scan(p, [&](const char* at, const char* end) {
            at = skip_space(at, end);
            if (at != end) refuse();
            if (!window_.final()) short_of_text();
            p = at;
        });
        if (!units_seen) refuse();
        rest += "\"units\":[]}";
        pipeline_.close(true, std::move(rest));
    }

private:
    /// Runs `step(from, end)`, which reads the text from `from` (and nothing before it) and keeps
    /// what it finds in variables of the caller. When the step is short of text, the window reads on
    /// and the step runs again from `from`'s new place: a step must not have done anything else
    /// before it found the end. At the end of the whole text, being short is refusing.
    template <class Step> void scan(const char*& from, Step&& step) {
        while (true) {
            try {
                step(from, window_.end());
                return;
            } catch (const Short&) {
                if (window_.final()) refuse();
                from = window_.more(from);
            }
        }
    }

    /// From before an object or array (spaces, then `open`) to its first element, or to just after
    /// its `close` when it is `empty`.
    static const char* opened(const char* at, const char* end, char open, char close, bool& empty) {
        at = skip_space(at, end);
        if (at == end) short_of_text();
        if (*at != open) refuse();
        at = skip_space(at + 1, end);
        if (at == end) short_of_text();
        empty = *at == close;
        return empty ? at + 1 : at;
    }

    /// From before a member (spaces, then its opening quote) to just after its key, which is
    /// `key` (with its quotes).
    static const char* key_of(const char* at, const char* end, std::string_view& key) {
        at = skip_space(at, end);
        if (at == end) short_of_text();
        if (*at != '"') refuse();
        const char* key_end = skip_string(at + 1, end);
        key = std::string_view(at, static_cast<std::size_t>(key_end - at));
        return key_end;
    }

    /// From just after a member's key to the first character of its value.
    static const char* value_of_member(const char* at, const char* end) {
        at = skip_space(at, end);
        if (at == end) short_of_text();
        if (*at != ':') refuse();
        at = skip_space(at + 1, end);
        if (at == end) short_of_text();
        return at;
    }

    /// From just after an element (a member, a unit) to just after the ',' or the `close` of its
    /// container that follows it; `closed` when it is the latter.
    static const char* after_element(const char* at, const char* end, char close, bool& closed) {
        at = skip_space(at, end);
        if (at == end) short_of_text();
        closed = *at == close;
        if (!closed && *at != ',') refuse();
        return at + 1;
    }

    /// Scans the units array starting at `p` (its '['); returns just after its ']', or nullptr when
    /// the loading thread gave up.
    const char* scan_units(const char* p) {
        bool empty = false;
        scan(p, [&](const char* at, const char* end) { p = opened(at, end, '[', ']', empty); });
        if (empty) return p;
        pipeline_.units_begin = window_.offset(p);
        Batch* batch = nullptr;
        for (std::size_t index = 0;; ++index) {
            // The unit, and the ',' or ']' after it.
            const char* unit = nullptr;
            const char* unit_end = nullptr;
            bool last = false;
            scan(p, [&](const char* at, const char* end) {
                at = skip_space(at, end);
                if (at == end) short_of_text();
                if (*at != '{') refuse();
                const char* after = skip_value(at, end);
                const char* next = after_element(after, end, ']', last);
                unit = at;
                unit_end = after;
                p = next;
            });
            if (!batch) {
                batch = pipeline_.take();
                if (!batch) return nullptr;
                batch->text.assign(1, '[');
                batch->first_unit = index;
            } else {
                batch->text += ',';
            }
            batch->text.append(unit, unit_end);
            batch->end = window_.offset(unit_end);
            if (last || index + 1 - batch->first_unit == Pipeline::max_units ||
                batch->text.size() >= pipeline_.max_bytes) {
                batch->text += ']';
                batch->text.reserve(batch->text.size() + simdjson::SIMDJSON_PADDING);
                batch->root = value_of(batch->parser.parse(batch->text.data(), batch->text.size(), false));
                pipeline_.publish(std::exchange(batch, nullptr));
            }
            if (last) return p;
        }
    }

    Window& window_;
    Pipeline& pipeline_;
};

// --- the load ------------------------------------------------------------------------------------

class FastLoader {
public:
    FastLoader(const Framework& framework, const std::string& source)
        : framework_(framework), builder_(framework, source), code_rank_(framework.size()) {
        std::vector<NodeIndex> by_code(framework.size());
        for (NodeIndex n = 0; n < by_code.size(); ++n)
            by_code[n] = n;
        std::sort(by_code.begin(), by_code.end(),
                  [&](NodeIndex x, NodeIndex y) { return framework[x].code < framework[y].code; });
        for (std::uint32_t rank = 0; rank < by_code.size(); ++rank)
            code_rank_[by_code[rank]] = rank;
    }

    /// The text given whole (`text`), or read by `read` (`size` bytes in all) into a buffer of
    /// `buffer_bytes` to begin with.
    struct Source {
        std::string_view text;
        const ChunkReader* read = nullptr;
        std::size_t size = 0;
        std::size_t buffer_bytes = 0;
    };

    /// Scans and parses on a second thread while this one builds the round, unit by unit in file
    /// order (so the round does not depend on the threads' timing).
    Round run(const Source& source) {
        Pipeline pipeline(source.size);
        // Without a second thread the scan cannot run alongside (the pipeline would wait for a
        // reader that never comes): then the strict loader reads the file instead.
        std::optional<Background<>> scanning;
        try {
            scanning.emplace(
                [&] {
                    try {
                        // A file is read on this thread from its first bytes on.
                        std::optional<Window> window;
                        if (source.read)
                            window.emplace(*source.read, source.buffer_bytes);
                        else
                            window.emplace(source.text);
                        Scanner(*window, pipeline).run();
                    } catch (...) {
                        pipeline.close(false);
                    }
                },
                WithoutThread::fail);
        } catch (const std::system_error&) {
            refuse();
        }
        struct Stop {
            Pipeline& pipeline;
            Background<>& scanning;
            ~Stop() {
                pipeline.stop();
                scanning.wait();
            }
        } stop{pipeline, *scanning};

        bool reserved = false;
        while (Batch* batch = pipeline.next()) {
            std::size_t index = batch->first_unit;
            for (const dom::element unit : value_of(batch->root.get_array()))
                read_unit(unit, index++);
            if (!reserved && index > reserve_after) {
                reserved = true;
                reserve_rest(batch->end - pipeline.units_begin, static_cast<std::ptrdiff_t>(source.size - batch->end),
                             index);
            }
            pipeline.give_back(batch);
        }
        if (!pipeline.ok()) refuse();
        read_round(pipeline.rest());
        return builder_.finish();
    }

private:
    /// After the first units, room for the rest in proportion to their size, so that the arenas
    /// grow once instead of doubling (which would hold both copies while moving).
    void reserve_rest(std::size_t bytes_read, std::ptrdiff_t bytes_left, std::size_t units_read) {
        if (bytes_read == 0 || bytes_left < static_cast<std::ptrdiff_t>(bytes_read)) return;
        const double scale = 1.03 * static_cast<double>(bytes_left) / static_cast<double>(bytes_read);
        auto more = [&](std::size_t n) { return static_cast<std::size_t>(static_cast<double>(n) * scale) + 16; };
        builder_.reserve(more(units_read), more(entries_), more(fields_), more(findings_), more(ratings_),
                         more(builder_.string_count()));
    }

    dom::element parse(std::string_view json) {
        if (buffer_size_ < json.size() + simdjson::SIMDJSON_PADDING) {
            buffer_size_ = std::max(json.size() + simdjson::SIMDJSON_PADDING, 2 * buffer_size_);
            buffer_ = std::make_unique<char[]>(buffer_size_);
        }
        std::memcpy(buffer_.get(), json.data(), json.size());
        return value_of(parser_.parse(buffer_.get(), json.size(), false));
    }

    void read_unit(dom::element json, std::size_t index) {
        static constexpr std::array<std::string_view, 5> names{"id", "name", "attributes", "evidence", "events"};
        const Members<5> item = members_of(json, names);
        if (!item.has(0) || !item.has(1)) refuse();
        Unit unit;
        unit.id = non_empty_string_of(item[0]);
        unit.name = non_empty_string_of(item[1]);
        if (item.has(2)) {
            sorted_members(item[2], members_);
            unit.attributes.reserve(members_.size());
            for (const auto& [key, value] : members_)
                unit.attributes.emplace_back(key, string_of(value));
        }
        std::string location = "/units/";
        location += std::to_string(index);
        unit.location = location;
        const UnitIndex u = builder_.add_unit(std::move(unit), location + "/evidence");
        if (item.has(3)) {
            const EvidenceOrder& order = evidence_order(item[3]);
            for (const std::uint32_t i : order.by_code)
                read_entry(u, entries_list_[i].first, entries_list_[i].second, order.nodes[i]);
        }
        if (item.has(4)) {
            std::size_t e = 0;
            for (const dom::element event : value_of(item[4].get_array())) {
                std::string at = location;
                at += "/events/";
                at += std::to_string(e++);
                read_event(u, event, std::move(at));
            }
        }
    }

    /// The order the strict loader visits a unit's evidence in (by code), with each code's node.
    struct EvidenceOrder {
        std::vector<std::string> codes;     ///< as the file gives them, in its order
        std::vector<std::uint32_t> by_code; ///< positions among them, sorted by code
        std::vector<NodeIndex> nodes;       ///< per position: the code's node, or no_node (unknown)
    };

    /// A unit's evidence members in the file's order (entries_list_) and the order to read them
    /// in. The units of a file nearly always give the same codes in the same order: then the last
    /// unit's order and nodes stand, without a sort or a lookup (they were a tenth of the load).
    /// Two members under one code are refused.
    const EvidenceOrder& evidence_order(dom::element value) {
        entries_list_.clear();
        for (const dom::key_value_pair member : value_of(value.get_object()))
            entries_list_.emplace_back(checked(member.key), member.value);
        EvidenceOrder& order = evidence_order_;
        bool same = entries_list_.size() == order.codes.size();
        for (std::size_t i = 0; same && i < entries_list_.size(); ++i)
            same = same_text(entries_list_[i].first, order.codes[i]);
        if (same) return order;
        // Otherwise the codes are mostly the last unit's with one or two missing or added: found
        // again in the same order, a code keeps the node found for it; the others are looked up.
        std::swap(order, last_order_);
        const EvidenceOrder& last = last_order_;
        const auto n = static_cast<std::uint32_t>(entries_list_.size());
        order.codes.clear();
        order.by_code.clear();
        order.nodes.clear();
        std::size_t at = 0; // in the last unit's codes
        for (std::uint32_t i = 0; i < n; ++i) {
            const std::string_view code = entries_list_[i].first;
            NodeIndex node = no_node;
            if (at < last.codes.size() && same_text(code, last.codes[at]))
                node = last.nodes[at++];
            else if (at + 1 < last.codes.size() && same_text(code, last.codes[at + 1]))
                node = last.nodes[(at += 2) - 1];
            else
                node = framework_.find(code).value_or(no_node);
            order.codes.emplace_back(code);
            order.by_code.push_back(i);
            order.nodes.push_back(node);
        }
        if (std::find(order.nodes.begin(), order.nodes.end(), no_node) == order.nodes.end()) {
            // Every code is the system's: sorted by the codes' ranks among the system's (the same
            // order as by their texts, in integers), two members under one code at the same rank.
            std::sort(order.by_code.begin(), order.by_code.end(), [&](std::uint32_t x, std::uint32_t y) {
                return code_rank_[order.nodes[x]] < code_rank_[order.nodes[y]];
            });
            for (std::uint32_t i = 1; i < n; ++i)
                if (order.nodes[order.by_code[i - 1]] == order.nodes[order.by_code[i]]) refuse();
            return order;
        }
        std::sort(order.by_code.begin(), order.by_code.end(),
                  [&](std::uint32_t x, std::uint32_t y) { return order.codes[x] < order.codes[y]; });
        for (std::uint32_t i = 1; i < n; ++i)
            if (order.codes[order.by_code[i - 1]] == order.codes[order.by_code[i]]) refuse();
        return order;
    }

    void read_entry(UnitIndex unit, std::string_view code, dom::element value, NodeIndex node) {
        static constexpr std::array<std::string_view, 6> names{"fields", "findings", "ratings",
                                                               "method", "ref",      "note"};
        // A code the system does not have is the builder's to refuse.
        if (node != no_node)
            builder_.begin_entry_at(unit, node);
        else
            builder_.begin_entry(unit, code);
        ++entries_;
        const Members<6> entry = members_of(value, names);
        const auto text = [&](std::size_t i) { return entry.has(i) ? string_of(entry[i]) : std::string_view(); };
        // The method and field names the unit before gave this indicator are compared first
        // (PlaceTexts); `node` is the system's, begin_entry having refused any other code.
        const std::string_view method = text(3);
        builder_.set_entry_info(method.empty() ? no_string : methods_.id(node, method, builder_), text(4), text(5));
        if (entry.has(0)) {
            sorted_members(entry[0], members_);
            for (std::size_t j = 0; j < members_.size(); ++j) {
                const auto& [name, field] = members_[j];
                FieldValue value;
                switch (field.type()) {
                case dom::element_type::BOOL:
                    value = FieldValue::of_boolean(value_of(field.get_bool()));
                    break;
                case dom::element_type::INT64:
                case dom::element_type::UINT64:
                case dom::element_type::DOUBLE:
                    value = FieldValue::of_number(number_of(field));
                    break;
                case dom::element_type::STRING: // the value interned before the name, as add_text does
                    value = FieldValue::of_text(builder_.intern(string_of(field)));
                    break;
                default:
                    refuse();
                }
                // An empty name goes by its text (and is refused there), as do the fields past the
                // first few, which have no place.
                if (!name.empty() && j < field_places)
                    builder_.add_value(field_names_.id(node * field_places + j, name, builder_), value);
                else
                    builder_.add_value(name, value);
                ++fields_;
            }
        }
        if (entry.has(1)) {
            static constexpr std::array<std::string_view, 5> finding_names{"severity", "count", "note", "method",
                                                                           "ref"};
            for (const dom::element item : value_of(entry[1].get_array())) {
                const Members<5> finding = members_of(item, finding_names);
                const auto optional = [&](std::size_t i) {
                    return finding.has(i) ? string_of(finding[i]) : std::string_view();
                };
                builder_.add_finding(finding.has(0) ? non_empty_string_of(finding[0]) : std::string_view(),
                                     finding.has(1) ? count_of(finding[1]) : 1, optional(2), optional(3), optional(4));
                ++findings_;
            }
        }
        if (entry.has(2)) {
            static constexpr std::array<std::string_view, 2> rating_names{"expert", "score"};
            for (const dom::element item : value_of(entry[2].get_array())) {
                if (item.type() == dom::element_type::OBJECT) {
                    const Members<2> rating = members_of(item, rating_names);
                    if (!rating.has(1)) refuse();
                    builder_.add_rating(number_of(rating[1]),
                                        rating.has(0) ? string_of(rating[0]) : std::string_view());
                } else {
                    builder_.add_rating(number_of(item), std::string_view());
                }
                ++ratings_;
            }
        }
        builder_.end_entry();
    }

    void read_event(UnitIndex unit, dom::element value, std::string location) {
        static constexpr std::array<std::string_view, 9> names{"type", "item", "kind",   "count", "indicator",
                                                               "ref",  "note", "method", "date"};
        const Members<9> event = members_of(value, names);
        if (!event.has(0)) refuse();
        const auto type = parse_event_type(string_of(event[0]));
        if (!type) refuse();
        const std::size_t key = *type == EventType::bonus ? 1 : 2;
        const std::size_t other = *type == EventType::bonus ? 2 : 1;
        if (event.has(other)) refuse();
        const auto text = [&](std::size_t i) { return std::string(event.has(i) ? string_of(event[i]) : ""); };
        builder_.add_event(unit, *type, event.has(key) ? std::string(non_empty_string_of(event[key])) : std::string(),
                           event.has(3) ? count_of(event[3]) : 1, text(4), text(5), text(6), text(7), text(8),
                           std::move(location));
    }

    /// The root without its units: "format" and "round".
    void read_round(const std::string& json) {
        static constexpr std::array<std::string_view, 3> root_names{"format", "round", "units"};
        static constexpr std::array<std::string_view, 6> round_names{"id",     "name", "indicators",
                                                                     "rubric", "date", "attributes"};
        const Members<3> root = members_of(parse(json), root_names);
        if (root.has(0) && string_of(root[0]) != "shifan.evidence/1") refuse();
        if (!root.has(1) || !root.has(2) || !root[2].is_array()) refuse();
        const Members<6> round = members_of(root[1], round_names);
        if (!round.has(0)) refuse();
        std::string id(non_empty_string_of(round[0]));
        std::string name(round.has(1) ? string_of(round[1]) : "");
        std::string framework_id;
        if (round.has(2)) {
            framework_id = non_empty_string_of(round[2]);
            if (framework_id != framework_.id()) refuse();
        }
        for (std::size_t i : {3, 4})
            if (round.has(i)) string_of(round[i]);
        builder_.set_round(std::move(id), std::move(name), std::move(framework_id));
        if (round.has(5)) {
            sorted_members(round[5], members_);
            for (const auto& [key, value] : members_)
                builder_.name_attribute(std::string(key), std::string(string_of(value)),
                                        "/round/attributes/" + json_pointer_token(key));
        }
    }

    static constexpr std::size_t reserve_after = 63;

    const Framework& framework_;
    RoundBuilder builder_;
    dom::parser parser_;
    std::unique_ptr<char[]> buffer_;
    std::size_t buffer_size_ = 0;
    std::vector<std::pair<std::string_view, dom::element>> entries_list_, members_;
    EvidenceOrder evidence_order_, last_order_; ///< this unit's order, and the one before it changed
    std::vector<std::uint32_t> code_rank_;      ///< per node: its code's place among the system's codes, sorted
    PlaceTexts methods_, field_names_;
    std::size_t entries_ = 0, fields_ = 0, findings_ = 0, ratings_ = 0;
};

} // namespace

namespace {

std::optional<Round> load_fast(const FastLoader::Source& text, const Framework& framework, const std::string& source) {
    try {
        FastLoader loader(framework, source);
        return loader.run(text);
    } catch (const Refused&) {
        return std::nullopt;
    } catch (const InputError&) {
        return std::nullopt;
    }
}

} // namespace

std::optional<Round> parse_round_json_fast(std::string_view text, const Framework& framework,
                                           const std::string& source) {
    return load_fast({.text = text, .read = nullptr, .size = text.size(), .buffer_bytes = 0}, framework, source);
}

std::optional<Round> parse_round_json_fast(const ChunkReader& read, std::size_t size, const Framework& framework,
                                           const std::string& source, std::size_t buffer_bytes) {
    return load_fast({.text = {}, .read = &read, .size = size, .buffer_bytes = buffer_bytes}, framework, source);
}

} // namespace shifan::detail

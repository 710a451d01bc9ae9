// Rounds from a directory of CSV tables, as evaluators keep them in spreadsheets (examples/README.md,
// "CSV rounds"). Tables are read in place (csv_table.hpp): cells are views into the file text,
// which is kept until the round is built, and a row's location is composed only when a bad cell
// is reported, with the file, the row and the column.
#include "infra/file_io.hpp"
#include "infra/language/places.hpp"
#include "infra/problems.hpp"
#include "load/csv_aliases.hpp"
#include "load/csv_table.hpp"
#include "load/partial_round.hpp"
#include "load/place_texts.hpp"
#include "load/round_builder_room.hpp"
#include "load/round_directory.hpp"
#include "load/round_load_fast.hpp"
#include "load/round_words.hpp"
#include "load/row_reading.hpp"
#include "load/spreadsheet_values.hpp"
#include "load/workbook.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/huge_page_arrays.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/load/limits.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/round_values.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

namespace shifan {
namespace {

using detail::CsvReader;
using detail::CsvRow;

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

/// A cell of a kept table in 8 bytes instead of a view's 16: a national round read from CSV tables
/// gathers tens of millions of them (names, values, methods, refs) before it is laid out. The cell
/// is its offset in the table's text and its size, which the limits bound: a cell of at most
/// limits::max_text_bytes, a text of less than 2^43 bytes. Which table it is in is kept beside it.
class CellText {
public:
    CellText() = default;
    /// `cell`: empty, or a view into the text of `table`.
    CellText(const CsvReader& table, std::string_view cell) {
        if (cell.empty()) return;
        const std::string_view text = table.text();
        const auto begin = reinterpret_cast<std::uintptr_t>(text.data());
        const auto at = reinterpret_cast<std::uintptr_t>(cell.data());
        if (at < begin || cell.size() > text.size() || at - begin > text.size() - cell.size() ||
            cell.size() > size_mask || at - begin > (std::numeric_limits<std::uint64_t>::max() >> size_bits))
            throw std::logic_error("a cell kept as an offset is not in its table's text");
        bits_ = static_cast<std::uint64_t>(at - begin) << size_bits | cell.size();
    }

    bool empty() const noexcept { return (bits_ & size_mask) == 0; }
    /// The cell as one number, for a record that keeps either it or something else in its place.
    std::uint64_t bits() const noexcept { return bits_; }
    static CellText of_bits(std::uint64_t bits) noexcept {
        CellText cell;
        cell.bits_ = bits;
        return cell;
    }
    /// The cell, in the table it was made with.
    std::string_view in(const CsvReader& table) const noexcept { return {table.text().data() + offset(), size()}; }
    std::uint64_t offset() const noexcept { return bits_ >> size_bits; }
    std::size_t size() const noexcept { return static_cast<std::size_t>(bits_ & size_mask); }
    /// The cell at `offset` of `size` bytes in some text (as TableSpace counts them).
    static CellText at(std::uint64_t offset, std::size_t size) {
        if (size > size_mask || offset > (std::numeric_limits<std::uint64_t>::max() >> size_bits))
            throw std::logic_error("a cell kept as an offset is beyond what an offset holds");
        return of_bits(offset << size_bits | size);
    }

private:
    static constexpr int size_bits = 21;
    static constexpr std::uint64_t size_mask = (std::uint64_t{1} << size_bits) - 1;
    static_assert(limits::max_text_bytes <= size_mask);
    std::uint64_t bits_ = 0;
};

/// A cell's value as read: its kind, and its number (1 or 0 for a boolean) or its text.
struct CellValue {
    FieldKind kind = FieldKind::number;
    double number = 0;
    std::string_view text;
};

/// Texts the round's strings will store, counted as the tables are read so that the builder can
/// make room for them at once (RoundBuilder::reserve_strings).
struct TextCount {
    std::size_t texts = 0, bytes = 0;
    void add(std::string_view text) {
        if (text.empty()) return;
        ++texts;
        bytes += StringPool::stored_size(text);
    }
};

/// Puts `item` first in the list through `arena` that starts at `head`: an entry's fields are kept
/// newest first, without a second index for the last (in_order reads them back).
template <class Item> void push_front(std::vector<Item>& arena, std::uint32_t& head, Item item) {
    item.next = head;
    head = static_cast<std::uint32_t>(arena.size());
    arena.push_back(item);
}

/// A field of a long table: its name is a cell of the table `table`, its value a number (1 or 0 for
/// a boolean) or, for a text, a cell of that table, kept in one place: 32 bytes instead of 40 (a
/// round of 100,000 units gathers 12 million).
struct PendingField {
    CellText name;
    std::uint64_t value = 0; ///< the number's bits, or the text's cell (kind says which)
    std::uint32_t next = none;
    std::uint32_t row = 0;   ///< record number in its table
    std::uint16_t table = 0; ///< index in CsvRoundReader::tables_
    FieldKind kind = FieldKind::number;

    void set(const CellValue& read, const CsvReader& in) {
        kind = read.kind;
        value = kind == FieldKind::text ? CellText(in, read.text).bits() : std::bit_cast<std::uint64_t>(read.number);
    }
    /// The value as read: 0 for a text, as CellValue has it.
    double number() const noexcept { return kind == FieldKind::text ? 0 : std::bit_cast<double>(value); }
    std::string_view text(const CsvReader& in) const noexcept {
        return kind == FieldKind::text ? CellText::of_bits(value).in(in) : std::string_view();
    }
};
static_assert(sizeof(PendingField) == 32);

/// A finding: its note, method and ref are cells of the table `table`; its severity may be the key
/// a Chinese word was read as (RoundWords), which is no cell. Findings and ratings are kept in
/// the tables' order with the (unit, leaf) they belong to (CsvRoundReader::cell_of), not in lists
/// of the entries: they are read on a second thread while the fields table's rows make the entries,
/// and laid out by that key afterwards (each entry's in the tables' order).
struct PendingFinding {
    std::string_view severity;
    CellText note, method, ref;
    std::uint64_t cell = 0;
    std::uint32_t count = 1;
    std::uint16_t table = 0;
};

struct PendingRating {
    double score = 0;
    std::string_view expert;
    std::uint64_t cell = 0;
};

constexpr const char* info_columns[] = {"method", "ref", "note"};

/// Where something was first given: a table (index in CsvRoundReader::tables_) and a record.
struct RowPlace {
    std::uint32_t row = 0;
    std::uint16_t table = 0;
};

/// The texts of a reader's tables laid end to end, as one space of offsets: a cell of any of
/// them in 8 bytes, with no table index beside it (PendingEntry::info). Tables are added in the
/// order of CsvRoundReader::tables_, whose indices it gives back.
class TableSpace {
public:
    void add(std::size_t text_size) {
        begins_.push_back(end_);
        end_ += text_size + 1; // a table's end is no other's begin, even when it is empty
    }
    /// A cell of table `table`, as its offset in that table's text says.
    CellText cell(std::uint16_t table, CellText in_table) const {
        return CellText::at(begins_[table] + in_table.offset(), in_table.size());
    }
    /// The table a cell of the space is in: the one before, when asked again (an entry's cells come
    /// mostly from the table the last one's came from), else found by halving.
    std::uint16_t table_of(CellText cell) const {
        const std::uint64_t at = cell.offset();
        const std::size_t next = std::size_t{last_} + 1;
        if (at >= begins_[last_] && (next == begins_.size() || at < begins_[next])) return last_;
        last_ = static_cast<std::uint16_t>(std::upper_bound(begins_.begin(), begins_.end(), at) - begins_.begin() - 1);
        return last_;
    }
    /// The cell as an offset in its table's text.
    CellText in_table(std::uint16_t table, CellText cell) const {
        return CellText::at(cell.offset() - begins_[table], cell.size());
    }

private:
    std::vector<std::uint64_t> begins_; ///< per table, where its text begins
    std::uint64_t end_ = 0;
    mutable std::uint16_t last_ = 0;
};

/// An entry, (unit, leaf), as the entries and fields tables give it, until the round is laid out:
/// 32 bytes (a round of 100,000 units × 125 leaves gathers 12.5 million). Its method, ref and note
/// are cells of whichever tables gave them, counted across all the tables (TableSpace), so that
/// neither the table nor the record is kept: a conflict's message finds them again
/// (CsvRoundReader::place_of_info). Its fields are a list through the reader's arena, newest first;
/// its findings and ratings are found by their key (PendingFinding).
struct PendingEntry {
    CellText info[3]; ///< method, ref, note
    std::uint32_t fields = none;
};
static_assert(sizeof(PendingEntry) == 32);

using detail::fail_at;

/// Locations are needed only in error messages; the builder cannot fail on what this reader hands
/// it (every check it makes is made here first, with the row and column).
const std::string& checked() {
    static const std::string nowhere;
    return nowhere;
}

/// A fields table: long (one field per row) or wide (one row per unit, a column per field).
struct FieldsTable {
    std::uint16_t table = 0;
    bool wide = false;
    std::uint32_t value_column = 0;
    std::uint32_t rows = 0; ///< the last record number
    std::uint32_t name_column = 0;
};

/// A column of a wide table: `T3.rate` (a field), `T3.method`, `T3.ref` or `T3.note` (the entry's).
struct WideColumn {
    NodeIndex leaf = 0;
    std::string field;         ///< empty for `unit`, `name` and bad columns
    StringId name = no_string; ///< the field's name in the round's strings
    int info = -1;             ///< 0 method, 1 ref, 2 note; -1 a field
    bool wanted = false;       ///< the field whose values are asked for (CsvRoundReader::want_values)
};

/// A wide table: its columns, and those naming a leaf in the framework's order (by leaf, then
/// column), so that a row's entries are handed to the builder in order.
struct WideTable {
    std::uint16_t table = 0;
    std::vector<WideColumn> columns;
    std::vector<std::uint32_t> by_leaf;
};

/// A row of a wide table, kept until the round is built: its cells are views into the table.
struct WideRow {
    UnitIndex unit = 0;
    std::uint32_t row = 0;   ///< record number
    std::uint32_t cells = 0; ///< its first cell in CsvRoundReader::wide_cells_
    std::uint16_t wide = 0;  ///< index in CsvRoundReader::wide_tables_
};

/// While the entries are built: how far a unit's wide row has been read, by leaf.
struct WideCursor {
    const WideRow* row;
    const WideTable* table;
    std::size_t at; ///< in table->by_leaf
};

/// A non-empty cell of a wide row, in the entry being built.
struct WideValue {
    const WideCursor* cursor;
    std::uint32_t column;
};

/// Thrown by a reader taking values as it reads (CsvRoundReader::want_values) when the round needs
/// its cells kept after all.
struct CellsNeeded {};

/// Rows of a wide table from which its values are read on a second thread: below this, starting it
/// costs about what it saves (about 2 ms of work).
constexpr std::size_t wide_rows_per_thread = 4096;

/// A table's text split into rows and cells, with its Chinese headers as evaluators write them
/// (单位, 指标, 字段, 值 …) read as its columns' names; `name` is the table's (round_table_names).
std::unique_ptr<CsvReader> split_table(std::string text, const std::string& source, const std::string& sheet,
                                       std::string_view name) {
    auto table = std::make_unique<CsvReader>(std::move(text), source, sheet);
    table->apply_aliases(detail::round_table_aliases(name));
    return table;
}

/// The file `path` of the table `which` (in round_table_names, as the round's listing found it),
/// read and split.
std::unique_ptr<CsvReader> read_table(const std::filesystem::path& path, std::size_t which, std::string buffer = {}) {
    return split_table(detail::read_file(path, std::move(buffer)), path.string(), {}, detail::round_table_names[which]);
}

/// Table files read and split on a second thread, largest first, while the caller reads the rows
/// of those before: reading and splitting is about a fifth of loading a CSV round, and tables are
/// independent until their rows are read. Largest first, because the caller waits for the fields
/// table (two thirds of a round's bytes) if it is split only once the tables before it are read;
/// a table the second thread has not begun when asked for is read by the caller. Tables are handed
/// out in reading order, each with the InputError its reading threw, so that problems and
/// conversions are recorded in the same order as without the thread. Each table's text is reserved
/// on the calling thread: glibc backs the main heap with the huge pages the command asks for
/// (huge_pages.cpp), and a second thread's own arena, where it has one (in an embedder's process),
/// in 4 KiB pages: a 3,200-unit fields table then took 4,800 more page faults, which cost more than
/// the thread saved.
class TablesAhead {
public:
    /// The files of the tables after the units in `listing`, in reading order.
    explicit TablesAhead(const detail::RoundDirectory& listing) {
        for (std::size_t which = 1; which < listing.tables.size(); ++which)
            for (const std::filesystem::path& path : listing.tables[which]) {
                Slot& slot = slots_.emplace_back();
                slot.file = &path;
                slot.which = which;
            }
        std::vector<std::uintmax_t> sizes(slots_.size(), 0);
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            std::error_code error; // reported when the file is read
            const std::uintmax_t size = std::filesystem::file_size(*slots_[i].file, error);
            if (error || size >= limits::max_file_bytes) continue;
            sizes[i] = size;
            bytes_ += size;
            // And a line end the reader may add.
            detail::reserve_in_huge_pages(slots_[i].buffer, static_cast<std::size_t>(size) + 1);
        }
        order_.resize(slots_.size());
        for (std::size_t i = 0; i < order_.size(); ++i)
            order_[i] = i;
        std::stable_sort(order_.begin(), order_.end(),
                         [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
        // One table is split while the caller waits for it: a second thread would only add its cost
        // (the composite index of 30,000 units from a wide table: 4% slower, 2–4 MiB more).
        if (slots_.size() > 1) worker_ = std::make_unique<Background<>>([this] { work(); });
    }
    TablesAhead(const TablesAhead&) = delete;
    TablesAhead& operator=(const TablesAhead&) = delete;
    ~TablesAhead() {
        {
            const std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        worker_.reset(); // waits for the table being read
    }

    /// The bytes of the files, those that could be sized.
    std::uintmax_t bytes() const noexcept { return bytes_; }

    /// The table of `path`, the next file in reading order, or the InputError reading it threw.
    std::unique_ptr<CsvReader> next(const std::filesystem::path& path) {
        if (next_ == slots_.size() || slots_[next_].file != &path)
            throw std::logic_error("CSV tables asked for out of their reading order");
        Slot& slot = slots_[next_++];
        std::unique_lock lock(mutex_);
        if (slot.state == State::waiting) {
            slot.state = State::reading;
            lock.unlock();
            read(slot);
        } else {
            read_.wait(lock, [&] { return slot.state == State::read; });
        }
        if (slot.error) std::rethrow_exception(std::exchange(slot.error, nullptr));
        return std::move(slot.table);
    }

private:
    enum class State { waiting, reading, read };
    struct Slot {
        const std::filesystem::path* file = nullptr;
        std::size_t which = 0; ///< in round_table_names
        std::string buffer;
        std::unique_ptr<CsvReader> table;
        std::exception_ptr error;
        State state = State::waiting; ///< guarded by mutex_
    };

    void read(Slot& slot) {
        try {
            slot.table = read_table(*slot.file, slot.which, std::move(slot.buffer));
        } catch (...) {
            slot.error = std::current_exception();
        }
        const std::lock_guard lock(mutex_);
        slot.state = State::read;
    }

    void work() {
        for (const std::size_t i : order_) {
            {
                const std::lock_guard lock(mutex_);
                if (stopping_) return;
                if (slots_[i].state != State::waiting) continue;
                slots_[i].state = State::reading;
            }
            read(slots_[i]);
            read_.notify_all();
        }
    }

    std::vector<Slot> slots_;
    std::uintmax_t bytes_ = 0;
    std::vector<std::size_t> order_; ///< the order the second thread reads them in
    std::size_t next_ = 0;
    std::mutex mutex_;
    std::condition_variable read_;
    bool stopping_ = false;                ///< guarded by mutex_
    std::unique_ptr<Background<>> worker_; ///< a pointer: in a std::optional GCC 12 sees it "maybe uninitialized"
};

class CsvRoundReader {
public:
    /// Reads the tables and workbooks of `listing`; `source` names the round (its directory, or
    /// its one workbook).
    CsvRoundReader(detail::RoundDirectory listing, const std::string& source, const Framework& framework,
                   const Rubric* rubric)
        : listing_(std::move(listing)), source_(source), framework_(framework), builder_(framework, source),
          words_(rubric ? detail::RoundWords(framework, *rubric) : detail::RoundWords()),
          column_of_(framework.size(), -1) {
        const std::vector<NodeIndex>& leaves = framework.leaves();
        for (std::size_t k = 0; k < leaves.size(); ++k)
            column_of_[leaves[k]] = static_cast<std::int32_t>(k);
    }

    /// Asks read() to take the values of `leaf_fields` (one field per leaf, in the framework's
    /// leaf order) into values() without building the round's entries, when nothing is wrong (see
    /// round_values.hpp). `as_read`: take them from each wide row as it is read, keeping none of
    /// its cells, when the round's only tables are units and wide fields tables (read() then
    /// throws CellsNeeded when something needs the cells after all: a long fields table after a
    /// wide one, a unit in two wide rows, a field in two columns, a text value or a problem; the
    /// round is then to be read again without it).
    void want_values(const std::vector<std::string>& leaf_fields, bool as_read) {
        leaf_fields_ = &leaf_fields;
        as_read_ = as_read;
    }
    /// The values read(), when it took them so.
    std::optional<Eigen::MatrixXd>& values() { return values_; }

    Round read() {
        // Every other table names units: they must be right first. Files and sheets that are no
        // tables are reported with the rest.
        std::vector<CsvReader*> units;
        for (const std::filesystem::path& path : listing_.tables[0])
            if (CsvReader* table = kept([&] { return read_table(path, 0); })) units.push_back(table);
        for (const std::filesystem::path& path : listing_.workbooks)
            open_workbook(path, units);
        if (units.empty() && listing_.tables[0].empty() && unreadable_workbooks_ == 0)
            problems_.add(InputError(
                source_, Bilingual{},
                both(listing_.workbooks.empty() ? Msg::err_round_csv_needs_units : Msg::err_wb_needs_units)));
        for (CsvReader* table : units)
            read_units(*table);
        const bool units_wrong = !problems_.empty();
        for (InputError& problem : listing_.problems)
            problems_.add(std::move(problem));
        if (units_wrong) problems_.raise();
        // The other tables' files are read and split on a second thread while their rows are read.
        TablesAhead ahead(listing_);
        table_bytes_ = ahead.bytes();
        if (leaf_fields_ && as_read_) begin_values_as_read();
        each_table(ahead, 1, [&](CsvReader& table) { rows_.guarded([&] { read_entries(table); }); });
        read_fields_findings_and_ratings(ahead);
        each_table(ahead, 5, [&](CsvReader& table) { rows_.guarded([&] { read_events(table); }); });
        // Values of wide rows are checked against the rest as the entries are built.
        if (leaf_fields_ && as_read_) {
            if (!problems_.empty()) throw CellsNeeded{}; // reported with the round's entries
            values_ = std::move(as_read_values_);
        } else if (leaf_fields_ && problems_.empty()) {
            values_ = read_values();
        }
        rows_.guarded([&] { values_ ? release_tables() : flush_entries(); });
        builder_.add_conversions(conversions_);
        if (!problems_.empty()) {
            // The round of the good rows goes with the problems, for the evidence check to add the
            // problems of its values (partial_round.hpp).
            InputError problems = problems_.collect();
            std::shared_ptr<const Round> partial;
            try {
                partial = std::make_shared<const Round>(builder_.finish());
            } catch (const InputError&) {
                // A round that cannot be built has its problems reported alone.
            }
            throw detail::PartialRoundError(std::move(problems), std::move(partial));
        }
        return builder_.finish();
    }

private:
    /// A sheet of a workbook that is a table of the round, read as a table after the units.
    struct Sheet {
        std::string file;
        detail::WorkbookSheet sheet;
        std::size_t table = 0; ///< in round_table_names
    };

    /// Reads a workbook: its units sheets as tables now (into `units`), its other tables' sheets
    /// kept for later; a sheet of another name is a problem, unless it is empty.
    void open_workbook(const std::filesystem::path& path, std::vector<CsvReader*>& units) {
        detail::Workbook workbook;
        try {
            workbook = detail::read_workbook(detail::read_file(path), path.string());
        } catch (InputError& e) {
            problems_.add_all(std::move(e));
            ++unreadable_workbooks_;
            return;
        }
        for (detail::WorkbookSheet& sheet : workbook.sheets) {
            const int table = detail::sheet_table(sheet.name);
            if (table == detail::sheet_not_read || (table < 0 && sheet.rows.empty())) continue;
            if (table < 0) {
                listing_.problems.push_back(InputError(
                    path.string(), both(Msg::place_sheet, arg("sheet", sheet.name)),
                    both(Msg::err_wb_unknown_sheet, arg("sheet", sheet.name), arg("expected", detail::sheet_names()))));
                continue;
            }
            Sheet kept{path.string(), std::move(sheet), static_cast<std::size_t>(table)};
            if (table != 0) {
                sheets_.push_back(std::move(kept));
            } else if (CsvReader* read = open_sheet(kept)) {
                units.push_back(read);
            }
        }
    }

    CsvReader* open_sheet(Sheet& sheet) {
        detail::WorkbookSheet cells = std::move(sheet.sheet);
        return kept([&] {
            return split_table(detail::sheet_as_csv(cells), sheet.file, cells.name,
                               detail::round_table_names[sheet.table]);
        });
    }

    /// Keeps the table `split()` returns until the round is built (its cells are views into it),
    /// recording its conversions; nullptr when it throws an InputError, which is recorded.
    template <class Split> CsvReader* kept(Split&& split) {
        try {
            return &keep(split());
        } catch (InputError& e) {
            problems_.add_all(std::move(e));
            return nullptr;
        }
    }

    /// Keeps a table read and split, as the table after the last one kept (its index in tables_).
    CsvReader& keep(std::unique_ptr<CsvReader> table) {
        builder_.add_conversions(table->conversions());
        space_.add(table->text().size());
        return *tables_.emplace_back(std::move(table));
    }

    /// The findings and ratings tables as a second thread reads them (read_later_tables): in
    /// reading order, to be kept after the fields tables, with the problems and conversions they gave.
    struct LaterTables {
        std::vector<std::unique_ptr<CsvReader>> tables;
        detail::Problems problems;
        Conversions conversions;
    };

    /// Reads the fields tables' rows, and the findings and ratings tables' on a second thread
    /// meanwhile: they only name their entry's (unit, leaf), while the fields make the entries, so
    /// the two need nothing of each other until the round is laid out (at 100,000 units, 0.5 s of
    /// a 3.5 s load taken off). The second thread's problems and conversions come after the fields
    /// tables', as read one after the other. Findings and ratings sheets of a workbook are read
    /// after the fields, on this thread (a sheet is opened where the workbook's cells are kept).
    void read_fields_findings_and_ratings(TablesAhead& ahead) {
        std::vector<CsvReader*> fields;
        each_table(ahead, 2, [&](CsvReader& table) { fields.push_back(&table); });
        const bool later_sheets =
            std::any_of(sheets_.begin(), sheets_.end(), [](const Sheet& s) { return s.table == 3 || s.table == 4; });
        LaterTables later;
        const auto first = static_cast<std::uint16_t>(tables_.size());
        std::optional<Background<>> reading;
        if (!later_sheets && !(listing_.tables[3].empty() && listing_.tables[4].empty()))
            reading.emplace([&] { read_later_tables(ahead, first, later); });
        for (CsvReader* table : fields)
            rows_.guarded([&] { read_fields(*table); });
        if (reading) reading->get();
        for (std::unique_ptr<CsvReader>& table : later.tables)
            keep(std::move(table));
        problems_.absorb(std::move(later.problems));
        conversions_.merge(later.conversions);
        if (!later_sheets) return;
        for (const std::size_t which : {3, 4})
            each_table(ahead, which, [&](CsvReader& table) { read_later_table(table, which, rows_, index_of(table)); });
        sort_by_cell();
    }

    /// Calls use(table) for each table `which` (in round_table_names) of the round, kept: its
    /// files in reading order, then its workbooks' sheets. A table that cannot be read or split
    /// is recorded as a problem and passed over.
    template <class Use> void each_table(TablesAhead& ahead, std::size_t which, Use&& use) {
        for (const std::filesystem::path& path : listing_.tables[which])
            if (CsvReader* table = kept([&] { return ahead.next(path); })) use(*table);
        for (Sheet& sheet : sheets_)
            if (sheet.table == which)
                if (CsvReader* table = open_sheet(sheet)) use(*table);
    }

    /// Reads the findings and ratings tables of the round's files (tables 3 and 4, in reading order)
    /// into `later`, with a reading of rows of its own; the first will be the table `first` of tables_.
    void read_later_tables(TablesAhead& ahead, std::uint16_t first, LaterTables& later) {
        detail::RowReading rows(framework_, builder_, unit_ids_, column_of_, later.problems, later.conversions);
        for (const std::size_t which : {3, 4})
            for (const std::filesystem::path& path : listing_.tables[which]) {
                std::unique_ptr<CsvReader> table;
                try {
                    table = ahead.next(path);
                } catch (InputError& e) {
                    later.problems.add_all(std::move(e));
                    continue;
                }
                CsvReader& read = *later.tables.emplace_back(std::move(table));
                read_later_table(read, which, rows, static_cast<std::uint16_t>(first + later.tables.size() - 1));
            }
        sort_by_cell();
    }

    /// Reads a findings (`which` 3) or ratings (4) table, the table `index` of tables_, with `rows`.
    void read_later_table(CsvReader& table, std::size_t which, detail::RowReading& rows, std::uint16_t index) {
        rows.guarded([&] { which == 3 ? read_findings(table, index, rows) : read_ratings(table, rows); });
    }

    /// The findings and ratings in the order of their (unit, leaf), each entry's in the tables'
    /// order: as they are already when the tables list their units and leaves in order, as exports do.
    void sort_by_cell() {
        const auto sort = [](auto& items) {
            const auto by_cell = [](const auto& a, const auto& b) { return a.cell < b.cell; };
            if (!std::is_sorted(items.begin(), items.end(), by_cell))
                std::stable_sort(items.begin(), items.end(), by_cell);
        };
        sort(findings_);
        sort(ratings_);
    }

    std::uint16_t index_of(const CsvReader& table) const {
        for (std::size_t i = 0; i < tables_.size(); ++i)
            if (tables_[i].get() == &table) return static_cast<std::uint16_t>(i);
        return 0;
    }

    /// `<file> row N`: where something was first given, in this table or another.
    Bilingual place_of(RowPlace place) const {
        const CsvReader& table = *tables_[place.table];
        return table.places().file_row(table.source(), place.row);
    }

    void read_metadata(const CsvReader& table) {
        struct AttributeName {
            std::string key, name, location; ///< location as the builder keeps it: `row 2`
        };
        std::vector<AttributeName> attribute_names; // "#attribute region: 片区"
        const auto agree = [&](std::string& value, const detail::CsvMetadata& meta, std::string_view key) {
            std::string& from = metadata_files_[std::string(key)];
            if (!value.empty() && value != meta.value)
                throw InputError(table.source(), table.places().row(meta.row),
                                 both(Msg::err_dir_metadata_differs, arg("key", key), arg("value", meta.value),
                                      arg("first", value), arg("file", from)));
            if (value.empty()) from = table.source();
            value = meta.value;
        };
        for (const auto& [key, meta] : table.metadata()) {
            if (key == "id")
                agree(id_, meta, key);
            else if (key == "name")
                agree(name_, meta, key);
            else if (key == "indicators")
                agree(framework_id_, meta, key);
            else if (key.starts_with("attribute "))
                attribute_names.push_back({key.substr(key.find_first_not_of(' ', 10)), meta.value, meta.location});
            else
                throw InputError(table.source(), table.places().row(meta.row),
                                 both(Msg::err_round_csv_unknown_metadata, arg("key", key)));
        }
        if (!framework_id_.empty() && framework_id_ != framework_.id())
            throw InputError(table.source(), Bilingual{},
                             both(Msg::err_round_wrong_system, arg("wanted", framework_id_),
                                  arg("loaded", framework_.id()), arg("source", framework_.source())));
        const std::uint16_t which = index_of(table);
        for (AttributeName& named : attribute_names) {
            // Each units file of a round split per county may name the attributes again, alike.
            const auto earlier = std::find_if(named_attributes_.begin(), named_attributes_.end(), [&](const auto& a) {
                return a.key == named.key && a.name == named.name && a.table != which;
            });
            if (earlier != named_attributes_.end()) continue;
            named_attributes_.push_back({named.key, named.name, which});
            builder_.name_attribute(std::move(named.key), std::move(named.name), std::move(named.location),
                                    table.source());
        }
    }

    void read_units(CsvReader& table) {
        const bool first_file = unit_rows_.empty() && id_.empty();
        try {
            read_metadata(table);
            if (first_file && id_.empty())
                throw InputError(table.source(), table.places().row(1), both(Msg::err_round_csv_needs_id));
            if (first_file) builder_.set_round(id_, name_, framework_id_);
            table.require_columns({"id", "name"});
        } catch (InputError& e) {
            problems_.add(std::move(e));
            return;
        }
        const int id_column = table.column("id");
        const int name_column = table.column("name");
        std::vector<bool> attribute(table.header().size());
        for (std::size_t c = 0; c < attribute.size(); ++c)
            attribute[c] = table.header()[c] != "id" && table.header()[c] != "name";
        builder_.reserve(table.row_count(), 0, 0, 0, 0, 0);
        detail::reserve_in_huge_pages(unit_rows_, unit_rows_.size() + table.row_count());
        const std::uint16_t which = index_of(table);
        rows_.each_row(table, [&](const CsvRow& row) {
            Unit unit;
            unit.location = table.places().stored_row(row.number);
            unit.id = row.cell(id_column);
            unit.name = row.cell(name_column);
            if (unit.id.empty()) fail_at(table, row, "id", both(Msg::err_round_unit_id_empty));
            if (unit.name.empty())
                fail_at(table, row, "name", both(Msg::err_round_csv_unit_no_name, arg("id", unit.id)));
            // The builder keeps the units' ids (and would refuse this one), but the place of the
            // first is the reader's to give. Units are added one per row, so its index is their row's.
            if (const std::optional<UnitIndex> seen = builder_.find_unit(unit.id))
                throw InputError(
                    table.source(), table.places().row(row.number),
                    both(Msg::err_round_unit_duplicate, arg("id", unit.id),
                         arg("first", unit_rows_[*seen].table == which ? table.places().row(unit_rows_[*seen].row)
                                                                       : place_of(unit_rows_[*seen]))));
            unit_rows_.push_back({static_cast<std::uint32_t>(row.number), which});
            unit_ids_.push_back(unit.id);
            unit_names_.push_back(unit.name);
            for (std::size_t c = 0; c < attribute.size(); ++c)
                if (attribute[c] && !row.cells[c].empty())
                    unit.attributes.emplace_back(table.header()[c], row.cells[c]);
            // Its entries are named `unit U1 evidence/A2` (stored_place reads that in both languages).
            std::string evidence = fmt::format("unit {} evidence", unit.id);
            builder_.add_unit(std::move(unit), std::move(evidence));
        });
    }

    struct EntryColumns {
        int unit, indicator;
        int info[3];
    };

    static EntryColumns entry_columns(const CsvReader& table) {
        return {table.column("unit"),
                table.column("indicator"),
                {table.column("method"), table.column("ref"), table.column("note")}};
    }

    /// Room for the entries of `rows` more rows. When an entry in every (unit, leaf) would take no
    /// more than the tables' files, room for that many at once: reserved table by table, the room
    /// grew when the fields table came, and the entries of the entries table (122 MB at 100,000
    /// units) were copied into fresh memory. Never more: a (unit, leaf) has one entry.
    void reserve_entries(std::size_t rows) {
        const std::size_t cells = unit_rows_.size() * framework_.leaves().size();
        const bool all = cells * sizeof(PendingEntry) <= table_bytes_;
        detail::reserve_in_huge_pages(entries_, std::min(cells, all ? cells : entries_.size() + rows));
    }

    /// The entry of (unit, leaf), created on first sight.
    PendingEntry& entry_at(UnitIndex unit, NodeIndex node) {
        // Made for the first entry: values taken as read make none (30,000 units: 15 MB unwritten).
        // A row per unit of its leaves alone: branches have no entries (at 100,000 units 50 MB
        // instead of 62 for every node).
        const std::size_t leaves = framework_.leaves().size();
        if (slots_.empty()) {
            detail::reserve_in_huge_pages(slots_, unit_rows_.size() * leaves);
            slots_.assign(unit_rows_.size() * leaves, none);
        }
        std::uint32_t& slot =
            slots_[static_cast<std::size_t>(unit) * leaves + static_cast<std::size_t>(column_of_[node])];
        if (slot == none) {
            slot = static_cast<std::uint32_t>(entries_.size());
            entries_.emplace_back();
        }
        return entries_[slot];
    }

    /// Sets an entry's method, ref or note, refusing a value different from one set elsewhere.
    void set_info(PendingEntry& entry, int i, std::string_view value, UnitIndex unit, NodeIndex node,
                  const CsvReader& table, const CsvRow& row, std::string_view column) {
        if (value.empty()) return;
        if (auto conflict =
                take_info(entry, i, value, unit, node, {static_cast<std::uint32_t>(row.number), index_of(table)}))
            fail_at(table, row, column, std::move(*conflict));
    }

    /// Takes `value`, a cell of the table of `place`, as the entry's method, ref or note (`i`); when
    /// the entry has another already, keeps it and returns the problem.
    std::optional<Bilingual> take_info(PendingEntry& entry, int i, std::string_view value, UnitIndex unit,
                                       NodeIndex node, RowPlace place) {
        if (entry.info[i].empty()) {
            entry.info[i] = space_.cell(place.table, CellText(*tables_[place.table], value));
            if (i > 0) info_texts_.add(value); // a ref or note is added, a method interned
            return std::nullopt;
        }
        const std::string_view current = info(entry, i);
        if (current == value) return std::nullopt;
        return both(Msg::err_round_csv_info_conflict, arg("unit", unit_ids_[unit]), arg("code", framework_[node].code),
                    arg("column", info_columns[i]), arg("value", current),
                    arg("first", place_of(place_of_info(entry.info[i]))));
    }

    /// An entry's method, ref or note (`i`), "" when none was given.
    std::string_view info(const PendingEntry& entry, int i) const {
        return entry.info[i].empty() ? std::string_view() : info_cell(entry.info[i]).second;
    }

    /// A non-empty info cell of the space: its table (an index in tables_) and its text there.
    std::pair<std::uint16_t, std::string_view> info_cell(CellText info) const {
        const std::uint16_t table = space_.table_of(info);
        return {table, space_.in_table(table, info).in(*tables_[table])};
    }

    /// Where an entry's method, ref or note was given: its table, and the record whose cell it is,
    /// found by walking the part of the table around it (for a message: the place is not kept).
    RowPlace place_of_info(CellText info) {
        const auto [which, text] = info_cell(info);
        const CsvReader& table = *tables_[which];
        const char* const cell = text.data();
        // The table's rows in runs of about 256, found once per table when a message first needs
        // them, so that the rows walked for each are few even when a table gives thousands.
        if (row_runs_.size() < tables_.size()) row_runs_.resize(tables_.size());
        std::vector<CsvReader::RowRange>& runs = row_runs_[which];
        if (runs.empty()) runs = table.row_ranges(table.row_count() / 256 + 1);
        const auto offset = static_cast<std::size_t>(cell - table.text().data());
        auto run = std::upper_bound(runs.begin(), runs.end(), offset,
                                    [](std::size_t at, const CsvReader::RowRange& r) { return at < r.begin; });
        RowPlace place{0, which};
        if (run == runs.begin()) return place;
        table.for_each_row_in(*std::prev(run), [&](const CsvRow& row) {
            for (const std::string_view c : row.cells)
                if (c.data() == cell && !c.empty()) place.row = static_cast<std::uint32_t>(row.number);
        });
        return place;
    }

    /// The items of a list that starts at `head` (newest first), oldest first: the order the tables
    /// gave them in.
    template <class Item> std::span<const std::uint32_t> in_order(const std::vector<Item>& arena, std::uint32_t head) {
        in_order_.clear();
        for (std::uint32_t i = head; i != none; i = arena[i].next)
            in_order_.push_back(i);
        std::reverse(in_order_.begin(), in_order_.end());
        return in_order_;
    }

    /// The entry of the row's (unit, indicator), created on first sight; sets its method, ref and
    /// note from the row.
    PendingEntry& entry_of(const CsvReader& table, const CsvRow& row, const EntryColumns& columns) {
        const UnitIndex unit = rows_.unit_of(table, row, columns.unit);
        const NodeIndex node = rows_.leaf_of(table, row, columns.indicator);
        PendingEntry& entry = entry_at(unit, node);
        for (int i = 0; i < 3; ++i)
            set_info(entry, i, row.cell(columns.info[i]), unit, node, table, row, info_columns[i]);
        return entry;
    }

    void read_entries(CsvReader& table) {
        table.require_columns({"unit", "indicator"});
        table.allow_columns({"unit", "name", "indicator", "indicator_name", "method", "ref", "note"});
        const EntryColumns columns = entry_columns(table);
        const int unit_name_column = table.column("name");
        const int indicator_name_column = table.column("indicator_name");
        reserve_entries(table.row_count());
        rows_.each_row(table, [&](const CsvRow& row) {
            // A collection workbook's row with nothing filled in: the leaf was not assessed.
            if (unfilled(table, row, columns, -1)) return;
            entry_of(table, row, columns);
            check_names(table, row, columns, unit_name_column, indicator_name_column);
        });
    }

    /// Whether a row of a workbook's sheet holds nothing in its value (`value_column`, -1 for
    /// none), method, ref and note: such a row of a collection workbook gives no evidence, and is
    /// counted as read so (Conversion::unfilled_row).
    bool unfilled(const CsvReader& table, const CsvRow& row, const EntryColumns& columns, int value_column) {
        if (table.places().sheet.empty()) return false;
        for (const int column : {value_column, columns.info[0], columns.info[1], columns.info[2]})
            if (!row.cell(column).empty()) return false;
        conversions_.add_located(Conversion::unfilled_row, [&] {
            return std::pair<std::string, Bilingual>(table.source(), table.places().row(row.number));
        });
        return true;
    }

    /// Adds a field of a long table to an entry, refusing a name given twice (in this table or another).
    void add_field(PendingEntry& entry, PendingField field, std::string_view name, const CsvReader& table,
                   const CsvRow& row, std::string_view unit, NodeIndex node) {
        if (const auto first = given_before(entry, name))
            fail_at(table, row, "field", given_twice(name, unit, node, *first));
        push_front(fields_, entry.fields, field);
    }

    /// The name of a field of a long table.
    std::string_view name_of(const PendingField& field) const { return field.name.in(*tables_[field.table]); }

    /// Where a long table gave the entry a field called `name` before, if it did (names are unique
    /// in an entry: the list's order does not matter).
    std::optional<RowPlace> given_before(const PendingEntry& entry, std::string_view name) const {
        for (std::uint32_t i = entry.fields; i != none; i = fields_[i].next)
            if (detail::same_text(name_of(fields_[i]), name)) return RowPlace{fields_[i].row, fields_[i].table};
        return std::nullopt;
    }

    Bilingual given_twice(std::string_view field, std::string_view unit, NodeIndex node, RowPlace first) const {
        return both(Msg::err_round_csv_field_twice, arg("field", field), arg("unit", unit),
                    arg("code", framework_[node].code), arg("first", place_of(first)));
    }

    /// A cell without a declared type: true/false, a number, or text (the evidence check reads
    /// text as its field's domain wants: 是, 96%, 2025/3/1 …).
    static CellValue untyped(std::string_view value) {
        CellValue read;
        if (detail::parse_csv_number(value, read.number)) { // first: nearly every value is a number
            read.kind = FieldKind::number;
        } else if (value == "true" || value == "false") {
            read.kind = FieldKind::boolean;
            read.number = value == "true" ? 1 : 0;
        } else {
            read.kind = FieldKind::text;
            read.number = 0;
            read.text = value;
        }
        return read;
    }

    /// A row's unit name and indicator name, where the table has them, must be the unit's and the
    /// leaf's (entry_of has just found both).
    void check_names(const CsvReader& table, const CsvRow& row, const EntryColumns& columns, int unit_name,
                     int indicator_name) {
        const std::string_view name = row.cell(unit_name);
        if (!name.empty() && name != unit_names_[rows_.last_unit()])
            fail_at(table, row, "name",
                    both(Msg::err_wide_name_differs, arg("name", name), arg("unit", row.cell(columns.unit)),
                         arg("expected", unit_names_[rows_.last_unit()])));
        const std::string_view leaf_name = row.cell(indicator_name);
        if (!leaf_name.empty() && leaf_name != framework_[rows_.last_leaf()].name)
            fail_at(table, row, "indicator_name",
                    both(Msg::err_wb_indicator_name_differs, arg("name", leaf_name),
                         arg("code", framework_[rows_.last_leaf()].code),
                         arg("expected", framework_[rows_.last_leaf()].name)));
    }

    void read_fields(CsvReader& table) {
        if (table.column("field") < 0 && table.column("value") < 0 && table.column("unit") >= 0)
            return as_read_ ? read_wide_values(table) : read_wide_fields(table);
        if (as_read_) {
            // A long table's fields are gathered into entries: the wide tables' cells are kept too.
            if (taken_as_read_) throw CellsNeeded{};
            as_read_ = false;
        }
        table.require_columns({"unit", "indicator", "field", "value"});
        // The collection template's long layout also shows the unit's and the indicator's names
        // (checked, so that a row moved under another unit or code is found) and what to fill in.
        table.allow_columns({"unit", "name", "indicator", "indicator_name", "field", "guide", "value", "type", "method",
                             "ref", "note"});
        const EntryColumns columns = entry_columns(table);
        const int name_column = table.column("field");
        const int value_column = table.column("value");
        const int type_column = table.column("type");
        const int unit_name_column = table.column("name");
        const int indicator_name_column = table.column("indicator_name");
        const std::uint16_t which = index_of(table);
        FieldsTable& record = fields_tables_.emplace_back(
            FieldsTable{which, false, std::uint32_t(value_column), 0, std::uint32_t(name_column)});
        reserve_entries(table.row_count());
        detail::reserve_in_huge_pages(fields_, fields_.size() + table.row_count());
        // Their room (a field a row, at most an entry a row) faulted in on the other core, whose
        // reading ahead is mostly done by now: the fields table is the largest, read first.
        const detail::FaultAhead fault_ahead({detail::FaultAhead::room_after(fields_, table.row_count()),
                                              detail::FaultAhead::room_after(entries_, table.row_count())});
        rows_.each_row(table, [&](const CsvRow& row) {
            record.rows = static_cast<std::uint32_t>(row.number);
            // A row of a collection workbook with nothing filled in gives no evidence.
            if (unfilled(table, row, columns, value_column)) return;
            PendingEntry& entry = entry_of(table, row, columns);
            check_names(table, row, columns, unit_name_column, indicator_name_column);
            const std::string_view name = row.cell(name_column);
            if (name.empty()) fail_at(table, row, "field", both(Msg::err_round_field_name_empty));
            PendingField field;
            field.name = CellText(table, name);
            field.row = static_cast<std::uint32_t>(row.number);
            field.table = which;
            const std::string_view value = row.cell(value_column);
            const std::string_view type = row.cell(type_column);
            CellValue read;
            if (type == "text") {
                read = {FieldKind::text, 0, value};
            } else if (type == "boolean") {
                if (value != "true" && value != "false")
                    fail_at(table, row, "value", both(Msg::err_round_csv_not_boolean, arg("value", value)));
                read = {FieldKind::boolean, value == "true" ? 1.0 : 0.0, {}};
            } else if (type == "number") {
                if (!detail::parse_csv_number(value, read.number))
                    fail_at(table, row, "value", both(Msg::err_round_csv_not_number, arg("text", value)));
                read.kind = FieldKind::number;
            } else if (type.empty()) {
                if (value.empty()) fail_at(table, row, "value", both(Msg::err_round_csv_value_empty));
                read = untyped(value);
            } else {
                fail_at(table, row, "type", both(Msg::err_round_csv_field_type, arg("type", type)));
            }
            field.set(read, table);
            if (read.kind == FieldKind::text) value_texts_.add(read.text);
            add_field(entry, field, name, table, row, row.cell(columns.unit), rows_.last_leaf());
        });
    }

    /// The columns of a wide table: `unit`, optionally `name`, then `<code>.<field>` (or
    /// `<code>.method`, `.ref`, `.note` for the entry's). A code may itself hold dots: the longest
    /// prefix that is a leaf is taken.
    WideTable wide_columns(const CsvReader& table) {
        WideTable wide;
        wide.table = index_of(table);
        wide.columns.resize(table.header().size());
        for (std::size_t c = 0; c < wide.columns.size(); ++c) {
            const std::string& name = table.header()[c];
            if (name == "unit" || name == "name") continue;
            // A header typed with a Chinese input method (Ｔ３．rate) is read as ASCII.
            const std::optional<std::string> ascii = detail::ascii_of_full_width(name);
            const std::string_view header = ascii ? std::string_view(*ascii) : std::string_view(name);
            std::optional<NodeIndex> leaf, branch;
            std::size_t dot = header.rfind('.');
            for (; dot != std::string::npos && dot > 0; dot = header.rfind('.', dot - 1)) {
                const auto node = framework_.find(header.substr(0, dot));
                if (node && framework_[*node].is_leaf()) {
                    leaf = node;
                    break;
                }
                if (node && !branch) branch = node;
            }
            if (!leaf && branch) {
                // Evidence goes to the leaves: show the first leaf under the branch.
                NodeIndex first = *branch;
                while (!framework_[first].is_leaf())
                    first = framework_[first].children.front();
                const std::size_t at = header.find('.', framework_[*branch].code.size());
                problems_.add(
                    InputError(table.source(), table.header_place(c + 1),
                               both(Msg::err_wide_column_branch, arg("column", name),
                                    arg("code", framework_[*branch].code), arg("leaf", framework_[first].code),
                                    arg("field", header.substr(at + 1)))),
                    0, c + 1);
                continue;
            }
            if (!leaf || dot + 1 >= header.size()) {
                problems_.add(
                    InputError(table.source(), table.header_place(c + 1),
                               both(Msg::err_wide_column, arg("column", name), arg("system", framework_.id()))),
                    0, c + 1);
                continue;
            }
            if (ascii) conversions_.add(Conversion::full_width, table.source(), table.header_place(c + 1));
            WideColumn& column = wide.columns[c];
            column.leaf = *leaf;
            column.field = header.substr(dot + 1);
            for (int i = 0; i < 3; ++i)
                if (column.field == info_columns[i]) column.info = i;
            if (column.info < 0) column.name = builder_.intern(column.field);
            wide.by_leaf.push_back(static_cast<std::uint32_t>(c));
        }
        std::stable_sort(wide.by_leaf.begin(), wide.by_leaf.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return wide.columns[a].leaf < wide.columns[b].leaf; });
        return wide;
    }

    /// Checks a wide table's rows (each names a unit, and the unit's name if it has a name
    /// column) and keeps their cells: the values are read when the round is built, entry by entry.
    void read_wide_fields(CsvReader& table) {
        const int unit_column = table.column("unit");
        const int name_column = table.column("name");
        const auto wide = static_cast<std::uint16_t>(wide_tables_.size());
        const WideTable& columns = wide_tables_.emplace_back(wide_columns(table));
        FieldsTable& record = fields_tables_.emplace_back(FieldsTable{columns.table, true, 0, 0});
        const std::size_t width = columns.columns.size();
        detail::reserve_in_huge_pages(wide_rows_, wide_rows_.size() + table.row_count());
        detail::reserve_in_huge_pages(wide_cells_, wide_cells_.size() + table.row_count() * width);
        rows_.each_row(table, [&](const CsvRow& row) {
            record.rows = static_cast<std::uint32_t>(row.number);
            const UnitIndex unit = wide_row_unit(table, row, unit_column, name_column);
            wide_rows_.push_back(
                {unit, static_cast<std::uint32_t>(row.number), static_cast<std::uint32_t>(wide_cells_.size()), wide});
            wide_cells_.insert(wide_cells_.end(), row.cells.begin(), row.cells.end());
        });
    }

    /// The unit a wide row names, checking the unit's name where the table has a name column.
    UnitIndex wide_row_unit(const CsvReader& table, const CsvRow& row, int unit_column, int name_column) {
        const UnitIndex unit = rows_.unit_of(table, row, unit_column);
        const std::string_view name = row.cell(name_column);
        if (!name.empty() && name != unit_names_[unit])
            fail_at(table, row, "name",
                    both(Msg::err_wide_name_differs, arg("name", name), arg("unit", row.cell(unit_column)),
                         arg("expected", unit_names_[unit])));
        return unit;
    }

    /// Whether values are taken from the wide rows as they are read: when the round has no tables
    /// but its units and fields (read_fields then finds whether each fields table is wide). With
    /// others, the cells are kept and the values read once every table is (read_values).
    void begin_values_as_read() {
        for (const std::size_t which : {1, 3, 4, 5})
            if (!listing_.tables[which].empty()) as_read_ = false;
        for (const Sheet& sheet : sheets_)
            if (sheet.table != 2) as_read_ = false;
        if (!as_read_) return;
        const auto rows = static_cast<Eigen::Index>(unit_rows_.size());
        const auto columns = static_cast<Eigen::Index>(framework_.leaves().size());
        as_read_values_.resize(rows, columns);
        // Filled in two runs of columns on two threads when large: its fresh pages are cleared by
        // the thread that first writes them.
        const unsigned parts = thread_count(0, unit_rows_.size() >= wide_rows_per_thread ? 2 : 1, 2);
        run_parts(parts, [&](unsigned part) {
            const Eigen::Index first = columns * part / parts, last = columns * (part + 1) / parts;
            as_read_values_.middleCols(first, last - first).setConstant(std::numeric_limits<double>::quiet_NaN());
        });
        unit_has_row_.assign(unit_rows_.size(), 0);
    }

    /// Marks the columns of a wide table that hold the fields asked for (want_values).
    void mark_wanted(WideTable& table) const {
        for (const std::uint32_t c : table.by_leaf) {
            WideColumn& column = table.columns[c];
            column.wanted =
                column.info < 0 && column.field == (*leaf_fields_)[static_cast<std::size_t>(column_of_[column.leaf])];
        }
    }

    /// Checks a wide table's rows as read_wide_fields does and takes the values asked for from
    /// them as they are read, keeping no cell; throws CellsNeeded where the round's entries would
    /// say more (see want_values).
    void read_wide_values(CsvReader& table) {
        taken_as_read_ = true;
        const int unit_column = table.column("unit");
        const int name_column = table.column("name");
        WideTable wide = wide_columns(table);
        mark_wanted(wide);
        // A field (or method, ref, note) of a leaf in two columns: reported as the entries are built.
        for (std::size_t i = 1; i < wide.by_leaf.size(); ++i)
            for (std::size_t j = i;
                 j-- > 0 && wide.columns[wide.by_leaf[j]].leaf == wide.columns[wide.by_leaf[i]].leaf;)
                if (wide.columns[wide.by_leaf[j]].field == wide.columns[wide.by_leaf[i]].field) throw CellsNeeded{};
        // Table column and matrix column of each value taken, in the table's order.
        std::vector<std::pair<std::uint32_t, Eigen::Index>> wanted;
        for (std::uint32_t c = 0; c < wide.columns.size(); ++c)
            if (wide.columns[c].wanted) wanted.emplace_back(c, column_of_[wide.columns[c].leaf]);
        // Rows of units under their ids as written, with their names, and numbers: what a wide
        // table nearly always holds, read in parts on two threads for a large table (each row writes
        // its own unit's row of the matrix). Anything else (a full-width id, an unknown unit, a name
        // that differs, a unit in two rows, a text value) needs the cells: the round is read again
        // whole, which reads such rows as meant or reports them with their places.
        //
        // Each row's cells are read in the table's order up to the last one needed, each number in
        // the pass that finds its cell's end (rewritten_rows.hpp), and its unit looked for first
        // where the units table puts it, after the unit of the row before: the rows of a wide
        // table nearly always list the units in that order.
        std::size_t columns_read = static_cast<std::size_t>(std::max(unit_column, name_column)) + 1;
        if (!wanted.empty()) columns_read = std::max<std::size_t>(columns_read, wanted.back().first + 1);
        const unsigned parts = thread_count(0, table.row_count() >= wide_rows_per_thread ? 2 : 1, 2);
        const std::vector<CsvReader::RowRange> ranges = table.row_ranges(parts);
        std::atomic<bool> cells_needed{false};
        run_parts(static_cast<unsigned>(ranges.size()), [&](unsigned part) {
            std::vector<double> row_values(wanted.size()); // NaN for an empty cell
            std::size_t next_unit = 0;
            table.for_each_row_cells_in(ranges[part], [&](std::size_t, detail::rewritten_rows::RowCells& cells) {
                if (cells_needed.load(std::memory_order_relaxed)) return;
                std::string_view id, name;
                std::size_t w = 0;
                for (std::size_t c = 0; c < columns_read; ++c) {
                    if (w == wanted.size() || wanted[w].first != c) {
                        const std::string_view cell = cells.next();
                        if (c == static_cast<std::size_t>(unit_column)) id = cell;
                        if (c == static_cast<std::size_t>(name_column)) name = cell;
                        continue;
                    }
                    double& value = row_values[w++];
                    std::string_view cell;
                    if (cells.next_plain_decimal(value, cell)) continue;
                    if (cell.empty()) {
                        value = std::numeric_limits<double>::quiet_NaN();
                        continue;
                    }
                    const CellValue read = untyped(cell);
                    if (read.kind == FieldKind::text) { // an error of the index, with its place
                        cells_needed = true;
                        return;
                    }
                    value = read.number;
                }
                std::size_t unit = next_unit;
                if (unit >= unit_ids_.size() || unit_ids_[unit] != id) {
                    const std::optional<UnitIndex> found = builder_.find_unit(id);
                    if (!found) {
                        cells_needed = true;
                        return;
                    }
                    unit = *found;
                }
                if ((!name.empty() && name != unit_names_[unit]) ||
                    std::atomic_ref<std::uint8_t>(unit_has_row_[unit]).exchange(1) != 0) {
                    cells_needed = true;
                    return;
                }
                next_unit = unit + 1;
                for (std::size_t v = 0; v < wanted.size(); ++v)
                    if (!std::isnan(row_values[v]))
                        as_read_values_(static_cast<Eigen::Index>(unit), wanted[v].second) = row_values[v];
            });
        });
        if (cells_needed) throw CellsNeeded{};
    }

    /// The key of (unit, leaf) that orders findings and ratings as entries are: by unit, then by leaf.
    std::uint64_t cell_of(UnitIndex unit, NodeIndex leaf) const {
        return std::uint64_t{unit} << 32 | static_cast<std::uint32_t>(column_of_[leaf]);
    }

    /// Reads a findings table, the table `which` of tables_ once kept, with `rows` (the thread's).
    void read_findings(CsvReader& table, std::uint16_t which, detail::RowReading& rows) {
        table.require_columns({"unit", "indicator"});
        table.allow_columns({"unit", "indicator", "severity", "count", "method", "note", "ref"});
        // The method, ref and note of a finding are its own, not the entry's.
        const int unit = table.column("unit"), indicator = table.column("indicator");
        const int method = table.column("method"), ref = table.column("ref"), note = table.column("note");
        const int severity = table.column("severity");
        const int count = table.column("count");
        detail::reserve_in_huge_pages(findings_, findings_.size() + table.row_count());
        rows.each_row(table, [&](const CsvRow& row) {
            const UnitIndex unit_read = rows.unit_of(table, row, unit); // first: its problem comes first
            const std::uint64_t cell = cell_of(unit_read, rows.leaf_of(table, row, indicator));
            std::string_view severity_key = row.cell(severity);
            if (const auto key = words_.severity(severity_key)) {
                severity_key = *key;
                rows.converted(Conversion::value_name, table, row, "severity");
            }
            findings_.push_back({severity_key, CellText(table, row.cell(note)), CellText(table, row.cell(method)),
                                 CellText(table, row.cell(ref)), cell, rows.count_of(table, row, count), which});
            finding_texts_.add(row.cell(note));
            finding_texts_.add(row.cell(ref));
        });
    }

    /// Reads a ratings table with `rows` (the thread's).
    void read_ratings(CsvReader& table, detail::RowReading& rows) {
        table.require_columns({"unit", "indicator", "score"});
        table.allow_columns({"unit", "indicator", "expert", "score"});
        const int unit = table.column("unit"), indicator = table.column("indicator");
        const int expert = table.column("expert");
        const int score = table.column("score");
        detail::reserve_in_huge_pages(ratings_, ratings_.size() + table.row_count());
        rows.each_row(table, [&](const CsvRow& row) {
            const UnitIndex unit_read = rows.unit_of(table, row, unit); // first: its problem comes first
            const std::uint64_t cell = cell_of(unit_read, rows.leaf_of(table, row, indicator));
            const auto number = detail::read_number(row.cell(score), false);
            if (!number)
                fail_at(table, row, "score", both(Msg::err_round_csv_not_number, arg("text", row.cell(score))));
            number->conversions.for_each([&](Conversion kind) { rows.converted(kind, table, row, "score"); });
            ratings_.push_back({number->value, row.cell(expert), cell});
        });
    }

    void read_events(CsvReader& table) {
        table.require_columns({"unit", "type"});
        table.allow_columns({"unit", "type", "item", "kind", "count", "indicator", "ref", "note", "method", "date"});
        const int unit_column = table.column("unit");
        const int type_column = table.column("type");
        const int count_column = table.column("count");
        const auto text = [&](const CsvRow& row, const char* column) {
            return std::string(row.cell(table.column(column)));
        };
        rows_.each_row(table, [&](const CsvRow& row) {
            const UnitIndex unit = rows_.unit_of(table, row, unit_column);
            const std::string_view type = row.cell(type_column);
            auto parsed = parse_event_type(type);
            if (!parsed && (parsed = detail::RoundWords::event_type(type)))
                rows_.converted(Conversion::value_name, table, row, "type");
            if (!parsed) fail_at(table, row, "type", both(Msg::err_round_csv_event_type, arg("type", type)));
            const EventType kind = *parsed;
            const char* key_column = event_key_name(kind);
            const char* other = kind == EventType::bonus ? "kind" : "item";
            if (!row.cell(table.column(other)).empty())
                fail_at(table, row, other,
                        both(Msg::err_round_event_other_key, arg("type", detail::event_type_text(kind)),
                             arg("key", key_column), arg("other", other)));
            const std::uint32_t count = rows_.count_of(table, row, count_column);
            std::string key = text(row, key_column);
            if (auto named = words_.event_key(kind, key)) {
                key = std::move(*named);
                rows_.converted(Conversion::value_name, table, row, key_column);
            }
            builder_.add_event(unit, kind, std::move(key), count, row.cell(table.column("indicator")), text(row, "ref"),
                               text(row, "note"), text(row, "method"), text(row, "date"),
                               fmt::format("{} {}", table.source(), table.places().stored_row(row.number)));
        });
    }

    /// Hands the gathered entries to the builder in (unit, indicator) order, as the JSON loader
    /// does: an entry's method, ref and note, the fields of long tables, then those of wide rows,
    /// its findings and its ratings. A field a wide row gives again, or a method, ref or note it
    /// gives differently, is recorded as a problem here, with both places. Then lets go of the
    /// tables before the round is laid out.
    void flush_entries() {
        // The fields tables, in reading order, as the origins of their values.
        std::vector<std::uint32_t> origin_base(tables_.size(), 0);
        for (const FieldsTable& f : fields_tables_) {
            const CsvReader& table = *tables_[f.table];
            const auto width = f.wide ? static_cast<std::uint32_t>(table.header().size()) : 0;
            origin_base[f.table] = builder_.add_origin_table(table.source(), table.written_header(), 1, f.rows, width,
                                                             f.value_column, f.name_column, table.places().sheet);
        }
        std::size_t wide_entries = 0;
        for (const WideRow& row : wide_rows_)
            wide_entries += wide_tables_[row.wide].by_leaf.size();
        // Room for every entry and field at once (wide cells counted as if none were empty, and a
        // finding or rating as if it were its entry's only item).
        builder_.reserve(0, entries_.size() + wide_entries + findings_.size() + ratings_.size(),
                         fields_.size() + wide_entries, findings_.size(), ratings_.size(), 0);
        // Room for the strings as counted: the refs and notes the long tables gave (wide rows' are
        // taken now, and met as the pool grows), and their text values, as if none repeated. The
        // pool's index of 4 bytes a string (60 MB at 100,000 units) is sized once, and the texts
        // (250 MB) go to one slab.
        const std::size_t added = info_texts_.texts + finding_texts_.texts;
        const std::size_t added_bytes = info_texts_.bytes + finding_texts_.bytes;
        builder_.reserve_strings(added, value_texts_.texts, added_bytes + value_texts_.bytes);
        // Wide rows' refs and notes are taken as the entries are built: room for them once the
        // first 64th of the units shows how many strings a unit gives, as the JSON loader does.
        const std::size_t units = unit_rows_.size();
        std::size_t reserve_at = !wide_rows_.empty() && units >= 128 ? units / 64 : units;
        // Their room faulted in on the other core while it is written: what the long tables gave, the
        // wide cells' room left out (it counts empty cells too), and the texts added.
        const detail::FaultAhead fault_ahead(detail::RoundBuilderRoom::next(
            builder_, entries_.size(), fields_.size(), findings_.size(), ratings_.size(), added, added_bytes));

        for_each_entry([&](UnitIndex unit, NodeIndex node, PendingEntry& entry, const EntryItems& items) {
            const std::span<const WideValue> values = items.wide;
            if (unit >= reserve_at) {
                reserve_at = units;
                const double scale = 1.03 * static_cast<double>(units - unit) / static_cast<double>(unit);
                builder_.reserve(0, 0, 0, 0, 0,
                                 static_cast<std::size_t>(static_cast<double>(builder_.string_count()) * scale) + 16);
            }
            check_wide_values(entry, unit, node, values);
            builder_.begin_entry_at(unit, node);
            // The method and field names the unit before gave this indicator are compared first
            // (PlaceTexts); a name past the first few, or empty (refused), goes to the builder as text.
            const std::string_view method = info(entry, 0);
            builder_.set_entry_info(method.empty() ? no_string : methods_.id(node, method, builder_), info(entry, 1),
                                    info(entry, 2));
            std::size_t k = 0;
            for (const std::uint32_t i : in_order(fields_, entry.fields)) {
                const PendingField& field = fields_[i];
                const CsvReader& table = *tables_[field.table];
                const std::string_view name = field.name.in(table);
                const CellValue value{field.kind, field.number(), field.text(table)};
                const std::uint32_t origin = origin_base[field.table] + (field.row - 1);
                if (k < detail::field_places && !name.empty())
                    add_value([&] { return field_names_.id(node * detail::field_places + k, name, builder_); }, value,
                              origin);
                else
                    add_value(name, value, origin);
                ++k;
            }
            for (const WideValue& wide : values) {
                const WideColumn& column = wide.cursor->table->columns[wide.column];
                if (column.info >= 0) continue;
                const WideRow& row = *wide.cursor->row;
                const auto width = static_cast<std::uint32_t>(wide.cursor->table->columns.size());
                add_value(column.name, untyped(wide_cells_[row.cells + wide.column]),
                          origin_base[wide.cursor->table->table] + (row.row - 1) * width + wide.column);
            }
            for (const PendingFinding& f : items.findings) {
                const CsvReader& table = *tables_[f.table];
                builder_.add_finding(f.severity, f.count, f.note.in(table), f.method.in(table), f.ref.in(table),
                                     checked());
            }
            for (const PendingRating& rating : items.ratings)
                builder_.add_rating(rating.score, rating.expert, checked());
            builder_.end_entry();
        });
        release_tables();
    }

    /// What an entry has besides the entries and long fields tables' rows.
    struct EntryItems {
        std::span<const WideValue> wide; ///< the non-empty cells of its unit's wide rows, table by table
        std::span<const PendingFinding> findings;
        std::span<const PendingRating> ratings;
    };

    /// Calls visit(unit, node, entry, items) for every (unit, leaf) given anything, in (unit,
    /// indicator) order: the entry gathered from the long tables (an empty one for wide cells,
    /// findings or ratings alone), and its other items (EntryItems).
    template <class Visit> void for_each_entry(Visit&& visit) {
        // The wide rows by unit: a table usually lists its units in the units' order already.
        std::vector<std::uint32_t> rows_by_unit(wide_rows_.size());
        for (std::uint32_t r = 0; r < rows_by_unit.size(); ++r)
            rows_by_unit[r] = r;
        const auto by_unit = [&](std::uint32_t a, std::uint32_t b) { return wide_rows_[a].unit < wide_rows_[b].unit; };
        if (!std::is_sorted(rows_by_unit.begin(), rows_by_unit.end(), by_unit))
            std::stable_sort(rows_by_unit.begin(), rows_by_unit.end(), by_unit);
        std::vector<WideCursor> cursors;
        std::vector<WideValue> values;
        const std::vector<NodeIndex>& leaves = framework_.leaves(); // in pre-order: the nodes' order
        std::size_t next_row = 0, next_finding = 0, next_rating = 0;
        for (UnitIndex unit = 0; unit < unit_rows_.size(); ++unit) {
            cursors.clear();
            for (; next_row < rows_by_unit.size() && wide_rows_[rows_by_unit[next_row]].unit == unit; ++next_row) {
                const WideRow& row = wide_rows_[rows_by_unit[next_row]];
                cursors.push_back({&row, &wide_tables_[row.wide], 0});
            }
            // No slots: no entry was made (every table read so far is a wide one).
            const std::uint32_t* slots =
                slots_.empty() ? nullptr : slots_.data() + static_cast<std::size_t>(unit) * leaves.size();
            for (std::size_t k = 0; k < leaves.size(); ++k) {
                const NodeIndex node = leaves[k];
                PendingEntry* pending = !slots || slots[k] == none ? nullptr : &entries_[slots[k]];
                const std::uint64_t cell = cell_of(unit, node);
                const std::span<const PendingFinding> findings = take_cell(findings_, next_finding, cell);
                const std::span<const PendingRating> ratings = take_cell(ratings_, next_rating, cell);
                values.clear();
                for (WideCursor& cursor : cursors)
                    for (const auto& by_leaf = cursor.table->by_leaf;
                         cursor.at < by_leaf.size() && cursor.table->columns[by_leaf[cursor.at]].leaf == node;
                         ++cursor.at)
                        if (!wide_cells_[cursor.row->cells + by_leaf[cursor.at]].empty())
                            values.push_back({&cursor, by_leaf[cursor.at]});
                if (!pending && values.empty() && findings.empty() && ratings.empty()) continue;
                PendingEntry none_gathered;
                visit(unit, node, pending ? *pending : none_gathered, EntryItems{values, findings, ratings});
            }
        }
    }

    /// The items of `cell` from `next` on in `items` (sorted by cell), `next` moved past them.
    template <class Item>
    static std::span<const Item> take_cell(const std::vector<Item>& items, std::size_t& next, std::uint64_t cell) {
        const std::size_t first = next;
        while (next < items.size() && items[next].cell == cell)
            ++next;
        return {items.data() + first, next - first};
    }

    /// The values of the fields asked for (want_values) from the gathered entries and the wide
    /// rows, without building the round's entries: a unit × leaf matrix, NaN where no value is
    /// given. Nothing when the round would not give the same values so: a text value (an error of
    /// the composite index, reported with its place from the round's entries), or a problem
    /// (reported with the round's other problems).
    std::optional<Eigen::MatrixXd> read_values() {
        Eigen::MatrixXd values(static_cast<Eigen::Index>(unit_rows_.size()),
                               static_cast<Eigen::Index>(framework_.leaves().size()));
        values.setConstant(std::numeric_limits<double>::quiet_NaN());
        for (WideTable& table : wide_tables_)
            mark_wanted(table);
        bool text = false;
        for_each_entry([&](UnitIndex unit, NodeIndex node, PendingEntry& entry, const EntryItems& items) {
            const std::span<const WideValue> cells = items.wide;
            // One cell of an entry no long table gave anything can conflict with nothing.
            const bool alone =
                entry.fields == none && entry.info[0].empty() && entry.info[1].empty() && entry.info[2].empty();
            if (cells.size() > 1 || (!cells.empty() && !alone)) check_wide_values(entry, unit, node, cells);
            const std::string& wanted = (*leaf_fields_)[static_cast<std::size_t>(column_of_[node])];
            for (std::uint32_t i = entry.fields; i != none; i = fields_[i].next)
                if (name_of(fields_[i]) == wanted) {
                    text = text || fields_[i].kind == FieldKind::text;
                    values(unit, column_of_[node]) = fields_[i].number();
                }
            for (const WideValue& cell : cells) {
                if (!cell.cursor->table->columns[cell.column].wanted) continue;
                const CellValue read = untyped(wide_cells_[cell.cursor->row->cells + cell.column]);
                text = text || read.kind == FieldKind::text;
                values(unit, column_of_[node]) = read.number;
            }
        });
        if (!text && problems_.empty()) return values;
        problems_ = detail::Problems{}; // found again as the entries are built
        return std::nullopt;
    }

    /// Lets go of what was gathered, and of the tables, before the round is laid out.
    void release_tables() {
        release(slots_);
        release(entries_);
        release(fields_);
        release(findings_);
        release(ratings_);
        release(wide_rows_);
        release(wide_cells_);
        tables_.clear();
        space_ = {};
        release(row_runs_);
    }

    /// Hands a field read to the builder, `name` as text, interned, or as a function giving its id
    /// (called after a text value is interned, in the order the builder interns them itself), with
    /// the cell it came from.
    template <class Name> void add_value(Name name, const CellValue& field, std::uint32_t origin) {
        const FieldValue value = field.kind == FieldKind::text      ? FieldValue::of_text(builder_.intern(field.text))
                                 : field.kind == FieldKind::boolean ? FieldValue::of_boolean(field.number != 0)
                                                                    : FieldValue::of_number(field.number);
        if constexpr (std::is_invocable_v<Name>)
            builder_.add_value(name(), value, origin);
        else
            builder_.add_value(name, value, origin);
    }

    /// Takes a wide row's method, ref and note into the entry, and records a problem for each
    /// field given before (in a long table or another wide row) or info given differently.
    void check_wide_values(PendingEntry& entry, UnitIndex unit, NodeIndex node, std::span<const WideValue> values) {
        for (std::size_t v = 0; v < values.size(); ++v) {
            const WideCursor* cursor = values[v].cursor;
            const std::uint32_t c = values[v].column;
            const WideColumn& column = cursor->table->columns[c];
            const WideRow& row = *cursor->row;
            const CsvReader& table = *tables_[cursor->table->table];
            const std::string& header = table.header()[c];
            const std::string_view value = wide_cells_[row.cells + c];
            const auto problem = [&](Bilingual message) {
                problems_.add(
                    InputError(table.source(), table.places().cell(row.row, c + 1, header), std::move(message)),
                    row.row, c + 1);
            };
            if (column.info >= 0) {
                if (auto conflict = take_info(entry, column.info, value, unit, node, {row.row, cursor->table->table}))
                    problem(std::move(*conflict));
                continue;
            }
            // The first place the field was given: a long table's row, or an earlier wide cell.
            std::optional<RowPlace> first = given_before(entry, column.field);
            for (std::size_t w = 0; w < v && !first; ++w) {
                const WideCursor* earlier = values[w].cursor;
                const WideColumn& earlier_column = earlier->table->columns[values[w].column];
                if (earlier_column.info < 0 && earlier_column.field == column.field)
                    first = RowPlace{earlier->row->row, earlier->table->table};
            }
            if (first) problem(given_twice(column.field, unit_ids_[unit], node, *first));
        }
    }

    template <class T> static void release(std::vector<T>& v) { std::vector<T>().swap(v); }

    detail::RoundDirectory listing_;
    std::string source_;
    const Framework& framework_;
    RoundBuilder builder_;
    detail::PlaceTexts methods_, field_names_; ///< per indicator: its method and field names met last
    detail::RoundWords words_;                 ///< the names tables may give keys by
    detail::Problems problems_;
    std::vector<std::unique_ptr<CsvReader>> tables_;
    std::vector<Sheet> sheets_; ///< of workbooks, until they are read
    std::size_t unreadable_workbooks_ = 0;
    std::string id_, name_, framework_id_;              ///< of the round, from the units tables' metadata
    std::map<std::string, std::string> metadata_files_; ///< the units table that first gave each
    Conversions conversions_;                           ///< made reading cells (codes, counts, scores)
    struct NamedAttribute {
        std::string key, name;
        std::uint16_t table = 0;
    };
    std::vector<NamedAttribute> named_attributes_;   ///< as the units files named them
    std::vector<RowPlace> unit_rows_;                ///< where each unit's row is
    std::vector<std::string> unit_ids_, unit_names_; ///< per unit, for messages and wide tables
    std::vector<FieldsTable> fields_tables_;
    std::vector<WideTable> wide_tables_;
    std::vector<WideRow> wide_rows_;           ///< in reading order
    std::vector<std::string_view> wide_cells_; ///< the cells of the wide rows, row after row
    std::vector<std::uint32_t> slots_;         ///< [unit × leaves + column_of_ the leaf] → entries_ index, or none
    std::vector<PendingEntry> entries_;
    TableSpace space_;                                       ///< where the entries' info cells are
    std::vector<std::vector<CsvReader::RowRange>> row_runs_; ///< per table, made by place_of_info
    std::uintmax_t table_bytes_ = 0; ///< of the tables' files after the units (TablesAhead::bytes)
    std::vector<PendingField> fields_;
    std::vector<PendingFinding> findings_;
    std::vector<PendingRating> ratings_;
    TextCount info_texts_;                ///< the entries' refs and notes
    TextCount finding_texts_;             ///< the findings' notes and refs (counted by the thread that reads them)
    TextCount value_texts_;               ///< the long tables' text values (interned: fewer when repeated)
    std::vector<std::uint32_t> in_order_; ///< see in_order
    const std::vector<std::string>* leaf_fields_ = nullptr; ///< see want_values
    bool as_read_ = false;                                  ///< see want_values
    bool taken_as_read_ = false;                            ///< a wide table's values were taken as read
    std::vector<std::int32_t> column_of_;                   ///< node → its column among the leaves, or -1
    Eigen::MatrixXd as_read_values_;                        ///< taken from the wide rows as read
    std::vector<std::uint8_t> unit_has_row_;                ///< per unit: a wide row read already
    std::optional<Eigen::MatrixXd> values_;
    detail::RowReading rows_{framework_, builder_, unit_ids_, column_of_, problems_, conversions_}; ///< this thread's
};

/// The reader of a CSV round's directory, or of a workbook.
CsvRoundReader tables_reader(const std::filesystem::path& path, bool workbook, const Framework& framework,
                             const Rubric* rubric) {
    if (!workbook) return CsvRoundReader(detail::list_round_directory(path), path.string(), framework, rubric);
    detail::check_workbook_kind(path.extension().string(), path.string());
    detail::RoundDirectory listing;
    listing.workbooks.push_back(path);
    return CsvRoundReader(std::move(listing), path.string(), framework, rubric);
}

} // namespace

bool every_field_given(const Eigen::MatrixXd& values, const std::vector<std::string>& leaf_fields) {
    std::map<std::string_view, bool> given;
    for (std::size_t k = 0; k < leaf_fields.size(); ++k) {
        bool& any = given[leaf_fields[k]];
        any = any || !values.col(static_cast<Eigen::Index>(k)).array().isNaN().all();
    }
    return std::all_of(given.begin(), given.end(), [](const auto& field) { return field.second; });
}

Round load_round_csv(const std::filesystem::path& dir, const Framework& framework, const Rubric* rubric) {
    return tables_reader(dir, false, framework, rubric).read();
}

Round load_round_workbook(const std::filesystem::path& file, const Framework& framework, const Rubric* rubric) {
    return tables_reader(file, true, framework, rubric).read();
}

RoundValues load_round_values(const std::filesystem::path& path, const Framework& framework, const Rubric* rubric,
                              const std::vector<std::string>& leaf_fields) {
    if (leaf_fields.size() != framework.leaves().size())
        throw std::invalid_argument(
            fmt::format("{} fields for {} leaves: one per leaf", leaf_fields.size(), framework.leaves().size()));
    std::error_code ec;
    const bool directory = std::filesystem::is_directory(path, ec);
    if (!directory && !detail::workbook_extension(path.extension().string()))
        return {load_round(path, framework, rubric), std::nullopt};
    for (const bool as_read : {true, false}) {
        CsvRoundReader reader = tables_reader(path, !directory, framework, rubric);
        reader.want_values(leaf_fields, as_read);
        try {
            Round round = reader.read();
            // A field given nowhere is usually misspelt: the round read whole names the fields it has.
            if (reader.values() && !every_field_given(*reader.values(), leaf_fields))
                return {load_round(path, framework, rubric), std::nullopt};
            return {std::move(round), std::move(reader.values())};
        } catch (const CellsNeeded&) {
            // Read again, keeping the cells until the values are taken.
        }
    }
    throw std::logic_error("a round read keeping its cells needs them again");
}

} // namespace shifan

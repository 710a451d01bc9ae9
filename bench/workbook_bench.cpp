// Reading a filled collection workbook (.xlsx) of the synthetic round at 300 and 3,200 units: the
// issue's target is a 3,200-county workbook (about 400,000 cells) read in under 2 s
// (docs/performance.md, "Reading collection workbooks").
//
// The workbook is made once per size, outside the timing, from the very tables BM_LoadFieldsWide
// reads (bench/rounds.hpp, fields_only_directory): a sheet 单位 with the round's `#id` and
// `#indicators` in column A, then `id,name` and a row per unit (units.csv's first two columns); a
// sheet 指标数据 that is the wide fields table cell for cell (`unit`, then a column per
// `<leaf code>.<field>`, a row per unit), numbers written as numbers, true/false as booleans, the
// rest as text. libxlsxwriter writes it with constant_memory, as the engine's own workbooks are
// written (text inline in its cells, no shared strings). Setup checks that the sheet reads back as
// the wide CSV text, byte for byte, so that the two benchmarks read the same values.
//
//   shifan_bench --benchmark_filter='BM_(ReadWorkbook|LoadRoundWorkbook|LoadFieldsWide|LoadFieldsJson)/(300|3200)$'
#include "rounds.hpp"

#include "infra/zip_handles.hpp"
#include "load/workbook.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

namespace {

namespace fs = std::filesystem;
namespace mz = shifan::detail::mz;

/// The collection workbook of one size: its file (kept until the benchmarks end), its bytes, and
/// what it holds.
struct CollectionWorkbook {
    fs::path file;
    std::string bytes;
    std::size_t cells = 0;          ///< cells with a value, both sheets, headers and metadata included
    std::size_t field_values = 0;   ///< values of fields (指标数据 without its header and unit column)
    std::uint64_t sheet_xml = 0;    ///< the sheets' XML parts, inflated
    std::size_t wide_csv_bytes = 0; ///< the wide CSV table it was made from

    CollectionWorkbook() = default;
    CollectionWorkbook(const CollectionWorkbook&) = delete;
    CollectionWorkbook& operator=(const CollectionWorkbook&) = delete;
    ~CollectionWorkbook() {
        std::error_code ignored;
        if (!file.empty()) fs::remove(file, ignored);
    }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The records of a CSV text written by rounds.hpp (no quoted cells: the synthetic texts hold no
/// commas or quotes), each record's cells as views into `text`.
std::vector<std::vector<std::string_view>> split_csv(std::string_view text) {
    if (text.find('"') != std::string_view::npos) throw std::runtime_error("quoted CSV cells are not expected");
    std::vector<std::vector<std::string_view>> records;
    while (!text.empty()) {
        const std::size_t newline = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(std::min(newline + 1, text.size()));
        auto& cells = records.emplace_back();
        for (;;) {
            const std::size_t comma = line.find(',');
            cells.push_back(line.substr(0, comma));
            if (comma == std::string_view::npos) break;
            line.remove_prefix(comma + 1);
        }
    }
    return records;
}

/// A text's number, or NaN (which equals nothing) when it is not one.
double number_of(std::string_view text) {
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    return ec == std::errc() && end == text.data() + text.size() ? number : std::nan("");
}

/// libxlsxwriter's calls end in an error code; any error ends the setup.
void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR) throw std::runtime_error(fmt::format("{}: {}", what, lxw_strerror(error)));
}

/// A cell of the wide table as a spreadsheet holds it: a number (as the table writes numbers:
/// no leading zeros), a boolean, or text. Empty cells are not written.
bool write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, std::string_view text) {
    if (text.empty()) return false;
    if (text == "true" || text == "false") {
        check(worksheet_write_boolean(sheet, row, column, text == "true", nullptr), "write_boolean");
        return true;
    }
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    const std::string_view digits = text.substr(text.starts_with('-') ? 1 : 0);
    const bool leading_zero = digits.size() > 1 && digits[0] == '0' && digits[1] != '.';
    if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(number) && !leading_zero) {
        check(worksheet_write_number(sheet, row, column, number, nullptr), "write_number");
        return true;
    }
    check(worksheet_write_string(sheet, row, column, std::string(text).c_str(), nullptr), "write_string");
    return true;
}

/// The inflated size of the workbook's sheet parts (xl/worksheets/*.xml).
std::uint64_t sheet_xml_bytes(const fs::path& file) {
    std::unique_ptr<void, shifan::detail::UnzipClose> zip(mz::unzOpen64(file.c_str()));
    if (!zip) throw std::runtime_error("cannot open " + file.string());
    std::uint64_t bytes = 0;
    for (int status = mz::unzGoToFirstFile(zip.get()); status == UNZ_OK; status = mz::unzGoToNextFile(zip.get())) {
        unz_file_info64 info{};
        char name[1024];
        if (mz::unzGetCurrentFileInfo64(zip.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) break;
        const std::string_view part(name);
        if (part.starts_with("xl/worksheets/") && part.ends_with(".xml")) bytes += info.uncompressed_size;
    }
    return bytes;
}

/// Writes the collection workbook of the synthetic round with `units` units (see the top).
std::unique_ptr<CollectionWorkbook> make_workbook(std::uint32_t units) {
    const fs::path wide = shifan::bench::fields_only_directory(units) / "wide";
    const std::string units_csv = slurp(wide / "units.csv");
    const std::string fields_csv = slurp(wide / "fields.csv");
    auto out = std::make_unique<CollectionWorkbook>();
    out->file = fs::temp_directory_path() /
                fmt::format("shifan-bench-collection-{}x{}-{}.xlsx", units, shifan::bench::leaves, getpid());
    out->wide_csv_bytes = fields_csv.size();

    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* workbook = workbook_new_opt(out->file.c_str(), &options);
    if (!workbook) throw std::runtime_error("cannot create " + out->file.string());
    try {
        lxw_worksheet* unit_sheet = workbook_add_worksheet(workbook, "单位");
        lxw_worksheet* field_sheet = workbook_add_worksheet(workbook, "指标数据");
        if (!unit_sheet || !field_sheet) throw std::runtime_error("cannot add the sheets");
        lxw_row_t row = 0;
        for (const auto& record : split_csv(units_csv)) {
            if (record.front().starts_with("#id:") || record.front().starts_with("#indicators:")) {
                out->cells += write_cell(unit_sheet, row++, 0, record.front());
            } else if (!record.front().starts_with('#') && record.size() >= 2) {
                // The header as units.csv has it (id, name), then each unit's id and name, as text.
                for (lxw_col_t column = 0; column < 2; ++column)
                    check(worksheet_write_string(unit_sheet, row, column, std::string(record[column]).c_str(), nullptr),
                          "write_string");
                out->cells += 2;
                ++row;
            }
        }
        row = 0;
        for (const auto& record : split_csv(fields_csv)) {
            for (lxw_col_t column = 0; column < record.size(); ++column) {
                if (row == 0 || column == 0) {
                    // The header and the units' ids are text.
                    check(
                        worksheet_write_string(field_sheet, row, column, std::string(record[column]).c_str(), nullptr),
                        "write_string");
                    ++out->cells;
                } else if (write_cell(field_sheet, row, column, record[column])) {
                    ++out->cells;
                    ++out->field_values;
                }
            }
            ++row;
        }
    } catch (...) {
        workbook_close(workbook);
        throw;
    }
    check(workbook_close(workbook), "workbook_close");
    out->bytes = slurp(out->file);
    out->sheet_xml = sheet_xml_bytes(out->file);

    // The sheet must read back as the wide table it was made from, so that both benchmarks read the
    // same values (a number may be written otherwise: 7e-04 for 0.0007).
    const shifan::detail::Workbook read = shifan::detail::read_workbook(out->bytes, out->file.string());
    const std::string read_csv = read.sheets.size() == 2 ? shifan::detail::sheet_as_csv(read.sheets[1]) : "";
    const auto expected = split_csv(fields_csv), got = split_csv(read_csv);
    bool same = expected.size() == got.size();
    for (std::size_t r = 0; same && r < expected.size(); ++r) {
        same = expected[r].size() == got[r].size();
        for (std::size_t c = 0; same && c < expected[r].size(); ++c)
            same = expected[r][c] == got[r][c] || number_of(expected[r][c]) == number_of(got[r][c]);
    }
    if (!same) throw std::runtime_error("the workbook's 指标数据 does not read back as the wide fields table");
    return out;
}

/// The collection workbook of `units` units, made on first use and kept until the benchmarks end.
const CollectionWorkbook& collection_workbook(std::uint32_t units) {
    static std::map<std::uint32_t, std::unique_ptr<CollectionWorkbook>> made;
    auto& workbook = made[units];
    if (!workbook) workbook = make_workbook(units);
    return *workbook;
}

/// The workbook's sizes and cells as counters.
void workbook_counters(benchmark::State& state, const CollectionWorkbook& workbook) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * workbook.bytes.size()));
    state.counters["cells/s"] =
        benchmark::Counter(static_cast<double>(workbook.cells), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["cells"] = static_cast<double>(workbook.cells);
    state.counters["field values"] = static_cast<double>(workbook.field_values);
    state.counters["xlsx bytes"] = static_cast<double>(workbook.bytes.size());
    state.counters["sheet XML bytes"] = static_cast<double>(workbook.sheet_xml);
    state.counters["wide CSV bytes"] = static_cast<double>(workbook.wide_csv_bytes);
    state.counters["per unit"] =
        benchmark::Counter(static_cast<double>(state.range(0)),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// Only the workbook reader: the archive inflated, the XML parsed, every cell's text, from the
/// bytes in memory.
void BM_ReadWorkbook(benchmark::State& state) {
    const CollectionWorkbook* workbook = nullptr;
    try {
        workbook = &collection_workbook(static_cast<std::uint32_t>(state.range(0)));
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    for (auto _ : state) {
        const shifan::detail::Workbook read = shifan::detail::read_workbook(workbook->bytes, workbook->file.string());
        benchmark::DoNotOptimize(read.sheets.data());
    }
    workbook_counters(state, *workbook);
}
BENCHMARK(BM_ReadWorkbook)->Arg(300)->Arg(3200)->Unit(benchmark::kMillisecond);

/// The whole round from the workbook file: `load_round(path, framework)` reads the file, the
/// workbook, its sheets as the CSV round reader's tables, and builds the round.
void BM_LoadRoundWorkbook(benchmark::State& state) {
    const auto units = static_cast<std::uint32_t>(state.range(0));
    const CollectionWorkbook* workbook = nullptr;
    try {
        workbook = &collection_workbook(units);
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    const shifan::Framework framework =
        shifan::load_framework(shifan::bench::round_directory(units) / "indicators.json");
    for (auto _ : state) {
        const shifan::Round round = shifan::load_round(workbook->file, framework);
        benchmark::DoNotOptimize(round.entries().data());
    }
    workbook_counters(state, *workbook);
}
BENCHMARK(BM_LoadRoundWorkbook)->Arg(300)->Arg(3200)->Unit(benchmark::kMillisecond);

} // namespace

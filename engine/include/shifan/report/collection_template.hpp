// The collection workbook (数据采集表): the form an evaluation team sends every unit to fill in,
// made from the indicator system and the rubric, and read back as the round's evidence. Every field
// a rule reads is a row (or a column) with its type checked by the spreadsheet program itself — a
// drop-down for booleans, grades and methods, a percentage for shares, whole numbers for counts,
// dates for dates — on protected sheets where only the input cells can be changed.
//
// Sheets, in order (Chinese / English names; the reader depends on them exactly):
//   填表说明 / Instructions  what the round is, how to fill in, every field with its type, allowed
//                            values, unit, scoring rule and an example, and the files it was made from
//   单位 / units             `#id:`, `#name:`, `#indicators:` rows, then 单位编号 单位名称 (id name)
//   指标数据 / fields        long: one row per unit × leaf × field (单位编号 单位名称 指标编号 指标名称
//                            字段 填报要求 值 评估方式 佐证材料 备注); wide: one row per unit, a column
//                            per `code.field`, `code.method` and `code.ref`
//   评估记录 / entries       one row per unit × leaf scored without fields: 单位编号 单位名称 指标编号
//                            指标名称 评估方式 佐证材料 备注
//   问题清单 / findings      单位编号 指标编号 问题等级 数量 问题描述 评估方式 佐证材料
//   专家评分 / ratings       单位编号 指标编号 专家 评分
//   加分与否决 / events      单位编号 类型 加分项目 类别 数量 指标编号 日期 佐证材料 备注 评估方式
//   选项 / lists             hidden: the drop-down lists too long to be written in place
// docs/collection.md describes the workbook for the people who fill it in, and how it is read back.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/audit.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/infra/output.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/rubric.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// How the fields sheet is laid out: one row per unit and field, or one row per unit.
enum class CollectionLayout : std::uint8_t { long_rows, wide };

/// "long" or "wide".
SHIFAN_API std::optional<CollectionLayout> parse_collection_layout(std::string_view text);

/// A unit a template is made for.
struct CollectionUnit {
    std::string id;
    std::string name;
    /// Its attributes (片区, 级别 … by key), written in the units sheet so that the round read back
    /// groups the units as the source did.
    std::vector<std::pair<std::string, std::string>> attributes = {};
};

/// The units of a round to collect, with the round's id and name when the source gives them.
struct CollectionUnits {
    std::string round_id, round_name;
    std::vector<CollectionUnit> units;
    std::vector<std::pair<std::string, std::string>> attribute_names; ///< key → name (级别 for level)
};

/// Reads the units to collect from any units table shifan reads: a units CSV (columns `id` and
/// `name` or their Chinese names, `#id:`/`#name:`/`#indicators:` metadata rows), or a round (an
/// evidence JSON file or a directory of CSV tables, loaded against `framework`). Throws InputError
/// naming the file: an unknown kind of file, a missing id column, an empty or repeated id, a round
/// for another indicator system, no units at all.
SHIFAN_API CollectionUnits load_collection_units(const std::filesystem::path& path, const Framework& framework);

struct CollectionTemplateOptions {
    /// The language of every word in the workbook (sheet names and column titles included).
    Language language = Language::zh;
    CollectionLayout layout = CollectionLayout::long_rows;
    /// The round the evidence is for; empty: `<indicator system id>-collection`.
    std::string round_id;
    std::string round_name;
    /// `YYYY-MM-DD`, the date to return the workbook by, or empty.
    std::string deadline;
    /// The units to fill in for; none: empty rows the units fill in themselves.
    std::vector<CollectionUnit> units;
    /// The names of the units' attributes (`#attribute level: 级别` rows of the units sheet).
    std::vector<std::pair<std::string, std::string>> attribute_names;
    /// The files the indicator system and rubric were read from, as the instructions list them
    /// (audit_inputs("indicators", path), audit_inputs("rubric", path)); empty for inputs built in
    /// memory.
    std::vector<AuditInput> inputs;
};

/// The round id a template records: `options.round_id`, else `<framework id>-collection`.
SHIFAN_API std::string collection_round_id(const Framework& framework, const CollectionTemplateOptions& options);

/// Writes the collection workbook to `file` atomically (a temporary file renamed into place; on
/// failure the target is untouched). The same inputs and options give the same bytes (the document's
/// creation time is fixed). Throws ArgumentError for a deadline that is not a date, OutputError
/// naming the file when it cannot be written.
SHIFAN_API void write_collection_template(const Framework& framework, const Rubric& rubric,
                                          const CollectionTemplateOptions& options, const std::filesystem::path& file);
/// The same into `batch`, renamed into place with the batch's other files when it is committed.
SHIFAN_API void write_collection_template(OutputBatch& batch, const Framework& framework, const Rubric& rubric,
                                          const CollectionTemplateOptions& options, const std::filesystem::path& file);

/// The file name of a unit's own workbook: `<id>-<name>.xlsx` with both made safe for any file
/// system (a path separator, a character Windows refuses, a reserved device name, a leading dot …
/// replaced; see infra/file_names.hpp), `<id>.xlsx` for a unit without a name; "" when the id
/// makes no file name (an empty id).
SHIFAN_API std::string unit_template_file_name(const CollectionUnit& unit);

/// One workbook per unit of `options.units` in `dir` (created if missing), each named by
/// unit_template_file_name and holding that unit only, in the long layout; written all or nothing
/// (one OutputBatch). Returns the files written, in the units' order. Throws ArgumentError when
/// there are no units or the layout is wide, OutputError naming `dir` when a unit's id makes no file
/// name or two units would get the same file (compared ignoring case, as Windows and macOS do:
/// never an overwrite), or a file cannot be written.
SHIFAN_API std::vector<std::filesystem::path> write_unit_collection_templates(const Framework& framework,
                                                                              const Rubric& rubric,
                                                                              const CollectionTemplateOptions& options,
                                                                              const std::filesystem::path& dir);

} // namespace shifan

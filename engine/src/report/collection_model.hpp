// What a collection workbook asks for, worked out from the indicator system and the rubric before
// any cell is written: the fields and how each is described and checked, and the lists the
// findings, ratings and events sheets offer. collection_template.cpp builds it, and
// collection_workbook.cpp writes it with libxlsxwriter.
#pragma once

#include "shifan/load/framework.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/report/collection_template.hpp"

#include "infra/reason_error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace shifan::detail {

/// What the spreadsheet program checks in an input cell, and how it shows the value.
struct CellCheck {
    enum class Kind : std::uint8_t { none, list, whole, decimal, date };
    Kind kind = Kind::none;
    std::vector<std::string> choices; ///< a list's values, in order
    std::optional<double> min, max;   ///< bounds of whole and decimal numbers
    bool percent = false;             ///< shown as 0.00%: typing 96 enters 96%
    bool date_format = false;         ///< shown as yyyy-mm-dd
    std::string input;                ///< the message shown on entering the cell ("" for none)
    std::string error;                ///< the alert on a value the check refuses
};

/// A field a rule reads, as the workbook describes and checks it.
struct TemplateField {
    NodeIndex leaf = 0;
    std::string field;
    std::string type;    ///< 是/否, 比例, 数量, 数值, 等级, 日期, 文本
    std::string allowed; ///< the values allowed, in words
    std::string unit;    ///< the unit of measure the rubric declares
    std::string guide;   ///< what to fill in: the field's description or its rule's label, and what it takes
    std::string scoring; ///< how the rules that read it give points, one sentence per rule
    std::string example;
    CellCheck check;
};

/// Everything the workbook offers, in the language it is written in.
struct TemplateModel {
    Language language = Language::zh;
    std::vector<TemplateField> fields;   ///< leaf order, then the order FieldDomains::of gives
    std::vector<NodeIndex> field_leaves; ///< the leaves with fields, in order
    std::vector<NodeIndex> entry_leaves; ///< the leaves with rules and no fields, in order
    std::vector<NodeIndex> finding_leaves, rating_leaves;
    std::vector<std::string> severities; ///< as shown: 一般, 较大 … in Chinese, the keys in English
    std::optional<double> rating_min, rating_max;
    std::vector<std::string> bonus_items; ///< names in Chinese, ids in English
    std::vector<std::string> event_kinds; ///< veto and deduction kinds: names in Chinese, keys in English
    CellCheck count_check;                ///< a whole number of at least 1
    CellCheck date_check;
};

TemplateModel template_model(const Framework& framework, const Rubric& rubric, Language language);

/// The drop-down of an indicator's methods (none when it lists no method).
CellCheck method_check(const Indicator& indicator, Language language);
/// The drop-down of `choices` (none when there are none).
CellCheck list_check(std::vector<std::string> choices, Language language);

/// Everything one workbook holds.
struct TemplateWorkbook {
    const Framework& framework;
    const Rubric& rubric;
    const TemplateModel& model;
    const CollectionTemplateOptions& options;
    std::string round_id;
    std::vector<CollectionUnit> units; ///< the units of this workbook (one for a unit's own)
    bool for_one_unit = false;         ///< a unit's own workbook: the instructions name it
};

/// Why a workbook cannot be written, in both languages; the caller names the file in front. A
/// libxlsxwriter that cannot be opened (RuntimeLibraryUnavailable) is such a reason too.
using TemplateFailure = ReasonError;

/// Writes the workbook to `file` (a temporary of an OutputBatch) with libxlsxwriter. Throws
/// TemplateFailure.
void write_template_workbook(const std::filesystem::path& file, const TemplateWorkbook& workbook);

} // namespace shifan::detail

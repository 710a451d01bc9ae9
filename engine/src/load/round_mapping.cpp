// The mapping between rounds read from CSV.
#include "shifan/load/round_mapping.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "infra/problems.hpp"
#include "load/csv_table.hpp"

#include <array>

namespace shifan {

namespace {

constexpr std::array<detail::HeaderAlias, 14> mapping_aliases = {{
    {"类别", "kind"},
    {"类型", "kind"},
    {"上一轮", "from_round"},
    {"原轮次", "from_round"},
    {"本轮", "to_round"},
    {"新轮次", "to_round"},
    {"原代码", "from"},
    {"原编号", "from"},
    {"新代码", "to"},
    {"新编号", "to"},
    {"说明", "note"},
    {"备注", "note"},
    {"原", "from"},
    {"新", "to"},
}};

} // namespace

RoundMapping parse_round_mapping(std::string bytes, const std::string& source) {
    detail::CsvReader reader(std::move(bytes), source);
    reader.apply_aliases(mapping_aliases);
    reader.require_columns({"kind", "from", "to"});
    reader.allow_columns({"kind", "from_round", "to_round", "from", "to", "note"});
    const int kind = reader.column("kind"), from_round = reader.column("from_round"),
              to_round = reader.column("to_round"), from = reader.column("from"), to = reader.column("to");
    RoundMapping mapping;
    mapping.source = source;
    detail::Problems problems;
    reader.for_each_row([&](const detail::CsvRow& row) {
        MappingRow out;
        out.row = row.number;
        const std::string_view kind_text = row.cell(kind);
        if (kind_text == "indicator" || kind_text == "指标")
            out.kind = MappingRow::Kind::indicator;
        else if (kind_text == "unit" || kind_text == "单位")
            out.kind = MappingRow::Kind::unit;
        else {
            problems.add(InputError(source, reader.cell_place(row.number, "kind"),
                                    both(Msg::err_mapping_kind, arg("kind", kind_text))),
                         row.number);
            return;
        }
        out.from_round = row.cell(from_round);
        out.to_round = row.cell(to_round);
        out.from = row.cell(from);
        out.to = row.cell(to);
        if (out.from.empty() && out.to.empty()) {
            problems.add(InputError(source, reader.places().row(row.number), both(Msg::err_mapping_empty_row)),
                         row.number);
            return;
        }
        mapping.rows.push_back(std::move(out));
    });
    problems.raise_if_any();
    mapping.conversions = reader.conversions();
    return mapping;
}

RoundMapping read_round_mapping(const std::filesystem::path& file) {
    return parse_round_mapping(detail::read_file(file), file.string());
}

} // namespace shifan

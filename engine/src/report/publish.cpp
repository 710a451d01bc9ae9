// Publishing tables (declared in publish.hpp): the writer for each format, and the audit attached
// where the format has room for it.
#include "shifan/report/publish.hpp"

#include "shifan/infra/output.hpp"
#include "shifan/report/html.hpp"
#include "shifan/report/pdf.hpp"
#include "shifan/report/report.hpp"
#include "shifan/report/result_json.hpp"
#include "shifan/report/tables.hpp"
#include "shifan/report/xlsx.hpp"
#include "shifan/version.hpp"

#include "infra/language/say.hpp"

#include <ostream>
#include <stdexcept>

#include <fmt/format.h>

namespace shifan {

std::optional<Format> parse_format(std::string_view text) {
    if (text == "table") return Format::table;
    if (text == "csv") return Format::csv;
    if (text == "md") return Format::markdown;
    if (text == "json") return Format::json;
    if (text == "xlsx") return Format::xlsx;
    if (text == "html") return Format::html;
    if (text == "pdf") return Format::pdf;
    return std::nullopt;
}

Table figures_table(const Document& document) {
    const Language language = document.language;
    Table table;
    table.id = document.figures_id;
    table.title = document.figures_title.empty() ? say(language, Msg::html_glance) : document.figures_title;
    table.sheet = table.title;
    table.add_column("item", say(language, Msg::notice_column_item));
    table.add_column("value", say(language, Msg::notice_column_value));
    table.add_column("key", say(language, Msg::notice_column_key));
    for (const KeyFigure& figure : document.figures)
        table.rows.push_back({figure.label, figure.value, figure.key});
    table.notes = document.notes;
    return table;
}

namespace {

/// The workbook's properties: its title and, with an audit, what made it (the command and shifan's
/// version) and the inputs it came from. A workbook written without an audit records no provenance.
WorkbookProperties workbook_properties(const Document& document, const Destination& destination, const Audit* audit) {
    WorkbookProperties properties;
    properties.title = document.heading;
    if (audit) {
        properties.subject = document.subject;
        properties.comments = fmt::format("shifan {}", version);
        try {
            properties.custom = audit_properties(*audit);
        } catch (const std::invalid_argument& e) {
            // The library's reason is English only (its type is pinned for embedders): quoted in Chinese.
            throw OutputError(
                both(Msg::err_out_workbook_audit, arg("target", destination.out.string()), arg("problem", e.what())));
        }
    }
    return properties;
}

/// The document as one text in a format other than CSV and workbooks.
std::string document_text(const Document& document, Format format) {
    const bool lone = document.lone_table || document.tables.size() == 1;
    switch (format) {
    case Format::json:
        return lone ? table_json(document.tables.front()) : tables_json(document.tables, document.json_header);
    case Format::markdown:
        return tables_markdown(document.tables, document.heading);
    case Format::table:
        if (!document.narrative.empty()) return document.narrative;
        return document.lone_table ? table_text(document.tables.front())
                                   : tables_text(document.tables, document.heading);
    case Format::csv:
    case Format::xlsx:
    case Format::html:
    case Format::pdf:
        break;
    }
    return table_csv(document.tables.front());
}

} // namespace

namespace {

/// Whether the document has key figures or notes, which the formats without room for a list of their
/// own give as a first table.
bool has_figures(const Document& document) { return !document.figures.empty() || !document.notes.empty(); }

/// The document with its key figures as a first table (has_figures); the document itself when it
/// has none.
Document with_figures(const Document& given) {
    if (!has_figures(given)) return given;
    Document document = given;
    document.tables.insert(document.tables.begin(), figures_table(given));
    document.lone_table = false;
    return document;
}

/// Writes the document into `batch` at `destination.out` (set), with its audit (null: none).
void write_document(OutputBatch& batch, const Document& given, const Destination& destination, const Audit* audit) {
    namespace fs = std::filesystem;
    const fs::path& out = destination.out;
    const std::string audit_text = audit ? audit_json(*audit) + "\n" : std::string();
    if (destination.format == Format::html) {
        batch.open(out).write(document_html(given, audit));
        return;
    }
    if (destination.format == Format::pdf) {
        batch.open(out).write(html_to_pdf(document_html(given, audit)));
        if (audit) batch.open(audit_side_file(out)).write(audit_text);
        return;
    }
    // The tables are not copied where they are written one by one (a composite index's notes are
    // as large as its values).
    const bool figures = has_figures(given);
    if (destination.format == Format::xlsx) {
        std::vector<Table> tables;
        if (figures) tables.push_back(figures_table(given));
        tables.insert(tables.end(), given.tables.begin(), given.tables.end());
        if (audit) tables.push_back(audit_table(*audit, parse_language(audit->language).value_or(Language::en)));
        write_xlsx(batch, out, tables, workbook_properties(given, destination, audit));
        return;
    }
    if (destination.format == Format::csv && given.tables.size() + (figures ? 1 : 0) > 1) {
        batch.make_directory(out);
        const auto write_table = [&](const Table& table) {
            batch.open(out / (table.id + ".csv")).write(table_csv(table, destination.bom, destination.csv_header));
        };
        if (figures) write_table(figures_table(given));
        for (const Table& table : given.tables)
            write_table(table);
        if (audit) batch.open(out / "audit.json").write(audit_text);
        return;
    }
    const Document document = with_figures(given);
    const std::string text = destination.format == Format::csv
                                 ? table_csv(document.tables.front(), destination.bom, destination.csv_header)
                                 : document_text(document, destination.format);
    if (!audit) {
        batch.open(out).write(text);
    } else if (destination.format == Format::json) {
        batch.open(out).write(json_with_audit(text, *audit));
    } else if (destination.format == Format::markdown) {
        batch.open(out).write(markdown_with_audit(text, *audit));
    } else {
        batch.open(out).write(text);
        batch.open(audit_side_file(out)).write(audit_text);
    }
}

} // namespace

void publish(const Document& given, const Destination& destination, const Audit* audit, std::ostream& printed) {
    if (given.tables.empty()) throw std::invalid_argument("there are no tables to publish");
    if (!destination.out.empty()) {
        OutputBatch batch;
        write_document(batch, given, destination, audit);
        batch.commit();
        return;
    }
    switch (destination.format) {
    case Format::xlsx:
        throw std::invalid_argument("a workbook is written to a file, not printed");
    case Format::pdf:
        throw std::invalid_argument("a PDF is written to a file, not printed");
    case Format::html:
        printed << document_html(given, nullptr);
        return;
    case Format::table:
    case Format::csv:
    case Format::markdown:
    case Format::json:
        break;
    }
    const Document document = with_figures(given);
    if (destination.format == Format::csv && document.tables.size() > 1)
        throw std::invalid_argument("several CSV tables are written to a directory, one file each");
    printed << (destination.format == Format::csv
                    ? table_csv(document.tables.front(), destination.bom, destination.csv_header)
                    : document_text(document, destination.format));
}

void publish_each(const std::vector<Document>& documents, const std::vector<std::filesystem::path>& files,
                  const Destination& destination, const Audit* audit) {
    if (documents.size() != files.size()) throw std::invalid_argument("one file per document");
    OutputBatch batch;
    if (!documents.empty()) batch.make_directory(files.front().parent_path());
    for (std::size_t i = 0; i < documents.size(); ++i) {
        Destination one = destination;
        one.out = files[i];
        write_document(batch, documents[i], one, audit);
    }
    batch.commit();
}

namespace {

/// An output stream as a sink.
class StreamSink : public OutputSink {
public:
    explicit StreamSink(std::ostream& stream) : stream_(stream) {}
    void write(std::string_view text) override {
        stream_.write(text.data(), static_cast<std::streamsize>(text.size()));
    }

private:
    std::ostream& stream_;
};

} // namespace

void print_result(const Ranking& ranking, const Result& result, Format format, bool bom, std::ostream& printed,
                  Language language, CsvHeader csv_header, bool reasons) {
    if (format == Format::json) {
        StreamSink sink(printed);
        write_result_json(sink, ranking, result, {language, reasons});
    } else if (format == Format::csv) {
        printed << ranking_csv(ranking, result, bom, language, csv_header);
    } else if (format == Format::markdown) {
        printed << table_markdown(ranking_data(ranking, result, {false, false, language}));
    } else if (format == Format::xlsx) {
        throw std::invalid_argument("a workbook is written to a file, not printed");
    } else {
        printed << ranking_table(ranking, result, language);
    }
}

std::string write_result(const Ranking& ranking, const Result& result, const std::filesystem::path& dir, bool bom,
                         const Audit& audit, Language language, CsvHeader csv_header, bool workbook, bool reasons) {
    OutputBatch batch;
    batch.make_directory(dir);
    std::string ranking_text = ranking_csv(ranking, result, bom, language, csv_header);
    batch.open(dir / "ranking.csv").write(ranking_text);
    {
        AuditedJsonSink audited(batch.open(dir / "result.json"), audit);
        write_result_json(audited, ranking, result, {language, reasons});
        audited.finish();
    }
    batch.open(dir / "audit.json").write(audit_json(audit) + "\n");
    if (workbook) {
        // The full ranking (first-level columns and notes) and the audit, as `rank --format xlsx` writes them.
        const Destination destination{Format::xlsx, dir / "ranking.xlsx"};
        Document document;
        document.tables = {ranking_data(ranking, result, {true, true, language}), audit_table(audit, language)};
        document.heading = report_heading(result);
        document.subject = "score";
        write_xlsx(batch, destination.out, document.tables, workbook_properties(document, destination, &audit));
    }
    batch.commit();
    return ranking_text;
}

} // namespace shifan

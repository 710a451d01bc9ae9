// A document as one self-contained HTML page: inline CSS and SVG, no script, font or image fetched
// from anywhere (a Content-Security-Policy forbids it), so that it works offline and when mailed,
// and prints to A4 cleanly (pages break before sections, table headers repeat, charts scale to the
// page). Every text from the inputs is escaped (markup.hpp). The same document gives the same bytes.
//
// In order: the heading, the preamble, the key figures (a <dl>), the first table (the report's
// ranking), the charts, every other table, the notes, the audit. A table wider than a printed page
// is cut into parts that repeat its identifying columns (rank, id, name); columns of one group
// (a first-level indicator's score, rate and rank) stay together.
//
// What tests and other programs may rely on: each table is <table class="report-table"
// id="table-ID" data-table="ID"> with <th data-key="KEY"> and <td data-key="KEY"> holding the text
// as shown; its later parts carry class "continuation" and data-part="N". Each chart is <figure
// class="chart" id="chart-ID" data-chart="ID"> holding one <svg role="img"> (svg.hpp). The key
// figures are <dl class="figures" id="FIGURES_ID"> with <dd data-key="KEY">.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/audit.hpp"
#include "shifan/report/publish.hpp"

#include <string>

namespace shifan {

/// The document as an HTML page, with its audit (null: a printed page, which carries none).
SHIFAN_API std::string document_html(const Document& document, const Audit* audit);

} // namespace shifan

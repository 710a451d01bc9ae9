// An HTML page printed to PDF by headless Chromium (Debian's package chromium), the browser
// people print the HTML report from: what they get from the print dialog is what `--format pdf`
// writes. The browser runs with its own empty profile, no network and no sandbox-dependent features,
// and is stopped if it takes longer than two minutes.
//
// Chromium stamps a PDF with the time it was made and a random document id; those bytes are replaced
// by fixed ones of the same length (the PDF's cross-reference offsets stay valid), so the same page
// gives the same PDF.
#pragma once

#include "shifan/export.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace shifan {

/// The browser: the program SHIFAN_CHROMIUM names when it is set, else the first of chromium,
/// chromium-browser, google-chrome and google-chrome-stable on PATH; nothing when there is none.
SHIFAN_API std::optional<std::filesystem::path> find_chromium();

/// The page printed to A4 as PDF bytes. Throws OutputError naming the package to install when
/// there is no browser, and quoting the browser's own output when it fails.
SHIFAN_API std::string html_to_pdf(std::string_view html);

/// The PDF's creation and modification times and its document id replaced by fixed values of the
/// same length. Exposed for tests.
SHIFAN_API std::string pdf_without_timestamps(std::string pdf);

} // namespace shifan

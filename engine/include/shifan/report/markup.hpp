// Text from the inputs made safe inside HTML and SVG: a unit named `<script>…` shows as those
// characters and never becomes markup, in element content and in attribute values alike.
#pragma once

#include "shifan/export.hpp"

#include <string>
#include <string_view>

namespace shifan {

/// `text` for element content or a quoted attribute value: & < > " ' become character references,
/// and control characters and bidirectional overrides are made visible as escape_controls
/// (text.hpp) writes them, keeping line breaks and tabs. Bytes that are not UTF-8 become U+FFFD.
SHIFAN_API std::string markup_escape(std::string_view text);

} // namespace shifan

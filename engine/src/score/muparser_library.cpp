#include "score/muparser_library.hpp"

namespace shifan::detail::mup {

const RuntimeLibrary muparser{SHIFAN_MUPARSER_FILE, "libmuparser2v5", Msg::purpose_evaluating_formulas};

SHIFAN_RUNTIME_LIBRARY_DEFINITIONS(SHIFAN_MUPARSER_FUNCTIONS, muparser)

} // namespace shifan::detail::mup

#include "load/expat_library.hpp"

namespace shifan::detail::xml {

const RuntimeLibrary expat{SHIFAN_EXPAT_FILE, "libexpat1", Msg::purpose_reading_xml};

SHIFAN_RUNTIME_LIBRARY_DEFINITIONS(SHIFAN_EXPAT_FUNCTIONS, expat)

} // namespace shifan::detail::xml

#include "score/muparser_library.hpp"

namespace shifan::detail::mup {

SHIFAN_RUNTIME_LIBRARY_DEFINITIONS(SHIFAN_MUPARSER_FUNCTIONS, muparser)

} // namespace shifan::detail::mup

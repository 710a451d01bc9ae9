#include "report/xlsxwriter_library.hpp"

namespace shifan::detail::lxw {

SHIFAN_RUNTIME_LIBRARY_DEFINITIONS(SHIFAN_XLSXWRITER_FUNCTIONS, xlsxwriter)

} // namespace shifan::detail::lxw

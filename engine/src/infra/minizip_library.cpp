#include "infra/minizip_library.hpp"

namespace shifan::detail::mz {

const RuntimeLibrary minizip{SHIFAN_MINIZIP_FILE, "libminizip1", Msg::purpose_zip_archives};

SHIFAN_RUNTIME_LIBRARY_DEFINITIONS(SHIFAN_MINIZIP_FUNCTIONS, minizip)

} // namespace shifan::detail::mz

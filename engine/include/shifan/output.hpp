// Writing outputs so that nobody ever sees half a file: each file is written under a temporary name
// in the same directory and renamed into place only when every file of the batch is complete.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// Writes every (path, content) pair; on any failure no target is touched and the temporary files
/// are removed. Throws std::runtime_error naming the file and the reason.
void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

} // namespace shifan

// Writing outputs so that nobody ever sees half a file: each file is written under a temporary name
// in the same directory and renamed into place only when every file of the batch is complete.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

/// Receives a document in pieces, so that a large output never has to be held whole in memory.
class OutputSink {
public:
    virtual ~OutputSink() = default;
    virtual void write(std::string_view text) = 0;
};

/// Collects the pieces into a string.
class StringSink : public OutputSink {
public:
    void write(std::string_view text) override { text_.append(text); }
    std::string& text() noexcept { return text_; }

private:
    std::string text_;
};

/// A file to write and the function that writes its content into a sink.
struct OutputFile {
    std::filesystem::path path;
    std::function<void(OutputSink&)> write;
};

/// Writes every (path, content) pair; on any failure no target is touched and the temporary files
/// are removed. Throws std::runtime_error naming the file and the reason.
void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files);
/// The same for contents written piece by piece; an exception from a writer leaves every target as
/// it was.
void write_files_atomically(const std::vector<OutputFile>& files);

} // namespace shifan

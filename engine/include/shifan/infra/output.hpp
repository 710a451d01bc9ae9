// Writing outputs so that nobody ever sees half a file: each file is written under a temporary name
// in the same directory and renamed into place only when every file of the batch is complete. The
// one place shifan writes files: results, reports, workbooks and synthetic rounds alike.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

/// A file or directory that cannot be written: the message names it and says why, in both languages
/// (`what()` in English).
class SHIFAN_API OutputError : public std::runtime_error {
public:
    explicit OutputError(Bilingual message) : std::runtime_error(message.en), message_(std::move(message)) {}
#ifdef shifan_EXPORTS
    explicit OutputError(const std::string& message) = delete; // the library writes both languages
#else
    explicit OutputError(const std::string& message) : OutputError(Bilingual::same(message)) {}
#endif

    const std::string& message(Language language) const noexcept { return message_.in(language); }

private:
    Bilingual message_;
};

/// Creates the output directory `dir` if needed; throws OutputError when a file is in its place or
/// it cannot be created.
SHIFAN_API void make_output_directory(const std::filesystem::path& dir);

/// Receives a document in pieces, so that a large output never has to be held whole in memory.
class SHIFAN_API OutputSink {
public:
    virtual ~OutputSink() = default;
    virtual void write(std::string_view text) = 0;
};

/// Collects the pieces into a string.
class SHIFAN_API StringSink : public OutputSink {
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

/// Files written under temporary names beside their targets (`NAME.tmp-PID`) and renamed into place
/// together by `commit()`, so a reader finds every old file or every new one, never part of one.
/// Each file is synced before the renames and each directory after them; a batch destroyed
/// without being committed removes its temporaries, leaving the targets as they were. Opening a
/// target also removes what killed runs left beside it (`NAME.tmp-PID` of a process that is gone).
/// Failures throw OutputError naming the target and the reason.
class SHIFAN_API OutputBatch {
public:
    OutputBatch();
    ~OutputBatch();
    OutputBatch(const OutputBatch&) = delete;
    OutputBatch& operator=(const OutputBatch&) = delete;

    /// A sink that writes (buffered) into the temporary file of `target`; it stays valid as long as
    /// the batch. A target may be opened once.
    OutputSink& open(const std::filesystem::path& target);
    /// The temporary file of `target`, created empty, for a writer that writes a file by its name
    /// (libxlsxwriter); the batch syncs it and renames it with the others.
    std::filesystem::path path_for(const std::filesystem::path& target);
    /// Creates the directory `dir` and its missing parents (make_output_directory). A batch that is
    /// not committed removes again those it created, once its temporaries are gone and if nothing
    /// else was put in them: a failed run leaves no empty directory behind either.
    void make_directory(const std::filesystem::path& dir);
    /// Writes what is buffered, syncs every file, renames them into place in the order opened and
    /// syncs their directories.
    void commit();

private:
    struct File;
    std::filesystem::path add(const std::filesystem::path& target);
    std::vector<std::unique_ptr<File>> files_;
    std::vector<std::filesystem::path> created_; ///< directories made by make_directory, deepest first
    bool committed_ = false;
};

/// Writes every (path, content) pair as one batch. Throws OutputError naming the file and the
/// reason; no target is touched then.
SHIFAN_API void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files);
/// The same for contents written piece by piece; an exception from a writer leaves every target as
/// it was.
SHIFAN_API void write_files_atomically(const std::vector<OutputFile>& files);

} // namespace shifan

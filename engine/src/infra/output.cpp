#include "shifan/infra/output.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

namespace shifan {
namespace {

using detail::Access;
using detail::system_reason;

[[noreturn]] void fail(const std::filesystem::path& target, const Bilingual& why) {
    throw OutputError(both(Msg::err_out_cannot_write, arg("target", target.string()), arg("reason", why)));
}

/// Fails with the reason of errno, read before anything else can change it.
[[noreturn]] void fail_errno(const std::filesystem::path& target, int error) {
    fail(target, system_reason(error, Access::write));
}

} // namespace

// Named, not anonymous: OutputBatch::File holds one.
namespace detail {

/// Writes pieces to a file descriptor through a buffer; messages name the target, since the
/// temporary name means nothing to the user.
class FileSink : public OutputSink {
public:
    FileSink(const std::filesystem::path& path, const std::filesystem::path& target) : target_(target) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0) fail_errno(target_, errno);
    }
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;
    ~FileSink() override {
        if (fd_ >= 0) ::close(fd_);
    }

    // The buffer grows as pieces come, up to its capacity: a file written in one piece (most are)
    // takes no more than its own size, and several files open at once no megabyte each.
    void write(std::string_view text) override {
        if (buffer_.size() + text.size() > capacity) {
            drain();
            if (text.size() >= capacity) return put(text);
        }
        buffer_.append(text);
    }

    /// Writes what is buffered and closes (the batch syncs the file by its name).
    void finish() {
        drain();
        hand_to_disk();
        if (::close(std::exchange(fd_, -1)) != 0) fail_errno(target_, errno);
    }

private:
    static constexpr std::size_t capacity = std::size_t{1} << 20;

    void drain() {
        put(buffer_);
        buffer_.clear();
    }

    void put(std::string_view text) {
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail_errno(target_, errno);
            }
            done += static_cast<std::size_t>(n);
        }
        written_ += text.size();
        if (written_ - handed_to_disk_ >= write_back_step) hand_to_disk();
    }

    /// Starts writing what was written since the last call to the disk, without waiting. The batch
    /// syncs every file once all are written: then fsync waited for the whole of a large file (a
    /// 43 MB result.json: 40–60 ms, and the 1.35 GB of 100,000 units about a second); started as
    /// the file is written, most of it is on the disk by then. Advice only: a failure shows at the
    /// sync.
    void hand_to_disk() {
        if (written_ == handed_to_disk_) return;
        ::sync_file_range(fd_, static_cast<off_t>(handed_to_disk_), static_cast<off_t>(written_ - handed_to_disk_),
                          SYNC_FILE_RANGE_WRITE);
        handed_to_disk_ = written_;
    }

    /// How much is written before it is handed to the disk.
    static constexpr std::size_t write_back_step = std::size_t{8} << 20;

    std::filesystem::path target_;
    int fd_ = -1;
    std::string buffer_;
    std::size_t written_ = 0, handed_to_disk_ = 0; ///< bytes written to the file, and handed to the disk
};

} // namespace detail

namespace {

using detail::FileSink;

std::filesystem::path directory_of(const std::filesystem::path& file) {
    return file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
}

/// Removes what killed runs left of `target`: "NAME.tmp-PID" files beside it whose process no
/// longer exists. (A live process keeps its file, even one of another command.)
void remove_stale_temporaries(const std::filesystem::path& target) {
    const std::string prefix = target.filename().string() + ".tmp-";
    std::error_code ec;
    for (std::filesystem::directory_iterator it(directory_of(target), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string digits = name.substr(prefix.size());
        if (digits.size() > 9 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        const auto pid = static_cast<pid_t>(std::stol(digits));
        if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
        std::error_code ignored;
        std::filesystem::remove(it->path(), ignored);
    }
}

/// fsync of a file or directory by its name. A directory that cannot be synced is left as it is:
/// some file systems cannot sync one, and the files are whole either way.
void sync(const std::filesystem::path& path, const std::filesystem::path& target, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        if (directory) return;
        fail_errno(target, errno);
    }
    const bool synced = ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!synced && !directory) fail_errno(target, saved);
}

} // namespace

void make_output_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
        throw OutputError(both(Msg::err_out_not_a_directory, arg("dir", dir.string())));
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw OutputError(both(Msg::err_out_cannot_create_output_directory, arg("dir", dir.string()),
                               arg("reason", system_reason(ec, Access::write))));
}

struct OutputBatch::File {
    std::filesystem::path target, temporary;
    std::optional<FileSink> sink;
};

OutputBatch::OutputBatch() = default;

OutputBatch::~OutputBatch() {
    if (committed_) return;
    std::error_code ignored;
    for (const auto& file : files_) {
        file->sink.reset();
        std::filesystem::remove(file->temporary, ignored);
    }
    // remove() takes a directory only when it is empty: one that something else wrote into stays.
    for (const std::filesystem::path& dir : created_)
        std::filesystem::remove(dir, ignored);
}

void OutputBatch::make_directory(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> missing;
    std::error_code ec;
    for (std::filesystem::path at = dir.lexically_normal(); !at.empty() && !std::filesystem::exists(at, ec);) {
        if (!at.filename().empty()) missing.push_back(at); // "out/" is the directory "out", next
        std::filesystem::path parent = at.parent_path();
        if (parent == at) break;
        at = std::move(parent);
    }
    make_output_directory(dir);
    created_.insert(created_.end(), missing.begin(), missing.end());
}

std::filesystem::path OutputBatch::add(const std::filesystem::path& target) {
    for (const auto& file : files_)
        if (file->target == target)
            throw std::logic_error(fmt::format("{}: written twice in one batch", target.string()));
    remove_stale_temporaries(target);
    auto file = std::make_unique<File>();
    file->target = target;
    file->temporary = target;
    file->temporary += fmt::format(".tmp-{}", ::getpid());
    files_.push_back(std::move(file));
    return files_.back()->temporary;
}

OutputSink& OutputBatch::open(const std::filesystem::path& target) {
    const std::filesystem::path temporary = add(target);
    return files_.back()->sink.emplace(temporary, target);
}

std::filesystem::path OutputBatch::path_for(const std::filesystem::path& target) {
    const std::filesystem::path temporary = add(target);
    // Created here so that a missing directory or a permission problem is reported with its real
    // reason (libxlsxwriter only says "usually a permissions error").
    FileSink(temporary, target).finish();
    return temporary;
}

void OutputBatch::commit() {
    // Every file written whole before the first is synced: the file system's first commit then takes
    // them all, and the other syncs find little left to do. Synced as each was finished, a 3,200-unit
    // score run's result.json (finished after ranking.csv was synced) waited for a commit of its own.
    for (const auto& file : files_) {
        if (file->sink) {
            file->sink->finish();
            file->sink.reset();
        }
    }
    for (const auto& file : files_)
        sync(file->temporary, file->target, false);
    for (const auto& file : files_) {
        std::error_code ec;
        std::filesystem::rename(file->temporary, file->target, ec);
        if (ec) fail(file->target, system_reason(ec, Access::write));
    }
    committed_ = true;
    // The renames themselves reach the disk with their directories: after a power cut the directory
    // then names the new files, not the old ones or none.
    std::vector<std::filesystem::path> directories;
    for (const auto& file : files_) {
        const std::filesystem::path directory = directory_of(file->target);
        if (std::find(directories.begin(), directories.end(), directory) == directories.end())
            directories.push_back(directory);
    }
    for (const auto& directory : directories)
        sync(directory, directory, true);
}

void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
    OutputBatch batch;
    for (const auto& [path, content] : files)
        batch.open(path).write(content);
    batch.commit();
}

void write_files_atomically(const std::vector<OutputFile>& files) {
    OutputBatch batch;
    for (const OutputFile& file : files)
        file.write(batch.open(file.path));
    batch.commit();
}

} // namespace shifan

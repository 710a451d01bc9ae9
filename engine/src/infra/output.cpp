#include "shifan/infra/output.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

namespace shifan {
namespace {

/// Writes pieces to a file descriptor through a buffer; messages name the target, since the
/// temporary name means nothing to the user.
class FileSink : public OutputSink {
public:
    FileSink(const std::filesystem::path& path, const std::filesystem::path& target) : target_(target) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0) fail(errno);
        buffer_.reserve(capacity);
    }
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;
    ~FileSink() override {
        if (fd_ >= 0) ::close(fd_);
    }

    void write(std::string_view text) override {
        if (buffer_.size() + text.size() > capacity) {
            drain();
            if (text.size() >= capacity) return put(text);
        }
        buffer_.append(text);
    }

    /// Writes what is buffered, syncs and closes.
    void finish() {
        drain();
        const int fd = std::exchange(fd_, -1);
        if (::fsync(fd) != 0) {
            const int saved = errno;
            ::close(fd);
            fail(saved);
        }
        if (::close(fd) != 0) fail(errno);
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
                fail(errno);
            }
            done += static_cast<std::size_t>(n);
        }
    }

    [[noreturn]] void fail(int error) const {
        throw std::runtime_error(fmt::format("{}: cannot write: {}", target_.string(), std::strerror(error)));
    }

    std::filesystem::path target_;
    int fd_ = -1;
    std::string buffer_;
};

} // namespace

void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
    std::vector<OutputFile> outputs;
    outputs.reserve(files.size());
    for (const auto& [path, content] : files)
        outputs.push_back({path, [&content = content](OutputSink& sink) { sink.write(content); }});
    write_files_atomically(outputs);
}

/// Removes what killed runs left of the files about to be written: "NAME.tmp-PID" files beside
/// them whose process no longer exists. (A live process keeps its file, even one of another
/// command.) Each directory is read once.
void remove_stale_temporaries(const std::vector<OutputFile>& files) {
    std::vector<std::pair<std::filesystem::path, std::vector<std::string>>> prefixes; // directory → "NAME.tmp-"
    for (const OutputFile& file : files) {
        const std::filesystem::path directory = file.path.parent_path().empty() ? "." : file.path.parent_path();
        auto it = std::find_if(prefixes.begin(), prefixes.end(), [&](const auto& p) { return p.first == directory; });
        if (it == prefixes.end()) it = prefixes.insert(prefixes.end(), {directory, {}});
        it->second.push_back(file.path.filename().string() + ".tmp-");
    }
    for (const auto& [directory, names] : prefixes) {
        std::error_code ec;
        for (std::filesystem::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            for (const std::string& prefix : names) {
                if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
                const std::string digits = name.substr(prefix.size());
                if (digits.size() > 9 ||
                    !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                    continue;
                const auto pid = static_cast<pid_t>(std::stol(digits));
                if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
                std::error_code ignored;
                std::filesystem::remove(it->path(), ignored);
                break;
            }
        }
    }
}

void write_files_atomically(const std::vector<OutputFile>& files) {
    remove_stale_temporaries(files);
    std::vector<std::filesystem::path> temporaries;
    try {
        for (const OutputFile& file : files) {
            std::filesystem::path temporary = file.path;
            temporary += fmt::format(".tmp-{}", ::getpid());
            temporaries.push_back(temporary);
            FileSink sink(temporary, file.path);
            file.write(sink);
            sink.finish();
        }
        for (std::size_t i = 0; i < files.size(); ++i) {
            std::error_code ec;
            std::filesystem::rename(temporaries[i], files[i].path, ec);
            if (ec) throw std::runtime_error(fmt::format("{}: cannot write: {}", files[i].path.string(), ec.message()));
        }
        // The renames themselves reach the disk with their directories: after a power cut the
        // directory then names the new files, not the old ones or none. (Some file systems cannot
        // sync a directory; the files are whole either way.)
        std::vector<std::filesystem::path> directories;
        for (const OutputFile& file : files) {
            std::filesystem::path directory = file.path.parent_path();
            if (directory.empty()) directory = ".";
            if (std::find(directories.begin(), directories.end(), directory) == directories.end())
                directories.push_back(directory);
        }
        for (const auto& directory : directories) {
            const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) continue;
            ::fsync(fd);
            ::close(fd);
        }
    } catch (...) {
        for (const auto& temporary : temporaries) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
        }
        throw;
    }
}

} // namespace shifan

#include "shifan/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace shifan {
namespace {

void write_whole(const std::filesystem::path& path, const std::filesystem::path& target, const std::string& content) {
    // Messages name the target: the temporary name means nothing to the user.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot write: {}", target.string(), std::strerror(errno)));
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            ::close(fd);
            throw std::runtime_error(fmt::format("{}: cannot write: {}", target.string(), std::strerror(saved)));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        throw std::runtime_error(fmt::format("{}: cannot write: {}", target.string(), std::strerror(errno)));
}

} // namespace

void write_files_atomically(const std::vector<std::pair<std::filesystem::path, std::string>>& files) {
    std::vector<std::filesystem::path> temporaries;
    try {
        for (const auto& [path, content] : files) {
            std::filesystem::path temporary = path;
            temporary += fmt::format(".tmp-{}", ::getpid());
            temporaries.push_back(temporary);
            write_whole(temporary, path, content);
        }
        for (std::size_t i = 0; i < files.size(); ++i) {
            std::error_code ec;
            std::filesystem::rename(temporaries[i], files[i].first, ec);
            if (ec)
                throw std::runtime_error(fmt::format("{}: cannot write: {}", files[i].first.string(), ec.message()));
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

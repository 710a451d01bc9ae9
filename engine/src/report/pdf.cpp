// An HTML page printed to PDF by headless Chromium (declared in pdf.hpp).
#include "shifan/report/pdf.hpp"

#include "shifan/infra/output.hpp"

#include "infra/language/say.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace shifan {
namespace {

namespace fs = std::filesystem;

/// Names tried on PATH, in order: Debian's package, then other distributions' and Google's builds.
constexpr const char* browser_names[] = {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"};

/// How long the browser may take before it is stopped: a page of a national round prints in seconds.
constexpr std::chrono::seconds time_limit{120};

bool executable(const fs::path& file) { return ::access(file.c_str(), X_OK) == 0 && !fs::is_directory(file); }

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A directory of its own under the system's temporary directory, removed when done.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (fs::temp_directory_path() / "shifan-pdf-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw OutputError(both(Msg::err_out_chromium_failed, arg("problem", "mkdtemp"),
                                   arg("output", fs::temp_directory_path().string())));
        path_ = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

/// The last lines of what the browser printed, for an error message.
std::string tail_of(const std::string& text) {
    constexpr std::size_t keep = 600;
    return text.size() <= keep ? text : "…" + text.substr(text.size() - keep);
}

/// Runs the browser with `arguments`, its output into `log`; the exit status, or nothing when it
/// had to be stopped.
std::optional<int> run(const fs::path& browser, const std::vector<std::string>& arguments, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // A process group of its own, so that stopping it stops the renderer processes it started.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::vector<std::string> argv_text{browser.string()};
    argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& argument : argv_text)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, browser.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0)
        throw OutputError(both(Msg::err_out_chromium_failed, arg("problem", browser.string()),
                               arg("output", std::string(std::strerror(spawned)))));
    const auto deadline = std::chrono::steady_clock::now() + time_limit;
    int status = 0;
    while (true) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) return std::nullopt;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // The browser leaves helper processes behind in its group now and then: none outlives the print.
    ::kill(-pid, SIGKILL);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Replaces the text of a PDF string after `key` ("/CreationDate (D:20261202160947+00'00')") by a
/// fixed date of the same length.
void fix_date(std::string& pdf, std::string_view key) {
    constexpr std::string_view fixed = "20000101000000";
    for (std::size_t at = pdf.find(key); at != std::string::npos; at = pdf.find(key, at + key.size())) {
        std::size_t p = at + key.size();
        while (p < pdf.size() && pdf[p] == ' ')
            ++p;
        if (pdf.compare(p, 3, "(D:") != 0) continue;
        p += 3;
        for (std::size_t i = 0; i < fixed.size() && p + i < pdf.size() && pdf[p + i] >= '0' && pdf[p + i] <= '9'; ++i)
            pdf[p + i] = fixed[i];
    }
}

} // namespace

std::optional<fs::path> find_chromium() {
    if (const char* named = std::getenv("SHIFAN_CHROMIUM"); named && *named) {
        const fs::path file(named);
        if (executable(file)) return file;
        return std::nullopt;
    }
    const char* path = std::getenv("PATH");
    const std::string_view directories = path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (const char* name : browser_names) {
        std::size_t start = 0;
        while (start <= directories.size()) {
            const std::size_t end = std::min(directories.find(':', start), directories.size());
            const std::string_view directory = directories.substr(start, end - start);
            if (!directory.empty() && executable(fs::path(directory) / name)) return fs::path(directory) / name;
            start = end + 1;
        }
    }
    return std::nullopt;
}

std::string pdf_without_timestamps(std::string pdf) {
    fix_date(pdf, "/CreationDate");
    fix_date(pdf, "/ModDate");
    return pdf;
}

std::string html_to_pdf(std::string_view html) {
    const std::optional<fs::path> browser = find_chromium();
    if (!browser) {
        const char* named = std::getenv("SHIFAN_CHROMIUM");
        const std::string searched = named && *named ? std::string("SHIFAN_CHROMIUM=") + named
                                                     : "chromium, chromium-browser, google-chrome (PATH)";
        throw OutputError(both(Msg::err_out_no_chromium, arg("searched", searched)));
    }
    const TemporaryDirectory work;
    const fs::path page = work.path() / "report.html", pdf = work.path() / "report.pdf",
                   log = work.path() / "chromium.log";
    {
        std::ofstream out(page, std::ios::binary);
        out.write(html.data(), static_cast<std::streamsize>(html.size()));
        if (!out)
            throw OutputError(both(Msg::err_out_chromium_failed, arg("problem", page.string()), arg("output", "")));
    }
    const std::vector<std::string> arguments{
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--disable-component-update",
        // Nothing leaves the machine even if a page asked for it (the report's never does).
        "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + (work.path() / "profile").string(),
        "--no-pdf-header-footer", "--print-to-pdf=" + pdf.string(), "file://" + page.string()};
    const std::optional<int> status = run(*browser, arguments, log);
    std::string bytes = read_file(pdf);
    if (!status || *status != 0 || bytes.compare(0, 5, "%PDF-") != 0) {
        const std::string problem =
            !status ? "timeout " + std::to_string(time_limit.count()) + " s" : "exit " + std::to_string(*status);
        throw OutputError(
            both(Msg::err_out_chromium_failed, arg("problem", problem), arg("output", tail_of(read_file(log)))));
    }
    return pdf_without_timestamps(std::move(bytes));
}

} // namespace shifan

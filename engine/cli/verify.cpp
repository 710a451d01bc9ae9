// shifan verify: check outputs written with --out against their audit: the inputs still have the
// recorded SHA-256, and the recorded command run again gives the same bytes.
#include "command.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

namespace shifan::cli {
namespace {

/// Discards what is written to standard output while it lives (the re-run of `verify`).
class QuietStdout {
public:
    QuietStdout() : saved_(std::cout.rdbuf(&discard_)) {}
    ~QuietStdout() {
        std::cout.rdbuf(saved_);
        std::cout.clear();
    }
    QuietStdout(const QuietStdout&) = delete;
    QuietStdout& operator=(const QuietStdout&) = delete;

private:
    struct Discard : std::streambuf {
        int overflow(int c) override { return traits_type::not_eof(c); }
        std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
    };
    Discard discard_;
    std::streambuf* saved_;
};

/// A directory of its own under the system's temporary directory, removed with everything in it.
class ScratchDirectory {
public:
    ScratchDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "shifan-verify-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error(fmt::format("cannot create a temporary directory: {}", std::strerror(errno)));
        path_ = pattern;
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// A verification failure: printed as one line, with its own exit code.
struct VerifyFailure {
    int code;
    Bilingual message;
};

} // namespace

int run_verify(const Args& args) {
    const Language language = help_language(args);
    namespace fs = std::filesystem;
    std::string out;
    po::options_description options(say(language, Msg::help_cmd_caption_options));
    options.add_options()("out,o", po::value(&out)->required()->value_name("PATH"),
                          say(language, Msg::help_cmd_verify_out).c_str());
    if (!parse("verify", "--out PATH", options, args)) return exit_ok;
    // Verify's own language, taken now: the re-run below chooses the language of the output it re-makes.
    const Language verify_language = command_language();
    std::error_code ec;
    if (!fs::exists(out, ec)) throw UsageError(both(Msg::err_cli_verify_no_path, arg("path", out)));
    const bool directory = fs::is_directory(out, ec);
    const Audit audit = read_output_audit(out);
    if (audit.command != "score" && audit.command != "rank" && audit.command != "report" &&
        audit.command != "explain" && audit.command != "composite" && audit.command != "whatif" &&
        audit.command != "uncertainty" && audit.command != "compare")
        throw UsageError(both(Msg::err_cli_verify_command, arg("path", out), arg("command", audit.command)));
    if (audit.command == "score" && !directory)
        throw UsageError(both(Msg::err_cli_verify_score_file, arg("path", out)));
    if (audit.shifan_version != version)
        std::cerr << say(verify_language, Msg::err_cli_verify_version_note, arg("path", out),
                         arg("written", audit.shifan_version), arg("version", version))
                  << "\n";
    try {
        if (const auto changed = changed_input_text(audit)) throw VerifyFailure{exit_input_changed, *changed};

        // The recorded command again, into a scratch directory, its printing discarded.
        const ScratchDirectory scratch;
        const fs::path rerun = directory ? scratch.path() / "out" : scratch.path() / fs::path(out).filename();
        std::vector<std::string> rerun_args;
        for (const auto& [name, value] : audit.options) {
            if (!value) {
                rerun_args.push_back("--" + name);
                continue;
            }
            // An option given several times was recorded with its values one per line.
            std::istringstream values(*value);
            for (std::string one; std::getline(values, one);)
                rerun_args.insert(rerun_args.end(), {"--" + name, one});
        }
        // The language the output was written in (audits from before the choice: English).
        rerun_args.insert(rerun_args.end(), {"--lang", audit.language.empty() ? "en" : audit.language});
        rerun_args.insert(rerun_args.end(), {"--out", rerun.string()});
        {
            const QuietStdout quiet;
            const KeptLanguage kept; // an error of the re-run is told in verify's language
            run_command(audit.command, rerun_args);
        }

        // What the re-run wrote, file by file, against what is there.
        std::vector<std::pair<fs::path, fs::path>> pairs; // (re-run, checked)
        if (directory) {
            std::vector<std::string> names;
            for (const fs::directory_entry& entry : fs::directory_iterator(rerun))
                names.push_back(entry.path().filename().string());
            std::sort(names.begin(), names.end());
            for (const std::string& name : names)
                pairs.emplace_back(rerun / name, fs::path(out) / name);
            for (const fs::directory_entry& entry : fs::directory_iterator(out))
                if (!fs::exists(rerun / entry.path().filename()))
                    std::cerr << say(verify_language, Msg::err_cli_verify_unchecked_note,
                                     arg("path", entry.path().string()))
                              << "\n";
        } else {
            pairs.emplace_back(rerun, fs::path(out));
            if (fs::exists(audit_side_file(rerun))) pairs.emplace_back(audit_side_file(rerun), audit_side_file(out));
        }
        for (const auto& [expected, checked] : pairs) {
            if (!fs::exists(checked, ec))
                throw VerifyFailure{exit_output_differs,
                                    both(Msg::err_cli_verify_missing, arg("path", checked.string()))};
            const auto difference = checked.extension() == ".xlsx" ? workbook_difference_text(expected, checked)
                                                                   : file_difference_text(expected, checked);
            if (difference)
                throw VerifyFailure{
                    exit_output_differs,
                    both(Msg::err_cli_verify_differs, arg("path", checked.string()), arg("place", *difference))};
        }
        std::cout << say(verify_language, Msg::cli_verified, arg("out", out), arg("files", pairs.size()),
                         arg("en_files_s", en_plural_s(pairs.size())), arg("en_es", pairs.size() == 1 ? "es" : ""),
                         arg("inputs", audit.inputs.size()), arg("en_inputs_s", en_plural_s(audit.inputs.size())))
                  << "\n";
        return exit_ok;
    } catch (const VerifyFailure& failure) {
        std::cerr << say(verify_language, Msg::error_line, arg("message", failure.message.in(verify_language))) << "\n";
        return failure.code;
    }
}

} // namespace shifan::cli

#include "load/round_directory.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "load/workbook.hpp"

#include <algorithm>
#include <array>

namespace shifan::detail {

bool table_extension(std::string ext) {
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

namespace {

/// The table a file name belongs to (`fields.csv`, `fields-X01.csv`), or -1.
int table_of(const std::filesystem::path& name) {
    if (!table_extension(name.extension().string())) return -1;
    const std::string stem = name.stem().string();
    for (std::size_t t = 0; t < round_table_names.size(); ++t) {
        const std::string_view table = round_table_names[t];
        if (stem == table) return static_cast<int>(t);
        if (stem.size() > table.size() + 1 && stem.starts_with(table) && stem[table.size()] == '-')
            return static_cast<int>(t);
    }
    return -1;
}

/// The table file a name is a copy of, as downloads and file managers name copies (`fields (1).csv`,
/// `fields（2）.csv`, `fields - 副本.csv`, `fields - Copy.csv`), or "".
std::string copied_table(const std::filesystem::path& name) {
    const std::string extension = name.extension().string();
    if (!table_extension(extension)) return {};
    std::string stem = name.stem().string();
    const auto strip_spaces = [&] {
        while (!stem.empty() && stem.back() == ' ')
            stem.pop_back();
    };
    const auto strip_number = [&](std::string_view open, std::string_view close) {
        if (!stem.ends_with(close)) return false;
        const std::size_t at = stem.rfind(open);
        if (at == std::string::npos) return false;
        const std::string_view digits =
            std::string_view(stem).substr(at + open.size(), stem.size() - close.size() - at - open.size());
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        stem.resize(at);
        return true;
    };
    bool copy = strip_number("(", ")") || strip_number("（", "）");
    for (std::string_view suffix : {" - 副本", "- 副本", "副本", " - Copy", " - copy", " Copy", " copy"})
        if (!copy && stem.ends_with(suffix)) {
            stem.resize(stem.size() - suffix.size());
            copy = true;
        }
    strip_spaces();
    if (!copy || stem.empty()) return {};
    const std::string original = stem + extension;
    return table_of(original) >= 0 ? original : std::string();
}

} // namespace

namespace {

/// The names of each table's sheets: the English name, then the Chinese ones (the first is the
/// collection template's).
constexpr std::array<std::array<std::string_view, 4>, 6> sheet_name_lists = {{
    {"units", "单位", "单位名单", "参评单位"},
    {"entries", "评估记录", "佐证记录", ""},
    {"fields", "指标数据", "填报数据", ""},
    {"findings", "问题清单", "问题", ""},
    {"ratings", "专家评分", "评分", ""},
    {"events", "加分与否决", "加分否决", "加减分与否决"},
}};
constexpr std::array<std::string_view, 4> sheets_not_read = {"填表说明", "选项", "instructions", "lists"};

std::string sheet_key(std::string_view name) {
    const auto begin = name.find_first_not_of(' ');
    if (begin == std::string_view::npos) return {};
    name = name.substr(begin, name.find_last_not_of(' ') - begin + 1);
    std::string key(name);
    for (char& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
}

} // namespace

int sheet_table(std::string_view sheet) {
    const std::string key = sheet_key(sheet);
    for (std::string_view name : sheets_not_read)
        if (key == name) return sheet_not_read;
    for (std::size_t t = 0; t < sheet_name_lists.size(); ++t)
        for (std::string_view name : sheet_name_lists[t])
            if (!name.empty() &&
                (key == name || (key.starts_with(name) && key.size() > name.size() + 1 && key[name.size()] == '-')))
                return static_cast<int>(t);
    return -1;
}

Bilingual sheet_names() {
    return in_both([](Language language) {
        std::vector<std::string> names;
        for (const auto& list : sheet_name_lists)
            names.push_back(say(language, Msg::wb_sheet_name, arg("name", list[1]), arg("key", list[0])));
        return joined(language, Msg::id_separator, names);
    });
}

RoundDirectory list_round_directory(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    RoundDirectory out;
    std::vector<fs::path> entries;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        entries.push_back(it->path());
    if (ec)
        throw InputError(dir.string(), {},
                         both(Msg::err_read_cannot_read_directory, arg("reason", system_reason(ec, Access::read))));
    std::sort(entries.begin(), entries.end());
    for (const fs::path& path : entries) {
        const fs::path name = path.filename();
        if (name.string().starts_with('.')) continue; // hidden: .DS_Store, .git …
        std::error_code kind;
        const bool directory = fs::is_directory(path, kind);
        const int table = directory ? -1 : table_of(name);
        if (table >= 0) {
            auto& files = out.tables[static_cast<std::size_t>(table)];
            // The file named exactly after its table is read first.
            if (name.stem() == round_table_names[static_cast<std::size_t>(table)])
                files.insert(files.begin(), path);
            else
                files.push_back(path);
            continue;
        }
        const std::string file = name.string();
        if (!directory && file.starts_with("~$") && file.size() > 2) {
            // Excel and WPS keep `~$清河县.xlsx` beside a file while it is open.
            out.problems.emplace_back(path.string(), Bilingual{},
                                      both(Msg::err_dir_lock_file, arg("name", file), arg("original", file.substr(2))));
            continue;
        }
        if (const std::string original = directory ? std::string() : copied_table(name); !original.empty()) {
            const std::string_view table = round_table_names[static_cast<std::size_t>(table_of(original))];
            out.problems.emplace_back(path.string(), Bilingual{},
                                      both(Msg::err_dir_copy_file, arg("name", file), arg("original", original),
                                           arg("table", table), arg("extension", name.extension().string())));
            continue;
        }
        if (!directory && workbook_extension(name.extension().string())) {
            try {
                check_workbook_kind(name.extension().string(), path.string());
                out.workbooks.push_back(path);
            } catch (InputError& e) {
                out.problems.push_back(std::move(e));
            }
            continue;
        }
        const Msg problem = directory ? Msg::err_dir_subdirectory : Msg::err_dir_unknown_file;
        out.problems.emplace_back(path.string(), Bilingual{}, both(problem, arg("name", name.string())));
    }
    return out;
}

} // namespace shifan::detail
